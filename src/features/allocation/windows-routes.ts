/** Preference windows, for the programme team: the list, creating a window, its page, opening, closing, reminding. */
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import {
  postedBody as body,
  postedList as list,
  postedText as text,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { STAGES } from '../people/index.ts';
import { MECHANISMS } from './domain/allocate.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import { randomSeed, windowForm } from './forms.ts';
import { percent, STATUS_TAGS, windowSummary } from './format.ts';
import { contextOf } from '../../platform/context.ts';
import * as service from './service.ts';
import * as swaps from './swaps-service.ts';
import { type ServiceContext, type WindowChoices } from './service.ts';

const access = PROGRAMME_TEAM;
const idParams = z.object({ id: z.uuid() });

/** Runs a change from a window's page; a broken rule is told in a message there. Mail queued by it is sent. */
async function windowAction(
  app: FastifyInstance,
  request: FastifyRequest,
  id: string,
  reply: FastifyReply,
  action: (ctx: ServiceContext) => Promise<string>,
) {
  try {
    reply.flash('success', await action(contextOf(request, app)));
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    reply.flash('information', error.message);
  }
  void app.mailer.deliverPending();
  return reply.redirect(`/allocation/windows/${id}`);
}

export function windowsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/allocation',
    { config: { access }, schema: { querystring: z.object({ page: z.string().max(10).optional() }) } },
    async (request, reply) => {
      const page = await service.listWindows(contextOf(request, app), pageNumber(request.query.page));
      return reply.page('allocation/views/list.njk', {
        title: 'Allocation',
        page,
        rows: page.items.map((item) => ({
          ...item,
          tag: STATUS_TAGS[item.shownStatus],
          deadlineText: formatDateTime(item.deadline),
          mechanismName: MECHANISM_DESCRIPTIONS[item.mechanism].name,
        })),
        pager: paginationParams(page, '/allocation'),
      });
    },
  );

  async function renderWindowForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    options: { yearId?: string | undefined; values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const years = await service.yearChoices(ctx);
    const chosen = years.find((year) => year.id === options.yearId) ?? (years.length === 1 ? years[0] : undefined);
    const choices: WindowChoices | undefined =
      chosen === undefined ? undefined : await service.windowChoices(ctx, chosen.id);
    const values = options.values;
    const checkedPosts = new Set(list(values.posts));
    const checkedLearners = new Set(list(values.learners));
    const stages = STAGES.map((stage) => ({
      value: stage,
      text: `${stage} (${String(choices?.learners.filter((learner) => learner.stage === stage).length ?? 0)} learners)`,
    }));
    return reply.page(
      'allocation/views/window-form.njk',
      {
        title: 'Create a preference window',
        years,
        year: chosen,
        yearItems: [
          { value: '', text: 'Select a programme year' },
          ...years.map((year) => ({ value: year.id, text: `${year.name}, ${year.regionName}` })),
        ],
        postItems:
          choices?.posts.map((post) => ({
            value: post.id,
            text: `${post.code}: ${post.title}`,
            hint: {
              text: `${post.leadEmployerName}; ${String(post.capacity)} ${post.capacity === 1 ? 'place' : 'places'}`,
            },
            checked: checkedPosts.has(post.id),
          })) ?? [],
        learnerItems:
          choices?.learners.map((learner) => ({
            value: learner.id,
            text: `${learner.name}${learner.stage === null ? '' : ` (${learner.stage})`}`,
            checked: checkedLearners.has(learner.id),
          })) ?? [],
        stageItems: [{ value: '', text: 'Select a stage' }, ...stages],
        mechanismItems: MECHANISMS.map((mechanism) => ({
          value: mechanism,
          text: MECHANISM_DESCRIPTIONS[mechanism].name,
          hint: { text: MECHANISM_DESCRIPTIONS[mechanism].summary },
          checked: values.mechanism === mechanism,
        })),
        values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/allocation/windows/new',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const years = await service.yearChoices(ctx);
      const year = years.find((item) => item.id === request.query.year) ?? (years.length === 1 ? years[0] : undefined);
      const choices = year === undefined ? undefined : await service.windowChoices(ctx, year.id);
      return renderWindowForm(reply, ctx, {
        yearId: year?.id,
        values: {
          programmeYearId: year?.id,
          name: year === undefined ? '' : `${year.name} allocation`,
          posts: choices?.posts.map((post) => post.id) ?? [],
          learnerMode: 'stage',
          mechanism: 'serial-dictatorship',
          seed: String(randomSeed()),
          deadlineTime: '17:00',
        },
      });
    },
  );

  routes.post('/allocation/windows/new', { config: { access } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const yearId = text(body(request).programmeYearId);
    const choices = yearId === '' ? undefined : await service.windowChoices(ctx, yearId);
    return submitForm(request.body, {
      schema: windowForm(choices, ctx.now),
      dateFields: ['deadline'],
      run: (fields) => service.createWindow(ctx, fields),
      done: (window) => {
        reply.flash('success', `${window.name} has been created. Check it, then open it to learners.`);
        return reply.redirect(`/allocation/windows/${window.id}`);
      },
      again: (values, errors) => renderWindowForm(reply, ctx, { yearId, values, errors, status: 400 }),
      ruleField: 'name',
    });
  });

  routes.get(
    '/allocation/windows/:id',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getWindow(ctx, request.params.id);
      const swapLearners = view.status === 'published' ? await swaps.swapChoices(ctx, view.window.id) : [];
      const submitted = view.learners.filter((learner) => learner.submittedAt !== null);
      return reply.page('allocation/views/window.njk', {
        title: view.window.name,
        ...view,
        ...windowSummary(view.window),
        statusTag: STATUS_TAGS[view.status],
        description: MECHANISM_DESCRIPTIONS[view.window.mechanism],
        submitted,
        waiting: view.learners.filter((learner) => learner.submittedAt === null),
        preallocatedCount: view.learners.filter((learner) => learner.preallocatedPostId !== null).length,
        linkedCount: view.learners.filter((learner) => learner.linkedWithUserId !== null).length / 2,
        runRows: view.runs.map((run) => ({
          ...run,
          when: formatDateTime(run.createdAt),
          firstChoice: percent(run.stats.firstChoiceRate),
          unplaced: percent(run.stats.unplacedRate),
          published: run.id === view.window.publishedRunId,
        })),
        swapItems: [
          { value: '', text: 'Select a learner' },
          ...swapLearners.map((item) => ({ value: item.id, text: item.name })),
        ],
        suggestedSeed: view.runs.length === 0 ? view.window.seed : randomSeed(),
        publishedDate: view.window.publishedAt === null ? '' : formatDateTime(view.window.publishedAt),
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/open',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(app, request, request.params.id, reply, async (ctx) => {
        const window = await service.openWindow(ctx, request.params.id);
        return `${window.name} is open. The eligible learners have been emailed the deadline and a link.`;
      }),
  );

  routes.post(
    '/allocation/windows/:id/close',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(app, request, request.params.id, reply, async (ctx) => {
        const window = await service.closeWindow(ctx, request.params.id);
        return `${window.name} is closed. Learners can no longer change their rankings.`;
      }),
  );

  routes.post(
    '/allocation/windows/:id/reminders',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(app, request, request.params.id, reply, async (ctx) => {
        const n = await service.sendReminders(ctx, request.params.id);
        return `A reminder has been emailed to ${String(n)} ${n === 1 ? 'learner' : 'learners'} who have not submitted.`;
      }),
  );
}
