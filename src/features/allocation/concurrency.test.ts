/**
 * Two people acting on one preference window at the same moment. On PostgreSQL (BREADTH_TEST_BACKEND=postgres) the
 * two transactions really overlap; the embedded database runs them one after the other, so there these tests only
 * check that a second action is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import type { Principal, Role } from '../../platform/auth/roles.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { RuleError } from '../../platform/errors.ts';
import { loadRoles } from '../people/index.ts';
import { postAssignments } from '../placements/schema.ts';
import { addLearner, addOrganisation, addPost, addYear } from './test-support.ts';
import { userNames } from './repository.ts';
import * as service from './service.ts';
import * as arrangements from './arrangement-service.ts';
import * as preferences from './preferences-service.ts';
import * as runs from './runs-service.ts';
import * as swaps from './swaps-service.ts';
import type { ServiceContext } from './service.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const DAY = 86_400_000;

let t: TestApp;
let east = '';
let year = '';
let trust = '';
let admin: ServiceContext;
let otherAdmin: ServiceContext;
let windows = 0;

async function contextFor(userId: string, now = NOW): Promise<ServiceContext> {
  const roles = await loadRoles(t.db, userId);
  const principal: Principal = { userId, email: '', displayName: 'Test', roles, totpEnabled: true };
  return { db: t.db, principal, actor: { userId, label: 'Test' }, now, mailer: t.app.mailer, publicUrl: 'http://x' };
}

async function emailsOf(userIds: readonly string[]): Promise<string[]> {
  return [...(await userNames(t.db, userIds)).values()].map((user) => user.email);
}

async function manager(role: Role): Promise<ServiceContext> {
  return contextFor((await createUser(t.db, { role, regionId: east })).id);
}

/** A window of three posts and three learners who have each ranked them, opened but not yet closed. */
async function openWindow(): Promise<{ windowId: string; name: string; learners: string[]; posts: string[] }> {
  windows += 1;
  const name = `Concurrency window ${String(windows)}`;
  const posts = [];
  for (const n of [1, 2, 3]) posts.push(await addPost(t, year, east, `CON-${String(windows)}-${String(n)}`, trust));
  const learners = [];
  for (let n = 0; n < 3; n++) learners.push((await addLearner(t, 'east-of-england', 'F2')).id);
  const window = await service.createWindow(admin, {
    yearId: year,
    name,
    postIds: posts,
    learnerIds: learners,
    deadline: new Date(NOW.getTime() + 7 * DAY),
    mechanism: 'serial-dictatorship',
    seed: 42,
  });
  return { windowId: window.id, name, learners, posts };
}

/** The window opened, ranked by everyone, closed and run: ready to publish. */
async function runWindow() {
  const made = await openWindow();
  await service.openWindow(admin, made.windowId);
  for (const learner of made.learners)
    await preferences.saveRanking(await contextFor(learner), made.windowId, made.posts, true);
  await service.closeWindow(admin, made.windowId);
  const run = await runs.runAllocation(admin, made.windowId, 7);
  return { ...made, runId: run.id };
}

/** Runs both at once; what each ended with, a value or the error it threw. */
async function together<T>(first: () => Promise<T>, second: () => Promise<T>): Promise<(T | Error)[]> {
  return Promise.all([first(), second()].map((p) => p.catch((error: unknown) => error as Error)));
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  year = await addYear(t, east, 'F2 2026/27');
  trust = await addOrganisation(t, east, 'Concurrent Hospitals NHS Trust');
  admin = await manager('programme_admin');
  otherAdmin = await manager('programme_director');
});
afterAll(async () => t.close());

describe('one window, two people at once', () => {
  it('publishes a run once: one set of placements and one email per learner', async () => {
    const { windowId, runId, learners, name } = await runWindow();
    const outcomes = await together(
      () => runs.publishRun(admin, windowId, runId),
      () => runs.publishRun(otherAdmin, windowId, runId),
    );
    expect(outcomes.filter((outcome) => outcome instanceof Error)).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome instanceof Error)).toBeInstanceOf(RuleError);

    const placed = await t.db.select().from(postAssignments).where(inArray(postAssignments.learnerUserId, learners));
    expect(placed).toHaveLength(learners.length);
    const emails = await emailsOf(learners);
    const mails = await t.db
      .select({ to: outbox.toAddress })
      .from(outbox)
      .where(and(eq(outbox.subject, `Your allocation for ${name}`), inArray(outbox.toAddress, emails)));
    expect(mails.map((mail) => mail.to).sort()).toEqual([...emails].sort());
    const published = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, windowId), like(auditEvents.summary, 'Published the allocation%')));
    expect(published).toHaveLength(1);
  });

  it('opens a window once: one invitation to rank per learner', async () => {
    const { windowId, learners, name } = await openWindow();
    const outcomes = await together(
      () => service.openWindow(admin, windowId),
      () => service.openWindow(otherAdmin, windowId),
    );
    expect(outcomes.filter((outcome) => outcome instanceof Error)).toHaveLength(1);
    const emails = await emailsOf(learners);
    const mails = await t.db
      .select({ to: outbox.toAddress })
      .from(outbox)
      .where(and(like(outbox.subject, `Rank the posts for ${name} by %`), inArray(outbox.toAddress, emails)));
    expect(mails).toHaveLength(learners.length);
  });

  it('records two swaps with the same learner one after the other, leaving one learner in each post', async () => {
    const { windowId, runId, learners } = await runWindow();
    await runs.publishRun(admin, windowId, runId);
    const [a = '', b = '', c = ''] = learners;
    await together(
      () => swaps.recordSwap(admin, windowId, { firstLearnerId: a, secondLearnerId: b, reason: 'Caring' }),
      () => swaps.recordSwap(otherAdmin, windowId, { firstLearnerId: a, secondLearnerId: c, reason: 'Health' }),
    );
    const placed = await t.db.select().from(postAssignments).where(inArray(postAssignments.learnerUserId, learners));
    expect(placed).toHaveLength(3);
    expect(new Set(placed.map((row) => row.postId)).size).toBe(3);
  });

  it('does not pre-allocate two learners to a one-place post', async () => {
    const { windowId, learners, posts } = await openWindow();
    const [a = '', b = ''] = learners;
    const [post = ''] = posts;
    await together(
      () => arrangements.preallocate(admin, windowId, { learnerId: a, postId: post, reason: 'Caring' }),
      () => arrangements.preallocate(otherAdmin, windowId, { learnerId: b, postId: post, reason: 'Health' }),
    );
    const view = await arrangements.getArrangements(admin, windowId);
    expect(view.learners.filter((learner) => learner.preallocatedPostId === post)).toHaveLength(1);
  });
});
