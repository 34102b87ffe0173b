/**
 * A change project's carbon accounting: what a year of care emitted before the change and after it, line by line on
 * cited factors (carbon-factors.ts), and the SusQI triple bottom line built on it (DOMAIN.md, "Change projects").
 * Pure: plain data in, plain data out; the factors come from the library the database keeps.
 */
import type { CsvProblem } from '../../../shared/csv.ts';
import {
  CARBON_CATEGORIES,
  CARBON_CATEGORY_LABELS,
  type CarbonCategory,
  type CarbonFactorSeed,
} from './carbon-factors.ts';

export { CARBON_CATEGORIES, CARBON_CATEGORY_LABELS, type CarbonCategory, type CarbonFactorSeed };

/** A factor as the library holds it. */
export interface CarbonFactor extends CarbonFactorSeed {
  id: string;
}

export const CARBON_PHASES = ['before', 'after'] as const;
export type CarbonPhase = (typeof CARBON_PHASES)[number];

/** One line of a project's carbon account: so many units a year of one factor's item, before or after the change. */
export interface CarbonLine {
  id?: string;
  phase: CarbonPhase;
  factor: CarbonFactor;
  quantityPerYear: number;
  note?: string;
}

/** The kgCO2e a year of one line. */
export function lineKg(line: CarbonLine): number {
  return line.quantityPerYear * line.factor.kgCo2ePerUnit;
}

export interface CategoryComparison {
  category: CarbonCategory;
  label: string;
  beforeKg: number;
  afterKg: number;
  savingKg: number;
}

export interface CarbonComparison {
  /** kgCO2e a year before the change. */
  beforeKg: number;
  /** kgCO2e a year after the change. */
  afterKg: number;
  /** before − after: positive when the change saves carbon, negative when it adds some. */
  savingKg: number;
  /** The saving as a percentage of before; null when there was nothing before to compare with. */
  savingPercent: number | null;
  /** The categories with emissions in either phase, in the library's order. */
  byCategory: CategoryComparison[];
  /** The years of the factors used, oldest first, so that a page can say "factors of 2024 and 2025". */
  factorYears: number[];
}

/**
 * Totals before and after a change, a year at a time. A line of zero quantity counts for nothing: it adds no
 * category and no factor year.
 */
export function carbonComparison(lines: readonly CarbonLine[]): CarbonComparison {
  const totals = new Map<CarbonCategory, { before: number; after: number }>();
  const years = new Set<number>();
  let beforeKg = 0;
  let afterKg = 0;
  for (const line of lines) {
    const kg = lineKg(line);
    if (kg === 0) continue;
    years.add(line.factor.year);
    const total = totals.get(line.factor.category) ?? { before: 0, after: 0 };
    if (line.phase === 'before') {
      total.before += kg;
      beforeKg += kg;
    } else {
      total.after += kg;
      afterKg += kg;
    }
    totals.set(line.factor.category, total);
  }
  const savingKg = beforeKg - afterKg;
  const byCategory: CategoryComparison[] = [];
  for (const category of CARBON_CATEGORIES) {
    const total = totals.get(category);
    if (total === undefined) continue;
    byCategory.push({
      category,
      label: CARBON_CATEGORY_LABELS[category],
      beforeKg: total.before,
      afterKg: total.after,
      savingKg: total.before - total.after,
    });
  }
  return {
    beforeKg,
    afterKg,
    savingKg,
    savingPercent: beforeKg === 0 ? null : (savingKg / beforeKg) * 100,
    byCategory,
    factorYears: [...years].sort((a, b) => a - b),
  };
}

export interface TripleBottomLineInput {
  lines: readonly CarbonLine[];
  /** £ a year before and after the change; null where the team has not costed it. */
  financialBeforeGbp: number | null;
  financialAfterGbp: number | null;
  /** The social impact in the team's words: staff, patients, carers, communities. */
  social: string | null;
  /** The outcomes for patients and populations, in the team's words or with their measure. */
  patientOutcome: string | null;
}

/** The parts of SusQI's sustainable value, outcomes ÷ (environmental + social + financial impacts). */
export interface SustainableValue {
  /** The numerator: outcomes for patients and populations. */
  outcomes: string | null;
  /** kgCO2e a year saved; null when the project has no carbon lines. */
  environmentalSavingKg: number | null;
  /** £ a year saved; null until both costs are given. */
  financialSavingGbp: number | null;
  social: string | null;
  /**
   * The parts still to give, in the order SusQI names them. Social impact and outcomes are told in words, so the
   * parts are shown side by side, never divided into one made-up number.
   */
  missing: ('outcomes' | 'environmental' | 'social' | 'financial')[];
}

