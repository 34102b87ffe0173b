import { teamRegions, runsProgrammeIn, ownLearnerId } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import {
  allocateWithExplanations,
  MECHANISMS,
  type AllocationInput,
  type AllocationStats,
  type ApplicantExplanation,
  type Mechanism,
} from './domain/allocate.ts';
import { buildApplicants, linkStatus, type LinkStatus } from './domain/arrangements.ts';
import * as repository from './repository.ts';
import type { AllocationRun, LearnerChoice, PostRow, WindowDetail, WindowLearner } from './repository.ts';
import type { StoredResult, WindowStatus } from './schema.ts';

import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';

export type ServiceContext = Context;

/** "closed" also when an open window's deadline has passed: learners can no longer change anything. */
export function statusOf(window: { status: WindowStatus; deadline: Date }, now: Date): WindowStatus {
  return window.status === 'open' && window.deadline.getTime() <= now.getTime() ? 'closed' : window.status;
}

/**
 * A window the person may manage; one in another region is reported as not found, never as forbidden. Every change
 * reads it with `lock` in its transaction and checks the state under the lock: two changes at once (two publishes,
 * two swaps) then run one after the other, and the second sees what the first did.
 */
async function managedWindow(context: ServiceContext, db: Db, id: string, lock?: 'update'): Promise<WindowDetail> {
  const window = await repository.findWindow(db, id, lock);
  if (window === undefined || !runsProgrammeIn(context.principal, window.regionId)) throw new NotFoundError();
  return window;
}

export async function listWindows(
  context: ServiceContext,
  page: number,
): Promise<Page<repository.WindowListItem & { shownStatus: WindowStatus }>> {
  const { items, total } = await repository.listWindows(
    context.db,
    teamRegions(context.principal),
    DEFAULT_PAGE_SIZE,
    offsetFor(page),
  );
  return toPage(
    items.map((item) => ({ ...item, shownStatus: statusOf(item, context.now) })),
    total,
    page,
  );
}

export async function yearChoices(context: ServiceContext): Promise<repository.YearChoice[]> {
  return repository.yearChoices(context.db, teamRegions(context.principal));
}

export interface WindowChoices {
  year: repository.YearChoice;
  posts: PostRow[];
  learners: LearnerChoice[];
}

/** The posts and learners a new window for the year may include; undefined for a year the person cannot manage. */
export async function windowChoices(context: ServiceContext, yearId: string): Promise<WindowChoices | undefined> {
  const year = (await yearChoices(context)).find((choice) => choice.id === yearId);
  if (year === undefined) return undefined;
  const [posts, learners] = await Promise.all([
    repository.yearPosts(context.db, year.id),
    repository.regionLearners(context.db, year.regionId),
  ]);
  return { year, posts, learners };
}

export interface NewWindow {
  yearId: string;
  name: string;
  postIds: string[];
  learnerIds: string[];
  deadline: Date;
  mechanism: Mechanism;
  seed: number;
}

export async function createWindow(context: ServiceContext, fields: NewWindow): Promise<repository.PreferenceWindow> {
  const choices = await windowChoices(context, fields.yearId);
  if (choices === undefined) throw new RuleError('Select the programme year', 'programmeYearId');
  const postIds = new Set(choices.posts.map((post) => post.id));
  const learnerIds = new Set(choices.learners.map((learner) => learner.id));
  if (fields.postIds.length === 0 || !fields.postIds.every((id) => postIds.has(id))) {
    throw new RuleError('Select at least one post of the programme year', 'posts');
  }
  if (fields.learnerIds.length === 0 || !fields.learnerIds.every((id) => learnerIds.has(id))) {
    throw new RuleError('Select at least one learner', 'learners');
  }
  return context.db.transaction(async (tx) => {
    const window = await repository.insertWindow(tx, {
      id: newId(),
      regionId: choices.year.regionId,
      programmeYearId: choices.year.id,
      name: fields.name,
      mechanism: fields.mechanism,
      seed: fields.seed,
      deadline: fields.deadline,
      status: 'draft',
      createdBy: context.principal.userId,
      createdAt: context.now,
      updatedAt: context.now,
    });
    await repository.addWindowPosts(tx, window.id, [...new Set(fields.postIds)]);
    await repository.addWindowLearners(tx, window.id, [...new Set(fields.learnerIds)]);
    await audit(
      tx,
      context.actor,
      {
        action: 'create',
        entityType: 'preference_window',
        entityId: window.id,
        regionId: window.regionId,
        summary: `Created preference window ${window.name} (${choices.year.name})`,
        after: {
          name: window.name,
          mechanism: window.mechanism,
          seed: window.seed,
          deadline: window.deadline.toISOString(),
          posts: fields.postIds.length,
          learners: fields.learnerIds.length,
        },
      },
      context.now,
    );
    return window;
  });
}

