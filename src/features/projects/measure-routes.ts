/**
 * A project's measures: adding and changing one, its data (typed, pasted from a spreadsheet or uploaded as CSV),
 * its SPC chart with the data table, recalculating the limits from a point, and the chart's downloads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { svgToPngAsync } from '../../platform/images/png.ts';
import { fileSlug, sendCsv } from '../../platform/web/downloads.ts';
import {
  addError,
  emptyErrors,
  postedText,
  problemErrors,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { writeCsv } from '../../shared/csv.ts';
import { datePartsOf } from '../../shared/dates.ts';
import { readDataPoints } from './domain/measure-data.ts';
import { MEASURE_KIND_LABELS } from './domain/projects.ts';
import { spcTableRows, variationSummary } from './domain/spc-chart.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT, assuranceIcon, variationIcon } from './domain/spc-icons.ts';
import { IMPROVEMENT_LABELS, measureItems, measureSchema, measureValues, readPointForm } from './measure-form.ts';
import { measureSpc, measureSvg } from './measure-chart.ts';
import { PROJECT_VIEWERS, editableProject, projectAccess, type ProjectAccess } from './policy.ts';
import * as repository from './repository.ts';
import type { Measure } from './repository.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.uuid() });
const measureParams = z.object({ id: z.uuid(), measureId: z.uuid() });
const pointParams = z.object({ id: z.uuid(), measureId: z.uuid(), pointId: z.uuid() });

/** Room for a CSV of a few thousand rows; the multipart limit is the platform's. */
const PASTE_LIMIT = 200_000;

