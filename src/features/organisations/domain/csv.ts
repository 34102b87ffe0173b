import { parse, type Options } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { organisationFields, siteFields, type OrganisationFields, type SiteFields } from './fields.ts';
import {
  kindFromText,
  nameKey,
  normaliseOdsCode,
  normaliseWebsite,
  ORGANISATION_KINDS,
  yesNoFromText,
  type OrganisationKind,
} from './organisation.ts';

/** The spreadsheet's columns, in order: the import reads them and the export and template write them. */
export const CSV_COLUMNS = [
  'name',
  'kind',
  'nhs',
  'placement_provider',
  'ods_code',
  'website',
  'site_name',
  'site_address_line_1',
  'site_address_line_2',
  'site_town',
  'site_postcode',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** An export also says each row's region; an import reads everything into the region chosen, so ignores it. */
const IGNORED_COLUMNS = ['region'];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['name', 'kind', 'nhs', 'placement_provider'];
const SITE_COLUMNS: readonly CsvColumn[] = [
  'site_name',
  'site_address_line_1',
  'site_address_line_2',
  'site_town',
  'site_postcode',
];
export const MAX_IMPORT_ROWS = 5000;

/** One problem with an uploaded file. Row 1 is the header row, as a spreadsheet numbers it. */
export interface CsvProblem {
  row: number;
  column: string;
  message: string;
}

export interface CsvRow {
  row: number;
  cells: Record<CsvColumn, string>;
}

export type ReadResult = { ok: true; rows: CsvRow[] } | { ok: false; problems: CsvProblem[] };

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) is written with an
 * apostrophe in front, so that opening an export never runs anything.
 */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes safeCell, so that an exported file imports as it was. */
function unguard(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function isCsvColumn(name: string): name is CsvColumn {
  return (CSV_COLUMNS as readonly string[]).includes(name);
}

const READ_OPTIONS: Options = { bom: true, relax_column_count: true, skip_empty_lines: false };

/** Reads an uploaded CSV file into rows keyed by column, or says what is wrong with its shape. */
export function readCsv(text: string): ReadResult {
  let records: string[][];
  try {
    records = parse(text, READ_OPTIONS);
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : 1;
    return {
      ok: false,
      problems: [
        {
          row: Number.isFinite(line) ? line : 1,
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
  const problems: CsvProblem[] = [];
  const names = header.map(columnName);
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === '' && body.every((record) => (record[index] ?? '').trim() === '')) return;
    if (!isCsvColumn(name) && !IGNORED_COLUMNS.includes(name)) {
      problems.push({
        row: 1,
        column: header[index] ?? '',
        message: `"${header[index] ?? ''}" is not a column this import knows. Use the columns in the template`,
      });
    } else if (seen.has(name)) {
      problems.push({ row: 1, column: name, message: `The column ${name} appears more than once` });
    }
    seen.add(name);
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!seen.has(required)) problems.push({ row: 1, column: required, message: `The column ${required} is missing` });
  }
  const dataRows = body.filter((record) => record.some((cell) => cell.trim() !== ''));
  if (problems.length === 0 && dataRows.length === 0) {
    problems.push({ row: 2, column: '', message: 'The file has a header row but no organisations' });
  }
  if (dataRows.length > MAX_IMPORT_ROWS) {
    problems.push({
      row: MAX_IMPORT_ROWS + 2,
      column: '',
      message: `A file can have up to ${MAX_IMPORT_ROWS} rows. Split it into smaller files`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const rows: CsvRow[] = [];
  body.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const cells = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ''])) as Record<CsvColumn, string>;
    names.forEach((name, column) => {
      if (isCsvColumn(name)) cells[name] = unguard(record[column] ?? '').trim();
    });
    rows.push({ row: index + 2, cells });
  });
  return { ok: true, rows };
}

/** An organisation already in the region, which rows may add sites to. */
export interface ExistingOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  isNhs: boolean;
  isPlacementProvider: boolean;
  odsCode: string | null;
  website: string | null;
}

