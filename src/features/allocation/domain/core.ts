/* eslint-disable @typescript-eslint/no-non-null-assertion --
 * Every typed-array index in this file is in bounds by construction (offsets built from the same counts), and the
 * loops are the hot path of a national allocation: a `?? 0` on every read would cost time and hide nothing. */

/**
 * The allocation engine's core: the three mechanisms over integers and typed arrays.
 *
 * Applicants are 0..applicantCount-1 and posts 0..postCount-1 (the object API in allocate.ts interns the string
 * ids). Preference lists are stored flat (compressed sparse rows): applicant a's list is
 * prefPost[prefStart[a] .. prefStart[a+1]), best first. Everything the solvers need is built in one or two passes
 * over those entries, so time and memory stay linear in the number of preference entries, and no solver allocates
 * per proposal.
 *
 * Rules shared by every mechanism:
 * - Priority: `order` lists applicants highest priority first (a given rank, then the seeded lottery; lottery.ts).
 * - Pre-allocation: an applicant with preallocated[a] = p ≥ 0 takes a place at p before anyone else is considered,
 *   reducing p's remaining capacity; they take no further part. (The object API checks that p is on their list and
 *   that pre-allocations never exceed a post's capacity.)
 * - Linked applicants (UKFPO's rule), serial dictatorship and immediate acceptance: two applicants linked to each
 *   other whose preference lists are identical, neither pre-allocated, form a unit that moves at the WORSE of their
 *   two priorities (the better-priority member does not get a turn of their own). At a post p on their shared list
 *   the unit is placed when
 *     (1) p has room for both: both get p; or else
 *     (2) p belongs to a group (a trust) and has room for one, and another post q of the same group on their list
 *         has room: the member with the better own priority gets p, the other gets the best such q on their list.
 *   Otherwise p is passed over for both (reason "no room for you and your linked applicant together" when p had
 *   one place left, "filled" when none). So linked applicants end up in the same post or the same trust, or are
 *   both unplaced. Links between applicants whose lists differ are ignored: each is allocated as an individual.
 * - Linked applicants, deferred acceptance: treated as individuals. Posts rank applicants one by one, a stable
 *   matching that keeps couples together need not exist (Roth 1984), and the issue requires a stable result with
 *   0 blocking pairs; so the link is not applied under this mechanism, and the mechanism description says so.
 */

export type CoreMechanism = 'serial-dictatorship' | 'immediate-acceptance' | 'deferred-acceptance';

/** Why an applicant was not given a preference they ranked above the one they got (one byte per entry). */
export const Reason = {
  /** Not passed over: the post they were given, one below it, or a post never reached. */
  none: 0,
  /** Serial dictatorship: full when their turn came (taken by applicants with higher priority, or pre-allocated). */
  filledByHigherPriority: 1,
  /** Immediate acceptance: full before the round in which they would have applied to it. */
  filledInEarlierRound: 2,
  /** Immediate acceptance: applied in a round, but its last places went to applicants with higher priority. */
  lostInRoundToHigherPriority: 3,
  /** Deferred acceptance: the post listed its own preferences and did not list them. */
  notRankedByPost: 4,
  /** Deferred acceptance: every place went to applicants the post ranked higher (or to pre-allocated applicants). */
  filledByApplicantsPostPreferred: 5,
  /** Linked applicants: the post had one place left and no other post of its group on their list had room. */
  noRoomForPair: 6,
  /** They were pre-allocated to a post by the special-circumstances panel. */
  preallocated: 7,
  /** Linked applicants seated in one trust: this post's last place went to their linked applicant. */
  givenToLinkedApplicant: 8,
  /** Linked applicants seated in one trust: this post is outside the trust of their linked applicant's post. */
  outsideLinkedApplicantsTrust: 9,
} as const;
export type ReasonCode = (typeof Reason)[keyof typeof Reason];

export interface CoreInstance {
  readonly applicantCount: number;
  readonly postCount: number;
  /** Length applicantCount + 1. */
  readonly prefStart: Int32Array;
  /** Post of each preference entry; within an applicant's range, best first; no repeats. */
  readonly prefPost: Int32Array;
  /** Places per post (≥ 0). */
  readonly capacity: Int32Array;
  /** Applicants by priority, highest first; a permutation of 0..applicantCount-1. */
  readonly order: Int32Array;
  /**
   * Deferred acceptance only: posts' own preference lists, flat like the applicants' (length postCount + 1 and the
   * entries). A post with postHasPreferences[p] = 0 ranks every applicant by priority instead.
   */
  readonly postPrefStart?: Int32Array | undefined;
  readonly postPrefApplicant?: Int32Array | undefined;
  readonly postHasPreferences?: Uint8Array | undefined;
  /** Post each applicant is pre-allocated to, or -1. */
  readonly preallocated?: Int32Array | undefined;
  /** Linked applicant of each applicant, or -1; links must be mutual (see effectivePartners). */
  readonly linkedWith?: Int32Array | undefined;
  /** Group (trust) of each post, or -1. */
  readonly group?: Int32Array | undefined;
}

