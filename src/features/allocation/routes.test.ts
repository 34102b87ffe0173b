import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { postAssignments } from '../placements/schema.ts';
import { rankField } from './forms.ts';
import * as support from './test-support.ts';
import { allocationRuns, allocationSwaps, preferenceSubmissions, preferenceWindows } from './schema.ts';

let t: TestApp;
let eastId: string;
let londonId: string;
let yearId: string;
let postIds: string[];
let londonPostId: string;
let learners: { id: string; email: string; agent: Agent }[];
let outsider: Agent;
let admin: Agent;
let londonAdmin: Agent;

const signedIn = (role: Role, region: string) => support.signedIn(t, role, region);
const addLearner = (region: string, stage: 'F1' | 'F2') => support.addLearner(t, region, stage);
const addOrganisation = (regionId: string, name: string) => support.addOrganisation(t, regionId, name);
const addYear = (regionId: string, name: string) => support.addYear(t, regionId, name);
const addPost = (year: string, regionId: string, code: string, leadEmployerId: string) =>
  support.addPost(t, year, regionId, code, leadEmployerId);

function windowForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    programmeYearId: yearId,
    name: 'F2 2026/27 allocation',
    posts: postIds,
    learnerMode: 'stage',
    stage: 'F2',
    'deadline[day]': '1',
    'deadline[month]': '1',
    'deadline[year]': String(t.app.clock().getFullYear() + 2),
    deadlineTime: '17:00',
    mechanism: 'serial-dictatorship',
    seed: '42',
    ...overrides,
  };
}

function rank(values: Record<number, string>, action: 'draft' | 'submit'): Record<string, string> {
  const form: Record<string, string> = { action };
  for (const [index, value] of Object.entries(values)) form[rankField(postIds[Number(index)] ?? '')] = value;
  return form;
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  eastId = t.regionIds['east-of-england'] ?? '';
  londonId = t.regionIds.london ?? '';
  const trust = await addOrganisation(eastId, 'Cambridge University Hospitals NHS Foundation Trust');
  yearId = await addYear(eastId, 'F2 2026/27');
  postIds = [
    await addPost(yearId, eastId, 'EOE-01', trust),
    await addPost(yearId, eastId, 'EOE-02', trust),
    await addPost(yearId, eastId, 'EOE-03', trust),
  ];
  const londonTrust = await addOrganisation(londonId, 'Barts Health NHS Trust');
  londonPostId = await addPost(await addYear(londonId, 'F2 2026/27'), londonId, 'LDN-01', londonTrust);
  learners = [
    await addLearner('east-of-england', 'F2'),
    await addLearner('east-of-england', 'F2'),
    await addLearner('east-of-england', 'F2'),
  ];
  outsider = (await addLearner('east-of-england', 'F1')).agent;
  admin = (await signedIn('programme_admin', 'east-of-england')).agent;
  londonAdmin = (await signedIn('programme_admin', 'london')).agent;
});
afterAll(async () => t.close());

