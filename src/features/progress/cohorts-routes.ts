import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedList as list,
  postedText as text,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { DEFAULT_PAGE_SIZE, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { MANAGERS } from './policy.ts';
import { cohortForm, membersForm } from './forms.ts';
import * as cohortsService from './cohorts-service.ts';
import { BANDS, type Heatmap, type HeatmapCell } from './domain/heatmap.ts';
import { trainingYearOf } from './reviews-service.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { fileSlug, sendCsv } from '../../platform/web/downloads.ts';

const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), learnerId: z.uuid() });

/** Fill colours of the coverage scale (NHS blues, lightest to darkest), by band level; the words beside each say the same. */
const BAND_FILLS = ['#f0f4f5', '#cfe3f5', '#8cbbe6', '#3f87cc', '#003087'] as const;

function cellView(cell: HeatmapCell) {
  const level = cell.band.level;
  return {
    short: cell.total === 0 ? '–' : `${String(cell.evidenced)}/${String(cell.total)}`,
    text: cell.text,
    label: cell.band.label,
    fill: cell.band.band === 'no-outcomes' ? '#ffffff' : BAND_FILLS[level],
    dashed: cell.band.band === 'no-outcomes',
  };
}

function heatmapView(heatmap: Heatmap | null) {
  if (heatmap === null) return null;
  return {
    columns: heatmap.columns,
    rows: heatmap.rows.map((row) => ({
      learnerId: row.learnerId,
      name: row.name,
      stageCode: row.stageCode,
      cells: row.cells.map(cellView),
      overall: cellView(row.overall),
    })),
  };
}

const BAND_MEANINGS: Record<string, string> = {
  none: 'no outcomes to date evidenced',
  started: 'under a third evidenced',
  progressing: 'a third to two thirds evidenced',
  nearly: 'two thirds or more, not all',
  complete: 'every outcome to date evidenced',
  'no-outcomes': 'the domain has no outcomes up to this stage',
};

const bandKey = BANDS.map((band) => ({
  label: band.label,
  meaning: BAND_MEANINGS[band.band] ?? '',
  fill: band.band === 'no-outcomes' ? '#ffffff' : BAND_FILLS[band.level],
  dashed: band.band === 'no-outcomes',
}));

