import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type Agent, type TestApp } from '../../testing/app.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { rankField } from './forms.ts';
import { allocationRuns, preferenceWindowLearners } from './schema.ts';
import * as support from './test-support.ts';

let t: TestApp;
let postIds: string[];
let learners: { id: string; email: string; agent: Agent }[];
let admin: Agent;
let londonAdmin: Agent;
let windowId = '';

function submit(order: number[]): Record<string, string> {
  const form: Record<string, string> = { action: 'submit' };
  order.forEach((postIndex, position) => (form[rankField(postIds[postIndex] ?? '')] = String(position + 1)));
  return form;
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  const eastId = t.regionIds['east-of-england'] ?? '';
  const firstTrust = await support.addOrganisation(t, eastId, 'West Suffolk NHS Foundation Trust');
  const secondTrust = await support.addOrganisation(t, eastId, 'James Paget University Hospitals NHS Foundation Trust');
  const yearId = await support.addYear(t, eastId, 'F2 2026/27');
  postIds = [
    await support.addPost(t, yearId, eastId, 'WSH-01', firstTrust),
    await support.addPost(t, yearId, eastId, 'WSH-02', firstTrust),
    await support.addPost(t, yearId, eastId, 'JPH-01', secondTrust),
    await support.addPost(t, yearId, eastId, 'JPH-02', secondTrust),
  ];
  learners = [];
  for (let i = 0; i < 4; i++) learners.push(await support.addLearner(t, 'east-of-england', 'F2'));
  admin = (await support.signedIn(t, 'programme_admin', 'east-of-england')).agent;
  londonAdmin = (await support.signedIn(t, 'programme_admin', 'london')).agent;
  const created = await admin.post('/allocation/windows/new', {
    programmeYearId: yearId,
    name: 'F2 linked and special',
    posts: postIds,
    learnerMode: 'stage',
    stage: 'F2',
    'deadline[day]': '1',
    'deadline[month]': '1',
    'deadline[year]': String(t.app.clock().getFullYear() + 2),
    deadlineTime: '17:00',
    mechanism: 'serial-dictatorship',
    seed: '11',
  });
  windowId = String(created.headers.location).split('/').pop() ?? '';
});
afterAll(async () => t.close());

const page = () => `/allocation/windows/${windowId}/arrangements`;
const learner = (i: number) => learners[i] ?? { id: '', email: '', agent: admin };

