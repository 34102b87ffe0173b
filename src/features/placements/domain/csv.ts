import { stringify } from 'csv-stringify/sync';
import {
  readCsvTable,
  safeCell,
  writeCsv,
  type CsvProblem,
  type CsvReadResult,
  type CsvRow as SharedCsvRow,
} from '../../../shared/csv.ts';
import { dayNumber } from '../../../shared/dates.ts';
import { placementFields, postFields, type PlacementValues, type PostFields } from './fields.ts';
import {
  checkRotation,
  FULL_TIME_SESSIONS,
  placementProblems,
  SETTING_LABELS,
  SETTINGS,
  type RotationPlacement,
  type Setting,
  type YearSpan,
} from './rotation.ts';

/**
 * Posts and placements as a spreadsheet: one row per placement. Rows with the same post_code make one post; the
 * post columns of its first row describe it and later rows repeat them or leave them blank.
 *
 * Decisions, so that an import is predictable:
 * - an import only adds posts: a post code already in the programme year is refused (change existing posts in the
 *   app), so that importing the same file twice never doubles or silently changes anything;
 * - organisations, sites and supervisors are matched by name (email for supervisors) within the programme year's
 *   region only, never created;
 * - a placement's own problems (dates outside the year, start after end, sessions outside 1 to 10) are errors, as
 *   in the placement form; whole-rotation problems (a gap in the year, more than a full-time week, fewer than two
 *   settings) are warnings shown after the import, because the app lets a rotation be built step by step;
 * - a row whose placement columns are all blank adds the post without a placement.
 */
export const CSV_COLUMNS = [
  'post_code',
  'post_title',
  'lead_employer',
  'capacity',
  'placement_organisation',
  'placement_site',
  'setting',
  'specialty',
  'starts_on',
  'ends_on',
  'sessions_per_week',
  'clinical_supervisor_email',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const OPTIONAL_COLUMNS: readonly CsvColumn[] = ['placement_site', 'clinical_supervisor_email'];
const REQUIRED_COLUMNS = CSV_COLUMNS.filter((column) => !OPTIONAL_COLUMNS.includes(column));
const POST_COLUMNS = ['post_title', 'lead_employer', 'capacity'] as const;
const PLACEMENT_COLUMNS: readonly CsvColumn[] = [
  'placement_organisation',
  'placement_site',
  'setting',
  'specialty',
  'starts_on',
  'ends_on',
  'sessions_per_week',
  'clinical_supervisor_email',
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
    maxRows: MAX_IMPORT_ROWS,
    rowsAre: 'posts',
  });
}

/** How names are compared: case, spacing and curly apostrophes do not matter. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
}

/** A setting's code (acute_hospital) or label (Acute hospital), in any case. */
export function settingFromText(text: string): Setting | null {
  const key = nameKey(text);
  const code = key.replace(/[\s-]+/g, '_');
  return SETTINGS.find((setting) => setting === code || nameKey(SETTING_LABELS[setting]) === key) ?? null;
}

/** A date as YYYY-MM-DD or DD/MM/YYYY (what a UK spreadsheet shows), as 'YYYY-MM-DD', or null. */
export function dateFromText(text: string): string | null {
  const value = text.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso =
    uk === null ? value : `${uk[3] ?? ''}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}`;
  return dayNumber(iso) === null ? null : iso;
}

/** What the file is checked against: the programme year and what its region already holds. */
export interface ImportReference {
  year: YearSpan & { name: string };
  regionName: string;
  organisations: readonly { id: string; name: string }[];
  sites: readonly { id: string; organisationId: string; name: string }[];
  supervisors: readonly { id: string; email: string }[];
  existingPostCodes: readonly string[];
}

export interface PlannedPlacement {
  row: number;
  values: PlacementValues;
}

export interface PlannedPost {
  row: number;
  fields: PostFields;
  placements: PlannedPlacement[];
}

