import type { DateParts } from '../pages/date-input.ts';
import { journeyFixtures } from './journey-fixtures.ts';

/**
 * The time now by the journeys' server's clock, which started at TEST_NOW (playwright.config.ts) and runs at the real
 * pace. The server read its clock once with the real time beside it (scripts/e2e-fixtures.ts); as much real time has
 * passed since. Journeys type dates and compute one-time codes at this time, never at today's date.
 */
export function serverNow(): Date {
  const { at, realTime } = journeyFixtures().serverClock;
  return new Date(Date.parse(at) + (Date.now() - realTime));
}

/** A date and time in London, some minutes from now by the server's clock, as the date boxes and a time field want them. */
export function londonInMinutes(minutes: number): DateParts & { time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(serverNow().getTime() + minutes * 60_000));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return {
    day: String(Number(part('day'))),
    month: String(Number(part('month'))),
    year: part('year'),
    time: `${part('hour')}:${part('minute')}`,
  };
}
