import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { RuleError } from '../errors.ts';
import { jobs } from './schema.ts';

export type JobRow = typeof jobs.$inferSelect;

export interface JobSpec {
  /** What sort of work, for the logs: 'allocation-run', 'posts-import', 'handbook-pdf'. */
  kind: string;
  /** What the person sees as the page's heading: "Allocation for F2 2027/28". */
  title: string;
  /** Who started it: only they may see its page. */
  ownerUserId: string | null;
  regionId: string | null;
}

/** Handed to the work so that it can say how far it has got. */
export interface Progress {
  /** The job's id, for logs or to link records to the job that made them. */
  readonly jobId: string;
  /**
   * Records that `done` of `total` steps are done and what is happening now, in plain English ("Placing
   * learners by their preferences"). Call it as often as you like: a new message is written at once, repeats of
   * the same message at most every quarter of a second (the last one is never lost). It never rejects; a failed
   * write is logged and the work carries on.
   */
  step(done: number, total: number, message: string): Promise<void>;
}

export type JobWork = (progress: Progress) => Promise<{ href: string }>;

export const INTERRUPTED_MESSAGE = 'The service restarted before this finished. Nothing was saved: start it again.';

export function unexpectedFailureMessage(jobId: string): string {
  return `Something went wrong. Nothing was saved. Try again, and if it happens again tell us the reference ${jobId}.`;
}

export type JobLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/** A page may only send people to a path on this site. */
function isSitePath(href: string): boolean {
  return href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');
}

const REPEAT_INTERVAL_MS = 250;
const MAX_MESSAGE_LENGTH = 500;

interface StepState {
  stepsDone: number;
  stepsTotal: number;
  message: string;
}

