import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cancel,
  changeCapacity,
  CHECK_IN_ALPHABET,
  CHECK_IN_CODE_LENGTH,
  checkInOpen,
  checkInWindow,
  codeMatches,
  DEFAULT_FEEDBACK_QUESTIONS,
  displayCheckInCode,
  eventCounts,
  FEEDBACK_QUESTION_LIMIT,
  FEEDBACK_TEXT_LIMIT,
  makeCheckInCode,
  normaliseCheckInCode,
  promoteWaiting,
  register,
  registeredCount,
  summariseFeedback,
  validateFeedbackAnswers,
  validateFeedbackQuestions,
  waitingList,
  waitingPosition,
  type Capacity,
  type FeedbackQuestion,
  type Registration,
} from './events.ts';

const minute = (n: number) => new Date(Date.UTC(2026, 10, 25, 9, 0) + n * 60_000);

/** Applies register calls in turn, a minute apart, starting at minute 0. */
function registerAll(learners: readonly string[], capacity: Capacity, state: Registration[] = []): Registration[] {
  return learners.reduce(
    (current, learnerId, index) => register(current, learnerId, minute(index), capacity).registrations,
    state,
  );
}

function statuses(state: readonly Registration[]): Record<string, string> {
  return Object.fromEntries(state.map((registration) => [registration.learnerId, registration.status]));
}

describe('registering for an event', () => {
  it('gives places until the event is full, then adds to the waiting list', () => {
    let state: Registration[] = [];
    const outcomes: string[] = [];
    for (const [index, learner] of ['ana', 'ben', 'cal', 'dee'].entries()) {
      const result = register(state, learner, minute(index), 2);
      outcomes.push(result.outcome);
      expect(result.promoted).toEqual([]);
      state = result.registrations;
    }
    expect(outcomes).toEqual(['registered', 'registered', 'waiting', 'waiting']);
    expect(state[2]).toEqual({ learnerId: 'cal', status: 'waiting', at: minute(2), changedAt: minute(2) });
    expect(eventCounts(state, 2)).toEqual({ registered: 2, waiting: 2, placesLeft: 0, full: true });
    expect(waitingPosition(state, 'cal')).toBe(1);
    expect(waitingPosition(state, 'dee')).toBe(2);
    expect(waitingPosition(state, 'ana')).toBeNull();
  });

  it('changes nothing when a learner asks again', () => {
    const state = registerAll(['ana', 'ben'], 1);
    const again = register(state, 'ana', minute(10), 1);
    expect(again.outcome).toBe('already-registered');
    expect(again.registrations).toEqual(state);
    const waitingAgain = register(state, 'ben', minute(10), 1);
    expect(waitingAgain.outcome).toBe('already-waiting');
    expect(waitingAgain.registrations).toEqual(state);
  });

  it('leaves the list it was given untouched', () => {
    const state = registerAll(['ana', 'ben'], 1);
    const copy = structuredClone(state);
    register(state, 'cal', minute(5), 1);
    cancel(state, 'ana', minute(5), 1);
    changeCapacity(state, 3, minute(5));
    expect(state).toEqual(copy);
  });

  it('registers everyone when there is no limit, and nobody when there are no places', () => {
    expect(statuses(registerAll(['a', 'b', 'c'], null))).toEqual({ a: 'registered', b: 'registered', c: 'registered' });
    expect(statuses(registerAll(['a', 'b'], 0))).toEqual({ a: 'waiting', b: 'waiting' });
    expect(eventCounts(registerAll(['a'], null), null)).toEqual({
      registered: 1,
      waiting: 0,
      placesLeft: null,
      full: false,
    });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a capacity of %d', (capacity) => {
    expect(() => register([], 'a', minute(0), capacity)).toThrow(RangeError);
  });

  it('gives a place someone was waiting for to them, not to a newcomer, when the list was left unsettled', () => {
    const unsettled: Registration[] = [
      { learnerId: 'ana', status: 'registered', at: minute(0), changedAt: minute(0) },
      { learnerId: 'ben', status: 'waiting', at: minute(1), changedAt: minute(1) },
    ];
    const result = register(unsettled, 'cal', minute(5), 2);
    expect(result.promoted).toEqual(['ben']);
    expect(result.outcome).toBe('waiting');
    expect(statuses(result.registrations)).toEqual({ ana: 'registered', ben: 'registered', cal: 'waiting' });
  });
});

