import { dayNumber, fromDay, nhsDate, nhsDateRange, toDay } from '../../../shared/dates.ts';

/** Where a placement happens. Generalism posts span at least two of these. */
export const SETTINGS = [
  'acute_hospital',
  'general_practice',
  'community',
  'mental_health',
  'social_care',
  'public_health',
  'voluntary_charity',
  'other',
] as const;
export type Setting = (typeof SETTINGS)[number];

export const SETTING_LABELS: Record<Setting, string> = {
  acute_hospital: 'Acute hospital',
  general_practice: 'General practice',
  community: 'Community',
  mental_health: 'Mental health',
  social_care: 'Social care',
  public_health: 'Public health',
  voluntary_charity: 'Voluntary or charity',
  other: 'Other',
};

export function isSetting(value: string): value is Setting {
  return (SETTINGS as readonly string[]).includes(value);
}

/** A full-time week: 10 sessions (half-days). */
export const FULL_TIME_SESSIONS = 10;

export interface YearSpan {
  startsOn: string;
  endsOn: string;
}

export interface RotationPlacement {
  id?: string;
  /** How the placement is named in messages, for example "Acute medicine at Addenbrooke's Hospital". */
  label?: string;
  setting: Setting;
  startsOn: string;
  endsOn: string;
  sessionsPerWeek: number;
}

export type ProblemKind = 'start-after-end' | 'outside-year' | 'sessions' | 'gap' | 'overloaded' | 'few-settings';

export interface RotationProblem {
  kind: ProblemKind;
  severity: 'error' | 'warning';
  message: string;
  /** The form field a placement-level problem belongs to. */
  field?: 'startsOn' | 'endsOn' | 'sessionsPerWeek';
  placementId?: string;
  /** The period a whole-rotation problem covers. */
  from?: string;
  to?: string;
}

export const FEW_SETTINGS_WARNING = 'Generalism posts span at least two settings';

function named(placement: RotationPlacement): string {
  return placement.label === undefined || placement.label === '' ? 'The placement' : placement.label;
}

/**
 * Problems with one placement on its own: the ones a form refuses to save. Dates must be real, start on or before
 * the end, and lie inside the programme year; sessions must be a whole number from 1 to 10.
 */
export function placementProblems(placement: RotationPlacement, year: YearSpan): RotationProblem[] {
  const problems: RotationProblem[] = [];
  const base = placement.id === undefined ? {} : { placementId: placement.id };
  const start = dayNumber(placement.startsOn);
  const end = dayNumber(placement.endsOn);
  const yearStart = toDay(year.startsOn);
  const yearEnd = toDay(year.endsOn);
  const name = named(placement);
  if (start !== null && (start < yearStart || start > yearEnd)) {
    problems.push({
      ...base,
      kind: 'outside-year',
      severity: 'error',
      field: 'startsOn',
      message: `${name} must start within the programme year, ${nhsDateRange(year.startsOn, year.endsOn)}`,
    });
  }
  if (end !== null && (end < yearStart || end > yearEnd)) {
    problems.push({
      ...base,
      kind: 'outside-year',
      severity: 'error',
      field: 'endsOn',
      message: `${name} must end within the programme year, ${nhsDateRange(year.startsOn, year.endsOn)}`,
    });
  }
  if (start !== null && end !== null && start > end) {
    problems.push({
      ...base,
      kind: 'start-after-end',
      severity: 'error',
      field: 'endsOn',
      message: `${name} must end on or after its start date, ${nhsDate(placement.startsOn)}`,
    });
  }
  const sessions = placement.sessionsPerWeek;
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > FULL_TIME_SESSIONS) {
    problems.push({
      ...base,
      kind: 'sessions',
      severity: 'error',
      field: 'sessionsPerWeek',
      message: `Sessions a week must be a whole number from 1 to ${String(FULL_TIME_SESSIONS)} (a full-time week is ${String(FULL_TIME_SESSIONS)} sessions)`,
    });
  }
  return problems;
}

