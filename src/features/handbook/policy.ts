/**
 * Who may do what with a region's handbook. The published handbook is public. The draft, publishing, the
 * acknowledgements list and reminders are the region's programme team's (a platform administrator's in every
 * region); anyone else is told those pages do not exist. Only the region's learners and supervisors acknowledge.
 */
import type { Principal, Role } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, SUPERVISORS, runsProgrammeIn } from '../../platform/policy.ts';
import { regionIdByCode, regionsIn, type Region } from '../organisations/index.ts';

/** Those who acknowledge that they have read the handbook. */
export const ACKNOWLEDGERS: readonly Role[] = ['learner', ...SUPERVISORS];
/** Everyone with a handbook page of their own region when signed in. */
export const READERS: readonly Role[] = [...ACKNOWLEDGERS, 'educational_fellow', ...PROGRAMME_TEAM];
/**
 * Who reaches the editor's routes: every reader, so that the region check (managedRegion) answers anyone but the
 * region's programme team with "page not found", as for another person's records, rather than revealing the page.
 */
export const EDITORS: readonly Role[] = READERS;

/** The region with this public code, or not found. */
export async function regionByCode(ctx: Pick<Context, 'db'>, code: string): Promise<Region> {
  const id = await regionIdByCode(ctx.db, code);
  const [region] = id === undefined ? [] : await regionsIn(ctx.db, [id]);
  if (region === undefined) throw new NotFoundError();
  return region;
}

/** The region when the person runs its programme; otherwise not found. */
export async function managedRegion(ctx: Pick<Context, 'db' | 'principal'>, code: string): Promise<Region> {
  const region = await regionByCode(ctx, code);
  if (!runsProgrammeIn(ctx.principal, region.id)) throw new NotFoundError();
  return region;
}

/** Whether the person is a learner or supervisor of the region, and so acknowledges its handbook. */
export function acknowledgesIn(principal: Principal, regionId: string): boolean {
  return principal.roles.some(
    (assignment) => ACKNOWLEDGERS.includes(assignment.role) && assignment.regionId === regionId,
  );
}

/** The regions the person belongs to (any regional role), for their handbook page. */
export function ownRegionIds(principal: Principal): string[] {
  return [
    ...new Set(principal.roles.map((assignment) => assignment.regionId).filter((id): id is string => id !== null)),
  ];
}
