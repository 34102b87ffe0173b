/**
 * Who may see and do what with a learning event. Staff see every event of their regions and learners those of their
 * own; the programme team manages an event and, with its facilitator, organises it. An event a person may not see is
 * reported as not found, so that its existence is not given away.
 */
import { PROGRAMME_TEAM, SUPERVISORS, runsProgrammeIn } from '../../platform/policy.ts';
import type { Db } from '../../platform/db/client.ts';
import { hasRole, regionsWhere, type Principal, type Role } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { type Context } from '../../platform/context.ts';
import { findLearner } from '../curriculum/index.ts';
import * as repository from './repository.ts';
import type { LearningEvent } from './repository.ts';

/** Staff who may see a region's events; any of them may be named facilitator. */
export const EVENT_STAFF: readonly Role[] = [...PROGRAMME_TEAM, 'educational_fellow', ...SUPERVISORS];
/** Everyone who may open the events pages; services then check the region and the audience. */
export const EVENT_VIEWERS: readonly Role[] = [...EVENT_STAFF, 'learner'];
export const FACILITATOR_ROLES: readonly Role[] = EVENT_STAFF.filter((role) => role !== 'platform_admin');

export interface LearnerContext {
  id: string;
  name: string;
  email: string;
  regionId: string;
  stage: string;
  cohortIds: string[];
}

export interface EventAccess {
  event: LearningEvent;
  /** The programme team of the event's region: edit, cancel, remind. */
  manage: boolean;
  /** The programme team or the event's facilitator: the check-in code, the register, the feedback summary. */
  organise: boolean;
  /** Staff of the event's region, who see every event there. */
  staff: boolean;
  /** The signed-in learner, when the event is in their region. */
  learner: LearnerContext | null;
}

export function staffScope(principal: Principal): 'all' | string[] {
  return regionsWhere(principal, EVENT_STAFF);
}

function isStaffIn(principal: Principal, regionId: string): boolean {
  const scope = staffScope(principal);
  return scope === 'all' || scope.includes(regionId);
}

export async function learnerContext(db: Db, principal: Principal): Promise<LearnerContext | null> {
  if (!hasRole(principal, 'learner')) return null;
  const learner = await findLearner(db, principal.userId);
  if (learner === undefined) return null;
  return { ...learner, cohortIds: await repository.cohortsOf(db, learner.id) };
}

export function inAudience(
  event: Pick<LearningEvent, 'stages' | 'cohortIds'>,
  learner: Pick<LearnerContext, 'stage' | 'cohortIds'>,
): boolean {
  const stageOk = event.stages.length === 0 || event.stages.includes(learner.stage);
  const cohortOk = event.cohortIds.length === 0 || event.cohortIds.some((id) => learner.cohortIds.includes(id));
  return stageOk && cohortOk;
}

/** The event and what the person may do with it; an event they may not see is reported as not found. */
export async function accessTo(ctx: Context, db: Db, event: LearningEvent | undefined): Promise<EventAccess> {
  if (event === undefined) throw new NotFoundError();
  const staff = isStaffIn(ctx.principal, event.regionId);
  const learner = await learnerContext(db, ctx.principal);
  const learnerHere = learner !== null && learner.regionId === event.regionId ? learner : null;
  if (!staff && learnerHere === null) throw new NotFoundError();
  const manage = runsProgrammeIn(ctx.principal, event.regionId);
  const organise = manage || (staff && event.facilitatorUserId === ctx.principal.userId);
  return { event, manage, organise, staff, learner: learnerHere };
}

export async function eventAccess(ctx: Context, id: string): Promise<EventAccess> {
  return accessTo(ctx, ctx.db, await repository.findEvent(ctx.db, id));
}

export async function organisedEvent(ctx: Context, db: Db, id: string, lock = false): Promise<EventAccess> {
  const access = await accessTo(ctx, db, await (lock ? repository.lockEvent(db, id) : repository.findEvent(db, id)));
  if (!access.organise) throw new NotFoundError();
  return access;
}

export async function managedEvent(ctx: Context, db: Db, id: string, lock = false): Promise<EventAccess> {
  const access = await accessTo(ctx, db, await (lock ? repository.lockEvent(db, id) : repository.findEvent(db, id)));
  if (!access.manage) throw new NotFoundError();
  return access;
}
