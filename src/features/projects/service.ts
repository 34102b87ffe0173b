/**
 * Change projects: starting one, its details and team, and its measures with their data. Every change is written in
 * one transaction with its audit record, on the project row locked first, so two saves at once are taken in turn.
 */
import { audit } from '../../platform/audit/audit.ts';
import { hasRole } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import { findLearner, learnersInRegion, roleHoldersIn } from '../people/index.ts';
import { organisationsIn, regionsIn } from '../organisations/index.ts';
import type { DataPoint } from './domain/measure-data.ts';
import type { MeasureKind, MemberRole, ProjectArea, ProjectStage } from './domain/projects.ts';
import type { Improvement } from './domain/spc-types.ts';
import { fellowRegions, type ProjectAccess } from './policy.ts';
import { atRevision, changeProject, closed, isActive } from './project-change.ts';
import * as repository from './repository.ts';
import type { ChangeProject, Measure } from './repository.ts';

export interface ProjectDetails {
  title: string;
  area: ProjectArea;
  setting: string;
  stage: ProjectStage;
  aim: string;
  targetPopulation: string;
  core20Area: string | null;
  postcode: string | null;
  fellowUserId: string | null;
  organisationIds: string[];
}

export interface StartChoices {
  /** The regions the person may start a project in (their own for a learner). */
  regions: { id: string; name: string }[];
}

/** Where the person may start a project: a learner in their own region, fellows and the team in theirs. */
export async function startRegions(ctx: Context): Promise<{ id: string; name: string }[]> {
  const ids = new Set<string>();
  if (hasRole(ctx.principal, 'learner')) {
    const learner = await findLearner(ctx.db, ctx.principal.userId);
    if (learner !== undefined) ids.add(learner.regionId);
  }
  const staff = [fellowRegions(ctx.principal), teamRegions(ctx.principal)];
  if (staff.includes('all')) return (await regionsIn(ctx.db, 'all')).map(({ id, name }) => ({ id, name }));
  for (const scope of staff) if (scope !== 'all') for (const id of scope) ids.add(id);
  if (ids.size === 0) return [];
  return (await regionsIn(ctx.db, [...ids])).map(({ id, name }) => ({ id, name }));
}

/** The choices a project's form offers in its region: fellows and organisations. */
export async function detailChoices(db: Db, regionId: string) {
  const [fellows, organisations] = await Promise.all([
    roleHoldersIn(db, regionId, ['educational_fellow'], ['active', 'invited']),
    organisationsIn(db, [regionId]),
  ]);
  return { fellows, organisations };
}

async function checkChoices(db: Db, regionId: string, details: ProjectDetails): Promise<void> {
  const choices = await detailChoices(db, regionId);
  if (details.fellowUserId !== null && !choices.fellows.some((fellow) => fellow.id === details.fellowUserId)) {
    throw new RuleError('Choose an educational fellow of the programme', 'fellowUserId');
  }
  const known = new Set(choices.organisations.map((organisation) => organisation.id));
  if (details.organisationIds.some((id) => !known.has(id))) {
    throw new RuleError('Choose organisations from the region’s list', 'organisationIds');
  }
}

export async function createProject(ctx: Context, regionId: string, details: ProjectDetails): Promise<ChangeProject> {
  const regions = await startRegions(ctx);
  if (!regions.some((region) => region.id === regionId)) throw new RuleError('Choose a region', 'regionId');
  await checkChoices(ctx.db, regionId, details);
  const learner = hasRole(ctx.principal, 'learner') ? await findLearner(ctx.db, ctx.principal.userId) : undefined;
  const selfFellow = hasRole(ctx.principal, 'educational_fellow') && details.fellowUserId === null;
  return ctx.db.transaction(async (tx) => {
    const { organisationIds, ...fields } = details;
    const project = await repository.insertProject(tx, {
      id: newId(),
      regionId,
      ...fields,
      fellowUserId: selfFellow ? ctx.principal.userId : details.fellowUserId,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      lastActivityAt: ctx.now,
    });
    await repository.replaceOrganisations(tx, project.id, organisationIds);
    if (learner !== undefined && learner.regionId === regionId) {
      await repository.insertMember(tx, {
        id: newId(),
        projectId: project.id,
        userId: learner.id,
        role: 'learner',
        addedAt: ctx.now,
      });
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'change_project',
        entityId: project.id,
        regionId,
        summary: `Started the change project “${project.title}”`,
        after: { ...fields, organisationIds },
      },
      ctx.now,
    );
    return project;
  });
}