function toCount(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

/**
 * Writes a job's progress: new messages at once, repeats throttled with a trailing write, one write at a time
 * and in order. Writes only while the job is running, so a late step cannot overwrite how the job ended.
 */
class ProgressWriter implements Progress {
  latest: StepState | undefined;
  private written: StepState | undefined;
  private flushedMessage: string | undefined;
  private lastFlushAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly jobId: string,
    private readonly log: JobLog,
  ) {}

  step(done: number, total: number, message: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const stepsTotal = toCount(total);
    this.latest = {
      stepsTotal,
      stepsDone: Math.min(toCount(done), stepsTotal),
      message: message.slice(0, MAX_MESSAGE_LENGTH),
    };
    const sinceLastFlush = performance.now() - this.lastFlushAt;
    if (this.latest.message !== this.flushedMessage || sinceLastFlush >= REPEAT_INTERVAL_MS) return this.flush();
    // A repeat soon after the last write: written when the interval is up, unless another step gets there first.
    this.timer ??= setTimeout(() => void this.flush(), REPEAT_INTERVAL_MS - sinceLastFlush);
    this.timer.unref();
    return Promise.resolve();
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushedMessage = this.latest?.message;
    this.lastFlushAt = performance.now();
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  /** Writes the latest state (which may be newer than the step that asked), one write at a time. */
  private async write(): Promise<void> {
    const state = this.latest;
    if (this.closed || state === undefined || state === this.written) return;
    this.written = state;
    try {
      await this.db
        .update(jobs)
        .set(state)
        .where(and(eq(jobs.id, this.jobId), eq(jobs.status, 'running')));
    } catch (error) {
      this.log.warn({ err: error, jobId: this.jobId }, 'job progress not recorded');
    }
  }

  /** No more writes; waits for the one in flight, so that it lands before the job's final state. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }
}

/**
 * Runs long work in the background and keeps its progress in the `jobs` table, where the job's page
 * (/jobs/:id) reads it. Decorated on the app as `app.jobs`.
 *
 *   const id = await app.jobs.start(
 *     { kind: 'allocation-run', title: `Allocation for ${window.name}`, ownerUserId: principal.userId, regionId },
 *     async (progress) => {
 *       await progress.step(0, 3, 'Reading preferences');
 *       …
 *       return { href: `/allocation/windows/${windowId}/runs/${runId}` };
 *     },
 *   );
 *   const job = await app.jobs.waitFor(id, 1000);
 *   return reply.redirect(job.status === 'succeeded' && job.resultHref !== null ? job.resultHref : `/jobs/${id}`);
 *
 * What the work must do:
 * - Save its result in one transaction at its end, so that when it fails nothing is saved: the failure message
 *   tells the person so. A RuleError's message is shown as it is ("There are no submitted preferences to
 *   allocate."); any other error is logged and the person sees a safe message with the job's id as a reference.
 * - Return `{ href }`, a path on this site where the result is (the page sends the person there).
 * - Not hold a transaction while it computes, nor call `progress.step` inside one: the embedded database runs one
 *   transaction at a time, so it would stop every other request (and its own progress write) until it ends.
 * - Yield now and then (each `await progress.step(…)` does) so that requests, the progress page's among them,
 *   are served while it works.
 *
 * Work runs in the process that started it. A job whose process stopped before it finished is marked failed
 * when the app next boots (`recoverInterrupted`). That assumes one app process per database: several processes
 * sharing one would need a heartbeat so that a booting process leaves the others' jobs alone.
 */
export class JobRunner {
  private readonly running = new Map<string, Promise<void>>();
  private readonly now: () => Date;

  /**
   * How long a route waits for a job before showing its progress page: quick work goes straight to its result, and
   * only work that takes longer than this shows progress. 0: always show the progress page (for tests).
   */
  readonly inlineWaitMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: { log: JobLog; now?: (() => Date) | undefined; inlineWaitMs?: number | undefined },
  ) {
    this.now = options.now ?? (() => new Date());
    this.inlineWaitMs = options.inlineWaitMs ?? 1000;
  }

  /**
   * Records the job and starts the work without waiting for it; resolves with the job's id once the job is saved.
   * Call it outside any transaction.
   */
  async start(spec: JobSpec, work: JobWork): Promise<string> {
    const id = newId();
    await this.db.insert(jobs).values({
      id,
      kind: spec.kind,
      title: spec.title,
      status: 'queued',
      message: 'Waiting to start',
      ownerUserId: spec.ownerUserId,
      regionId: spec.regionId,
      createdAt: this.now(),
    });
    const finished = this.run(id, spec, work).finally(() => {
      this.running.delete(id);
    });
    this.running.set(id, finished);
    return id;
  }

  /** The job as it is now, or undefined when there is no such job. */
  async find(id: string): Promise<JobRow | undefined> {
    const rows = await this.db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
    return rows[0];
  }

  /**
   * The job once it has finished, or as it is after `ms` milliseconds, whichever comes first. Only work running
   * in this process is waited for; any other job is returned as it is. Throws when there is no such job.
   */
  async waitFor(id: string, ms: number): Promise<JobRow> {
    const running = this.running.get(id);
    if (running !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      });
      await Promise.race([running, timeout]);
      clearTimeout(timer);
    }
    const job = await this.find(id);
    if (job === undefined) throw new Error(`There is no job ${id}`);
    return job;
  }

  /** Resolves when no work is running in this process (tests; the app's onClose waits for it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /**
   * Marks failed every job left queued or running by a process that stopped (a restart, a crash, a deployment).
   * Called once as the app boots, before it starts any work. Resolves with how many there were.
   */
  async recoverInterrupted(): Promise<number> {
    const interrupted = await this.db
      .update(jobs)
      .set({ status: 'failed', error: INTERRUPTED_MESSAGE, finishedAt: this.now() })
      .where(inArray(jobs.status, ['queued', 'running']))
      .returning({ id: jobs.id, kind: jobs.kind });
    for (const job of interrupted) {
      this.options.log.warn({ jobId: job.id, kind: job.kind }, 'job interrupted by a restart: marked failed');
    }
    return interrupted.length;
  }

  /** Runs the work and records how it ended; never rejects. */
  private async run(id: string, spec: JobSpec, work: JobWork): Promise<void> {
    const log = this.options.log;
    const progress = new ProgressWriter(this.db, id, log);
    try {
      await this.db
        .update(jobs)
        .set({ status: 'running', startedAt: this.now(), message: 'Starting' })
        .where(eq(jobs.id, id));
      const { href } = await work(progress);
      if (!isSitePath(href)) throw new Error(`The work returned an href that is not a path on this site: ${href}`);
      await progress.close();
      await this.db
        .update(jobs)
        .set({ ...progress.latest, status: 'succeeded', resultHref: href, finishedAt: this.now() })
        .where(eq(jobs.id, id));
      log.info({ jobId: id, kind: spec.kind }, 'job succeeded');
    } catch (error) {
      await progress.close();
      let message: string;
      if (error instanceof RuleError) {
        message = error.message;
        log.info({ jobId: id, kind: spec.kind, rule: error.message }, 'job stopped by a rule');
      } else {
        message = unexpectedFailureMessage(id);
        log.error({ err: error, jobId: id, kind: spec.kind }, 'job failed');
      }
      try {
        await this.db
          .update(jobs)
          .set({ ...progress.latest, status: 'failed', error: message, finishedAt: this.now() })
          .where(eq(jobs.id, id));
      } catch (recordError) {
        log.error({ err: recordError, jobId: id }, 'job failure not recorded');
      }
    }
  }
}
