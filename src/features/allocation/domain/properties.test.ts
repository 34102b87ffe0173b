import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type AllocationInput,
  type AllocationResult,
  type ApplicantInput,
  type Mechanism,
  type PostInput,
  MECHANISMS,
  allocate,
  prepareAllocation,
} from './allocate.ts';

interface Options {
  maxApplicants: number;
  maxPosts: number;
  links: boolean;
  preallocation: boolean;
  postPreferences: boolean;
  groups: boolean;
}

/** A small random instance: ids a0.. and p0.., lists drawn from the posts, optional ranks, links, pre-allocations. */
function instance(mechanism: fc.Arbitrary<Mechanism>, options: Options): fc.Arbitrary<AllocationInput> {
  return fc
    .record({
      mechanism,
      seed: fc.integer(),
      postCount: fc.integer({ min: 1, max: options.maxPosts }),
      applicantCount: fc.integer({ min: 0, max: options.maxApplicants }),
      randomness: fc.array(fc.nat(1000), { minLength: 200, maxLength: 200 }),
    })
    .map(({ mechanism, seed, postCount, applicantCount, randomness }) => {
      let cursor = 0;
      const draw = (bound: number) => (randomness[cursor++ % randomness.length] ?? 0) % bound;
      const shuffled = <T>(items: readonly T[]): T[] => {
        const copy = [...items];
        for (let i = copy.length - 1; i > 0; i--) {
          const j = draw(i + 1);
          [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
        }
        return copy;
      };
      const postIds = Array.from({ length: postCount }, (_, p) => `p${p}`);
      const applicantIds = Array.from({ length: applicantCount }, (_, a) => `a${a}`);
      const capacity = postIds.map(() => 1 + draw(3));
      const applicants: ApplicantInput[] = [];
      const left = [...capacity];
      for (let a = 0; a < applicantCount; a++) {
        const linkToPrevious = options.links && a % 2 === 1 && draw(2) === 0;
        const previous = applicants[a - 1];
        const preferences =
          linkToPrevious && previous !== undefined
            ? [...previous.preferences]
            : shuffled(postIds).slice(0, draw(postCount + 1));
        const rank = draw(3) === 0 ? draw(4) : undefined;
        let preallocatedTo: string | undefined;
        const candidate = preferences[0];
        if (options.preallocation && !linkToPrevious && candidate !== undefined && draw(5) === 0) {
          const p = Number(candidate.slice(1));
          if ((left[p] ?? 0) > 0) {
            left[p] = (left[p] ?? 0) - 1;
            preallocatedTo = candidate;
          }
        }
        applicants.push({ id: `a${a}`, preferences, rank, preallocatedTo });
        if (linkToPrevious && previous !== undefined && previous.preallocatedTo === undefined) {
          applicants[a - 1] = { ...previous, linkedWith: `a${a}` };
          applicants[a] = { ...(applicants[a] as ApplicantInput), linkedWith: `a${a - 1}` };
        }
      }
      const posts: PostInput[] = postIds.map((id, p) => ({
        id,
        capacity: capacity[p] ?? 1,
        preferences:
          options.postPreferences && draw(3) > 0
            ? shuffled(applicantIds).slice(0, draw(applicantCount + 1))
            : undefined,
        group: options.groups ? `t${draw(2)}` : undefined,
      }));
      return { mechanism, seed, applicants, posts };
    });
}

const anyMechanism = fc.constantFrom(...MECHANISMS);
const everything: Options = {
  maxApplicants: 12,
  maxPosts: 5,
  links: true,
  preallocation: true,
  postPreferences: true,
  groups: true,
};
const RUNS = { numRuns: 200 };

/** The rank a post gives each applicant: its own list, or the priority order when it has none (-1: unacceptable). */
function postRanks(input: AllocationInput): Map<string, Map<string, number>> {
  const prepared = prepareAllocation(input);
  const priority = new Map(Array.from(prepared.instance.order, (a, i) => [prepared.applicantIds[a] ?? '', i]));
  return new Map(
    input.posts.map((post) => [
      post.id,
      post.preferences === undefined ? priority : new Map(post.preferences.map((id, i) => [id, i])),
    ]),
  );
}

function priorityIds(input: AllocationInput): string[] {
  const prepared = prepareAllocation(input);
  return Array.from(prepared.instance.order, (a) => prepared.applicantIds[a] ?? '');
}

/** Blocking pairs counted from scratch: a prefers p to what they have, p accepts a and has room or prefers a. */
function blockingPairs(input: AllocationInput, assignments: Record<string, string | null>): number {
  const ranks = postRanks(input);
  const held = new Map<string, string[]>();
  for (const [a, p] of Object.entries(assignments)) if (p !== null) held.set(p, [...(held.get(p) ?? []), a]);
  let count = 0;
  for (const applicant of input.applicants) {
    const given = assignments[applicant.id] ?? null;
    for (const p of applicant.preferences) {
      if (p === given) break;
      const rank = ranks.get(p)?.get(applicant.id);
      if (rank === undefined) continue;
      const post = input.posts.find((candidate) => candidate.id === p);
      const holders = held.get(p) ?? [];
      if (holders.length < (post?.capacity ?? 0)) count++;
      else if (holders.some((b) => (ranks.get(p)?.get(b) ?? Infinity) > rank)) count++;
    }
  }
  return count;
}

/** Every stable matching by enumeration; the applicant-optimal one is the one every applicant weakly prefers. */
function applicantOptimalByBruteForce(input: AllocationInput): Record<string, string | null> {
  const ranks = postRanks(input);
  const options = input.applicants.map((applicant) => [
    null,
    ...applicant.preferences.filter((p) => ranks.get(p)?.has(applicant.id) === true),
  ]);
  const stable: Record<string, string | null>[] = [];
  const current: (string | null)[] = [];
  const used = new Map<string, number>();
  const visit = (i: number): void => {
    if (i === input.applicants.length) {
      const assignments = Object.fromEntries(input.applicants.map((a, k) => [a.id, current[k] ?? null]));
      if (blockingPairs(input, assignments) === 0) stable.push(assignments);
      return;
    }
    for (const p of options[i] ?? []) {
      if (p !== null) {
        const capacity = input.posts.find((post) => post.id === p)?.capacity ?? 0;
        if ((used.get(p) ?? 0) >= capacity) continue;
        used.set(p, (used.get(p) ?? 0) + 1);
      }
      current[i] = p;
      visit(i + 1);
      if (p !== null) used.set(p, (used.get(p) ?? 0) - 1);
    }
  };
  visit(0);
  const choiceIndex = (applicant: ApplicantInput, p: string | null) =>
    p === null ? Infinity : applicant.preferences.indexOf(p);
  const optimal = stable.find((candidate) =>
    stable.every((other) =>
      input.applicants.every((a) => choiceIndex(a, candidate[a.id] ?? null) <= choiceIndex(a, other[a.id] ?? null)),
    ),
  );
  if (optimal === undefined) throw new Error('no applicant-optimal stable matching: impossible by Gale–Shapley');
  return optimal;
}

const firstChoices = (result: AllocationResult) => result.stats.byChoice[0] ?? 0;

describe('every mechanism', () => {
  it('never exceeds a capacity and gives nobody a post they did not rank', () => {
    fc.assert(
      fc.property(instance(anyMechanism, everything), (input) => {
        const result = allocate(input);
        const count = new Map<string, number>();
        for (const applicant of input.applicants) {
          const p = result.assignments[applicant.id] ?? null;
          if (p === null) continue;
          expect(applicant.preferences).toContain(p);
          count.set(p, (count.get(p) ?? 0) + 1);
        }
        for (const post of input.posts) expect(count.get(post.id) ?? 0).toBeLessThanOrEqual(post.capacity);
        expect(result.stats.assigned).toBe(count.size === 0 ? 0 : [...count.values()].reduce((s, n) => s + n, 0));
      }),
      RUNS,
    );
  });

  it('gives the same result for the same seed whatever the order of applicants and posts', () => {
    fc.assert(
      fc.property(instance(anyMechanism, everything), fc.nat(), (input, salt) => {
        const reorder = <T>(items: readonly T[]) =>
          items
            .map((item, i) => ({ item, key: (i * 7919 + salt) % 104_729 }))
            .sort((x, y) => x.key - y.key)
            .map(({ item }) => item);
        const shuffled = { ...input, applicants: reorder(input.applicants), posts: reorder(input.posts).reverse() };
        const a = allocate(input);
        const b = allocate(shuffled);
        for (const applicant of input.applicants) {
          expect(b.assignments[applicant.id]).toBe(a.assignments[applicant.id]);
        }
        expect(b.stats).toEqual(a.stats);
      }),
      RUNS,
    );
  });

  it('keeps pre-allocated applicants in their post', () => {
    fc.assert(
      fc.property(instance(anyMechanism, everything), (input) => {
        const result = allocate(input);
        for (const applicant of input.applicants) {
          if (applicant.preallocatedTo !== undefined) {
            expect(result.assignments[applicant.id]).toBe(applicant.preallocatedTo);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('linked applicants under serial dictatorship and immediate acceptance', () => {
  it('end up in the same post or the same trust, or both unplaced', () => {
    const mechanisms = fc.constantFrom<Mechanism>('serial-dictatorship', 'immediate-acceptance');
    fc.assert(
      fc.property(instance(mechanisms, everything), (input) => {
        const result = allocate(input);
        const group = new Map(input.posts.map((post) => [post.id, post.group]));
        for (const applicant of input.applicants) {
          if (applicant.linkedWith === undefined) continue;
          const mine = result.assignments[applicant.id] ?? null;
          const theirs = result.assignments[applicant.linkedWith] ?? null;
          if (mine === null || theirs === null) {
            expect([mine, theirs]).toEqual([null, null]);
          } else if (mine !== theirs) {
            expect(group.get(mine)).toBeDefined();
            expect(group.get(mine)).toBe(group.get(theirs));
          }
        }
      }),
      RUNS,
    );
  });
});

describe('serial dictatorship', () => {
  it('gives each applicant their best post among those left by the applicants before them', () => {
    const options = { ...everything, links: false };
    fc.assert(
      fc.property(instance(fc.constant('serial-dictatorship'), options), (input) => {
        const result = allocate(input);
        const left = new Map(input.posts.map((post) => [post.id, post.capacity]));
        const byId = new Map(input.applicants.map((a) => [a.id, a]));
        for (const applicant of input.applicants) {
          if (applicant.preallocatedTo !== undefined) {
            left.set(applicant.preallocatedTo, (left.get(applicant.preallocatedTo) ?? 0) - 1);
          }
        }
        for (const id of priorityIds(input)) {
          const applicant = byId.get(id);
          if (applicant === undefined || applicant.preallocatedTo !== undefined) continue;
          const best = applicant.preferences.find((p) => (left.get(p) ?? 0) > 0) ?? null;
          expect(result.assignments[id]).toBe(best);
          if (best !== null) left.set(best, (left.get(best) ?? 0) - 1);
        }
      }),
      RUNS,
    );
  });
});

describe('immediate acceptance', () => {
  it('places at least as many first choices as serial dictatorship on the same input', () => {
    const options = { ...everything, links: false };
    fc.assert(
      fc.property(instance(fc.constant('immediate-acceptance'), options), (input) => {
        const ia = allocate(input);
        const sd = allocate({ ...input, mechanism: 'serial-dictatorship' });
        expect(firstChoices(ia)).toBeGreaterThanOrEqual(firstChoices(sd));
      }),
      RUNS,
    );
  });
});

describe('deferred acceptance', () => {
  it('is stable: no blocking pairs, by its own count and counted from scratch', () => {
    const options = { ...everything, links: false, preallocation: false };
    fc.assert(
      fc.property(instance(fc.constant('deferred-acceptance'), options), (input) => {
        const result = allocate(input);
        expect(result.stats.blockingPairs).toBe(0);
        expect(blockingPairs(input, result.assignments)).toBe(0);
      }),
      RUNS,
    );
  });

  it('equals the applicant-optimal stable matching found by brute force on small instances', () => {
    const options = { ...everything, maxApplicants: 6, maxPosts: 3, links: false, preallocation: false };
    fc.assert(
      fc.property(instance(fc.constant('deferred-acceptance'), options), (input) => {
        const result = allocate(input);
        expect({ ...result.assignments }).toEqual(applicantOptimalByBruteForce(input));
      }),
      { numRuns: 150 },
    );
  });

  it('counts a blocking pair when there is one (the checker is not vacuous)', () => {
    const input: AllocationInput = {
      mechanism: 'deferred-acceptance',
      seed: 1,
      applicants: [{ id: 'a', preferences: ['p'] }],
      posts: [{ id: 'p', capacity: 1 }],
    };
    expect(blockingPairs(input, { a: null })).toBe(1);
  });
});