export interface PlannedOrganisation {
  key: string;
  row: number;
  fields: OrganisationFields;
}

export interface PlannedSite {
  row: number;
  /** The organisation's key (nameKey of its name), whether new in this file or already in the region. */
  organisationKey: string;
  existingOrganisationId: string | null;
  fields: SiteFields;
}

export type ImportPlan =
  { ok: true; organisations: PlannedOrganisation[]; sites: PlannedSite[] } | { ok: false; problems: CsvProblem[] };

const ORGANISATION_COLUMN: Record<string, CsvColumn> = {
  name: 'name',
  kind: 'kind',
  isNhs: 'nhs',
  isPlacementProvider: 'placement_provider',
  odsCode: 'ods_code',
  website: 'website',
};
const SITE_COLUMN: Record<string, CsvColumn> = {
  name: 'site_name',
  addressLine1: 'site_address_line_1',
  addressLine2: 'site_address_line_2',
  town: 'site_town',
  postcode: 'site_postcode',
};

function issuesToProblems(row: number, error: z.ZodError, columns: Record<string, CsvColumn>): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const done = new Set<string>();
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (done.has(field)) continue;
    done.add(field);
    problems.push({ row, column: columns[field] ?? field, message: issue.message });
  }
  return problems;
}

const KIND_CHOICES = ORGANISATION_KINDS.join(', ');

interface Known {
  row: number | null;
  existingId: string | null;
  kind: OrganisationKind;
  isNhs: boolean;
  isPlacementProvider: boolean;
  odsCode: string | null;
  website: string | null;
}

/** A row naming an organisation already known may repeat its details, but may not contradict them. */
function contradictions(row: CsvRow, known: Known, name: string): CsvProblem[] {
  const where =
    known.row === null ? `${name} is already in this region` : `${name} is in row ${String(known.row)} of this file`;
  const problems: CsvProblem[] = [];
  const check = (column: CsvColumn, same: boolean) => {
    if (row.cells[column] !== '' && !same) {
      problems.push({
        row: row.row,
        column,
        message: `${where} with a different ${column.replace(/_/g, ' ')}. Leave it blank to add a site to it`,
      });
    }
  };
  check('kind', kindFromText(row.cells.kind) === known.kind);
  check('nhs', yesNoFromText(row.cells.nhs) === known.isNhs);
  check('placement_provider', yesNoFromText(row.cells.placement_provider) === known.isPlacementProvider);
  check('ods_code', normaliseOdsCode(row.cells.ods_code) === known.odsCode);
  check('website', normaliseWebsite(row.cells.website) === known.website);
  if (SITE_COLUMNS.every((column) => row.cells[column] === '')) {
    problems.push({
      row: row.row,
      column: 'site_name',
      message: `${where}. To add a site to it, fill in the site columns; otherwise remove this row`,
    });
  }
  return problems;
}

/**
 * Works out what a file would add: new organisations, and sites for them or for organisations already in the
 * region. Every problem is reported at once, with its row and column, so that the file can be fixed in one go.
 */
