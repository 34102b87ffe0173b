import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleError } from '../../platform/errors.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { addError, emptyErrors, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import {
  registerErasureStep,
  registerPersonalDataSource,
  registerPersonalDataTables,
  STAGES,
} from '../people/index.ts';
import { SETTING_LABELS } from '../placements/index.ts';
import { MECHANISMS, type AllocationStats, type Mechanism } from './domain/allocate.ts';
import type { LinkStatus } from './domain/arrangements.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import { rankField, randomSeed, readDeadline, readRanking, readSeed, toFormErrors, type Problem } from './forms.ts';
import { datePartsOf } from '../../shared/dates.ts';
import { arrangementRoutes } from './arrangement-routes.ts';
import { body, context, list, text } from './request.ts';
import * as service from './service.ts';
import * as preferences from './preferences-service.ts';
import * as runs from './runs-service.ts';
import * as swaps from './swaps-service.ts';
import { type ServiceContext, type WindowChoices } from './service.ts';
import type { LearnerWindowView } from './preferences-service.ts';
import type { WindowStatus } from './schema.ts';
import { allocationPersonalData, allocationPersonalDataOf, eraseAllocationData } from './personal-data.ts';

const access = PROGRAMME_TEAM;
const learnerAccess = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });
const runParams = z.object({ id: z.uuid(), runId: z.uuid() });
const windowParams = z.object({ windowId: z.uuid() });
const postParams = z.object({ windowId: z.uuid(), postId: z.uuid() });

export const STATUS_TAGS: Record<WindowStatus, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  open: { text: 'Open', colour: 'blue' },
  closed: { text: 'Closed', colour: 'orange' },
  published: { text: 'Published', colour: 'green' },
};

/** What a linked learner reads about their pair, by the state of the two submitted rankings. */
const LEARNER_LINK_TEXT: Record<LinkStatus, string> = {
  together:
    'You have both submitted the same posts in the same order, so you will be allocated together: to the same post, to posts of the same lead employer, or, if neither is possible, neither of you will be placed.',
  'different-lists':
    'Your submitted rankings are different, so you will be allocated separately. To be allocated together, agree one order and both submit it.',
  waiting:
    'You will be allocated together only if you both submit the same posts in the same order. Agree your order together.',
  'individual-by-method':
    'This window allocates everyone as an individual, so you and the learner you are linked with will be allocated separately.',
};

const MECHANISM_COLOURS: Record<Mechanism, string> = {
  'serial-dictatorship': '#005eb8',
  'immediate-acceptance': '#007f3b',
  'deferred-acceptance': '#330072',
};

const percent = (rate: number) => `${String(Math.round(rate * 1000) / 10)}%`;

function suffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${String(n)}th`;
  return `${String(n)}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** The headline figures of a run or a simulation, as rows for a table. */
function statRows(stats: AllocationStats) {
  return [
    { label: 'Applicants', value: String(stats.applicants) },
    {
      label: 'Placed',
      value: `${String(stats.assigned)} (${percent(stats.applicants === 0 ? 0 : stats.assigned / stats.applicants)})`,
    },
    { label: 'Given their first choice', value: percent(stats.firstChoiceRate) },
    { label: 'Given one of their top three', value: percent(stats.topThreeRate) },
    { label: 'Given one of their bottom five', value: percent(stats.bottomFiveRate) },
    { label: 'Not placed', value: percent(stats.unplacedRate) },
  ];
}

interface Bar {
  label: string;
  value: number;
  display: string;
  colour: string;
  y: number;
  width: number;
}

/** Horizontal bars for an inline SVG: geometry is worked out here so the template only draws. */
function barChart(rows: { label: string; value: number; display: string; colour: string; gapBefore?: boolean }[]) {
  const labelWidth = 260;
  const barArea = 420;
  const barHeight = 28;
  const max = Math.max(1, ...rows.map((row) => row.value));
  let y = 6;
  const bars: Bar[] = rows.map((row) => {
    if (row.gapBefore === true) y += 14;
    const bar = { ...row, y, width: row.value === 0 ? 0 : Math.max(2, Math.round((row.value / max) * barArea)) };
    y += barHeight + 8;
    return bar;
  });
  return { width: labelWidth + barArea + 90, height: y + 2, labelWidth, barHeight, bars };
}