/** A whole-rotation problem of an imported post: the post is imported, and its page says what to finish. */
export interface ImportWarning {
  row: number;
  postCode: string;
  message: string;
}

export type ImportPlan =
  | { ok: true; posts: PlannedPost[]; placements: number; warnings: ImportWarning[] }
  | { ok: false; problems: CsvProblem[] };

interface PostSeen {
  row: number;
  title: string;
  leadEmployer: string;
  capacity: string;
  plan: PlannedPost | null;
}

const DATE_FORMAT = 'like 2026-08-01 or 01/08/2026';
const SETTING_CHOICES = SETTINGS.join(', ');
const PLACEMENT_FIELD_COLUMN: Record<string, CsvColumn> = {
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  sessionsPerWeek: 'sessions_per_week',
};

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'This value is not valid';
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T | null> {
  const map = new Map<string, T | null>();
  for (const item of items) {
    const k = key(item);
    // null marks a name two records share: a row naming it cannot say which one it means.
    map.set(k, map.has(k) ? null : item);
  }
  return map;
}

/**
 * Works out what a file would add to a programme year: new posts and their placements. Every problem is reported
 * at once, with its row and column, so that the file can be fixed in one go; nothing is planned unless every row
 * is right.
 */
export function planImport(rows: readonly CsvRow[], reference: ImportReference): ImportPlan {
  const organisations = uniqueBy(reference.organisations, (organisation) => nameKey(organisation.name));
  const sites = uniqueBy(reference.sites, (site) => `${site.organisationId}\u0000${nameKey(site.name)}`);
  const supervisors = uniqueBy(reference.supervisors, (supervisor) => nameKey(supervisor.email));
  const existing = new Set(reference.existingPostCodes.map((code) => code.toUpperCase()));
  const problems: CsvProblem[] = [];
  const seen = new Map<string, PostSeen>();
  const planned: PlannedPost[] = [];

  const organisationNamed = (row: number, column: CsvColumn, name: string, what: string) => {
    if (name === '') {
      problems.push({ row, column, message: `Enter the ${what}, an organisation in ${reference.regionName}` });
      return undefined;
    }
    const found = organisations.get(nameKey(name));
    if (found === undefined) {
      problems.push({
        row,
        column,
        message: `There is no organisation called ${name} in ${reference.regionName}. Use its name as Breadth shows it, or add it first`,
      });
    } else if (found === null) {
      problems.push({
        row,
        column,
        message: `More than one organisation in ${reference.regionName} is called ${name}`,
      });
    }
    return found ?? undefined;
  };

  for (const row of rows) {
    const { cells } = row;
    const problemsBefore = problems.length;
    const code = postFields.shape.code.safeParse(cells.post_code);
    let post: PostSeen | undefined;
    if (!code.success) {
      problems.push({ row: row.row, column: 'post_code', message: firstMessage(code) });
    } else {
      post = seen.get(code.data);
      if (post === undefined) {
        post = {
          row: row.row,
          title: cells.post_title,
          leadEmployer: nameKey(cells.lead_employer),
          capacity: cells.capacity.replace(/^0+(?=\d)/, ''),
          plan: null,
        };
        seen.set(code.data, post);
        if (existing.has(code.data)) {
          problems.push({
            row: row.row,
            column: 'post_code',
            message: `Post ${code.data} already exists in ${reference.year.name}. An import only adds new posts: change existing ones in Breadth, or use another code`,
          });
        }
        const title = postFields.shape.title.safeParse(cells.post_title);
        if (!title.success) problems.push({ row: row.row, column: 'post_title', message: firstMessage(title) });
        const employer = organisationNamed(row.row, 'lead_employer', cells.lead_employer, 'lead employer');
        const capacity = postFields.shape.capacity.safeParse(cells.capacity);
        if (!capacity.success) problems.push({ row: row.row, column: 'capacity', message: firstMessage(capacity) });
        if (title.success && capacity.success && employer !== undefined && !existing.has(code.data)) {
          post.plan = {
            row: row.row,
            fields: { code: code.data, title: title.data, leadEmployerId: employer.id, capacity: capacity.data },
            placements: [],
          };
          planned.push(post.plan);
        }
      } else {
        const first = post;
        const differs: Record<(typeof POST_COLUMNS)[number], boolean> = {
          post_title: cells.post_title.trim() !== first.title.trim(),
          lead_employer: nameKey(cells.lead_employer) !== first.leadEmployer,
          capacity: cells.capacity.replace(/^0+(?=\d)/, '') !== first.capacity,
        };
        for (const column of POST_COLUMNS) {
          if (cells[column] !== '' && differs[column]) {
            problems.push({
              row: row.row,
              column,
              message: `Post ${code.data} is in row ${String(first.row)} of this file with a different ${column.replace(/_/g, ' ')}. Make them the same, or leave it blank`,
            });
          }
        }
      }
    }

    if (PLACEMENT_COLUMNS.every((column) => cells[column] === '')) continue;

    const provider = organisationNamed(
      row.row,
      'placement_organisation',
      cells.placement_organisation,
      'placement provider',
    );
    let siteId: string | null = null;
    if (cells.placement_site !== '' && provider !== undefined) {
      const site = sites.get(`${provider.id}\u0000${nameKey(cells.placement_site)}`);
      if (site === undefined) {
        problems.push({
          row: row.row,
          column: 'placement_site',
          message: `${provider.name} has no site called ${cells.placement_site}. Use a site name as Breadth shows it, or leave it blank`,
        });
      } else if (site === null) {
        problems.push({
          row: row.row,
          column: 'placement_site',
          message: `${provider.name} has more than one site called ${cells.placement_site}`,
        });
      } else {
        siteId = site.id;
      }
    }
    const setting = settingFromText(cells.setting);
    if (setting === null) {
      problems.push({
        row: row.row,
        column: 'setting',
        message:
          cells.setting === ''
            ? `Enter the setting, one of: ${SETTING_CHOICES}`
            : `Setting must be one of: ${SETTING_CHOICES}`,
      });
    }
    const specialty = placementFields.shape.specialty.safeParse(cells.specialty);
    if (!specialty.success) problems.push({ row: row.row, column: 'specialty', message: firstMessage(specialty) });
    const dates = (['starts_on', 'ends_on'] as const).map((column) => {
      const what = column === 'starts_on' ? 'start date' : 'end date';
      const value = dateFromText(cells[column]);
      if (value === null) {
        problems.push({
          row: row.row,
          column,
          message:
            cells[column] === ''
              ? `Enter the ${what}, ${DATE_FORMAT}`
              : `The ${what} must be a real date, ${DATE_FORMAT}`,
        });
      }
      return value;
    });
    const [startsOn, endsOn] = dates;
    const sessionsText = cells.sessions_per_week;
    const sessions = /^\d{1,3}$/.test(sessionsText) ? Number(sessionsText) : null;
    if (sessions === null || sessions < 1 || sessions > FULL_TIME_SESSIONS) {
      problems.push({
        row: row.row,
        column: 'sessions_per_week',
        message:
          sessionsText === ''
            ? 'Enter the sessions a week, like 2'
            : `Sessions a week must be a whole number from 1 to ${String(FULL_TIME_SESSIONS)} (a full-time week is ${String(FULL_TIME_SESSIONS)} sessions)`,
      });
    }
    let supervisorId: string | null = null;
    if (cells.clinical_supervisor_email !== '') {
      const supervisor = supervisors.get(nameKey(cells.clinical_supervisor_email));
      if (supervisor === undefined || supervisor === null) {
        problems.push({
          row: row.row,
          column: 'clinical_supervisor_email',
          message: `No clinical or educational supervisor in ${reference.regionName} has the email ${cells.clinical_supervisor_email}. Leave it blank if not known yet`,
        });
      } else {
        supervisorId = supervisor.id;
      }
    }
    if (startsOn !== null && startsOn !== undefined && endsOn !== null && endsOn !== undefined && sessions !== null) {
      for (const problem of placementProblems(
        { label: 'This placement', setting: setting ?? 'other', startsOn, endsOn, sessionsPerWeek: sessions },
        reference.year,
      )) {
        // Sessions were checked above, whatever the dates.
        if (problem.kind === 'sessions') continue;
        problems.push({
          row: row.row,
          column: PLACEMENT_FIELD_COLUMN[problem.field ?? ''] ?? '',
          message: problem.message,
        });
      }
    }
    if (
      problems.length === problemsBefore &&
      post?.plan !== null &&
      post?.plan !== undefined &&
      provider !== undefined &&
      setting !== null &&
      specialty.success &&
      typeof startsOn === 'string' &&
      typeof endsOn === 'string' &&
      sessions !== null
    ) {
      post.plan.placements.push({
        row: row.row,
        values: {
          organisationId: provider.id,
          siteId,
          setting,
          specialty: specialty.data,
          startsOn,
          endsOn,
          sessionsPerWeek: sessions,
          clinicalSupervisorUserId: supervisorId,
        },
      });
    }
  }

  if (problems.length > 0) {
    const order = (column: string) => CSV_COLUMNS.indexOf(column as CsvColumn);
    problems.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
    return { ok: false, problems };
  }
  const warnings: ImportWarning[] = [];
  for (const post of planned) {
    const rotation: RotationPlacement[] = post.placements.map((placement) => placement.values);
    for (const problem of checkRotation(rotation, reference.year).problems) {
      warnings.push({ row: post.row, postCode: post.fields.code, message: problem.message });
    }
  }
  return {
    ok: true,
    posts: planned,
    placements: planned.reduce((sum, post) => sum + post.placements.length, 0),
    warnings,
  };
}