export interface WindowView {
  window: WindowDetail;
  status: WindowStatus;
  posts: PostRow[];
  learners: WindowLearner[];
  runs: Awaited<ReturnType<typeof repository.listRuns>>;
  swaps: { first: string; second: string; firstPost: string; secondPost: string; reason: string; createdAt: Date }[];
}

export async function getWindow(context: ServiceContext, id: string): Promise<WindowView> {
  const window = await managedWindow(context, context.db, id);
  const [posts, learners, runs, swaps] = await Promise.all([
    repository.windowPosts(context.db, id),
    repository.windowLearners(context.db, id),
    repository.listRuns(context.db, id),
    repository.listSwaps(context.db, id),
  ]);
  const names = new Map(learners.map((learner) => [learner.id, learner.name]));
  const codes = new Map(posts.map((post) => [post.id, post.code]));
  return {
    window,
    status: statusOf(window, context.now),
    posts,
    learners,
    runs,
    swaps: swaps.map((swap) => ({
      first: names.get(swap.firstLearnerUserId) ?? 'A learner',
      second: names.get(swap.secondLearnerUserId) ?? 'A learner',
      firstPost: codes.get(swap.firstPostId) ?? '',
      secondPost: codes.get(swap.secondPostId) ?? '',
      reason: swap.reason,
      createdAt: swap.createdAt,
    })),
  };
}

function rankLink(context: ServiceContext, windowId: string): string {
  return `${context.publicUrl}/preferences/${windowId}`;
}

export async function openWindow(context: ServiceContext, id: string): Promise<WindowDetail> {
  return context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, id, 'update');
    if (window.status !== 'draft') throw new RuleError('This window has already been opened');
    if (window.deadline.getTime() <= context.now.getTime()) {
      throw new RuleError('The deadline has passed: create a new window with a later deadline');
    }
    await repository.updateWindow(tx, id, { status: 'open', openedAt: context.now, updatedAt: context.now });
    const learners = await repository.windowLearners(tx, id);
    const description = MECHANISM_DESCRIPTIONS[window.mechanism];
    for (const learner of learners) {
      await context.mailer.queue(
        tx,
        {
          to: learner.email,
          subject: `Rank the posts for ${window.name} by ${formatDateTime(window.deadline)}`,
          regionId: window.regionId,
          text: [
            `Dear ${learner.name},`,
            '',
            `You can now rank the posts for ${window.name} (${window.yearName}).`,
            `The deadline is ${formatDateTime(window.deadline)}. You can change your ranking until then.`,
            '',
            `Posts will be allocated by ${description.name.toLowerCase()}: ${description.summary}`,
            '',
            `Rank the posts: ${rankLink(context, id)}`,
          ].join('\n'),
        },
        context.now,
      );
    }
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Opened preference window ${window.name} and emailed ${String(learners.length)} learners`,
        before: { status: 'draft' },
        after: { status: 'open' },
      },
      context.now,
    );
    return window;
  });
}

export async function closeWindow(context: ServiceContext, id: string): Promise<WindowDetail> {
  return context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, id, 'update');
    if (window.status !== 'open') throw new RuleError('Only an open window can be closed');
    await repository.updateWindow(tx, id, { status: 'closed', closedAt: context.now, updatedAt: context.now });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Closed preference window ${window.name}`,
        before: { status: 'open' },
        after: { status: 'closed' },
      },
      context.now,
    );
    return window;
  });
}

