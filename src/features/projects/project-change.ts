/**
 * The one way a change project is changed. Every change takes the same steps in one transaction: lock the project
 * row (so two saves at once are taken in turn), refuse when the locked row says the change may not go ahead (gone,
 * closed, saved by someone else since the page was shown), make the change, note the project's last activity for
 * the fellows' caseload, and write the audit record. A refused change writes nothing, the activity included.
 */
import { audit, type AuditEntry } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { ProjectStatus } from './domain/projects.ts';
import * as repository from './repository.ts';
import type { ChangeProject, NewChangeProject } from './repository.ts';

/** What a refused change is told, and the form field the message is shown against. */
export interface Refusal {
  message: string;
  field: string;
}

/** A condition the locked project must meet for the change to go ahead; it throws the refusal when it does not. */
export type Rule = (current: ChangeProject, tx: Db) => void | Promise<void>;

export const CLOSED = 'This project is closed, so it can no longer be changed';
export const STALE = 'Someone else changed this project while you were editing it. Check the project and try again';

/** The usual refusal of a change to a project completed or stopped since the page was shown. */
export function closed(field: string): Refusal {
  return { message: CLOSED, field };
}

/** Refuses unless the project's status is one of those given. */
export function inStatus(statuses: readonly ProjectStatus[], refusal: Refusal): Rule {
  return (current) => {
    if (!statuses.includes(current.status)) throw new RuleError(refusal.message, refusal.field);
  };
}

/** Refuses unless the project is still active. */
export function isActive(refusal: Refusal): Rule {
  return inStatus(['active'], refusal);
}

/** Refuses when someone saved the project after the page was shown (its revision has moved on). */
export function atRevision(revision: number, field: string): Rule {
  return (current) => {
    if (current.revision !== revision) throw new RuleError(STALE, field);
  };
}

/** The audit record of a change: it is the project's, in its region, unless another record (a measure, a cycle) is named. */
export type ProjectAudit = Omit<AuditEntry, 'entityType' | 'entityId' | 'regionId'> & {
  entityType?: string;
  entityId?: string;
};

export interface ChangeStep {
  tx: Db;
  /** The project row as locked, before the change. */
  current: ChangeProject;
  /**
   * Writes the project row's own fields, moving its revision on and noting its last activity. A change that writes
   * only other rows (a member, a data point, a note) leaves this alone, and the last activity is noted for it.
   */
  update: (values: Partial<NewChangeProject>) => Promise<ChangeProject>;
}

export interface ProjectChange<T> {
  /** What a project no longer there is told: not found, unless a refusal is given. */
  ifMissing?: Refusal;
  /** The conditions the locked project must meet, checked in this order; the first it fails refuses the change. */
  refuseUnless?: readonly Rule[];
  change: (step: ChangeStep) => Promise<T>;
  audit: (result: T, current: ChangeProject) => ProjectAudit;
}

/** Makes a change to a project in a transaction of its own. */
export async function changeProject<T>(ctx: Context, projectId: string, spec: ProjectChange<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => changeProjectWithin(ctx, tx, projectId, spec));
}

/** Makes a change to a project inside a transaction already open (one that changes another record with it). */
export async function changeProjectWithin<T>(
  ctx: Context,
  tx: Db,
  projectId: string,
  spec: ProjectChange<T>,
): Promise<T> {
  const current = await repository.lockProject(tx, projectId);
  if (current === undefined) {
    if (spec.ifMissing === undefined) throw new NotFoundError();
    throw new RuleError(spec.ifMissing.message, spec.ifMissing.field);
  }
  for (const rule of spec.refuseUnless ?? []) await rule(current, tx);
  // Held in an object: the flag is set inside the change, where the compiler does not follow it.
  const activity = { noted: false };
  const result = await spec.change({
    tx,
    current,
    update: async (values) => {
      activity.noted = true;
      return repository.updateProject(tx, current.id, values, ctx.now);
    },
  });
  if (!activity.noted) await repository.touchProject(tx, current.id, ctx.now);
  await audit(
    tx,
    ctx.actor,
    { entityType: 'change_project', entityId: current.id, ...spec.audit(result, current), regionId: current.regionId },
    ctx.now,
  );
  return result;
}
