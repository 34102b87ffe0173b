/**
 * Annual reviews: the panel records an outcome for a learner for a training year (one per year; recording it again
 * changes it), which the learner, their supervisors and the programme team read.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { newId } from '../../platform/db/ids.ts';
import { RuleError } from '../../platform/errors.ts';
import { REVIEW_OUTCOME_INFO, REVIEW_LIMITS, agreedActions, isReviewOutcome, validateReview } from './domain/review.ts';
import * as repository from './repository.ts';
import type { Review, ReviewWithNames } from './repository.ts';
import { managedLearner, visibleLearner } from '../learners/index.ts';
import { type Context } from '../../platform/context.ts';
import { type LearnerRecord } from '../curriculum/index.ts';

export type { Review, ReviewWithNames };

export const PANEL_MAX = 1000;

export interface ReviewInput {
  year: string;
  outcome: string;
  comment: string;
  /** One per action field, blanks included: their positions name the fields in messages. */
  actions: readonly string[];
  panel: string;
}

export interface ReviewProblem {
  /** The form field: 'year', 'outcome', 'comment', 'actions', 'action1'…'action10', 'panel'. */
  field: string;
  message: string;
}

/** '2026/27': four digits, a slash, and the next year's last two digits. */
export function checkYear(year: string): string | null {
  const match = /^(\d{4})\/(\d{2})$/.exec(year);
  if (year === '') return 'Enter the training year reviewed, for example 2026/27';
  if (match === null) return 'Training year must be written like 2026/27';
  const first = Number(match[1]);
  if (first < 2000 || first > 2099) return 'Training year must be between 2000/01 and 2099/00';
  if (Number(match[2]) !== (first + 1) % 100) {
    return `Training year must be two consecutive years, like ${String(first)}/${String((first + 1) % 100).padStart(2, '0')}`;
  }
  return null;
}

/** The training year a date falls in: years run from August, so 2026/27 starts on 1 August 2026. */
export function trainingYearOf(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  const year = Number(parts.year);
  const first = Number(parts.month) >= 8 ? year : year - 1;
  return `${String(first)}/${String((first + 1) % 100).padStart(2, '0')}`;
}

/** Everything wrong with a review as entered, by form field, in the form's order. */
export function reviewProblems(input: ReviewInput): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const yearProblem = checkYear(input.year);
  if (yearProblem !== null) problems.push({ field: 'year', message: yearProblem });
  for (const problem of validateReview({
    outcome: input.outcome,
    comment: input.comment,
    actions: input.actions.map((text) => ({ text })),
  })) {
    if (problem.severity !== 'error') continue;
    const action = /^actions\[(\d+)\]/.exec(problem.path);
    const field = action === null ? problem.path : `action${String(Number(action[1]) + 1)}`;
    problems.push({ field, message: problem.message });
  }
  if (input.panel.length > PANEL_MAX) {
    problems.push({ field: 'panel', message: `Panel members must be ${String(PANEL_MAX)} characters or fewer` });
  }
  const order = [
    'year',
    'outcome',
    'comment',
    'actions',
    ...input.actions.map((_, i) => `action${String(i + 1)}`),
    'panel',
  ];
  return problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

export async function reviewsOf(
  ctx: Context,
  learnerId: string,
): Promise<{ learner: LearnerRecord; reviews: ReviewWithNames[]; canRecord: boolean }> {
  const learner = await visibleLearner(ctx, learnerId);
  return {
    learner,
    reviews: await repository.reviewsOf(ctx.db, learner.id),
    canRecord: runsProgrammeIn(ctx.principal, learner.regionId),
  };
}

/** The learner's latest review, which their progress page shows. */
export async function latestReview(db: Db, learnerId: string): Promise<Review | undefined> {
  return repository.latestReview(db, learnerId);
}

/** The learner, and their review for the year if one is recorded, for the programme team's form. */
export async function reviewForm(
  ctx: Context,
  learnerId: string,
  year: string,
): Promise<{ learner: LearnerRecord; existing: Review | null }> {
  const learner = await managedLearner(ctx.db, ctx, learnerId);
  if (checkYear(year) !== null) return { learner, existing: null };
  return { learner, existing: (await repository.findReview(ctx.db, learner.id, year)) ?? null };
}

/**
 * Records the panel's outcome for the year, or changes the one recorded, and emails the learner that there is an
 * outcome to read (no details: they sign in to read it).
 */
export async function recordReview(
  ctx: Context,
  learnerId: string,
  input: ReviewInput,
): Promise<{ learner: LearnerRecord; review: Review; created: boolean }> {
  const first = reviewProblems(input)[0];
  if (first !== undefined) throw new RuleError(first.message, first.field);
  const outcome = isReviewOutcome(input.outcome) ? input.outcome : 'satisfactory';
  const actions = agreedActions(input.actions.map((text) => ({ text }))).map((action) => action.text);
  const values = {
    outcome,
    comments: input.comment.trim(),
    actions: actions.slice(0, REVIEW_LIMITS.actions),
    panel: input.panel.trim(),
  };
  try {
    return await ctx.db.transaction(async (tx) => {
      const learner = await managedLearner(tx, ctx, learnerId);
      const existing = await repository.findReview(tx, learner.id, input.year);
      const review =
        existing === undefined
          ? await repository.insertReview(tx, {
              id: newId(),
              learnerUserId: learner.id,
              regionId: learner.regionId,
              year: input.year,
              stage: learner.stage,
              ...values,
              recordedBy: ctx.actor.userId,
              recordedAt: ctx.now,
              updatedAt: ctx.now,
            })
          : await repository.updateReview(tx, existing.id, {
              ...values,
              recordedBy: ctx.actor.userId,
              updatedAt: ctx.now,
            });
      const label = REVIEW_OUTCOME_INFO[outcome].label;
      await audit(
        tx,
        ctx.actor,
        {
          action: existing === undefined ? 'create' : 'update',
          entityType: 'annual_review',
          entityId: review.id,
          regionId: learner.regionId,
          summary: `${existing === undefined ? 'Recorded' : 'Changed'} the ${input.year} annual review of ${learner.name}: ${label}`,
          // The panel's words can be about the learner's health or circumstances: the log records the outcome and
          // which parts changed; the words stay in the review alone.
          before: existing === undefined ? null : { outcome: existing.outcome },
          after: {
            outcome: values.outcome,
            commentsChanged: values.comments !== (existing?.comments ?? ''),
            actionsChanged: JSON.stringify(values.actions) !== JSON.stringify(existing?.actions ?? []),
            panelChanged: values.panel !== (existing?.panel ?? ''),
          },
        },
        ctx.now,
      );
      await ctx.mailer.queue(
        tx,
        {
          to: learner.email,
          subject:
            existing === undefined
              ? `The outcome of your ${input.year} annual review has been recorded`
              : `The outcome of your ${input.year} annual review has been updated`,
          regionId: learner.regionId,
          text: [
            `Dear ${learner.name},`,
            '',
            existing === undefined
              ? `The panel has recorded the outcome of your annual review for ${input.year}.`
              : `The outcome of your annual review for ${input.year} has been updated.`,
            'Sign in to Breadth to read it, with the panel’s comments and any actions agreed:',
            `${ctx.publicUrl}/progress/reviews`,
            '',
            'If you have questions about it, talk to your educational supervisor or the programme team.',
          ].join('\n'),
        },
        ctx.now,
      );
      return { learner, review, created: existing === undefined };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new RuleError(`A review for ${input.year} was recorded at the same moment; open it and check it`, 'year');
    }
    throw error;
  }
}
