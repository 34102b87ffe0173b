/** Posts and placements imported from a spreadsheet into a programme year, its template, and a year exported. */
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { addError, emptyErrors, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { nhsDateRange } from '../../shared/dates.ts';
import { templateCsv } from './domain/csv.ts';
import type { ProgrammeYear } from './repository.ts';
import * as csvService from './csv-service.ts';
import { type ServiceContext } from './service.ts';
import { choiceItems, settingItems, stringField } from './pages.ts';
import { fileSlug, sendCsv } from '../../platform/web/downloads.ts';

const access = PROGRAMME_TEAM;

const context = contextOf;

export function csvRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function renderImportForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const years = await csvService.importableYears(ctx);
    const showRegion = isPlatformAdmin(ctx.principal) || new Set(years.map((year) => year.regionId)).size > 1;
    const yearName = (year: ProgrammeYear & { regionName: string }) =>
      `${year.name} (${nhsDateRange(year.startsOn, year.endsOn)})${showRegion ? `, ${year.regionName}` : ''}`;
    return reply.page(
      'placements/views/import.njk',
      {
        title: 'Import posts and placements from a spreadsheet',
        values: { ...values, programmeYearId: values.programmeYearId ?? (years.length === 1 ? years[0]?.id : '') },
        errors,
        hasYears: years.length > 0,
        yearItems: choiceItems(
          years.map((year) => ({ id: year.id, name: yearName(year) })),
          'Select a programme year',
        ),
        exportLinks: years.map((year) => ({ href: `/posts/export.csv?year=${year.id}`, text: yearName(year) })),
        settingItems,
      },
      status,
    );
  }

  routes.get(
    '/posts/import',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => renderImportForm(reply, context(request, app), { programmeYearId: request.query.year }),
  );

  routes.get('/posts/import/template.csv', { config: { access } }, async (_request, reply) =>
    sendCsv(reply, 'posts-template.csv', templateCsv()),
  );

  routes.post('/posts/import', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    const yearId = stringField(request.body, 'programmeYearId') ?? '';
    const years = await csvService.importableYears(ctx);
    // A year of another region is not found, as every page of another region is.
    if (yearId !== '' && !years.some((year) => year.id === yearId)) throw new NotFoundError();
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    const errors = emptyErrors();
    if (yearId === '') addError(errors, 'programmeYearId', 'Select the programme year to import into');
    let text: string | null = null;
    if (!Buffer.isBuffer(file) || file.length === 0) {
      addError(errors, 'file', Buffer.isBuffer(file) ? 'The selected file is empty' : 'Select a CSV file');
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file);
        if (text.includes('\u0000')) throw new Error('binary');
      } catch {
        addError(errors, 'file', 'The selected file must be a CSV file saved as "CSV UTF-8"');
      }
    }
    if (errors.list.length > 0 || text === null) {
      return renderImportForm(reply, ctx, { programmeYearId: yearId }, errors, 400);
    }
    const result = await csvService.importPosts(ctx, yearId, text);
    if (!result.ok) {
      return reply.page(
        'placements/views/import-problems.njk',
        { title: 'The spreadsheet has problems', problems: result.problems, yearId },
        400,
      );
    }
    return reply.page('placements/views/import-done.njk', {
      title: `Imported into ${result.year.name}`,
      result,
      yearDates: nhsDateRange(result.year.startsOn, result.year.endsOn),
    });
  });

  routes.get(
    '/posts/export.csv',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const { year, csv } = await csvService.exportPosts(context(request, app), request.query.year);
      const name = fileSlug(year === null ? 'none' : `${year.regionName} ${year.name}`);
      return sendCsv(reply, `posts-${name}.csv`, `\ufeff${csv}`);
    },
  );
}