export function planImport(rows: readonly CsvRow[], existing: readonly ExistingOrganisation[]): ImportPlan {
  const known = new Map<string, Known>();
  for (const organisation of existing) {
    known.set(nameKey(organisation.name), { ...organisation, row: null, existingId: organisation.id });
  }
  const problems: CsvProblem[] = [];
  const organisations: PlannedOrganisation[] = [];
  const sites: PlannedSite[] = [];
  for (const row of rows) {
    const { cells } = row;
    const key = nameKey(cells.name);
    const before = problems.length;
    const previous = key === '' ? undefined : known.get(key);
    if (previous !== undefined) {
      problems.push(...contradictions(row, previous, cells.name));
    } else {
      const kind = kindFromText(cells.kind);
      const isNhs = yesNoFromText(cells.nhs);
      const isPlacementProvider = yesNoFromText(cells.placement_provider);
      const parsed = organisationFields.safeParse({
        name: cells.name,
        kind: kind ?? 'other',
        isNhs: isNhs === false ? 'no' : 'yes',
        isPlacementProvider: isPlacementProvider === false ? 'no' : 'yes',
        odsCode: cells.ods_code,
        website: cells.website,
      });
      if (!parsed.success) problems.push(...issuesToProblems(row.row, parsed.error, ORGANISATION_COLUMN));
      if (kind === null) {
        problems.push({
          row: row.row,
          column: 'kind',
          message:
            cells.kind === '' ? `Enter the kind, one of: ${KIND_CHOICES}` : `Kind must be one of: ${KIND_CHOICES}`,
        });
      }
      if (isNhs === null) problems.push({ row: row.row, column: 'nhs', message: 'Enter yes or no for nhs' });
      if (isPlacementProvider === null) {
        problems.push({
          row: row.row,
          column: 'placement_provider',
          message: 'Enter yes or no for placement_provider',
        });
      }
      if (parsed.success && problems.length === before) {
        organisations.push({ key, row: row.row, fields: parsed.data });
        known.set(key, { ...parsed.data, row: row.row, existingId: null });
      }
    }
    if (SITE_COLUMNS.some((column) => cells[column] !== '')) {
      const site = siteFields.safeParse({
        name: cells.site_name,
        addressLine1: cells.site_address_line_1,
        addressLine2: cells.site_address_line_2,
        town: cells.site_town,
        postcode: cells.site_postcode,
      });
      if (!site.success) problems.push(...issuesToProblems(row.row, site.error, SITE_COLUMN));
      else if (problems.length === before) {
        sites.push({
          row: row.row,
          organisationKey: key,
          existingOrganisationId: previous?.existingId ?? null,
          fields: site.data,
        });
      }
    }
  }
  problems.sort(
    (a, b) => a.row - b.row || CSV_COLUMNS.indexOf(a.column as CsvColumn) - CSV_COLUMNS.indexOf(b.column as CsvColumn),
  );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, organisations, sites };
}

/** One organisation and its sites, as the export writes them. */
export interface ExportOrganisation {
  name: string;
  kind: OrganisationKind;
  isNhs: boolean;
  isPlacementProvider: boolean;
  odsCode: string | null;
  website: string | null;
  regionName: string;
  sites: {
    name: string;
    addressLine1: string;
    addressLine2: string | null;
    town: string;
    postcode: string;
  }[];
}

/** A CSV file: the import's columns and a region column, a row per site (or one per organisation without sites). */
export function exportCsv(organisations: readonly ExportOrganisation[]): string {
  const rows: string[][] = [[...CSV_COLUMNS, 'region']];
  for (const organisation of organisations) {
    const base = [
      organisation.name,
      organisation.kind,
      organisation.isNhs ? 'yes' : 'no',
      organisation.isPlacementProvider ? 'yes' : 'no',
      organisation.odsCode ?? '',
      organisation.website ?? '',
    ];
    const sites = organisation.sites.length > 0 ? organisation.sites : [null];
    for (const site of sites) {
      rows.push([
        ...base,
        site?.name ?? '',
        site?.addressLine1 ?? '',
        site?.addressLine2 ?? '',
        site?.town ?? '',
        site?.postcode ?? '',
        organisation.regionName,
      ]);
    }
  }
  return stringify(rows.map((row) => row.map(safeCell)));
}

/** The template offered for download: the columns and two example rows. */
export function templateCsv(): string {
  return stringify([
    [...CSV_COLUMNS],
    [
      'Example Community Health NHS Trust',
      'community_trust',
      'yes',
      'yes',
      'RXX',
      'https://www.example.nhs.uk',
      'Example Health Centre',
      '1 High Street',
      '',
      'Cambridge',
      'CB1 1AA',
    ],
    ['Example Community Health NHS Trust', '', '', '', '', '', 'Example Clinic', '2 Mill Road', '', 'Ely', 'CB7 4AA'],
  ]);
}
