import { describe, expect, it } from 'vitest';
import {
  type AllocationInput,
  type ApplicantInput,
  type Mechanism,
  type PostInput,
  AllocationInputError,
  allocate,
  allocateWithExplanations,
} from './allocate.ts';

const run = (
  mechanism: Mechanism,
  applicants: ApplicantInput[],
  posts: PostInput[],
  seed = 1,
): ReturnType<typeof allocateWithExplanations> => allocateWithExplanations({ mechanism, seed, applicants, posts });

const reasons = (result: ReturnType<typeof run>, applicant: string) =>
  result.explanations
    .find((explanation) => explanation.applicant === applicant)
    ?.passedOver.map((p) => [p.post, p.reason]);

describe('serial dictatorship', () => {
  it('gives each applicant, in priority order, their highest preference with room', () => {
    const { result } = run(
      'serial-dictatorship',
      [
        { id: 'z', preferences: ['A'], rank: 3 },
        { id: 'x', preferences: ['A', 'B'], rank: 1 },
        { id: 'y', preferences: ['A', 'B'], rank: 2 },
      ],
      [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
      ],
    );
    expect(result.assignments).toEqual({ z: null, x: 'A', y: 'B' });
    expect(result.unplaced).toEqual(['z']);
    expect(result.stats).toMatchObject({ applicants: 3, assigned: 2, byChoice: [1, 1], blockingPairs: null });
    expect(result.stats.firstChoiceRate).toBeCloseTo(1 / 3);
  });
});

describe('immediate acceptance', () => {
  // x and y both want A first; w wants B first. Serial dictatorship gives y the B that w wanted first;
  // immediate acceptance gives w B in round 1, so y (who lost A in round 1) finds B full in round 2.
  const applicants: ApplicantInput[] = [
    { id: 'x', preferences: ['A', 'B'], rank: 1 },
    { id: 'y', preferences: ['A', 'B'], rank: 2 },
    { id: 'w', preferences: ['B', 'C'], rank: 3 },
  ];
  const posts: PostInput[] = [
    { id: 'A', capacity: 1 },
    { id: 'B', capacity: 1 },
    { id: 'C', capacity: 1 },
  ];

  it('fills first preferences first; acceptances are final', () => {
    const ia = run('immediate-acceptance', applicants, posts);
    expect(ia.result.assignments).toEqual({ x: 'A', y: null, w: 'B' });
    expect(ia.result.stats.byChoice).toEqual([2, 0]);
    const sd = run('serial-dictatorship', applicants, posts);
    expect(sd.result.assignments).toEqual({ x: 'A', y: 'B', w: 'C' });
    expect(sd.result.stats.byChoice).toEqual([1, 2]);
  });

  it('explains a rejection in a round and a post filled in an earlier round', () => {
    expect(reasons(run('immediate-acceptance', applicants, posts), 'y')).toEqual([
      ['A', 'lost-in-round-to-higher-priority'],
      ['B', 'filled-in-earlier-round'],
    ]);
  });
});

describe('deferred acceptance', () => {
  const applicants: ApplicantInput[] = [
    { id: 'x', preferences: ['A', 'B'], rank: 1 },
    { id: 'y', preferences: ['A', 'B'], rank: 2 },
    { id: 'z', preferences: ['C'], rank: 3 },
  ];
  const posts: PostInput[] = [
    { id: 'A', capacity: 1, preferences: ['y', 'x'] },
    { id: 'B', capacity: 1 },
    { id: 'C', capacity: 1, preferences: ['y'] },
  ];

  it('lets a post hold its preferred applicant, accepts only listed applicants, and is stable', () => {
    const { result } = run('deferred-acceptance', applicants, posts);
    expect(result.assignments).toEqual({ x: 'B', y: 'A', z: null });
    expect(result.stats.blockingPairs).toBe(0);
    expect(result.stats.byChoice).toEqual([1, 1]);
  });

  it('explains why each higher preference was not given', () => {
    const explained = run('deferred-acceptance', applicants, posts);
    expect(reasons(explained, 'x')).toEqual([['A', 'filled-by-applicants-post-ranked-higher']]);
    expect(reasons(explained, 'z')).toEqual([['C', 'post-did-not-rank-you']]);
  });

  it('ranks applicants by priority at posts without preferences', () => {
    const { result } = run(
      'deferred-acceptance',
      [
        { id: 'late', preferences: ['A'], rank: 2 },
        { id: 'early', preferences: ['A'], rank: 1 },
      ],
      [{ id: 'A', capacity: 1 }],
    );
    expect(result.assignments).toEqual({ late: null, early: 'A' });
  });

  it('ignores post preferences under the other mechanisms', () => {
    const { result } = run('serial-dictatorship', applicants, posts);
    expect(result.assignments).toEqual({ x: 'A', y: 'B', z: 'C' });
  });
});

