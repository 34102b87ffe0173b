/**
 * Calendar dates as the database stores them ('YYYY-MM-DD'), worked on as whole days since 1 January 1970 so that
 * no time zone or daylight saving change can move a placement by a day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The day number of a valid 'YYYY-MM-DD' date, or null for anything else (including 31 February). */
export function dayNumber(iso: string): number | null {
  const match = ISO_DATE.exec(iso);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return Math.round(time / DAY_MS);
}

/** The day number of a date already known to be valid. */
export function toDay(iso: string): number {
  const day = dayNumber(iso);
  if (day === null) throw new Error(`Not a date: ${iso}`);
  return day;
}

export function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** NHS style: "1 August 2026". */
export function nhsDate(iso: string): string {
  const day = dayNumber(iso);
  if (day === null) return iso;
  const date = new Date(day * DAY_MS);
  return `${String(date.getUTCDate())} ${MONTHS[date.getUTCMonth()] ?? ''} ${String(date.getUTCFullYear())}`;
}

/** "1 August 2026 to 31 January 2027", or the one date when both are the same day. */
export function nhsDateRange(from: string, to: string): string {
  return from === to ? nhsDate(from) : `${nhsDate(from)} to ${nhsDate(to)}`;
}

export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days);
}

/** Days from start to end, both included. */
export function daysInclusive(from: string, to: string): number {
  return toDay(to) - toDay(from) + 1;
}

export type DatePartsResult = { ok: true; date: string } | { ok: false; message: string };

/** How a form words its date messages beyond the label. */
export interface DateInputOptions {
  /** Added to the "real date" message where the form's hint shows no example, like "27 3 2027". */
  example?: string;
  /** The message for all three boxes left empty, where "Enter the <label>" is not what the form asks. */
  empty?: string;
}

/** The three boxes of the NHS date input, as typed. */
export interface DateInputParts {
  day: string;
  month: string;
  year: string;
}

/**
 * The three boxes of the date input named `field` in a posted form: "field[day]" as the NHS date input names them,
 * or "field-day" as a form built by hand or a script may. Anything that is not text reads as empty.
 */
export function datePartsOf(values: Readonly<Record<string, unknown>>, field: string): DateInputParts {
  const part = (name: string): string => {
    const value = values[`${field}[${name}]`] ?? values[`${field}-${name}`];
    return typeof value === 'string' ? value : '';
  };
  return { day: part('day'), month: part('month'), year: part('year') };
}

/**
 * A date typed into the NHS date input's three boxes. Messages follow the NHS service manual's date pattern,
 * naming the field (for example "Start date"); see DateInputOptions for a form's own wording.
 */
export function parseDateParts(
  label: string,
  parts: { day?: string | undefined; month?: string | undefined; year?: string | undefined },
  options: DateInputOptions = {},
): DatePartsResult {
  const day = (parts.day ?? '').trim();
  const month = (parts.month ?? '').trim();
  const year = (parts.year ?? '').trim();
  if (day === '' && month === '' && year === '') {
    return { ok: false, message: options.empty ?? `Enter the ${label.toLowerCase()}` };
  }
  const missing = [day === '' ? 'day' : null, month === '' ? 'month' : null, year === '' ? 'year' : null].filter(
    (part): part is string => part !== null,
  );
  if (missing.length > 0) return { ok: false, message: `${label} must include a ${missing.join(' and ')}` };
  const notReal = {
    ok: false as const,
    message: `${label} must be a real date${options.example === undefined ? '' : `, like ${options.example}`}`,
  };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return notReal;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (dayNumber(iso) === null) return notReal;
  return { ok: true, date: iso };
}

/** The date input named `field` in a posted form, read and checked: the one place forms parse NHS dates. */
export function readDateInput(
  values: Readonly<Record<string, unknown>>,
  field: string,
  label: string,
  options: DateInputOptions = {},
): DatePartsResult {
  return parseDateParts(label, datePartsOf(values, field), options);
}

/** The three boxes of a stored date, for showing it in a date input again. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const match = ISO_DATE.exec(iso ?? '');
  if (match === null) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

/**
 * A time of day as typed: "9:30", "09:30", "9.30", "9:30am", "2pm". Null when it is not a time, and for an hour
 * alone ("9"), which could be morning or evening.
 */
export function readTime(value: string): { hour: number; minute: number } | null {
  const typed = value.toLowerCase().replace(/\s+/g, '');
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/.exec(typed);
  if (match === null) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  const suffix = match[3];
  if (suffix !== undefined) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  } else if (match[2] === undefined) {
    return null;
  }
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}