describe('special circumstances and linked applications', () => {
  it('starts empty, linked from the window page', async () => {
    const window = await admin.get(`/allocation/windows/${windowId}`);
    expect(window.body).toContain(`href="${page()}"`);
    expect(window.body).toContain('0 pre-allocated, 0 linked pairs');
    const response = await admin.get(page());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Nobody is pre-allocated.');
    expect(response.body).toContain('No applications are linked.');
  });

  it('shows what is missing and keeps what was typed', async () => {
    const response = await admin.post(`/allocation/windows/${windowId}/preallocations`, {
      learnerId: learner(0).id,
      postId: '',
      reason: 'Primary carer for a parent near the hospital',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Select the post');
    expect(response.body).toContain('Primary carer for a parent near the hospital');
    expect(response.body).toMatch(new RegExp(`value="${learner(0).id}" selected`));
    const noReason = await admin.post(`/allocation/windows/${windowId}/preallocations`, {
      learnerId: learner(0).id,
      postId: postIds[2] ?? '',
      reason: ' ',
    });
    expect(noReason.body).toContain('Enter the special circumstances the panel agreed');
  });

  it('pre-allocates a learner, audited, and tells the learner', async () => {
    const response = await admin.post(`/allocation/windows/${windowId}/preallocations`, {
      learnerId: learner(0).id,
      postId: postIds[2] ?? '',
      reason: 'Primary carer for a parent near the hospital',
    });
    expect(response.statusCode).toBe(302);
    const shown = await admin.get(page());
    expect(shown.body).toContain('JPH-01');
    expect(shown.body).toContain('Primary carer for a parent near the hospital');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, windowId), eq(auditEvents.action, 'update')));
    expect(event?.summary).toContain('Pre-allocated');
    // The audit log records that a reason was given, never the circumstances themselves: erasure could not reach them.
    expect(event?.after).toMatchObject({ reasonGiven: true });
    expect(JSON.stringify(event)).not.toContain('Primary carer');
    await admin.post(`/allocation/windows/${windowId}/open`);
    const ranking = await learner(0).agent.get(`/preferences/${windowId}`);
    expect(ranking.body).toContain('pre-allocated you to JPH-01');
  });

  it('refuses a second pre-allocation to a full post, keeping the input', async () => {
    const response = await admin.post(`/allocation/windows/${windowId}/preallocations`, {
      learnerId: learner(1).id,
      postId: postIds[2] ?? '',
      reason: 'Own health condition',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('JPH-01 has 1 place, all already pre-allocated');
    expect(response.body).toContain('Own health condition');
  });

  it('links two applications but not a pre-allocated learner, nor one already linked', async () => {
    const refused = await admin.post(`/allocation/windows/${windowId}/links`, {
      firstLearnerId: learner(0).id,
      secondLearnerId: learner(1).id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('is pre-allocated, so cannot be linked');
    const same = await admin.post(`/allocation/windows/${windowId}/links`, {
      firstLearnerId: learner(1).id,
      secondLearnerId: learner(1).id,
    });
    expect(same.body).toContain('Select two different learners');
    const linked = await admin.post(`/allocation/windows/${windowId}/links`, {
      firstLearnerId: learner(1).id,
      secondLearnerId: learner(2).id,
    });
    expect(linked.statusCode).toBe(302);
    const again = await admin.post(`/allocation/windows/${windowId}/links`, {
      firstLearnerId: learner(2).id,
      secondLearnerId: learner(3).id,
    });
    expect(again.body).toContain('is already linked: remove that link first');
    const rows = await t.db
      .select()
      .from(preferenceWindowLearners)
      .where(eq(preferenceWindowLearners.windowId, windowId));
    const links = new Map(rows.map((row) => [row.learnerUserId, row.linkedWithUserId]));
    expect(links.get(learner(1).id)).toBe(learner(2).id);
    expect(links.get(learner(2).id)).toBe(learner(1).id);
    expect(links.get(learner(3).id)).toBeNull();
  });

  it('tells linked learners whether their rankings match', async () => {
    await learner(1).agent.post(`/preferences/${windowId}`, submit([0, 1, 3]));
    const waiting = await learner(1).agent.get(`/preferences/${windowId}`);
    expect(waiting.body).toContain('Your application is linked with');
    expect(waiting.body).toContain('only if you both submit the same posts in the same order');
    await learner(2).agent.post(`/preferences/${windowId}`, submit([1, 0, 3]));
    expect((await admin.get(page())).body).toContain('Rankings differ');
    await learner(2).agent.post(`/preferences/${windowId}`, submit([0, 1, 3]));
    const together = await learner(2).agent.get(`/preferences/${windowId}`);
    expect(together.body).toContain('so you will be allocated together');
    expect((await admin.get(page())).body).toContain('will be allocated together');
  });

  it('runs with both: the pre-allocated learner gets their post without ranking it, the pair one trust', async () => {
    await learner(3).agent.post(`/preferences/${windowId}`, submit([0]));
    await admin.post(`/allocation/windows/${windowId}/close`);
    const ran = await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '11' });
    expect(ran.statusCode).toBe(302);
    const [run] = await t.db.select().from(allocationRuns).where(eq(allocationRuns.windowId, windowId));
    const assignments = run?.result.assignments ?? {};
    expect(assignments[learner(0).id]).toBe(postIds[2]);
    const pair = [assignments[learner(1).id], assignments[learner(2).id]];
    // The pair ranks WSH-01, WSH-02, JPH-02: whoever else holds WSH-01, they share a trust or are both unplaced.
    const trustOf = (post: string | null | undefined) =>
      post == null ? null : post === postIds[3] || post === postIds[2] ? 'JPH' : 'WSH';
    expect(trustOf(pair[0])).toBe(trustOf(pair[1]));
    const preview = await admin.get(String(ran.headers.location));
    expect(preview.body).toContain('Pre-allocated');
    expect(preview.body).toContain('Linked with');
  });

  it('unlinks and removes a pre-allocation, each audited', async () => {
    expect((await admin.post(`/allocation/windows/${windowId}/links/${learner(2).id}/remove`)).statusCode).toBe(302);
    expect(
      (await admin.post(`/allocation/windows/${windowId}/preallocations/${learner(0).id}/remove`)).statusCode,
    ).toBe(302);
    const rows = await t.db
      .select()
      .from(preferenceWindowLearners)
      .where(eq(preferenceWindowLearners.windowId, windowId));
    expect(rows.every((row) => row.linkedWithUserId === null && row.preallocatedPostId === null)).toBe(true);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, windowId));
    expect(events.some((event) => event.summary.startsWith('Removed the link'))).toBe(true);
    expect(events.some((event) => event.summary.startsWith('Removed the pre-allocation'))).toBe(true);
    expect(
      (await admin.post(`/allocation/windows/${windowId}/preallocations/${learner(0).id}/remove`)).statusCode,
    ).toBe(404);
  });

  it('keeps other regions and learners out', async () => {
    expect((await londonAdmin.get(page())).statusCode).toBe(404);
    expect(
      (
        await londonAdmin.post(`/allocation/windows/${windowId}/links`, {
          firstLearnerId: learner(1).id,
          secondLearnerId: learner(2).id,
        })
      ).statusCode,
    ).toBe(404);
    expect((await learner(1).agent.get(page())).statusCode).toBe(403);
    expect(
      (
        await learner(1).agent.post(`/allocation/windows/${windowId}/links`, {
          firstLearnerId: learner(1).id,
          secondLearnerId: learner(3).id,
        })
      ).statusCode,
    ).toBe(403);
  });
});
