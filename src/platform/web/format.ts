const LONDON = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: LONDON,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: LONDON,
});

function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** NHS style: "25 November 2026", in Europe/London. */
export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value);
  return date === null ? '' : dateFormat.format(date);
}

/** NHS style: "25 November 2026 at 2:30pm". */
export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (date === null) return '';
  const time = timeFormat.format(date).replace(/\s/g, '').toLowerCase();
  return `${dateFormat.format(date)} at ${time}`;
}
