import type { DateParts } from '../pages/date-input.ts';

/** A date and time in London, some minutes from now, as the date boxes and a time field want them. */
export function londonInMinutes(minutes: number): DateParts & { time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return {
    day: String(Number(part('day'))),
    month: String(Number(part('month'))),
    year: part('year'),
    time: `${part('hour')}:${part('minute')}`,
  };
}
