/** Allocation runs: the engine's input from a window, running it as a job, the preview, comparing methods, publishing. */
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import {
  allocateWithExplanations,
  MECHANISMS,
  type AllocationInput,
  type AllocationStats,
  type Mechanism,
} from './domain/allocate.ts';
import { buildApplicants } from './domain/arrangements.ts';
import * as repository from './repository.ts';
import type { AllocationRun, PostRow, WindowDetail } from './repository.ts';
import type { StoredResult, WindowStatus } from './schema.ts';
import { auditWindowChange, managedWindow, rankLink, statusOf, type ServiceContext } from './service.ts';

/** The engine's input: submitted rankings (posts still in the window), pre-allocations and linked applications. */
async function allocationInput(
  db: Db,
  windowId: string,
  mechanism: Mechanism,
  seed: number,
): Promise<{ input: AllocationInput; notSubmitted: string[] }> {
  const [posts, learners, rankings] = await Promise.all([
    repository.windowPosts(db, windowId),
    repository.windowLearners(db, windowId),
    repository.submittedRankings(db, windowId),
  ]);
  const { applicants, notSubmitted } = buildApplicants(
    learners.map((learner) => ({
      learnerId: learner.id,
      preallocatedTo: learner.preallocatedPostId,
      linkedWith: learner.linkedWithUserId,
    })),
    new Map(rankings.map((row) => [row.learnerUserId, row.ranking])),
    new Set(posts.map((post) => post.id)),
  );
  return {
    input: {
      mechanism,
      seed,
      applicants,
      posts: posts.map((post) => ({ id: post.id, capacity: post.capacity, group: post.leadEmployerId })),
    },
    notSubmitted,
  };
}

function runnable(window: WindowDetail, now: Date): void {
  const status = statusOf(window, now);
  if (status === 'published') throw new RuleError('This window has been published: its allocation is final');
  if (status !== 'closed') throw new RuleError('Close the window before running the allocation');
}

/** Reports a step of a long piece of work: done of total, and what is happening now in plain English. */
export type StepReporter = (done: number, total: number, message: string) => Promise<void>;

/** Checks, before a run is started, that the person may run this window's allocation now. */
export async function checkRunnable(context: ServiceContext, id: string): Promise<WindowDetail> {
  const window = await managedWindow(context, context.db, id);
  runnable(window, context.now);
  return window;
}

/**
 * Runs the allocation and keeps the run. Reading and solving happen outside any transaction (the embedded database
 * runs one at a time, and a national run should not hold it while it computes); the window is checked again in
 * the transaction that saves the run, so nothing is saved for a window that changed meanwhile.
 */
export async function runAllocation(
  context: ServiceContext,
  id: string,
  seed: number,
  progress: StepReporter = () => Promise.resolve(),
): Promise<AllocationRun> {
  const window = await checkRunnable(context, id);
  await progress(0, 3, 'Reading the submitted rankings');
  const { input, notSubmitted } = await allocationInput(context.db, id, window.mechanism, seed);
  await progress(
    1,
    3,
    `Allocating ${String(input.applicants.length)} applicants to ${String(input.posts.length)} posts`,
  );
  const { result, explanations } = allocateWithExplanations(input);
  await progress(2, 3, 'Saving the run and each learner’s explanation');
  const stored: StoredResult = {
    assignments: result.assignments,
    unplaced: result.unplaced,
    notSubmitted,
    explanations,
  };
  const run = await context.db.transaction(async (tx) => {
    const current = await managedWindow(context, tx, id, 'update');
    runnable(current, context.now);
    if (current.status === 'open') {
      await repository.updateWindow(tx, id, { status: 'closed', closedAt: current.deadline, updatedAt: context.now });
    }
    const saved = await repository.insertRun(tx, {
      id: newId(),
      windowId: id,
      mechanism: current.mechanism,
      seed,
      input,
      result: stored,
      stats: result.stats,
      runBy: context.principal.userId,
      runByName: context.principal.displayName,
      createdAt: context.now,
    });
    await audit(
      tx,
      context.actor,
      {
        action: 'create',
        entityType: 'allocation_run',
        entityId: saved.id,
        regionId: current.regionId,
        summary: `Ran the allocation for ${current.name} with seed ${String(seed)}`,
        after: {
          mechanism: current.mechanism,
          seed,
          applicants: result.stats.applicants,
          assigned: result.stats.assigned,
          notSubmitted: notSubmitted.length,
        },
      },
      context.now,
    );
    return saved;
  });
  await progress(3, 3, 'The run is saved');
  return run;
}