interface Segment {
  from: number;
  to: number;
  placements: number;
  sessions: number;
}

/**
 * The year cut into periods over which the same placements run: for each, how many placements and how many
 * sessions a week. Placements are clipped to the year; ones with impossible dates are left out.
 */
function segments(placements: readonly RotationPlacement[], year: YearSpan): Segment[] {
  const yearStart = toDay(year.startsOn);
  const yearEnd = toDay(year.endsOn);
  const changes = new Map<number, { placements: number; sessions: number }>();
  const change = (day: number, placementsDelta: number, sessionsDelta: number) => {
    const entry = changes.get(day) ?? { placements: 0, sessions: 0 };
    entry.placements += placementsDelta;
    entry.sessions += sessionsDelta;
    changes.set(day, entry);
  };
  for (const placement of placements) {
    const start = dayNumber(placement.startsOn);
    const end = dayNumber(placement.endsOn);
    if (start === null || end === null) continue;
    const from = Math.max(start, yearStart);
    const to = Math.min(end, yearEnd);
    if (from > to) continue;
    change(from, 1, placement.sessionsPerWeek);
    change(to + 1, -1, -placement.sessionsPerWeek);
  }
  change(yearStart, 0, 0);
  const days = [...changes.keys()].sort((a, b) => a - b);
  const result: Segment[] = [];
  let running = { placements: 0, sessions: 0 };
  for (const [index, day] of days.entries()) {
    const delta = changes.get(day) ?? { placements: 0, sessions: 0 };
    running = { placements: running.placements + delta.placements, sessions: running.sessions + delta.sessions };
    const next = days[index + 1] ?? yearEnd + 1;
    if (day > yearEnd) break;
    if (day < yearStart) continue;
    result.push({ from: day, to: Math.min(next - 1, yearEnd), ...running });
  }
  return result;
}

/** The first run of consecutive periods that satisfy the test, as a day range. */
function firstRun(all: readonly Segment[], test: (segment: Segment) => boolean): { from: number; to: number } | null {
  let run: { from: number; to: number } | null = null;
  for (const segment of all) {
    if (test(segment)) {
      if (run === null) run = { from: segment.from, to: segment.to };
      else if (run.to + 1 === segment.from) run.to = segment.to;
      else break;
    } else if (run !== null) {
      break;
    }
  }
  return run;
}

export interface RotationCheck {
  problems: RotationProblem[];
  errors: RotationProblem[];
  warnings: RotationProblem[];
  /** No errors: every placement is within the year, the year is covered and no week is above full time. */
  complete: boolean;
}

/**
 * Checks a whole rotation against its programme year. Errors: a placement's own problems; a day of the year in no
 * placement (the first gap is reported); a day with more than a full-time week of sessions (the first such period).
 * Warning: fewer than two distinct settings.
 */
export function checkRotation(placements: readonly RotationPlacement[], year: YearSpan): RotationCheck {
  const problems: RotationProblem[] = placements.flatMap((placement) => placementProblems(placement, year));
  const all = segments(placements, year);
  const gap = firstRun(all, (segment) => segment.placements === 0);
  if (gap !== null) {
    const [from, to] = [fromDay(gap.from), fromDay(gap.to)];
    problems.push({
      kind: 'gap',
      severity: 'error',
      from,
      to,
      message:
        placements.length === 0
          ? `The rotation has no placements yet: add placements covering ${nhsDateRange(year.startsOn, year.endsOn)}`
          : `No placement covers ${nhsDateRange(from, to)}: every day of the programme year must be in a placement`,
    });
  }
  const overloaded = firstRun(all, (segment) => segment.sessions > FULL_TIME_SESSIONS);
  if (overloaded !== null) {
    const [from, to] = [fromDay(overloaded.from), fromDay(overloaded.to)];
    const most = Math.max(
      ...all.filter((segment) => segment.from >= overloaded.from && segment.to <= overloaded.to).map((s) => s.sessions),
    );
    problems.push({
      kind: 'overloaded',
      severity: 'error',
      from,
      to,
      message: `From ${nhsDateRange(from, to)} placements add up to ${String(most)} sessions a week, more than a full-time week of ${String(FULL_TIME_SESSIONS)}`,
    });
  }
  if (placements.length > 0 && new Set(placements.map((placement) => placement.setting)).size < 2) {
    problems.push({ kind: 'few-settings', severity: 'warning', message: FEW_SETTINGS_WARNING });
  }
  const errors = problems.filter((problem) => problem.severity === 'error');
  const warnings = problems.filter((problem) => problem.severity === 'warning');
  return { problems, errors, warnings, complete: errors.length === 0 };
}

