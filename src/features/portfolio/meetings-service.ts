/**
 * Supervisor meetings and the personal development plan (PDP): a meeting recorded by the learner (for the supervisor
 * they name to confirm by signing it off) or by one of their supervisors (their own record, signed off as it is
 * saved); at each meeting the open goals are reviewed and new ones set, in the same transaction as the entry. The
 * learner's plan page and the supervisor's task list read the meetings due in each placement from the same rules
 * (domain/meetings.ts).
 */
import { auditEntry } from './entry-audit.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { SUPERVISORS } from '../../platform/policy.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { datePartsOf, readDateInput } from '../../shared/dates.ts';
import { supervisedLearnerIds } from '../learners/index.ts';
import { currentSupervisorOf } from '../people/index.ts';
import { placementsOfLearner, placementsOfLearners, type LearnerPlacement } from '../placements/index.ts';
import { Problems, text, type FormProblem, type Values } from './domain/form-reading.ts';
import { guardFields, type TextField } from './domain/guard.ts';
import {
  MAX_NEW_GOALS,
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  MEETING_WINDOW_DAYS,
  NEW_GOAL_ROWS,
  PDP_LIMITS,
  carryOverGoals,
  currentPlacement,
  currentPlan,
  goalsOverdue,
  isGoalStatus,
  londonDay,
  meetingsDue,
  validateGoalReview,
  validateGoals,
  validateMeetingRecord,
  type GoalReviewItem,
  type GoalStatus,
  type MeetingDue,
  type MeetingType,
  type NewGoal,
  type PdpGoal,
} from './domain/meetings.ts';
import { learnerAccess, type LearnerAccess } from './policy.ts';
import * as meetings from './meetings-repository.ts';
import type { GoalRow, HeldMeetingRow } from './meetings-repository.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';
import { draftFor, keepDraft } from './service.ts';

/** Who is recording the meeting: the learner, or one of their supervisors. */
export type Recorder = 'learner' | 'supervisor';

const DRAFT_KEY = 'new:supervisor_meeting';

/** A calendar date ('YYYY-MM-DD') as the domain reads it: midnight UTC. */
export function dayDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function asPdpGoal(row: GoalRow): PdpGoal {
  return {
    id: row.id,
    text: row.text,
    targetDate: row.targetDate === null ? null : dayDate(row.targetDate),
    status: row.status,
    carriedFrom: row.carriedFrom,
  };
}

export interface SupervisorOption {
  id: string;
  name: string;
  role: string;
}

/** What recording a meeting for a learner needs, loaded once for the form and again for the save. */
export interface MeetingFormContext {
  access: LearnerAccess;
  recorder: Recorder;
  placements: LearnerPlacement[];
  defaultPlacement: LearnerPlacement | undefined;
  /** The open goals of the plan, each to be reviewed at this meeting. */
  plan: GoalRow[];
  held: HeldMeetingRow[];
  educationalSupervisor: { id: string; name: string } | null;
  /** Clinical supervisors of the learner's placements who are active, by id. */
  clinicalNames: Map<string, string>;
}

/**
 * The learner's meeting context, for the learner themself ('learner') or one of their current supervisors
 * ('supervisor'); anyone else, the learner's programme team included, is told the page does not exist.
 */
export async function meetingFormContext(
  ctx: Context,
  learnerId: string,
  recorder: Recorder,
): Promise<MeetingFormContext> {
  const access = await learnerAccess(ctx, learnerId);
  if (recorder === 'learner' ? !access.own : access.own || !access.supervisor) throw new NotFoundError();
  const [placements, goals, held, es] = await Promise.all([
    placementsOfLearner(ctx.db, learnerId),
    meetings.goalsOf(ctx.db, learnerId),
    meetings.meetingsOf(ctx.db, [learnerId]),
    currentSupervisorOf(ctx.db, learnerId),
  ]);
  const clinicalIds = placements.flatMap((p) =>
    p.clinicalSupervisorUserId === null ? [] : [p.clinicalSupervisorUserId],
  );
  return {
    access,
    recorder,
    placements,
    defaultPlacement: currentPlacement(placements, ctx.now),
    plan: currentPlan(goals),
    held,
    educationalSupervisor: es === null ? null : { id: es.id, name: es.name },
    clinicalNames: await meetings.activeNames(ctx.db, [...new Set(clinicalIds)]),
  };
}

