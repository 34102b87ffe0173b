/**
 * Reading a measure's data points as people bring them: typed one at a time, pasted from a spreadsheet (tab
 * separated), or a CSV file, with columns date, value and an optional note. Dates in the forms spreadsheets
 * produce in England (2025-01-06, 06/01/2025, 6/1/25, 6 Jan 2025), values with thousands separators or a % sign.
 * Every problem is told by its line, and nothing is saved unless every line reads.
 */
import { parse } from 'csv-parse/sync';
import { dayNumber, fromDay } from '../../../shared/dates.ts';
import { patientIdentifierProblem } from '../../portfolio/domain/patient-identifiers.ts';

export interface DataPoint {
  day: string;
  value: number;
  note: string;
}

export interface DataProblem {
  /** The line of the text or file, counting from 1 as a spreadsheet does. */
  line: number;
  message: string;
}

export type DataReadResult = { ok: true; points: DataPoint[] } | { ok: false; problems: DataProblem[] };

/** The most points one paste or file may bring. */
export const MAX_POINTS_PER_IMPORT = 5000;
export const MAX_NOTE_LENGTH = 500;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200) return null;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const n = dayNumber(iso);
  return n === null ? null : fromDay(n);
}

function fullYear(text: string): number {
  const year = Number(text);
  return text.length <= 2 ? 2000 + year : year;
}

/** A date as typed or exported by a spreadsheet, as YYYY-MM-DD; null when it is not a real day. Day first (UK). */
export function readDataDate(text: string): string | null {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  if (match !== null) return isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
  if (match !== null) return isoOf(fullYear(match[3] ?? ''), Number(match[2]), Number(match[1]));
  match = /^(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s-]+(\d{2}|\d{4})$/.exec(value);
  if (match !== null) {
    const name = (match[2] ?? '').toLowerCase();
    const month = MONTHS.findIndex((prefix) => name.startsWith(prefix));
    if (month < 0 || (name.length > 3 && !isMonthName(name))) return null;
    return isoOf(fullYear(match[3] ?? ''), month + 1, Number(match[1]));
  }
  return null;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'sept',
];

function isMonthName(name: string): boolean {
  return MONTH_NAMES.includes(name);
}

/** A value as typed: "12.5", "1,234", " 7 ", "45%", "−3"; null when it is not a finite number. */
export function readDataValue(text: string): number | null {
  const value = text.trim().replace(/^[−–]/, '-').replace(/%$/, '').trim();
  if (!/^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(value) || !/\d/.test(value)) return null;
  const number = Number(value.replace(/,/g, ''));
  return Number.isFinite(number) ? number : null;
}

type Column = 'date' | 'value' | 'note';

function columnOf(header: string): Column | null {
  const name = header.trim().toLowerCase();
  if (/^(date|day|week|week (beginning|ending|commencing)|month|period)\b/.test(name)) return 'date';
  if (/^(value|count|number|result|measure|total|rate|percentage|score|amount)\b/.test(name)) return 'value';
  if (/^(note|notes|comment|comments|annotation)\b/.test(name)) return 'note';
  return null;
}

function delimiterOf(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.some((line) => line.includes('\t'))) return '\t';
  if (lines.some((line) => line.includes(';'))) return ';';
  return ',';
}

/** Reads pasted or uploaded rows of date, value and note. A first row that is a header is read for column names. */
export function readDataPoints(text: string): DataReadResult {
  if (text.trim() === '') return { ok: false, problems: [{ line: 1, message: 'There are no data points to read' }] };
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
  } catch {
    return {
      ok: false,
      problems: [{ line: 1, message: 'The data could not be read. Check quotation marks are closed and try again' }],
    };
  }
  const columns: Record<Column, number> = { date: 0, value: 1, note: 2 };
  let start = 0;
  const first = records.findIndex((record) => record.some((cell) => cell.trim() !== ''));
  const header = first < 0 ? undefined : records[first];
  if (header !== undefined && readDataValue(header[1] ?? '') === null && readDataDate(header[0] ?? '') === null) {
    start = first + 1;
    const named = header.map(columnOf);
    if (named.includes('date') && named.includes('value')) {
      for (const column of ['date', 'value', 'note'] as const) columns[column] = named.indexOf(column);
    }
  }
  const problems: DataProblem[] = [];
  const points: DataPoint[] = [];
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    if (index < start || record.every((cell) => cell.trim() === '')) return;
    const line = index + 1;
    const dateText = (record[columns.date] ?? '').trim();
    const valueText = (record[columns.value] ?? '').trim();
    const note = columns.note < 0 ? '' : (record[columns.note] ?? '').trim();
    const day = readDataDate(dateText);
    const value = readDataValue(valueText);
    if (dateText === '') problems.push({ line, message: `Line ${String(line)} has no date` });
    else if (day === null) {
      problems.push({
        line,
        message: `Line ${String(line)}: “${dateText}” is not a date (use 06/01/2025 or 2025-01-06)`,
      });
    }
    if (valueText === '') problems.push({ line, message: `Line ${String(line)} has no value` });
    else if (value === null) problems.push({ line, message: `Line ${String(line)}: “${valueText}” is not a number` });
    if (note.length > MAX_NOTE_LENGTH) {
      problems.push({
        line,
        message: `Line ${String(line)}: the note must be ${String(MAX_NOTE_LENGTH)} characters or fewer`,
      });
    }
    const identifier = patientIdentifierProblem(`Line ${String(line)}: the note`, note);
    if (identifier !== null) problems.push({ line, message: identifier });
    if (day !== null) {
      const earlier = seen.get(day);
      if (earlier !== undefined) {
        problems.push({ line, message: `Line ${String(line)} has the same date as line ${String(earlier)} (${day})` });
      }
      seen.set(day, line);
    }
    if (day !== null && value !== null) points.push({ day, value, note });
  });
  if (problems.length === 0 && points.length === 0) {
    problems.push({ line: 1, message: 'There are no data points to read' });
  }
  if (points.length > MAX_POINTS_PER_IMPORT) {
    problems.push({ line: 1, message: `Bring up to ${String(MAX_POINTS_PER_IMPORT)} points at a time` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, points };
}
