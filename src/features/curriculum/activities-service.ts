/**
 * Learning activities of a region's curriculum: what learners do (event days, tasters, e-learning, reading, 360°
 * scenarios, project milestones, reflective writing, MDT observation), each mapped to at most three outcomes and
 * required or optional at each stage.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { toPage, offsetFor, type Page } from '../../platform/web/pagination.ts';
import { mayRead } from './policy.ts';
import { compareText } from './domain/curriculum.ts';
import * as repository from './repository.ts';
import type { Activity, Curriculum, CurriculumVersion } from './repository.ts';
import { ACTIVITY_TYPE_LABELS, type ActivityType, type StageRequirements } from './schema.ts';

export type { Activity };

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

/**
 * A learner sees the activities of their stage, required ones first; everyone else sees them all, filtered by
 * type and stage. Archived activities are listed only for the programme team, when asked.
 */
export async function listActivities(
  ctx: Context,
  regionId: string,
  filters: ActivityFilters,
  pageNumber: number,
): Promise<ActivityList> {
  const manage = runsProgrammeIn(ctx.principal, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  const learnerStage = manage ? null : await repository.learnerStageIn(ctx.db, ctx.principal.userId, regionId);
  if (curriculum === undefined) {
    return { curriculum, version: undefined, manage, learnerStage, page: toPage([], 0, 1) };
  }
  const version =
    learnerStage === null
      ? await repository.currentVersion(ctx.db, curriculum.id)
      : await repository.learnerVersion(ctx.db, ctx.principal.userId, curriculum.id);
  const rows = await repository.activitiesOf(ctx.db, curriculum.id, manage && filters.includeArchived === true);
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
export async function getActivity(ctx: Context, id: string): Promise<ActivityView> {
  const row = await repository.findActivity(ctx.db, id);
  if (row === undefined) throw new NotFoundError();
  const readable = await mayRead(ctx, row.curriculum.regionId);
  const manage = runsProgrammeIn(ctx.principal, row.curriculum.regionId);
  if (!readable || (row.activity.archivedAt !== null && !manage)) throw new NotFoundError();
  return { ...row, manage, version: await repository.currentVersion(ctx.db, row.curriculum.id) };
}

export async function getManagedActivity(ctx: Context, id: string): Promise<ActivityView> {
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
  ctx: Context,
  regionId: string,
): Promise<{ curriculum: Curriculum | undefined; version: CurriculumVersion | undefined }> {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  return {
    curriculum,
    version: curriculum === undefined ? undefined : await repository.currentVersion(ctx.db, curriculum.id),
  };
}

export async function createActivity(ctx: Context, regionId: string, fields: ActivityFields): Promise<string> {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
  return ctx.db.transaction(async (tx) => {
    const curriculum = await repository.regionCurriculum(tx, regionId);
    if (curriculum === undefined) throw new NotFoundError();
    const id = newId();
    await repository.insertActivity(tx, {
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

export async function updateActivity(ctx: Context, id: string, fields: ActivityFields): Promise<void> {
  const view = await getManagedActivity(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await repository.updateActivity(tx, id, { ...fields, updatedAt: ctx.now });
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

export async function setActivityArchived(ctx: Context, id: string, archive: boolean): Promise<Activity> {
  const view = await getManagedActivity(ctx, id);
  return ctx.db.transaction(async (tx) => {
    const archivedAt = archive ? ctx.now : null;
    await repository.updateActivity(tx, id, { archivedAt, updatedAt: ctx.now });
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
