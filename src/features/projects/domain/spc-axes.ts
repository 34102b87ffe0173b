/**
 * The chart's axes and text: escaping, text widths for layout, number formats, round ticks for values and dates.
 * Pure; used by spc-chart.ts.
 */
import { toDay } from '../../../shared/dates.ts';

export const SHORT_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Escapes text for SVG content and attributes, dropping characters XML 1.0 does not allow at all. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&#39;')
  );
}

/** A rough width of Arial text, enough to lay out labels and know when a title must wrap. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x2e80) ems += 1;
    else if (" .,:;'|!iIjl".includes(char)) ems += 0.28;
    else if ('ftr()[]-/'.includes(char)) ems += 0.36;
    else if ('mwMW@%'.includes(char)) ems += 0.86;
    else if (/[A-Z]/.test(char)) ems += 0.68;
    else ems += 0.56;
  }
  return ems * fontSize * (bold ? 1.08 : 1);
}

/** The text cut to fit the width, ending with an ellipsis when anything was cut. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join('').trimEnd()}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Words wrapped into at most `maxLines` lines of the width; the last line ends with an ellipsis if text is left. */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines: number, bold = false): string[] {
  const words = text.split(/\s+/).filter((word) => word !== '');
  const lines: string[] = [];
  let line = '';
  for (const [index, word] of words.entries()) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line === '' || textWidth(candidate, fontSize, bold) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) {
      lines.push(fitText(`${line} ${words.slice(index).join(' ')}`, maxWidth, fontSize, bold));
      return lines;
    }
    lines.push(fitText(line, maxWidth, fontSize, bold));
    line = word;
  }
  if (line !== '') lines.push(fitText(line, maxWidth, fontSize, bold));
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** How many decimals a step needs to be written exactly (0.25 → 2, 5 → 0), at most 10. */
export function decimalsOf(step: number): number {
  for (let decimals = 0; decimals <= 10; decimals += 1) {
    const scaled = step * 10 ** decimals;
    if (Math.abs(Math.round(scaled) - scaled) < 1e-6 * Math.max(1, Math.abs(scaled))) return decimals;
  }
  return 10;
}

/** A number in British style with thousands separators and a fixed number of decimals ("-1,234.50"). */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A value as entered, without the float noise of arithmetic (at most 6 decimals, trailing zeros dropped). */
export function formatValue(value: number): string {
  const decimals = Math.min(6, decimalsOf(Number(value.toFixed(6))));
  return formatNumber(value, decimals);
}

export function withUnit(text: string, unit: string): string {
  const trimmed = unit.trim();
  if (trimmed === '') return text;
  return trimmed === '%' ? `${text}%` : `${text} ${trimmed}`;
}

export interface Ticks {
  min: number;
  max: number;
  values: number[];
  decimals: number;
}

/** Round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering min to max in about `count` steps. */
export function niceTicks(low: number, high: number, count: number): Ticks {
  let min = Math.min(low, high);
  let max = Math.max(low, high);
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 0, max: 1, values: [0, 1], decimals: 0 };
  // Values equal, or too close together to label steps between them: a band of ±10 % round them (±1 round 0).
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-9 || max - min < 1e-9) {
    const centre = (min + max) / 2;
    const pad = Math.abs(centre) > 1e-9 ? Math.abs(centre) * 0.1 : 1;
    min = centre - pad;
    max = centre + pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normal = raw / magnitude;
  const step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10) * magnitude;
  const decimals = decimalsOf(step);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const values: number[] = [];
  for (let index = first; index <= last && values.length <= 1000; index += 1)
    values.push(Number((index * step).toFixed(decimals)));
  return { min: first * step, max: last * step, values, decimals };
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

export function dateParts(day: number): { year: number; month: number; date: number } {
  const date = new Date(day * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), date: date.getUTCDate() };
}

/** "6 Jan 2025". */
export function shortDate(iso: string): string {
  const { year, month, date } = dateParts(toDay(iso));
  return `${String(date)} ${SHORT_MONTHS[month] ?? ''} ${String(year)}`;
}

export function dayOfMonthStart(year: number, month: number): number {
  return Math.round(Date.UTC(year, month, 1) / 86_400_000);
}

export interface DateTick {
  day: number;
  label: string;
}

export type DateStep =
  { unit: 'day'; days: number } | { unit: 'month'; months: number } | { unit: 'year'; years: number };

export const DATE_STEPS: DateStep[] = [
  { unit: 'day', days: 1 },
  { unit: 'day', days: 2 },
  { unit: 'day', days: 7 },
  { unit: 'day', days: 14 },
  { unit: 'month', months: 1 },
  { unit: 'month', months: 2 },
  { unit: 'month', months: 3 },
  { unit: 'month', months: 6 },
  { unit: 'year', years: 1 },
  { unit: 'year', years: 2 },
  { unit: 'year', years: 5 },
  { unit: 'year', years: 10 },
  { unit: 'year', years: 25 },
  { unit: 'year', years: 50 },
  { unit: 'year', years: 100 },
];

export function ticksFor(step: DateStep, from: number, to: number): DateTick[] {
  const ticks: DateTick[] = [];
  if (step.unit === 'day') {
    // Weekly ticks fall on Mondays (day 4 since 1970 was a Monday), fortnightly on every other Monday.
    const period = step.days;
    const offset = period >= 7 ? 4 : 0;
    let day = Math.ceil((from - offset) / period) * period + offset;
    for (; day <= to; day += period) {
      const { month, date } = dateParts(day);
      ticks.push({ day, label: `${String(date)} ${SHORT_MONTHS[month] ?? ''}` });
    }
    return ticks;
  }
  const start = dateParts(from);
  const months = step.unit === 'month' ? step.months : step.years * 12;
  let index = Math.ceil((start.year * 12 + start.month) / months) * months;
  for (; ; index += months) {
    const year = Math.floor(index / 12);
    const month = index % 12;
    const day = dayOfMonthStart(year, month);
    if (day < from) continue;
    if (day > to) break;
    const label =
      step.unit === 'month' ? `${SHORT_MONTHS[month] ?? ''} ${String(year % 100).padStart(2, '0')}` : String(year);
    ticks.push({ day, label });
  }
  return ticks;
}

/** Ticks from the finest step whose labels fit: "6 Jan" for steps of days and weeks, "Jan 25" for months. */
export function dateTicks(from: number, to: number, maxTicks: number): DateTick[] {
  let fallback: DateTick[] = [];
  for (const step of DATE_STEPS) {
    const ticks = ticksFor(step, from, to);
    fallback = ticks;
    if (ticks.length <= Math.max(1, maxTicks)) return ticks;
  }
  return fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// Words
