import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { LINK_STATUS_TEXT } from './domain/arrangements.ts';
import { buttonForm, linkForm, preallocationForm } from './forms.ts';
import { contextOf } from '../../platform/context.ts';
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

  /** After a change: its message, and the page again. */
  function changed(reply: FastifyReply, id: string, message: string) {
    reply.flash('success', message);
    return reply.redirect(`/allocation/windows/${id}/arrangements`);
  }

  routes.get(
    '/allocation/windows/:id/arrangements',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => render(reply, contextOf(request, app), request.params.id),
  );

  routes.post(
    '/allocation/windows/:id/preallocations',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: preallocationForm,
        run: (fields) => arrangements.preallocate(ctx, id, fields),
        done: (done) =>
          changed(
            reply,
            id,
            `${done.learner} has been pre-allocated to ${done.post}. They take it before anyone else is allocated.`,
          ),
        again: (values, errors) => render(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'learnerId',
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/preallocations/:learnerId/remove',
    { config: { access }, schema: { params: learnerParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: buttonForm,
        run: () => arrangements.removePreallocation(ctx, id, request.params.learnerId),
        done: (name) =>
          changed(
            reply,
            id,
            `The pre-allocation of ${name} has been removed. They will be allocated by their ranking.`,
          ),
        again: (values, errors) => render(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'learnerId',
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/links',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: linkForm,
        run: (fields) => arrangements.linkApplications(ctx, id, fields),
        done: ([first, second]) =>
          changed(
            reply,
            id,
            `The applications of ${first} and ${second} are linked. To be placed together they must rank the same posts in the same order.`,
          ),
        again: (values, errors) => render(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'firstLearnerId',
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/links/:learnerId/remove',
    { config: { access }, schema: { params: learnerParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: buttonForm,
        run: () => arrangements.unlinkApplications(ctx, id, request.params.learnerId),
        done: ([first, second]) =>
          changed(reply, id, `${first} and ${second} are no longer linked. Each will be allocated separately.`),
        again: (values, errors) => render(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'learnerId',
      });
    },
  );
}