export function measureRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function measureOf(ctx: Context, access: ProjectAccess, measureId: string): Promise<Measure> {
    const measure = await repository.findMeasure(ctx.db, access.project.id, measureId);
    if (measure === undefined) throw new NotFoundError();
    return measure;
  }

  // ----- The measure's details -----

  function renderMeasureForm(
    reply: FastifyReply,
    access: ProjectAccess,
    options: { measure?: Measure; values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const base = `/projects/${access.project.id}/measures`;
    return reply.page(
      'projects/views/measure-form.njk',
      {
        title: options.measure === undefined ? 'Add a measure' : `Change the measure “${options.measure.name}”`,
        project: access.project,
        action: options.measure === undefined ? `${base}/new` : `${base}/${options.measure.id}/edit`,
        back: options.measure === undefined ? `/projects/${access.project.id}` : `${base}/${options.measure.id}`,
        values: options.values,
        errors: options.errors,
        ...measureItems(options.values),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/projects/:id/measures/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const access = await editableProject(context(request), request.params.id);
      return renderMeasureForm(reply, access, { values: {} });
    },
  );

  routes.post(
    '/projects/:id/measures/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: measureSchema,
        ruleField: 'name',
        run: (details) => service.createMeasure(ctx, access, details),
        done: (measure) => {
          reply.flash('success', `The measure “${measure.name}” was added. Now add its data.`);
          return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}#data`);
        },
        again: (values, errors) => renderMeasureForm(reply, access, { values, errors, status: 400 }),
      });
    },
  );

  routes.get(
    '/projects/:id/measures/:measureId/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      return renderMeasureForm(reply, access, { measure, values: measureValues(measure) });
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      return submitForm(request.body, {
        schema: measureSchema,
        ruleField: 'name',
        run: (details) => service.updateMeasure(ctx, access, measure, details),
        done: () => {
          reply.flash('success', 'The measure was saved.');
          return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}`);
        },
        again: (values, errors) => renderMeasureForm(reply, access, { measure, values, errors, status: 400 }),
      });
    },
  );

  routes.get(
    '/projects/:id/measures/:measureId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      const points = (await repository.pointsOf(ctx.db, [measure.id])).get(measure.id) ?? [];
      return reply.page('projects/views/measure-delete.njk', {
        title: `Delete the measure “${measure.name}”?`,
        project: access.project,
        measure,
        count: points.length,
      });
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      await service.deleteMeasure(ctx, access, measure);
      reply.flash('success', `The measure “${measure.name}” and its data were deleted.`);
      return reply.redirect(`/projects/${access.project.id}`);
    },
  );

  // ----- The measure's page: chart, data table and data -----

  async function renderMeasure(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    measure: Measure,
    options: {
      values?: FormValues;
      errors?: FormErrors;
      dataProblems?: { line: number; message: string }[];
      status?: number;
    } = {},
  ) {
    const points = (await repository.pointsOf(ctx.db, [measure.id])).get(measure.id) ?? [];
    const result = measureSpc(measure, points);
    const variation = result === null ? null : variationSummary(result, measure.improvement);
    const values = options.values ?? {};
    const base = `/projects/${access.project.id}/measures/${measure.id}`;
    return reply.page(
      'projects/views/measure.njk',
      {
        title: measure.name,
        project: access.project,
        access,
        measure,
        base,
        kindLabel: MEASURE_KIND_LABELS[measure.kind],
        improvementLabel: IMPROVEMENT_LABELS[measure.improvement],
        chart: result === null ? null : measureSvg(measure, result),
        tableRows: result === null ? [] : spcTableRows(result, measure.unit),
        warnings: result?.warnings ?? [],
        variationIcon: variation === null ? null : variationIcon(variation, { decorative: true }),
        variationText: variation === null ? null : VARIATION_TEXT[variation],
        assuranceIcon: result?.assurance ? assuranceIcon(result.assurance, { decorative: true }) : null,
        assuranceText: result?.assurance ? ASSURANCE_TEXT[result.assurance] : null,
        points: points.map((point) => ({ ...point })),
        values,
        day: datePartsOf(values, 'day'),
        errors: options.errors,
        dataProblems: options.dataProblems ?? [],
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/projects/:id/measures/:measureId',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      return renderMeasure(reply, ctx, access, await measureOf(ctx, access, request.params.measureId));
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/points',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      return submitForm(request.body, {
        schema: readPointForm,
        dateFields: ['day'],
        ruleField: 'value',
        run: (point) => service.addPoints(ctx, access, measure, [point], 'form'),
        done: (result) => {
          reply.flash(
            'success',
            result.replaced > 0 ? 'The value for that date was replaced.' : 'The data point was added.',
          );
          return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}#data`);
        },
        again: (values, errors) => renderMeasure(reply, ctx, access, measure, { values, errors, status: 400 }),
      });
    },
  );

  async function importText(
    request: FastifyRequest,
    reply: FastifyReply,
    how: 'paste' | 'file',
    text: string | null,
    problem: string | null,
  ) {
    const ctx = context(request);
    const params = measureParams.parse(request.params);
    const access = await editableProject(ctx, params.id);
    const measure = await measureOf(ctx, access, params.measureId);
    const field = how === 'paste' ? 'pasted' : 'file';
    const values: FormValues = how === 'paste' ? { pasted: text ?? '' } : {};
    if (problem !== null || text === null) {
      return renderMeasure(reply, ctx, access, measure, {
        values,
        errors: addError(emptyErrors(), field, problem ?? 'Choose a file'),
        status: 400,
      });
    }
    const read = readDataPoints(text);
    if (!read.ok) {
      const summary =
        read.problems.length === 1
          ? (read.problems[0]?.message ?? '')
          : `${String(read.problems.length)} lines could not be read: nothing was saved`;
      return renderMeasure(reply, ctx, access, measure, {
        values,
        errors: problemErrors([{ field, href: `#${field}`, message: summary }]),
        dataProblems: read.problems.slice(0, 50),
        status: 400,
      });
    }
    const result = await service.addPoints(ctx, access, measure, read.points, how);
    reply.flash(
      'success',
      `${String(read.points.length)} data point${read.points.length === 1 ? ' was' : 's were'} saved (${String(result.added)} new, ${String(result.replaced)} replaced).`,
    );
    return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}`);
  }

  routes.post(
    '/projects/:id/measures/:measureId/paste',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const pasted = (request.body as Record<string, unknown> | undefined)?.pasted;
      const text = typeof pasted === 'string' ? pasted : '';
      if (text.trim() === '')
        return importText(request, reply, 'paste', null, 'Paste the rows of dates and values from your spreadsheet');
      if (text.length > PASTE_LIMIT)
        return importText(
          request,
          reply,
          'paste',
          null,
          'Paste up to 200,000 characters at a time, or upload a CSV file',
        );
      return importText(request, reply, 'paste', text, null);
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/upload',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const file = (request.body as Record<string, unknown> | undefined)?.file;
      if (!Buffer.isBuffer(file) || file.length === 0) {
        return importText(
          request,
          reply,
          'file',
          null,
          Buffer.isBuffer(file) ? 'The selected file is empty' : 'Choose a CSV file',
        );
      }
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file);
        if (text.includes('\u0000')) throw new Error('binary');
      } catch {
        return importText(request, reply, 'file', null, 'The selected file must be a CSV file saved as “CSV UTF-8”');
      }
      return importText(request, reply, 'file', text, null);
    },
  );

  routes.get(
    '/projects/:id/measures/:measureId/points/:pointId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: pointParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      const point = await repository.findPoint(ctx.db, measure.id, request.params.pointId);
      if (point === undefined) throw new NotFoundError();
      return reply.page('projects/views/point-delete.njk', {
        title: 'Delete this data point?',
        project: access.project,
        measure,
        point,
      });
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/points/:pointId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: pointParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      await service.deletePoint(ctx, access, measure, request.params.pointId);
      reply.flash('success', 'The data point was deleted.');
      return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}#data`);
    },
  );

  routes.post(
    '/projects/:id/measures/:measureId/points/:pointId/rebase',
    { config: { access: PROJECT_VIEWERS }, schema: { params: pointParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const measure = await measureOf(ctx, access, request.params.measureId);
      const rebase = postedText((request.body as Record<string, unknown> | undefined)?.rebase) === 'true';
      await service.setRebase(ctx, access, measure, request.params.pointId, rebase);
      reply.flash(
        'success',
        rebase
          ? 'The limits are now calculated again from that point.'
          : 'The limits no longer start again at that point.',
      );
      return reply.redirect(`/projects/${access.project.id}/measures/${measure.id}#data`);
    },
  );

  // ----- Downloads -----

  async function chartOf(request: FastifyRequest) {
    const ctx = context(request);
    const params = measureParams.parse(request.params);
    const access = await projectAccess(ctx, params.id);
    const measure = await measureOf(ctx, access, params.measureId);
    const points = (await repository.pointsOf(ctx.db, [measure.id])).get(measure.id) ?? [];
    const result = measureSpc(measure, points);
    if (result === null) throw new NotFoundError();
    return { measure, points, result, svg: measureSvg(measure, result) };
  }

  routes.get(
    '/projects/:id/measures/:measureId/chart.svg',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const { measure, svg } = await chartOf(request);
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileSlug(measure.name)}.svg"`)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(svg);
    },
  );

  routes.get(
    '/projects/:id/measures/:measureId/chart.png',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const { measure, svg } = await chartOf(request);
      return reply
        .header('content-type', 'image/png')
        .header('content-disposition', `attachment; filename="${fileSlug(measure.name)}.png"`)
        .send(await svgToPngAsync(svg, { width: 1600 }));
    },
  );

  routes.get(
    '/projects/:id/measures/:measureId/data.csv',
    { config: { access: PROJECT_VIEWERS }, schema: { params: measureParams } },
    async (request, reply) => {
      const { measure, result, points } = await chartOf(request);
      const notes = new Map(points.map((point) => [point.day, point.note]));
      const rows = [
        ['date', 'value', 'note', 'mean', 'lower process limit', 'upper process limit', 'special cause', 'variation'],
        ...result.points.map((point) => [
          point.date,
          String(point.value),
          notes.get(point.date) ?? '',
          String(point.mean),
          point.lpl === null ? '' : String(point.lpl),
          point.upl === null ? '' : String(point.upl),
          point.specialCause ?? '',
          point.type,
        ]),
      ];
      return sendCsv(reply, `${fileSlug(measure.name)}.csv`, `\ufeff${writeCsv(rows)}`);
    },
  );
}
