/**
 * Learning activities of a region's curriculum: what learners do (event days, tasters, e-learning, reading, 360°
 * scenarios, project milestones, reflective writing, MDT observation), each mapped to at most three outcomes and
 * required or optional at each stage.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { toPage, offsetFor, type Page } from '../../platform/web/pagination.ts';
import { learnerProfiles, roleAssignments } from '../people/index.ts';
import {
  currentVersion,
  learnerVersion,
  regionCurriculum,
  type Curriculum,
  type CurriculumVersion,
  type ServiceContext,
} from './core.ts';
import { compareText } from './domain/curriculum.ts';
import {
  ACTIVITY_TYPE_LABELS,
  curricula,
  learningActivities,
  type ActivityType,
  type StageRequirements,
} from './schema.ts';
import { regionChoices } from './versions-service.ts';

export type Activity = typeof learningActivities.$inferSelect;

export { ACTIVITY_TYPE_LABELS };

/** Types whose activity is a page somewhere else, so a link is needed. */
export const TYPES_NEEDING_URL: readonly ActivityType[] = ['e-learning', 'reading'];

export interface ActivityFilters {
  type?: ActivityType | undefined;
  stage?: string | undefined;
  includeArchived?: boolean;
}

export interface ActivityList {
  curriculum: Curriculum | undefined;
  /** The version whose stages and outcomes the page names: the learner's own, or the current one. */
  version: CurriculumVersion | undefined;
  manage: boolean;
  /** Set for a learner of the region: the list is theirs, for their stage. */
  learnerStage: string | null;
  page: Page<Activity>;
}

async function learnerStageIn(ctx: ServiceContext, regionId: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ stage: learnerProfiles.stage })
    .from(learnerProfiles)
    .innerJoin(
      roleAssignments,
      and(eq(roleAssignments.userId, learnerProfiles.userId), eq(roleAssignments.role, 'learner')),
    )
    .where(and(eq(learnerProfiles.userId, ctx.principal.userId), eq(learnerProfiles.regionId, regionId)));
  return row?.stage ?? null;
}

/**
 * A learner sees the activities of their stage, required ones first; everyone else sees them all, filtered by
 * type and stage. Archived activities are listed only for the programme team, when asked.
 */
export async function listActivities(
  ctx: ServiceContext,
  regionId: string,
  filters: ActivityFilters,
  pageNumber: number,
): Promise<ActivityList> {
  const manage = runsProgrammeIn(ctx.principal, regionId);
  const curriculum = await regionCurriculum(ctx.db, regionId);
  const learnerStage = manage ? null : await learnerStageIn(ctx, regionId);
  if (curriculum === undefined) {
    return { curriculum, version: undefined, manage, learnerStage, page: toPage([], 0, 1) };
  }
  const version =
    learnerStage === null
      ? await currentVersion(ctx.db, curriculum.id)
      : await learnerVersion(ctx.db, ctx.principal.userId, curriculum.id);
  const rows = await ctx.db
    .select()
    .from(learningActivities)
    .where(
      and(
        eq(learningActivities.curriculumId, curriculum.id),
        manage && filters.includeArchived === true ? undefined : isNull(learningActivities.archivedAt),
      ),
    )
    .orderBy(asc(learningActivities.title), asc(learningActivities.id));
  let items: Activity[];
  if (learnerStage !== null) {
    const rank = (activity: Activity) => (activity.stages[learnerStage] === 'required' ? 0 : 1);
    items = rows
      .filter((activity) => activity.stages[learnerStage] !== undefined)
      .sort((a, b) => rank(a) - rank(b) || compareText(a.title.toLowerCase(), b.title.toLowerCase()));
  } else {
    items = rows.filter(
      (activity) =>
        (filters.type === undefined || activity.type === filters.type) &&
        (filters.stage === undefined || activity.stages[filters.stage] !== undefined),
    );
  }
  const page = Math.min(pageNumber, Math.max(1, Math.ceil(items.length / 25)));
  const start = offsetFor(page);
  return {
    curriculum,
    version,
    manage,
    learnerStage,
    page: toPage(items.slice(start, start + 25), items.length, page),
  };
}

