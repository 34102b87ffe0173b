/**
 * The educational fellows' side of change projects: a fellow's caseload (and the programme team's view of their
 * regions' fellows), taking on a project no fellow supports, meeting notes, and learners' requests for support.
 * Every change is one transaction with its audit record, on the project (or request) row locked first, so two
 * fellows acting at once are taken in turn and the second is told what the first did.
 */
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { runsProgrammeIn, teamRegions } from '../../platform/policy.ts';
import { nhsDate } from '../../shared/dates.ts';
import { findLearner, roleHoldersIn, type LearnerRecord } from '../people/index.ts';
import { regionsIn } from '../organisations/index.ts';
import {
  QUIET_WEEKS_DEFAULT,
  caseloadOf,
  lastUpdateText,
  meetingDateProblem,
  type Caseload,
} from './domain/caseload.ts';
import { PROJECT_STAGE_LABELS } from './domain/projects.ts';
import * as fellows from './fellows-repository.ts';
import type { FellowNote, RegionScope, SupportRequest } from './fellows-repository.ts';
import { fellowRegions, isFellowIn, projectAccess, type ProjectAccess } from './policy.ts';
import { changeProject, changeProjectWithin, type ProjectChange, type Refusal, type Rule } from './project-change.ts';
import * as repository from './repository.ts';
import type { ChangeProject } from './repository.ts';

const WEEK_MS = 7 * 86_400_000;

// ----- The caseload -----

/** The regions whose projects the person sees on a caseload: where they are a fellow or run the programme. */
export function caseloadRegions(principal: Principal): RegionScope {
  const asFellow = fellowRegions(principal);
  const asTeam = teamRegions(principal);
  if (asFellow === 'all' || asTeam === 'all') return 'all';
  return [...new Set([...asFellow, ...asTeam])];
}

