import type { Problem } from './kinds.ts';

/**
 * The layout of a patient journey's timeline: settings as lanes (rows), days as columns, each step in the cell of
 * its setting and day. The page draws it as a server-rendered grid (no JavaScript), and always beside the plain
 * ordered list (`ordered`), which is what a screen reader or a narrow screen gets.
 *
 * Days are relative to a day the learner chooses as day 0 (usually admission or first contact): -2 is two days
 * before. Lanes are in the order settings first appear in what the learner wrote, since that is the story as they
 * tell it; columns are in day order. Steps on the same day in the same setting share a cell, one above the other in
 * the order written.
 */

export const JOURNEY_SETTINGS = [
  'hospital',
  'general_practice',
  'community',
  'mental_health',
  'social_care',
  'voluntary_sector',
  'patient_home',
  'ambulance',
  'pharmacy',
  'hospice',
  'other',
] as const;
export type JourneySetting = (typeof JOURNEY_SETTINGS)[number];

export const JOURNEY_SETTING_LABELS: Record<JourneySetting, string> = {
  hospital: 'Hospital',
  general_practice: 'General practice',
  community: 'Community services',
  mental_health: 'Mental health services',
  social_care: 'Social care',
  voluntary_sector: 'Voluntary sector',
  patient_home: 'Patient’s home',
  ambulance: 'Ambulance service',
  pharmacy: 'Pharmacy',
  hospice: 'Hospice',
  other: 'Other',
};

export function isJourneySetting(value: string): value is JourneySetting {
  return (JOURNEY_SETTINGS as readonly string[]).includes(value);
}

export interface JourneyStep {
  /** One of `JOURNEY_SETTINGS`; anything else is drawn in the 'other' lane. */
  setting: string;
  /** Days from day 0; negative before it. */
  day: number;
  title: string;
}

export interface TimelineLane {
  setting: JourneySetting;
  label: string;
  index: number;
  /** How many steps share this lane's fullest cell: the lane is this many rows tall. */
  slots: number;
  /** The grid row (from 0) of this lane's first slot. */
  firstRow: number;
}

export interface TimelineColumn {
  day: number;
  label: string;
  index: number;
}

export interface TimelineItem {
  /** Where the step is in what the learner wrote, from 0. */
  stepIndex: number;
  setting: JourneySetting;
  day: number;
  title: string;
  /** Index into `lanes`. */
  lane: number;
  /** Index into `columns`. */
  column: number;
  /** Position in its cell, from 0, in written order. */
  slot: number;
  /** The grid row, from 0: the lane's first row plus the slot. */
  row: number;
}

export interface OrderedStep {
  stepIndex: number;
  setting: JourneySetting;
  settingLabel: string;
  day: number;
  dayLabel: string;
  title: string;
}

/** A move between settings, from one step to the next in time: the arrows of the drawing. */
export interface TimelineMove {
  from: number;
  to: number;
}

export interface TimelineLayout {
  lanes: TimelineLane[];
  columns: TimelineColumn[];
  /** One per step, in the order written. */
  items: TimelineItem[];
  /** The steps by day, then in the order written: the plain list shown beside (or instead of) the grid. */
  ordered: OrderedStep[];
  moves: TimelineMove[];
  /** How many times the journey moves from one setting to another, in time order. */
  crossings: number;
  /** Rows in the grid: the lanes' slots added up. */
  rowCount: number;
}

/** "Day 0", "Day 3", "Day −2" (with a true minus sign, read as "minus" by screen readers). */
export function formatRelativeDay(day: number): string {
  const whole = normaliseDay(day);
  return whole < 0 ? `Day −${String(-whole)}` : `Day ${String(whole)}`;
}

/** Days are whole: a form gives integers; anything else is rounded so the layout never fails (and -0 is 0). */
function normaliseDay(day: number): number {
  return Number.isFinite(day) ? Math.round(day) + 0 : 0;
}

function settingOf(step: JourneyStep): JourneySetting {
  return isJourneySetting(step.setting) ? step.setting : 'other';
}