describe('cancelling', () => {
  it('gives the freed place to the first on the waiting list by request time, not by list order', () => {
    const state: Registration[] = [
      { learnerId: 'ana', status: 'registered', at: minute(0), changedAt: minute(0) },
      { learnerId: 'late', status: 'waiting', at: minute(9), changedAt: minute(9) },
      { learnerId: 'early', status: 'waiting', at: minute(3), changedAt: minute(3) },
    ];
    const result = cancel(state, 'ana', minute(20), 1);
    expect(result.outcome).toBe('cancelled');
    expect(result.promoted).toEqual(['early']);
    expect(result.registrations).toEqual([
      { learnerId: 'ana', status: 'cancelled', at: minute(0), changedAt: minute(20) },
      { learnerId: 'late', status: 'waiting', at: minute(9), changedAt: minute(9) },
      { learnerId: 'early', status: 'registered', at: minute(3), changedAt: minute(20) },
    ]);
  });

  it('breaks a tie in request time by learner id', () => {
    const state: Registration[] = [
      { learnerId: 'ana', status: 'registered', at: minute(0), changedAt: minute(0) },
      { learnerId: 'zed', status: 'waiting', at: minute(1), changedAt: minute(1) },
      { learnerId: 'bob', status: 'waiting', at: minute(1), changedAt: minute(1) },
    ];
    expect(cancel(state, 'ana', minute(2), 1).promoted).toEqual(['bob']);
  });

  it('takes a learner off the waiting list without promoting anyone', () => {
    const state = registerAll(['ana', 'ben', 'cal'], 1);
    const result = cancel(state, 'ben', minute(10), 1);
    expect(result.outcome).toBe('left-waiting-list');
    expect(result.promoted).toEqual([]);
    expect(waitingPosition(result.registrations, 'cal')).toBe(1);
  });

  it('says so when the learner had no place to give up', () => {
    const state = registerAll(['ana'], 1);
    expect(cancel(state, 'nobody', minute(5), 1)).toEqual({
      registrations: state,
      outcome: 'not-registered',
      promoted: [],
    });
    const cancelled = cancel(state, 'ana', minute(5), 1).registrations;
    expect(cancel(cancelled, 'ana', minute(6), 1).outcome).toBe('not-registered');
  });

  it('puts a learner who cancels and asks again at the back of the queue', () => {
    let state = registerAll(['ana', 'ben', 'cal'], 1);
    state = cancel(state, 'ben', minute(10), 1).registrations;
    const again = register(state, 'ben', minute(11), 1);
    expect(again.outcome).toBe('waiting');
    expect(again.registrations.filter((registration) => registration.learnerId === 'ben')).toEqual([
      { learnerId: 'ben', status: 'waiting', at: minute(11), changedAt: minute(11) },
    ]);
    expect(waitingList(again.registrations).map((registration) => registration.learnerId)).toEqual(['cal', 'ben']);
  });

  it('registers a learner who cancelled and asks again when there is room', () => {
    let state = registerAll(['ana'], 2);
    state = cancel(state, 'ana', minute(3), 2).registrations;
    expect(register(state, 'ana', minute(4), 2).outcome).toBe('registered');
  });
});

describe('changing the number of places', () => {
  it('promotes from the waiting list in queue order when places are added', () => {
    const state = registerAll(['a', 'b', 'c', 'd', 'e'], 2);
    const result = changeCapacity(state, 4, minute(30));
    expect(result).toMatchObject({ ok: true, promoted: ['c', 'd'] });
    if (result.ok)
      expect(statuses(result.registrations)).toMatchObject({ c: 'registered', d: 'registered', e: 'waiting' });
  });

  it('promotes everyone when the limit is removed', () => {
    const state = registerAll(['a', 'b', 'c'], 1);
    expect(changeCapacity(state, null, minute(9))).toMatchObject({ ok: true, promoted: ['b', 'c'] });
  });

  it('refuses fewer places than learners registered, and accepts exactly that many', () => {
    const state = registerAll(['a', 'b', 'c'], 3);
    expect(changeCapacity(state, 2, minute(9))).toEqual({
      ok: false,
      minimum: 3,
      message: 'Places must be 3 or more, because 3 learners are already registered',
    });
    expect(changeCapacity(registerAll(['a'], 3), 0, minute(9))).toMatchObject({
      ok: false,
      message: 'Places must be 1 or more, because 1 learner is already registered',
    });
    expect(changeCapacity(state, 3, minute(9))).toEqual({ ok: true, registrations: state, promoted: [] });
  });

  it('settles a list with free places and people waiting', () => {
    const unsettled: Registration[] = [
      { learnerId: 'w2', status: 'waiting', at: minute(2), changedAt: minute(2) },
      { learnerId: 'w1', status: 'waiting', at: minute(1), changedAt: minute(1) },
    ];
    expect(promoteWaiting(unsettled, 1, minute(5)).promoted).toEqual(['w1']);
    expect(promoteWaiting(unsettled, 0, minute(5))).toEqual({ registrations: unsettled, promoted: [] });
  });
});