/**
 * Sessions × days each setting takes, within the year: the measure of time used for shares. A placement of 2
 * sessions a week for the whole year weighs as much as one of 4 sessions for half of it.
 */
export function settingWeights(placements: readonly RotationPlacement[], year: YearSpan): Record<Setting, number> {
  const weights = Object.fromEntries(SETTINGS.map((setting) => [setting, 0])) as Record<Setting, number>;
  const yearStart = toDay(year.startsOn);
  const yearEnd = toDay(year.endsOn);
  for (const placement of placements) {
    const start = dayNumber(placement.startsOn);
    const end = dayNumber(placement.endsOn);
    if (start === null || end === null) continue;
    const days = Math.min(end, yearEnd) - Math.max(start, yearStart) + 1;
    if (days <= 0 || placement.sessionsPerWeek <= 0) continue;
    weights[placement.setting] += days * placement.sessionsPerWeek;
  }
  return weights;
}

export interface SettingShare {
  setting: Setting;
  label: string;
  weight: number;
  /** Share of all time, 0 to 1. */
  share: number;
  /** Whole percent, rounded so that the rows add up to 100. */
  percent: number;
  /** The same time as full-time weeks (10 sessions a week). */
  fullTimeWeeks: number;
}

/** Each setting's share of time, largest first; settings with no time are left out. */
export function settingShares(weights: Record<Setting, number>): SettingShare[] {
  const total = SETTINGS.reduce((sum, setting) => sum + weights[setting], 0);
  if (total === 0) return [];
  const rows = SETTINGS.filter((setting) => weights[setting] > 0).map((setting) => ({
    setting,
    label: SETTING_LABELS[setting],
    weight: weights[setting],
    share: weights[setting] / total,
    percent: Math.floor((weights[setting] / total) * 100),
    fullTimeWeeks: Math.round((weights[setting] / (FULL_TIME_SESSIONS * 7)) * 10) / 10,
  }));
  // Largest remainder, so that the percentages shown add up to exactly 100.
  let left = 100 - rows.reduce((sum, row) => sum + row.percent, 0);
  for (const row of [...rows].sort((a, b) => b.share * 100 - b.percent - (a.share * 100 - a.percent))) {
    if (left <= 0) break;
    row.percent += 1;
    left -= 1;
  }
  return rows.sort((a, b) => b.weight - a.weight || SETTINGS.indexOf(a.setting) - SETTINGS.indexOf(b.setting));
}

export function addWeights(a: Record<Setting, number>, b: Record<Setting, number>): Record<Setting, number> {
  return Object.fromEntries(SETTINGS.map((setting) => [setting, a[setting] + b[setting]])) as Record<Setting, number>;
}

export function emptyWeights(): Record<Setting, number> {
  return Object.fromEntries(SETTINGS.map((setting) => [setting, 0])) as Record<Setting, number>;
}

/** Checks a programme year's own dates: real, in order, and no longer than about a year. */
export function yearProblems(year: YearSpan): { field: 'startsOn' | 'endsOn'; message: string }[] {
  const start = dayNumber(year.startsOn);
  const end = dayNumber(year.endsOn);
  if (start === null || end === null) return [];
  if (end <= start) return [{ field: 'endsOn', message: 'End date must be after the start date' }];
  if (end - start > 400) return [{ field: 'endsOn', message: 'A programme year must be no longer than 13 months' }];
  return [];
}
