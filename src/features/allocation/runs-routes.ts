/** Allocation runs, for the programme team: running one as a job, its preview, comparing methods, publishing, swaps. */
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleError } from '../../platform/errors.ts';
import { formatDateTime } from '../../platform/web/format.ts';
import { postedBody as body, submitForm } from '../../platform/web/forms.ts';
import type { AllocationStats, Mechanism } from './domain/allocate.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import { readSeed, swapForm } from './forms.ts';
import { percent, suffix, windowSummary } from './format.ts';
import { contextOf } from '../../platform/context.ts';
import * as runs from './runs-service.ts';
import * as swaps from './swaps-service.ts';

const access = PROGRAMME_TEAM;
const idParams = z.object({ id: z.uuid() });
const runParams = z.object({ id: z.uuid(), runId: z.uuid() });

const MECHANISM_COLOURS: Record<Mechanism, string> = {
  'serial-dictatorship': '#005eb8',
  'immediate-acceptance': '#007f3b',
  'deferred-acceptance': '#330072',
};

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

export function runsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.post(
    '/allocation/windows/:id/runs',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
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
      const view = await runs.getRun(contextOf(request, app), request.params.id, request.params.runId);
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
      const view = await runs.compareMechanisms(contextOf(request, app), request.params.id);
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
      const view = await runs.getRun(contextOf(request, app), request.params.id, request.params.runId);
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
        const window = await runs.publishRun(contextOf(request, app), request.params.id, request.params.runId);
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
      const ctx = contextOf(request, app);
      const windowPage = `/allocation/windows/${request.params.id}`;
      return submitForm(request.body, {
        schema: swapForm,
        run: (fields) => swaps.recordSwap(ctx, request.params.id, fields),
        done: () => {
          reply.flash('success', 'The swap has been recorded and the two learners’ posts have been exchanged.');
          void app.mailer.deliverPending();
          return reply.redirect(windowPage);
        },
        // The swap form is on the window's page, which tells what is wrong: a form not filled in goes back to the
        // form, a swap the rules refuse to the top of the page.
        again: (_values, errors, refusedBy) => {
          reply.flash('information', errors.list[0]?.text ?? '');
          if (refusedBy === 'form') return reply.redirect(`${windowPage}#swap`);
          void app.mailer.deliverPending();
          return reply.redirect(windowPage);
        },
        ruleField: 'firstLearnerId',
      });
    },
  );
}
