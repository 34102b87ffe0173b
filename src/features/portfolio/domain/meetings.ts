import { fromDay as isoOfDay, nhsDate } from '../../../shared/dates.ts';
import { londonParts } from '../../../shared/london-time.ts';
import type { Problem } from './kinds.ts';

/**
 * Educational supervisor meetings in a placement, and the personal development plan (PDP) reviewed at them.
 *
 * Dates: placement dates, meeting dates and target dates are calendar dates, given as Dates at midnight UTC (as a
 * `date` column is read) and compared as whole days, so no time zone can move a deadline. `now` is an instant,
 * read as the day it is in London. A deadline is the last day on which the meeting is on time.
 */

export const MEETING_TYPES = ['initial', 'mid_point', 'end_of_placement'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  initial: 'Initial meeting',
  mid_point: 'Mid-point review',
  end_of_placement: 'End of placement review',
};

export function isMeetingType(value: string): value is MeetingType {
  return (MEETING_TYPES as readonly string[]).includes(value);
}

/** Four weeks: the span the deadlines below are written in. */
export const MEETING_WINDOW_DAYS = 28;

const DAY_MS = 86_400_000;

/** The day number (days since 1970) of a calendar date given as a Date at midnight UTC. */
function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** The day number of the day an instant falls on in London. */
export function londonDay(now: Date): number {
  const { year, month, day } = londonParts(now);
  return Math.floor(Date.UTC(Number(year), Number(month) - 1, Number(day)) / DAY_MS);
}

function fromDay(day: number): Date {
  return new Date(day * DAY_MS);
}

export type MeetingStatus = 'done' | 'due' | 'overdue' | 'not_yet';

export interface HeldMeeting {
  type: MeetingType;
  heldOn: Date;
}

export interface MeetingDue {
  type: MeetingType;
  /** The first day the meeting is expected: before it the status is 'not_yet'. */
  opensOn: Date;
  /** The last day on which the meeting is on time. */
  dueBy: Date;
  status: MeetingStatus;
  /** The most recent meeting of this type, when one was held. */
  heldOn: Date | null;
}

/**
 * The window of each meeting in a placement from `start` to `end` (both included), after the Foundation
 * Programme's pattern of meetings with the educational supervisor:
 * - initial: from the first day, by the end of the fourth week (the 28th day), so the learner and supervisor agree
 *   the plan while there is time to follow it; never later than the mid-point's deadline in a short placement;
 * - mid-point: in the four weeks up to the middle day of the placement (from the first day in a placement of eight
 *   weeks or less), by the middle day, so there is half the placement left to act on it;
 * - end of placement: in the last four weeks (never before the day after the middle), by the last day, while the
 *   supervisor still works with the learner.
 * A placement whose end is before its start is read as a single day.
 */
export function meetingWindows(
  placementStart: Date,
  placementEnd: Date,
): Record<MeetingType, { opensOn: number; dueBy: number }> {
  const start = dayOf(placementStart);
  const end = Math.max(dayOf(placementEnd), start);
  const middle = start + Math.floor((end - start) / 2);
  const window = MEETING_WINDOW_DAYS - 1;
  return {
    initial: { opensOn: start, dueBy: Math.min(start + window, middle) },
    mid_point: { opensOn: Math.max(start, middle - window), dueBy: middle },
    end_of_placement: { opensOn: Math.min(end, Math.max(end - window, middle + 1)), dueBy: end },
  };
}

/** Each meeting of a placement with its window and where it stands today, in the order they happen. */
export function meetingsDue(input: {
  placementStart: Date;
  placementEnd: Date;
  held: readonly HeldMeeting[];
  now: Date;
}): MeetingDue[] {
  const today = londonDay(input.now);
  const windows = meetingWindows(input.placementStart, input.placementEnd);
  return MEETING_TYPES.map((type) => {
    const { opensOn, dueBy } = windows[type];
    const held = input.held
      .filter((meeting) => meeting.type === type)
      .map((meeting) => dayOf(meeting.heldOn))
      .sort((a, b) => b - a)[0];
    let status: MeetingStatus;
    // A meeting held early still counts: the supervisor chose to meet, and the learner must not be told to repeat it.
    if (held !== undefined) status = 'done';
    else if (today > dueBy) status = 'overdue';
    else if (today >= opensOn) status = 'due';
    else status = 'not_yet';
    return {
      type,
      opensOn: fromDay(opensOn),
      dueBy: fromDay(dueBy),
      status,
      heldOn: held === undefined ? null : fromDay(held),
    };
  });
}