/** Emails every eligible learner who has not submitted; returns how many were reminded. */
export async function sendReminders(context: ServiceContext, id: string): Promise<number> {
  return context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, id, 'update');
    if (statusOf(window, context.now) !== 'open')
      throw new RuleError('Reminders can only be sent while the window is open');
    const waiting = (await repository.windowLearners(tx, id)).filter((learner) => learner.submittedAt === null);
    for (const learner of waiting) {
      await context.mailer.queue(
        tx,
        {
          to: learner.email,
          subject: `Reminder: rank the posts for ${window.name} by ${formatDateTime(window.deadline)}`,
          regionId: window.regionId,
          text: [
            `Dear ${learner.name},`,
            '',
            `You have not yet submitted your ranking of the posts for ${window.name}.`,
            `The deadline is ${formatDateTime(window.deadline)}. If you do not submit by then, you will not be placed by this allocation.`,
            '',
            `Rank the posts: ${rankLink(context, id)}`,
          ].join('\n'),
        },
        context.now,
      );
    }
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Sent reminders for ${window.name} to ${String(waiting.length)} learners`,
      },
      context.now,
    );
    return waiting.length;
  });
}

// ----- Special circumstances and linked applications -----

export interface LinkedPair {
  first: WindowLearner;
  second: WindowLearner;
  status: LinkStatus;
}

export interface ArrangementsView {
  window: WindowDetail;
  status: WindowStatus;
  /** Pre-allocations and links can be changed until the allocation is published. */
  editable: boolean;
  posts: PostRow[];
  learners: WindowLearner[];
  preallocated: (WindowLearner & { post: PostRow | undefined })[];
  pairs: LinkedPair[];
}

function submittedList(learner: WindowLearner): string[] | undefined {
  return learner.submittedAt === null ? undefined : learner.ranking;
}

function pairsOf(window: WindowDetail, learners: readonly WindowLearner[]): LinkedPair[] {
  const byId = new Map(learners.map((learner) => [learner.id, learner]));
  const pairs: LinkedPair[] = [];
  for (const first of learners) {
    const second = first.linkedWithUserId === null ? undefined : byId.get(first.linkedWithUserId);
    // Each pair once: from the member whose id sorts first.
    if (second === undefined || second.linkedWithUserId !== first.id || first.id > second.id) continue;
    pairs.push({ first, second, status: linkStatus(window.mechanism, submittedList(first), submittedList(second)) });
  }
  return pairs;
}

export async function getArrangements(context: ServiceContext, id: string): Promise<ArrangementsView> {
  const window = await managedWindow(context, context.db, id);
  const [posts, learners] = await Promise.all([
    repository.windowPosts(context.db, id),
    repository.windowLearners(context.db, id),
  ]);
  const postById = new Map(posts.map((post) => [post.id, post]));
  return {
    window,
    status: statusOf(window, context.now),
    editable: window.status !== 'published',
    posts,
    learners,
    preallocated: learners
      .filter((learner) => learner.preallocatedPostId !== null)
      .map((learner) => ({ ...learner, post: postById.get(learner.preallocatedPostId ?? '') })),
    pairs: pairsOf(window, learners),
  };
}

/** The window, its learners and posts, inside a transaction, for a change to pre-allocations or links. */
async function arrangeable(context: ServiceContext, tx: Db, id: string) {
  const window = await managedWindow(context, tx, id, 'update');
  if (window.status === 'published') {
    throw new RuleError('This window has been published: its allocation is final');
  }
  const [posts, learners] = await Promise.all([repository.windowPosts(tx, id), repository.windowLearners(tx, id)]);
  return { window, posts, learners };
}

export async function preallocate(
  context: ServiceContext,
  id: string,
  fields: { learnerId: string; postId: string; reason: string },
): Promise<{ learner: string; post: string }> {
  return context.db.transaction(async (tx) => {
    const { window, posts, learners } = await arrangeable(context, tx, id);
    const learner = learners.find((row) => row.id === fields.learnerId);
    if (learner === undefined) throw new RuleError('Select a learner eligible for this window', 'learnerId');
    const post = posts.find((row) => row.id === fields.postId);
    if (post === undefined) throw new RuleError('Select a post in this window', 'postId');
    if (learner.linkedWithUserId !== null) {
      throw new RuleError(
        `${learner.name} has a linked application: remove the link before pre-allocating them`,
        'learnerId',
      );
    }
    const taken = learners.filter((row) => row.preallocatedPostId === post.id && row.id !== learner.id).length;
    if (taken >= post.capacity) {
      throw new RuleError(
        `${post.code} has ${String(post.capacity)} ${post.capacity === 1 ? 'place' : 'places'}, all already pre-allocated`,
        'postId',
      );
    }
    await repository.updateWindowLearner(tx, id, learner.id, {
      preallocatedPostId: post.id,
      preallocationReason: fields.reason,
    });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Pre-allocated ${learner.name} to ${post.code} in ${window.name} on special circumstances`,
        // The circumstances are often about health or family: the log records that a reason was given, not the
        // reason, which lives only on the window where erasure can reach it.
        before: {
          learner: learner.id,
          post: learner.preallocatedPostId,
          reasonGiven: learner.preallocationReason !== null,
        },
        after: { learner: learner.id, post: post.id, reasonGiven: true },
      },
      context.now,
    );
    return { learner: learner.name, post: post.code };
  });
}