export interface ActivityView {
  activity: Activity;
  curriculum: Curriculum;
  version: CurriculumVersion | undefined;
  manage: boolean;
}

/** One activity of a region the person may read; archived ones for the programme team only. */
export async function getActivity(ctx: ServiceContext, id: string): Promise<ActivityView> {
  const [row] = await ctx.db
    .select({ activity: learningActivities, curriculum: curricula })
    .from(learningActivities)
    .innerJoin(curricula, eq(curricula.id, learningActivities.curriculumId))
    .where(eq(learningActivities.id, id));
  if (row === undefined) throw new NotFoundError();
  const readable = (await regionChoices(ctx)).some((choice) => choice.id === row.curriculum.regionId);
  const manage = runsProgrammeIn(ctx.principal, row.curriculum.regionId);
  if (!readable || (row.activity.archivedAt !== null && !manage)) throw new NotFoundError();
  return { ...row, manage, version: await currentVersion(ctx.db, row.curriculum.id) };
}

export async function getManagedActivity(ctx: ServiceContext, id: string): Promise<ActivityView> {
  const view = await getActivity(ctx, id);
  if (!view.manage) throw new NotFoundError();
  return view;
}

export interface ActivityFields {
  type: ActivityType;
  title: string;
  description: string;
  url: string | null;
  outcomeCodes: string[];
  stages: StageRequirements;
}

/** The region's curriculum and its current version, which new activities are mapped against. */
export async function activityBasis(
  ctx: ServiceContext,
  regionId: string,
): Promise<{ curriculum: Curriculum | undefined; version: CurriculumVersion | undefined }> {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
  const curriculum = await regionCurriculum(ctx.db, regionId);
  return { curriculum, version: curriculum === undefined ? undefined : await currentVersion(ctx.db, curriculum.id) };
}

export async function createActivity(ctx: ServiceContext, regionId: string, fields: ActivityFields): Promise<string> {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
  return ctx.db.transaction(async (tx) => {
    const curriculum = await regionCurriculum(tx, regionId);
    if (curriculum === undefined) throw new NotFoundError();
    const id = newId();
    await tx.insert(learningActivities).values({
      id,
      curriculumId: curriculum.id,
      ...fields,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'learning_activity',
        entityId: id,
        regionId,
        summary: `Added the learning activity ${fields.title}`,
        after: { ...fields },
      },
      ctx.now,
    );
    return id;
  });
}

export async function updateActivity(ctx: ServiceContext, id: string, fields: ActivityFields): Promise<void> {
  const view = await getManagedActivity(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(learningActivities)
      .set({ ...fields, updatedAt: ctx.now })
      .where(eq(learningActivities.id, id));
    const before = view.activity;
    const diff = changedFields(
      {
        type: before.type,
        title: before.title,
        description: before.description,
        url: before.url,
        outcomeCodes: before.outcomeCodes,
        stages: before.stages,
      },
      { ...fields },
    );
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'learning_activity',
        entityId: id,
        regionId: view.curriculum.regionId,
        summary: `Changed the learning activity ${fields.title}`,
        ...diff,
      },
      ctx.now,
    );
  });
}

export async function setActivityArchived(ctx: ServiceContext, id: string, archive: boolean): Promise<Activity> {
  const view = await getManagedActivity(ctx, id);
  return ctx.db.transaction(async (tx) => {
    const archivedAt = archive ? ctx.now : null;
    await tx.update(learningActivities).set({ archivedAt, updatedAt: ctx.now }).where(eq(learningActivities.id, id));
    await audit(
      tx,
      ctx.actor,
      {
        action: archive ? 'archive' : 'restore',
        entityType: 'learning_activity',
        entityId: id,
        regionId: view.curriculum.regionId,
        summary: `${archive ? 'Archived' : 'Restored'} the learning activity ${view.activity.title}`,
        before: { archivedAt: view.activity.archivedAt },
        after: { archivedAt },
      },
      ctx.now,
    );
    return { ...view.activity, archivedAt };
  });
}
