import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser } from '../../testing/app.ts';
import type { Database } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { openTestDatabase } from '../db/testing.ts';
import { RuleError } from '../errors.ts';
import { INTERRUPTED_MESSAGE, JobRunner, type JobLog, type JobSpec } from './runner.ts';
import { jobs } from './schema.ts';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

function recordingLog(): { log: JobLog; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: Record<string, unknown>, message: string) => {
    entries.push({ level, fields, message });
  };
  return { log: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as JobLog, entries };
}

/** A promise the test opens when it chooses, to hold work at a known point. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const CLOCK = new Date('2026-11-25T09:30:00Z');

describe('JobRunner', () => {
  let database: Database;
  let runner: JobRunner;
  let entries: LogEntry[];
  let spec: JobSpec;

  beforeAll(async () => {
    database = await openTestDatabase();
    const recording = recordingLog();
    entries = recording.entries;
    runner = new JobRunner(database.db, { log: recording.log, now: () => CLOCK });
    const owner = await createUser(database.db);
    spec = { kind: 'test-run', title: 'Allocation for F2 2027/28', ownerUserId: owner.id, regionId: null };
  });
  afterAll(async () => {
    await runner.idle();
    await database.close();
  });

  async function row(id: string) {
    const [job] = await database.db.select().from(jobs).where(eq(jobs.id, id));
    return job!;
  }

  it('records the job, each step of the work, and where the result is', async () => {
    const seen: { status: string; stepsDone: number; stepsTotal: number; message: string }[] = [];
    const id = await runner.start(spec, async (progress) => {
      for (const [done, message] of [
        [0, 'Reading preferences'],
        [1, 'Placing learners by their preferences'],
        [2, 'Checking every post is filled'],
      ] as const) {
        await progress.step(done, 3, message);
        const { status, stepsDone, stepsTotal, message: saved } = await row(progress.jobId);
        seen.push({ status, stepsDone, stepsTotal, message: saved });
      }
      return { href: '/allocation/windows/w/runs/r' };
    });
    const queued = await row(id);
    expect(queued.kind).toBe('test-run');
    expect(queued.title).toBe('Allocation for F2 2027/28');
    expect(queued.ownerUserId).toBe(spec.ownerUserId);
    expect(queued.createdAt).toEqual(CLOCK);

    await runner.idle();

    expect(seen).toEqual([
      { status: 'running', stepsDone: 0, stepsTotal: 3, message: 'Reading preferences' },
      { status: 'running', stepsDone: 1, stepsTotal: 3, message: 'Placing learners by their preferences' },
      { status: 'running', stepsDone: 2, stepsTotal: 3, message: 'Checking every post is filled' },
    ]);
    const done = await row(id);
    expect(done.status).toBe('succeeded');
    expect(done.resultHref).toBe('/allocation/windows/w/runs/r');
    expect(done.error).toBeNull();
    expect(done.startedAt).toEqual(CLOCK);
    expect(done.finishedAt).toEqual(CLOCK);
  });

  it('keeps the last of many quick steps, while the work runs and when it ends', async () => {
    const held = gate();
    const id = await runner.start(spec, async (progress) => {
      for (let done = 1; done <= 200; done++) await progress.step(done, 400, 'Counting preferences');
      await held.opened;
      for (let done = 201; done <= 400; done++) void progress.step(done, 400, 'Counting preferences');
      return { href: '/done' };
    });
    try {
      // Repeats of one message are written at most every quarter second, but the last is never dropped.
      await vi.waitFor(async () => {
        expect((await row(id)).stepsDone).toBe(200);
      });
    } finally {
      held.open();
    }
    await runner.idle();
    const done = await row(id);
    expect(done.status).toBe('succeeded');
    expect(done.stepsDone).toBe(400);
    expect(done.message).toBe('Counting preferences');
  });

  it('keeps steps within 0 and the total', async () => {
    const id = await runner.start(spec, async (progress) => {
      await progress.step(12, 10, 'Too far');
      expect((await row(progress.jobId)).stepsDone).toBe(10);
      await progress.step(-3, Number.NaN, 'Nonsense');
      const saved = await row(progress.jobId);
      expect([saved.stepsDone, saved.stepsTotal]).toEqual([0, 0]);
      return { href: '/done' };
    });
    await runner.idle();
    expect((await row(id)).status).toBe('succeeded');
  });

  it('shows the message of a broken rule as it is', async () => {
    const id = await runner.start(spec, async (progress) => {
      await progress.step(1, 4, 'Reading preferences');
      throw new RuleError('There are no submitted preferences to allocate.');
    });
    await runner.idle();
    const failed = await row(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('There are no submitted preferences to allocate.');
    expect(failed.resultHref).toBeNull();
    expect(failed.finishedAt).toEqual(CLOCK);
    // Where it stopped stays visible.
    expect(failed.message).toBe('Reading preferences');
    expect(failed.stepsDone).toBe(1);
  });

  it('hides any other error behind a safe message with the job as a reference, and logs the real one', async () => {
    const crash = new Error('relation "posts" does not exist');
    const id = await runner.start(spec, async () => {
      throw crash;
    });
    await runner.idle();
    const failed = await row(id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      `Something went wrong. Nothing was saved. Try again, and if it happens again tell us the reference ${id}.`,
    );
    expect(failed.error).not.toContain('relation');
    const logged = entries.find((entry) => entry.level === 'error' && entry.fields.jobId === id);
    expect(logged?.fields.err).toBe(crash);
  });

  it('fails work that would send people off the site', async () => {
    const id = await runner.start(spec, async () => ({ href: 'https://elsewhere.example/' }));
    await runner.idle();
    const failed = await row(id);
    expect(failed.status).toBe('failed');
    expect(failed.resultHref).toBeNull();
    expect(failed.error).toContain(`reference ${id}`);
  });

  it('waits for a quick job and returns it finished', async () => {
    const id = await runner.start(spec, async () => ({ href: '/quick' }));
    // Far longer than the test may run: it passes only by returning as soon as the job finishes.
    const job = await runner.waitFor(id, 120_000);
    expect(job.status).toBe('succeeded');
    expect(job.resultHref).toBe('/quick');
  });

  it('stops waiting for a slow job after the time given and returns it unfinished', async () => {
    const held = gate();
    const stepped = gate();
    const id = await runner.start(spec, async (progress) => {
      await progress.step(1, 2, 'Building the PDF');
      stepped.open();
      await held.opened;
      return { href: '/slow' };
    });
    await stepped.opened;
    try {
      const job = await runner.waitFor(id, 20);
      expect(job.status).toBe('running');
      expect(job.message).toBe('Building the PDF');
    } finally {
      held.open();
    }
    await runner.idle();
    expect((await row(id)).status).toBe('succeeded');
  });

  it('returns a job that is not running here as it is, and refuses an unknown one', async () => {
    const id = await runner.start(spec, async () => ({ href: '/x' }));
    await runner.idle();
    expect((await runner.waitFor(id, 120_000)).status).toBe('succeeded');
    await expect(runner.waitFor(newId(), 10)).rejects.toThrow('There is no job');
  });

  it('marks failed the jobs a stopped process left unfinished, and only those', async () => {
    const left = { kind: 'test-run', title: 'Left behind', createdAt: CLOCK, message: 'Placing learners' };
    const queuedId = newId();
    const runningId = newId();
    const finishedId = newId();
    await database.db.insert(jobs).values([
      { ...left, id: queuedId, status: 'queued' },
      { ...left, id: runningId, status: 'running', stepsDone: 2, stepsTotal: 5 },
      { ...left, id: finishedId, status: 'succeeded', resultHref: '/kept' },
    ]);
    const booted = new JobRunner(database.db, { log: recordingLog().log, now: () => CLOCK });
    expect(await booted.recoverInterrupted()).toBe(2);
    for (const id of [queuedId, runningId]) {
      const job = await row(id);
      expect(job.status).toBe('failed');
      expect(job.error).toBe(INTERRUPTED_MESSAGE);
      expect(job.finishedAt).toEqual(CLOCK);
    }
    const finished = await row(finishedId);
    expect(finished.status).toBe('succeeded');
    expect(finished.error).toBeNull();
  });
});
