/**
 * A project's carbon account and triple bottom line, and the emission factor library shared by every region. A line
 * keeps the factor row it was added with, and the library only ever gains rows (a new year's factors beside the old
 * ones), so a result once worked out stays as it was.
 */
import { parse } from 'csv-parse/sync';
import { audit } from '../../platform/audit/audit.ts';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../platform/errors.ts';
import { writeCsv, type CsvProblem } from '../../shared/csv.ts';
import {
  CARBON_CATEGORIES,
  CARBON_CATEGORY_LABELS,
  FACTOR_COLUMNS,
  carbonComparison,
  readFactorRows,
  tripleBottomLine,
  type CarbonCategory,
  type CarbonComparison,
  type CarbonFactor,
  type CarbonPhase,
  type TripleBottomLine,
} from './domain/carbon.ts';
import type { CarbonFactorSeed } from './domain/carbon-factors.ts';
import * as carbonRepository from './carbon-repository.ts';
import type { StoredCarbonLine } from './carbon-repository.ts';
import type { ProjectAccess } from './policy.ts';
import { atRevision, changeProject, closed, isActive } from './project-change.ts';
import type { ChangeProject } from './repository.ts';

export interface CarbonAccount {
  lines: StoredCarbonLine[];
  comparison: CarbonComparison;
}

export async function carbonAccount(db: Db, projectId: string): Promise<CarbonAccount> {
  const lines = await carbonRepository.carbonLinesOf(db, projectId);
  return { lines, comparison: carbonComparison(lines) };
}

/** The triple bottom line of a project: its carbon lines with the costs and narratives kept on the project. */
export async function tripleBottomLineOf(db: Db, project: ChangeProject): Promise<TripleBottomLine> {
  const lines = await carbonRepository.carbonLinesOf(db, project.id);
  return tripleBottomLine({
    lines,
    financialBeforeGbp: project.financialBeforeGbp,
    financialAfterGbp: project.financialAfterGbp,
    social: project.socialImpact,
    patientOutcome: project.patientOutcome,
  });
}

// ----- Choosing a factor -----

export interface FactorChoice {
  factor: CarbonFactor;
  /** The newest year of its key: offered first; older years are listed after it with their year. */
  latest: boolean;
}

export interface FactorGroup {
  category: CarbonCategory;
  label: string;
  choices: FactorChoice[];
}

/**
 * The library grouped by category for the "Add a line" form: each item's newest factor, then its older years, so
 * the current figure is the one people find first while a line can still be added on an earlier year's factor.
 */
export function factorGroups(factors: readonly CarbonFactor[]): FactorGroup[] {
  const newest = new Map<string, number>();
  for (const factor of factors) newest.set(factor.key, Math.max(newest.get(factor.key) ?? factor.year, factor.year));
  return CARBON_CATEGORIES.map((category) => {
    const inCategory = factors.filter((factor) => factor.category === category);
    const latest = inCategory
      .filter((factor) => factor.year === newest.get(factor.key))
      .sort((a, b) => a.item.localeCompare(b.item) || a.unit.localeCompare(b.unit) || a.key.localeCompare(b.key));
    const choices: FactorChoice[] = [];
    for (const current of latest) {
      choices.push({ factor: current, latest: true });
      const older = inCategory
        .filter((factor) => factor.key === current.key && factor.year !== current.year)
        .sort((a, b) => b.year - a.year);
      for (const factor of older) choices.push({ factor, latest: false });
    }
    return { category, label: CARBON_CATEGORY_LABELS[category], choices };
  }).filter((group) => group.choices.length > 0);
}

// ----- A project's lines -----

export interface NewCarbonLine {
  phase: CarbonPhase;
  factorId: string;
  quantityPerYear: number;
  note: string;
}

const PHASE_WORDS: Record<CarbonPhase, string> = { before: 'before', after: 'after' };

