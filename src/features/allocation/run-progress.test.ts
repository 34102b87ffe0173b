import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type Agent, type TestApp } from '../../testing/app.ts';
import { rankField } from './forms.ts';
import { allocationRuns, preferenceWindows } from './schema.ts';
import * as support from './test-support.ts';

// The runner waits 0 ms before showing progress, so every run here goes through the progress page, as a national
// run that takes longer than a second would.
let t: TestApp;
let admin: Agent;
let otherAdmin: Agent;
let windowId = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000, jobInlineWaitMs: 0 });
  const east = t.regionIds['east-of-england'] ?? '';
  const trust = await support.addOrganisation(t, east, 'Mid and South Essex NHS Foundation Trust');
  const year = await support.addYear(t, east, 'F2 2026/27');
  const post = await support.addPost(t, year, east, 'MSE-01', trust);
  const learner = await support.addLearner(t, 'east-of-england', 'F2');
  admin = (await support.signedIn(t, 'programme_admin', 'east-of-england')).agent;
  otherAdmin = (await support.signedIn(t, 'programme_admin', 'east-of-england')).agent;
  const created = await admin.post('/allocation/windows/new', {
    programmeYearId: year,
    name: 'F2 progress',
    posts: [post],
    learnerMode: 'stage',
    stage: 'F2',
    'deadline[day]': '1',
    'deadline[month]': '1',
    'deadline[year]': String(t.app.clock().getFullYear() + 2),
    deadlineTime: '17:00',
    mechanism: 'immediate-acceptance',
    seed: '5',
  });
  windowId = String(created.headers.location).split('/').pop() ?? '';
  await admin.post(`/allocation/windows/${windowId}/open`);
  await learner.agent.post(`/preferences/${windowId}`, { action: 'submit', [rankField(post)]: '1' });
  await admin.post(`/allocation/windows/${windowId}/close`);
});
afterAll(async () => t.close());

describe('an allocation run that takes longer than the wait', () => {
  let progressPage = '';

  it('shows its progress page, then the run it saved', async () => {
    const started = await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '5' });
    expect(started.statusCode).toBe(302);
    progressPage = String(started.headers.location);
    expect(progressPage).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
    const page = await admin.get(progressPage);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Allocation for F2 progress, seed 5');
    await t.app.jobs.idle();
    const status = await admin.get(`${progressPage}/status`);
    const body = JSON.parse(status.body) as { status: string; href: string | null; stepsDone: number };
    expect(body.status).toBe('succeeded');
    expect(body.stepsDone).toBe(3);
    const [run] = await t.db.select().from(allocationRuns).where(eq(allocationRuns.windowId, windowId));
    expect(body.href).toBe(`/allocation/windows/${windowId}/runs/${run?.id ?? ''}`);
    const done = await admin.get(progressPage);
    expect(done.body).toContain(body.href);
  });

  it('is shown only to the person who started it', async () => {
    expect((await otherAdmin.get(progressPage)).statusCode).toBe(404);
  });

  it('still refuses a run the window does not allow, without starting a job', async () => {
    await t.db.update(preferenceWindows).set({ status: 'published' }).where(eq(preferenceWindows.id, windowId));
    const refused = await admin.post(`/allocation/windows/${windowId}/runs`, { seed: '6' });
    expect(refused.statusCode).toBe(302);
    expect(String(refused.headers.location)).toBe(`/allocation/windows/${windowId}`);
    expect((await admin.get(`/allocation/windows/${windowId}`)).body).toContain('its allocation is final');
  });
});