export interface TripleBottomLine {
  environmental: CarbonComparison;
  financial: { beforeGbp: number; afterGbp: number; savingGbp: number } | null;
  social: string | null;
  patientOutcome: string | null;
  sustainableValue: SustainableValue;
}

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The SusQI triple bottom line (environmental, financial, social) beside the outcomes for patients. */
export function tripleBottomLine(input: TripleBottomLineInput): TripleBottomLine {
  const environmental = carbonComparison(input.lines);
  const financial =
    input.financialBeforeGbp === null || input.financialAfterGbp === null
      ? null
      : {
          beforeGbp: input.financialBeforeGbp,
          afterGbp: input.financialAfterGbp,
          savingGbp: input.financialBeforeGbp - input.financialAfterGbp,
        };
  const social = text(input.social);
  const patientOutcome = text(input.patientOutcome);
  const hasCarbon = input.lines.some((line) => lineKg(line) !== 0);
  const missing: SustainableValue['missing'] = [];
  if (patientOutcome === null) missing.push('outcomes');
  if (!hasCarbon) missing.push('environmental');
  if (social === null) missing.push('social');
  if (financial === null) missing.push('financial');
  return {
    environmental,
    financial,
    social,
    patientOutcome,
    sustainableValue: {
      outcomes: patientOutcome,
      environmentalSavingKg: hasCarbon ? environmental.savingKg : null,
      financialSavingGbp: financial?.savingGbp ?? null,
      social,
      missing,
    },
  };
}

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string };

/** Digits with commas between groups of three ("1,200", "12,345.5") or none ("1200"), and an optional decimal part. */
const NUMBER = /^(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)$/;

/**
 * Reads a number as people type it: spaces around it, commas between thousands, a decimal point. A quantity is 0 or
 * more. `what` names the field in messages ("the quantity", "the factor").
 */
export function readQuantity(input: string, what = 'the quantity'): QuantityResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, message: `Enter ${what}` };
  if (trimmed.startsWith('-') && NUMBER.test(trimmed.slice(1).trim())) {
    return { ok: false, message: `${capitalised(what)} must be 0 or more` };
  }
  if (!NUMBER.test(trimmed)) {
    return { ok: false, message: `Enter ${what} as a number, like 1,200 or 3.5` };
  }
  const value = Number(trimmed.replace(/,/g, ''));
  if (!Number.isFinite(value)) return { ok: false, message: `${capitalised(what)} is too large` };
  return { ok: true, value };
}

function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The columns of a factor spreadsheet, as messages name them. */
export const FACTOR_COLUMNS = ['key', 'category', 'item', 'unit', 'kgCO2e per unit', 'source', 'year'] as const;
export type FactorColumn = (typeof FACTOR_COLUMNS)[number];

/** Header names as people write them, compared without case, spaces or punctuation. */
const FACTOR_HEADERS: Record<FactorColumn, readonly string[]> = {
  key: ['key', 'factorkey', 'slug'],
  category: ['category', 'type'],
  item: ['item', 'name', 'description'],
  unit: ['unit', 'units', 'uom', 'unitofmeasure'],
  'kgCO2e per unit': [
    'kgco2eperunit',
    'kgco2e',
    'kgco2eunit',
    'factor',
    'emissionfactor',
    'conversionfactor',
    'co2eperunit',
    'kgco2eq',
    'kgco2eqperunit',
  ],
  source: ['source', 'reference', 'citation'],
  year: ['year', 'factoryear'],
};

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function columnOf(header: string): FactorColumn | null {
  const wanted = headerKey(header);
  for (const column of FACTOR_COLUMNS) {
    if (FACTOR_HEADERS[column].includes(wanted)) return column;
  }
  return null;
}

