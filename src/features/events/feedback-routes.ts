/** Feedback: the form for learners who attended, and its summary for the event's organisers. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emptyErrors, postedBody as body, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { RATING_LABELS, type FeedbackQuestion, type FeedbackSummary } from './domain/events.ts';
import * as feedback from './feedback-service.ts';
import { EVENT_STAFF } from './policy.ts';
import { eventWhen } from './format.ts';

const staff = EVENT_STAFF;
const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });

/** A horizontal bar per rating, drawn as SVG (with the numbers in a table beside it). */
function ratingChart(distribution: Record<number, number>) {
  const max = Math.max(1, ...Object.values(distribution));
  const rowHeight = 28;
  const labelWidth = 110;
  const barSpace = 220;
  return {
    width: labelWidth + barSpace + 40,
    height: rowHeight * 5,
    bars: [5, 4, 3, 2, 1].map((rating, index) => {
      const n = distribution[rating] ?? 0;
      return {
        label: `${String(rating)} ${RATING_LABELS[rating as keyof typeof RATING_LABELS]}`,
        y: index * rowHeight,
        textY: index * rowHeight + 19,
        x: labelWidth,
        width: Math.round((n / max) * barSpace),
        valueX: labelWidth + Math.round((n / max) * barSpace) + 6,
        value: n,
      };
    }),
  };
}

function summaryView(summary: FeedbackSummary) {
  return {
    ...summary,
    percentText: summary.responseRate.percent === null ? '' : ` (${String(summary.responseRate.percent)}%)`,
    ratings: summary.ratings.map((rating) => ({
      ...rating,
      meanText: rating.mean === null ? 'No ratings yet' : rating.mean.toFixed(1),
      rows: [5, 4, 3, 2, 1].map((value) => ({
        label: `${String(value)} – ${RATING_LABELS[value as keyof typeof RATING_LABELS]}`,
        count: rating.distribution[value as keyof typeof RATING_LABELS],
      })),
      chart: ratingChart(rating.distribution),
    })),
  };
}

function feedbackItems(questions: readonly FeedbackQuestion[], values: FormValues) {
  return questions.map((question) => ({
    ...question,
    value: values[question.id] === undefined || values[question.id] === null ? '' : String(values[question.id]),
    items:
      question.kind === 'rating'
        ? [5, 4, 3, 2, 1].map((value) => ({
            value: String(value),
            text: `${String(value)} – ${RATING_LABELS[value as keyof typeof RATING_LABELS]}`,
          }))
        : [],
  }));
}

export function feedbackRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  // ----- The summary, for the event's organisers -----

  routes.get(
    '/events/:id/feedback/summary',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const { event, summary } = await feedback.feedbackSummary(context(request), request.params.id);
      return reply.page('events/views/summary.njk', {
        title: `Feedback on ${event.title}`,
        event,
        when: eventWhen(event),
        summary: summaryView(summary),
        percentText: summaryView(summary).percentText,
      });
    },
  );

  // ----- Feedback, for learners who attended -----

  async function renderFeedback(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const { event, answers } = await feedback.feedbackForm(ctx, id);
    const values = options.values ?? answers ?? {};
    return reply.page(
      'events/views/feedback.njk',
      {
        title: `Feedback on ${event.title}`,
        event,
        when: eventWhen(event),
        editing: answers !== null,
        questions: feedbackItems(event.feedbackQuestions, values),
        values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/events/:id/feedback',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => renderFeedback(reply, context(request), request.params.id),
  );

  routes.post(
    '/events/:id/feedback',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      const form: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) if (typeof value === 'string') form[key] = value;
      const result = await feedback.submitFeedback(ctx, request.params.id, form);
      if (!result.ok) {
        const errors = emptyErrors();
        for (const problem of result.problems) {
          if (errors.fields[problem.path] !== undefined) continue;
          errors.fields[problem.path] = { text: problem.message };
          errors.list.push({ text: problem.message, href: `#${problem.path}` });
        }
        return renderFeedback(reply, ctx, request.params.id, { values: form, errors, status: 400 });
      }
      reply.flash('success', 'Thank you. Your feedback has been sent to the organisers.');
      return reply.redirect(`/events/${request.params.id}`);
    },
  );
}