describe('registration invariants over any sequence of requests', () => {
  type Step =
    | { kind: 'register'; learner: string }
    | { kind: 'cancel'; learner: string }
    | { kind: 'capacity'; capacity: Capacity };
  const learner = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: learner.map((id) => ({ kind: 'register' as const, learner: id })) },
    { weight: 3, arbitrary: learner.map((id) => ({ kind: 'cancel' as const, learner: id })) },
    {
      weight: 1,
      arbitrary: fc
        .option(fc.integer({ min: 0, max: 5 }), { nil: null })
        .map((capacity) => ({ kind: 'capacity' as const, capacity })),
    },
  );

  function queueKey(registration: Registration): [number, string] {
    return [registration.at.getTime(), registration.learnerId];
  }
  function before(a: [number, string], b: [number, string]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  it('never overfills, waits only when full, keeps one record per learner and promotes first come first served', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.array(step, { maxLength: 40 }), (initial, steps) => {
        let state: Registration[] = [];
        let capacity: Capacity = initial;
        steps.forEach((current, index) => {
          const at = minute(index);
          const waitingBefore = waitingList(state);
          let promoted: string[] = [];
          if (current.kind === 'register') {
            const result = register(state, current.learner, at, capacity);
            state = result.registrations;
            promoted = result.promoted;
          } else if (current.kind === 'cancel') {
            const result = cancel(state, current.learner, at, capacity);
            state = result.registrations;
            promoted = result.promoted;
          } else {
            const result = changeCapacity(state, current.capacity, at);
            if (result.ok) {
              state = result.registrations;
              promoted = result.promoted;
              capacity = current.capacity;
            } else {
              expect(current.capacity).not.toBeNull();
              expect(result.minimum).toBeGreaterThan(current.capacity ?? 0);
            }
          }
          const registered = registeredCount(state);
          const waiting = waitingList(state);
          if (capacity !== null) expect(registered).toBeLessThanOrEqual(capacity);
          if (waiting.length > 0) expect(capacity === null ? false : registered === capacity).toBe(true);
          const ids = state.map((registration) => registration.learnerId);
          expect(new Set(ids).size).toBe(ids.length);
          // Those promoted were the front of the queue as it stood, in order.
          expect(promoted).toEqual(
            waitingBefore
              .map((registration) => registration.learnerId)
              .filter((id) => promoted.includes(id))
              .slice(0, promoted.length),
          );
          const frontKeys = waitingBefore.filter((r) => promoted.includes(r.learnerId)).map(queueKey);
          for (const still of waiting.filter((r) => waitingBefore.includes(r))) {
            for (const key of frontKeys) expect(before(key, queueKey(still))).toBe(true);
          }
          for (const id of promoted) expect(statuses(state)[id]).toBe('registered');
        });
      }),
    );
  });
});

