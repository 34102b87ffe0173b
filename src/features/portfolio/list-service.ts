/** Reading a portfolio: a learner's entries with filters and search, their drafts, and a supervisor's queue. */
import type { Context } from '../../platform/context.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/client.ts';
import { formatDate } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { offsetFor, toPage, type Page, DEFAULT_PAGE_SIZE } from '../../platform/web/pagination.ts';
import { SUPERVISORS } from '../../platform/policy.ts';
import { evidenceOf, regionCurriculum } from '../curriculum/index.ts';
import { supervisedLearnerIds, visibleLearners, type LearnerRecord } from '../learners/index.ts';
import { currentSupervisorOf } from '../people/index.ts';
import { placementsOfLearner, type LearnerPlacement } from '../placements/index.ts';
import type { EntryKind, EntryStatus } from './domain/entries.ts';
import { learnerAccess, seesPrivate, type LearnerAccess } from './policy.ts';
import * as repository from './repository.ts';

export interface PortfolioFilters {
  kind?: EntryKind | undefined;
  status?: EntryStatus | undefined;
  outcome?: string | undefined;
  placementId?: string | undefined;
  q?: string | undefined;
}

export interface Portfolio {
  access: LearnerAccess;
  /** The learner's placements, to filter by. */
  placements: LearnerPlacement[];
  page: Page<repository.EntryListItem>;
  counts: Partial<Record<EntryStatus, number>>;
  drafts: repository.Draft[];
}

/** A learner's portfolio as the signed-in person may see it (private reflections only for the learner and their ES). */
export async function portfolio(
  ctx: Context,
  learnerId: string,
  filters: PortfolioFilters,
  pageNumber: number,
): Promise<Portfolio> {
  const access = await learnerAccess(ctx, learnerId);
  let ids: string[] | undefined;
  if (filters.outcome !== undefined) {
    const curriculum = await regionCurriculum(ctx.db, access.learner.regionId);
    const links = curriculum === undefined ? [] : await evidenceOf(ctx.db, learnerId, curriculum.id);
    ids = links
      .filter((link) => link.sourceType === 'portfolio-entry' && link.outcomeCode === filters.outcome)
      .map((link) => link.sourceId);
  }
  const [list, counts, drafts, placements] = await Promise.all([
    repository.listEntries(
      ctx.db,
      learnerId,
      { ...filters, ids, includePrivate: seesPrivate(access) },
      DEFAULT_PAGE_SIZE,
      offsetFor(pageNumber),
    ),
    repository.statusCounts(ctx.db, learnerId),
    access.own ? repository.draftsOf(ctx.db, ctx.principal.userId, learnerId) : Promise.resolve([]),
    placementsOfLearner(ctx.db, learnerId),
  ]);
  return { access, placements, page: toPage(list.items, list.total, pageNumber), counts, drafts };
}

export interface SupervisorQueue {
  learners: LearnerRecord[];
  awaiting: (repository.AwaitingSignOff & { learnerName: string })[];
}

/**
 * What a supervisor's portfolio page lists: their learners, and their learners' entries awaiting sign-off (a private
 * reflection only for its learner's educational supervisor).
 */
export async function supervisorQueue(ctx: Pick<Context, 'db' | 'principal' | 'now'>): Promise<SupervisorQueue> {
  if (!hasRole(ctx.principal, ...SUPERVISORS)) return { learners: [], awaiting: [] };
  const ids = await supervisedLearnerIds(ctx.db, ctx.principal.userId, ctx.now);
  const learners = (await visibleLearners(ctx.db, ctx.principal, ctx.now)).filter((learner) =>
    ids.includes(learner.id),
  );
  const names = new Map(learners.map((learner) => [learner.id, learner.name]));
  const educational = new Set<string>();
  for (const learner of learners) {
    if ((await currentSupervisorOf(ctx.db, learner.id))?.id === ctx.principal.userId) educational.add(learner.id);
  }
  const awaiting = (await repository.awaitingSignOff(ctx.db, ids))
    .filter((entry) => !entry.private || educational.has(entry.learnerUserId))
    .map((entry) => ({ ...entry, learnerName: names.get(entry.learnerUserId) ?? '' }));
  return { learners, awaiting };
}

/** Supervisors: the entries waiting for their sign-off, as one task on their home page. */
export async function supervisorTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  const { awaiting } = await supervisorQueue({ db, principal, now });
  if (awaiting.length === 0) return [];
  const oldest = awaiting[0]?.submittedAt ?? null;
  return [
    {
      text: 'Sign off portfolio entries',
      href: '/portfolio',
      hint: `${awaiting.length === 1 ? '1 entry' : `${String(awaiting.length)} entries`} waiting${
        oldest === null ? '' : `, the oldest since ${formatDate(oldest)}`
      }`,
      status: 'to do',
    },
  ];
}