export interface RunView {
  window: WindowDetail;
  status: WindowStatus;
  run: AllocationRun;
  posts: PostRow[];
  names: Map<string, { name: string; email: string }>;
}

export async function getRun(context: ServiceContext, windowId: string, runId: string): Promise<RunView> {
  const window = await managedWindow(context, context.db, windowId);
  const run = await repository.findRun(context.db, runId);
  if (run === undefined || run.windowId !== window.id) throw new NotFoundError();
  const [posts, names] = await Promise.all([
    repository.windowPosts(context.db, windowId),
    repository.userNames(context.db, [...Object.keys(run.result.assignments), ...run.result.notSubmitted]),
  ]);
  return { window, status: statusOf(window, context.now), run, posts, names };
}

export interface Simulation {
  mechanism: Mechanism;
  stats: AllocationStats;
}

/** Every mechanism on the submitted rankings, with the window's seed; nothing is stored. */
export async function compareMechanisms(
  context: ServiceContext,
  id: string,
): Promise<{ window: WindowDetail; status: WindowStatus; simulations: Simulation[]; notSubmitted: number }> {
  const window = await managedWindow(context, context.db, id);
  const simulations: Simulation[] = [];
  let notSubmitted = 0;
  for (const mechanism of MECHANISMS) {
    const built = await allocationInput(context.db, id, mechanism, window.seed);
    notSubmitted = built.notSubmitted.length;
    simulations.push({ mechanism, stats: allocateWithExplanations(built.input).result.stats });
  }
  return { window, status: statusOf(window, context.now), simulations, notSubmitted };
}

function ordinal(n: number): string {
  const words = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  return words[n - 1] ?? `${String(n)}th`;
}

export async function publishRun(context: ServiceContext, windowId: string, runId: string): Promise<WindowDetail> {
  return context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, windowId, 'update');
    if (window.status === 'published') throw new RuleError('This window has already been published');
    const run = await repository.findRun(tx, runId);
    if (run === undefined || run.windowId !== windowId) throw new NotFoundError();
    runnable(window, context.now);
    const placed = Object.entries(run.result.assignments).flatMap(([learnerUserId, postId]) =>
      postId === null ? [] : [{ learnerUserId, postId }],
    );
    await repository.assign(tx, placed, context.now, newId);
    await repository.updateWindow(tx, windowId, {
      status: 'published',
      publishedAt: context.now,
      publishedRunId: run.id,
      updatedAt: context.now,
    });
    const [posts, learners] = await Promise.all([
      repository.windowPosts(tx, windowId),
      repository.windowLearners(tx, windowId),
    ]);
    const postById = new Map(posts.map((post) => [post.id, post]));
    const explanations = new Map(run.result.explanations.map((item) => [item.applicant, item]));
    const link = `${rankLink(context, windowId)}/result`;
    for (const learner of learners) {
      const explanation = explanations.get(learner.id);
      const post = explanation?.post === null || explanation === undefined ? undefined : postById.get(explanation.post);
      const outcome =
        explanation === undefined
          ? [
              `You did not submit a ranking for ${window.name}, so you were not placed by this allocation.`,
              'Your programme team will contact you about your post.',
            ]
          : post === undefined || explanation.choice === null
            ? [
                `You were not allocated a post in ${window.name}: every post you ranked was filled.`,
                'Your programme team will contact you about what happens next.',
              ]
            : [
                `You have been allocated post ${post.code}: ${post.title} (lead employer ${post.leadEmployerName}).`,
                `It was your ${ordinal(explanation.choice)} choice.`,
              ];
      await context.mailer.queue(
        tx,
        {
          to: learner.email,
          subject: `Your allocation for ${window.name}`,
          regionId: window.regionId,
          text: [`Dear ${learner.name},`, '', ...outcome, '', `See your result and why: ${link}`].join('\n'),
        },
        context.now,
      );
    }
    await auditWindowChange(tx, context, windowId, window.regionId, {
      summary: `Published the allocation for ${window.name}: ${String(placed.length)} learners placed`,
      before: { status: window.status },
      after: { status: 'published', runId: run.id, seed: run.seed, placed: placed.length },
    });
    return window;
  });
}
