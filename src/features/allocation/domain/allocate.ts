/**
 * The allocation engine's friendly face: plain objects with string ids in, plain objects out.
 * Interns ids to integers, checks the input, builds the typed-array instance of core.ts, solves, and reports.
 */
import { type CoreInstance, type CoreResult, Reason, type ReasonCode, solve } from './core.ts';
import { priorityOrder } from './lottery.ts';

export const MECHANISMS = ['serial-dictatorship', 'immediate-acceptance', 'deferred-acceptance'] as const;
export type Mechanism = (typeof MECHANISMS)[number];

export interface ApplicantInput {
  readonly id: string;
  /** Posts in order of preference, best first. */
  readonly preferences: readonly string[];
  /** Given priority: lower goes first; applicants without one follow, in the lottery's order. */
  readonly rank?: number | undefined;
  /** The applicant this one is linked with (must name them back). */
  readonly linkedWith?: string | undefined;
  /** Post fixed before the run (special circumstances); must be on their list. */
  readonly preallocatedTo?: string | undefined;
}

export interface PostInput {
  readonly id: string;
  readonly capacity: number;
  /** Deferred acceptance: the applicants the post accepts, best first. Ignored by the other mechanisms. */
  readonly preferences?: readonly string[] | undefined;
  /** The trust (or other group) the post belongs to; lets linked applicants be placed in one trust. */
  readonly group?: string | undefined;
}

export interface AllocationInput {
  readonly mechanism: Mechanism;
  readonly seed: number;
  readonly applicants: readonly ApplicantInput[];
  readonly posts: readonly PostInput[];
}

export interface AllocationStats {
  readonly applicants: number;
  readonly assigned: number;
  /** byChoice[i]: applicants given their (i+1)-th preference; as long as the longest list. */
  readonly byChoice: number[];
  /** Shares of all applicants (0 when there are none). */
  readonly firstChoiceRate: number;
  readonly topThreeRate: number;
  /**
   * Given one of the last five posts on their list. A list of five or fewer has no bottom five apart from its top
   * five, so only choices that are both among the last five and outside the first five count: choice index k of a
   * list of length L counts when k ≥ max(L − 5, 5). For UKFPO's 16 schools that is choices 12–16.
   */
  readonly bottomFiveRate: number;
  readonly unplacedRate: number;
  /** Deferred acceptance: blocking pairs (0: stable); null for the other mechanisms. */
  readonly blockingPairs: number | null;
}

export type PassedOverReason =
  | 'filled-by-higher-priority'
  | 'filled-in-earlier-round'
  | 'lost-in-round-to-higher-priority'
  | 'post-did-not-rank-you'
  | 'filled-by-applicants-post-ranked-higher'
  | 'no-room-for-linked-pair'
  | 'preallocated'
  | 'given-to-linked-applicant'
  | 'outside-linked-applicants-trust';

export const PASSED_OVER_MESSAGES: Record<PassedOverReason, string> = {
  'filled-by-higher-priority': 'Its places were filled by applicants with higher priority before your turn.',
  'filled-in-earlier-round':
    'Its places were filled in an earlier round by applicants who put it higher on their list than you did.',
  'lost-in-round-to-higher-priority':
    'You applied to it, but its last places went to applicants with higher priority who applied in the same round.',
  'post-did-not-rank-you': 'The post did not rank you.',
  'filled-by-applicants-post-ranked-higher': 'Its places were filled by applicants the post ranked higher than you.',
  'no-room-for-linked-pair': 'It did not have room for you and your linked applicant together.',
  preallocated: 'You were pre-allocated to a post on special circumstances.',
  'given-to-linked-applicant':
    'Its last place went to your linked applicant, and you were placed together in the same trust.',
  'outside-linked-applicants-trust': 'It is not in the trust where your linked applicant was placed.',
};

const REASON_NAMES: Record<ReasonCode, PassedOverReason | null> = {
  [Reason.none]: null,
  [Reason.filledByHigherPriority]: 'filled-by-higher-priority',
  [Reason.filledInEarlierRound]: 'filled-in-earlier-round',
  [Reason.lostInRoundToHigherPriority]: 'lost-in-round-to-higher-priority',
  [Reason.notRankedByPost]: 'post-did-not-rank-you',
  [Reason.filledByApplicantsPostPreferred]: 'filled-by-applicants-post-ranked-higher',
  [Reason.noRoomForPair]: 'no-room-for-linked-pair',
  [Reason.preallocated]: 'preallocated',
  [Reason.givenToLinkedApplicant]: 'given-to-linked-applicant',
  [Reason.outsideLinkedApplicantsTrust]: 'outside-linked-applicants-trust',
};