describe('a preference window from creation to publication', () => {
  let windowId = '';
  let runId = '';

  it('shows an empty list and the new window form with the year’s posts and a random seed', async () => {
    const list = await admin.get('/allocation');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('There are no preference windows yet');
    const form = await admin.get('/allocation/windows/new');
    expect(form.statusCode).toBe(200);
    for (const code of ['EOE-01', 'EOE-02', 'EOE-03']) expect(form.body).toContain(code);
    expect(form.body).not.toContain('LDN-01');
    expect(form.body).toMatch(/name="seed"[^>]*value="\d+"/);
  });

  it('shows errors and keeps what was typed', async () => {
    const response = await admin.post(
      '/allocation/windows/new',
      windowForm({ name: '', stage: '', deadlineTime: '25:00', seed: 'abc', posts: [] }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter a name for the window');
    expect(response.body).toContain('Select at least one post');
    expect(response.body).toContain('Select the stage of the learners');
    expect(response.body).toContain('Deadline time must be a real time');
    expect(response.body).toContain('The seed must be a whole number');
    expect(response.body).toContain('value="25:00"');
    expect(response.body).toContain('value="abc"');
  });

  it('creates a draft window for every learner at the stage, audited', async () => {
    const response = await admin.post('/allocation/windows/new', windowForm());
    expect(response.statusCode).toBe(302);
    windowId = String(response.headers.location).split('/').pop() ?? '';
    const page = await admin.get(`/allocation/windows/${windowId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Draft');
    expect(page.body).toContain('0 of 3');
    expect(page.body).toContain('Not submitted (3)');
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, windowId));
    expect(event?.summary).toContain('Created preference window');
  });

  it('hides a draft window from learners', async () => {
    expect((await learners[0]!.agent.get(`/preferences/${windowId}`)).statusCode).toBe(404);
  });

  it('opens the window and emails the eligible learners', async () => {
    const response = await admin.post(`/allocation/windows/${windowId}/open`);
    expect(response.statusCode).toBe(302);
    const mail = await t.db.select().from(outbox);
    const invitations = mail.filter((message) =>
      message.subject.startsWith('Rank the posts for F2 2026/27 allocation'),
    );
    expect(invitations.map((message) => message.toAddress).sort()).toEqual(
      learners.map((learner) => learner.email).sort(),
    );
    expect(invitations[0]?.textBody).toContain(`/preferences/${windowId}`);
  });

  it('gives learners a home-page task, the list and the ranking page with the method explained', async () => {
    const home = await learners[0]!.agent.get('/');
    expect(home.body).toContain('Rank the posts for F2 2026/27 allocation');
    const list = await learners[0]!.agent.get('/preferences');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/preferences/${windowId}`);
    const page = await learners[0]!.agent.get(`/preferences/${windowId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Priority order (serial dictatorship)');
    expect(page.body).toContain('Cambridge University Hospitals NHS Foundation Trust');
    expect(page.body).toContain('Acute hospital');
    expect(page.body).toContain(`name="${rankField(postIds[0]!)}"`);
    // The ranking widget's browser code is loaded by this page alone (src/client/rank-order).
    expect(page.body).toContain(`<script type="module" src="${t.app.islands.scripts(['rank-order'])[0]!}">`);
  });

  it('refuses duplicate numbers and gaps, keeping the numbers typed', async () => {
    const agent = learners[0]!.agent;
    const duplicate = await agent.post(`/preferences/${windowId}`, rank({ 0: '1', 1: '1' }, 'submit'));
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('EOE-01 and EOE-02 both have number 1');
    const gap = await agent.post(`/preferences/${windowId}`, rank({ 0: '1', 1: '3' }, 'submit'));
    expect(gap.statusCode).toBe(400);
    expect(gap.body).toContain('There is no post with number 2');
    expect(gap.body).toContain('value="3"');
    const empty = await agent.post(`/preferences/${windowId}`, rank({}, 'submit'));
    expect(empty.body).toContain('Rank at least one post before you submit');
  });

  it('saves a draft, then submits', async () => {
    const agent = learners[0]!.agent;
    expect((await agent.post(`/preferences/${windowId}`, rank({ 0: '2', 1: '1' }, 'draft'))).statusCode).toBe(302);
    const [draft] = await t.db
      .select()
      .from(preferenceSubmissions)
      .where(eq(preferenceSubmissions.learnerUserId, learners[0]!.id));
    expect(draft?.ranking).toEqual([postIds[1], postIds[0]]);
    expect(draft?.submittedAt).toBeNull();
    expect((await agent.get(`/preferences/${windowId}`)).body).toContain('not submitted');
    expect((await agent.post(`/preferences/${windowId}`, rank({ 0: '1', 1: '2' }, 'submit'))).statusCode).toBe(302);
    expect(
      (await learners[1]!.agent.post(`/preferences/${windowId}`, rank({ 0: '1', 2: '2' }, 'submit'))).statusCode,
    ).toBe(302);
    const page = await admin.get(`/allocation/windows/${windowId}`);
    expect(page.body).toContain('Submitted (2)');
    expect(page.body).toContain('Not submitted (1)');
    expect((await learners[0]!.agent.get('/')).body).not.toContain('Rank the posts for F2 2026/27 allocation');
  });

  it('emails reminders to those who have not submitted', async () => {
    await admin.post(`/allocation/windows/${windowId}/reminders`);
    const reminders = (await t.db.select().from(outbox)).filter((message) => message.subject.startsWith('Reminder:'));
    expect(reminders.map((message) => message.toAddress)).toEqual([learners[2]!.email]);
  });

  it('shows a learner the posts of their window only', async () => {
    const page = await learners[0]!.agent.get(`/preferences/${windowId}/posts/${postIds[0]}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Acute medicine');
    expect((await learners[0]!.agent.get(`/preferences/${windowId}/posts/${londonPostId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/preferences/${windowId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/preferences/${windowId}/posts/${postIds[0]}`)).statusCode).toBe(404);
    expect((await outsider.post(`/preferences/${windowId}`, rank({ 0: '1' }, 'submit'))).statusCode).toBe(404);
  });

  it('compares the three methods while the window is open', async () => {
    const page = await admin.get(`/allocation/windows/${windowId}/compare`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Matching both ways (deferred acceptance)');
    expect(page.body).toContain('First preferences first (immediate acceptance)');
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    expect(page.body).not.toMatch(/style="/);
  });

  it('closes the window; learners can then no longer change their ranking', async () => {
    expect((await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '1' })).headers.location).toBe(
      `/allocation/windows/${windowId}`,
    );
    expect(await t.db.select().from(allocationRuns)).toHaveLength(0);
    await admin.post(`/allocation/windows/${windowId}/close`);
    const page = await learners[2]!.agent.get(`/preferences/${windowId}`);
    expect(page.body).toContain('The deadline has passed');
    expect(page.body).not.toContain('/assets/islands/rank-order-');
    const late = await learners[2]!.agent.post(`/preferences/${windowId}`, rank({ 0: '1' }, 'submit'));
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('can no longer be changed');
    expect(
      await t.db.select().from(preferenceSubmissions).where(eq(preferenceSubmissions.learnerUserId, learners[2]!.id)),
    ).toHaveLength(0);
  });

  it('runs the allocation, keeping every run, and previews it', async () => {
    const first = await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '42' });
    expect(first.statusCode).toBe(302);
    const second = await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '7' });
    runId = String(second.headers.location).split('/').pop() ?? '';
    const runs = await t.db.select().from(allocationRuns).where(eq(allocationRuns.windowId, windowId));
    expect(runs.map((run) => run.seed).sort()).toEqual([42, 7].sort());
    const run = runs.find((item) => item.id === runId)!;
    expect(run.input.applicants).toHaveLength(2);
    expect(run.result.notSubmitted).toEqual([learners[2]!.id]);
    expect(run.stats.assigned).toBe(2);
    const page = await admin.get(`/allocation/windows/${windowId}/runs/${runId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('seed 7');
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    expect(page.body).toContain('1st choice');
    expect(page.body).toContain('Did not submit (1)');
    expect(page.body).not.toMatch(/style="/);
  });

  it('publishes once after confirmation: post assignments and outcome emails', async () => {
    const confirm = await admin.get(`/allocation/windows/${windowId}/runs/${runId}/publish`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to publish');
    expect((await admin.post(`/allocation/windows/${windowId}/runs/${runId}/publish`)).statusCode).toBe(302);
    const assigned = await t.db.select().from(postAssignments).where(eq(postAssignments.source, 'allocation'));
    expect(assigned).toHaveLength(2);
    const outcomes = (await t.db.select().from(outbox)).filter((message) =>
      message.subject.startsWith('Your allocation'),
    );
    expect(outcomes).toHaveLength(3);
    expect(outcomes.find((message) => message.toAddress === learners[2]!.email)?.textBody).toContain('did not submit');
    const [window] = await t.db.select().from(preferenceWindows).where(eq(preferenceWindows.id, windowId));
    expect(window?.status).toBe('published');
    expect(window?.publishedRunId).toBe(runId);
    // Only once.
    await admin.post(`/allocation/windows/${windowId}/runs/${runId}/publish`);
    expect(await t.db.select().from(postAssignments)).toHaveLength(2);
    expect((await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '3' })).statusCode).toBe(302);
    expect(await t.db.select().from(allocationRuns).where(eq(allocationRuns.windowId, windowId))).toHaveLength(2);
  });

  it('shows each learner their own result and why', async () => {
    const [run] = await t.db.select().from(allocationRuns).where(eq(allocationRuns.id, runId));
    for (const learner of learners.slice(0, 2)) {
      const page = await learner.agent.get(`/preferences/${windowId}/result`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Your priority number');
      expect(page.body).toContain('Lottery seed');
      const explanation = run!.result.explanations.find((item) => item.applicant === learner.id)!;
      if (explanation.choice === 1) expect(page.body).toContain('You were given your 1st choice');
      else expect(page.body).toContain('Your first choice was filled by applicants with higher priority.');
    }
    const absent = await learners[2]!.agent.get(`/preferences/${windowId}/result`);
    expect(absent.body).toContain('You did not submit a ranking');
    expect((await outsider.get(`/preferences/${windowId}/result`)).statusCode).toBe(404);
  });

  it('records a swap with a reason, audited', async () => {
    const missing = await admin.post(`/allocation/windows/${windowId}/swaps`, {
      firstLearnerId: learners[0]!.id,
      secondLearnerId: learners[1]!.id,
      reason: '',
    });
    expect(missing.statusCode).toBe(302);
    // A form not filled in goes back to the swap form; a swap the rules refuse, to the top of the window's page.
    expect(missing.headers.location).toBe(`/allocation/windows/${windowId}#swap`);
    const same = await admin.post(`/allocation/windows/${windowId}/swaps`, {
      firstLearnerId: learners[0]!.id,
      secondLearnerId: learners[0]!.id,
      reason: 'Caring responsibilities',
    });
    expect(same.headers.location).toBe(`/allocation/windows/${windowId}`);
    expect(await t.db.select().from(allocationSwaps)).toHaveLength(0);
    const before = await t.db.select().from(postAssignments);
    const postOf = (rows: typeof before, id: string) => rows.find((row) => row.learnerUserId === id)?.postId;
    await admin.post(`/allocation/windows/${windowId}/swaps`, {
      firstLearnerId: learners[0]!.id,
      secondLearnerId: learners[1]!.id,
      reason: 'Caring responsibilities near Cambridge',
    });
    const after = await t.db.select().from(postAssignments);
    expect(postOf(after, learners[0]!.id)).toBe(postOf(before, learners[1]!.id));
    expect(postOf(after, learners[1]!.id)).toBe(postOf(before, learners[0]!.id));
    expect(await t.db.select().from(allocationSwaps)).toHaveLength(1);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'allocation_swap'));
    expect(events).toHaveLength(1);
    expect(events[0]?.after).toMatchObject({ reasonGiven: true });
    expect(JSON.stringify(events)).not.toContain('Caring responsibilities');
    expect((await admin.get(`/allocation/windows/${windowId}`)).body).toContain(
      'Caring responsibilities near Cambridge',
    );
  });

  it('reports another region’s window and runs as not found', async () => {
    for (const url of [
      `/allocation/windows/${windowId}`,
      `/allocation/windows/${windowId}/runs/${runId}`,
      `/allocation/windows/${windowId}/compare`,
      `/allocation/windows/${windowId}/runs/${runId}/publish`,
    ]) {
      const response = await londonAdmin.get(url);
      expect(response.statusCode, url).toBe(404);
    }
    expect((await londonAdmin.post(`/allocation/windows/${windowId}/close`)).statusCode).toBe(404);
    expect((await londonAdmin.post(`/allocation/windows/${windowId}/runs`, { seed: '1' })).statusCode).toBe(404);
    expect((await londonAdmin.get('/allocation')).body).not.toContain('F2 2026/27 allocation');
  });
});

