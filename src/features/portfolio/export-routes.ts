/** A learner's portfolio as a PDF and as JSON, all or filtered by date and type. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { contentDisposition } from '../../platform/files/serve.ts';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { fileSlug } from '../../platform/web/downloads.ts';
import { emptyErrors, postedList, type FormErrors } from '../../platform/web/forms.ts';
import { datePartsOf, parseDateParts, type DateInputParts } from '../../shared/dates.ts';
import { ownLearner } from '../learners/index.ts';
import { ENTRY_KINDS, ENTRY_KIND_LABELS, isEntryKind, type EntryKind } from './domain/entries.ts';
import { exportJson, exportPdf, portfolioExport, recordExportDownload, type ExportFilter } from './export-service.ts';
import { learnerAccess, type LearnerAccess } from './policy.ts';

const learners = ['learner'] as const;
const others = [...SUPERVISORS, ...PROGRAMME_TEAM] as const;
const learnerParams = z.object({ learnerId: z.uuid() });
/** The form's fields, read by name: the date input's boxes are named like "from[day]". */
const exportQuery = z.record(z.string().max(20), z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]));
type ExportQuery = z.infer<typeof exportQuery>;

interface FormState {
  from: DateInputParts;
  to: DateInputParts;
  kinds: EntryKind[];
}

type FilterReading =
  { ok: true; filter: ExportFilter; state: FormState } | { ok: false; errors: FormErrors; state: FormState };

function blank(parts: DateInputParts): boolean {
  return parts.day.trim() === '' && parts.month.trim() === '' && parts.year.trim() === '';
}

/** The filter as typed: each date optional but, once begun, a real date; the end not before the start. */
export function readFilter(query: ExportQuery): FilterReading {
  const state: FormState = {
    from: datePartsOf(query, 'from'),
    to: datePartsOf(query, 'to'),
    kinds: postedList(query.kind).filter(isEntryKind),
  };
  const errors = emptyErrors();
  // A date input's error takes the reader to its first box.
  const problem = (field: 'from' | 'to', text: string) => {
    if (errors.fields[field] !== undefined) return;
    errors.fields[field] = { text };
    errors.list.push({ text, href: `#${field}-day` });
  };
  const dateOf = (field: 'from' | 'to', label: string): string | undefined => {
    if (blank(state[field])) return undefined;
    const read = parseDateParts(label, state[field], { example: '1 9 2026' });
    if (read.ok) return read.date;
    problem(field, read.message);
    return undefined;
  };
  const from = dateOf('from', 'Start date');
  const to = dateOf('to', 'End date');
  if (from !== undefined && to !== undefined && to < from) {
    problem('to', 'End date must be the same as or after the start date');
  }
  if (errors.list.length > 0) return { ok: false, errors, state };
  return { ok: true, filter: { from, to, kinds: state.kinds }, state };
}

/** Where a learner's export lives: their own, or the one their supervisors and programme team use. */
function basePathOf(access: LearnerAccess): string {
  return access.own ? '/portfolio/export' : `/portfolio/learners/${access.learner.id}/export`;
}

export function exportRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    learnerId: string,
    state: FormState,
    options: { errors?: FormErrors; status?: number } = {},
  ) {
    const access = await learnerAccess(ctx, learnerId);
    const { learner } = access;
    return reply.page(
      'portfolio/views/export.njk',
      {
        title: access.own ? 'Download your portfolio' : `Download ${learner.name}’s portfolio`,
        own: access.own,
        learner,
        basePath: basePathOf(access),
        backHref: access.own ? '/portfolio' : `/portfolio/learners/${learner.id}`,
        privateNote: access.own
          ? 'Your private reflections are included: the download is yours to keep.'
          : access.educationalSupervisor
            ? `As ${learner.name}’s educational supervisor, you will see their private reflections in the download too.`
            : `${learner.name}’s private reflections are not included.`,
        from: state.from,
        to: state.to,
        kindItems: ENTRY_KINDS.map((kind) => ({
          value: kind,
          text: ENTRY_KIND_LABELS[kind],
          checked: state.kinds.includes(kind),
        })),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  async function sendExport(
    reply: FastifyReply,
    ctx: Context,
    learnerId: string,
    query: ExportQuery,
    format: 'pdf' | 'json',
  ) {
    const read = readFilter(query);
    if (!read.ok) return renderForm(reply, ctx, learnerId, read.state, { errors: read.errors, status: 400 });
    const data = await portfolioExport(ctx, learnerId, read.filter);
    // The PDF is made before the download is recorded: a download that failed to be made is not one.
    const body = format === 'json' ? exportJson(data) : await exportPdf(data);
    await recordExportDownload(ctx, data, format);
    const name = `portfolio-${fileSlug(data.learner.name)}-${ctx.now.toISOString().slice(0, 10)}.${format}`;
    reply
      .header('content-disposition', contentDisposition('attachment', name))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff');
    return reply.type(format === 'json' ? 'application/json; charset=utf-8' : 'application/pdf').send(body);
  }

  const emptyState = (query: ExportQuery): FormState => readFilter(query).state;

  // ----- The learner's own -----

  routes.get(
    '/portfolio/export',
    { config: { access: learners }, schema: { querystring: exportQuery } },
    async (request, reply) => {
      const ctx = context(request);
      if ((await ownLearner(ctx)) === undefined) {
        return reply.page('portfolio/views/no-record.njk', { title: 'My portfolio' });
      }
      return renderForm(reply, ctx, ctx.principal.userId, emptyState(request.query));
    },
  );

  for (const format of ['pdf', 'json'] as const) {
    routes.get(
      `/portfolio/export.${format}`,
      { config: { access: learners }, schema: { querystring: exportQuery } },
      async (request, reply) => {
        const ctx = context(request);
        if ((await ownLearner(ctx)) === undefined) {
          return reply.page('portfolio/views/no-record.njk', { title: 'My portfolio' });
        }
        return sendExport(reply, ctx, ctx.principal.userId, request.query, format);
      },
    );
  }

  // ----- A learner's, for their supervisors and programme team -----

  routes.get(
    '/portfolio/learners/:learnerId/export',
    { config: { access: others }, schema: { params: learnerParams, querystring: exportQuery } },
    async (request, reply) => renderForm(reply, context(request), request.params.learnerId, emptyState(request.query)),
  );

  for (const format of ['pdf', 'json'] as const) {
    routes.get(
      `/portfolio/learners/:learnerId/export.${format}`,
      { config: { access: others }, schema: { params: learnerParams, querystring: exportQuery } },
      async (request, reply) => sendExport(reply, context(request), request.params.learnerId, request.query, format),
    );
  }
}