/**
 * Problems with recording a meeting, with the form's field names as paths. Errors: an unknown type, a date in the
 * future (a meeting is recorded once held). Warnings: a date outside the placement (allowed: an end-of-placement
 * review can slip into the next week), a meeting of this type already recorded, or one held before its window
 * opens (an end-of-placement review in the first month reviews nothing).
 */
export function validateMeetingRecord(input: {
  type: string;
  heldOn: Date;
  placementStart: Date;
  placementEnd: Date;
  held: readonly HeldMeeting[];
  now: Date;
}): Problem[] {
  const problems: Problem[] = [];
  if (!isMeetingType(input.type)) {
    return [{ path: 'type', severity: 'error', message: 'Select the type of meeting' }];
  }
  const type = input.type;
  const day = dayOf(input.heldOn);
  const window = meetingWindows(input.placementStart, input.placementEnd)[type];
  if (day > londonDay(input.now)) {
    problems.push({ path: 'heldOn', severity: 'error', message: 'Date of the meeting must be today or in the past' });
  } else if (day < dayOf(input.placementStart) || day > dayOf(input.placementEnd)) {
    problems.push({ path: 'heldOn', severity: 'warning', message: 'This date is outside the placement' });
  } else if (day < window.opensOn) {
    problems.push({
      path: 'heldOn',
      severity: 'warning',
      message: `This is early for the ${MEETING_TYPE_LABELS[type].toLowerCase()}: it is usually held from ${nhsDate(isoOfDay(window.opensOn))}`,
    });
  }
  if (input.held.some((meeting) => meeting.type === type)) {
    problems.push({
      path: 'type',
      severity: 'warning',
      message: `${ALREADY_RECORDED[type]} has already been recorded for this placement`,
    });
  }
  return problems;
}

const ALREADY_RECORDED: Record<MeetingType, string> = {
  initial: 'An initial meeting',
  mid_point: 'A mid-point review',
  end_of_placement: 'An end of placement review',
};

// The personal development plan

export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  open: 'Open',
  achieved: 'Achieved',
  dropped: 'Dropped',
};

export function isGoalStatus(value: string): value is GoalStatus {
  return (GOAL_STATUSES as readonly string[]).includes(value);
}

export interface PdpGoal {
  id: string;
  text: string;
  /** A calendar date, or null when no date was agreed. */
  targetDate: Date | null;
  status: GoalStatus;
  /** The goal in the previous plan this one continues, so a goal's history can be followed across placements. */
  carriedFrom: string | null;
}

export const PDP_LIMITS = { goals: 10, text: 500, comment: 2000 } as const;

/**
 * The goals that start the next plan: each open goal continues as a new goal (new id, the same text and target
 * date, `carriedFrom` pointing back); achieved and dropped goals stay in the plan they were closed in.
 */
export function carryOverGoals(previous: readonly PdpGoal[], newIdFor: (goal: PdpGoal) => string): PdpGoal[] {
  return previous
    .filter((goal) => goal.status === 'open')
    .map((goal) => ({
      id: newIdFor(goal),
      text: goal.text,
      targetDate: goal.targetDate,
      status: 'open',
      carriedFrom: goal.id,
    }));
}

