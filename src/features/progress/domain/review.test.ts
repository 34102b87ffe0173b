import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  agreedActions,
  isReviewOutcome,
  REVIEW_LIMITS,
  REVIEW_OUTCOME_INFO,
  REVIEW_OUTCOMES,
  validateReview,
  type ReviewDecision,
} from './review.ts';

const because = 'Not enough evidence in four of the six domains, and two missed supervision meetings.';

function decision(change: Partial<ReviewDecision> = {}): ReviewDecision {
  return { outcome: 'satisfactory', comment: '', actions: [], ...change };
}

describe('review outcomes', () => {
  it('has three outcomes with plain labels and descriptions', () => {
    expect(REVIEW_OUTCOMES).toEqual(['satisfactory', 'more-evidence-needed', 'not-progressing']);
    expect(REVIEW_OUTCOMES.map((code) => REVIEW_OUTCOME_INFO[code].label)).toEqual([
      'Satisfactory progress',
      'More evidence needed',
      'Not progressing, referred',
    ]);
    for (const code of REVIEW_OUTCOMES) {
      expect(REVIEW_OUTCOME_INFO[code].code).toBe(code);
      expect(REVIEW_OUTCOME_INFO[code].description.length).toBeGreaterThan(40);
    }
  });

  it.each([
    ['satisfactory', true],
    ['not-progressing', true],
    ['Satisfactory', false],
    ['outcome-1', false],
    ['', false],
  ])('knows whether %j is an outcome', (value, known) => {
    expect(isReviewOutcome(value)).toBe(known);
  });
});

describe('validateReview', () => {
  it('accepts satisfactory progress with nothing else', () => {
    expect(validateReview(decision())).toEqual([]);
  });

  it('needs an outcome from the list', () => {
    expect(validateReview(decision({ outcome: '' }))).toEqual([
      { path: 'outcome', severity: 'error', message: 'Select the outcome of the review' },
    ]);
    expect(validateReview(decision({ outcome: 'outcome-5' }))[0]?.path).toBe('outcome');
  });

  it('needs an agreed action when more evidence is needed', () => {
    expect(validateReview(decision({ outcome: 'more-evidence-needed' }))).toEqual([
      {
        path: 'actions',
        severity: 'error',
        message: 'Enter at least one agreed action, so the learner knows what evidence to add',
      },
    ]);
    expect(
      validateReview(decision({ outcome: 'more-evidence-needed', actions: [{ text: ' ', dueOn: '' }] }))[0]?.path,
    ).toBe('actions');
    expect(
      validateReview(
        decision({ outcome: 'more-evidence-needed', actions: [{ text: 'Add two reflections on population health' }] }),
      ),
    ).toEqual([]);
  });

  it('needs a comment of at least 20 characters when the learner is not progressing', () => {
    expect(validateReview(decision({ outcome: 'not-progressing', comment: '   ' }))).toEqual([
      {
        path: 'comment',
        severity: 'error',
        message: 'Enter a comment explaining why the learner is not progressing',
      },
    ]);
    expect(validateReview(decision({ outcome: 'not-progressing', comment: 'Too little.' }))).toEqual([
      {
        path: 'comment',
        severity: 'error',
        message: 'Comment must be at least 20 characters, explaining why the learner is not progressing',
      },
    ]);
    expect(validateReview(decision({ outcome: 'not-progressing', comment: because }))).toEqual([]);
    expect(validateReview(decision({ outcome: 'not-progressing', comment: ` ${'x'.repeat(19)} ` }))[0]?.path).toBe(
      'comment',
    );
    expect(validateReview(decision({ outcome: 'not-progressing', comment: 'x'.repeat(20) }))).toEqual([]);
  });

  it('limits the length of any comment', () => {
    for (const outcome of REVIEW_OUTCOMES) {
      const problems = validateReview({
        outcome,
        comment: 'x'.repeat(REVIEW_LIMITS.comment + 1),
        actions: [{ text: 'Action' }],
      });
      expect(problems).toEqual([
        { path: 'comment', severity: 'error', message: 'Comment must be 5000 characters or fewer' },
      ]);
    }
  });

  it('checks each action’s text and due date, naming it by number', () => {
    const problems = validateReview(
      decision({
        outcome: 'more-evidence-needed',
        actions: [
          { text: 'Fine', dueOn: '2027-01-31' },
          { text: '', dueOn: '2027-02-01' },
          { text: 'x'.repeat(REVIEW_LIMITS.actionText + 1) },
          { text: 'Bad date', dueOn: '2027-02-30' },
          { text: 'Too early', dueOn: '2026-06-30' },
          { text: '', dueOn: '' },
        ],
      }),
      '2026-07-01',
    );
    expect(problems).toEqual([
      { path: 'actions[1].text', severity: 'error', message: 'Enter agreed action 2' },
      { path: 'actions[2].text', severity: 'error', message: 'Agreed action 3 must be 500 characters or fewer' },
      { path: 'actions[3].dueOn', severity: 'error', message: 'Due date of agreed action 4 must be a real date' },
      {
        path: 'actions[4].dueOn',
        severity: 'error',
        message: 'Due date of agreed action 5 must be on or after the review date',
      },
    ]);
  });

  it('allows an early due date when no review date is given', () => {
    expect(
      validateReview(decision({ outcome: 'more-evidence-needed', actions: [{ text: 'x', dueOn: '2020-01-01' }] })),
    ).toEqual([]);
  });

  it('limits the number of actions', () => {
    const actions = Array.from({ length: REVIEW_LIMITS.actions + 1 }, (_, index) => ({
      text: `Action ${String(index)}`,
    }));
    expect(validateReview(decision({ outcome: 'more-evidence-needed', actions }))).toEqual([
      { path: 'actions', severity: 'error', message: 'Enter 10 agreed actions or fewer' },
    ]);
  });

  it('finds a problem with exactly the decisions the rules forbid', () => {
    const text = fc.constantFrom('', '  ', 'Short', because, 'x'.repeat(5001));
    fc.assert(
      fc.property(
        fc.constantFrom(...REVIEW_OUTCOMES, 'nonsense'),
        text,
        fc.array(fc.record({ text: fc.constantFrom('', 'Do this', 'x'.repeat(501)) }), { maxLength: 12 }),
        (outcome, comment, actions) => {
          const problems = validateReview({ outcome, comment, actions });
          const kept = actions.filter((action) => action.text !== '');
          const trimmed = comment.trim();
          const allowed =
            isReviewOutcome(outcome) &&
            trimmed.length <= REVIEW_LIMITS.comment &&
            (outcome !== 'not-progressing' || trimmed.length >= REVIEW_LIMITS.commentMinWhenRequired) &&
            (outcome !== 'more-evidence-needed' || kept.length > 0) &&
            kept.length <= REVIEW_LIMITS.actions &&
            kept.every((action) => action.text.length <= REVIEW_LIMITS.actionText);
          expect(problems.length === 0).toBe(allowed);
          expect(problems.every((problem) => problem.severity === 'error')).toBe(true);
        },
      ),
    );
  });
});

describe('agreedActions', () => {
  it('drops blank rows and trims text', () => {
    expect(
      agreedActions([
        { text: '  Add a reflection  ', dueOn: '2027-01-31' },
        { text: ' ', dueOn: '' },
        { text: 'Meet supervisor' },
        { text: '', dueOn: '2027-02-01' },
      ]),
    ).toEqual([
      { text: 'Add a reflection', dueOn: '2027-01-31' },
      { text: 'Meet supervisor' },
      { text: '', dueOn: '2027-02-01' },
    ]);
  });
});
