/**
 * Cohorts (a region's learners by intake year), their members and the heatmap of their coverage, for the
 * programme team.
 */
import { teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { regionsIn } from '../organisations/index.ts';
import * as repository from './cohorts-repository.ts';
import { buildHeatmap, heatmapTable, type Heatmap, type HeatmapLearner } from './domain/heatmap.ts';
import { progressOfMany } from './service.ts';
import { writeCsv } from '../../shared/csv.ts';
import { type Context } from '../../platform/context.ts';
import {
  cohortNamed,
  currentVersion,
  deleteMember,
  findCohort,
  insertCohort,
  insertMembers,
  listCohorts as cohortsPage,
  memberIdsOf,
  regionCurriculum,
  type Cohort,
  type CohortListItem,
  type LearnerRecord,
} from '../curriculum/index.ts';

export type { Cohort } from '../curriculum/index.ts';

export const COHORT_NAME_MAX = 120;
export const INTAKE_YEAR_MIN = 2000;
export const INTAKE_YEAR_MAX = 2100;

export interface RegionChoice {
  id: string;
  name: string;
}

/** The regions the person may make cohorts in. */
export async function regionChoices(ctx: Context): Promise<RegionChoice[]> {
  return regionsIn(ctx.db, teamRegions(ctx.principal));
}

export async function listCohorts(
  ctx: Context,
  page: number,
  pageSize: number,
): Promise<{ items: CohortListItem[]; total: number }> {
  const scope = teamRegions(ctx.principal);
  if (scope !== 'all' && scope.length === 0) return { items: [], total: 0 };
  return cohortsPage(ctx.db, scope, pageSize, (page - 1) * pageSize);
}

export interface CohortFields {
  regionId: string;
  name: string;
  intakeYear: number;
}

export async function createCohort(ctx: Context, fields: CohortFields): Promise<Cohort> {
  if (!runsProgrammeIn(ctx.principal, fields.regionId)) throw new RuleError('Select a region you manage', 'regionId');
  const duplicate = () =>
    new RuleError(
      `There is already a cohort called “${fields.name}” in this region; give this one another name`,
      'name',
    );
  try {
    return await ctx.db.transaction(async (tx) => {
      if ((await cohortNamed(tx, fields.regionId, fields.name)) !== undefined) throw duplicate();
      const cohort = await insertCohort(tx, {
        id: newId(),
        regionId: fields.regionId,
        name: fields.name,
        intakeYear: fields.intakeYear,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      await audit(
        tx,
        ctx.actor,
        {
          action: 'create',
          entityType: 'cohort',
          entityId: cohort.id,
          regionId: cohort.regionId,
          summary: `Created the cohort ${cohort.name} (intake ${String(cohort.intakeYear)})`,
          after: { name: cohort.name, intakeYear: cohort.intakeYear },
        },
        ctx.now,
      );
      return cohort;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

async function managedCohort(db: Db, ctx: Context, id: string): Promise<Cohort> {
  const cohort = await findCohort(db, id);
  if (cohort === undefined || !runsProgrammeIn(ctx.principal, cohort.regionId)) throw new NotFoundError();
  return cohort;
}

async function membersOf(db: Db, cohort: Cohort): Promise<LearnerRecord[]> {
  return repository.regionLearners(db, cohort.regionId, await memberIdsOf(db, cohort.id));
}

export interface CohortHeatmap {
  heatmap: Heatmap | null;
  /** Members left out of the heatmap: their stage is not a stage of their curriculum version. */
  leftOut: LearnerRecord[];
  hasCurriculum: boolean;
}

async function heatmapOf(db: Db, cohort: Cohort, members: readonly LearnerRecord[]): Promise<CohortHeatmap> {
  const curriculum = await regionCurriculum(db, cohort.regionId);
  const version = curriculum === undefined ? undefined : await currentVersion(db, curriculum.id);
  if (version === undefined) return { heatmap: null, leftOut: [], hasCurriculum: false };
  const progress = await progressOfMany(db, members);
  const learners: HeatmapLearner[] = [];
  const leftOut: LearnerRecord[] = [];
  for (const member of members) {
    const mine = progress.get(member.id) ?? null;
    if (mine === null) leftOut.push(member);
    else learners.push({ learnerId: member.id, name: member.name, progress: mine });
  }
  return { heatmap: buildHeatmap(version.content, learners), leftOut, hasCurriculum: true };
}

export interface CohortView extends CohortHeatmap {
  cohort: Cohort;
  members: LearnerRecord[];
  /** Learners of the region not in the cohort, matching the search, for the add form. */
  candidates: LearnerRecord[];
  candidatesTotal: number;
}

export const CANDIDATES_SHOWN = 50;

export async function cohortView(ctx: Context, id: string, search: string): Promise<CohortView> {
  const cohort = await managedCohort(ctx.db, ctx, id);
  const members = await membersOf(ctx.db, cohort);
  const memberIds = new Set(members.map((member) => member.id));
  const q = search.trim().toLowerCase();
  const candidates = (await repository.regionLearners(ctx.db, cohort.regionId)).filter(
    (learner) =>
      !memberIds.has(learner.id) &&
      (q === '' || learner.name.toLowerCase().includes(q) || learner.email.toLowerCase().includes(q)),
  );
  return {
    cohort,
    members,
    candidates: candidates.slice(0, CANDIDATES_SHOWN),
    candidatesTotal: candidates.length,
    ...(await heatmapOf(ctx.db, cohort, members)),
  };
}

export async function addMembers(ctx: Context, id: string, learnerIds: readonly string[]): Promise<number> {
  if (learnerIds.length === 0) throw new RuleError('Select the learners to add', 'learnerIds');
  return ctx.db.transaction(async (tx) => {
    const cohort = await managedCohort(tx, ctx, id);
    const learners = await repository.regionLearners(tx, cohort.regionId, [...new Set(learnerIds)]);
    if (learners.length === 0) throw new RuleError('Select learners of this cohort’s region', 'learnerIds');
    const added = await insertMembers(
      tx,
      cohort.id,
      learners.map((learner) => learner.id),
      ctx.now,
    );
    if (added.length > 0) {
      const names = learners.filter((learner) => added.includes(learner.id)).map((learner) => learner.name);
      await audit(
        tx,
        ctx.actor,
        {
          action: 'update',
          entityType: 'cohort',
          entityId: cohort.id,
          regionId: cohort.regionId,
          summary: `Added ${names.join(', ')} to the cohort ${cohort.name}`,
          after: { added },
        },
        ctx.now,
      );
    }
    return added.length;
  });
}

export async function memberToRemove(
  ctx: Context,
  id: string,
  learnerId: string,
): Promise<{ cohort: Cohort; learner: LearnerRecord }> {
  const cohort = await managedCohort(ctx.db, ctx, id);
  const learner = (await membersOf(ctx.db, cohort)).find((member) => member.id === learnerId);
  if (learner === undefined) throw new NotFoundError();
  return { cohort, learner };
}

export async function removeMember(
  ctx: Context,
  id: string,
  learnerId: string,
): Promise<{ cohort: Cohort; name: string }> {
  return ctx.db.transaction(async (tx) => {
    const cohort = await managedCohort(tx, ctx, id);
    if (!(await deleteMember(tx, cohort.id, learnerId))) throw new NotFoundError();
    const name = (await repository.displayNameOf(tx, learnerId)) ?? 'The learner';
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'cohort',
        entityId: cohort.id,
        regionId: cohort.regionId,
        summary: `Removed ${name} from the cohort ${cohort.name}`,
        before: { removed: learnerId },
      },
      ctx.now,
    );
    return { cohort, name };
  });
}

/** The heatmap as a spreadsheet: the same words as the table; writeCsv guards every cell against formulae. */
export async function heatmapCsv(ctx: Context, id: string): Promise<{ cohort: Cohort; csv: string }> {
  const cohort = await managedCohort(ctx.db, ctx, id);
  const members = await membersOf(ctx.db, cohort);
  const { heatmap } = await heatmapOf(ctx.db, cohort, members);
  const rows = heatmap === null ? [['Learner', 'Stage']] : heatmapTable(heatmap);
  return { cohort, csv: writeCsv(rows) };
}