export async function addCarbonLine(ctx: Context, access: ProjectAccess, line: NewCarbonLine): Promise<CarbonFactor> {
  const project = access.project;
  const factor = await carbonRepository.findFactor(ctx.db, line.factorId);
  if (factor === undefined) throw new RuleError('Choose an item from the emission factor library', 'factorId');
  const accountClosed = {
    message: 'This project is closed, so its carbon account can no longer change',
    field: 'factorId',
  };
  await changeProject(ctx, project.id, {
    ifMissing: accountClosed,
    refuseUnless: [isActive(accountClosed)],
    change: async ({ tx }) => {
      const id = newId();
      await carbonRepository.insertCarbonLine(tx, {
        id,
        projectId: project.id,
        phase: line.phase,
        factorId: factor.id,
        quantityPerYear: line.quantityPerYear,
        note: line.note,
        createdAt: ctx.now,
      });
      return id;
    },
    audit: (id) => ({
      action: 'update',
      summary: `Added ${String(line.quantityPerYear)} ${factor.unit} a year of “${factor.item}” (${String(factor.year)} factor) ${PHASE_WORDS[line.phase]} the change to the carbon account of “${project.title}”`,
      after: { lineId: id, ...line },
    }),
  });
  return factor;
}

export async function removeCarbonLine(ctx: Context, access: ProjectAccess, lineId: string): Promise<StoredCarbonLine> {
  const project = access.project;
  const line = await carbonRepository.findCarbonLine(ctx.db, project.id, lineId);
  if (line === undefined) throw new NotFoundError();
  await changeProject(ctx, project.id, {
    change: async ({ tx }) => {
      if (!(await carbonRepository.deleteCarbonLine(tx, project.id, line.id))) throw new NotFoundError();
    },
    audit: () => ({
      action: 'update',
      summary: `Removed “${line.factor.item}” (${PHASE_WORDS[line.phase]} the change) from the carbon account of “${project.title}”`,
      before: {
        lineId: line.id,
        phase: line.phase,
        factorId: line.factor.id,
        quantityPerYear: line.quantityPerYear,
        note: line.note,
      },
    }),
  });
  return line;
}

// ----- The triple bottom line's other parts -----

export interface ProjectImpact {
  financialBeforeGbp: number | null;
  financialAfterGbp: number | null;
  socialImpact: string;
  patientOutcome: string;
}

/** Saves the costs and narratives; refused when the page was out of date (someone saved in between). */
export async function saveImpact(
  ctx: Context,
  access: ProjectAccess,
  impact: ProjectImpact,
  revision: number,
): Promise<ChangeProject> {
  const project = access.project;
  return changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('financialBefore')), atRevision(revision, 'financialBefore')],
    change: async ({ update }) => update({ ...impact }),
    audit: (_updated, current) => ({
      action: 'update',
      summary: `Changed the triple bottom line of “${project.title}”`,
      before: {
        financialBeforeGbp: current.financialBeforeGbp,
        financialAfterGbp: current.financialAfterGbp,
        socialImpact: current.socialImpact,
        patientOutcome: current.patientOutcome,
      },
      after: { ...impact },
    }),
  });
}

// ----- The library: import and export -----

/** The most rows one file may add: several years of the whole library. */
export const MAX_FACTOR_ROWS = 5000;

const READ_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: false } as const;

/**
 * A factor file's rows keyed by its header cells, as readFactorRows reads them. Blank lines are kept (as blank
 * rows, which the reader passes over) so that its row numbers are the spreadsheet's.
 */
