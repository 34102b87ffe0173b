/**
 * Special circumstances and linked applications on a window, turned into the engine's input.
 *
 * - A pre-allocated learner takes their post before anyone else (core.ts). UKFPO requires the pre-allocated
 *   choice to be ranked first, so the post is put first on their list whatever they ranked, and they are included
 *   even if they submitted nothing: the panel's decision does not depend on the form being sent.
 * - A link is passed to the engine only when both learners are applicants, name each other and neither is
 *   pre-allocated. The engine then places them together only if their lists are identical; `linkStatus` says in
 *   advance which of those will happen, so the programme team and the learners can see it before the run.
 */
import type { ApplicantInput, Mechanism } from './allocate.ts';

export interface Arrangement {
  readonly learnerId: string;
  readonly preallocatedTo: string | null;
  readonly linkedWith: string | null;
}

export interface ApplicantsBuilt {
  readonly applicants: ApplicantInput[];
  /** Eligible learners with no submitted ranking and no pre-allocation: not in the run. */
  readonly notSubmitted: string[];
}

/** The engine's applicants: submitted rankings (only posts still in the window), pre-allocations first, links. */
export function buildApplicants(
  eligible: readonly Arrangement[],
  submitted: ReadonlyMap<string, readonly string[]>,
  postIds: ReadonlySet<string>,
): ApplicantsBuilt {
  const byId = new Map(eligible.map((learner) => [learner.learnerId, learner]));
  const lists = new Map<string, string[]>();
  const notSubmitted: string[] = [];
  for (const learner of eligible) {
    const ranking = submitted.get(learner.learnerId)?.filter((id) => postIds.has(id));
    const fixed =
      learner.preallocatedTo !== null && postIds.has(learner.preallocatedTo) ? learner.preallocatedTo : null;
    if (fixed !== null) lists.set(learner.learnerId, [fixed, ...(ranking ?? []).filter((id) => id !== fixed)]);
    else if (ranking !== undefined) lists.set(learner.learnerId, ranking);
    else notSubmitted.push(learner.learnerId);
  }
  const applicants: ApplicantInput[] = [];
  for (const [id, preferences] of lists) {
    const learner = byId.get(id);
    const partner = learner?.linkedWith == null ? undefined : byId.get(learner.linkedWith);
    const linked =
      learner !== undefined &&
      partner !== undefined &&
      partner.linkedWith === id &&
      lists.has(partner.learnerId) &&
      learner.preallocatedTo === null &&
      partner.preallocatedTo === null;
    const preallocatedTo = learner?.preallocatedTo;
    applicants.push({
      id,
      preferences,
      ...(preallocatedTo != null && preferences[0] === preallocatedTo ? { preallocatedTo } : {}),
      ...(linked ? { linkedWith: partner.learnerId } : {}),
    });
  }
  return { applicants, notSubmitted };
}

export type LinkStatus =
  /** Both submitted identical lists: they will be placed together (same post or same trust) or both unplaced. */
  | 'together'
  /** Both submitted, but their lists differ: each is allocated as an individual. */
  | 'different-lists'
  /** One or both have not submitted yet (a draft does not count). */
  | 'waiting'
  /** Deferred acceptance keeps the result stable by treating linked applicants as individuals (ADR 7). */
  | 'individual-by-method';

export const LINK_STATUS_TEXT: Record<LinkStatus, string> = {
  together: 'Same posts in the same order: will be allocated together',
  'different-lists': 'Rankings differ: will be allocated separately unless they make them the same',
  waiting: 'Waiting for both to submit',
  'individual-by-method': 'This method allocates everyone as an individual, so the link is not applied',
};

export function linkStatus(
  mechanism: Mechanism,
  first: readonly string[] | undefined,
  second: readonly string[] | undefined,
): LinkStatus {
  if (mechanism === 'deferred-acceptance') return 'individual-by-method';
  if (first === undefined || second === undefined) return 'waiting';
  const same = first.length === second.length && first.every((id, index) => second[index] === id);
  return same ? 'together' : 'different-lists';
}