function slugOf(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A category by its key or its label, whatever the case: "anaesthetic-gases", "Anaesthetic gases". */
export function categoryFromText(text: string): CarbonCategory | null {
  const slug = slugOf(text);
  return CARBON_CATEGORIES.find((category) => category === slug) ?? null;
}

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const FIRST_FACTOR_YEAR = 1990;
export const LAST_FACTOR_YEAR = 2100;

export interface FactorRowsResult {
  factors: CarbonFactorSeed[];
  problems: CsvProblem[];
}

/**
 * Reads a new year's factors from a spreadsheet's rows (keyed by its header cells, as a CSV reader gives them).
 * Row 1 is the header, so the first data row is row 2. Every problem is given with its row and column, so that a
 * file can be put right in one go; only rows with no problem become factors. `existing` is the library's (key,
 * year) pairs: a factor already in the library is never changed, since old results were worked out with it.
 */
export function readFactorRows(
  rows: readonly Record<string, string>[],
  existing: readonly { key: string; year: number }[] = [],
): FactorRowsResult {
  const problems: CsvProblem[] = [];
  const factors: CarbonFactorSeed[] = [];
  const inLibrary = new Set(existing.map((factor) => `${factor.key} ${String(factor.year)}`));
  const seen = new Map<string, number>();
  const categories = CARBON_CATEGORIES.map((category) => CARBON_CATEGORY_LABELS[category]).join(', ');

  rows.forEach((record, index) => {
    const row = index + 2;
    const cells: Partial<Record<FactorColumn, string>> = {};
    for (const [header, value] of Object.entries(record)) {
      const column = columnOf(header);
      if (column !== null && cells[column] === undefined) cells[column] = value.trim();
    }
    if (Object.values(record).every((value) => value.trim() === '')) return;
    const before = problems.length;
    const problem = (column: FactorColumn, message: string) => problems.push({ row, column, message });
    const cell = (column: FactorColumn) => cells[column] ?? '';

    const key = cell('key').toLowerCase();
    if (key === '') problem('key', 'Enter the key, like travel-car-average-km');
    else if (!KEY.test(key)) {
      problem('key', 'The key must be lower-case letters and digits joined by hyphens, like travel-car-average-km');
    }

    const category = categoryFromText(cell('category'));
    if (cell('category') === '') problem('category', `Enter the category, one of: ${categories}`);
    else if (category === null) problem('category', `The category must be one of: ${categories}`);

    const item = cell('item');
    if (item === '') problem('item', 'Enter the item, like "Car, average size, fuel unknown"');
    const unit = cell('unit');
    if (unit === '') problem('unit', 'Enter the unit, like km, kWh, kg or inhaler');

    const factor = readQuantity(cell('kgCO2e per unit'), 'the kgCO2e per unit');
    if (!factor.ok) problem('kgCO2e per unit', factor.message);

    const source = cell('source');
    if (source === '') {
      problem(
        'source',
        'Enter the source: the publication, its table or sheet and its year, so the figure can be checked',
      );
    }

    const yearText = cell('year');
    const year = Number(yearText);
    if (yearText === '') problem('year', 'Enter the year of the factor, like 2025');
    else if (!/^\d{4}$/.test(yearText) || year < FIRST_FACTOR_YEAR || year > LAST_FACTOR_YEAR) {
      problem(
        'year',
        `The year must be a 4-digit year from ${String(FIRST_FACTOR_YEAR)} to ${String(LAST_FACTOR_YEAR)}`,
      );
    }

    if (KEY.test(key) && /^\d{4}$/.test(yearText)) {
      const pair = `${key} ${yearText}`;
      const earlier = seen.get(pair);
      if (earlier !== undefined) {
        problem('key', `${key} for ${yearText} is already in row ${String(earlier)} of this file`);
      } else {
        seen.set(pair, row);
        if (inLibrary.has(pair)) {
          problem(
            'key',
            `${key} for ${yearText} is already in the library. A year's factors are not changed, because results ` +
              'were worked out with them: add the new figure under the next year',
          );
        }
      }
    }

    if (problems.length === before && category !== null && factor.ok) {
      factors.push({ key, category, item, unit, kgCo2ePerUnit: factor.value, source, year });
    }
  });
  return { factors, problems };
}

const TONNES_FROM_KG = 10_000;

function formatted(value: number, maximumFractionDigits: number): string {
  const rounded = Number(value.toFixed(maximumFractionDigits)) + 0;
  return rounded.toLocaleString('en-GB', { maximumFractionDigits, minimumFractionDigits: 0 });
}

/**
 * kgCO2e for people to read. Under 10 kg: up to 2 decimal places ("0.03 kgCO2e", "2.5 kgCO2e"); under 1,000 kg:
 * up to 1 ("123.4 kgCO2e"); under 10 tonnes: whole kilograms ("1,234 kgCO2e"); from 10 tonnes: tonnes to 1 decimal
 * place ("12.3 tCO2e"). Negative amounts (an increase) keep their sign.
 */
export function formatKg(kg: number): string {
  const size = Math.abs(kg);
  if (Math.round(size) >= TONNES_FROM_KG) return `${formatted(kg / 1000, 1)} tCO2e`;
  if (size >= 999.95) return `${formatted(kg, 0)} kgCO2e`;
  if (size >= 9.995) return `${formatted(kg, 1)} kgCO2e`;
  return `${formatted(kg, 2)} kgCO2e`;
}