/** Open goals whose target date has passed (the target day itself is still on time), soonest first. */
export function goalsOverdue(goals: readonly PdpGoal[], now: Date): PdpGoal[] {
  const today = londonDay(now);
  return goals
    .filter((goal) => goal.status === 'open' && goal.targetDate !== null && dayOf(goal.targetDate) < today)
    .sort(
      (a, b) =>
        (a.targetDate?.getTime() ?? 0) - (b.targetDate?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

export interface NewGoal {
  text: string;
  targetDate: Date | null;
}

/**
 * Problems with the goals written for a plan, paths 'goals' and 'goals[0].text'. Errors: no goal, more than
 * `PDP_LIMITS.goals`, an empty or long text, a target date already past. Warning: no target date, since a goal
 * with a date is one that gets reviewed.
 */
export function validateGoals(goals: readonly NewGoal[], now: Date): Problem[] {
  const problems: Problem[] = [];
  const today = londonDay(now);
  if (goals.length === 0) problems.push({ path: 'goals', severity: 'error', message: 'Add at least one goal' });
  if (goals.length > PDP_LIMITS.goals) {
    problems.push({
      path: 'goals',
      severity: 'error',
      message: `Add ${String(PDP_LIMITS.goals)} goals or fewer: a plan with fewer goals is easier to follow`,
    });
  }
  goals.forEach((goal, index) => {
    const path = `goals[${String(index)}]`;
    const text = goal.text.trim();
    if (text === '') problems.push({ path: `${path}.text`, severity: 'error', message: 'Enter the goal' });
    else if (text.length > PDP_LIMITS.text) {
      problems.push({
        path: `${path}.text`,
        severity: 'error',
        message: `Goal must be ${String(PDP_LIMITS.text)} characters or fewer`,
      });
    }
    if (goal.targetDate === null) {
      problems.push({
        path: `${path}.targetDate`,
        severity: 'warning',
        message: 'Add a target date, so you and your supervisor know when to review this goal',
      });
    } else if (dayOf(goal.targetDate) < today) {
      problems.push({
        path: `${path}.targetDate`,
        severity: 'error',
        message: 'Target date must be today or in the future',
      });
    }
  });
  return problems;
}

export interface GoalReviewItem {
  goalId: string;
  /** As submitted: checked to be one of `GOAL_STATUSES`. */
  status: string;
  comment: string;
}

/**
 * Problems with a review of the plan at a meeting, paths 'goals' and 'goals[0].status'. Every goal open before the
 * review must be given a status (a review that skips a goal loses it); each item must name a goal of the plan,
 * once; a goal already achieved or dropped cannot be changed here (write a new goal instead, so the record of what
 * was agreed stays true); a dropped goal needs a comment saying why; comments are at most `PDP_LIMITS.comment`.
 */
export function validateGoalReview(existing: readonly PdpGoal[], review: readonly GoalReviewItem[]): Problem[] {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ path, severity: 'error', message });
  const byId = new Map(existing.map((goal) => [goal.id, goal]));
  const reviewed = new Set<string>();
  review.forEach((item, index) => {
    const path = `goals[${String(index)}]`;
    const goal = byId.get(item.goalId);
    if (goal === undefined) {
      error(path, 'This goal is not part of the plan: reload the page and try again');
      return;
    }
    if (reviewed.has(item.goalId)) {
      error(path, 'This goal has been reviewed twice: reload the page and try again');
      return;
    }
    reviewed.add(item.goalId);
    const comment = item.comment.trim();
    if (!isGoalStatus(item.status)) {
      error(`${path}.status`, 'Select whether the goal is still open, achieved or dropped');
    } else if (goal.status !== 'open' && item.status !== goal.status) {
      error(`${path}.status`, `This goal was already ${goal.status}: add a new goal instead`);
    } else if (item.status === 'dropped' && goal.status === 'open' && comment === '') {
      error(`${path}.comment`, 'Say why the goal was dropped');
    }
    if (comment.length > PDP_LIMITS.comment) {
      error(`${path}.comment`, `Comment must be ${String(PDP_LIMITS.comment)} characters or fewer`);
    }
  });
  const missed = existing.filter((goal) => goal.status === 'open' && !reviewed.has(goal.id)).length;
  if (missed > 0) {
    error(
      'goals',
      missed === 1
        ? 'Review every open goal: 1 has not been reviewed'
        : `Review every open goal: ${String(missed)} have not been reviewed`,
    );
  }
  return problems;
}

/** The new goals a meeting's form takes at most, and the empty rows it offers before "Add another goal". */
export const MAX_NEW_GOALS = 5;
export const NEW_GOAL_ROWS = 3;

/**
 * The goals of the plan as it stands: open goals that no later goal carries over. A goal carried over at a meeting
 * stays, open, in the plan it was set in (carryOverGoals), and its copy continues in the next plan.
 */
export function currentPlan<G extends { id: string; status: GoalStatus; carriedFrom: string | null }>(
  goals: readonly G[],
): G[] {
  const carried = new Set(goals.flatMap((goal) => (goal.carriedFrom === null ? [] : [goal.carriedFrom])));
  return goals.filter((goal) => goal.status === 'open' && !carried.has(goal.id));
}

/**
 * The placement a meeting is most likely about today: the one under way (the latest to start, if two overlap), else
 * the next to start, else the last to end; undefined when there is none. Dates are 'YYYY-MM-DD'.
 */
export function currentPlacement<P extends { startsOn: string; endsOn: string }>(
  placements: readonly P[],
  now: Date,
): P | undefined {
  const today = isoOfDay(londonDay(now));
  const byStart = [...placements].sort((a, b) => (a.startsOn < b.startsOn ? -1 : a.startsOn > b.startsOn ? 1 : 0));
  const underWay = byStart.filter((p) => p.startsOn <= today && p.endsOn >= today);
  if (underWay.length > 0) return underWay[underWay.length - 1];
  const next = byStart.find((p) => p.startsOn > today);
  if (next !== undefined) return next;
  return [...byStart].sort((a, b) => (a.endsOn < b.endsOn ? -1 : a.endsOn > b.endsOn ? 1 : 0)).at(-1);
}