/** The fellows of those regions, by name. */
export async function fellowsIn(db: Db, regions: RegionScope): Promise<{ id: string; name: string }[]> {
  const ids = regions === 'all' ? (await regionsIn(db, 'all')).map((region) => region.id) : regions;
  const lists = await Promise.all(
    ids.map((regionId) => roleHoldersIn(db, regionId, ['educational_fellow'], ['active', 'invited'])),
  );
  const byId = new Map<string, string>();
  for (const fellow of lists.flat()) byId.set(fellow.id, fellow.name);
  return [...byId]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

/** What the caseload page was asked for: the weeks without an update that flag a project, and whose caseload. */
export interface CaseloadView {
  weeks: number;
  /** A fellow's id, 'all' for every fellow of the regions, or undefined for the person's own default. */
  fellow: string | undefined;
}

export type CaseloadProject = ChangeProject & { team: string; fellowName: string | null; stageLabel: string };

export interface CaseloadModel {
  weeks: number;
  /** The fellow whose caseload is shown, or 'all'. */
  fellow: string;
  /** The fellow filter's choices; empty when the person may see only their own. */
  fellows: { id: string; name: string }[];
  caseload: Caseload<CaseloadProject>;
  withoutFellow: { project: ChangeProject; team: string; waiting: string; mayTakeOn: boolean }[];
  requests: {
    request: SupportRequest;
    learnerName: string;
    project: { id: string; title: string } | null;
  }[];
}

export async function caseload(ctx: Context, view: CaseloadView): Promise<CaseloadModel> {
  const regions = caseloadRegions(ctx.principal);
  const choices = await fellowsIn(ctx.db, regions);
  const ownDefault =
    hasRole(ctx.principal, 'educational_fellow') && choices.some((fellow) => fellow.id === ctx.principal.userId)
      ? ctx.principal.userId
      : 'all';
  const fellow =
    view.fellow === 'all'
      ? 'all'
      : choices.some((choice) => choice.id === view.fellow)
        ? (view.fellow ?? ownDefault)
        : ownDefault;
  const [projects, waiting, requests] = await Promise.all([
    fellows.caseloadProjects(ctx.db, regions, fellow === 'all' ? 'any' : { fellowUserId: fellow }),
    fellows.projectsWithoutFellow(ctx.db, regions),
    fellows.openRequestsIn(ctx.db, regions),
  ]);
  const named = await fellows.projectsByIds(
    ctx.db,
    requests.map((request) => request.projectId).filter((id): id is string => id !== null),
  );
  const [members, names] = await Promise.all([
    repository.membersOf(
      ctx.db,
      [...projects, ...waiting].map((project) => project.id),
    ),
    repository.userNamesOf(ctx.db, [
      ...projects.map((project) => project.fellowUserId).filter((id): id is string => id !== null),
      ...requests.map((request) => request.learnerUserId),
    ]),
  ]);
  const teamOf = (id: string) => (members.get(id) ?? []).map((member) => member.name).join(', ');
  return {
    weeks: view.weeks,
    fellow,
    fellows: choices,
    caseload: caseloadOf(
      projects.map((project) => ({
        ...project,
        team: teamOf(project.id),
        fellowName: project.fellowUserId === null ? null : (names.get(project.fellowUserId) ?? null),
        stageLabel: PROJECT_STAGE_LABELS[project.stage],
      })),
      ctx.now,
      view.weeks,
    ),
    withoutFellow: waiting.map((project) => ({
      project,
      team: teamOf(project.id),
      waiting: lastUpdateText(project.createdAt, ctx.now),
      mayTakeOn: isFellowIn(ctx.principal, project.regionId),
    })),
    requests: requests.map((request) => {
      const project = request.projectId === null ? undefined : named.get(request.projectId);
      return {
        request,
        learnerName: names.get(request.learnerUserId) ?? 'A learner',
        project: project === undefined ? null : { id: project.id, title: project.title },
      };
    }),
  };
}

async function nameOf(db: Db, userId: string, unknown = 'Another fellow'): Promise<string> {
  return (await repository.userNamesOf(db, [userId])).get(userId) ?? unknown;
}

/** Refuses unless the project is active and no fellow supports it (another may have taken it on meanwhile). */
function wantsFellow(ctx: Context): Rule {
  return async (current, tx) => {
    if (current.status !== 'active') {
      throw new RuleError(`“${current.title}” is no longer active, so it needs no fellow`, 'projectId');
    }
    if (current.fellowUserId === ctx.principal.userId) {
      throw new RuleError(`You already support “${current.title}”`, 'projectId');
    }
    if (current.fellowUserId !== null) {
      const other = await nameOf(tx, current.fellowUserId);
      throw new RuleError(`${other} took on “${current.title}” a moment ago, so it stays with them`, 'projectId');
    }
  };
}

/** Gives the project to the fellow asking; the change gives back the project as it was locked, before the change. */
function giveToFellow(ctx: Context, ifMissing?: Refusal): ProjectChange<ChangeProject> {
  return {
    ifMissing,
    refuseUnless: [wantsFellow(ctx)],
    change: async ({ current, update }) => {
      await update({ fellowUserId: ctx.principal.userId });
      return current;
    },
    audit: (_before, current) => ({
      action: 'update',
      summary: `Took on the change project “${current.title}” as its educational fellow`,
      before: { fellowUserId: null },
      after: { fellowUserId: ctx.principal.userId },
    }),
  };
}

/** A fellow of the project's region takes on a project that has no fellow; anyone else is told it does not exist. */
export async function takeOnProject(ctx: Context, projectId: string): Promise<ChangeProject> {
  const access = await projectAccess(ctx, projectId);
  if (!access.fellow) throw new NotFoundError();
  return changeProject(ctx, projectId, giveToFellow(ctx));
}

// ----- Meeting notes -----

export interface NoteInput {
  /** The day the fellow met the team, 'YYYY-MM-DD'. */
  metOn: string;
  notes: string;
}

/** A project's notes with their authors, the latest meeting first, and what the person may do with them. */
export async function notesFor(ctx: Context, access: ProjectAccess) {
  const notes = await fellows.notesOf(ctx.db, access.project.id);
  const authors = await repository.userNamesOf(
    ctx.db,
    notes.map((note) => note.authorId).filter((id): id is string => id !== null),
  );
  return {
    mayAdd: access.support,
    notes: notes.map((note) => ({
      ...note,
      metOnText: nhsDate(note.metOn),
      authorName: note.authorId === null ? 'A former fellow' : (authors.get(note.authorId) ?? 'A former fellow'),
      mayDelete: access.support && (note.authorId === ctx.principal.userId || access.team),
    })),
  };
}

/**
 * Writes a fellow's note of a meeting with the team: the region's fellows and programme team, at any stage of the
 * project (a fellow may meet a team after it finished, to talk over what it learned).
 */
export async function addNote(ctx: Context, access: ProjectAccess, input: NoteInput): Promise<FellowNote> {
  if (!access.support) throw new NotFoundError();
  const problem = meetingDateProblem(input.metOn, ctx.now);
  if (problem !== null) throw new RuleError(problem, 'metOn');
  const project = access.project;
  return changeProject(ctx, project.id, {
    change: async ({ tx }) =>
      fellows.insertNote(tx, {
        id: newId(),
        projectId: project.id,
        authorId: ctx.principal.userId,
        metOn: input.metOn,
        notes: input.notes,
        createdAt: ctx.now,
      }),
    // The note's text stays out of the audit log: it is the fellow's record, and goes when they are erased.
    audit: (note) => ({
      action: 'create',
      entityType: 'fellow_note',
      entityId: note.id,
      summary: `Wrote a note of the meeting on ${nhsDate(input.metOn)} with the team of “${project.title}”`,
    }),
  });
}

/** A note its author may delete: under this project and written by the person; otherwise not found. */
export async function ownNote(ctx: Context, access: ProjectAccess, noteId: string): Promise<FellowNote> {
  const note = await fellows.findNote(ctx.db, access.project.id, noteId);
  // The author deletes their own note; the programme team may take any note down.
  const mayDelete = note !== undefined && access.support && (note.authorId === ctx.principal.userId || access.team);
  if (note === undefined || !mayDelete) throw new NotFoundError();
  return note;
}

export async function deleteNote(ctx: Context, access: ProjectAccess, noteId: string): Promise<FellowNote> {
  const note = await ownNote(ctx, access, noteId);
  const project = access.project;
  await changeProject(ctx, project.id, {
    change: async ({ tx }) => {
      if (!(await fellows.deleteNote(tx, project.id, note.id))) throw new NotFoundError();
    },
    audit: () => ({
      action: 'delete',
      entityType: 'fellow_note',
      entityId: note.id,
      summary: `Deleted the note of the meeting on ${nhsDate(note.metOn)} with the team of “${project.title}”`,
    }),
  });
  return note;
}

// ----- Requests for support -----

export interface SupportInput {
  message: string;
  /** One of the learner's own active projects, or null for support before starting one. */
  projectId: string | null;
}

/** The learner asking and the projects they may name: their active projects in their region. Null: no record. */
export async function supportChoices(
  ctx: Context,
): Promise<{ learner: LearnerRecord; projects: ChangeProject[] } | null> {
  const learner = await findLearner(ctx.db, ctx.principal.userId);
  if (learner === undefined) return null;
  const projects = (await repository.projectsOfPerson(ctx.db, learner.id)).filter(
    (project) => project.status === 'active' && project.regionId === learner.regionId,
  );
  const members = await repository.membersOf(
    ctx.db,
    projects.map((project) => project.id),
  );
  const onTeam = (project: ChangeProject) =>
    (members.get(project.id) ?? []).some((member) => member.userId === learner.id && member.role === 'learner');
  return { learner, projects: projects.filter(onTeam) };
}

/**
 * A learner asks their region's fellows for support. Each active fellow is emailed through the outbox, in the same
 * transaction. The mail names who asked and links to the request, but leaves the message out: what a learner writes
 * may be personal, and is read on the site behind sign-in.
 */
export async function requestSupport(
  ctx: Context,
  input: SupportInput,
): Promise<{ request: SupportRequest; fellowsEmailed: number }> {
  const choices = await supportChoices(ctx);
  if (choices === null) throw new NotFoundError();
  const { learner } = choices;
  const project =
    input.projectId === null ? null : choices.projects.find((candidate) => candidate.id === input.projectId);
  if (project === undefined) throw new RuleError('Choose one of your projects, or none', 'projectId');
  const recipients = await roleHoldersIn(ctx.db, learner.regionId, ['educational_fellow'], ['active']);
  return ctx.db.transaction(async (tx) => {
    const request = await fellows.insertRequest(tx, {
      id: newId(),
      regionId: learner.regionId,
      learnerUserId: learner.id,
      projectId: project?.id ?? null,
      message: input.message,
      status: 'open',
      createdAt: ctx.now,
    });
    // Asking is not an update of the project: a quiet project stays flagged until the team or its fellow works on it.
    const about = project === null ? '' : ` with the change project “${project.title}”`;
    for (const fellow of recipients) {
      await ctx.mailer.queue(
        tx,
        {
          to: fellow.email,
          subject: 'A learner asked for support with a change project',
          regionId: learner.regionId,
          text: [
            `Dear ${fellow.name},`,
            '',
            `${learner.name} asked the educational fellows for support${about}.`,
            '',
            `Read the request and get in touch with them: ${ctx.publicUrl}/projects/support/${request.id}`,
            '',
            'When you have, mark the request as closed on that page so the other fellows know it is taken care of.',
          ].join('\n'),
        },
        ctx.now,
      );
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'support_request',
        entityId: request.id,
        regionId: learner.regionId,
        summary: `${learner.name} asked the educational fellows for support${about}`,
      },
      ctx.now,
    );
    return { request, fellowsEmailed: recipients.length };
  });
}

