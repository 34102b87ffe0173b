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
  // 'h12' (1 to 12), not hour12: en-GB's hour12 counts 0 to 11 and writes half past twelve as "0:30pm".
  hourCycle: 'h12',
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

/** NHS style, in Europe/London: "9:30am", "2:30pm", "12:30pm", and "midday" and "midnight" for 12 o'clock. */
export function formatTime(instant: Date): string {
  const time = timeFormat.format(instant).replace(/\s/g, '').toLowerCase();
  if (time === '12:00pm') return 'midday';
  if (time === '12:00am') return 'midnight';
  return time;
}

/** NHS style: "25 November 2026 at 2:30pm". */
export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (date === null) return '';
  return `${dateFormat.format(date)} at ${formatTime(date)}`;
}