export interface CoreResult {
  /** Post given to each applicant, or -1. */
  readonly post: Int32Array;
  /** Index in the applicant's list of the post given (0 = first choice), or -1. */
  readonly choice: Int32Array;
  /** Per preference entry: why it was passed over (Reason), 0 where it was not. */
  readonly reason: Uint8Array;
  /** 1-based position of each applicant in the priority order. */
  readonly priority: Int32Array;
  /** The linked applicant each applicant was actually allocated with (same lists, mechanism honours links), or -1. */
  readonly partner: Int32Array;
  /** Deferred acceptance: applicant–post pairs that would both rather have each other (0 when stable); else -1. */
  readonly blockingPairs: number;
  /** Immediate acceptance: rounds run; else 0. */
  readonly rounds: number;
}

/** The priority position (0 = first) of each applicant. */
function positions(order: Int32Array): Int32Array {
  const position = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) position[order[i]!] = i;
  return position;
}

/**
 * The links the engine honours: mutual, between applicants with identical preference lists, neither pre-allocated.
 */
export function effectivePartners(instance: CoreInstance): Int32Array {
  const { applicantCount, prefStart, prefPost, linkedWith, preallocated } = instance;
  const partner = new Int32Array(applicantCount).fill(-1);
  if (linkedWith === undefined) return partner;
  for (let a = 0; a < applicantCount; a++) {
    const b = linkedWith[a]!;
    if (b < 0 || b === a || linkedWith[b] !== a) continue;
    if (preallocated !== undefined && (preallocated[a]! >= 0 || preallocated[b]! >= 0)) continue;
    const sa = prefStart[a]!;
    const sb = prefStart[b]!;
    const length = prefStart[a + 1]! - sa;
    if (prefStart[b + 1]! - sb !== length) continue;
    let same = true;
    for (let k = 0; k < length && same; k++) same = prefPost[sa + k] === prefPost[sb + k];
    if (same) partner[a] = b;
  }
  return partner;
}

interface State {
  readonly post: Int32Array;
  readonly choice: Int32Array;
  readonly reason: Uint8Array;
  readonly remaining: Int32Array;
  readonly fixed: Uint8Array;
}

function startState(instance: CoreInstance): State {
  const { applicantCount, prefStart, prefPost, preallocated } = instance;
  const post = new Int32Array(applicantCount).fill(-1);
  const choice = new Int32Array(applicantCount).fill(-1);
  const reason = new Uint8Array(prefPost.length);
  const remaining = instance.capacity.slice();
  const fixed = new Uint8Array(applicantCount);
  if (preallocated !== undefined) {
    for (let a = 0; a < applicantCount; a++) {
      const p = preallocated[a]!;
      if (p < 0) continue;
      fixed[a] = 1;
      post[a] = p;
      remaining[p] = remaining[p]! - 1;
      for (let e = prefStart[a]!, end = prefStart[a + 1]!; e < end; e++) {
        if (prefPost[e] === p) {
          choice[a] = e - prefStart[a]!;
          break;
        }
        reason[e] = Reason.preallocated;
      }
    }
  }
  return { post, choice, reason, remaining, fixed };
}

/**
 * Units in priority order: a single applicant at their own position, a linked pair once, at the position of its
 * worse-priority member. Returns the unit's "leader" (for a pair, the member with the better own priority).
 */
function unitOrder(order: Int32Array, position: Int32Array, partner: Int32Array, fixed: Uint8Array): Int32Array {
  const units = new Int32Array(order.length);
  let count = 0;
  for (let i = 0; i < order.length; i++) {
    const a = order[i]!;
    if (fixed[a] === 1) continue;
    const b = partner[a]!;
    if (b < 0) units[count++] = a;
    else if (position[b]! < i) units[count++] = b; // a is the worse member: the pair moves now, led by b
  }
  return units.subarray(0, count);
}