describe('check-in codes', () => {
  it('uses 31 characters none of which can be mistaken for another', () => {
    expect(CHECK_IN_ALPHABET).toHaveLength(31);
    expect(new Set(CHECK_IN_ALPHABET).size).toBe(31);
    for (const character of '0O1IL') expect(CHECK_IN_ALPHABET).not.toContain(character);
  });

  it('makes a six-character code from random bytes, the same bytes giving the same code', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const code = makeCheckInCode(bytes);
    expect(code).toHaveLength(CHECK_IN_CODE_LENGTH);
    expect(makeCheckInCode(bytes)).toBe(code);
    expect(makeCheckInCode(new Uint8Array(8))).toBe('AAAAAA');
    expect(makeCheckInCode(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 30]))).toBe('9AAAAA');
    expect(makeCheckInCode(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 31]))).toBe('ABAAAA');
  });

  it('needs at least eight random bytes', () => {
    expect(() => makeCheckInCode(new Uint8Array(7))).toThrow('A check-in code needs at least 8 random bytes');
  });

  it('only ever uses the alphabet, and every code matches itself however it is typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 32 }), (bytes) => {
        const code = makeCheckInCode(bytes);
        expect(code).toMatch(new RegExp(`^[${CHECK_IN_ALPHABET}]{${String(CHECK_IN_CODE_LENGTH)}}$`));
        expect(codeMatches(code, displayCheckInCode(code).toLowerCase())).toBe(true);
        expect(codeMatches(code, ` ${code.split('').join(' ')} `)).toBe(true);
      }),
    );
  });

  it('spreads codes evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let value = 0; value < 31 * 31 * 20; value++) {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setUint32(4, value);
      const code = makeCheckInCode(bytes);
      counts.set(code.slice(0, 2), (counts.get(code.slice(0, 2)) ?? 0) + 1);
    }
    expect(counts.size).toBe(31 * 31);
    expect(new Set(counts.values())).toEqual(new Set([20]));
  });

  it.each([
    ['ABCDEF', 'abcdef', true],
    ['ABCDEF', 'ABC-DEF', true],
    ['ABCDEF', ' abc def ', true],
    ['ABCDEF', 'abc–def', true],
    ['ABC-DEF', 'ABCDEF', true],
    ['ABCDEF', 'ABCDEG', false],
    ['ABCDEF', 'ABCDE', false],
    ['ABCDEF', '', false],
    ['', '', false],
  ])('compares %j with typed %j: %s', (expected, typed, matches) => {
    expect(codeMatches(expected, typed)).toBe(matches);
  });

  it('shows a code in two halves', () => {
    expect(displayCheckInCode('ABCDEF')).toBe('ABC-DEF');
    expect(displayCheckInCode('abc def')).toBe('ABC-DEF');
    expect(displayCheckInCode('ABC')).toBe('ABC');
    expect(normaliseCheckInCode(' a-b c ')).toBe('ABC');
  });
});

describe('when check-in is open', () => {
  const event = { startsAt: minute(60), endsAt: minute(240) };

  it('opens 30 minutes before the start and closes at the end', () => {
    expect(checkInWindow(event)).toEqual({ opensAt: minute(30), closesAt: minute(240) });
  });

  it.each([
    [0, false],
    [29.99, false],
    [30, true],
    [60, true],
    [239, true],
    [240, true],
    [240.01, false],
    [600, false],
  ])('at minute %d: %s', (at, open) => {
    expect(checkInOpen(event, minute(at))).toBe(open);
  });
});

