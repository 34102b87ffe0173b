/**
 * Who may read and manage what of the curriculum. A region's curriculum is read by everyone who holds a role there or
 * is one of its learners (every region's by platform administrators) and managed by its programme team. Who may see
 * a learner's own records is the learners feature's rule (learners/policy.ts).
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { regionsIn } from '../organisations/index.ts';
import { learnerRegionOf } from './repository.ts';

// ----- Regions -----

export interface RegionChoice {
  id: string;
  name: string;
}

/** The regions whose curriculum the person may read: where they hold a role or are a learner; all for admins. */
export async function regionChoices(ctx: Context): Promise<RegionChoice[]> {
  const all = (await regionsIn(ctx.db, 'all')).map((region) => ({ id: region.id, name: region.name }));
  if (isPlatformAdmin(ctx.principal)) return all;
  const ids = new Set<string>();
  for (const assignment of ctx.principal.roles) {
    if (assignment.regionId !== null && assignment.role !== 'provider_contact') ids.add(assignment.regionId);
  }
  const learnerRegion = await learnerRegionOf(ctx.db, ctx.principal.userId);
  if (learnerRegion !== undefined) ids.add(learnerRegion);
  return all.filter((region) => ids.has(region.id));
}

export interface RegionChoiceResult {
  /** Null when the person has several regions and has not chosen one. */
  region: RegionChoice | null;
  choices: RegionChoice[];
}

/**
 * The region a region-level page is about: the one asked for when the person may read it, else their only one.
 * A person with several (a platform administrator) chooses; an unknown region is treated as not chosen.
 */
export async function resolveRegion(ctx: Context, requested: string | undefined): Promise<RegionChoiceResult> {
  const choices = await regionChoices(ctx);
  const asked = choices.find((choice) => choice.id === requested);
  if (asked !== undefined) return { region: asked, choices };
  if (choices.length === 1) return { region: choices[0] ?? null, choices };
  return { region: null, choices };
}

/** Whether the person may read a region's curriculum. */
export async function mayRead(ctx: Context, regionId: string): Promise<boolean> {
  return (await regionChoices(ctx)).some((choice) => choice.id === regionId);
}

/** Only the region's programme team manages its curriculum; to anyone else what they asked for does not exist. */
export function requireManager(ctx: Context, regionId: string): void {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
}