/** The learner's own requests, with the projects they name. Null: no learner record. */
export async function ownRequests(ctx: Context) {
  const learner = await findLearner(ctx.db, ctx.principal.userId);
  if (learner === undefined) return null;
  const requests = await fellows.requestsOfLearner(ctx.db, learner.id);
  const projects = await fellows.projectsByIds(
    ctx.db,
    requests.map((request) => request.projectId).filter((id): id is string => id !== null),
  );
  return requests.map((request) => ({
    ...request,
    projectTitle: request.projectId === null ? null : (projects.get(request.projectId)?.title ?? null),
  }));
}

export interface RequestView {
  request: SupportRequest;
  learnerName: string;
  project: ChangeProject | null;
  /** The learner who asked. */
  own: boolean;
  /** A fellow of the region or its programme team, while the request is open. */
  mayClose: boolean;
  /** A fellow of the region, and the request names an active project no fellow supports. */
  mayTakeOn: boolean;
  closedByName: string | null;
}

/** A request, for the learner who made it and the fellows and programme team of its region; others: not found. */
export async function requestView(ctx: Context, id: string): Promise<RequestView> {
  const request = await fellows.findRequest(ctx.db, id);
  if (request === undefined) throw new NotFoundError();
  const own = request.learnerUserId === ctx.principal.userId;
  const fellow = isFellowIn(ctx.principal, request.regionId);
  const team = runsProgrammeIn(ctx.principal, request.regionId);
  if (!own && !fellow && !team) throw new NotFoundError();
  const project =
    request.projectId === null
      ? null
      : ((await fellows.projectsByIds(ctx.db, [request.projectId])).get(request.projectId) ?? null);
  const names = await repository.userNamesOf(
    ctx.db,
    [request.learnerUserId, request.fellowUserId].filter((userId): userId is string => userId !== null),
  );
  const open = request.status === 'open';
  return {
    request,
    learnerName: names.get(request.learnerUserId) ?? 'A learner',
    project,
    own,
    mayClose: open && (fellow || team),
    mayTakeOn: open && fellow && project?.status === 'active' && project.fellowUserId === null,
    closedByName: request.fellowUserId === null ? null : (names.get(request.fellowUserId) ?? null),
  };
}