export async function removePreallocation(context: ServiceContext, id: string, learnerId: string): Promise<string> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const learner = learners.find((row) => row.id === learnerId);
    if (learner?.preallocatedPostId == null) throw new NotFoundError();
    await repository.updateWindowLearner(tx, id, learner.id, { preallocatedPostId: null, preallocationReason: null });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Removed the pre-allocation of ${learner.name} in ${window.name}`,
        before: { learner: learner.id, post: learner.preallocatedPostId, reasonGiven: true },
        after: { learner: learner.id, post: null, reasonGiven: false },
      },
      context.now,
    );
    return learner.name;
  });
}

export async function linkApplications(
  context: ServiceContext,
  id: string,
  fields: { firstLearnerId: string; secondLearnerId: string },
): Promise<[string, string]> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const first = learners.find((row) => row.id === fields.firstLearnerId);
    const second = learners.find((row) => row.id === fields.secondLearnerId);
    if (first === undefined) throw new RuleError('Select a learner eligible for this window', 'firstLearnerId');
    if (second === undefined) throw new RuleError('Select a learner eligible for this window', 'secondLearnerId');
    if (first.id === second.id) throw new RuleError('Select two different learners', 'secondLearnerId');
    for (const [learner, field] of [
      [first, 'firstLearnerId'],
      [second, 'secondLearnerId'],
    ] as const) {
      if (learner.linkedWithUserId !== null) {
        throw new RuleError(`${learner.name} is already linked: remove that link first`, field);
      }
      if (learner.preallocatedPostId !== null) {
        throw new RuleError(`${learner.name} is pre-allocated, so cannot be linked`, field);
      }
    }
    await repository.updateWindowLearner(tx, id, first.id, { linkedWithUserId: second.id });
    await repository.updateWindowLearner(tx, id, second.id, { linkedWithUserId: first.id });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Linked the applications of ${first.name} and ${second.name} in ${window.name}`,
        after: { linked: [first.id, second.id] },
      },
      context.now,
    );
    return [first.name, second.name];
  });
}

export async function unlinkApplications(
  context: ServiceContext,
  id: string,
  learnerId: string,
): Promise<[string, string]> {
  return context.db.transaction(async (tx) => {
    const { window, learners } = await arrangeable(context, tx, id);
    const first = learners.find((row) => row.id === learnerId);
    const second = learners.find((row) => row.id === first?.linkedWithUserId);
    if (first === undefined || second === undefined) throw new NotFoundError();
    await repository.updateWindowLearner(tx, id, first.id, { linkedWithUserId: null });
    await repository.updateWindowLearner(tx, id, second.id, { linkedWithUserId: null });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: id,
        regionId: window.regionId,
        summary: `Removed the link between ${first.name} and ${second.name} in ${window.name}`,
        before: { linked: [first.id, second.id] },
      },
      context.now,
    );
    return [first.name, second.name];
  });
}

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
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'preference_window',
        entityId: windowId,
        regionId: window.regionId,
        summary: `Published the allocation for ${window.name}: ${String(placed.length)} learners placed`,
        before: { status: window.status },
        after: { status: 'published', runId: run.id, seed: run.seed, placed: placed.length },
      },
      context.now,
    );
    return window;
  });
}

