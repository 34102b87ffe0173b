import { stringify } from 'csv-stringify/sync';
import {
  readCsvTable,
  safeCell,
  writeCsv,
  type CsvProblem,
  type CsvReadResult,
  type CsvRow as SharedCsvRow,
} from '../../../shared/csv.ts';
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

export type CsvRow = SharedCsvRow<CsvColumn>;
export type ReadResult = CsvReadResult<CsvColumn>;
export { safeCell, type CsvProblem };

/** Reads an uploaded CSV file into rows keyed by column, or says what is wrong with its shape. */
export function readCsv(text: string): ReadResult {
  return readCsvTable(text, {
    columns: CSV_COLUMNS,
    required: REQUIRED_COLUMNS,
    ignored: IGNORED_COLUMNS,
    maxRows: MAX_IMPORT_ROWS,
    rowsAre: 'organisations',
  });
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
  return writeCsv(rows);
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