describe('pre-allocation', () => {
  it('gives pre-allocated applicants their post first, under every mechanism', () => {
    for (const mechanism of ['serial-dictatorship', 'immediate-acceptance', 'deferred-acceptance'] as const) {
      const explained = run(
        mechanism,
        [
          { id: 'x', preferences: ['A', 'B'], rank: 1 },
          { id: 'y', preferences: ['B', 'A'], rank: 2, preallocatedTo: 'A' },
        ],
        [
          { id: 'A', capacity: 1 },
          { id: 'B', capacity: 1 },
        ],
      );
      expect(explained.result.assignments).toEqual({ x: 'B', y: 'A' });
      expect(reasons(explained, 'y')).toEqual([['B', 'preallocated']]);
      expect(explained.explanations[1]).toMatchObject({ preallocated: true, choice: 2 });
    }
  });
});

describe('linked applicants', () => {
  // x (rank 1) and y (rank 4) are linked with the same list, so they move together at y's priority (4):
  // s and t (ranks 2, 3) fill A first; B has one place, and C of the same trust T has room: x gets B, y gets C.
  const applicants: ApplicantInput[] = [
    { id: 'x', preferences: ['A', 'B', 'C'], rank: 1, linkedWith: 'y' },
    { id: 's', preferences: ['A'], rank: 2 },
    { id: 't', preferences: ['A'], rank: 3 },
    { id: 'y', preferences: ['A', 'B', 'C'], rank: 4, linkedWith: 'x' },
  ];
  const posts: PostInput[] = [
    { id: 'A', capacity: 2 },
    { id: 'B', capacity: 1, group: 'T' },
    { id: 'C', capacity: 1, group: 'T' },
  ];

  it('serial dictatorship: together in one trust, at the worse of their two priorities', () => {
    const explained = run('serial-dictatorship', applicants, posts);
    expect(explained.result.assignments).toEqual({ x: 'B', s: 'A', t: 'A', y: 'C' });
    expect(explained.explanations[0]).toMatchObject({ linkedWith: 'y', priority: 1, pairPriority: 4 });
    expect(reasons(explained, 'y')).toEqual([
      ['A', 'filled-by-higher-priority'],
      ['B', 'given-to-linked-applicant'],
    ]);
    expect(reasons(explained, 'x')).toEqual([['A', 'filled-by-higher-priority']]);
  });

  it('immediate acceptance: the pair applies as a unit at its worse priority', () => {
    expect(run('immediate-acceptance', applicants, posts).result.assignments).toEqual({
      x: 'B',
      s: 'A',
      t: 'A',
      y: 'C',
    });
  });

  it('both in the same post when it has room for two', () => {
    const { result } = run('serial-dictatorship', applicants, [
      { id: 'A', capacity: 4 },
      { id: 'B', capacity: 1 },
      { id: 'C', capacity: 1 },
    ]);
    expect(result.assignments).toEqual({ x: 'A', s: 'A', t: 'A', y: 'A' });
  });

  it('both unplaced when no post or trust has room for the two', () => {
    const explained = run('serial-dictatorship', applicants, [
      { id: 'A', capacity: 2 },
      { id: 'B', capacity: 1 },
      { id: 'C', capacity: 1, group: 'T' },
    ]);
    expect(explained.result.assignments).toEqual({ x: null, s: 'A', t: 'A', y: null });
    expect(reasons(explained, 'x')).toEqual([
      ['A', 'filled-by-higher-priority'],
      ['B', 'no-room-for-linked-pair'],
      ['C', 'no-room-for-linked-pair'],
    ]);
  });

  it('deferred acceptance treats linked applicants as individuals', () => {
    expect(run('deferred-acceptance', applicants, posts).result.assignments).toEqual({
      x: 'A',
      s: 'A',
      t: null,
      y: 'B',
    });
  });

  it('treats a pair whose lists differ as individuals', () => {
    const differing = applicants.map((a) => (a.id === 'y' ? { ...a, preferences: ['A', 'C', 'B'] } : a));
    const explained = run('serial-dictatorship', differing, posts);
    expect(explained.result.assignments).toEqual({ x: 'A', s: 'A', t: null, y: 'C' });
    expect(explained.explanations[0]?.linkedWith).toBeNull();
  });
});