/** Changes a project's details; refused when the page was out of date (someone saved in between). */
export async function updateDetails(
  ctx: Context,
  access: ProjectAccess,
  details: ProjectDetails,
  revision: number,
): Promise<ChangeProject> {
  const regionId = access.project.regionId;
  await checkChoices(ctx.db, regionId, details);
  if (!access.support && details.fellowUserId !== access.project.fellowUserId && details.fellowUserId !== null) {
    // A team may ask for a fellow; only fellows and the programme team reassign one already named.
    if (access.project.fellowUserId !== null)
      throw new RuleError('Ask the programme team to change the fellow', 'fellowUserId');
  }
  const { organisationIds, ...fields } = details;
  const saved = await changeProject(ctx, access.project.id, {
    refuseUnless: [atRevision(revision, 'title'), isActive(closed('title'))],
    change: async ({ tx, current, update }) => {
      const before = await repository.organisationIdsOf(tx, current.id);
      const updated = await update(fields);
      await repository.replaceOrganisations(tx, current.id, organisationIds);
      return { updated, before };
    },
    audit: ({ updated, before }, current) => ({
      action: 'update',
      summary: `Changed the details of the change project “${updated.title}”`,
      before: { ...pick(current, fields), organisationIds: before },
      after: { ...fields, organisationIds },
    }),
  });
  return saved.updated;
}

function pick(row: ChangeProject, fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) out[key] = (row as unknown as Record<string, unknown>)[key];
  return out;
}

// ----- Team -----

/** Who may be added to the team: the region's learners and supervisors not on it yet. */
export async function teamChoices(db: Db, project: ChangeProject) {
  const [team, learners, supervisors] = await Promise.all([
    repository.teamOf(db, project.id),
    learnersInRegion(db, project.regionId),
    roleHoldersIn(db, project.regionId, ['educational_supervisor', 'clinical_supervisor'], ['active', 'invited']),
  ]);
  const onTeam = new Set(team.map((member) => member.userId));
  return {
    team,
    learners: learners.filter((learner) => !onTeam.has(learner.id)),
    supervisors: supervisors.filter((supervisor) => !onTeam.has(supervisor.id)),
  };
}

export type NewMember =
  { role: 'learner' | 'supervisor'; userId: string } | { role: 'partner'; name: string; organisation: string };

export async function addMember(ctx: Context, access: ProjectAccess, member: NewMember): Promise<string> {
  const project = access.project;
  let label: string;
  if (member.role === 'partner') label = `${member.name} (${member.organisation || 'partner'})`;
  else {
    const choices = await teamChoices(ctx.db, project);
    const pool = member.role === 'learner' ? choices.learners : choices.supervisors;
    const person = pool.find((candidate) => candidate.id === member.userId);
    if (person === undefined) {
      throw new RuleError(
        member.role === 'learner' ? 'Choose a learner of the programme' : 'Choose a supervisor of the programme',
        member.role === 'learner' ? 'learnerId' : 'supervisorId',
      );
    }
    label = person.name;
  }
  const teamClosed = { message: 'This project is closed, so its team can no longer change', field: 'role' };
  await changeProject(ctx, project.id, {
    ifMissing: teamClosed,
    refuseUnless: [isActive(teamClosed)],
    change: async ({ tx }) => {
      await repository.insertMember(tx, {
        id: newId(),
        projectId: project.id,
        role: member.role,
        userId: member.role === 'partner' ? null : member.userId,
        name: member.role === 'partner' ? member.name : '',
        organisation: member.role === 'partner' ? member.organisation : '',
        addedAt: ctx.now,
      });
    },
    audit: () => ({ action: 'update', summary: `Added ${label} to the team of “${project.title}”` }),
  });
  return label;
}

export async function removeMember(ctx: Context, access: ProjectAccess, memberId: string): Promise<string> {
  const project = access.project;
  const team = await repository.teamOf(ctx.db, project.id);
  const member = team.find((candidate) => candidate.id === memberId);
  if (member === undefined) throw new NotFoundError();
  const learners = team.filter((candidate) => candidate.role === 'learner');
  if (member.role === 'learner' && learners.length === 1) {
    throw new RuleError('A project needs at least one learner on its team. Add another learner first', 'memberId');
  }
  await changeProject(ctx, project.id, {
    change: async ({ tx }) => {
      await repository.deleteMember(tx, project.id, memberId);
    },
    audit: () => ({ action: 'update', summary: `Removed ${member.name} from the team of “${project.title}”` }),
  });
  return member.name;
}

