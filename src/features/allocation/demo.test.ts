import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { users } from '../../platform/auth/schema.ts';
import { seedIfEmpty } from '../../seed.ts';
import { DEMO_DOMAIN } from '../people/index.ts';
import { placementsOfLearner } from '../placements/index.ts';
import { allocate, MECHANISMS } from './domain/allocate.ts';
import { rankField } from './forms.ts';
import * as repository from './repository.ts';
import {
  allocationRuns,
  preferenceSubmissions,
  preferenceWindowLearners,
  preferenceWindows,
  type StoredResult,
} from './schema.ts';
import { statusOf } from './service.ts';

let t: TestApp;
let seededIn = 0;

async function userId(email: string): Promise<string> {
  const [row] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (row === undefined) throw new Error(`No demo account ${email}`);
  return row.id;
}

async function signedIn(email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.signInAs(await userId(email));
  return agent;
}

async function windowNamed(name: string) {
  const [window] = await t.db.select().from(preferenceWindows).where(eq(preferenceWindows.name, name));
  if (window === undefined) throw new Error(`No window ${name}`);
  return window;
}

const PUBLISHED = 'F2 2026/27 allocation';
const OPEN = 'F2 2027/28 allocation';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  const started = performance.now();
  await seedIfEmpty(t.db, { demoLogins: true }, TEST_NOW);
  seededIn = performance.now() - started;
});
afterAll(async () => t.close());