/**
 * Whom a learner may name as the supervisor they met: their educational supervisor and the clinical supervisor of
 * the placement the meeting is in (and of their current placement).
 */
export function supervisorOptions(form: MeetingFormContext, placementId: string): SupervisorOption[] {
  const options: SupervisorOption[] = [];
  if (form.educationalSupervisor !== null) {
    options.push({ ...form.educationalSupervisor, role: 'educational supervisor' });
  }
  const placementIds = [placementId, form.defaultPlacement?.id];
  for (const placement of form.placements.filter((p) => placementIds.includes(p.id))) {
    const id = placement.clinicalSupervisorUserId;
    const name = id === null ? undefined : form.clinicalNames.get(id);
    if (id === null || name === undefined || options.some((option) => option.id === id)) continue;
    options.push({ id, name, role: `clinical supervisor, ${placement.specialty}` });
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the form

/** How many new-goal rows the form shows: those posted, at least NEW_GOAL_ROWS, at most MAX_NEW_GOALS. */
export function goalRowCount(values: Values): number {
  let highest = -1;
  for (const key of Object.keys(values)) {
    const match = /^newGoals-(\d{1,2})-/.exec(key);
    if (match !== null) highest = Math.max(highest, Number(match[1]));
  }
  return Math.min(MAX_NEW_GOALS, Math.max(NEW_GOAL_ROWS, highest + 1));
}

/** "Add another goal": the form comes back with one more empty row, nothing saved. */
export function withGoalRowAdded(values: Values): Record<string, unknown> {
  const count = goalRowCount(values);
  const result: Record<string, unknown> = { ...values };
  if (count < MAX_NEW_GOALS) result[`newGoals-${String(count)}-text`] = '';
  return result;
}

export interface MeetingRecord {
  type: MeetingType;
  placementId: string;
  heldOn: string;
  supervisorUserId: string;
  supervisorName: string;
  discussion: string;
  agreedActions: string;
  learnerComment: string;
  reviews: { goalId: string; text: string; status: GoalStatus; note: string }[];
  newGoals: { text: string; targetDate: string | null }[];
}

export type MeetingRead =
  { ok: true; data: MeetingRecord; warnings: string[] } | { ok: false; problems: FormProblem[]; warnings: string[] };

export const reviewField = (goalId: string, part: 'status' | 'note') => `review-${goalId}-${part}`;
export const goalField = (row: number, part: 'text' | 'targetDate') => `newGoals-${String(row)}-${part}`;

function dateIsBlank(values: Values, field: string): boolean {
  const parts = datePartsOf(values, field);
  return parts.day.trim() === '' && parts.month.trim() === '' && parts.year.trim() === '';
}

/**
 * Reads a posted meeting form against the learner's placements, plan and meetings already held: every problem at its
 * field, the anonymisation guard over everything written, and the meeting rules' warnings (a meeting held early)
 * apart, for the page to show before the save.
 */
export function readMeetingForm(
  values: Values,
  form: MeetingFormContext,
  principal: Principal,
  now: Date,
): MeetingRead {
  const problems = new Problems();
  const warnings: string[] = [];
  const type = problems.choice(values, 'type', MEETING_TYPES, 'Select the type of meeting');
  const placementId = text(values, 'placementId');
  const placement = form.placements.find((p) => p.id === placementId);
  if (placement === undefined) problems.add('placementId', 'Select the placement the meeting was in');
  const held = readDateInput(values, 'heldOn', 'Date of the meeting');
  if (!held.ok) problems.add('heldOn', held.message, '#heldOn-day');

  let supervisorUserId = principal.userId;
  let supervisorName = principal.displayName;
  if (form.recorder === 'learner') {
    const chosen = text(values, 'supervisorUserId');
    const option = supervisorOptions(form, placementId).find((candidate) => candidate.id === chosen);
    if (option === undefined) problems.add('supervisorUserId', 'Select the supervisor you met');
    supervisorUserId = option?.id ?? '';
    supervisorName = option?.name ?? '';
  }
  const discussion = problems.text(values, 'discussion', 'What was discussed', {
    required: 'Enter what was discussed',
  });
  const agreedActions = problems.text(values, 'agreedActions', 'Agreed actions');

  // The review of each open goal of the plan, by the goal's id.
  const items: GoalReviewItem[] = form.plan.map((goal) => ({
    goalId: goal.id,
    status: text(values, reviewField(goal.id, 'status')),
    comment: text(values, reviewField(goal.id, 'note')),
  }));
  for (const problem of validateGoalReview(form.plan.map(asPdpGoal), items)) {
    const match = /^goals\[(\d+)\]\.(status|comment)$/.exec(problem.path);
    const goal = match === null ? undefined : form.plan[Number(match[1])];
    if (problem.severity !== 'error' || goal === undefined) continue;
    const field = reviewField(goal.id, match?.[2] === 'comment' ? 'note' : 'status');
    problems.add(field, problem.message);
  }

  // New goals: rows left empty are not goals.
  const rows: { row: number; goal: NewGoal; targetDate: string | null }[] = [];
  for (let row = 0; row < goalRowCount(values); row += 1) {
    const goalText = text(values, goalField(row, 'text'));
    const dateField = goalField(row, 'targetDate');
    if (goalText === '' && dateIsBlank(values, dateField)) continue;
    let targetDate: string | null = null;
    if (!dateIsBlank(values, dateField)) {
      const date = readDateInput(values, dateField, `Target date of goal ${String(row + 1)}`);
      if (date.ok) targetDate = date.date;
      else problems.add(dateField, date.message, `#${dateField}-day`);
    }
    rows.push({
      row,
      goal: { text: goalText, targetDate: targetDate === null ? null : dayDate(targetDate) },
      targetDate,
    });
  }
  for (const problem of validateGoals(
    rows.map((r) => r.goal),
    now,
  )) {
    const match = /^goals\[(\d+)\]\.(text|targetDate)$/.exec(problem.path);
    const row = match === null ? undefined : rows[Number(match[1])];
    if (problem.severity !== 'error' || row === undefined) continue;
    const field = goalField(row.row, match?.[2] === 'targetDate' ? 'targetDate' : 'text');
    problems.add(field, problem.message, field.endsWith('targetDate') ? `#${field}-day` : `#${field}`);
  }
  const carried = items.filter((item) => item.status === 'open').length;
  // Until every goal is reviewed it is not known whether the plan keeps any.
  const allReviewed = items.every((item) => isGoalStatus(item.status));
  if (rows.length === 0 && carried === 0 && allReviewed) {
    problems.add(goalField(0, 'text'), 'Add at least one goal to the personal development plan');
  }
  if (rows.length + carried > PDP_LIMITS.goals) {
    problems.add(
      goalField(0, 'text'),
      `A plan takes ${String(PDP_LIMITS.goals)} open goals or fewer: close or drop some before adding more`,
    );
  }

  const learnerComment =
    form.recorder === 'learner'
      ? problems.text(values, 'learnerComment', 'Your comment', { max: PDP_LIMITS.comment })
      : '';

  if (placement !== undefined && held.ok) {
    for (const problem of validateMeetingRecord({
      type,
      heldOn: dayDate(held.date),
      placementStart: dayDate(placement.startsOn),
      placementEnd: dayDate(placement.endsOn),
      held: form.held
        .filter((meeting) => meeting.placementId === placement.id)
        .map((meeting) => ({ type: meeting.type as MeetingType, heldOn: dayDate(meeting.heldOn) })),
      now,
    })) {
      if (problem.severity === 'warning') warnings.push(problem.message);
      else problems.add(problem.path, problem.message, problem.path === 'heldOn' ? '#heldOn-day' : `#${problem.path}`);
    }
  }

  // The guard reads everything anyone wrote, and its findings join the others in the order of the page.
  const texts: TextField[] = [
    { field: 'discussion', label: 'What was discussed', text: discussion },
    { field: 'agreedActions', label: 'Agreed actions', text: agreedActions },
    ...form.plan.map((goal, n) => ({
      field: reviewField(goal.id, 'note'),
      label: `The note on goal ${String(n + 1)}`,
      text: items[n]?.comment ?? '',
    })),
    ...rows.map((r) => ({
      field: goalField(r.row, 'text'),
      label: `New goal ${String(r.row + 1)}`,
      text: r.goal.text,
    })),
    { field: 'learnerComment', label: 'Your comment', text: learnerComment },
  ];
  for (const problem of guardFields(texts)) problems.add(problem.field, problem.message);

  if (!problems.ok) {
    const order = [
      'type',
      'placementId',
      'heldOn',
      'supervisorUserId',
      'discussion',
      'agreedActions',
      ...form.plan.flatMap((goal) => [reviewField(goal.id, 'status'), reviewField(goal.id, 'note')]),
      ...Array.from({ length: MAX_NEW_GOALS }, (_, row) => [
        goalField(row, 'text'),
        goalField(row, 'targetDate'),
      ]).flat(),
      'learnerComment',
    ];
    const at = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
    return { ok: false, problems: [...problems.list].sort((a, b) => at(a.field) - at(b.field)), warnings };
  }
  return {
    ok: true,
    warnings,
    data: {
      type,
      placementId,
      heldOn: held.ok ? held.date : '',
      supervisorUserId,
      supervisorName,
      discussion,
      agreedActions,
      learnerComment,
      reviews: form.plan.map((goal, n) => ({
        goalId: goal.id,
        text: goal.text,
        status: (items[n]?.status ?? 'open') as GoalStatus,
        note: items[n]?.comment ?? '',
      })),
      newGoals: rows.map((r) => ({ text: r.goal.text.trim(), targetDate: r.targetDate })),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Saving

/**
 * Saves the meeting, its review of the plan and its new goals in one transaction with their audit records. The plan
 * is read again under lock: a goal reviewed by another meeting since the form was opened refuses the save.
 */
export async function recordMeeting(
  ctx: Context,
  learnerId: string,
  recorder: Recorder,
  record: MeetingRecord,
): Promise<Entry> {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const access = await learnerAccess(txCtx, learnerId);
    if (recorder === 'learner' ? !access.own : access.own || !access.supervisor) throw new NotFoundError();
    const placement = (await placementsOfLearner(tx, learnerId)).find((p) => p.id === record.placementId);
    if (placement === undefined) throw new RuleError('Select the placement the meeting was in', 'placementId');
    await meetings.lockGoalsOf(tx, learnerId);
    const plan = currentPlan(await meetings.goalsOf(tx, learnerId));
    const review = validateGoalReview(
      plan.map(asPdpGoal),
      record.reviews.map((item) => ({ goalId: item.goalId, status: item.status, comment: item.note })),
    ).find((problem) => problem.severity === 'error');
    if (review !== undefined) {
      throw new RuleError(
        'The personal development plan was changed by another meeting after you opened this page. Copy anything you need, then open the page again.',
        'discussion',
      );
    }
    const signedOff = recorder === 'supervisor';
    const title = `${MEETING_TYPE_LABELS[record.type]}: ${placement.specialty}`;
    const entry = await repository.insertEntry(tx, {
      id: newId(),
      learnerUserId: learnerId,
      regionId: access.learner.regionId,
      kind: 'supervisor_meeting',
      title,
      status: signedOff ? 'signed_off' : 'awaiting_sign_off',
      occurredOn: record.heldOn,
      placementId: placement.id,
      document: {
        type: record.type,
        placementId: placement.id,
        supervisorUserId: record.supervisorUserId,
        supervisorName: record.supervisorName,
        heldOn: record.heldOn,
        discussion: record.discussion,
        agreedActions: record.agreedActions,
        learnerComment: record.learnerComment,
        reviews: record.reviews,
      },
      searchText: [
        record.discussion,
        record.agreedActions,
        record.learnerComment,
        ...record.reviews.map((item) => item.note),
        ...record.newGoals.map((goal) => goal.text),
      ]
        .filter((part) => part !== '')
        .join('\n'),
      submittedAt: ctx.now,
      signedOffAt: signedOff ? ctx.now : null,
      signedOffBy: signedOff ? ctx.principal.userId : null,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });

    const byId = new Map(plan.map((goal) => [goal.id, goal]));
    const stillOpen: PdpGoal[] = [];
    for (const item of record.reviews) {
      await meetings.reviewGoal(tx, item.goalId, {
        status: item.status,
        reviewNote: item.note === '' ? null : item.note,
        updatedAt: ctx.now,
      });
      const goal = byId.get(item.goalId);
      if (item.status === 'open' && goal !== undefined) stillOpen.push(asPdpGoal(goal));
    }
    const carried = carryOverGoals(stillOpen, () => newId());
    const goalRow = (goal: { id: string; text: string; targetDate: string | null; carriedFrom: string | null }) => ({
      ...goal,
      learnerUserId: learnerId,
      entryId: entry.id,
      status: 'open' as const,
      reviewNote: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await meetings.insertGoals(tx, [
      ...carried.map((goal) =>
        goalRow({
          id: goal.id,
          text: goal.text,
          targetDate: goal.targetDate === null ? null : goal.targetDate.toISOString().slice(0, 10),
          carriedFrom: goal.carriedFrom,
        }),
      ),
      ...record.newGoals.map((goal) => goalRow({ id: newId(), ...goal, carriedFrom: null })),
    ]);
    await repository.deleteDraft(tx, ctx.principal.userId, learnerId, DRAFT_KEY);

    const whose = access.own ? 'their' : `${access.learner.name}’s`;
    await auditEntry(
      tx,
      ctx,
      'create',
      { id: entry.id, regionId: access.learner.regionId },
      signedOff
        ? `Recorded and signed off ${whose} ${MEETING_TYPE_LABELS[record.type].toLowerCase()}`
        : `Recorded ${whose} ${MEETING_TYPE_LABELS[record.type].toLowerCase()} with ${record.supervisorName}, for them to sign off`,
    );
    if (record.reviews.length > 0 || record.newGoals.length > 0) {
      const count = (n: number, what: string) => `${String(n)} ${what}${n === 1 ? '' : 's'}`;
      await audit(
        tx,
        ctx.actor,
        {
          action: 'update',
          entityType: 'pdp_goal',
          entityId: entry.id,
          regionId: access.learner.regionId,
          summary: `Reviewed ${count(record.reviews.length, 'goal')} (${count(carried.length, 'carried over')}) and set ${count(record.newGoals.length, 'new goal')} in ${whose} personal development plan`,
        },
        ctx.now,
      );
    }
    return entry;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The plan page, the entry page and the task list

export interface PlacementMeetings {
  placement: LearnerPlacement;
  due: MeetingDue[];
  held: HeldMeetingRow[];
}

/** Each placement's meetings and where they stand today. */
export function placementMeetings(
  placements: readonly LearnerPlacement[],
  held: readonly HeldMeetingRow[],
  now: Date,
): PlacementMeetings[] {
  return placements.map((placement) => {
    const inPlacement = held.filter((meeting) => meeting.placementId === placement.id);
    return {
      placement,
      held: inPlacement,
      due: meetingsDue({
        placementStart: dayDate(placement.startsOn),
        placementEnd: dayDate(placement.endsOn),
        held: inPlacement
          .filter((meeting) => (MEETING_TYPES as readonly string[]).includes(meeting.type))
          .map((meeting) => ({ type: meeting.type as MeetingType, heldOn: dayDate(meeting.heldOn) })),
        now,
      }),
    };
  });
}

export interface Pdp {
  access: LearnerAccess;
  /** The open goals of the plan, each with whether its target date has passed. */
  open: (GoalRow & { overdue: boolean })[];
  /** Goals achieved or dropped, most recently reviewed first. */
  closed: GoalRow[];
  placements: PlacementMeetings[];
  meetings: HeldMeetingRow[];
}

/** The learner's plan and meetings as anyone who may see their records sees them; not found for anyone else. */
export async function pdp(ctx: Context, learnerId: string): Promise<Pdp> {
  const access = await learnerAccess(ctx, learnerId);
  const [goals, placements, held] = await Promise.all([
    meetings.goalsOf(ctx.db, learnerId),
    placementsOfLearner(ctx.db, learnerId),
    meetings.meetingsOf(ctx.db, [learnerId]),
  ]);
  const open = currentPlan(goals);
  const overdue = new Set(goalsOverdue(open.map(asPdpGoal), ctx.now).map((goal) => goal.id));
  return {
    access,
    open: open.map((goal) => ({ ...goal, overdue: overdue.has(goal.id) })),
    closed: goals
      .filter((goal) => goal.status !== 'open')
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()),
    placements: placementMeetings(placements, held, ctx.now),
    meetings: held,
  };
}

/** What a meeting entry's page shows beyond its document: the goals set at it. */
export async function goalsSetAtMeeting(db: Db, entryId: string): Promise<GoalRow[]> {
  return meetings.goalsSetAt(db, entryId);
}

/**
 * How many of a supervisor's learners have a meeting overdue in a placement under way or ended in the last four
 * weeks (a placement long over can no longer have its meeting), read in three queries whatever the number.
 */
export async function overdueMeetingLearners(db: Db, principal: Principal, now: Date): Promise<string[]> {
  if (!hasRole(principal, ...SUPERVISORS)) return [];
  const ids = await supervisedLearnerIds(db, principal.userId, now);
  if (ids.length === 0) return [];
  const [placements, held] = await Promise.all([placementsOfLearners(db, ids), meetings.meetingsOf(db, ids)]);
  const today = londonDay(now);
  const recent = placements.filter((p) => londonDay(dayDate(p.endsOn)) + MEETING_WINDOW_DAYS >= today);
  const late = new Set<string>();
  for (const learnerId of ids) {
    const theirs = placementMeetings(
      recent.filter((p) => p.learnerUserId === learnerId),
      held.filter((meeting) => meeting.learnerUserId === learnerId),
      now,
    );
    if (theirs.some((p) => p.due.some((meeting) => meeting.status === 'overdue'))) late.add(learnerId);
  }
  return ids.filter((id) => late.has(id));
}

export async function overdueMeetingTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  const late = await overdueMeetingLearners(db, principal, now);
  if (late.length === 0) return [];
  return [
    {
      text: 'Record overdue supervisor meetings',
      href: late.length === 1 ? `/portfolio/learners/${late[0] ?? ''}/pdp` : '/portfolio',
      hint: `${late.length === 1 ? '1 learner has' : `${String(late.length)} learners have`} a meeting overdue`,
      status: 'overdue',
    },
  ];
}

/** One of the learner's placements, for a meeting's page. */
export async function placementOf(
  db: Db,
  learnerId: string,
  placementId: string,
): Promise<LearnerPlacement | undefined> {
  return (await placementsOfLearner(db, learnerId)).find((placement) => placement.id === placementId);
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts: a failed save keeps what was typed (without identifiers), for the person recording, as the other kinds do.

export async function keepMeetingDraft(ctx: Context, learnerId: string, values: Values): Promise<void> {
  await keepDraft(ctx, learnerId, 'supervisor_meeting', null, values);
}

export async function draftOf(ctx: Context, learnerId: string): Promise<repository.Draft | undefined> {
  return draftFor(ctx, learnerId, 'supervisor_meeting', null);
}

export async function discardMeetingDraft(ctx: Context, learnerId: string): Promise<void> {
  await repository.deleteDraft(ctx.db, ctx.principal.userId, learnerId, DRAFT_KEY);
}
