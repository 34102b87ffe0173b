import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { postedText as text, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { MANAGERS, READERS } from './policy.ts';
import { REVIEW_LIMITS, REVIEW_OUTCOMES, REVIEW_OUTCOME_INFO } from './domain/review.ts';
import { reviewForm, reviewValues } from './forms.ts';
import { ownLearner } from '../learners/index.ts';
import { portfolioEntriesByOutcome } from '../portfolio/index.ts';
import * as reviews from './reviews-service.ts';
import { contextOf, type Context } from '../../platform/context.ts';

const idParams = z.object({ id: z.uuid() });

export const MAX_ACTION_FIELDS = REVIEW_LIMITS.actions;

/** Annual reviews: the learner and the people who support them read them; the programme team records them. */
export function reviewsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  function reviewRows(rows: readonly reviews.ReviewWithNames[]) {
    return rows.map((review) => ({ ...review, info: REVIEW_OUTCOME_INFO[review.outcome] }));
  }

  routes.get('/progress/reviews', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const learner = await ownLearner(ctx);
    const view = learner === undefined ? null : await reviews.reviewsOf(ctx, learner.id);
    return reply.page('progress/views/reviews.njk', {
      title: 'My annual reviews',
      self: true,
      learner: view?.learner ?? null,
      reviews: reviewRows(view?.reviews ?? []),
      canRecord: false,
      evidence: view === null ? [] : await portfolioEntriesByOutcome(ctx.db, view.learner.id),
    });
  });

  routes.get(
    '/learners/:id/reviews',
    { config: { access: READERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await reviews.reviewsOf(ctx, request.params.id);
      if (view.learner.id === ctx.principal.userId) return reply.redirect('/progress/reviews');
      return reply.page('progress/views/reviews.njk', {
        title: `${view.learner.name}: annual reviews`,
        self: false,
        ...view,
        reviews: reviewRows(view.reviews),
        evidence: await portfolioEntriesByOutcome(ctx.db, view.learner.id),
      });
    },
  );

  async function renderReviewForm(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    values: FormValues,
    options: { errors?: FormErrors; status?: number } = {},
  ) {
    const year = text(values.year);
    const { learner, existing } = await reviews.reviewForm(ctx, id, year);
    const actions = Array.isArray(values.actions) ? values.actions.map((action) => String(action)) : [];
    const lastFilled = actions.reduce((last, action, index) => (action.trim() === '' ? last : index + 1), 0);
    const shown = Math.min(MAX_ACTION_FIELDS, Math.max(3, lastFilled));
    const fields = Array.from({ length: MAX_ACTION_FIELDS }, (_, index) => ({
      name: `action${String(index + 1)}`,
      label: `Agreed action ${String(index + 1)}`,
      value: actions[index] ?? '',
    }));
    return reply.page(
      'progress/views/review-form.njk',
      {
        title: `Record an annual review: ${learner.name}`,
        learner,
        existing,
        values,
        errors: options.errors,
        actionFields: fields.slice(0, shown),
        moreActionFields: fields.slice(shown),
        maxActions: MAX_ACTION_FIELDS,
        outcomeItems: REVIEW_OUTCOMES.map((code) => ({
          value: code,
          text: REVIEW_OUTCOME_INFO[code].label,
          hint: { text: REVIEW_OUTCOME_INFO[code].description },
          checked: values.outcome === code,
        })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/learners/:id/reviews/record',
    {
      config: { access: MANAGERS },
      schema: { params: idParams, querystring: z.object({ year: z.string().max(20).optional() }) },
    },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const year = request.query.year?.trim() || reviews.trainingYearOf(ctx.now);
      const { existing } = await reviews.reviewForm(ctx, request.params.id, year);
      const values: FormValues =
        existing === null
          ? { year }
          : {
              year,
              outcome: existing.outcome,
              comment: existing.comments,
              actions: existing.actions,
              panel: existing.panel,
            };
      return renderReviewForm(reply, ctx, request.params.id, values);
    },
  );

  routes.post(
    '/learners/:id/reviews',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: reviewForm,
        run: (input) => reviews.recordReview(ctx, id, input),
        done: ({ learner, review, created }, input) => {
          void app.mailer.deliverPending();
          reply.flash(
            'success',
            `The ${input.year} annual review of ${learner.name} has been ${created ? 'recorded' : 'updated'}: ${REVIEW_OUTCOME_INFO[review.outcome].label}. ${learner.name} has been emailed that it is ready to read.`,
          );
          return reply.redirect(`/learners/${id}/reviews`);
        },
        again: (values, errors) => renderReviewForm(reply, ctx, id, reviewValues(values), { errors, status: 400 }),
        ruleField: 'outcome',
      });
    },
  );
}
