import { parse, type Options } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * Spreadsheet import and export shared by every feature that has one: reading a file into rows keyed by column
 * with row-numbered problems, and writing cells so that opening an export never runs a formula. Pure: text in,
 * values out, so features' domain code may use it.
 */

/** One problem with an uploaded file. Row 1 is the header row, as a spreadsheet numbers it. */
export interface CsvProblem {
  row: number;
  column: string;
  message: string;
}

export interface CsvRow<C extends string> {
  row: number;
  cells: Record<C, string>;
}

export type CsvReadResult<C extends string> = { ok: true; rows: CsvRow<C>[] } | { ok: false; problems: CsvProblem[] };

export interface CsvTable<C extends string> {
  /** Every column the import reads, in the template's order. */
  columns: readonly C[];
  /** Columns that must be in the header. */
  required: readonly C[];
  /** Header names accepted and not read (for example a column an export adds for information). */
  ignored?: readonly string[];
  /** The most data rows one file may have. */
  maxRows: number;
  /** What a row is, plural, for messages: "organisations", "posts". */
  rowsAre: string;
}

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

/** "Site Name", "site-name" and "site_name" are the same column. */
function columnName(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const READ_OPTIONS: Options = { bom: true, relax_column_count: true, skip_empty_lines: false };

/** Reads an uploaded CSV file into rows keyed by column, or says what is wrong with its shape. Blank rows are skipped. */
export function readCsvTable<C extends string>(text: string, table: CsvTable<C>): CsvReadResult<C> {
  const isColumn = (name: string): name is C => (table.columns as readonly string[]).includes(name);
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
    if (!isColumn(name) && !(table.ignored ?? []).includes(name)) {
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
  for (const required of table.required) {
    if (!seen.has(required)) problems.push({ row: 1, column: required, message: `The column ${required} is missing` });
  }
  const dataRows = body.filter((record) => record.some((cell) => cell.trim() !== ''));
  if (problems.length === 0 && dataRows.length === 0) {
    problems.push({ row: 2, column: '', message: `The file has a header row but no ${table.rowsAre}` });
  }
  if (dataRows.length > table.maxRows) {
    problems.push({
      row: table.maxRows + 2,
      column: '',
      message: `A file can have up to ${String(table.maxRows)} rows. Split it into smaller files`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const rows: CsvRow<C>[] = [];
  body.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const cells = Object.fromEntries(table.columns.map((column) => [column, ''])) as Record<C, string>;
    names.forEach((name, column) => {
      if (isColumn(name)) cells[name] = unguard(record[column] ?? '').trim();
    });
    rows.push({ row: index + 2, cells });
  });
  return { ok: true, rows };
}

/** Writes rows (the first usually the header) as CSV, every cell guarded against formulae. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows.map((row) => row.map(safeCell)));
}
