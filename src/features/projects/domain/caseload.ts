/**
 * An educational fellow's caseload: the projects they support, grouped by the SusQI stage each has reached, with how
 * long ago each was last updated, and those with no update for a chosen number of weeks flagged so the fellow knows
 * whom to get in touch with. Also the rules of a fellow's meeting note and a learner's request for support.
 *
 * Time is given: `now` is the instant the request started. "Weeks" are whole weeks of seven days counted from the
 * last update, the same measure `isQuiet` uses, so the flag and the "3 weeks ago" beside it always agree.
 */
import { londonToday } from '../../../shared/london-time.ts';
import { PROJECT_STAGE_LABELS, PROJECT_STAGES, isQuiet, type ProjectStage } from './projects.ts';

/** The choice of weeks without an update before a project is flagged: 2 to 12, 4 unless the fellow chooses. */
export const QUIET_WEEKS_MIN = 2;
export const QUIET_WEEKS_MAX = 12;
export const QUIET_WEEKS_DEFAULT = 4;

/** How long a meeting note and a request for support may be. */
export const NOTE_MAX_LENGTH = 4000;
export const REQUEST_MAX_LENGTH = 2000;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The weeks setting as given in a link (`weeks=6`): a whole number from 2 to 12, otherwise the default. */
export function readQuietWeeks(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,2}$/.test(value.trim())) return QUIET_WEEKS_DEFAULT;
  const weeks = Number(value.trim());
  return weeks >= QUIET_WEEKS_MIN && weeks <= QUIET_WEEKS_MAX ? weeks : QUIET_WEEKS_DEFAULT;
}

/** The choices of the weeks setting, in order. */
export function quietWeekChoices(): number[] {
  return Array.from({ length: QUIET_WEEKS_MAX - QUIET_WEEKS_MIN + 1 }, (_, index) => QUIET_WEEKS_MIN + index);
}

/** Whole weeks since the last update (0 for an update in the future, as a clock set wrong may give). */
export function weeksSince(lastActivityAt: Date, now: Date): number {
  return Math.floor(Math.max(0, now.getTime() - lastActivityAt.getTime()) / WEEK_MS);
}

/** How long ago the last update was, in words: "less than a day ago", "5 days ago", "1 week ago", "3 weeks ago". */
export function lastUpdateText(lastActivityAt: Date, now: Date): string {
  const days = Math.floor(Math.max(0, now.getTime() - lastActivityAt.getTime()) / DAY_MS);
  if (days === 0) return 'less than a day ago';
  if (days < 7) return days === 1 ? '1 day ago' : `${String(days)} days ago`;
  const weeks = Math.floor(days / 7);
  return weeks === 1 ? '1 week ago' : `${String(weeks)} weeks ago`;
}

/** What a caseload needs of a project. */
export interface CaseloadItem {
  id: string;
  title: string;
  stage: ProjectStage;
  lastActivityAt: Date;
}

export interface CaseloadEntry<T extends CaseloadItem> {
  project: T;
  /** No update for at least the chosen number of weeks. */
  quiet: boolean;
  /** Whole weeks since the last update. */
  weeks: number;
  /** "3 weeks ago". */
  lastUpdate: string;
  /** "No update for 5 weeks" when quiet, otherwise null. */
  flag: string | null;
}

export interface StageGroup<T extends CaseloadItem> {
  stage: ProjectStage;
  label: string;
  entries: CaseloadEntry<T>[];
}

export interface Caseload<T extends CaseloadItem> {
  /** Every SusQI stage in order, with the projects at it (possibly none). */
  stages: StageGroup<T>[];
  total: number;
  quiet: number;
}

/**
 * The projects grouped by stage, in the SusQI order; within a stage the longest without an update first (so the
 * flagged ones lead), then by title. Each project is in exactly one group.
 */
export function caseloadOf<T extends CaseloadItem>(projects: readonly T[], now: Date, weeks: number): Caseload<T> {
  const entries = projects.map((project): CaseloadEntry<T> => {
    const quiet = isQuiet(project.lastActivityAt, now, weeks);
    const since = weeksSince(project.lastActivityAt, now);
    return {
      project,
      quiet,
      weeks: since,
      lastUpdate: lastUpdateText(project.lastActivityAt, now),
      flag: quiet ? `No update for ${since === 1 ? '1 week' : `${String(since)} weeks`}` : null,
    };
  });
  entries.sort(
    (a, b) =>
      a.project.lastActivityAt.getTime() - b.project.lastActivityAt.getTime() ||
      a.project.title.localeCompare(b.project.title) ||
      (a.project.id < b.project.id ? -1 : a.project.id > b.project.id ? 1 : 0),
  );
  return {
    stages: PROJECT_STAGES.map((stage) => ({
      stage,
      label: PROJECT_STAGE_LABELS[stage],
      entries: entries.filter((entry) => entry.project.stage === stage),
    })),
    total: entries.length,
    quiet: entries.filter((entry) => entry.quiet).length,
  };
}

/** Why the day a fellow met a team cannot be taken, or null: a meeting note is of a meeting that has happened. */
export function meetingDateProblem(metOn: string, now: Date): string | null {
  return metOn > londonToday(now) ? 'The date you met must be today or in the past' : null;
}