/** Two learners placed by the published run exchange posts; the reason is kept and the change audited. */
export async function recordSwap(
  context: ServiceContext,
  windowId: string,
  fields: { firstLearnerId: string; secondLearnerId: string; reason: string },
): Promise<void> {
  await context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, windowId, 'update');
    if (window.status !== 'published' || window.publishedRunId === null) {
      throw new RuleError('Swaps can be recorded only after the allocation is published', 'firstLearnerId');
    }
    if (fields.firstLearnerId === fields.secondLearnerId) {
      throw new RuleError('Select two different learners', 'secondLearnerId');
    }
    const current = await currentPosts(tx, windowId, window.publishedRunId);
    const firstPost = current.get(fields.firstLearnerId);
    const secondPost = current.get(fields.secondLearnerId);
    if (firstPost === undefined) throw new RuleError('Select a learner who was given a post', 'firstLearnerId');
    if (secondPost === undefined) throw new RuleError('Select a learner who was given a post', 'secondLearnerId');
    if (firstPost === secondPost) throw new RuleError('These learners are in the same post', 'secondLearnerId');
    await repository.moveAssignment(tx, fields.firstLearnerId, firstPost, secondPost);
    await repository.moveAssignment(tx, fields.secondLearnerId, secondPost, firstPost);
    const id = newId();
    await repository.insertSwap(tx, {
      id,
      windowId,
      firstLearnerUserId: fields.firstLearnerId,
      secondLearnerUserId: fields.secondLearnerId,
      firstPostId: firstPost,
      secondPostId: secondPost,
      reason: fields.reason,
      recordedBy: context.principal.userId,
      createdAt: context.now,
    });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'allocation_swap',
        entityId: id,
        regionId: window.regionId,
        summary: `Recorded a swap of posts between two learners in ${window.name}`,
        before: { [fields.firstLearnerId]: firstPost, [fields.secondLearnerId]: secondPost },
        // As with special circumstances, the reason stays with the swap, out of the log.
        after: { [fields.firstLearnerId]: secondPost, [fields.secondLearnerId]: firstPost, reasonGiven: true },
      },
      context.now,
    );
  });
}

/** Each placed learner's post after the published run and any swaps since. */
async function currentPosts(db: Db, windowId: string, runId: string): Promise<Map<string, string>> {
  const run = await repository.findRun(db, runId);
  const posts = new Map<string, string>();
  for (const [learner, post] of Object.entries(run?.result.assignments ?? {}))
    if (post !== null) posts.set(learner, post);
  for (const swap of await repository.listSwaps(db, windowId)) {
    posts.set(swap.firstLearnerUserId, swap.secondPostId);
    posts.set(swap.secondLearnerUserId, swap.firstPostId);
  }
  return posts;
}

export async function swapChoices(context: ServiceContext, windowId: string) {
  const window = await managedWindow(context, context.db, windowId);
  if (window.publishedRunId === null) return [];
  const current = await currentPosts(context.db, windowId, window.publishedRunId);
  const [learners, posts] = await Promise.all([
    repository.windowLearners(context.db, windowId),
    repository.windowPosts(context.db, windowId),
  ]);
  const codes = new Map(posts.map((post) => [post.id, post.code]));
  return learners.flatMap((learner) => {
    const post = current.get(learner.id);
    return post === undefined ? [] : [{ id: learner.id, name: `${learner.name} (${codes.get(post) ?? ''})` }];
  });
}

// ----- Learners -----

export async function learnerWindowList(context: ServiceContext) {
  const rows = await repository.learnerWindows(context.db, ownLearnerId(context.principal));
  return rows.map((row) => ({ ...row, shownStatus: statusOf(row, context.now) }));
}

/** A window the learner is eligible for and that has been opened; anything else is not found. */
async function eligibleWindow(context: ServiceContext, windowId: string): Promise<WindowDetail> {
  const userId = ownLearnerId(context.principal);
  const window = await repository.findWindow(context.db, windowId);
  if (window === undefined || window.status === 'draft') throw new NotFoundError();
  if (!(await repository.isEligible(context.db, windowId, userId))) throw new NotFoundError();
  return window;
}

export interface LearnerWindowView {
  window: WindowDetail;
  status: WindowStatus;
  editable: boolean;
  posts: PostRow[];
  submission: repository.Submission | undefined;
  /** Special circumstances: the post fixed for this learner before the run. */
  preallocatedTo: PostRow | undefined;
  /** A linked application: the other learner's name and whether the two rankings will be taken together. */
  linked: { name: string; status: LinkStatus } | undefined;
}

