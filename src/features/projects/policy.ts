/**
 * Who may see and change a change project. A project is seen by its team (learners and supervisors on it), by the
 * educational fellows of its region (who support every project there) and by the region's programme team; everyone
 * else is told it does not exist. The team, the region's fellows and the programme team change it; a completed or
 * stopped project is kept as it was, except that the team may choose whether it is on the public showcase and the
 * fellows and programme team may reopen it.
 */
import { canActInRegion, hasRole, regionsWhere, type Principal, type Role } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, SUPERVISORS, runsProgrammeIn } from '../../platform/policy.ts';
import type { MemberRole } from './domain/projects.ts';
import * as repository from './repository.ts';
import type { ChangeProject } from './repository.ts';

export const FELLOWS: readonly Role[] = ['educational_fellow'];
/** Everyone who may open the projects pages; each project is then checked as above. */
export const PROJECT_VIEWERS: readonly Role[] = [...PROGRAMME_TEAM, ...FELLOWS, ...SUPERVISORS, 'learner'];
/** Who may start a project: learners (on their own region's programme), fellows and the programme team. */
export const PROJECT_STARTERS: readonly Role[] = [...PROGRAMME_TEAM, ...FELLOWS, 'learner'];

export interface ProjectAccess {
  project: ChangeProject;
  /** The person's place on the team, if they are on it. */
  member: MemberRole | null;
  /** An educational fellow of the project's region. */
  fellow: boolean;
  /** The programme team of the project's region. */
  team: boolean;
  /** May change the project's plan, measures, data, cycles and carbon (not once it is completed or stopped). */
  edit: boolean;
  /** May write a fellow's meeting note, reopen the project and assign its fellow. */
  support: boolean;
}

/** The regions where the person is an educational fellow ('all' for a platform administrator). */
export function fellowRegions(principal: Principal): 'all' | string[] {
  return regionsWhere(principal, FELLOWS);
}

export function isFellowIn(principal: Principal, regionId: string): boolean {
  return canActInRegion(principal, regionId, FELLOWS) && hasRole(principal, 'educational_fellow');
}

/** The project and what the person may do with it; a project they may not see is reported as not found. */
export async function accessTo(ctx: Pick<Context, 'db' | 'principal'>, project: ChangeProject | undefined) {
  if (project === undefined) throw new NotFoundError();
  const member = await repository.memberRoleOf(ctx.db, project.id, ctx.principal.userId);
  const fellow = isFellowIn(ctx.principal, project.regionId);
  const team = runsProgrammeIn(ctx.principal, project.regionId);
  if (member === null && !fellow && !team) throw new NotFoundError();
  const support = fellow || team;
  const open = project.status === 'active';
  const access: ProjectAccess = { project, member, fellow, team, edit: open && (member !== null || support), support };
  return access;
}

export async function projectAccess(ctx: Pick<Context, 'db' | 'principal'>, id: string): Promise<ProjectAccess> {
  return accessTo(ctx, await repository.findProject(ctx.db, id));
}

/** The project when the person may change it; otherwise not found (or, for one they may only read, a RuleError). */
export async function editableProject(ctx: Pick<Context, 'db' | 'principal'>, id: string): Promise<ProjectAccess> {
  const access = await projectAccess(ctx, id);
  if (!access.edit) throw new NotFoundError();
  return access;
}
