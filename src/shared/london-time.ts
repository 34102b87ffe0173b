/**
 * Wall-clock times in London (Europe/London, GMT in winter and BST in summer): what people type into forms and
 * read on pages, turned into instants and back. Pure: the time zone rules come from Intl.
 */

const DAY = 24 * 60 * 60_000;

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Minutes Europe/London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: number): number {
  const parts = LONDON.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((item) => item.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((asUtc - instant) / 60_000);
}

/**
 * The instant of a wall-clock time in London. The hour that happens twice when the clocks go back is read as its
 * first (summer time) instance; a time skipped when they go forward is read as the hour after.
 */
export function londonTime(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const before = londonOffsetMinutes(guess - DAY);
  const after = londonOffsetMinutes(guess + DAY);
  // The offsets in force around the day, largest first: a larger offset names an earlier instant.
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const candidate = guess - offset * 60_000;
    if (londonOffsetMinutes(candidate) === offset) return new Date(candidate);
  }
  // No instant has this wall-clock time: it was skipped, so read it at the offset in force before the change.
  return new Date(guess - before * 60_000);
}

/** A date's three boxes and a time, as London wall-clock parts, for filling the form again. */
export function londonParts(instant: Date): { day: string; month: string; year: string; time: string } {
  const local = new Date(instant.getTime() + londonOffsetMinutes(instant.getTime()) * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: String(local.getUTCDate()),
    month: String(local.getUTCMonth() + 1),
    year: String(local.getUTCFullYear()),
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  };
}

/** The day an instant falls on in London, as 'YYYY-MM-DD': "today" for forms and pages. */
export function londonToday(instant: Date): string {
  const { day, month, year } = londonParts(instant);
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}