export interface ApplicantExplanation {
  readonly applicant: string;
  /** 1-based position in the priority order (a given rank first, then the lottery). */
  readonly priority: number;
  /** When allocated as a linked pair: the applicant linked with, and the pair's priority (the worse of the two). */
  readonly linkedWith: string | null;
  readonly pairPriority: number | null;
  readonly preallocated: boolean;
  readonly post: string | null;
  /** 1-based choice given (1 = first preference), or null when unplaced. */
  readonly choice: number | null;
  /** Each preference ranked above the one given (all of them when unplaced), and why it was not given. */
  readonly passedOver: readonly { post: string; choice: number; reason: PassedOverReason; message: string }[];
}

export interface AllocationResult {
  readonly mechanism: Mechanism;
  readonly seed: number;
  /** Applicant id → post id or null, in input order. */
  readonly assignments: Record<string, string | null>;
  readonly unplaced: string[];
  readonly stats: AllocationStats;
}

export class AllocationInputError extends Error {
  override name = 'AllocationInputError';
}

/** The interned instance: ids ↔ integers and the typed arrays of core.ts. */
export interface PreparedAllocation {
  readonly input: AllocationInput;
  readonly applicantIds: readonly string[];
  readonly postIds: readonly string[];
  readonly instance: CoreInstance;
}

const quote = (id: string) => JSON.stringify(id);

