/** Reading the stage form's date: the NHS date input's three boxes (day, month and year). */
import { postedText as text, type FormErrors, type FormValues } from '../../platform/web/forms.ts';

/** 'YYYY-MM-DD' of a real date from the three boxes of a date input, or a message saying what is wrong. */
export function readDate(
  parts: { day: string; month: string; year: string },
  label: string,
): string | { error: string } {
  const { day, month, year } = parts;
  if (day === '' && month === '' && year === '') return { error: `Enter the ${label}` };
  const missing = [day === '' ? 'day' : '', month === '' ? 'month' : '', year === '' ? 'year' : ''].filter(Boolean);
  if (missing.length > 0) return { error: `The ${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `The ${label} must be a real date, for example 1 8 2026` };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `The ${label} must be a real date` };
  }
  if (y < 2000) return { error: `The ${label} must be in 2000 or later` };
  return date.toISOString().slice(0, 10);
}

/** A date's message at its field, the summary linking to the day box. */
export function dateErrors(field: string, message: string): FormErrors {
  return { list: [{ text: message, href: `#${field}-day` }], fields: { [field]: { text: message } } };
}

/** The three boxes of a date input as posted. */
export function dateParts(values: FormValues, field: string): { day: string; month: string; year: string } {
  const part = (name: string) => text(values[`${field}[${name}]`] ?? values[`${field}-${name}`]);
  return { day: part('day'), month: part('month'), year: part('year') };
}