/**
 * Tries to seat a linked pair at the post of entry offset k on their shared list (rule in the header comment).
 * Returns true when seated. `leader` has the better own priority and gets the post at k.
 */
function seatPair(instance: CoreInstance, state: State, leader: number, other: number, k: number): boolean {
  const { prefStart, prefPost, group } = instance;
  const { remaining, post, choice } = state;
  const sl = prefStart[leader]!;
  const so = prefStart[other]!;
  const p = prefPost[sl + k]!;
  if (remaining[p]! >= 2) {
    remaining[p] = remaining[p]! - 2;
    post[leader] = p;
    post[other] = p;
    choice[leader] = k;
    choice[other] = k;
    return true;
  }
  if (remaining[p] !== 1 || group === undefined || group[p]! < 0) return false;
  const g = group[p]!;
  const length = prefStart[leader + 1]! - sl;
  for (let j = 0; j < length; j++) {
    const q = prefPost[so + j]!;
    if (j === k || group[q] !== g || remaining[q]! < 1) continue;
    remaining[p] = 0; // it had exactly one place left
    remaining[q] = remaining[q]! - 1;
    post[leader] = p;
    choice[leader] = k;
    post[other] = q;
    choice[other] = j;
    state.reason[so + k] = Reason.givenToLinkedApplicant;
    for (let i = k + 1; i < j; i++) {
      const skipped = prefPost[so + i]!;
      state.reason[so + i] = group[skipped] === g ? Reason.filledByHigherPriority : Reason.outsideLinkedApplicantsTrust;
    }
    return true;
  }
  return false;
}

function markPassed(instance: CoreInstance, state: State, a: number, b: number, k: number, why: ReasonCode): void {
  state.reason[instance.prefStart[a]! + k] = why;
  if (b >= 0) state.reason[instance.prefStart[b]! + k] = why;
}

/** Serial dictatorship: in priority order, each unit takes its highest preference that still has room. */
function serialDictatorship(instance: CoreInstance, state: State, units: Int32Array, partner: Int32Array): void {
  const { prefStart, prefPost } = instance;
  const { remaining, post, choice, reason } = state;
  for (let u = 0; u < units.length; u++) {
    const a = units[u]!;
    const b = partner[a]!;
    const start = prefStart[a]!;
    const end = prefStart[a + 1]!;
    if (b < 0) {
      for (let e = start; e < end; e++) {
        const p = prefPost[e]!;
        if (remaining[p]! > 0) {
          remaining[p] = remaining[p]! - 1;
          post[a] = p;
          choice[a] = e - start;
          break;
        }
        reason[e] = Reason.filledByHigherPriority;
      }
      continue;
    }
    for (let k = 0; k < end - start; k++) {
      if (seatPair(instance, state, a, b, k)) break;
      const full = remaining[prefPost[start + k]!] === 0;
      markPassed(instance, state, a, b, k, full ? Reason.filledByHigherPriority : Reason.noRoomForPair);
    }
  }
}

/**
 * Immediate acceptance ("first preferences first"), adaptive form as the issue states it: in each round every
 * unplaced unit applies to its most-preferred post that has room at the start of the round (for a pair: room as in
 * rule (1) or (2)); each post accepts its applicants in priority order up to its remaining capacity; acceptances are
 * final. Because posts accept in priority order, going through all applications of a round in global priority order
 * and accepting while there is room gives exactly the per-post outcome. A rejected unit moves past that post, so
 * rounds ≤ longest list + 1.
 */
