import { londonParts } from '../../../shared/london-time.ts';

/**
 * How long a clinical supervisor still sees a learner after their placement ends: long enough to finish the
 * end-of-placement report and sign-offs, short enough that a past placement does not open a learner's record for good.
 */
export const CLINICAL_SUPERVISION_MONTHS_AFTER = 3;

const pad = (n: number) => String(n).padStart(2, '0');

/** The London calendar date of an instant, written as placements keep their dates (YYYY-MM-DD). */
export function londonDate(instant: Date): string {
  const { year, month, day } = londonParts(instant);
  return `${year}-${pad(Number(month))}-${pad(Number(day))}`;
}

/** The date some months before a date; a day the earlier month lacks becomes its last (31 May → 28 February). */
export function monthsBefore(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${String(first.getUTCFullYear())}-${pad(first.getUTCMonth() + 1)}-${pad(Math.min(day, lastDay))}`;
}

/**
 * The placements whose clinical supervisor may see the learner at an instant: those that have started (on or
 * before `today`) and have not ended more than the set months ago (ending on or after `endedSince`).
 */
export function clinicalSupervisionSpan(now: Date): { today: string; endedSince: string } {
  const today = londonDate(now);
  return { today, endedSince: monthsBefore(today, CLINICAL_SUPERVISION_MONTHS_AFTER) };
}