export function readFactorFile(
  text: string,
): { ok: true; rows: Record<string, string>[] } | { ok: false; problems: CsvProblem[] } {
  let records: string[][];
  try {
    records = parse(text, READ_OPTIONS);
  } catch {
    return {
      ok: false,
      problems: [
        {
          row: 1,
          column: '',
          message: 'The file could not be read as CSV. Check quotation marks are closed, then save it as CSV again',
        },
      ],
    };
  }
  const [header, ...body] = records;
  if (header === undefined || header.every((cell) => cell.trim() === '')) {
    return { ok: false, problems: [{ row: 1, column: '', message: 'The file is empty' }] };
  }
  const rows = body.map((record) =>
    Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''] as const)),
  );
  const problems: CsvProblem[] = [];
  // A header the reader does not know leaves its column empty on every row: name it once, on the header row,
  // rather than on each row. The reader says "Enter …" only of an empty cell, and a "1" in every cell is
  // otherwise either right or wrong in another way.
  const probe = readFactorRows([Object.fromEntries(header.map((name) => [name, '1']))]).problems;
  for (const column of FACTOR_COLUMNS) {
    if (probe.some((problem) => problem.column === column && problem.message.startsWith('Enter'))) {
      problems.push({
        row: 1,
        column,
        message: `The column “${column}” is missing. Use the columns of the template: ${FACTOR_COLUMNS.join(', ')}`,
      });
    }
  }
  const filled = rows.filter((row) => Object.values(row).some((value) => value.trim() !== ''));
  if (problems.length === 0 && filled.length === 0) {
    problems.push({ row: 2, column: '', message: 'The file has a header row but no factors' });
  }
  if (filled.length > MAX_FACTOR_ROWS) {
    problems.push({
      row: MAX_FACTOR_ROWS + 2,
      column: '',
      message: `A file can have up to ${String(MAX_FACTOR_ROWS)} factors. Split it into smaller files`,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

export type FactorImportResult = { ok: true; count: number; years: number[] } | { ok: false; problems: CsvProblem[] };

/**
 * Adds a new year's factors from a CSV file: every row or none. A (key, year) already in the library is refused, so
 * no result worked out with it changes. Only the platform administrator may: the library is every region's.
 */
export async function importFactors(ctx: Context, text: string): Promise<FactorImportResult> {
  if (!isPlatformAdmin(ctx.principal)) throw new ForbiddenError();
  const file = readFactorFile(text);
  if (!file.ok) return file;
  return ctx.db.transaction(async (tx): Promise<FactorImportResult> => {
    // The pairs are read in the transaction that writes; two imports of one pair at the same instant would meet the
    // table's unique key, which refuses the second whole (an error page, not a changed factor).
    const read = readFactorRows(file.rows, await carbonRepository.factorKeys(tx));
    if (read.problems.length > 0) return { ok: false, problems: read.problems };
    await carbonRepository.insertFactors(
      tx,
      read.factors.map((factor) => ({ id: newId(), ...factor, createdBy: ctx.principal.userId, createdAt: ctx.now })),
    );
    const years = [...new Set(read.factors.map((factor) => factor.year))].sort((a, b) => a - b);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'import',
        entityType: 'carbon_factor',
        summary: `Added ${String(read.factors.length)} emission factor${read.factors.length === 1 ? '' : 's'} for ${years.join(', ')} to the library`,
        after: {
          count: read.factors.length,
          years,
          keys: read.factors.map((factor) => `${factor.key} ${String(factor.year)}`),
        },
      },
      ctx.now,
    );
    return { ok: true, count: read.factors.length, years };
  });
}

function factorRow(factor: CarbonFactorSeed): string[] {
  return [
    factor.key,
    factor.category,
    factor.item,
    factor.unit,
    String(factor.kgCo2ePerUnit),
    factor.source,
    String(factor.year),
  ];
}

/** The whole library as CSV, in the template's columns, so that a year's rows can be copied into the next year's file. */
export async function libraryCsv(db: Db): Promise<string> {
  const factors = await carbonRepository.listFactors(db);
  return writeCsv([[...FACTOR_COLUMNS], ...factors.map(factorRow)]);
}

/** The template: the columns and one example row, for the year after the library's newest. */
export async function templateCsv(db: Db): Promise<string> {
  const [newest] = await carbonRepository.factorYears(db);
  const year = (newest ?? 2025) + 1;
  return writeCsv([
    [...FACTOR_COLUMNS],
    factorRow({
      key: 'inhaler-dry-powder',
      category: 'inhalers',
      item: 'Dry-powder inhaler (e.g. Easyhaler, Accuhaler, Turbohaler)',
      unit: 'inhaler',
      kgCo2ePerUnit: 0.8,
      source: 'The publication, its table or sheet, and its year',
      year,
    }),
  ]);
}