describe('statistics', () => {
  it('counts a bottom-five placement only outside the top five of the list', () => {
    const posts = Array.from({ length: 16 }, (_, i) => ({ id: `P${i}`, capacity: 1 }));
    const list = (n: number) => posts.slice(0, n).map((p) => p.id);
    // Everyone ranks P0, P1, ... in order; with one place each, the k-th applicant by rank gets choice k.
    const { result } = run(
      'serial-dictatorship',
      Array.from({ length: 16 }, (_, i) => ({ id: `a${i}`, preferences: list(16), rank: i })),
      posts,
    );
    expect(result.stats.byChoice).toEqual(new Array(16).fill(1));
    expect(result.stats.topThreeRate).toBeCloseTo(3 / 16);
    // Choices 12 to 16 of a 16-long list are its bottom five.
    expect(result.stats.bottomFiveRate).toBeCloseTo(5 / 16);

    const short = run(
      'serial-dictatorship',
      Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, preferences: list(8), rank: i })),
      posts.slice(0, 8),
    );
    // Of an 8-long list the last five are choices 4–8, but 4 and 5 are in the top five: only 6, 7 and 8 count.
    expect(short.result.stats.bottomFiveRate).toBeCloseTo(3 / 8);
    const five = run(
      'serial-dictatorship',
      Array.from({ length: 5 }, (_, i) => ({ id: `a${i}`, preferences: list(5), rank: i })),
      posts.slice(0, 5),
    );
    expect(five.result.stats).toMatchObject({ byChoice: [1, 1, 1, 1, 1], bottomFiveRate: 0 });
  });

  it('gives zero rates for no applicants', () => {
    expect(allocate({ mechanism: 'serial-dictatorship', seed: 1, applicants: [], posts: [] }).stats).toMatchObject({
      applicants: 0,
      assigned: 0,
      byChoice: [],
      firstChoiceRate: 0,
    });
  });
});

describe('the explanation payload', () => {
  it('gives priority number, choice given and the reason for each preference above it', () => {
    const explained = run(
      'serial-dictatorship',
      [
        { id: 'first', preferences: ['A'], rank: 1 },
        { id: 'second', preferences: ['A', 'B', 'C'], rank: 2 },
        { id: 'third', preferences: ['B'], rank: 3 },
      ],
      [
        { id: 'A', capacity: 1 },
        { id: 'B', capacity: 1 },
        { id: 'C', capacity: 1 },
      ],
    );
    expect(explained.explanations[1]).toEqual({
      applicant: 'second',
      priority: 2,
      linkedWith: null,
      pairPriority: null,
      preallocated: false,
      post: 'B',
      choice: 2,
      passedOver: [
        {
          post: 'A',
          choice: 1,
          reason: 'filled-by-higher-priority',
          message: 'Its places were filled by applicants with higher priority before your turn.',
        },
      ],
    });
    expect(explained.explanations[2]).toMatchObject({ priority: 3, post: null, choice: null });
    expect(reasons(explained, 'third')).toEqual([['B', 'filled-by-higher-priority']]);
  });
});

describe('bad input', () => {
  const base: AllocationInput = {
    mechanism: 'serial-dictatorship',
    seed: 1,
    applicants: [{ id: 'a', preferences: ['p'] }],
    posts: [{ id: 'p', capacity: 1 }],
  };
  it.each<[string, Partial<AllocationInput>, RegExp]>([
    ['duplicate applicant', { applicants: [base.applicants[0]!, base.applicants[0]!] }, /duplicate applicant id "a"/],
    ['duplicate post', { posts: [base.posts[0]!, base.posts[0]!] }, /duplicate post id "p"/],
    ['unknown post', { applicants: [{ id: 'a', preferences: ['q'] }] }, /unknown post "q"/],
    ['post listed twice', { applicants: [{ id: 'a', preferences: ['p', 'p'] }] }, /ranks post "p" twice/],
    ['unknown applicant', { posts: [{ id: 'p', capacity: 1, preferences: ['b'] }] }, /unknown applicant "b"/],
    ['capacity below 1', { posts: [{ id: 'p', capacity: 0 }] }, /capacity 0/],
    ['one-sided link', { applicants: [{ id: 'a', preferences: [], linkedWith: 'a' }] }, /not linked with them/],
    [
      'pre-allocation off the list',
      {
        applicants: [{ id: 'a', preferences: [], preallocatedTo: 'p' }],
      },
      /not on their list/,
    ],
    [
      'more pre-allocations than places',
      {
        applicants: [
          { id: 'a', preferences: ['p'], preallocatedTo: 'p' },
          { id: 'b', preferences: ['p'], preallocatedTo: 'p' },
        ],
      },
      /more pre-allocations than places/,
    ],
  ])('rejects %s', (_, change, message) => {
    for (const mechanism of ['serial-dictatorship', 'deferred-acceptance'] as const) {
      expect(() => allocate({ ...base, mechanism, ...change })).toThrow(AllocationInputError);
      expect(() => allocate({ ...base, mechanism, ...change })).toThrow(message);
    }
  });
});
