import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Principal } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { organisations } from '../organisations/schema.ts';
import { loadRoles } from '../people/index.ts';
import { learnerProfiles, roleAssignments } from '../people/schema.ts';
import { placements, postAssignments, posts, programmeYears } from '../placements/schema.ts';
import { visibleLearner, visibleLearners } from './policy.ts';
import { type Context as ServiceContext } from '../../platform/context.ts';

/** Every rule here is about dates: the clock is fixed, in the middle of a programme year. */
const NOW = new Date('2026-06-15T11:00:00Z');

let t: TestApp;
let east = '';
let london = '';
let trust = '';
let year = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  trust = newId();
  year = newId();
  await t.db.insert(organisations).values({
    id: trust,
    regionId: east,
    name: 'Supervision Test Hospitals NHS Trust',
    kind: 'acute_trust',
    isNhs: true,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await t.db.insert(programmeYears).values({
    id: year,
    regionId: east,
    name: 'F2 2025/26',
    startsOn: '2025-08-06',
    endsOn: '2026-08-04',
    createdAt: NOW,
    updatedAt: NOW,
  });
});
afterAll(async () => t.close());

async function learnerIn(regionId: string): Promise<string> {
  const learner = await createUser(t.db, { role: 'learner', regionId, displayName: `Learner ${newId().slice(-6)}` });
  await t.db.insert(learnerProfiles).values({
    userId: learner.id,
    regionId,
    stage: 'F2',
    programme: 'Generalism F2',
    createdAt: NOW,
    updatedAt: NOW,
  });
  return learner.id;
}

/** A learner in a post with one placement, supervised by a new clinical supervisor of the East. */
async function placed(startsOn: string, endsOn: string): Promise<{ learnerId: string; supervisorId: string }> {
  const learnerId = await learnerIn(east);
  const supervisor = await createUser(t.db, { role: 'clinical_supervisor', regionId: east });
  const postId = newId();
  await t.db.insert(posts).values({
    id: postId,
    programmeYearId: year,
    regionId: east,
    code: `SUP-${postId.slice(-8)}`,
    title: 'Generalism F2',
    leadEmployerId: trust,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await t.db.insert(placements).values({
    id: newId(),
    postId,
    organisationId: trust,
    setting: 'acute_hospital',
    specialty: 'Acute medicine',
    startsOn,
    endsOn,
    sessionsPerWeek: 8,
    clinicalSupervisorUserId: supervisor.id,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await t.db
    .insert(postAssignments)
    .values({ id: newId(), postId, learnerUserId: learnerId, assignedAt: NOW, source: 'manual' });
  return { learnerId, supervisorId: supervisor.id };
}

async function contextFor(userId: string): Promise<ServiceContext> {
  const [user] = await t.db.select().from(users).where(eq(users.id, userId));
  if (user === undefined) throw new Error('No such user');
  const principal: Principal = {
    userId,
    email: user.email,
    displayName: user.displayName,
    roles: await loadRoles(t.db, userId),
    totpEnabled: false,
  };
  return {
    db: t.db,
    principal,
    actor: { userId, label: user.displayName },
    now: NOW,
    mailer: t.app.mailer,
    publicUrl: 'http://localhost',
  };
}

async function sees(supervisorId: string, learnerId: string): Promise<boolean> {
  const ctx = await contextFor(supervisorId);
  const listed = (await visibleLearners(ctx.db, ctx.principal, ctx.now)).some((learner) => learner.id === learnerId);
  try {
    await visibleLearner(ctx, learnerId);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    expect(listed).toBe(false);
    return false;
  }
  expect(listed).toBe(true);
  return true;
}

describe('a clinical supervisor sees the learners of their placements', () => {
  it('while the placement runs', async () => {
    const { learnerId, supervisorId } = await placed('2026-02-01', '2026-08-04');
    expect(await sees(supervisorId, learnerId)).toBe(true);
  });

  it('for three months after it ends, and not after', async () => {
    const recent = await placed('2025-08-06', '2026-04-15'); // ended two months ago
    expect(await sees(recent.supervisorId, recent.learnerId)).toBe(true);
    const old = await placed('2025-08-06', '2026-02-15'); // ended four months ago
    expect(await sees(old.supervisorId, old.learnerId)).toBe(false);
  });

  it('not before the placement starts', async () => {
    const { learnerId, supervisorId } = await placed('2026-08-05', '2027-02-01');
    expect(await sees(supervisorId, learnerId)).toBe(false);
  });

  it('only while they still hold a supervisor role in the learner’s region', async () => {
    const { learnerId, supervisorId } = await placed('2026-02-01', '2026-08-04');
    // They also supervise in London, so they are still a clinical supervisor somewhere.
    await t.db
      .insert(roleAssignments)
      .values({ id: newId(), userId: supervisorId, role: 'clinical_supervisor', regionId: london, createdAt: NOW });
    expect(await sees(supervisorId, learnerId)).toBe(true);
    await t.db
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.userId, supervisorId), eq(roleAssignments.regionId, east)));
    expect(await sees(supervisorId, learnerId)).toBe(false);
  });

  it('only while their account is active', async () => {
    const { learnerId, supervisorId } = await placed('2026-02-01', '2026-08-04');
    await t.db.update(users).set({ status: 'disabled' }).where(eq(users.id, supervisorId));
    expect(await sees(supervisorId, learnerId)).toBe(false);
  });

  it('through the pages: a placement that ended long ago is "not found"', async () => {
    const old = await placed('2019-08-07', '2020-08-04');
    const agent = await new Agent(t.app).signInAs(old.supervisorId);
    expect((await agent.get(`/learners/${old.learnerId}/progress`)).statusCode).toBe(404);
    expect((await agent.get(`/learners/${old.learnerId}/reviews`)).statusCode).toBe(404);
    // A placement that spans any date these tests will run on.
    const current = await placed('2020-08-05', '2099-08-04');
    const currentAgent = await new Agent(t.app).signInAs(current.supervisorId);
    expect((await currentAgent.get(`/learners/${current.learnerId}/progress`)).statusCode).toBe(200);
  });
});
