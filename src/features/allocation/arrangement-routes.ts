import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleError } from '../../platform/errors.ts';
import { addError, emptyErrors, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { LINK_STATUS_TEXT } from './domain/arrangements.ts';
import { body, context, text } from './request.ts';
import * as arrangements from './arrangement-service.ts';
import { type ServiceContext } from './service.ts';

const access = PROGRAMME_TEAM;
const idParams = z.object({ id: z.uuid() });
const learnerParams = z.object({ id: z.uuid(), learnerId: z.uuid() });

const LINK_TAG_COLOURS = {
  together: 'green',
  'different-lists': 'orange',
  waiting: 'grey',
  'individual-by-method': 'grey',
} as const;

/**
 * Special circumstances (a learner's post fixed before the run) and linked applications (two learners placed
 * together in one trust), recorded by the programme team on a window until it is published.
 */
export function arrangementRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function render(
    reply: FastifyReply,
    ctx: ServiceContext,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await arrangements.getArrangements(ctx, id);
    const values = options.values ?? {};
    const learnerItems = (selected: unknown, free: (learner: (typeof view.learners)[number]) => boolean) => [
      { value: '', text: 'Select a learner' },
      ...view.learners.filter(free).map((learner) => ({
        value: learner.id,
        text: `${learner.name} (${learner.email})`,
        selected: learner.id === selected,
      })),
    ];
    const unlinked = (learner: (typeof view.learners)[number]) =>
      learner.linkedWithUserId === null && learner.preallocatedPostId === null;
    return reply.page(
      'allocation/views/arrangements.njk',
      {
        title: `Special circumstances and linked applications: ${view.window.name}`,
        ...view,
        values,
        errors: options.errors,
        preallocateItems: learnerItems(values.learnerId, (learner) => learner.linkedWithUserId === null),
        postItems: [
          { value: '', text: 'Select a post' },
          ...view.posts.map((post) => ({
            value: post.id,
            text: `${post.code}: ${post.title} (${String(post.capacity)} ${post.capacity === 1 ? 'place' : 'places'})`,
            selected: post.id === values.postId,
          })),
        ],
        firstItems: learnerItems(values.firstLearnerId, unlinked),
        secondItems: learnerItems(values.secondLearnerId, unlinked),
        pairRows: view.pairs.map((pair) => ({
          ...pair,
          statusText: LINK_STATUS_TEXT[pair.status],
          colour: LINK_TAG_COLOURS[pair.status],
        })),
        deferred: view.window.mechanism === 'deferred-acceptance',
      },
      options.status ?? 200,
    );
  }

  /** Runs a change; a broken rule shows the page again with the message at its field and the input kept. */
  async function change(
    reply: FastifyReply,
    ctx: ServiceContext,
    id: string,
    values: FormValues,
    action: () => Promise<string>,
  ) {
    try {
      reply.flash('success', await action());
      return await reply.redirect(`/allocation/windows/${id}/arrangements`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const field = error.field ?? Object.keys(values)[0] ?? 'learnerId';
      return render(reply, ctx, id, { values, errors: addError(emptyErrors(), field, error.message), status: 400 });
    }
  }

  routes.get(
    '/allocation/windows/:id/arrangements',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => render(reply, context(request, app), request.params.id),
  );

  routes.post(
    '/allocation/windows/:id/preallocations',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const values = body(request);
      const fields = { learnerId: text(values.learnerId), postId: text(values.postId), reason: text(values.reason) };
      const errors = emptyErrors();
      if (fields.learnerId === '') addError(errors, 'learnerId', 'Select the learner');
      if (fields.postId === '') addError(errors, 'postId', 'Select the post');
      if (fields.reason === '') addError(errors, 'reason', 'Enter the special circumstances the panel agreed');
      else if (fields.reason.length > 2000) addError(errors, 'reason', 'Reason must be 2000 characters or fewer');
      if (errors.list.length > 0) return render(reply, ctx, request.params.id, { values, errors, status: 400 });
      return change(reply, ctx, request.params.id, values, async () => {
        const done = await arrangements.preallocate(ctx, request.params.id, fields);
        return `${done.learner} has been pre-allocated to ${done.post}. They take it before anyone else is allocated.`;
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/preallocations/:learnerId/remove',
    { config: { access }, schema: { params: learnerParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      return change(reply, ctx, request.params.id, {}, async () => {
        const name = await arrangements.removePreallocation(ctx, request.params.id, request.params.learnerId);
        return `The pre-allocation of ${name} has been removed. They will be allocated by their ranking.`;
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/links',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const values = body(request);
      const fields = { firstLearnerId: text(values.firstLearnerId), secondLearnerId: text(values.secondLearnerId) };
      const errors = emptyErrors();
      if (fields.firstLearnerId === '') addError(errors, 'firstLearnerId', 'Select the first learner');
      if (fields.secondLearnerId === '') addError(errors, 'secondLearnerId', 'Select the second learner');
      if (errors.list.length > 0) return render(reply, ctx, request.params.id, { values, errors, status: 400 });
      return change(reply, ctx, request.params.id, values, async () => {
        const [first, second] = await arrangements.linkApplications(ctx, request.params.id, fields);
        return `The applications of ${first} and ${second} are linked. To be placed together they must rank the same posts in the same order.`;
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/links/:learnerId/remove',
    { config: { access }, schema: { params: learnerParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      return change(reply, ctx, request.params.id, {}, async () => {
        const [first, second] = await arrangements.unlinkApplications(ctx, request.params.id, request.params.learnerId);
        return `${first} and ${second} are no longer linked. Each will be allocated separately.`;
      });
    },
  );
}