describe('feedback', () => {
  const questions: FeedbackQuestion[] = [
    { id: 'overall', kind: 'rating', text: 'Overall?', required: true },
    { id: 'useful', kind: 'rating', text: 'Useful?', required: false },
    { id: 'good', kind: 'text', text: 'What went well?', required: false },
    { id: 'better', kind: 'text', text: 'Even better if?', required: true },
  ];

  describe('reading a submitted form', () => {
    it('reads ratings as numbers and trims text, leaving out unanswered optional questions', () => {
      expect(
        validateFeedbackAnswers(questions, {
          overall: '4',
          useful: '',
          good: '  Great cases ',
          better: 'More time',
          other: 'x',
        }),
      ).toEqual({ ok: true, answers: { overall: 4, good: 'Great cases', better: 'More time' } });
    });

    it('names each required question left unanswered', () => {
      expect(validateFeedbackAnswers(questions, { better: '   ' })).toEqual({
        ok: false,
        problems: [
          { path: 'overall', severity: 'error', message: 'Select a rating for: Overall?' },
          { path: 'better', severity: 'error', message: 'Answer: Even better if?' },
        ],
      });
    });

    it.each(['0', '6', '2.5', 'four', '1e0', '+3'])('refuses a rating of %j', (value) => {
      const result = validateFeedbackAnswers(questions, { overall: value, better: 'x' });
      expect(result).toEqual({
        ok: false,
        problems: [{ path: 'overall', severity: 'error', message: 'Select a rating from 1 to 5 for: Overall?' }],
      });
    });

    it('refuses an over-long answer, saying how long it is', () => {
      const long = 'x'.repeat(FEEDBACK_TEXT_LIMIT + 1);
      expect(validateFeedbackAnswers(questions, { overall: '3', better: long })).toEqual({
        ok: false,
        problems: [
          {
            path: 'better',
            severity: 'error',
            message: `Your answer must be ${String(FEEDBACK_TEXT_LIMIT)} characters or fewer (it has ${String(FEEDBACK_TEXT_LIMIT + 1)})`,
          },
        ],
      });
    });
  });

  describe('checking a form’s questions', () => {
    it('accepts the default questions', () => {
      expect(validateFeedbackQuestions(DEFAULT_FEEDBACK_QUESTIONS)).toEqual([]);
      expect(DEFAULT_FEEDBACK_QUESTIONS.some((question) => question.kind === 'rating')).toBe(true);
      expect(DEFAULT_FEEDBACK_QUESTIONS.some((question) => question.kind === 'text')).toBe(true);
    });

    it('needs a question, unique ids and question text', () => {
      expect(validateFeedbackQuestions([])).toEqual([
        { path: 'questions', severity: 'error', message: 'Add at least one question' },
      ]);
      expect(
        validateFeedbackQuestions([
          { id: 'a', kind: 'rating', text: 'A?', required: true },
          { id: 'a', kind: 'text', text: ' ', required: false },
          { id: '', kind: 'text', text: 'x'.repeat(FEEDBACK_QUESTION_LIMIT + 1), required: false },
        ]),
      ).toEqual([
        { path: 'questions[1].id', severity: 'error', message: 'Question id a is used more than once' },
        { path: 'questions[1].text', severity: 'error', message: 'Enter the question' },
        { path: 'questions[2].id', severity: 'error', message: 'Every question needs an id' },
        {
          path: 'questions[2].text',
          severity: 'error',
          message: `Question must be ${String(FEEDBACK_QUESTION_LIMIT)} characters or fewer`,
        },
      ]);
    });
  });

  describe('summarising', () => {
    it('gives count, mean to one decimal place and spread for ratings, and lists text answers', () => {
      const summary = summariseFeedback(
        questions,
        [
          { answers: { overall: 1, useful: 5, good: ' Cases ', better: 'Longer' } },
          { answers: { overall: 2, good: '' } },
          { answers: { overall: 3, useful: 'five', good: 4 } },
          { answers: { overall: 3, useful: 7, better: null } },
        ],
        { registered: 10, attended: 8 },
      );
      expect(summary.responses).toBe(4);
      expect(summary.ratings).toEqual([
        { question: questions[0], count: 4, mean: 2.3, distribution: { 1: 1, 2: 1, 3: 2, 4: 0, 5: 0 } },
        { question: questions[1], count: 1, mean: 5, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 } },
      ]);
      expect(summary.texts).toEqual([
        { question: questions[2], answers: ['Cases'] },
        { question: questions[3], answers: ['Longer'] },
      ]);
      expect(summary.responseRate).toEqual({ responses: 4, outOf: 8, basis: 'attended', percent: 50 });
    });

    it('has no mean when nobody rated, and no rate when nobody came', () => {
      const summary = summariseFeedback(questions, [], { registered: 0 });
      expect(summary.ratings[0]).toMatchObject({ count: 0, mean: null });
      expect(summary.responseRate).toEqual({ responses: 0, outOf: 0, basis: 'registered', percent: null });
    });

    it('uses those registered when attendance is not known, and never shows more than 100 %', () => {
      const responses = [{ answers: {} }, { answers: {} }, { answers: {} }];
      expect(summariseFeedback(questions, responses, { registered: 9, attended: null }).responseRate).toEqual({
        responses: 3,
        outOf: 9,
        basis: 'registered',
        percent: 33,
      });
      expect(summariseFeedback(questions, responses, { registered: 9, attended: 2 }).responseRate.percent).toBe(100);
    });

    it('keeps the mean within the scale and the spread equal to the count', () => {
      fc.assert(
        fc.property(
          fc.array(fc.option(fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant('x')), { nil: undefined }), {
            maxLength: 50,
          }),
          (values) => {
            const summary = summariseFeedback(
              questions,
              values.map((value) => ({ answers: { overall: value } })),
              { registered: 50 },
            );
            const rating = summary.ratings[0]!;
            const valid = values.filter((value) => typeof value === 'number' && value >= 1 && value <= 5) as number[];
            expect(rating.count).toBe(valid.length);
            expect(Object.values(rating.distribution).reduce((sum, count) => sum + count, 0)).toBe(rating.count);
            if (valid.length === 0) expect(rating.mean).toBeNull();
            else {
              expect(rating.mean).toBeGreaterThanOrEqual(1);
              expect(rating.mean).toBeLessThanOrEqual(5);
              // Rounded to one decimal place: at most half a tenth away (1.75 shows as 1.8, which in floating point
              // is 0.050000000000000044 away), never more.
              expect(Math.abs(rating.mean! - valid.reduce((a, b) => a + b, 0) / valid.length)).toBeLessThanOrEqual(
                0.05 + 1e-9,
              );
              expect(Math.round(rating.mean! * 10)).toBeCloseTo(rating.mean! * 10, 9);
            }
          },
        ),
      );
    });
  });
});