/** Interns and checks the input; throws AllocationInputError naming the first problem found. */
export function prepareAllocation(input: AllocationInput): PreparedAllocation {
  const { applicants, posts } = input;
  const applicantCount = applicants.length;
  const postCount = posts.length;
  const postIndex = new Map<string, number>();
  const postIds: string[] = new Array<string>(postCount);
  const capacity = new Int32Array(postCount);
  let groups: Int32Array | undefined;
  const groupIndex = new Map<string, number>();
  for (let p = 0; p < postCount; p++) {
    const post = posts[p] as PostInput;
    if (postIndex.has(post.id)) throw new AllocationInputError(`duplicate post id ${quote(post.id)}`);
    postIndex.set(post.id, p);
    postIds[p] = post.id;
    if (!Number.isInteger(post.capacity) || post.capacity < 1) {
      throw new AllocationInputError(
        `post ${quote(post.id)} has capacity ${post.capacity}; it must be a whole number ≥ 1`,
      );
    }
    capacity[p] = post.capacity;
    if (post.group !== undefined) {
      groups ??= new Int32Array(postCount).fill(-1);
      let g = groupIndex.get(post.group);
      if (g === undefined) groupIndex.set(post.group, (g = groupIndex.size));
      groups[p] = g;
    }
  }

  const applicantIndex = new Map<string, number>();
  const applicantIds: string[] = new Array<string>(applicantCount);
  let entryCount = 0;
  const ranks: (number | undefined)[] = new Array<number | undefined>(applicantCount);
  for (let a = 0; a < applicantCount; a++) {
    const applicant = applicants[a] as ApplicantInput;
    if (applicantIndex.has(applicant.id))
      throw new AllocationInputError(`duplicate applicant id ${quote(applicant.id)}`);
    applicantIndex.set(applicant.id, a);
    applicantIds[a] = applicant.id;
    ranks[a] = applicant.rank;
    entryCount += applicant.preferences.length;
  }

  const prefStart = new Int32Array(applicantCount + 1);
  const prefPost = new Int32Array(entryCount);
  // Stamp per post of the last applicant who listed it, to find a post listed twice without a set per applicant.
  const seen = new Int32Array(postCount).fill(-1);
  let e = 0;
  let preallocated: Int32Array | undefined;
  let linkedWith: Int32Array | undefined;
  for (let a = 0; a < applicantCount; a++) {
    const applicant = applicants[a] as ApplicantInput;
    prefStart[a] = e;
    for (const id of applicant.preferences) {
      const p = postIndex.get(id);
      if (p === undefined)
        throw new AllocationInputError(`applicant ${quote(applicant.id)} ranks unknown post ${quote(id)}`);
      if (seen[p] === a)
        throw new AllocationInputError(`applicant ${quote(applicant.id)} ranks post ${quote(id)} twice`);
      seen[p] = a;
      prefPost[e++] = p;
    }
    if (applicant.preallocatedTo !== undefined) {
      const p = postIndex.get(applicant.preallocatedTo);
      if (p === undefined) {
        throw new AllocationInputError(
          `applicant ${quote(applicant.id)} is pre-allocated to unknown post ${quote(applicant.preallocatedTo)}`,
        );
      }
      if (seen[p] !== a) {
        throw new AllocationInputError(
          `applicant ${quote(applicant.id)} is pre-allocated to post ${quote(applicant.preallocatedTo)}, which is not on their list`,
        );
      }
      preallocated ??= new Int32Array(applicantCount).fill(-1);
      preallocated[a] = p;
      capacity[p] = (capacity[p] ?? 0) - 1;
      if ((capacity[p] ?? 0) < 0) {
        throw new AllocationInputError(`post ${quote(applicant.preallocatedTo)} has more pre-allocations than places`);
      }
    }
    if (applicant.linkedWith !== undefined) {
      const b = applicantIndex.get(applicant.linkedWith);
      if (b === undefined) {
        throw new AllocationInputError(
          `applicant ${quote(applicant.id)} is linked with unknown applicant ${quote(applicant.linkedWith)}`,
        );
      }
      if (b === a || applicants[b]?.linkedWith !== applicant.id) {
        throw new AllocationInputError(
          `applicant ${quote(applicant.id)} is linked with ${quote(applicant.linkedWith)}, who is not linked with them`,
        );
      }
      linkedWith ??= new Int32Array(applicantCount).fill(-1);
      linkedWith[a] = b;
    }
  }
  prefStart[applicantCount] = e;
  // Pre-allocations were counted off to check them; the core takes the full capacity and counts them off itself.
  if (preallocated !== undefined) {
    for (let p = 0; p < postCount; p++) capacity[p] = (posts[p] as PostInput).capacity;
  }

  let postPrefStart: Int32Array | undefined;
  let postPrefApplicant: Int32Array | undefined;
  let postHasPreferences: Uint8Array | undefined;
  if (input.mechanism === 'deferred-acceptance') {
    let postEntries = 0;
    for (const post of posts) postEntries += post.preferences?.length ?? 0;
    postPrefStart = new Int32Array(postCount + 1);
    postPrefApplicant = new Int32Array(postEntries);
    postHasPreferences = new Uint8Array(postCount);
    const stamp = new Int32Array(applicantCount).fill(-1);
    let i = 0;
    for (let p = 0; p < postCount; p++) {
      const post = posts[p] as PostInput;
      postPrefStart[p] = i;
      if (post.preferences === undefined) continue;
      postHasPreferences[p] = 1;
      for (const id of post.preferences) {
        const a = applicantIndex.get(id);
        if (a === undefined)
          throw new AllocationInputError(`post ${quote(post.id)} ranks unknown applicant ${quote(id)}`);
        if (stamp[a] === p) throw new AllocationInputError(`post ${quote(post.id)} ranks applicant ${quote(id)} twice`);
        stamp[a] = p;
        postPrefApplicant[i++] = a;
      }
    }
    postPrefStart[postCount] = i;
  } else {
    // Still checked, so that the same input is valid or invalid whatever the mechanism.
    for (const post of posts) {
      for (const id of post.preferences ?? []) {
        if (!applicantIndex.has(id)) {
          throw new AllocationInputError(`post ${quote(post.id)} ranks unknown applicant ${quote(id)}`);
        }
      }
    }
  }

  const order = priorityOrder(applicantIds, ranks, input.seed);
  const instance: CoreInstance = {
    applicantCount,
    postCount,
    prefStart,
    prefPost,
    capacity,
    order,
    postPrefStart,
    postPrefApplicant,
    postHasPreferences,
    preallocated,
    linkedWith,
    group: groups,
  };
  return { input, applicantIds, postIds, instance };
}