/** One post and its placements, as the export writes them. */
export interface ExportPost {
  code: string;
  title: string;
  leadEmployerName: string;
  capacity: number;
  placements: readonly {
    organisationName: string;
    siteName: string | null;
    setting: Setting;
    specialty: string;
    startsOn: string;
    endsOn: string;
    sessionsPerWeek: number;
    supervisorEmail: string | null;
  }[];
}

/** A CSV file with the import's columns: a row per placement, or one row for a post without placements. */
export function exportCsv(posts: readonly ExportPost[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const post of posts) {
    const base = [post.code, post.title, post.leadEmployerName, String(post.capacity)];
    if (post.placements.length === 0) rows.push([...base, ...PLACEMENT_COLUMNS.map(() => '')]);
    for (const placement of post.placements) {
      rows.push([
        ...base,
        placement.organisationName,
        placement.siteName ?? '',
        placement.setting,
        placement.specialty,
        placement.startsOn,
        placement.endsOn,
        String(placement.sessionsPerWeek),
        placement.supervisorEmail ?? '',
      ]);
    }
  }
  return writeCsv(rows);
}

/** The template offered for download: the columns and one example post of three placements to replace. */
export function templateCsv(): string {
  const employer = 'Example Hospitals NHS Foundation Trust';
  return stringify([
    [...CSV_COLUMNS],
    [
      'EXAMPLE-01',
      'Generalism F2: acute medicine with general practice and community',
      employer,
      '1',
      employer,
      'Example General Hospital',
      'acute_hospital',
      'Acute medicine',
      '2026-08-01',
      '2027-01-31',
      '10',
      '',
    ],
    ['EXAMPLE-01', '', '', '', 'Example Medical Practice', '', 'general_practice', 'General practice'].concat([
      '01/02/2027',
      '31/07/2027',
      '8',
      '',
    ]),
    ['EXAMPLE-01', '', '', '', 'Example Community Services', '', 'Community', 'Frailty and intermediate care'].concat([
      '01/02/2027',
      '31/07/2027',
      '2',
      '',
    ]),
  ]);
}
