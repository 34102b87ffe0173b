/**
 * What every curriculum page shares: who reads the curriculum, the parameters most routes take, the region a
 * region-level page is about, and a service's problems as form errors.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ROLES, type Role } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import { addError, emptyErrors, type FormErrors } from '../../platform/web/forms.ts';
import { resolveRegion, type RegionChoice } from './policy.ts';

export const VIEWS = 'curriculum/views';

/** Everyone in a programme reads the curriculum; placement provider contacts have no part in it. */
export const CURRICULUM_READERS: readonly Role[] = ROLES.filter((role) => role !== 'provider_contact');

export const regionQuery = z.object({ region: z.string().max(50).optional() });
export const idParams = z.object({ id: z.uuid() });

export function problemErrors(problems: readonly { field: string; message: string }[]): FormErrors {
  const errors = emptyErrors();
  for (const problem of problems) addError(errors, problem.field, problem.message);
  return errors;
}

/** Query-string pieces that keep a chosen region on links, for people who read more than one region. */
export function regionLinks(region: RegionChoice, choices: readonly RegionChoice[]) {
  const rq = choices.length > 1 ? `region=${region.id}` : '';
  return { rq, q1: rq === '' ? '' : `?${rq}`, q2: rq === '' ? '' : `&${rq}` };
}

/**
 * The region a region-level page is about, or null after showing a choice of regions (for people with several,
 * such as platform administrators).
 */
export async function pickRegion(
  reply: FastifyReply,
  ctx: Context,
  requested: string | undefined,
  path: string,
  title: string,
): Promise<{ region: RegionChoice; links: ReturnType<typeof regionLinks>; choices: RegionChoice[] } | null> {
  const { region, choices } = await resolveRegion(ctx, requested);
  if (region !== null) return { region, choices, links: regionLinks(region, choices) };
  await reply.page(`${VIEWS}/choose-region.njk`, {
    title,
    path,
    regionItems: [
      { value: '', text: 'Select a region' },
      ...choices.map((choice) => ({ value: choice.id, text: choice.name })),
    ],
    hasChoices: choices.length > 0,
  });
  return null;
}
