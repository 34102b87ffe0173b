import type { Problem } from '../../curriculum/domain/curriculum.ts';

/**
 * The outcome of a learner's annual review of progress through the curriculum. Three outcomes, deliberately
 * plain: the learner should be able to read what was decided and what happens next without a glossary.
 */

export const REVIEW_OUTCOMES = ['satisfactory', 'more-evidence-needed', 'not-progressing'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface ReviewOutcomeInfo {
  code: ReviewOutcome;
  label: string;
  /** What the outcome means for the learner, in the second person. */
  description: string;
}

export const REVIEW_OUTCOME_INFO: Record<ReviewOutcome, ReviewOutcomeInfo> = {
  satisfactory: {
    code: 'satisfactory',
    label: 'Satisfactory progress',
    description:
      'Your evidence shows you are making the progress expected at your stage. You carry on to the next stage as planned.',
  },
  'more-evidence-needed': {
    code: 'more-evidence-needed',
    label: 'More evidence needed',
    description:
      'Your progress may be on track, but the panel needs more evidence to be sure. You and your supervisor have agreed actions and a date to complete them by.',
  },
  'not-progressing': {
    code: 'not-progressing',
    label: 'Not progressing, referred',
    description:
      'The panel is concerned that you are not making the progress expected at your stage, and has referred you to the programme team. They will contact you to agree the support you need.',
  },
};

/** Days since 1970 of a real 'YYYY-MM-DD' date, or null (31 February included). */
function dayNumber(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(date.getTime() / 86_400_000);
}

export function isReviewOutcome(value: string): value is ReviewOutcome {
  return (REVIEW_OUTCOMES as readonly string[]).includes(value);
}

export const REVIEW_LIMITS = {
  /** A referral must say why in more than a word or two. */
  commentMinWhenRequired: 20,
  comment: 5000,
  actionText: 500,
  actions: 10,
} as const;

export interface AgreedAction {
  text: string;
  /** 'YYYY-MM-DD', or absent when no date was agreed. */
  dueOn?: string | undefined;
}

export interface ReviewDecision {
  /** As submitted: checked to be one of REVIEW_OUTCOMES. */
  outcome: string;
  comment: string;
  actions: readonly AgreedAction[];
}

/**
 * Problems with a review decision, with the form's field names as paths ('outcome', 'comment', 'actions',
 * 'actions[0].text', 'actions[0].dueOn'). 'more-evidence-needed' needs at least one agreed action, since the
 * learner must know what to do; 'not-progressing' needs a comment of at least 20 characters, since a referral
 * must say why. Comments are at most 5,000 characters; up to 10 actions of at most 500 characters each, with an
 * optional real due date on or after the review date when that is given.
 */
export function validateReview(decision: ReviewDecision, reviewedOn?: string): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ path, severity: 'error', message });
  const outcome = isReviewOutcome(decision.outcome) ? decision.outcome : null;
  if (outcome === null) error('outcome', 'Select the outcome of the review');

  const comment = decision.comment.trim();
  if (outcome === 'not-progressing' && comment === '') {
    error('comment', 'Enter a comment explaining why the learner is not progressing');
  } else if (outcome === 'not-progressing' && comment.length < REVIEW_LIMITS.commentMinWhenRequired) {
    error(
      'comment',
      `Comment must be at least ${String(REVIEW_LIMITS.commentMinWhenRequired)} characters, explaining why the learner is not progressing`,
    );
  } else if (comment.length > REVIEW_LIMITS.comment) {
    error('comment', `Comment must be ${String(REVIEW_LIMITS.comment)} characters or fewer`);
  }

  const actions = decision.actions.filter((action) => action.text.trim() !== '' || (action.dueOn ?? '') !== '');
  if (outcome === 'more-evidence-needed' && actions.length === 0) {
    error('actions', 'Enter at least one agreed action, so the learner knows what evidence to add');
  }
  if (actions.length > REVIEW_LIMITS.actions) {
    error('actions', `Enter ${String(REVIEW_LIMITS.actions)} agreed actions or fewer`);
  }
  const reviewDay = reviewedOn === undefined ? null : dayNumber(reviewedOn);
  decision.actions.forEach((action, index) => {
    const path = `actions[${String(index)}]`;
    const text = action.text.trim();
    const dueOn = action.dueOn ?? '';
    if (text === '' && dueOn === '') return;
    if (text === '') error(`${path}.text`, `Enter agreed action ${String(index + 1)}`);
    else if (text.length > REVIEW_LIMITS.actionText) {
      error(
        `${path}.text`,
        `Agreed action ${String(index + 1)} must be ${String(REVIEW_LIMITS.actionText)} characters or fewer`,
      );
    }
    if (dueOn !== '') {
      const due = dayNumber(dueOn);
      if (due === null) error(`${path}.dueOn`, `Due date of agreed action ${String(index + 1)} must be a real date`);
      else if (reviewDay !== null && due < reviewDay) {
        error(`${path}.dueOn`, `Due date of agreed action ${String(index + 1)} must be on or after the review date`);
      }
    }
  });
  return problems;
}

/** The actions worth keeping: blank rows of a form (no text, no date) dropped, text trimmed. */
export function agreedActions(actions: readonly AgreedAction[]): AgreedAction[] {
  return actions
    .filter((action) => action.text.trim() !== '' || (action.dueOn ?? '') !== '')
    .map((action) => ({
      text: action.text.trim(),
      ...(action.dueOn === undefined || action.dueOn === '' ? {} : { dueOn: action.dueOn }),
    }));
}