export function layoutTimeline(steps: readonly JourneyStep[]): TimelineLayout {
  const laneOf = new Map<JourneySetting, number>();
  const settings: JourneySetting[] = [];
  for (const step of steps) {
    const setting = settingOf(step);
    if (!laneOf.has(setting)) {
      laneOf.set(setting, settings.length);
      settings.push(setting);
    }
  }
  const days = [...new Set(steps.map((step) => normaliseDay(step.day)))].sort((a, b) => a - b);
  const columnOf = new Map(days.map((day, index) => [day, index]));
  const columns = days.map((day, index) => ({ day, label: formatRelativeDay(day), index }));

  const cellCounts = new Map<string, number>();
  const placed = steps.map((step, stepIndex) => {
    const setting = settingOf(step);
    const day = normaliseDay(step.day);
    const lane = laneOf.get(setting) ?? 0;
    const column = columnOf.get(day) ?? 0;
    const cell = `${String(lane)}:${String(column)}`;
    const slot = cellCounts.get(cell) ?? 0;
    cellCounts.set(cell, slot + 1);
    return { stepIndex, setting, day, title: step.title, lane, column, slot };
  });

  const slotsOf = settings.map(() => 1);
  for (const item of placed) slotsOf[item.lane] = Math.max(slotsOf[item.lane] ?? 1, item.slot + 1);
  let row = 0;
  const lanes = settings.map((setting, index) => {
    const lane = {
      setting,
      label: JOURNEY_SETTING_LABELS[setting],
      index,
      slots: slotsOf[index] ?? 1,
      firstRow: row,
    };
    row += lane.slots;
    return lane;
  });
  const items = placed.map((item) => ({ ...item, row: (lanes[item.lane]?.firstRow ?? 0) + item.slot }));

  const ordered = [...placed]
    .sort((a, b) => a.day - b.day || a.stepIndex - b.stepIndex)
    .map((item) => ({
      stepIndex: item.stepIndex,
      setting: item.setting,
      settingLabel: JOURNEY_SETTING_LABELS[item.setting],
      day: item.day,
      dayLabel: formatRelativeDay(item.day),
      title: item.title,
    }));
  const moves: TimelineMove[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1];
    const after = ordered[i];
    if (before !== undefined && after !== undefined && before.setting !== after.setting) {
      moves.push({ from: before.stepIndex, to: after.stepIndex });
    }
  }
  return { lanes, columns, items, ordered, moves, crossings: moves.length, rowCount: row };
}

export const JOURNEY_LIMITS = { steps: 40, title: 200, days: 3650 } as const;

/**
 * Problems with a journey's steps as posted, paths 'steps' and 'steps[0].day'. A journey needs at least two steps
 * (a journey has somewhere to go) and at most `JOURNEY_LIMITS.steps`; each step a known setting, a title of at most
 * `JOURNEY_LIMITS.title` characters, and a whole-number day within ten years either side of day 0. A journey that
 * never leaves one setting is allowed with a warning: the point of the entry is the crossing of boundaries.
 */
export function validateJourneySteps(steps: readonly JourneyStep[]): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ path, severity: 'error', message });
  if (steps.length < 2) error('steps', 'Add at least 2 steps to the journey');
  if (steps.length > JOURNEY_LIMITS.steps) {
    error('steps', `Add ${String(JOURNEY_LIMITS.steps)} steps or fewer: summarise the less important ones`);
  }
  steps.forEach((step, index) => {
    const path = `steps[${String(index)}]`;
    if (!isJourneySetting(step.setting)) error(`${path}.setting`, 'Select where this step happened');
    if (!Number.isInteger(step.day)) {
      error(`${path}.day`, 'Day must be a whole number, like 0 for admission or -2 for two days before');
    } else if (Math.abs(step.day) > JOURNEY_LIMITS.days) {
      error(`${path}.day`, `Day must be between -${String(JOURNEY_LIMITS.days)} and ${String(JOURNEY_LIMITS.days)}`);
    }
    const title = step.title.trim();
    if (title === '') error(`${path}.title`, 'Enter what happened at this step');
    else if (title.length > JOURNEY_LIMITS.title) {
      error(`${path}.title`, `What happened must be ${String(JOURNEY_LIMITS.title)} characters or fewer`);
    }
  });
  if (steps.length >= 2 && new Set(steps.map(settingOf)).size === 1) {
    problems.push({
      path: 'steps',
      severity: 'warning',
      message: 'Every step is in the same setting: a patient journey usually shows the patient moving between settings',
    });
  }
  return problems;
}