describe('a window whose deadline has passed', () => {
  it('is read-only for learners', async () => {
    const id = newId();
    const now = t.app.clock();
    await t.db.insert(preferenceWindows).values({
      id,
      regionId: eastId,
      programmeYearId: yearId,
      name: 'Late window',
      mechanism: 'immediate-acceptance',
      seed: 5,
      deadline: new Date(now.getTime() - 60_000),
      status: 'open',
      createdAt: now,
      updatedAt: now,
    });
    const { preferenceWindowLearners, preferenceWindowPosts } = await import('./schema.ts');
    await t.db.insert(preferenceWindowPosts).values({ windowId: id, postId: postIds[0]! });
    await t.db.insert(preferenceWindowLearners).values({ windowId: id, learnerUserId: learners[0]!.id });
    const page = await learners[0]!.agent.get(`/preferences/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The deadline has passed');
    expect(page.body).not.toContain('Submit preferences');
    const post = await learners[0]!.agent.post(`/preferences/${id}`, rank({ 0: '1' }, 'submit'));
    expect(post.statusCode).toBe(400);
    const saved = await t.db
      .select()
      .from(preferenceSubmissions)
      .where(and(eq(preferenceSubmissions.windowId, id), eq(preferenceSubmissions.learnerUserId, learners[0]!.id)));
    expect(saved).toHaveLength(0);
    expect((await admin.get('/allocation')).body).toContain('Closed');
  });
});

describe('access', () => {
  it('keeps learners out of the programme team’s pages and staff out of learners’ pages', async () => {
    expect((await learners[0]!.agent.get('/allocation')).statusCode).toBe(403);
    expect((await learners[0]!.agent.get('/allocation/windows/new')).statusCode).toBe(403);
    expect((await admin.get('/preferences')).statusCode).toBe(403);
    const anonymous = await new Agent(t.app).get('/allocation');
    expect(anonymous.statusCode).toBe(302);
    expect(String(anonymous.headers.location)).toContain('/auth/sign-in');
  });
});
