/** Preference windows, for the programme team: the list, creating one, its page, opening, closing and reminding. */
import { teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, type AuditEntry } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import type { Mechanism } from './domain/allocate.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import * as repository from './repository.ts';
import type { LearnerChoice, PostRow, WindowDetail, WindowLearner } from './repository.ts';
import type { WindowStatus } from './schema.ts';

export type ServiceContext = Context;

/** The audit record of a change to a preference window, written in the caller's transaction. */
export async function auditWindowChange(
  tx: Db,
  context: ServiceContext,
  windowId: string,
  regionId: string,
  change: Pick<AuditEntry, 'summary' | 'before' | 'after'>,
): Promise<void> {
  await audit(
    tx,
    context.actor,
    { action: 'update', entityType: 'preference_window', entityId: windowId, regionId, ...change },
    context.now,
  );
}

/** "closed" also when an open window's deadline has passed: learners can no longer change anything. */
export function statusOf(window: { status: WindowStatus; deadline: Date }, now: Date): WindowStatus {
  return window.status === 'open' && window.deadline.getTime() <= now.getTime() ? 'closed' : window.status;
}

/**
 * A window the person may manage; one in another region is reported as not found, never as forbidden. Every change
 * reads it with `lock` in its transaction and checks the state under the lock: two changes at once (two publishes,
 * two swaps) then run one after the other, and the second sees what the first did.
 */
export async function managedWindow(
  context: ServiceContext,
  db: Db,
  id: string,
  lock?: 'update',
): Promise<WindowDetail> {
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

/** The learners' link to a window's ranking page, for the emails. */
export function rankLink(context: ServiceContext, windowId: string): string {
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
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Opened preference window ${window.name} and emailed ${String(learners.length)} learners`,
      before: { status: 'draft' },
      after: { status: 'open' },
    });
    return window;
  });
}

export async function closeWindow(context: ServiceContext, id: string): Promise<WindowDetail> {
  return context.db.transaction(async (tx) => {
    const window = await managedWindow(context, tx, id, 'update');
    if (window.status !== 'open') throw new RuleError('Only an open window can be closed');
    await repository.updateWindow(tx, id, { status: 'closed', closedAt: context.now, updatedAt: context.now });
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Closed preference window ${window.name}`,
      before: { status: 'open' },
      after: { status: 'closed' },
    });
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
    await auditWindowChange(tx, context, id, window.regionId, {
      summary: `Sent reminders for ${window.name} to ${String(waiting.length)} learners`,
    });
    return waiting.length;
  });
}
