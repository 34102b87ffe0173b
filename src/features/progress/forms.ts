/** Reading the stage form's date: the NHS date input's three boxes (day, month and year). */
import type { FormErrors } from '../../platform/web/forms.ts';
import { parseDateParts } from '../../shared/dates.ts';

/** 'YYYY-MM-DD' of a real date from the three boxes of a date input, or a message saying what is wrong. */
export function readDate(
  parts: { day: string; month: string; year: string },
  label: string,
): string | { error: string } {
  const read = parseDateParts(label, parts, { example: '1 8 2026' });
  if (!read.ok) return { error: read.message };
  if (read.date < '2000-01-01') return { error: `${label} must be in 2000 or later` };
  return read.date;
}

/** A date's message at its field, the summary linking to the day box. */
export function dateErrors(field: string, message: string): FormErrors {
  return { list: [{ text: message, href: `#${field}-day` }], fields: { [field]: { text: message } } };
}

/** The three boxes of a date input as posted. */
export { datePartsOf as dateParts } from '../../shared/dates.ts';