function immediateAcceptance(instance: CoreInstance, state: State, units: Int32Array, partner: Int32Array): number {
  const { prefStart, prefPost, group } = instance;
  const { remaining, post, choice, reason } = state;
  const active = units.slice();
  let activeCount = active.length;
  const next = new Int32Array(instance.applicantCount); // offset k within the list of the unit's next candidate
  let rounds = 0;
  const pairFits = (a: number, b: number, k: number): boolean => {
    const p = prefPost[prefStart[a]! + k]!;
    if (remaining[p]! >= 2) return true;
    if (remaining[p] !== 1 || group === undefined || group[p]! < 0) return false;
    const sb = prefStart[b]!;
    const length = prefStart[b + 1]! - sb;
    for (let j = 0; j < length; j++) {
      const q = prefPost[sb + j]!;
      if (j !== k && group[q] === group[p] && remaining[q]! > 0) return true;
    }
    return false;
  };
  while (activeCount > 0) {
    rounds++;
    // Phase 1: each unit's application this round, from the room at the start of the round.
    let kept = 0;
    for (let i = 0; i < activeCount; i++) {
      const a = active[i]!;
      const b = partner[a]!;
      const start = prefStart[a]!;
      const length = prefStart[a + 1]! - start;
      let k = next[a]!;
      while (k < length && !(b < 0 ? remaining[prefPost[start + k]!]! > 0 : pairFits(a, b, k))) {
        const full = remaining[prefPost[start + k]!] === 0;
        markPassed(instance, state, a, b, k, full ? Reason.filledInEarlierRound : Reason.noRoomForPair);
        k++;
      }
      next[a] = k;
      if (k < length) active[kept++] = a;
    }
    activeCount = kept;
    // Phase 2: applications accepted in priority order while there is room.
    kept = 0;
    for (let i = 0; i < activeCount; i++) {
      const a = active[i]!;
      const b = partner[a]!;
      const k = next[a]!;
      const e = prefStart[a]! + k;
      const p = prefPost[e]!;
      if (b < 0) {
        if (remaining[p]! > 0) {
          remaining[p] = remaining[p]! - 1;
          post[a] = p;
          choice[a] = k;
          continue;
        }
        reason[e] = Reason.lostInRoundToHigherPriority;
      } else {
        if (seatPair(instance, state, a, b, k)) continue;
        markPassed(instance, state, a, b, k, Reason.lostInRoundToHigherPriority);
      }
      next[a] = k + 1;
      active[kept++] = a;
    }
    activeCount = kept;
  }
  return rounds;
}

/**
 * Applicant-proposing deferred acceptance (Gale–Shapley with capacities). Each preference entry gets the rank the
 * post gives that applicant (its own list, or the priority order for posts without one; -1 = not acceptable),
 * computed with a counting sort of the entries by post and a scratch array, so no hash table and no (post ×
 * applicant) matrix. Each post holds its tentative applicants in a max-heap on rank, sized min(places, applicants
 * who listed it). Free applicants wait on a stack; each proposal is O(log places) and allocates nothing.
 */
