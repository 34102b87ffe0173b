/**
 * A project's carbon account (before and after, line by line on the factor library), its triple bottom line, and
 * the emission factor library itself: read by everyone on the projects pages, added to a year at a time by the
 * platform administrator, since every region shares it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { sendCsv } from '../../platform/web/downloads.ts';
import {
  addError,
  emptyErrors,
  submitForm,
  type FieldProblem,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import {
  CARBON_CATEGORIES,
  CARBON_CATEGORY_LABELS,
  CARBON_PHASES,
  FACTOR_COLUMNS,
  formatKg,
  lineKg,
  readQuantity,
  type CarbonFactor,
  type CarbonPhase,
  type TripleBottomLine,
} from './domain/carbon.ts';
import type { StoredCarbonLine } from './carbon-repository.ts';
import * as carbonRepository from './carbon-repository.ts';
import { savingWords } from './carbon-section.ts';
import * as service from './carbon-service.ts';
import type { NewCarbonLine, ProjectImpact } from './carbon-service.ts';
import { PROJECT_VIEWERS, editableProject, projectAccess, type ProjectAccess } from './policy.ts';
import { patientIdentifierProblem } from '../portfolio/index.ts';

const idParams = z.object({ id: z.uuid() });
const lineParams = z.object({ id: z.uuid(), lineId: z.uuid() });
const libraryQuery = z.object({ q: z.string().max(200).optional(), year: z.string().max(10).optional() });

const FACTOR_ADMINS = ['platform_admin'] as const;
const MAX_NOTE = 500;
const MAX_NARRATIVE = 4000;

const PHASE_LABELS: Record<CarbonPhase, string> = {
  before: 'Before the change',
  after: 'After the change',
};
const PHASE_HINTS: Record<CarbonPhase, string> = {
  before: 'What a year of care used or emitted before the change',
  after: 'What a year of care uses or emits with the change',
};

// ----- Numbers as people read them -----

function plain(value: number, digits = 3): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits });
}

export function formatGbp(value: number): string {
  const whole = Number.isInteger(value);
  return value.toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

function factorText(factor: CarbonFactor): string {
  return `${plain(factor.kgCo2ePerUnit, 6)} kgCO2e per ${factor.unit}`;
}

function yearsText(years: readonly number[]): string {
  if (years.length === 0) return '';
  const named = years.map(String);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1) ?? ''}`;
  return `Worked out with the library’s factors of ${list ?? ''}.`;
}

// ----- Reading the forms -----

function text(values: FormValues, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value.trim() : '';
}

/** The "Add a line" form: phase, factor, quantity a year (as people type it) and a note. */
export function readLineForm(
  values: FormValues,
): { ok: true; data: NewCarbonLine } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const phase = CARBON_PHASES.find((candidate) => candidate === text(values, 'phase'));
  if (phase === undefined) {
    problems.push({ field: 'phase', href: '#phase', message: 'Choose before or after the change' });
  }
  const factorId = text(values, 'factorId');
  if (factorId === '' || !z.uuid().safeParse(factorId).success) {
    problems.push({ field: 'factorId', href: '#factorId', message: 'Choose an item from the emission factor library' });
  }
  const quantity = readQuantity(text(values, 'quantity'), 'the quantity a year');
  if (!quantity.ok) problems.push({ field: 'quantity', href: '#quantity', message: quantity.message });
  const note = text(values, 'note');
  if (note.length > MAX_NOTE) {
    problems.push({
      field: 'note',
      href: '#note',
      message: `The note must be ${String(MAX_NOTE)} characters or fewer`,
    });
  } else {
    const identifier = patientIdentifierProblem('The note', note);
    if (identifier !== null) problems.push({ field: 'note', href: '#note', message: identifier });
  }
  if (problems.length > 0 || phase === undefined || !quantity.ok) return { ok: false, problems };
  return { ok: true, data: { phase, factorId, quantityPerYear: quantity.value, note } };
}