describe('the demo allocation', () => {
  it('loads with the rest of the demo in a few seconds', () => {
    // Printed, not asserted: a figure for the report, never a timed test.
    console.info(`seedIfEmpty with the allocation demo: ${(seededIn / 1000).toFixed(2)} s`);
    expect(seededIn).toBeGreaterThan(0);
  });

  it('has last winter’s window for this year’s posts, ranked by twelve learners, one pre-allocated, two linked', async () => {
    const window = await windowNamed(PUBLISHED);
    expect(window.status).toBe('published');
    expect(window.deadline.getTime()).toBeLessThan(TEST_NOW.getTime());
    const learners = await t.db
      .select()
      .from(preferenceWindowLearners)
      .where(eq(preferenceWindowLearners.windowId, window.id));
    expect(learners).toHaveLength(12);
    const submitted = await t.db
      .select()
      .from(preferenceSubmissions)
      .where(eq(preferenceSubmissions.windowId, window.id));
    expect(submitted.filter((row) => row.submittedAt !== null)).toHaveLength(12);
    expect(learners.filter((row) => row.preallocatedPostId !== null)).toHaveLength(1);
    expect(learners.filter((row) => row.linkedWithUserId !== null)).toHaveLength(2);
    expect(learners.map((row) => row.learnerUserId)).toContain(await userId(`learner${DEMO_DOMAIN}`));
  });

  it('published a run with an explanation for every learner, which put the demo F2 learner in their post', async () => {
    const window = await windowNamed(PUBLISHED);
    const [run] = await t.db
      .select()
      .from(allocationRuns)
      .where(and(eq(allocationRuns.windowId, window.id), eq(allocationRuns.id, window.publishedRunId ?? '')));
    expect(run).toBeDefined();
    const result: StoredResult = run?.result ?? { assignments: {}, unplaced: [], notSubmitted: [], explanations: [] };
    const learners = await repository.windowLearners(t.db, window.id);
    expect(result.explanations.map((item) => item.applicant).sort()).toEqual(
      learners.map((learner) => learner.id).sort(),
    );
    expect(result.unplaced).toEqual([]);
    const f2 = await userId(`learner${DEMO_DOMAIN}`);
    const mine = result.explanations.find((item) => item.applicant === f2);
    expect(mine?.choice).toBe(2);
    expect(mine?.passedOver.map((item) => item.reason)).toEqual(['filled-by-higher-priority']);
    const [current] = await placementsOfLearner(t.db, f2);
    expect(current).toBeDefined();
    const posts = await repository.windowPosts(t.db, window.id);
    expect(posts.find((post) => post.id === mine?.post)?.code).toBe(current?.postCode);
  });

  it('gives three different allocations by the three methods on the same rankings', async () => {
    const window = await windowNamed(PUBLISHED);
    const [run] = await t.db.select().from(allocationRuns).where(eq(allocationRuns.windowId, window.id));
    if (run === undefined) throw new Error('No run');
    const outcomes = MECHANISMS.map((mechanism) => allocate({ ...run.input, mechanism }).assignments);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(3);
    expect(allocate(run.input).assignments).toEqual(run.result.assignments);
  });

  it('shows the demo F2 learner and a cohort learner their result and why', async () => {
    const window = await windowNamed(PUBLISHED);
    const learner = await signedIn(`learner${DEMO_DOMAIN}`);
    const page = await learner.get(`/preferences/${window.id}/result`);
    expect(page.statusCode).toBe(200);
    const read = readPage(page.body);
    expect(read.title()).toBe('Your allocation');
    expect(read.headings(2)).toContain('You were given your 2nd choice');
    expect(read.section('Why').text()).toContain(
      'Its places were filled by applicants with higher priority before your turn.',
    );

    // The cohort signs in nowhere; as if one of the linked pair did, they would read theirs.
    const [linked] = await t.db
      .select({ id: preferenceWindowLearners.learnerUserId })
      .from(preferenceWindowLearners)
      .where(eq(preferenceWindowLearners.windowId, window.id))
      .orderBy(preferenceWindowLearners.linkedWithUserId)
      .limit(1);
    const cohort = await new Agent(t.app).signInAs(linked?.id ?? '');
    const theirs = await cohort.get(`/preferences/${window.id}/result`);
    expect(theirs.statusCode).toBe(200);
    expect(readPage(theirs.body).title()).toBe('Your allocation');
  });

  it('shows the programme team both windows, the run and the comparison', async () => {
    const director = await signedIn(`programme.director${DEMO_DOMAIN}`);
    const list = await director.get('/allocation');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(PUBLISHED);
    expect(list.body).toContain(OPEN);
    const window = await windowNamed(PUBLISHED);
    const page = await director.get(`/allocation/windows/${window.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Published');
    expect((await director.get(`/allocation/windows/${window.id}/compare`)).statusCode).toBe(200);
    expect(
      (await director.get(`/allocation/windows/${window.id}/runs/${window.publishedRunId ?? ''}`)).statusCode,
    ).toBe(200);
  });

  it('has an open window for next year’s posts, due weeks after the day the demo is loaded', async () => {
    const window = await windowNamed(OPEN);
    expect(statusOf(window, TEST_NOW)).toBe('open');
    expect(window.deadline.getTime() - TEST_NOW.getTime()).toBeGreaterThan(27 * 24 * 60 * 60 * 1000);
    const submissions = await t.db
      .select()
      .from(preferenceSubmissions)
      .where(eq(preferenceSubmissions.windowId, window.id));
    expect(submissions.filter((row) => row.submittedAt !== null)).toHaveLength(4);
    expect(submissions.filter((row) => row.submittedAt === null)).toHaveLength(2);
  });

  it('lets the demo F1 learner rank next year’s posts now, from their home page task', async () => {
    const window = await windowNamed(OPEN);
    const learner = await signedIn(`learner.f1${DEMO_DOMAIN}`);
    const home = await learner.get('/');
    expect(readPage(home.body).links()).toContainEqual({
      text: `Rank the posts for ${OPEN}`,
      href: `/preferences/${window.id}`,
    });
    const page = await learner.get(`/preferences/${window.id}`);
    expect(page.statusCode).toBe(200);
    const posts = await repository.windowPosts(t.db, window.id);
    expect(posts).toHaveLength(10);
    const form: Record<string, string> = { action: 'submit' };
    posts.slice(0, 3).forEach((post, index) => (form[rankField(post.id)] = String(index + 1)));
    const saved = await learner.post(`/preferences/${window.id}`, form);
    expect(saved.statusCode).toBe(302);
    const [submission] = await t.db
      .select()
      .from(preferenceSubmissions)
      .where(
        and(
          eq(preferenceSubmissions.windowId, window.id),
          eq(preferenceSubmissions.learnerUserId, await userId(`learner.f1${DEMO_DOMAIN}`)),
        ),
      );
    expect(submission?.ranking).toEqual(posts.slice(0, 3).map((post) => post.id));
    expect(submission?.submittedAt).not.toBeNull();
  });

  it('shows neither window to a learner who is not in it, nor to another region’s programme team', async () => {
    const st1 = await signedIn(`learner.st1${DEMO_DOMAIN}`);
    const london = await createUser(t.db, { role: 'programme_admin', regionId: t.regionIds.london ?? null });
    const other = await new Agent(t.app).signInAs(london.id);
    for (const name of [PUBLISHED, OPEN]) {
      const window = await windowNamed(name);
      expect((await st1.get(`/preferences/${window.id}`)).statusCode).toBe(404);
      expect((await st1.get(`/preferences/${window.id}/result`)).statusCode).toBe(404);
      expect((await other.get(`/allocation/windows/${window.id}`)).statusCode).toBe(404);
    }
  });
});