/**
 * Closes a request, and when asked (by a fellow of the region) takes on the project it names in the same step: both
 * or neither, so a fellow refused the project because another took it meanwhile still has the request open.
 */
export async function closeRequest(ctx: Context, id: string, takeOn: boolean): Promise<{ tookOn: string | null }> {
  const request = await fellows.findRequest(ctx.db, id);
  if (request === undefined) throw new NotFoundError();
  const fellow = isFellowIn(ctx.principal, request.regionId);
  if (!fellow && !runsProgrammeIn(ctx.principal, request.regionId)) throw new NotFoundError();
  const learnerName = await nameOf(ctx.db, request.learnerUserId, 'a learner');
  return ctx.db.transaction(async (tx) => {
    const current = await fellows.lockRequest(tx, id);
    if (current === undefined) throw new NotFoundError();
    if (current.status !== 'open') throw new RuleError('This request was already closed', 'takeOn');
    let tookOn: string | null = null;
    if (takeOn && current.projectId !== null) {
      if (!fellow) throw new RuleError('Only an educational fellow can take on a project', 'takeOn');
      const project = await changeProjectWithin(
        ctx,
        tx,
        current.projectId,
        giveToFellow(ctx, { message: 'The project of this request no longer exists', field: 'takeOn' }),
      );
      tookOn = project.title;
    }
    await fellows.closeRequest(tx, current.id, fellow ? ctx.principal.userId : null, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'support_request',
        entityId: current.id,
        regionId: current.regionId,
        summary: `Closed the request for support from ${learnerName}${tookOn === null ? '' : ` and took on “${tookOn}”`}`,
        before: { status: 'open' },
        after: { status: 'closed' },
      },
      ctx.now,
    );
    return { tookOn };
  });
}

// ----- Tasks -----

/** A fellow's tasks: the open requests for support in their regions, and their projects quiet for four weeks. */
export async function fellowTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'educational_fellow')) return [];
  const regions = fellowRegions(principal);
  const [open, quiet] = await Promise.all([
    fellows.openRequestSummary(db, regions),
    fellows.countQuietProjects(db, regions, principal.userId, new Date(now.getTime() - QUIET_WEEKS_DEFAULT * WEEK_MS)),
  ]);
  const tasks: Task[] = [];
  if (open.count > 0) {
    tasks.push({
      text: 'Answer requests for support',
      href: '/projects/caseload#requests',
      hint: `${open.count === 1 ? '1 request' : `${String(open.count)} requests`} open${
        open.oldest === null ? '' : `, the oldest since ${formatDate(open.oldest)}`
      }`,
      status: 'to do',
    });
  }
  if (quiet > 0) {
    tasks.push({
      text: 'Get in touch with quiet change projects',
      href: '/projects/caseload',
      hint: `${quiet === 1 ? '1 project' : `${String(quiet)} projects`} with no update for ${String(QUIET_WEEKS_DEFAULT)} weeks or more`,
      status: 'to do',
    });
  }
  return tasks;
}
