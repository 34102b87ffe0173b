import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../db/ids.ts';
import { RuleError } from '../errors.ts';
import { INTERRUPTED_MESSAGE } from './runner.ts';
import { jobs } from './schema.ts';

function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('job pages', () => {
  let t: TestApp;
  let ownerId: string;
  let owner: Agent;
  let other: Agent;
  let runningId: string;
  const held = gate();

  beforeAll(async () => {
    t = await createTestApp();
    ownerId = (await createUser(t.db, { role: 'programme_director', regionId: t.regionIds['east-of-england']! })).id;
    owner = await new Agent(t.app).signInAs(ownerId);
    const otherUser = await createUser(t.db, { role: 'platform_admin' });
    other = await new Agent(t.app).signInAs(otherUser.id);

    const stepped = gate();
    runningId = await t.app.jobs.start(
      { kind: 'test-run', title: 'Allocation for F2 2027/28', ownerUserId: ownerId, regionId: null },
      async (progress) => {
        await progress.step(3, 10, 'Placing learners by their preferences');
        stepped.open();
        await held.opened;
        return { href: '/allocation' };
      },
    );
    await stepped.opened;
  });
  afterAll(async () => {
    held.open();
    await t.close();
  });

  async function finishedJob(work: () => Promise<{ href: string }>): Promise<string> {
    const id = await t.app.jobs.start(
      { kind: 'test-run', title: 'Posts import', ownerUserId: ownerId, regionId: null },
      work,
    );
    await t.app.jobs.waitFor(id, 60_000);
    return id;
  }

  it('shows the owner how far a running job has got, with a way to check again without JavaScript', async () => {
    const response = await owner.get(`/jobs/${runningId}`);
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<h1>Allocation for F2 2027/28</h1>');
    expect(body).toMatch(/<label class="nhsuk-label[^"]*" for="job-progress">Progress<\/label>/);
    expect(body).toMatch(/<progress id="job-progress"[^>]* max="10" value="3"/);
    expect(body).toContain('3 of 10 steps');
    expect(body).toMatch(/aria-live="polite" data-job-message>Placing learners by their preferences</);
    expect(body).toContain(`data-status-url="/jobs/${runningId}/status"`);
    expect(body).toContain(`<a class="nhsuk-link" href="/jobs/${runningId}">Check progress</a>`);
    expect(body).not.toContain('http-equiv="refresh"');
    expect(body).not.toContain('Continue');
  });

  it('gives the owner the job’s status as JSON', async () => {
    const response = await owner.get(`/jobs/${runningId}/status`, { accept: 'application/json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      status: 'running',
      stepsDone: 3,
      stepsTotal: 10,
      message: 'Placing learners by their preferences',
      href: null,
      error: null,
    });
  });

  it('offers the result of a finished job', async () => {
    const id = await finishedJob(async () => ({ href: '/placements/years/2027' }));
    const page = await owner.get(`/jobs/${id}`);
    expect(page.statusCode).toBe(200);
    const link = /<a\s([^>]*)>\s*Continue\s*<\/a>/.exec(page.body)?.[1] ?? '';
    expect(link).toContain('class="nhsuk-button"');
    expect(link).toContain('href="/placements/years/2027"');
    expect(page.body).not.toContain('Check progress');
    const status = await owner.get(`/jobs/${id}/status`, { accept: 'application/json' });
    expect(status.json()).toMatchObject({ status: 'succeeded', href: '/placements/years/2027', error: null });
  });

  it('says why a job failed in an error summary', async () => {
    const id = await finishedJob(async () => {
      throw new RuleError('There are no submitted preferences to allocate.');
    });
    const page = await owner.get(`/jobs/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /class="nhsuk-error-summary"[\s\S]*This did not finish[\s\S]*There are no submitted preferences to allocate\./,
    );
    expect(page.body).not.toContain('Check progress');
    expect(page.body).not.toContain('Continue');
    const status = await owner.get(`/jobs/${id}/status`, { accept: 'application/json' });
    expect(status.json()).toMatchObject({
      status: 'failed',
      href: null,
      error: 'There are no submitted preferences to allocate.',
    });
  });

  it('does not show a job to anyone but its owner, not even that it exists', async () => {
    const page = await other.get(`/jobs/${runningId}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Allocation for F2');
    const status = await other.get(`/jobs/${runningId}/status`, { accept: 'application/json' });
    expect(status.statusCode).toBe(404);
    expect(status.body).not.toContain('Placing learners');
    expect((await owner.get(`/jobs/${newId()}`)).statusCode).toBe(404);
    expect((await owner.get('/jobs/not-a-job')).statusCode).toBe(404);
  });

  it('sends a signed-out person to sign in, and back to the job afterwards', async () => {
    const anonymous = new Agent(t.app);
    const page = await anonymous.get(`/jobs/${runningId}`);
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe(`/auth/sign-in?returnTo=${encodeURIComponent(`/jobs/${runningId}`)}`);
    const status = await anonymous.get(`/jobs/${runningId}/status`, { accept: 'application/json' });
    expect(status.statusCode).toBe(401);
    expect(status.body).not.toContain('Placing learners');
  });
});

describe('booting the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('marks failed the jobs a stopped process left unfinished, and says so on their page', async () => {
    const owner = await createUser(t.db);
    const left = newId();
    await t.db.insert(jobs).values({
      id: left,
      kind: 'test-run',
      title: 'Left behind',
      status: 'running',
      message: 'Placing learners',
      ownerUserId: owner.id,
      createdAt: t.app.clock(),
    });
    const rebooted = await buildApp({ config: t.app.config, database: t.database, logger: false });
    try {
      const [job] = await t.db.select().from(jobs).where(eq(jobs.id, left));
      expect(job?.status).toBe('failed');
      expect(job?.error).toBe(INTERRUPTED_MESSAGE);
      const agent = await new Agent(rebooted).signInAs(owner.id);
      const page = await agent.get(`/jobs/${left}`);
      expect(page.body).toContain('The service restarted before this finished. Nothing was saved: start it again.');
    } finally {
      await rebooted.close();
    }
  });
});
