/**
 * The progress feature's forms as submitForm reads them: a learner's stage move, their educational supervisor, a new
 * cohort and an annual review. Problems come in the order the fields appear.
 */
import { z } from 'zod';
import {
  postedList as list,
  postedText as text,
  type FieldProblem,
  type FormReader,
  type FormValues,
} from '../../platform/web/forms.ts';
import { readDateInput } from '../../shared/dates.ts';
import { COHORT_NAME_MAX, INTAKE_YEAR_MAX, INTAKE_YEAR_MIN } from './cohorts-service.ts';
import { REVIEW_LIMITS, isReviewOutcome } from './domain/review.ts';
import { reviewProblems, type ReviewInput } from './reviews-service.ts';
import type { StageMove } from './stages-service.ts';

/** The three boxes of a date input as posted. */
export { datePartsOf as dateParts } from '../../shared/dates.ts';

/** The stage a learner moves to, and the real date (in 2000 or later) they started it. */
export const stageForm: FormReader<StageMove> = (values) => {
  const problems: FieldProblem[] = [];
  const stage = text(values.stage);
  if (stage === '') problems.push({ field: 'stage', href: '#stage', message: 'Select the stage they are moving to' });
  const read = readDateInput(values, 'startedOn', 'Start date', { example: '1 8 2026' });
  const message = !read.ok ? read.message : read.date < '2000-01-01' ? 'Start date must be in 2000 or later' : null;
  if (message !== null) problems.push({ field: 'startedOn', href: '#startedOn-day', message });
  if (!read.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, data: { stage, startedOn: read.date } };
};

const SELECT_SUPERVISOR = 'Select an educational supervisor';

/** The educational supervisor chosen for a learner. */
export const supervisorForm = z.object({
  supervisorId: z.string({ error: SELECT_SUPERVISOR }).trim().min(1, SELECT_SUPERVISOR),
});

const ENTER_NAME = 'Enter a name for the cohort, for example F1 intake 2026';
const ENTER_YEAR = 'Enter the intake year, for example 2026';

/** A new cohort's name and intake year (its region is chosen apart: whether there is a choice depends on who asks). */
export const cohortForm = z.object({
  name: z
    .string({ error: ENTER_NAME })
    .trim()
    .min(1, ENTER_NAME)
    .max(COHORT_NAME_MAX, `Name must be ${String(COHORT_NAME_MAX)} characters or fewer`),
  intakeYear: z.string({ error: ENTER_YEAR }).transform((typed, context) => {
    const year = typed.trim();
    const message =
      year === ''
        ? ENTER_YEAR
        : !/^\d{4}$/.test(year)
          ? 'Intake year must be a year, like 2026'
          : Number(year) < INTAKE_YEAR_MIN || Number(year) > INTAKE_YEAR_MAX
            ? `Intake year must be between ${String(INTAKE_YEAR_MIN)} and ${String(INTAKE_YEAR_MAX)}`
            : null;
    if (message === null) return Number(year);
    context.addIssue({ code: 'custom', message });
    return z.NEVER;
  }),
});

/** Where the error summary links to for a review problem: the outcome's first radio, the first action field. */
function reviewHref(field: string): string {
  return field === 'actions' ? '#action1' : `#${field}`;
}

/** The agreed action fields as posted, one per field, trimmed. */
function postedActions(values: FormValues): string[] {
  return Array.from({ length: REVIEW_LIMITS.actions }, (_, index) => text(values[`action${String(index + 1)}`]));
}

/** An annual review as entered: every problem the panel's record may have, in the form's order. */
export const reviewForm: FormReader<ReviewInput> = (values) => {
  const actions = postedActions(values);
  const lastFilled = actions.reduce((last, action, index) => (action === '' ? last : index + 1), 0);
  const outcome = text(values.outcome);
  const input: ReviewInput = {
    year: text(values.year),
    outcome: isReviewOutcome(outcome) ? outcome : '',
    comment: typeof values.comment === 'string' ? values.comment : '',
    actions: actions.slice(0, Math.max(lastFilled, 1)),
    panel: text(values.panel),
  };
  const problems = reviewProblems(input).map((problem) => ({ ...problem, href: reviewHref(problem.field) }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data: input };
};

/** The review form's values as posted, to show it again. */
export function reviewValues(values: FormValues): FormValues {
  return {
    year: text(values.year),
    outcome: text(values.outcome),
    comment: typeof values.comment === 'string' ? values.comment : '',
    panel: text(values.panel),
    actions: postedActions(values),
  };
}

/** The learners chosen to join a cohort (none chosen is the service's to refuse). */
export const membersForm: FormReader<{ learnerIds: string[] }> = (values) => ({
  ok: true,
  data: { learnerIds: list(values.learnerIds) },
});