/** Cohorts, for the programme team: adding them, adding and removing learners, and the heatmap of their coverage. */
export function cohortsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/cohorts',
    { config: { access: MANAGERS }, schema: { querystring: z.object({ page: z.string().max(10).optional() }) } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const page = pageNumber(request.query.page);
      const [result, regions] = await Promise.all([
        cohortsService.listCohorts(ctx, page, DEFAULT_PAGE_SIZE),
        cohortsService.regionChoices(ctx),
      ]);
      const pageOf = toPage(result.items, result.total, page);
      return reply.page('progress/views/cohorts.njk', {
        title: 'Cohorts',
        page: pageOf,
        showRegion: regions.length > 1,
        canCreate: regions.length > 0,
        pager: paginationParams(pageOf, '/cohorts'),
      });
    },
  );

  async function renderCohortForm(
    reply: FastifyReply,
    ctx: Context,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const regions = await cohortsService.regionChoices(ctx);
    const values = options.values ?? {};
    return reply.page(
      'progress/views/cohort-form.njk',
      {
        title: 'Add a cohort',
        values,
        errors: options.errors,
        regions,
        regionItems: [
          { value: '', text: 'Select a region' },
          ...regions.map((region) => ({
            value: region.id,
            text: region.name,
            selected: region.id === values.regionId,
          })),
        ],
      },
      options.status ?? 200,
    );
  }

  routes.get('/cohorts/new', { config: { access: MANAGERS } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    return renderCohortForm(reply, ctx, { values: { intakeYear: trainingYearOf(ctx.now).slice(0, 4) } });
  });

  routes.post('/cohorts', { config: { access: MANAGERS } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const regions = await cohortsService.regionChoices(ctx);
    // Anything but a UUID is no region at all, and must not reach the database's uuid column.
    const regionOf = (chosen: unknown) =>
      regions.length === 1 ? (regions[0]?.id ?? '') : (z.uuid().safeParse(chosen).data ?? '');
    return submitForm(request.body, {
      schema: cohortForm,
      check: (values) =>
        regions.length > 1 && regionOf(values.regionId) === ''
          ? addError(emptyErrors(), 'regionId', 'Select the region')
          : emptyErrors(),
      run: (fields) => cohortsService.createCohort(ctx, { regionId: regionOf(body(request).regionId), ...fields }),
      done: (cohort) => {
        reply.flash('success', `The cohort ${cohort.name} has been added. Now add its learners.`);
        return reply.redirect(`/cohorts/${cohort.id}`);
      },
      again: (values, errors) => renderCohortForm(reply, ctx, { values, errors, status: 400 }),
      ruleField: 'name',
    });
  });

  async function renderCohort(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    search: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await cohortsService.cohortView(ctx, id, search);
    const selected = new Set(list(options.values?.learnerIds));
    return reply.page(
      'progress/views/cohort.njk',
      {
        title: view.cohort.name,
        ...view,
        search,
        errors: options.errors,
        heatmap: heatmapView(view.heatmap),
        bandKey,
        candidatesHint:
          view.candidatesTotal > view.candidates.length
            ? `Showing the first ${String(view.candidates.length)} of ${String(view.candidatesTotal)}. Search to narrow the list.`
            : 'Select everyone to add.',
        candidateItems: view.candidates.map((learner) => ({
          value: learner.id,
          text: `${learner.name} (${learner.stage})`,
          hint: { text: learner.email },
          checked: selected.has(learner.id),
        })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/cohorts/:id',
    {
      config: { access: MANAGERS },
      schema: { params: idParams, querystring: z.object({ q: z.string().max(200).optional() }) },
    },
    async (request, reply) =>
      renderCohort(reply, contextOf(request, app), request.params.id, request.query.q?.trim() ?? ''),
  );

  routes.post(
    '/cohorts/:id/members',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: membersForm,
        run: ({ learnerIds }) => cohortsService.addMembers(ctx, id, learnerIds),
        done: (added) => {
          reply.flash(
            'success',
            added === 0
              ? 'Those learners were already in the cohort.'
              : `${added === 1 ? '1 learner' : `${String(added)} learners`} added to the cohort.`,
          );
          return reply.redirect(`/cohorts/${id}`);
        },
        again: (values, errors) => renderCohort(reply, ctx, id, text(values.q), { values, errors, status: 400 }),
        ruleField: 'learnerIds',
      });
    },
  );

  routes.get(
    '/cohorts/:id/members/:learnerId/remove',
    { config: { access: MANAGERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const { cohort, learner } = await cohortsService.memberToRemove(
        contextOf(request, app),
        request.params.id,
        request.params.learnerId,
      );
      return reply.page('progress/views/confirm.njk', {
        title: `Remove ${learner.name} from ${cohort.name}`,
        caption: cohort.name,
        heading: `Are you sure you want to remove ${learner.name} from ${cohort.name}?`,
        body: 'They stay on the programme with all their evidence and reviews; they leave this cohort’s heatmap, and events for this cohort are no longer suggested to them. You can add them again at any time.',
        buttonText: 'Remove from cohort',
        action: `/cohorts/${cohort.id}/members/${learner.id}/remove`,
        cancelHref: `/cohorts/${cohort.id}`,
      });
    },
  );

  routes.post(
    '/cohorts/:id/members/:learnerId/remove',
    { config: { access: MANAGERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const { cohort, name } = await cohortsService.removeMember(
        contextOf(request, app),
        request.params.id,
        request.params.learnerId,
      );
      reply.flash('success', `${name} has been removed from ${cohort.name}.`);
      return reply.redirect(`/cohorts/${cohort.id}`);
    },
  );

  routes.get(
    '/cohorts/:id/heatmap.csv',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const { cohort, csv } = await cohortsService.heatmapCsv(contextOf(request, app), request.params.id);
      return sendCsv(reply, `coverage-${fileSlug(cohort.name) || 'cohort'}.csv`, `\ufeff${csv}`);
    },
  );
}
