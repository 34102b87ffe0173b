/**
 * Who may act on what, in one place: the role lists and region scopes every feature asks about. Record rules build
 * on these: who may see a learner's records once, in the learners feature (features/learners/policy.ts); a feature's
 * own records (an event's facilitators) in its policy.ts. None defines its own copy of them.
 */
import { canActInRegion, hasRole, REGIONAL_MANAGERS, regionsWhere, type Principal, type Role } from './auth/roles.ts';
import { NotFoundError } from './errors.ts';

/**
 * The programme team: who runs a region's programme (its directors and administrators) and the platform
 * administrator, who may act in every region. Routes that change programme data let these in; services then check
 * the record's region with runsProgrammeIn or filter by teamRegions.
 */
export const PROGRAMME_TEAM: readonly Role[] = ['platform_admin', ...REGIONAL_MANAGERS];

/** Those who supervise learners: educational supervisors for the year, clinical supervisors for a placement. */
export const SUPERVISORS: readonly Role[] = ['educational_supervisor', 'clinical_supervisor'];

/**
 * The regions whose programme the person runs: 'all' for a platform administrator, otherwise the regions where they
 * are a programme director or administrator (possibly none). Lists filter by this, so nobody sees another region's
 * records.
 */
export function teamRegions(principal: Principal): 'all' | string[] {
  return regionsWhere(principal, REGIONAL_MANAGERS);
}

/** Whether the person runs the programme of this region (a platform administrator runs every region's). */
export function runsProgrammeIn(principal: Principal, regionId: string): boolean {
  return canActInRegion(principal, regionId, REGIONAL_MANAGERS);
}

/**
 * The person's own id when they are a learner, for pages about a learner's own records; anyone else is told the page
 * does not exist (not that it is forbidden), as for another person's records.
 */
export function ownLearnerId(principal: Principal): string {
  if (!hasRole(principal, 'learner')) throw new NotFoundError();
  return principal.userId;
}
