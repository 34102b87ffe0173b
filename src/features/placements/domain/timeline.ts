import { fromDay, toDay } from '../../../shared/dates.ts';
import type { YearSpan } from './rotation.ts';

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface TimelineBar {
  /** Left edge and width in the chart's units (the year is `width` wide). */
  x: number;
  width: number;
}

export interface MonthTick {
  x: number;
  label: string;
}

/**
 * Where a placement's bar sits on a year drawn `width` units wide: its first day's left edge to its last day's
 * right edge, clipped to the year. Null for a placement wholly outside the year.
 */
export function barFor(year: YearSpan, startsOn: string, endsOn: string, width: number): TimelineBar | null {
  const yearStart = toDay(year.startsOn);
  const yearDays = toDay(year.endsOn) - yearStart + 1;
  const from = Math.max(toDay(startsOn), yearStart) - yearStart;
  const to = Math.min(toDay(endsOn), toDay(year.endsOn)) - yearStart + 1;
  if (to <= from) return null;
  const round = (value: number) => Math.round(value * 10) / 10;
  return { x: round((from / yearDays) * width), width: round(((to - from) / yearDays) * width) };
}

/** A tick at the first day of each month in the year, labelled "Aug", "Sep", … */
export function monthTicks(year: YearSpan, width: number): MonthTick[] {
  const yearStart = toDay(year.startsOn);
  const yearEnd = toDay(year.endsOn);
  const yearDays = yearEnd - yearStart + 1;
  const ticks: MonthTick[] = [];
  for (let day = yearStart; day <= yearEnd; day++) {
    const iso = fromDay(day);
    if (iso.endsWith('-01') || day === yearStart) {
      const month = Number(iso.slice(5, 7));
      ticks.push({
        x: Math.round(((day - yearStart) / yearDays) * width * 10) / 10,
        label: MONTH_SHORT[month - 1] ?? '',
      });
    }
  }
  // A label for a partial first month would crowd the next one.
  if (ticks.length > 1 && (ticks[1]?.x ?? 0) - (ticks[0]?.x ?? 0) < width / 40) ticks.shift();
  return ticks;
}