function choiceDistribution(stats: AllocationStats) {
  const rows = stats.byChoice.map((n, index) => ({
    label: `${suffix(index + 1)} choice`,
    value: n,
    display: String(n),
    colour: '#005eb8',
  }));
  rows.push({
    label: 'Not placed',
    value: stats.applicants - stats.assigned,
    display: String(stats.applicants - stats.assigned),
    colour: '#d5281b',
  });
  return rows;
}

const COMPARED: { key: keyof AllocationStats; label: string }[] = [
  { key: 'firstChoiceRate', label: 'First choice' },
  { key: 'topThreeRate', label: 'Top three' },
  { key: 'bottomFiveRate', label: 'Bottom five' },
  { key: 'unplacedRate', label: 'Not placed' },
];

function windowSummary(window: { deadline: Date; mechanism: Mechanism; seed: number }) {
  return {
    deadline: formatDateTime(window.deadline),
    mechanismName: MECHANISM_DESCRIPTIONS[window.mechanism].name,
  };
}

export async function register(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  registerPersonalDataSource('allocation', allocationPersonalDataOf);
  registerErasureStep('allocation', eraseAllocationData);
  registerPersonalDataTables('allocation', allocationPersonalData);
  app.navigation.add({
    text: 'Allocation',
    href: '/allocation',
    roles: access,
    order: 27,
    description: 'Preference windows, allocation runs and publishing the results.',
  });
  arrangementRoutes(app);
  app.navigation.add({
    text: 'Preferences',
    href: '/preferences',
    roles: learnerAccess,
    order: 27,
    description: 'Rank the posts you want, and see why you were given your post.',
  });
  app.tasks.add((principal, now) => preferences.learnerTasks(app.db, principal, now));

  // ----- Windows, for the programme team -----

  routes.get(
    '/allocation',
    { config: { access }, schema: { querystring: z.object({ page: z.string().max(10).optional() }) } },
    async (request, reply) => {
      const page = await service.listWindows(context(request, app), pageNumber(request.query.page));
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
      const ctx = context(request, app);
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
    const ctx = context(request, app);
    const values = body(request);
    const yearId = text(values.programmeYearId);
    const choices = yearId === '' ? undefined : await service.windowChoices(ctx, yearId);
    const problems: Problem[] = [];
    const problem = (field: string, message: string, href = `#${field}`) => problems.push({ field, href, message });
    if (choices === undefined) problem('programmeYearId', 'Select the programme year');
    const name = text(values.name);
    if (name === '') problem('name', 'Enter a name for the window, like F2 2026/27 allocation');
    else if (name.length > 200) problem('name', 'Name must be 200 characters or fewer');
    const postIds = list(values.posts);
    if (choices !== undefined && postIds.length === 0) problem('posts', 'Select at least one post');
    let learnerIds: string[] = [];
    const mode = text(values.learnerMode);
    if (mode === 'chosen') {
      learnerIds = list(values.learners);
      if (learnerIds.length === 0) problem('learners', 'Select at least one learner');
    } else if (mode === 'stage') {
      const stage = text(values.stage);
      if (stage === '') problem('stage', 'Select the stage of the learners who may rank these posts');
      else {
        learnerIds = choices?.learners.filter((learner) => learner.stage === stage).map((learner) => learner.id) ?? [];
        if (choices !== undefined && learnerIds.length === 0)
          problem('stage', `There are no learners at stage ${stage} in this region`);
      }
    } else problem('learnerMode', 'Select who may rank the posts');
    const deadline = readDeadline(values, ctx.now);
    if (!deadline.ok) problems.push(deadline.problem);
    const mechanism = MECHANISMS.find((item) => item === values.mechanism);
    if (mechanism === undefined) problem('mechanism', 'Select how the posts will be allocated');
    const seed = readSeed(values.seed);
    if (!seed.ok) problem('seed', seed.message);
    values.deadline = datePartsOf(values, 'deadline');
    if (problems.length > 0 || !deadline.ok || mechanism === undefined || !seed.ok || choices === undefined) {
      return renderWindowForm(reply, ctx, { yearId, values, errors: toFormErrors(problems), status: 400 });
    }
    try {
      const window = await service.createWindow(ctx, {
        yearId,
        name,
        postIds,
        learnerIds,
        deadline: deadline.deadline,
        mechanism,
        seed: seed.seed,
      });
      reply.flash('success', `${window.name} has been created. Check it, then open it to learners.`);
      return await reply.redirect(`/allocation/windows/${window.id}`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const errors = addError(emptyErrors(), error.field ?? 'name', error.message);
      return renderWindowForm(reply, ctx, { yearId, values, errors, status: 400 });
    }
  });

  routes.get(
    '/allocation/windows/:id',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
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

  async function windowAction(
    request: FastifyRequest,
    id: string,
    reply: FastifyReply,
    action: (ctx: ServiceContext) => Promise<string>,
  ) {
    try {
      reply.flash('success', await action(context(request, app)));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      reply.flash('information', error.message);
    }
    void app.mailer.deliverPending();
    return reply.redirect(`/allocation/windows/${id}`);
  }

  routes.post(
    '/allocation/windows/:id/open',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(request, request.params.id, reply, async (ctx) => {
        const window = await service.openWindow(ctx, request.params.id);
        return `${window.name} is open. The eligible learners have been emailed the deadline and a link.`;
      }),
  );

  routes.post(
    '/allocation/windows/:id/close',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(request, request.params.id, reply, async (ctx) => {
        const window = await service.closeWindow(ctx, request.params.id);
        return `${window.name} is closed. Learners can no longer change their rankings.`;
      }),
  );

  routes.post(
    '/allocation/windows/:id/reminders',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) =>
      windowAction(request, request.params.id, reply, async (ctx) => {
        const n = await service.sendReminders(ctx, request.params.id);
        return `A reminder has been emailed to ${String(n)} ${n === 1 ? 'learner' : 'learners'} who have not submitted.`;
      }),
  );

  routes.post(
    '/allocation/windows/:id/runs',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const seed = readSeed(body(request).seed);
      if (!seed.ok) {
        reply.flash('information', seed.message);
        return reply.redirect(`/allocation/windows/${request.params.id}#run`);
      }
      let window;
      try {
        window = await runs.checkRunnable(ctx, request.params.id);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
        return reply.redirect(`/allocation/windows/${request.params.id}`);
      }
      // A regional run takes milliseconds and goes straight to its preview; a run that takes longer than the
      // runner's wait shows its progress page, which moves on to the preview when the run is saved.
      const jobId = await app.jobs.start(
        {
          kind: 'allocation-run',
          title: `Allocation for ${window.name}, seed ${String(seed.seed)}`,
          ownerUserId: ctx.principal.userId,
          regionId: window.regionId,
        },
        async (progress) => {
          const run = await runs.runAllocation(ctx, window.id, seed.seed, (done, total, message) =>
            progress.step(done, total, message),
          );
          return { href: `/allocation/windows/${window.id}/runs/${run.id}` };
        },
      );
      const job = app.jobs.inlineWaitMs > 0 ? await app.jobs.waitFor(jobId, app.jobs.inlineWaitMs) : undefined;
      if (job === undefined) return reply.redirect(`/jobs/${jobId}`);
      if (job.status === 'succeeded' && job.resultHref !== null) {
        reply.flash(
          'success',
          `The allocation has been run with seed ${String(seed.seed)}. Check the preview before publishing.`,
        );
        return reply.redirect(job.resultHref);
      }
      if (job.status === 'failed') {
        reply.flash('information', job.error ?? 'The allocation could not be run. Nothing was saved.');
        return reply.redirect(`/allocation/windows/${request.params.id}`);
      }
      return reply.redirect(`/jobs/${jobId}`);
    },
  );

  routes.get(
    '/allocation/windows/:id/runs/:runId',
    { config: { access }, schema: { params: runParams } },
    async (request, reply) => {
      const view = await runs.getRun(context(request, app), request.params.id, request.params.runId);
      const { run, window } = view;
      const postById = new Map(view.posts.map((post) => [post.id, post]));
      const explanations = new Map(run.result.explanations.map((item) => [item.applicant, item]));
      const name = (id: string) => view.names.get(id)?.name ?? 'Unknown learner';
      const assignments = Object.entries(run.result.assignments)
        .map(([learner, post]) => {
          const explanation = explanations.get(learner);
          return {
            name: name(learner),
            priority: explanation?.priority ?? 0,
            post: post === null ? null : postById.get(post),
            choice: explanation?.choice === null || explanation === undefined ? null : suffix(explanation.choice),
            ranked: run.input.applicants.find((applicant) => applicant.id === learner)?.preferences.length ?? 0,
            note:
              explanation?.preallocated === true
                ? 'Pre-allocated'
                : explanation?.linkedWith != null
                  ? `Linked with ${name(explanation.linkedWith)}`
                  : null,
          };
        })
        .sort((a, b) => a.priority - b.priority);
      const distribution = choiceDistribution(run.stats);
      return reply.page('allocation/views/run.njk', {
        title: `Allocation run for ${window.name}`,
        window,
        run,
        status: view.status,
        ...windowSummary(window),
        when: formatDateTime(run.createdAt),
        statItems: statRows(run.stats).map((row) => ({ key: { text: row.label }, value: { text: row.value } })),
        chart: barChart(distribution),
        distribution,
        assignments,
        unplaced: assignments.filter((row) => row.post === null || row.post === undefined),
        notSubmitted: run.result.notSubmitted.map(name).sort(),
        blockingPairs: run.stats.blockingPairs,
        published: window.publishedRunId === run.id,
      });
    },
  );

  routes.get(
    '/allocation/windows/:id/compare',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await runs.compareMechanisms(context(request, app), request.params.id);
      const rows = COMPARED.flatMap((metric) =>
        view.simulations.map((simulation, index) => {
          const rate = simulation.stats[metric.key] as number;
          return {
            label: `${metric.label}: ${MECHANISM_DESCRIPTIONS[simulation.mechanism].name.split(' (')[0] ?? ''}`,
            value: rate * 100,
            display: percent(rate),
            colour: MECHANISM_COLOURS[simulation.mechanism],
            gapBefore: index === 0 && metric.key !== 'firstChoiceRate',
          };
        }),
      );
      return reply.page('allocation/views/compare.njk', {
        title: `Compare allocation methods for ${view.window.name}`,
        window: view.window,
        status: view.status,
        notSubmitted: view.notSubmitted,
        applicants: view.simulations[0]?.stats.applicants ?? 0,
        chart: barChart(rows),
        metrics: COMPARED,
        columns: view.simulations.map((simulation) => ({
          mechanism: simulation.mechanism,
          name: MECHANISM_DESCRIPTIONS[simulation.mechanism].name,
          chosen: simulation.mechanism === view.window.mechanism,
          colour: MECHANISM_COLOURS[simulation.mechanism],
          values: COMPARED.map((metric) => percent(simulation.stats[metric.key] as number)),
          placed: simulation.stats.assigned,
        })),
      });
    },
  );

  routes.get(
    '/allocation/windows/:id/runs/:runId/publish',
    { config: { access }, schema: { params: runParams } },
    async (request, reply) => {
      const view = await runs.getRun(context(request, app), request.params.id, request.params.runId);
      const back = `/allocation/windows/${view.window.id}/runs/${view.run.id}`;
      if (view.status === 'published') return reply.redirect(back);
      return reply.page('allocation/views/confirm.njk', {
        title: `Publish the allocation for ${view.window.name}`,
        heading: `Are you sure you want to publish this allocation for ${view.window.name}?`,
        caption: `Run of ${formatDateTime(view.run.createdAt)}, seed ${String(view.run.seed)}`,
        body: `${String(view.run.stats.assigned)} of ${String(view.run.stats.applicants)} applicants will be placed in their posts, and every eligible learner will be emailed their outcome with a link to why. Publishing can only be done once: afterwards posts can only change by recording a swap.`,
        buttonText: 'Publish allocation',
        action: `${back}/publish`,
        cancelHref: back,
      });
    },
  );

  routes.post(
    '/allocation/windows/:id/runs/:runId/publish',
    { config: { access }, schema: { params: runParams } },
    async (request, reply) => {
      try {
        const window = await runs.publishRun(context(request, app), request.params.id, request.params.runId);
        reply.flash('success', `The allocation for ${window.name} has been published and learners have been emailed.`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/allocation/windows/${request.params.id}`);
    },
  );

  routes.post(
    '/allocation/windows/:id/swaps',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const values = body(request);
      const first = text(values.firstLearnerId);
      const second = text(values.secondLearnerId);
      const reason = text(values.reason);
      const problems: Problem[] = [];
      if (first === '')
        problems.push({ field: 'firstLearnerId', href: '#firstLearnerId', message: 'Select the first learner' });
      if (second === '')
        problems.push({ field: 'secondLearnerId', href: '#secondLearnerId', message: 'Select the second learner' });
      if (reason === '') problems.push({ field: 'reason', href: '#reason', message: 'Enter the reason for the swap' });
      else if (reason.length > 2000)
        problems.push({ field: 'reason', href: '#reason', message: 'Reason must be 2000 characters or fewer' });
      const [firstProblem] = problems;
      if (firstProblem !== undefined) {
        reply.flash('information', firstProblem.message);
        return reply.redirect(`/allocation/windows/${request.params.id}#swap`);
      }
      return windowAction(request, request.params.id, reply, async () => {
        await swaps.recordSwap(ctx, request.params.id, { firstLearnerId: first, secondLearnerId: second, reason });
        return 'The swap has been recorded and the two learners’ posts have been exchanged.';
      });
    },
  );

  // ----- Ranking, for learners -----

  routes.get('/preferences', { config: { access: learnerAccess } }, async (request, reply) => {
    const windows = await preferences.learnerWindowList(context(request, app));
    return reply.page('allocation/views/preferences.njk', {
      title: 'Preferences',
      windows: windows.map((window) => ({
        ...window,
        tag: STATUS_TAGS[window.shownStatus],
        deadlineText: formatDateTime(window.deadline),
      })),
    });
  });

  /** The ranking page of a window the learner's view was loaded for once, by the handler. */
  function renderRanking(
    reply: FastifyReply,
    view: LearnerWindowView,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const saved = view.submission?.ranking ?? [];
    const values: FormValues =
      options.values ?? Object.fromEntries(saved.map((postId, index) => [rankField(postId), String(index + 1)]));
    const posts = view.posts.map((post) => ({
      ...post,
      field: rankField(post.id),
      value: values[rankField(post.id)],
      error: options.errors?.fields[rankField(post.id)],
    }));
    const ranked = saved
      .map((postId, index) => ({ choice: index + 1, post: view.posts.find((post) => post.id === postId) }))
      .filter((row) => row.post !== undefined);
    return reply.page(
      'allocation/views/rank.njk',
      {
        title: `Rank the posts for ${view.window.name}`,
        ...view,
        ...windowSummary(view.window),
        description: MECHANISM_DESCRIPTIONS[view.window.mechanism],
        posts,
        ranked,
        submittedText: view.submission?.submittedAt == null ? null : formatDateTime(view.submission.submittedAt),
        savedText: view.submission === undefined ? null : formatDateTime(view.submission.updatedAt),
        linkedText: view.linked === undefined ? '' : LEARNER_LINK_TEXT[view.linked.status],
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/preferences/:windowId',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) =>
      renderRanking(reply, await preferences.learnerWindow(context(request, app), request.params.windowId)),
  );

  routes.post(
    '/preferences/:windowId',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const windowId = request.params.windowId;
      const view = await preferences.learnerWindow(ctx, windowId);
      const values = body(request);
      const submitting = values.action === 'submit';
      if (!view.editable) {
        const errors = addError(
          emptyErrors(),
          'ranking',
          'The deadline for this window has passed: your ranking can no longer be changed',
        );
        return renderRanking(reply, view, { errors, status: 400 });
      }
      const read = readRanking(values, view.posts, { submitting });
      if (!read.ok) return renderRanking(reply, view, { values, errors: toFormErrors(read.problems), status: 400 });
      try {
        await preferences.saveRanking(ctx, windowId, read.ranking, submitting);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderRanking(reply, view, {
          values,
          errors: addError(emptyErrors(), 'ranking', error.message),
          status: 400,
        });
      }
      reply.flash(
        'success',
        submitting
          ? `Your preferences for ${view.window.name} have been submitted. You can change them until ${formatDateTime(view.window.deadline)}.`
          : `Your draft has been saved. It is not submitted yet: submit it before ${formatDateTime(view.window.deadline)}.`,
      );
      return reply.redirect(`/preferences/${windowId}`);
    },
  );

  routes.get(
    '/preferences/:windowId/posts/:postId',
    { config: { access: learnerAccess }, schema: { params: postParams } },
    async (request, reply) => {
      const view = await preferences.learnerPost(context(request, app), request.params.windowId, request.params.postId);
      return reply.page('allocation/views/post.njk', {
        title: `${view.post.code}: ${view.post.title}`,
        ...view,
        rows: view.rotation.map((row) => ({
          ...row,
          settingLabel: SETTING_LABELS[row.setting],
          dates: `${formatDate(row.startsOn)} to ${formatDate(row.endsOn)}`,
        })),
      });
    },
  );

  routes.get(
    '/preferences/:windowId/result',
    { config: { access: learnerAccess }, schema: { params: windowParams } },
    async (request, reply) => {
      const result = await preferences.learnerResult(context(request, app), request.params.windowId);
      const { explanation, posts } = result;
      const post = explanation?.post == null ? undefined : posts.get(explanation.post);
      const passedOver =
        explanation?.passedOver.map((item) => ({
          ...item,
          choiceText: `${suffix(item.choice)} choice`,
          post: posts.get(item.post),
        })) ?? [];
      return reply.page('allocation/views/result.njk', {
        title: `Your allocation for ${result.window.name}`,
        ...result,
        ...windowSummary(result.window),
        post,
        choiceText: explanation?.choice == null ? null : `${suffix(explanation.choice)} choice`,
        headline:
          explanation === undefined
            ? null
            : headline(
                explanation.choice,
                passedOver.map((item) => item.reason),
              ),
        passedOver,
        description: MECHANISM_DESCRIPTIONS[result.run.mechanism],
        publishedText: result.window.publishedAt === null ? '' : formatDateTime(result.window.publishedAt),
        applicants: result.run.stats.applicants,
      });
    },
  );
}

const COUNT_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** One sentence for the usual case: "Your first two choices were filled by applicants with higher priority." */
export function headline(choice: number | null, reasons: readonly string[]): string | null {
  if (reasons.length === 0) return choice === 1 ? 'You were given your first choice.' : null;
  const same = reasons.every((reason) => reason === reasons[0]);
  const n = reasons.length;
  const which = n === 1 ? 'Your first choice was' : `Your first ${COUNT_WORDS[n - 1] ?? String(n)} choices were`;
  const all =
    choice === null ? (n === 1 ? 'The one post you ranked was' : `All ${String(n)} posts you ranked were`) : which;
  if (!same) return null;
  switch (reasons[0]) {
    case 'filled-by-higher-priority':
      return `${all} filled by applicants with higher priority.`;
    case 'filled-in-earlier-round':
      return `${all} filled in earlier rounds by applicants who ranked them higher than you did.`;
    case 'lost-in-round-to-higher-priority':
      return `${all} given to applicants with higher priority who applied in the same round.`;
    default:
      return null;
  }
}

export { MECHANISM_DESCRIPTIONS };