function deferredAcceptance(instance: CoreInstance, state: State, position: Int32Array): number {
  const { applicantCount, postCount, prefStart, prefPost, postPrefStart, postPrefApplicant, postHasPreferences } =
    instance;
  const { remaining, post, choice, reason, fixed } = state;
  const entryCount = prefPost.length;

  // Entries grouped by post (counting sort), to fill the rank of each entry post by post.
  const indegree = new Int32Array(postCount + 1);
  for (let e = 0; e < entryCount; e++) {
    const slot = prefPost[e]! + 1;
    indegree[slot] = indegree[slot]! + 1;
  }
  for (let p = 0; p < postCount; p++) indegree[p + 1] = indegree[p + 1]! + indegree[p]!;
  const byPostStart = indegree; // now prefix sums: post p's entries at byPostStart[p] .. byPostStart[p+1]
  const fill = byPostStart.slice(0, postCount);
  const byPostEntry = new Int32Array(entryCount);
  const entryApplicant = new Int32Array(entryCount);
  for (let a = 0; a < applicantCount; a++) {
    for (let e = prefStart[a]!, end = prefStart[a + 1]!; e < end; e++) {
      entryApplicant[e] = a;
      const p = prefPost[e]!;
      byPostEntry[fill[p]!] = e;
      fill[p] = fill[p]! + 1;
    }
  }
  const rank = new Int32Array(entryCount);
  const scratch = new Int32Array(applicantCount).fill(-1);
  for (let p = 0; p < postCount; p++) {
    const ranksOwn = postHasPreferences !== undefined && postHasPreferences[p] === 1;
    if (ranksOwn && postPrefStart !== undefined && postPrefApplicant !== undefined) {
      for (let i = postPrefStart[p]!, end = postPrefStart[p + 1]!; i < end; i++) {
        scratch[postPrefApplicant[i]!] = i - postPrefStart[p]!;
      }
      for (let i = byPostStart[p]!, end = byPostStart[p + 1]!; i < end; i++) {
        const e = byPostEntry[i]!;
        rank[e] = scratch[entryApplicant[e]!]!;
      }
      for (let i = postPrefStart[p]!, end = postPrefStart[p + 1]!; i < end; i++) scratch[postPrefApplicant[i]!] = -1;
    } else {
      for (let i = byPostStart[p]!, end = byPostStart[p + 1]!; i < end; i++) {
        const e = byPostEntry[i]!;
        rank[e] = position[entryApplicant[e]!]!;
      }
    }
  }

  // Per-post max-heaps on rank of the applicants currently held.
  const heapStart = new Int32Array(postCount + 1);
  for (let p = 0; p < postCount; p++) {
    const room = Math.max(0, Math.min(remaining[p]!, byPostStart[p + 1]! - byPostStart[p]!));
    heapStart[p + 1] = heapStart[p]! + room;
  }
  const heapRank = new Int32Array(heapStart[postCount]!);
  const heapApplicant = new Int32Array(heapStart[postCount]!);
  const heapSize = new Int32Array(postCount);

  const free = new Int32Array(applicantCount);
  let freeCount = 0;
  for (let i = applicantCount - 1; i >= 0; i--) {
    const a = instance.order[i]!;
    if (fixed[a] === 0) free[freeCount++] = a;
  }
  const next = prefStart.slice(0, applicantCount);

  while (freeCount > 0) {
    const a = free[--freeCount]!;
    const end = prefStart[a + 1]!;
    let e = next[a]!;
    for (; e < end; e++) {
      const r = rank[e]!;
      if (r < 0) continue;
      const p = prefPost[e]!;
      const base = heapStart[p]!;
      const room = heapStart[p + 1]! - base;
      if (room === 0) continue;
      const size = heapSize[p]!;
      if (size < room) {
        // Sift up a new leaf.
        let i = size;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (heapRank[base + parent]! >= r) break;
          heapRank[base + i] = heapRank[base + parent]!;
          heapApplicant[base + i] = heapApplicant[base + parent]!;
          i = parent;
        }
        heapRank[base + i] = r;
        heapApplicant[base + i] = a;
        heapSize[p] = size + 1;
        post[a] = p;
        break;
      }
      if (r >= heapRank[base]!) continue;
      // Replace the worst held applicant and sift down.
      const evicted = heapApplicant[base]!;
      post[evicted] = -1;
      free[freeCount++] = evicted;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= size) break;
        const right = left + 1;
        const child = right < size && heapRank[base + right]! > heapRank[base + left]! ? right : left;
        if (heapRank[base + child]! <= r) break;
        heapRank[base + i] = heapRank[base + child]!;
        heapApplicant[base + i] = heapApplicant[base + child]!;
        i = child;
      }
      heapRank[base + i] = r;
      heapApplicant[base + i] = a;
      post[a] = p;
      break;
    }
    next[a] = e + 1;
  }

  // Choices, reasons and blocking pairs in one pass over the entries.
  let blocking = 0;
  for (let a = 0; a < applicantCount; a++) {
    if (fixed[a] === 1) continue;
    const start = prefStart[a]!;
    const end = prefStart[a + 1]!;
    const given = post[a]!;
    for (let e = start; e < end; e++) {
      const p = prefPost[e]!;
      if (p === given) {
        choice[a] = e - start;
        break;
      }
      const r = rank[e]!;
      if (r < 0) {
        reason[e] = Reason.notRankedByPost;
        continue;
      }
      reason[e] = Reason.filledByApplicantsPostPreferred;
      const base = heapStart[p]!;
      const room = heapStart[p + 1]! - base;
      if (room > 0 && (heapSize[p]! < room || r < heapRank[base]!)) blocking++;
    }
  }
  return blocking;
}

/** Runs one mechanism over a core instance. Pure: the instance is not modified. */
export function solve(instance: CoreInstance, mechanism: CoreMechanism): CoreResult {
  const state = startState(instance);
  const position = positions(instance.order);
  const priority = new Int32Array(instance.applicantCount);
  for (let a = 0; a < priority.length; a++) priority[a] = position[a]! + 1;
  if (mechanism === 'deferred-acceptance') {
    const blockingPairs = deferredAcceptance(instance, state, position);
    const partner = new Int32Array(instance.applicantCount).fill(-1);
    return { ...pick(state), priority, partner, blockingPairs, rounds: 0 };
  }
  const partner = effectivePartners(instance);
  const units = unitOrder(instance.order, position, partner, state.fixed);
  let rounds = 0;
  if (mechanism === 'serial-dictatorship') serialDictatorship(instance, state, units, partner);
  else rounds = immediateAcceptance(instance, state, units, partner);
  return { ...pick(state), priority, partner, blockingPairs: -1, rounds };
}

function pick(state: State): { post: Int32Array; choice: Int32Array; reason: Uint8Array } {
  return { post: state.post, choice: state.choice, reason: state.reason };
}