// ----- Measures -----

export interface MeasureDetails {
  name: string;
  kind: MeasureKind;
  unit: string;
  improvement: Improvement;
  definition: string;
  target: number | null;
  fixAfter: number | null;
}

export async function createMeasure(ctx: Context, access: ProjectAccess, details: MeasureDetails): Promise<Measure> {
  const project = access.project;
  return changeProject(ctx, project.id, {
    change: async ({ tx }) =>
      repository.insertMeasure(tx, {
        id: newId(),
        projectId: project.id,
        ...details,
        position: await repository.nextMeasurePosition(tx, project.id),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      }),
    audit: (measure) => ({
      action: 'create',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: `Added the measure “${measure.name}” to “${project.title}”`,
      after: { ...details },
    }),
  });
}

export async function updateMeasure(
  ctx: Context,
  access: ProjectAccess,
  measure: Measure,
  details: MeasureDetails,
): Promise<Measure> {
  const project = access.project;
  return changeProject(ctx, project.id, {
    change: async ({ tx }) => repository.updateMeasure(tx, measure.id, { ...details, updatedAt: ctx.now }),
    audit: (updated) => ({
      action: 'update',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: `Changed the measure “${updated.name}” of “${project.title}”`,
      before: {
        name: measure.name,
        kind: measure.kind,
        unit: measure.unit,
        improvement: measure.improvement,
        definition: measure.definition,
        target: measure.target,
        fixAfter: measure.fixAfter,
      },
      after: { ...details },
    }),
  });
}

export async function deleteMeasure(ctx: Context, access: ProjectAccess, measure: Measure): Promise<void> {
  const project = access.project;
  await changeProject(ctx, project.id, {
    change: async ({ tx }) => {
      await repository.deleteMeasure(tx, measure.id);
    },
    audit: () => ({
      action: 'delete',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: `Deleted the measure “${measure.name}” of “${project.title}” and its data`,
    }),
  });
}

export async function addPoints(
  ctx: Context,
  access: ProjectAccess,
  measure: Measure,
  points: readonly DataPoint[],
  how: 'form' | 'paste' | 'file',
): Promise<{ added: number; replaced: number }> {
  const project = access.project;
  const source = how === 'form' ? 'typed' : how === 'paste' ? 'pasted' : 'uploaded';
  return changeProject(ctx, project.id, {
    change: async ({ tx }) =>
      repository.upsertPoints(
        tx,
        measure.id,
        points.map((point) => ({ id: newId(), ...point })),
        ctx.now,
      ),
    audit: (result) => ({
      action: how === 'file' ? 'import' : 'update',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: `${source[0]?.toUpperCase() ?? ''}${source.slice(1)} ${String(points.length)} data point${points.length === 1 ? '' : 's'} of “${measure.name}” (${String(result.added)} new, ${String(result.replaced)} replaced)`,
    }),
  });
}

export async function deletePoint(ctx: Context, access: ProjectAccess, measure: Measure, pointId: string) {
  const point = await repository.findPoint(ctx.db, measure.id, pointId);
  if (point === undefined) throw new NotFoundError();
  await changeProject(ctx, access.project.id, {
    change: async ({ tx }) => {
      await repository.deletePoint(tx, point.id);
    },
    audit: () => ({
      action: 'delete',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: `Deleted the data point of ${point.day} (${String(point.value)}) from “${measure.name}”`,
    }),
  });
  return point;
}

/** Starts (or stops) a new segment of the chart at a point: the limits are calculated again from there. */
export async function setRebase(
  ctx: Context,
  access: ProjectAccess,
  measure: Measure,
  pointId: string,
  rebase: boolean,
) {
  const point = await repository.findPoint(ctx.db, measure.id, pointId);
  if (point === undefined) throw new NotFoundError();
  await changeProject(ctx, access.project.id, {
    change: async ({ tx }) => {
      await repository.setRebase(tx, point.id, rebase);
    },
    audit: () => ({
      action: 'update',
      entityType: 'project_measure',
      entityId: measure.id,
      summary: rebase
        ? `Recalculated the limits of “${measure.name}” from ${point.day}`
        : `Stopped recalculating the limits of “${measure.name}” from ${point.day}`,
    }),
  });
  return point;
}

export type { MemberRole };