function optionalGbp(values: FormValues, field: string, what: string, problems: FieldProblem[]): number | null {
  const typed = text(values, field).replace(/^£\s*/, '');
  if (typed === '') return null;
  const read = readQuantity(typed, what);
  if (!read.ok) {
    problems.push({ field, href: `#${field}`, message: read.message });
    return null;
  }
  return read.value;
}

/** The triple bottom line's form: the costs a year (optional, in pounds) and the two narratives. */
export function readImpactForm(
  values: FormValues,
): { ok: true; data: { impact: ProjectImpact; revision: number } } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const financialBeforeGbp = optionalGbp(values, 'financialBefore', 'the cost a year before the change', problems);
  const financialAfterGbp = optionalGbp(values, 'financialAfter', 'the cost a year after the change', problems);
  const socialImpact = text(values, 'socialImpact');
  const patientOutcome = text(values, 'patientOutcome');
  for (const [field, value, what] of [
    ['socialImpact', socialImpact, 'The social impact'],
    ['patientOutcome', patientOutcome, 'The outcome for patients'],
  ] as const) {
    if (value.length > MAX_NARRATIVE) {
      problems.push({
        field,
        href: `#${field}`,
        message: `${what} must be ${String(MAX_NARRATIVE)} characters or fewer`,
      });
    } else {
      const identifier = patientIdentifierProblem(what, value);
      if (identifier !== null) problems.push({ field, href: `#${field}`, message: identifier });
    }
  }
  const revision = Number(text(values, 'revision'));
  if (!Number.isInteger(revision)) {
    problems.push({ field: 'financialBefore', href: '#financialBefore', message: 'Reload the page and try again' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    data: { impact: { financialBeforeGbp, financialAfterGbp, socialImpact, patientOutcome }, revision },
  };
}

// ----- The pages' models -----

function lineRow(line: StoredCarbonLine) {
  return {
    id: line.id,
    item: line.factor.item,
    quantity: `${plain(line.quantityPerYear)} ${line.factor.unit}`,
    factor: factorText(line.factor),
    year: line.factor.year,
    source: line.factor.source,
    kg: formatKg(lineKg(line)),
    note: line.note,
  };
}

function factorOptions(factors: readonly CarbonFactor[], selected: string) {
  return service.factorGroups(factors).map((group) => ({
    label: group.label,
    options: group.choices.map(({ factor, latest }) => ({
      value: factor.id,
      text: `${factor.item} – ${factorText(factor)} (${latest ? String(factor.year) : `older factor of ${String(factor.year)}`})`,
      selected: factor.id === selected,
    })),
  }));
}

const MISSING_TEXT = {
  outcomes: 'the outcome for patients',
  environmental: 'the environmental impact: add lines to the carbon account',
  social: 'the social impact',
  financial: 'the financial cost a year, before and after the change',
} as const;

function bottomLineModel(result: TripleBottomLine) {
  const value = result.sustainableValue;
  const environmental = value.environmentalSavingKg === null ? null : savingWords(result.environmental);
  return {
    environmental,
    financial:
      result.financial === null
        ? null
        : {
            before: formatGbp(result.financial.beforeGbp),
            after: formatGbp(result.financial.afterGbp),
            saving:
              result.financial.savingGbp >= 0
                ? `A saving of ${formatGbp(result.financial.savingGbp)} a year`
                : `An extra cost of ${formatGbp(-result.financial.savingGbp)} a year`,
          },
    social: result.social,
    patientOutcome: result.patientOutcome,
    missing: value.missing.map((part) => MISSING_TEXT[part]),
  };
}

export function carbonRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  // ----- The carbon account -----

  async function renderAccount(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const project = access.project;
    const [account, factors] = await Promise.all([
      service.carbonAccount(ctx.db, project.id),
      access.edit ? carbonRepository.listFactors(ctx.db) : Promise.resolve([]),
    ]);
    const { comparison, lines } = account;
    const values = options.values ?? {};
    const phaseTable = (phase: CarbonPhase) => ({
      phase,
      label: PHASE_LABELS[phase],
      rows: lines.filter((line) => line.phase === phase).map(lineRow),
      total: formatKg(phase === 'before' ? comparison.beforeKg : comparison.afterKg),
    });
    return reply.page(
      'projects/views/carbon-account.njk',
      {
        title: 'Carbon account',
        project,
        access,
        base: `/projects/${project.id}/carbon`,
        hasLines: lines.length > 0,
        tables: [phaseTable('before'), phaseTable('after')],
        beforeTotal: formatKg(comparison.beforeKg),
        afterTotal: formatKg(comparison.afterKg),
        saving: savingWords(comparison),
        factorYears: yearsText(comparison.factorYears),
        categories: comparison.byCategory.map((category) => ({
          label: category.label,
          before: formatKg(category.beforeKg),
          after: formatKg(category.afterKg),
          saving: formatKg(category.savingKg),
        })),
        phaseItems: CARBON_PHASES.map((phase) => ({
          value: phase,
          text: PHASE_LABELS[phase],
          hint: { text: PHASE_HINTS[phase] },
          checked: values.phase === phase,
        })),
        factorGroups: factorOptions(factors, typeof values.factorId === 'string' ? values.factorId : ''),
        values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/projects/:id/carbon',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      return renderAccount(reply, ctx, await projectAccess(ctx, request.params.id));
    },
  );

  routes.post(
    '/projects/:id/carbon/lines',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: readLineForm,
        ruleField: 'factorId',
        run: (line) => service.addCarbonLine(ctx, access, line),
        done: (factor, line) => {
          reply.flash(
            'success',
            `“${factor.item}” was added ${line.phase === 'before' ? 'before' : 'after'} the change.`,
          );
          return reply.redirect(`/projects/${access.project.id}/carbon`);
        },
        again: (values, errors) => renderAccount(reply, ctx, access, { values, errors, status: 400 }),
      });
    },
  );

  async function lineOf(ctx: Context, access: ProjectAccess, lineId: string): Promise<StoredCarbonLine> {
    const line = await carbonRepository.findCarbonLine(ctx.db, access.project.id, lineId);
    if (line === undefined) throw new NotFoundError();
    return line;
  }

  routes.get(
    '/projects/:id/carbon/lines/:lineId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: lineParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const line = await lineOf(ctx, access, request.params.lineId);
      return reply.page('projects/views/carbon-remove.njk', {
        title: `Remove “${line.factor.item}” from the carbon account?`,
        project: access.project,
        line: lineRow(line),
        phase: PHASE_LABELS[line.phase].toLowerCase(),
      });
    },
  );

  routes.post(
    '/projects/:id/carbon/lines/:lineId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: lineParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const line = await service.removeCarbonLine(ctx, access, request.params.lineId);
      reply.flash('success', `“${line.factor.item}” was removed from the carbon account.`);
      return reply.redirect(`/projects/${access.project.id}/carbon`);
    },
  );

  // ----- The triple bottom line -----

  async function renderImpact(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const project = access.project;
    const result = await service.tripleBottomLineOf(ctx.db, project);
    const values: FormValues = options.values ?? {
      financialBefore: project.financialBeforeGbp === null ? '' : String(project.financialBeforeGbp),
      financialAfter: project.financialAfterGbp === null ? '' : String(project.financialAfterGbp),
      socialImpact: project.socialImpact,
      patientOutcome: project.patientOutcome,
      revision: String(project.revision),
    };
    return reply.page(
      'projects/views/carbon-impact.njk',
      {
        title: 'Triple bottom line',
        project,
        access,
        base: `/projects/${project.id}/carbon`,
        summary: bottomLineModel(result),
        values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/projects/:id/carbon/impact',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      return renderImpact(reply, ctx, await projectAccess(ctx, request.params.id));
    },
  );

  routes.post(
    '/projects/:id/carbon/impact',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: readImpactForm,
        ruleField: 'financialBefore',
        run: ({ impact, revision }) => service.saveImpact(ctx, access, impact, revision),
        done: () => {
          reply.flash('success', 'The triple bottom line was saved.');
          return reply.redirect(`/projects/${access.project.id}/carbon/impact`);
        },
        again: (values, errors) => renderImpact(reply, ctx, access, { values, errors, status: 400 }),
      });
    },
  );

  // ----- The emission factor library -----

  routes.get(
    '/projects/carbon-factors',
    { config: { access: PROJECT_VIEWERS }, schema: { querystring: libraryQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const years = await carbonRepository.factorYears(ctx.db);
      const q = request.query.q?.trim() ?? '';
      // Every year unless one is asked for: a project's lines may use any year's factors.
      const year = years.find((candidate) => String(candidate) === request.query.year);
      const factors = await carbonRepository.listFactors(ctx.db, { q, year });
      const byYear = [...new Set(factors.map((factor) => factor.year))].map((factorYear) => ({
        year: factorYear,
        categories: CARBON_CATEGORIES.map((category) => ({
          label: CARBON_CATEGORY_LABELS[category],
          factors: factors
            .filter((factor) => factor.year === factorYear && factor.category === category)
            .map((factor) => ({ ...factor, perUnit: plain(factor.kgCo2ePerUnit, 6) })),
        })).filter((group) => group.factors.length > 0),
      }));
      return reply.page('projects/views/factors-library.njk', {
        title: 'Emission factor library',
        q,
        year: year ?? null,
        filtered: q !== '' || year !== undefined,
        count: factors.length,
        byYear,
        yearItems: [
          { value: '', text: 'All years' },
          ...years.map((value) => ({ value: String(value), text: String(value), selected: value === year })),
        ],
        mayImport: hasRole(ctx.principal, ...FACTOR_ADMINS),
      });
    },
  );

  routes.get('/projects/carbon-factors.csv', { config: { access: PROJECT_VIEWERS } }, async (request, reply) => {
    const csv = await service.libraryCsv(context(request).db);
    return sendCsv(reply, `emission-factors-${request.now.toISOString().slice(0, 10)}.csv`, `\ufeff${csv}`);
  });

  routes.get('/projects/carbon-factors/template.csv', { config: { access: PROJECT_VIEWERS } }, async (request, reply) =>
    sendCsv(reply, 'emission-factors-template.csv', `\ufeff${await service.templateCsv(context(request).db)}`),
  );

  function renderImport(reply: FastifyReply, errors?: FormErrors, status = 200) {
    return reply.page(
      'projects/views/factors-import.njk',
      {
        title: 'Add a year’s emission factors',
        columns: FACTOR_COLUMNS,
        categories: CARBON_CATEGORIES.map((category) => ({
          value: category,
          text: CARBON_CATEGORY_LABELS[category],
        })),
        errors,
      },
      status,
    );
  }

  routes.get('/projects/carbon-factors/import', { config: { access: FACTOR_ADMINS } }, async (_request, reply) =>
    renderImport(reply),
  );

  routes.post('/projects/carbon-factors/import', { config: { access: FACTOR_ADMINS } }, async (request, reply) => {
    const ctx = context(request);
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    const errors = emptyErrors();
    let content: string | null = null;
    if (!Buffer.isBuffer(file) || file.length === 0) {
      addError(errors, 'file', Buffer.isBuffer(file) ? 'The selected file is empty' : 'Choose a CSV file');
    } else {
      try {
        content = new TextDecoder('utf-8', { fatal: true }).decode(file);
        if (content.includes('\u0000')) throw new Error('binary');
      } catch {
        addError(errors, 'file', 'The selected file must be a CSV file saved as “CSV UTF-8”');
      }
    }
    if (content === null) return renderImport(reply, errors, 400);
    const result = await service.importFactors(ctx, content);
    if (!result.ok) {
      return reply.page(
        'projects/views/factors-problems.njk',
        { title: 'The spreadsheet has problems', problems: result.problems },
        400,
      );
    }
    reply.flash(
      'success',
      `${String(result.count)} emission factor${result.count === 1 ? ' was' : 's were'} added for ${result.years.join(', ')}.`,
    );
    const newest = result.years.at(-1);
    return reply.redirect(`/projects/carbon-factors${newest === undefined ? '' : `?year=${String(newest)}`}`);
  });
}