export async function learnerWindow(context: ServiceContext, windowId: string): Promise<LearnerWindowView> {
  const window = await eligibleWindow(context, windowId);
  const status = statusOf(window, context.now);
  const [posts, submission, learners] = await Promise.all([
    repository.windowPosts(context.db, windowId),
    repository.findSubmission(context.db, windowId, context.principal.userId),
    repository.windowLearners(context.db, windowId),
  ]);
  const me = learners.find((learner) => learner.id === context.principal.userId);
  const partner = learners.find((learner) => learner.id === me?.linkedWithUserId);
  const pair = me === undefined ? undefined : pairsOf(window, [me, ...(partner === undefined ? [] : [partner])])[0];
  return {
    window,
    status,
    editable: status === 'open',
    posts,
    submission,
    preallocatedTo: posts.find((post) => post.id === me?.preallocatedPostId),
    linked: partner === undefined || pair === undefined ? undefined : { name: partner.name, status: pair.status },
  };
}

export async function saveRanking(
  context: ServiceContext,
  windowId: string,
  ranking: string[],
  submit: boolean,
): Promise<void> {
  const window = await eligibleWindow(context, windowId);
  await context.db.transaction(async (tx) => {
    // Read again under a shared lock: a window closed by the programme team a moment ago takes no more rankings.
    const current = (await repository.findWindow(tx, windowId, 'share')) ?? window;
    if (statusOf(current, context.now) !== 'open') {
      throw new RuleError('The deadline for this window has passed: your ranking can no longer be changed');
    }
    const posts = new Set((await repository.windowPosts(tx, windowId)).map((post) => post.id));
    if (!ranking.every((id) => posts.has(id))) throw new RuleError('Rank only the posts listed');
    const before = await repository.findSubmission(tx, windowId, context.principal.userId);
    const submittedAt = submit ? context.now : null;
    await repository.saveSubmission(tx, {
      windowId,
      learnerUserId: context.principal.userId,
      ranking,
      submittedAt,
      updatedAt: context.now,
    });
    await audit(
      tx,
      context.actor,
      {
        action: before === undefined ? 'create' : 'update',
        entityType: 'preference_submission',
        entityId: windowId,
        regionId: window.regionId,
        summary: submit ? `Submitted preferences for ${window.name}` : `Saved draft preferences for ${window.name}`,
        before: before === undefined ? null : { ranking: before.ranking, submitted: before.submittedAt !== null },
        after: { ranking, submitted: submit },
      },
      context.now,
    );
  });
}

export async function learnerPost(
  context: ServiceContext,
  windowId: string,
  postId: string,
): Promise<{ window: WindowDetail; post: PostRow; rotation: repository.RotationRow[] }> {
  const window = await eligibleWindow(context, windowId);
  const post = (await repository.windowPosts(context.db, windowId)).find((row) => row.id === postId);
  if (post === undefined) throw new NotFoundError();
  return { window, post, rotation: await repository.rotation(context.db, postId) };
}

export interface LearnerResult {
  window: WindowDetail;
  run: AllocationRun;
  explanation: ApplicantExplanation | undefined;
  posts: Map<string, PostRow>;
  swappedTo: PostRow | undefined;
}

export async function learnerResult(context: ServiceContext, windowId: string): Promise<LearnerResult> {
  const window = await eligibleWindow(context, windowId);
  if (window.status !== 'published' || window.publishedRunId === null) throw new NotFoundError();
  const run = await repository.findRun(context.db, window.publishedRunId);
  if (run === undefined) throw new NotFoundError();
  const posts = new Map((await repository.windowPosts(context.db, windowId)).map((post) => [post.id, post]));
  const explanation = run.result.explanations.find((item) => item.applicant === context.principal.userId);
  const current = await currentPosts(context.db, windowId, run.id);
  const now = current.get(context.principal.userId);
  const swappedTo = now !== undefined && now !== explanation?.post ? posts.get(now) : undefined;
  return { window, run, explanation, posts, swappedTo };
}

/** Home-page tasks: each open window the learner has not submitted to yet. */
export async function learnerTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'learner')) return [];
  const windows = await repository.learnerWindows(db, principal.userId);
  return windows
    .filter((window) => statusOf(window, now) === 'open' && window.submittedAt === null)
    .map((window) => ({
      text: `Rank the posts for ${window.name}`,
      href: `/preferences/${window.id}`,
      hint: `Due ${formatDateTime(window.deadline)}`,
      status: window.hasDraft ? ('in progress' as const) : ('to do' as const),
    }));
}
