/** Feedback on an event from the learners who attended: their answers, the organisers' summary, the home-page task. */
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { type Context } from '../../platform/context.ts';
import {
  summariseFeedback,
  validateFeedbackAnswers,
  type FeedbackAnswersResult,
  type FeedbackSummary,
} from './domain/events.ts';
import * as repository from './repository.ts';
import type { LearningEvent } from './repository.ts';
import { organisedEvent } from './policy.ts';
import { getEvent } from './service.ts';

/** How long after an event its feedback shows as a task on the learner's home page. */
const FEEDBACK_TASK_DAYS = 30;

export async function feedbackForm(
  ctx: Context,
  id: string,
): Promise<{ event: LearningEvent; answers: Record<string, number | string | null> | null }> {
  const view = await getEvent(ctx, id);
  if (view.learner === null || !view.feedbackOpen) throw new NotFoundError();
  const own = await repository.learnerFeedback(ctx.db, id, view.learner.id);
  return { event: view.event, answers: own?.answers ?? null };
}

/** Saves (or replaces) the learner's feedback; a result with problems when an answer is missing or wrong. */
export async function submitFeedback(
  ctx: Context,
  id: string,
  form: Readonly<Record<string, string | undefined>>,
): Promise<FeedbackAnswersResult> {
  const { event } = await feedbackForm(ctx, id);
  const result = validateFeedbackAnswers(event.feedbackQuestions, form);
  if (!result.ok) return result;
  await ctx.db.transaction(async (tx) => {
    const before = await repository.learnerFeedback(tx, id, ctx.principal.userId);
    await repository.saveFeedback(tx, id, ctx.principal.userId, result.answers, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: before === undefined ? 'create' : 'update',
        entityType: 'event_feedback',
        entityId: `${id}:${ctx.principal.userId}`,
        regionId: event.regionId,
        summary: `${before === undefined ? 'Gave' : 'Changed'} feedback on ${event.title}`,
      },
      ctx.now,
    );
  });
  return result;
}

export async function feedbackSummary(
  ctx: Context,
  id: string,
): Promise<{ event: LearningEvent; summary: FeedbackSummary }> {
  const { event } = await organisedEvent(ctx, ctx.db, id);
  const [rows, responses] = await Promise.all([
    repository.registrationsOf(ctx.db, id),
    repository.feedbackOf(ctx.db, id),
  ]);
  const registered = rows.filter((row) => row.status === 'registered').length;
  const attended = rows.filter((row) => row.attended).length;
  return {
    event,
    summary: summariseFeedback(
      event.feedbackQuestions,
      responses.map((row) => ({ answers: row.answers })),
      { registered, attended: attended === 0 ? null : attended },
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Home-page tasks

/** Learners: feedback to give on events they attended in the last month. */
export async function learnerEventTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'learner')) return [];
  const since = new Date(now.getTime() - FEEDBACK_TASK_DAYS * 86_400_000);
  const due = await repository.feedbackDue(db, principal.userId, since, now);
  return due.map((event) => ({
    text: `Give feedback on ${event.title}`,
    href: `/events/${event.id}/feedback`,
    hint: `You attended on ${formatDate(event.startsAt)}`,
    status: 'to do' as const,
  }));
}
