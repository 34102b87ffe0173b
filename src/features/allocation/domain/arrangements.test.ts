import { describe, expect, it } from 'vitest';
import { allocateWithExplanations } from './allocate.ts';
import { buildApplicants, linkStatus, type Arrangement } from './arrangements.ts';

const posts = new Set(['p1', 'p2', 'p3']);
const learner = (learnerId: string, more: Partial<Arrangement> = {}): Arrangement => ({
  learnerId,
  preallocatedTo: null,
  linkedWith: null,
  ...more,
});

describe('buildApplicants', () => {
  it('takes submitted rankings, dropping posts no longer in the window, and lists who did not submit', () => {
    const built = buildApplicants(
      [learner('a'), learner('b'), learner('c')],
      new Map([
        ['a', ['p2', 'gone', 'p1']],
        ['c', ['p3']],
      ]),
      posts,
    );
    expect(built.applicants).toEqual([
      { id: 'a', preferences: ['p2', 'p1'] },
      { id: 'c', preferences: ['p3'] },
    ]);
    expect(built.notSubmitted).toEqual(['b']);
  });

  it('ignores rankings from learners who are not eligible', () => {
    const built = buildApplicants([learner('a')], new Map([['x', ['p1']]]), posts);
    expect(built.applicants).toEqual([]);
    expect(built.notSubmitted).toEqual(['a']);
  });

  it('puts a pre-allocated post first, whatever the learner ranked, and includes them without a ranking', () => {
    const built = buildApplicants(
      [learner('a', { preallocatedTo: 'p3' }), learner('b', { preallocatedTo: 'p1' })],
      new Map([['a', ['p1', 'p3', 'p2']]]),
      posts,
    );
    expect(built.applicants).toEqual([
      { id: 'a', preferences: ['p3', 'p1', 'p2'], preallocatedTo: 'p3' },
      { id: 'b', preferences: ['p1'], preallocatedTo: 'p1' },
    ]);
    expect(built.notSubmitted).toEqual([]);
  });

  it('passes a link only when both submitted, name each other and neither is pre-allocated', () => {
    const both = buildApplicants(
      [learner('a', { linkedWith: 'b' }), learner('b', { linkedWith: 'a' })],
      new Map([
        ['a', ['p1', 'p2']],
        ['b', ['p1', 'p2']],
      ]),
      posts,
    );
    expect(both.applicants.map((applicant) => applicant.linkedWith)).toEqual(['b', 'a']);

    const oneSubmitted = buildApplicants(
      [learner('a', { linkedWith: 'b' }), learner('b', { linkedWith: 'a' })],
      new Map([['a', ['p1']]]),
      posts,
    );
    expect(oneSubmitted.applicants).toEqual([{ id: 'a', preferences: ['p1'] }]);

    const oneSided = buildApplicants(
      [learner('a', { linkedWith: 'b' }), learner('b')],
      new Map([
        ['a', ['p1']],
        ['b', ['p1']],
      ]),
      posts,
    );
    expect(oneSided.applicants.every((applicant) => applicant.linkedWith === undefined)).toBe(true);

    const preallocated = buildApplicants(
      [learner('a', { linkedWith: 'b', preallocatedTo: 'p1' }), learner('b', { linkedWith: 'a' })],
      new Map([
        ['a', ['p1']],
        ['b', ['p1']],
      ]),
      posts,
    );
    expect(preallocated.applicants.every((applicant) => applicant.linkedWith === undefined)).toBe(true);
  });

  it('gives the engine input it accepts: a pre-allocated learner takes their post ahead of higher priority', () => {
    const { applicants } = buildApplicants(
      [learner('first', { preallocatedTo: 'p1' }), learner('second')],
      new Map([
        ['first', ['p2']],
        ['second', ['p1', 'p2']],
      ]),
      posts,
    );
    const { result, explanations } = allocateWithExplanations({
      mechanism: 'serial-dictatorship',
      seed: 1,
      applicants: applicants.map((applicant) => ({ ...applicant, rank: applicant.id === 'second' ? 1 : 2 })),
      posts: [...posts].map((id) => ({ id, capacity: 1 })),
    });
    expect(result.assignments).toEqual({ first: 'p1', second: 'p2' });
    expect(explanations.find((item) => item.applicant === 'first')?.preallocated).toBe(true);
  });

  it('gives linked learners with the same list posts of one trust', () => {
    const { applicants } = buildApplicants(
      [learner('a', { linkedWith: 'b' }), learner('b', { linkedWith: 'a' }), learner('c')],
      new Map([
        ['a', ['p1', 'p2', 'p3']],
        ['b', ['p1', 'p2', 'p3']],
        ['c', ['p2']],
      ]),
      posts,
    );
    const { result } = allocateWithExplanations({
      mechanism: 'serial-dictatorship',
      seed: 7,
      applicants: applicants.map((applicant) => ({ ...applicant, rank: applicant.id === 'c' ? 1 : undefined })),
      posts: [
        { id: 'p1', capacity: 1, group: 'trust-1' },
        { id: 'p2', capacity: 1, group: 'trust-1' },
        { id: 'p3', capacity: 1, group: 'trust-2' },
      ],
    });
    // c takes p2 first; p1 alone cannot hold both and trust-1 has no other room, so both are unplaced.
    expect(result.assignments).toEqual({ a: null, b: null, c: 'p2' });
  });
});

describe('linkStatus', () => {
  it('says whether a pair will be taken together', () => {
    expect(linkStatus('serial-dictatorship', ['p1', 'p2'], ['p1', 'p2'])).toBe('together');
    expect(linkStatus('immediate-acceptance', ['p1', 'p2'], ['p2', 'p1'])).toBe('different-lists');
    expect(linkStatus('serial-dictatorship', ['p1'], ['p1', 'p2'])).toBe('different-lists');
    expect(linkStatus('serial-dictatorship', ['p1'], undefined)).toBe('waiting');
    expect(linkStatus('deferred-acceptance', ['p1'], ['p1'])).toBe('individual-by-method');
  });
});