/** Statistics of a core result. */
export function allocationStats(prepared: PreparedAllocation, core: CoreResult): AllocationStats {
  const { prefStart, applicantCount } = prepared.instance;
  let longest = 0;
  for (let a = 0; a < applicantCount; a++) longest = Math.max(longest, (prefStart[a + 1] ?? 0) - (prefStart[a] ?? 0));
  const byChoice = new Array<number>(longest).fill(0);
  let assigned = 0;
  let bottomFive = 0;
  for (let a = 0; a < applicantCount; a++) {
    const k = core.choice[a] ?? -1;
    if (k < 0) continue;
    assigned++;
    byChoice[k] = (byChoice[k] ?? 0) + 1;
    const length = (prefStart[a + 1] ?? 0) - (prefStart[a] ?? 0);
    if (k >= Math.max(length - 5, 5)) bottomFive++;
  }
  const share = (count: number) => (applicantCount === 0 ? 0 : count / applicantCount);
  return {
    applicants: applicantCount,
    assigned,
    byChoice,
    firstChoiceRate: share(byChoice[0] ?? 0),
    topThreeRate: share((byChoice[0] ?? 0) + (byChoice[1] ?? 0) + (byChoice[2] ?? 0)),
    bottomFiveRate: share(bottomFive),
    unplacedRate: share(applicantCount - assigned),
    blockingPairs: core.blockingPairs < 0 ? null : core.blockingPairs,
  };
}

/** Runs a prepared allocation and returns the core result alongside the friendly one (for explanations). */
export function runPrepared(prepared: PreparedAllocation): { result: AllocationResult; core: CoreResult } {
  const core = solve(prepared.instance, prepared.input.mechanism);
  const { applicantIds, postIds } = prepared;
  const assignments = Object.create(null) as Record<string, string | null>;
  const unplaced: string[] = [];
  for (let a = 0; a < applicantIds.length; a++) {
    const p = core.post[a] ?? -1;
    const id = applicantIds[a] as string;
    assignments[id] = p < 0 ? null : (postIds[p] as string);
    if (p < 0) unplaced.push(id);
  }
  const result: AllocationResult = {
    mechanism: prepared.input.mechanism,
    seed: prepared.input.seed,
    assignments,
    unplaced,
    stats: allocationStats(prepared, core),
  };
  return { result, core };
}

/** Allocates: the whole engine from plain input to plain result. Throws AllocationInputError on bad input. */
export function allocate(input: AllocationInput): AllocationResult {
  return runPrepared(prepareAllocation(input)).result;
}

/** Why one applicant got what they got, for the learner's page. */
export function explainApplicant(prepared: PreparedAllocation, core: CoreResult, a: number): ApplicantExplanation {
  const { applicantIds, postIds, instance } = prepared;
  const start = instance.prefStart[a] ?? 0;
  const end = instance.prefStart[a + 1] ?? 0;
  const k = core.choice[a] ?? -1;
  const passedOver: { post: string; choice: number; reason: PassedOverReason; message: string }[] = [];
  for (let e = start; e < (k < 0 ? end : start + k); e++) {
    const reason = REASON_NAMES[(core.reason[e] ?? 0) as ReasonCode];
    if (reason === null) continue;
    const post = postIds[instance.prefPost[e] ?? 0] as string;
    passedOver.push({ post, choice: e - start + 1, reason, message: PASSED_OVER_MESSAGES[reason] });
  }
  const partner = core.partner[a] ?? -1;
  const p = core.post[a] ?? -1;
  return {
    applicant: applicantIds[a] as string,
    priority: core.priority[a] ?? 0,
    linkedWith: partner < 0 ? null : (applicantIds[partner] as string),
    pairPriority: partner < 0 ? null : Math.max(core.priority[a] ?? 0, core.priority[partner] ?? 0),
    preallocated: (instance.preallocated?.[a] ?? -1) >= 0,
    post: p < 0 ? null : (postIds[p] as string),
    choice: k < 0 ? null : k + 1,
    passedOver,
  };
}

/** Allocates and explains every applicant's outcome (in input order). */
export function allocateWithExplanations(input: AllocationInput): {
  result: AllocationResult;
  explanations: ApplicantExplanation[];
} {
  const prepared = prepareAllocation(input);
  const { result, core } = runPrepared(prepared);
  const explanations = prepared.applicantIds.map((_, a) => explainApplicant(prepared, core, a));
  return { result, explanations };
}
