/**
 * Learning events: creating and changing them, places and the waiting list, check-in and the register, feedback,
 * reminders and cancellation, and their calendars. Every change runs in one transaction with its audit record and
 * any mail; changes to places lock the event row first, so two people cannot take the last place.
 */
import { PROGRAMME_TEAM, SUPERVISORS, runsProgrammeIn } from '../../platform/policy.ts';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields, type Actor } from '../../platform/audit/audit.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { hasRole, regionsWhere, type Principal, type Role } from '../../platform/auth/roles.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import { calendar, type TimedEvent } from '../../shared/ical.ts';
import { londonParts, londonTime } from '../../shared/london-time.ts';
import {
  cancel as cancelRegistration,
  changeCapacity,
  checkInOpen,
  checkInWindow,
  codeMatches,
  DEFAULT_FEEDBACK_QUESTIONS,
  eventCounts,
  makeCheckInCode,
  register as registerLearner,
  summariseFeedback,
  validateFeedbackAnswers,
  waitingList,
  waitingPosition,
  type CancelOutcome,
  type EventCounts,
  type FeedbackAnswersResult,
  type FeedbackSummary,
  type RegisterOutcome,
} from './domain/events.ts';
import * as repository from './repository.ts';
import type { EventFilters, EventListItem, LearningEvent, Person, RegistrationRow } from './repository.ts';
import { type Context } from '../../platform/context.ts';
import {
  currentVersion,
  findLearner,
  recordLearnerVersion,
  regionCurriculum,
  recordEvidence,
  sortedDomains,
  sortedOutcomes,
  type CurriculumContent,
  type Outcome,
  ACTIVITY_TYPE_LABELS,
  type ActivityType,
  validateEvidenceOutcomes,
} from '../curriculum/index.ts';

export type { LearningEvent, EventListItem, EventFilters } from './repository.ts';

/** Staff who may see a region's events; any of them may be named facilitator. */
export const EVENT_STAFF: readonly Role[] = [...PROGRAMME_TEAM, 'educational_fellow', ...SUPERVISORS];
/** Everyone who may open the events pages; services then check the region and the audience. */
export const EVENT_VIEWERS: readonly Role[] = [...EVENT_STAFF, 'learner'];
const FACILITATOR_ROLES: readonly Role[] = EVENT_STAFF.filter((role) => role !== 'platform_admin');

export { ACTIVITY_TYPE_LABELS };

/** Wrong check-in codes a learner may type for one event before they are asked to see the facilitator. */
export const MAX_WRONG_CODES = 5;
/** How long after an event its feedback shows as a task on the learner's home page. */
const FEEDBACK_TASK_DAYS = 30;
/** Past events kept in a private calendar feed. */
const FEED_PAST_DAYS = 90;

// ---------------------------------------------------------------------------------------------------------------
// Time: events are entered in UK time

export { londonParts, londonTime };

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

export function formatTime(instant: Date): string {
  return timeFormat.format(instant).replace(/\s/g, '').toLowerCase();
}

/** "25 November 2026, 9:30am to 4:30pm", or both full times when the event runs past midnight. */
export function eventWhen(event: { startsAt: Date; endsAt: Date }): string {
  if (formatDate(event.startsAt) === formatDate(event.endsAt)) {
    return `${formatDate(event.startsAt)}, ${formatTime(event.startsAt)} to ${formatTime(event.endsAt)}`;
  }
  return `${formatDateTime(event.startsAt)} to ${formatDateTime(event.endsAt)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Who may see and do what

export interface LearnerContext {
  id: string;
  name: string;
  email: string;
  regionId: string;
  stage: string;
  cohortIds: string[];
}

export interface EventAccess {
  event: LearningEvent;
  /** The programme team of the event's region: edit, cancel, remind. */
  manage: boolean;
  /** The programme team or the event's facilitator: the check-in code, the register, the feedback summary. */
  organise: boolean;
  /** Staff of the event's region, who see every event there. */
  staff: boolean;
  /** The signed-in learner, when the event is in their region. */
  learner: LearnerContext | null;
}

function staffScope(principal: Principal): 'all' | string[] {
  return regionsWhere(principal, EVENT_STAFF);
}

function isStaffIn(principal: Principal, regionId: string): boolean {
  const scope = staffScope(principal);
  return scope === 'all' || scope.includes(regionId);
}

export async function learnerContext(db: Db, principal: Principal): Promise<LearnerContext | null> {
  if (!hasRole(principal, 'learner')) return null;
  const learner = await findLearner(db, principal.userId);
  if (learner === undefined) return null;
  return { ...learner, cohortIds: await repository.cohortsOf(db, learner.id) };
}

export function inAudience(
  event: Pick<LearningEvent, 'stages' | 'cohortIds'>,
  learner: Pick<LearnerContext, 'stage' | 'cohortIds'>,
): boolean {
  const stageOk = event.stages.length === 0 || event.stages.includes(learner.stage);
  const cohortOk = event.cohortIds.length === 0 || event.cohortIds.some((id) => learner.cohortIds.includes(id));
  return stageOk && cohortOk;
}

/** The event and what the person may do with it; an event they may not see is reported as not found. */
async function accessTo(ctx: Context, db: Db, event: LearningEvent | undefined): Promise<EventAccess> {
  if (event === undefined) throw new NotFoundError();
  const staff = isStaffIn(ctx.principal, event.regionId);
  const learner = await learnerContext(db, ctx.principal);
  const learnerHere = learner !== null && learner.regionId === event.regionId ? learner : null;
  if (!staff && learnerHere === null) throw new NotFoundError();
  const manage = runsProgrammeIn(ctx.principal, event.regionId);
  const organise = manage || (staff && event.facilitatorUserId === ctx.principal.userId);
  return { event, manage, organise, staff, learner: learnerHere };
}

export async function eventAccess(ctx: Context, id: string): Promise<EventAccess> {
  return accessTo(ctx, ctx.db, await repository.findEvent(ctx.db, id));
}

async function organisedEvent(ctx: Context, db: Db, id: string, lock = false): Promise<EventAccess> {
  const access = await accessTo(ctx, db, await (lock ? repository.lockEvent(db, id) : repository.findEvent(db, id)));
  if (!access.organise) throw new NotFoundError();
  return access;
}

async function managedEvent(ctx: Context, db: Db, id: string, lock = false): Promise<EventAccess> {
  const access = await accessTo(ctx, db, await (lock ? repository.lockEvent(db, id) : repository.findEvent(db, id)));
  if (!access.manage) throw new NotFoundError();
  return access;
}

function eventLink(ctx: Context, id: string): string {
  return `${ctx.publicUrl}/events/${id}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Creating and changing events

export interface EventInput {
  type: ActivityType;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  onlineUrl: string | null;
  /** null: no limit. */
  capacity: number | null;
  /** Empty: every stage. */
  stages: string[];
  /** Empty: every cohort. */
  cohortIds: string[];
  /** At most three, from the region's current curriculum version. */
  outcomeCodes: string[];
  facilitatorUserId: string | null;
}

export interface OutcomeGroup {
  domain: { code: string; title: string };
  outcomes: Outcome[];
}

export interface EventChoices {
  regionId: string;
  stages: { code: string; name: string }[];
  cohorts: { id: string; name: string }[];
  /** Outcomes of the region's current curriculum version by domain; empty when nothing is published. */
  outcomeGroups: OutcomeGroup[];
  curriculumId: string | null;
  content: CurriculumContent | null;
  facilitators: Person[];
}

const FALLBACK_STAGES = ['F1', 'F2', 'ST1', 'ST2', 'ST3'].map((code) => ({ code, name: code }));

/** What the event form offers in a region: stages, cohorts, outcomes and facilitators. */
export async function eventChoices(ctx: Context, regionId: string): Promise<EventChoices> {
  if (!runsProgrammeIn(ctx.principal, regionId)) throw new NotFoundError();
  const curriculum = await regionCurriculum(ctx.db, regionId);
  const version = curriculum === undefined ? undefined : await currentVersion(ctx.db, curriculum.id);
  const content = version?.content ?? null;
  const [cohorts, facilitators] = await Promise.all([
    repository.regionCohorts(ctx.db, regionId),
    repository.regionStaff(ctx.db, regionId, FACILITATOR_ROLES),
  ]);
  const outcomeGroups: OutcomeGroup[] =
    content === null
      ? []
      : sortedDomains(content)
          .map((domain) => ({
            domain: { code: domain.code, title: domain.title },
            outcomes: sortedOutcomes(content).filter((outcome) => outcome.domainCode === domain.code),
          }))
          .filter((group) => group.outcomes.length > 0);
  return {
    regionId,
    stages: content === null ? FALLBACK_STAGES : content.stages.map((stage) => ({ ...stage })),
    cohorts,
    outcomeGroups,
    curriculumId: version === undefined ? null : (curriculum?.id ?? null),
    content,
    facilitators,
  };
}

/** Checks an event's fields against the region (cohorts, outcomes, facilitator); a RuleError names the field. */
function checkInput(input: EventInput, choices: EventChoices): string[] {
  if (input.endsAt.getTime() <= input.startsAt.getTime()) {
    throw new RuleError('The end time must be after the start time', 'endTime');
  }
  if (input.venue === null && input.onlineUrl === null) {
    throw new RuleError('Enter a venue or an online link, or both', 'venue');
  }
  if (input.capacity !== null && (!Number.isInteger(input.capacity) || input.capacity < 1)) {
    throw new RuleError('Places must be a whole number, 1 or more, or blank for no limit', 'capacity');
  }
  const stageCodes = new Set(choices.stages.map((stage) => stage.code));
  if (!input.stages.every((stage) => stageCodes.has(stage))) throw new RuleError('Select the stages again', 'stages');
  const cohortIds = new Set(choices.cohorts.map((cohort) => cohort.id));
  if (!input.cohortIds.every((id) => cohortIds.has(id))) throw new RuleError('Select the cohorts again', 'cohorts');
  if (input.facilitatorUserId !== null && !choices.facilitators.some((p) => p.id === input.facilitatorUserId)) {
    throw new RuleError('Select a facilitator from the list', 'facilitatorUserId');
  }
  if (input.outcomeCodes.length === 0) return [];
  if (choices.content === null) {
    throw new RuleError('The programme has not published its curriculum yet, so there are no outcomes', 'outcomes');
  }
  const checked = validateEvidenceOutcomes(choices.content, input.outcomeCodes);
  if (!checked.ok) throw new RuleError(checked.problems[0]?.message ?? 'Select the outcomes again', 'outcomes');
  return checked.codes;
}

function auditValues(event: LearningEvent): Record<string, unknown> {
  return {
    type: event.type,
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    venue: event.venue,
    onlineUrl: event.onlineUrl,
    capacity: event.capacity,
    stages: event.stages,
    cohortIds: event.cohortIds,
    outcomeCodes: event.outcomeCodes,
    facilitatorUserId: event.facilitatorUserId,
  };
}

/** The columns an event's form sets, with its checked outcome codes: the same for a new event and a changed one. */
function eventColumns(input: EventInput, outcomeCodes: string[]) {
  return {
    type: input.type,
    title: input.title,
    description: input.description,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    venue: input.venue,
    onlineUrl: input.onlineUrl,
    capacity: input.capacity,
    stages: input.stages,
    cohortIds: input.cohortIds,
    outcomeCodes,
    facilitatorUserId: input.facilitatorUserId,
  };
}

/** A new event in a region the person manages, with a fresh check-in code and the default feedback form. */
export async function createEvent(
  ctx: Context,
  regionId: string,
  input: EventInput,
  options: { activityId?: string | null } = {},
): Promise<LearningEvent> {
  const choices = await eventChoices(ctx, regionId);
  const outcomeCodes = checkInput(input, choices);
  return ctx.db.transaction(async (tx) => {
    const event = await repository.insertEvent(tx, {
      id: newId(),
      regionId,
      curriculumId: choices.curriculumId,
      activityId: options.activityId ?? null,
      ...eventColumns(input, outcomeCodes),
      checkInCode: makeCheckInCode(randomBytes(16)),
      feedbackQuestions: DEFAULT_FEEDBACK_QUESTIONS.map((question) => ({ ...question })),
      status: 'scheduled',
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'learning_event',
        entityId: event.id,
        regionId,
        summary: `Created the event ${event.title} (${eventWhen(event)})`,
        after: auditValues(event),
      },
      ctx.now,
    );
    return event;
  });
}

async function queuePromotionMail(
  ctx: Context,
  tx: Db,
  event: LearningEvent,
  promoted: readonly string[],
): Promise<void> {
  if (promoted.length === 0) return;
  const people = await repository.people(tx, promoted);
  for (const id of promoted) {
    const person = people.get(id);
    if (person === undefined) continue;
    await ctx.mailer.queue(
      tx,
      {
        to: person.email,
        subject: `A place has become free: ${event.title}`,
        regionId: event.regionId,
        text: [
          `Dear ${person.name},`,
          '',
          `A place has become free at ${event.title} on ${eventWhen(event)}.`,
          'You were next on the waiting list, so the place is now yours: you do not need to do anything else.',
          '',
          'If you can no longer go, please cancel your place so that someone else can have it.',
          '',
          `Event details: ${eventLink(ctx, event.id)}`,
        ].join('\n'),
      },
      ctx.now,
    );
  }
}

/**
 * Changes an event. Fewer places than learners registered is refused; more places go to the waiting list in order,
 * and those promoted are emailed. Returns the learners promoted.
 */
export async function updateEvent(
  ctx: Context,
  id: string,
  input: EventInput,
): Promise<{ event: LearningEvent; promoted: string[] }> {
  const current = await managedEvent(ctx, ctx.db, id);
  const choices = await eventChoices(ctx, current.event.regionId);
  // Outcomes no longer in the current version may stay on an event that already had them.
  const kept = input.outcomeCodes.filter((code) => current.event.outcomeCodes.includes(code));
  const unknownKept = kept.filter((code) => !choices.content?.outcomes.some((outcome) => outcome.code === code));
  const outcomeCodes = [
    ...unknownKept,
    ...checkInput(
      { ...input, outcomeCodes: input.outcomeCodes.filter((code) => !unknownKept.includes(code)) },
      choices,
    ),
  ];
  if (outcomeCodes.length > 3) throw new RuleError('Choose up to 3 outcomes that attending shows', 'outcomes');
  return ctx.db.transaction(async (tx) => {
    const { event: before } = await managedEvent(ctx, tx, id, true);
    if (before.status === 'cancelled') throw new RuleError('This event has been cancelled and cannot be changed');
    const rows = await repository.registrationsOf(tx, id);
    const state = rows.map(repository.toDomain);
    const change = changeCapacity(state, input.capacity, ctx.now);
    if (!change.ok) throw new RuleError(change.message, 'capacity');
    await repository.saveRegistrations(tx, id, state, change.registrations);
    const event = await repository.updateEvent(tx, id, {
      ...eventColumns(input, outcomeCodes),
      updatedAt: ctx.now,
    });
    await queuePromotionMail(ctx, tx, event, change.promoted);
    const changed = changedFields(auditValues(before), auditValues(event));
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'learning_event',
        entityId: id,
        regionId: event.regionId,
        summary:
          `Changed the event ${event.title}` +
          (change.promoted.length === 0 ? '' : `; ${String(change.promoted.length)} promoted from the waiting list`),
        before: changed.before,
        after: { ...changed.after, ...(change.promoted.length === 0 ? {} : { promoted: change.promoted }) },
      },
      ctx.now,
    );
    return { event, promoted: change.promoted };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Lists

/** A page of the events of the regions the person works in, for staff. */
export async function listStaffEvents(
  ctx: Context,
  filters: EventFilters,
  page: number,
): Promise<Page<EventListItem & { counts: EventCounts }>> {
  const { items, total } = await repository.listEvents(
    ctx.db,
    staffScope(ctx.principal),
    filters,
    ctx.now,
    DEFAULT_PAGE_SIZE,
    offsetFor(page),
  );
  return toPage(
    items.map((item) => ({ ...item, counts: countsOf(item.registered, item.waiting, item.capacity) })),
    total,
    page,
  );
}

function countsOf(registered: number, waiting: number, capacity: number | null): EventCounts {
  const placesLeft = capacity === null ? null : Math.max(0, capacity - registered);
  return { registered, waiting, placesLeft, full: placesLeft === 0 };
}

export interface LearnerEventItem {
  event: EventListItem;
  counts: EventCounts;
  status: 'registered' | 'waiting' | 'not-registered';
  position: number | null;
}

export interface LearnerEvents {
  learner: LearnerContext | null;
  upcoming: LearnerEventItem[];
  attended: LearningEvent[];
}

/** A learner's events: upcoming ones for their stage and cohort (and any they asked for), and those they attended. */
export async function listLearnerEvents(ctx: Context): Promise<LearnerEvents> {
  const learner = await learnerContext(ctx.db, ctx.principal);
  if (learner === null) return { learner, upcoming: [], attended: [] };
  const [events, mine, attended] = await Promise.all([
    repository.upcomingRegionEvents(ctx.db, learner.regionId, ctx.now),
    repository.learnerRegistrations(ctx.db, learner.id),
    repository.attendedEvents(ctx.db, learner.id, ctx.now),
  ]);
  const byEvent = new Map(mine.map((row) => [row.eventId, row]));
  const upcoming: LearnerEventItem[] = [];
  for (const event of events) {
    const own = byEvent.get(event.id);
    const status = own === undefined || own.status === 'cancelled' ? 'not-registered' : own.status;
    const asked = status !== 'not-registered';
    if (!asked && (event.status === 'cancelled' || !inAudience(event, learner))) continue;
    let position: number | null = null;
    if (own?.status === 'waiting') {
      position = waitingPosition(
        (await repository.registrationsOf(ctx.db, event.id)).map(repository.toDomain),
        learner.id,
      );
    }
    upcoming.push({
      event,
      counts: countsOf(event.registered, event.waiting, event.capacity),
      status,
      position,
    });
  }
  return { learner, upcoming, attended };
}

// ---------------------------------------------------------------------------------------------------------------
// One event

export interface AttendeeRow {
  id: string;
  name: string;
  email: string;
  status: RegistrationRow['status'];
  attended: boolean;
  checkedInAt: Date | null;
  checkedInBy: RegistrationRow['checkedInBy'];
  position: number | null;
}

export interface EventView extends EventAccess {
  counts: EventCounts;
  facilitator: Person | null;
  stageNames: string[];
  cohortNames: string[];
  outcomes: { code: string; text: string }[];
  mine: { status: RegistrationRow['status']; position: number | null; attended: boolean } | null;
  inAudience: boolean;
  started: boolean;
  ended: boolean;
  registrationOpen: boolean;
  checkInOpen: boolean;
  checkInOpensAt: Date;
  feedbackOpen: boolean;
  feedbackGiven: boolean;
  /** For organisers: everyone registered, then the waiting list in order. */
  registered: AttendeeRow[];
  waiting: AttendeeRow[];
  attendedCount: number;
  feedbackCount: number;
}

async function outcomeTexts(db: Db, event: LearningEvent): Promise<{ code: string; text: string }[]> {
  if (event.outcomeCodes.length === 0) return [];
  const curriculum = await regionCurriculum(db, event.regionId);
  const version = curriculum === undefined ? undefined : await currentVersion(db, curriculum.id);
  return event.outcomeCodes.map((code) => ({
    code,
    text: version?.content.outcomes.find((outcome) => outcome.code === code)?.text ?? '',
  }));
}

export async function getEvent(ctx: Context, id: string): Promise<EventView> {
  const access = await eventAccess(ctx, id);
  const { event } = access;
  const rows = await repository.registrationsOf(ctx.db, id);
  const state = rows.map(repository.toDomain);
  const peopleIds = [
    ...rows.map((row) => row.learnerUserId),
    ...(event.facilitatorUserId === null ? [] : [event.facilitatorUserId]),
  ];
  const [people, cohorts, outcomes, feedback] = await Promise.all([
    repository.people(
      ctx.db,
      access.organise ? peopleIds : event.facilitatorUserId === null ? [] : [event.facilitatorUserId],
    ),
    repository.regionCohorts(ctx.db, event.regionId),
    outcomeTexts(ctx.db, event),
    repository.feedbackOf(ctx.db, id),
  ]);
  const own = access.learner === null ? undefined : rows.find((row) => row.learnerUserId === access.learner?.id);
  const mine =
    own === undefined || own.status === 'cancelled'
      ? null
      : { status: own.status, position: waitingPosition(state, own.learnerUserId), attended: own.attended };
  const scheduled = event.status === 'scheduled';
  const started = event.startsAt.getTime() <= ctx.now.getTime();
  const attendee = (row: RegistrationRow): AttendeeRow => {
    const person = people.get(row.learnerUserId);
    return {
      id: row.learnerUserId,
      name: person?.name ?? 'Former learner',
      email: person?.email ?? '',
      status: row.status,
      attended: row.attended,
      checkedInAt: row.checkedInAt,
      checkedInBy: row.checkedInBy,
      position: waitingPosition(state, row.learnerUserId),
    };
  };
  const byId = new Map(rows.map((row) => [row.learnerUserId, row]));
  return {
    ...access,
    counts: eventCounts(state, event.capacity),
    facilitator: event.facilitatorUserId === null ? null : (people.get(event.facilitatorUserId) ?? null),
    stageNames: event.stages,
    cohortNames: cohorts.filter((cohort) => event.cohortIds.includes(cohort.id)).map((cohort) => cohort.name),
    outcomes,
    mine,
    inAudience: access.learner !== null && inAudience(event, access.learner),
    started,
    ended: event.endsAt.getTime() < ctx.now.getTime(),
    registrationOpen: scheduled && !started,
    checkInOpen: scheduled && checkInOpen(event, ctx.now),
    checkInOpensAt: checkInWindow(event).opensAt,
    feedbackOpen: scheduled && started && own?.attended === true,
    feedbackGiven: own !== undefined && feedback.some((row) => row.learnerUserId === own.learnerUserId),
    registered: access.organise
      ? rows
          .filter((row) => row.status === 'registered')
          .map(attendee)
          .sort((a, b) => a.name.localeCompare(b.name))
      : [],
    waiting: access.organise
      ? waitingList(state)
          .map((registration) => byId.get(registration.learnerId))
          .filter((row): row is RegistrationRow => row !== undefined)
          .map(attendee)
      : [],
    attendedCount: rows.filter((row) => row.attended).length,
    feedbackCount: feedback.length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Places and the waiting list

/** The learner asks for a place: one if there is room, else the back of the waiting list. */
export async function registerForEvent(ctx: Context, id: string): Promise<RegisterOutcome> {
  const result = await ctx.db.transaction(async (tx) => {
    const { event, learner } = await accessTo(ctx, tx, await repository.lockEvent(tx, id));
    if (learner === null) throw new NotFoundError();
    if (event.status === 'cancelled') throw new RuleError('This event has been cancelled');
    if (event.startsAt.getTime() <= ctx.now.getTime())
      throw new RuleError('This event has started: places can no longer be booked');
    const rows = await repository.registrationsOf(tx, id);
    const own = rows.find((row) => row.learnerUserId === learner.id);
    if ((own === undefined || own.status === 'cancelled') && !inAudience(event, learner)) {
      throw new RuleError('This event is not for your stage or cohort');
    }
    const state = rows.map(repository.toDomain);
    const transition = registerLearner(state, learner.id, ctx.now, event.capacity);
    await repository.saveRegistrations(tx, id, state, transition.registrations);
    await queuePromotionMail(ctx, tx, event, transition.promoted);
    if (transition.outcome === 'registered' || transition.outcome === 'waiting') {
      await audit(
        tx,
        ctx.actor,
        {
          action: 'create',
          entityType: 'event_registration',
          entityId: `${id}:${learner.id}`,
          regionId: event.regionId,
          summary:
            transition.outcome === 'registered'
              ? `${learner.name} took a place at ${event.title}`
              : `${learner.name} joined the waiting list for ${event.title}`,
          after: { status: transition.outcome },
        },
        ctx.now,
      );
    }
    return transition.outcome;
  });
  return result;
}

/** The learner gives up their place (the first on the waiting list takes it and is emailed) or leaves the list. */
export async function cancelPlace(ctx: Context, id: string): Promise<{ outcome: CancelOutcome; promoted: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const { event, learner } = await accessTo(ctx, tx, await repository.lockEvent(tx, id));
    if (learner === null) throw new NotFoundError();
    if (event.status === 'cancelled') throw new RuleError('This event has been cancelled');
    if (event.startsAt.getTime() <= ctx.now.getTime()) {
      throw new RuleError('This event has started, so your place can no longer be cancelled');
    }
    const rows = await repository.registrationsOf(tx, id);
    const state = rows.map(repository.toDomain);
    const transition = cancelRegistration(state, learner.id, ctx.now, event.capacity);
    const promoted = transition.promoted;
    await repository.saveRegistrations(tx, id, state, transition.registrations);
    await queuePromotionMail(ctx, tx, event, promoted);
    if (transition.outcome !== 'not-registered') {
      await audit(
        tx,
        ctx.actor,
        {
          action: 'update',
          entityType: 'event_registration',
          entityId: `${id}:${learner.id}`,
          regionId: event.regionId,
          summary:
            (transition.outcome === 'cancelled'
              ? `${learner.name} cancelled their place at ${event.title}`
              : `${learner.name} left the waiting list for ${event.title}`) +
            (promoted.length === 0 ? '' : `; the place went to the next on the waiting list`),
          before: { status: transition.outcome === 'cancelled' ? 'registered' : 'waiting' },
          after: { status: 'cancelled', ...(promoted.length === 0 ? {} : { promoted }) },
        },
        ctx.now,
      );
    }
    return { outcome: transition.outcome, promoted };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Check-in and the register

/** The event's outcomes that are in the learner's curriculum version (an outcome dropped since is left out). */
async function evidenceCodes(tx: Db, learnerId: string, event: LearningEvent, now: Date): Promise<string[] | null> {
  const learner = await findLearner(tx, learnerId);
  if (learner === undefined) return null;
  if (event.outcomeCodes.length === 0) return [];
  const curriculum = await regionCurriculum(tx, learner.regionId);
  const version = curriculum === undefined ? undefined : await recordLearnerVersion(tx, learnerId, curriculum.id, now);
  if (version === undefined) return [];
  return event.outcomeCodes.filter((code) => version.content.outcomes.some((outcome) => outcome.code === code));
}

async function recordAttendance(
  ctx: Context,
  tx: Db,
  event: LearningEvent,
  learnerId: string,
  attended: boolean,
  by: 'self' | 'register',
): Promise<void> {
  await repository.setAttendance(tx, event.id, learnerId, attended, by, ctx.now);
  const codes = await evidenceCodes(tx, learnerId, event, ctx.now);
  if (codes === null) return;
  await recordEvidence(
    tx,
    ctx.actor,
    {
      learnerId,
      source: { type: 'event-attendance', id: event.id, label: event.title, href: `/events/${event.id}` },
      outcomeCodes: attended ? codes : [],
    },
    ctx.now,
  );
}

export type CheckInResult = 'checked-in' | 'already-checked-in';

/**
 * A learner with a place checks in with the code shown in the room, while check-in is open. A wrong code is
 * recorded (and refused); after MAX_WRONG_CODES wrong codes the learner is asked to see the facilitator.
 */
export async function checkIn(ctx: Context, id: string, typed: string): Promise<CheckInResult> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const { event, learner } = await accessTo(ctx, tx, await repository.lockEvent(tx, id));
    if (learner === null) throw new NotFoundError();
    if (event.status === 'cancelled') throw new RuleError('This event has been cancelled', 'code');
    const own = (await repository.registrationsOf(tx, id)).find((row) => row.learnerUserId === learner.id);
    if (own?.status !== 'registered') throw new RuleError('Only learners with a place can check in', 'code');
    if (own.attended) return 'already-checked-in' as const;
    if (!checkInOpen(event, ctx.now)) {
      const { opensAt } = checkInWindow(event);
      throw new RuleError(
        opensAt.getTime() > ctx.now.getTime()
          ? `Check-in opens at ${formatTime(opensAt)} on ${formatDate(opensAt)}, 30 minutes before the event starts`
          : 'Check-in has closed because the event has ended. Ask the facilitator to mark you on the register',
        'code',
      );
    }
    if ((await repository.wrongCheckInCodes(tx, id, learner.id)) >= MAX_WRONG_CODES) {
      throw new RuleError(
        'You have typed a wrong code too many times. Ask the facilitator to mark you on the register',
        'code',
      );
    }
    if (typed.trim() === '') throw new RuleError('Enter the check-in code shown at the event', 'code');
    if (!codeMatches(event.checkInCode, typed)) {
      await audit(
        tx,
        ctx.actor,
        {
          action: 'security',
          entityType: 'event_check_in',
          entityId: `${id}:${learner.id}`,
          regionId: event.regionId,
          summary: `${learner.name} typed a wrong check-in code for ${event.title}`,
        },
        ctx.now,
      );
      return 'wrong' as const;
    }
    await recordAttendance(ctx, tx, event, learner.id, true, 'self');
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'event_registration',
        entityId: `${id}:${learner.id}`,
        regionId: event.regionId,
        summary: `${learner.name} checked in to ${event.title}`,
        after: { attended: true, checkedInBy: 'self' },
      },
      ctx.now,
    );
    return 'checked-in' as const;
  });
  // The wrong try is kept (it counts towards the limit), so the error is raised after the transaction commits.
  if (outcome === 'wrong') {
    throw new RuleError('That is not the code for this event. Check the code shown at the event and try again', 'code');
  }
  return outcome;
}

/** The code and the window, for the organiser's "Show check-in code" page. */
export async function checkInCode(
  ctx: Context,
  id: string,
): Promise<{
  event: LearningEvent;
  code: string;
  open: boolean;
  opensAt: Date;
  closesAt: Date;
  checkedIn: number;
  registered: number;
}> {
  const { event } = await organisedEvent(ctx, ctx.db, id);
  const rows = await repository.registrationsOf(ctx.db, id);
  const window = checkInWindow(event);
  return {
    event,
    code: event.checkInCode,
    open: event.status === 'scheduled' && checkInOpen(event, ctx.now),
    ...window,
    checkedIn: rows.filter((row) => row.status === 'registered' && row.attended).length,
    registered: rows.filter((row) => row.status === 'registered').length,
  };
}

/**
 * The organiser marks who attended: every learner with a place is set to attended or not, as ticked. Attendance
 * evidences the event's outcomes; unmarking removes that evidence. Opens with check-in, 30 minutes before the start.
 */
export async function markRegister(
  ctx: Context,
  id: string,
  attendedIds: readonly string[],
): Promise<{ marked: number; unmarked: number }> {
  return ctx.db.transaction(async (tx) => {
    const { event } = await organisedEvent(ctx, tx, id, true);
    if (event.status === 'cancelled') throw new RuleError('This event has been cancelled');
    if (checkInWindow(event).opensAt.getTime() > ctx.now.getTime()) {
      throw new RuleError('The register can be marked from 30 minutes before the event starts');
    }
    const ticked = new Set(attendedIds);
    const rows = (await repository.registrationsOf(tx, id)).filter((row) => row.status === 'registered');
    let marked = 0;
    let unmarked = 0;
    for (const row of rows) {
      const attended = ticked.has(row.learnerUserId);
      if (attended === row.attended) continue;
      await recordAttendance(ctx, tx, event, row.learnerUserId, attended, 'register');
      if (attended) marked += 1;
      else unmarked += 1;
    }
    if (marked + unmarked > 0) {
      await audit(
        tx,
        ctx.actor,
        {
          action: 'update',
          entityType: 'learning_event',
          entityId: id,
          regionId: event.regionId,
          summary: `Marked the register of ${event.title}: ${String(marked)} marked attended, ${String(unmarked)} marked not attended`,
          after: { attended: rows.filter((row) => ticked.has(row.learnerUserId)).map((row) => row.learnerUserId) },
        },
        ctx.now,
      );
    }
    return { marked, unmarked };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Feedback

export async function feedbackForm(
  ctx: Context,
  id: string,
): Promise<{ event: LearningEvent; answers: Record<string, number | string | null> | null }> {
  const view = await getEvent(ctx, id);
  if (view.learner === null || !view.feedbackOpen) throw new NotFoundError();
  const own = await repository.learnerFeedback(ctx.db, id, view.learner.id);
  return { event: view.event, answers: own?.answers ?? null };
}

/** Saves (or replaces) the learner's feedback; a result with problems when an answer is missing or wrong. */
export async function submitFeedback(
  ctx: Context,
  id: string,
  form: Readonly<Record<string, string | undefined>>,
): Promise<FeedbackAnswersResult> {
  const { event } = await feedbackForm(ctx, id);
  const result = validateFeedbackAnswers(event.feedbackQuestions, form);
  if (!result.ok) return result;
  await ctx.db.transaction(async (tx) => {
    const before = await repository.learnerFeedback(tx, id, ctx.principal.userId);
    await repository.saveFeedback(tx, id, ctx.principal.userId, result.answers, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: before === undefined ? 'create' : 'update',
        entityType: 'event_feedback',
        entityId: `${id}:${ctx.principal.userId}`,
        regionId: event.regionId,
        summary: `${before === undefined ? 'Gave' : 'Changed'} feedback on ${event.title}`,
      },
      ctx.now,
    );
  });
  return result;
}

export async function feedbackSummary(
  ctx: Context,
  id: string,
): Promise<{ event: LearningEvent; summary: FeedbackSummary }> {
  const { event } = await organisedEvent(ctx, ctx.db, id);
  const [rows, responses] = await Promise.all([
    repository.registrationsOf(ctx.db, id),
    repository.feedbackOf(ctx.db, id),
  ]);
  const registered = rows.filter((row) => row.status === 'registered').length;
  const attended = rows.filter((row) => row.attended).length;
  return {
    event,
    summary: summariseFeedback(
      event.feedbackQuestions,
      responses.map((row) => ({ answers: row.answers })),
      { registered, attended: attended === 0 ? null : attended },
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders and cancellation

/** Emails everyone with a place a reminder; returns how many. */
/** Emails everyone with a place a reminder of the event and records when; returns how many were emailed. */
async function remindRegistered(
  tx: Db,
  mailer: Mailer,
  event: LearningEvent,
  link: string,
  actor: Actor,
  now: Date,
  automatic: boolean,
): Promise<number> {
  const rows = (await repository.registrationsOf(tx, event.id)).filter((row) => row.status === 'registered');
  const people = await repository.people(
    tx,
    rows.map((row) => row.learnerUserId),
  );
  let sent = 0;
  for (const row of rows) {
    const person = people.get(row.learnerUserId);
    if (person === undefined) continue;
    await mailer.queue(
      tx,
      {
        to: person.email,
        subject: `Reminder: ${event.title}, ${eventWhen(event)}`,
        regionId: event.regionId,
        text: [
          `Dear ${person.name},`,
          '',
          `This is a reminder that you have a place at ${event.title}.`,
          '',
          `When: ${eventWhen(event)} (UK time)`,
          ...(event.venue === null ? [] : [`Where: ${event.venue}`]),
          ...(event.onlineUrl === null ? [] : [`Online: ${event.onlineUrl}`]),
          '',
          'At the event you can check in with the code shown in the room.',
          'If you can no longer go, please cancel your place so that someone on the waiting list can have it.',
          '',
          `Event details: ${link}`,
        ].join('\n'),
      },
      now,
    );
    sent += 1;
  }
  await repository.updateEvent(tx, event.id, { remindedAt: now, updatedAt: now });
  await audit(
    tx,
    actor,
    {
      action: 'update',
      entityType: 'learning_event',
      entityId: event.id,
      regionId: event.regionId,
      summary: `${automatic ? 'Automatically emailed' : 'Emailed'} a reminder about ${event.title} to ${String(sent)} registered ${sent === 1 ? 'learner' : 'learners'}`,
    },
    now,
  );
  return sent;
}

export async function sendReminder(ctx: Context, id: string): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const { event } = await managedEvent(ctx, tx, id, true);
    if (event.status === 'cancelled') throw new RuleError('This event has been cancelled');
    if (event.startsAt.getTime() <= ctx.now.getTime()) throw new RuleError('This event has already started');
    const registered = (await repository.registrationsOf(tx, id)).filter((row) => row.status === 'registered');
    if (registered.length === 0) throw new RuleError('Nobody has a place yet, so there is nobody to remind');
    return remindRegistered(tx, ctx.mailer, event, eventLink(ctx, id), ctx.actor, ctx.now, false);
  });
}

/** How far ahead the automatic reminder goes out: the day before, give or take the schedule's interval. */
export const AUTOMATIC_REMINDER_HOURS = 24;

/**
 * The automatic reminder: every scheduled event starting within the next day that has had no reminder (automatic
 * or sent by hand) gets one. Each event is locked and checked again, so two processes never both send it.
 * Returns how many events were reminded.
 */
export async function sendDueReminders(db: Db, mailer: Mailer, publicUrl: string, now: Date): Promise<number> {
  const due = await repository.eventsToRemind(db, now, new Date(now.getTime() + AUTOMATIC_REMINDER_HOURS * 3_600_000));
  let reminded = 0;
  for (const candidate of due) {
    const done = await db.transaction(async (tx) => {
      const event = await repository.lockEvent(tx, candidate.id);
      if (event === undefined || event.status !== 'scheduled' || event.remindedAt !== null) return false;
      await remindRegistered(
        tx,
        mailer,
        event,
        `${publicUrl}/events/${event.id}`,
        { userId: null, label: 'Automatic reminder' },
        now,
        true,
      );
      return true;
    });
    if (done) reminded += 1;
  }
  return reminded;
}

/** Cancels the event and emails everyone registered or waiting; returns how many were emailed. */
export async function cancelEvent(ctx: Context, id: string, reason: string): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const { event } = await managedEvent(ctx, tx, id, true);
    if (event.status === 'cancelled') throw new RuleError('This event has already been cancelled');
    const rows = (await repository.registrationsOf(tx, id)).filter((row) => row.status !== 'cancelled');
    const people = await repository.people(
      tx,
      rows.map((row) => row.learnerUserId),
    );
    await repository.updateEvent(tx, id, {
      status: 'cancelled',
      cancelledAt: ctx.now,
      cancellationReason: reason,
      updatedAt: ctx.now,
    });
    let sent = 0;
    for (const row of rows) {
      const person = people.get(row.learnerUserId);
      if (person === undefined) continue;
      await ctx.mailer.queue(
        tx,
        {
          to: person.email,
          subject: `Cancelled: ${event.title}, ${eventWhen(event)}`,
          regionId: event.regionId,
          text: [
            `Dear ${person.name},`,
            '',
            `${event.title} on ${eventWhen(event)} has been cancelled.`,
            `You ${row.status === 'registered' ? 'had a place' : 'were on the waiting list'}; you do not need to do anything.`,
            '',
            `Reason: ${reason}`,
            '',
            `Other events: ${ctx.publicUrl}/events`,
          ].join('\n'),
        },
        ctx.now,
      );
      sent += 1;
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'learning_event',
        entityId: id,
        regionId: event.regionId,
        summary: `Cancelled the event ${event.title} and emailed ${String(sent)} ${sent === 1 ? 'learner' : 'learners'}`,
        before: { status: 'scheduled' },
        after: { status: 'cancelled', reason },
      },
      ctx.now,
    );
    return sent;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Calendars

function calendarEvent(event: LearningEvent, publicUrl: string, showOnlineLink: boolean): TimedEvent {
  const link = `${publicUrl}/events/${event.id}`;
  const description = [
    event.status === 'cancelled' ? `This event has been cancelled. ${event.cancellationReason ?? ''}`.trim() : null,
    event.description === '' ? null : event.description,
    showOnlineLink && event.onlineUrl !== null ? `Join online: ${event.onlineUrl}` : null,
    `Details: ${link}`,
  ]
    .filter((line): line is string => line !== null)
    .join('\n\n');
  const location = event.venue ?? (event.onlineUrl === null ? undefined : 'Online');
  return {
    uid: `event-${event.id}@breadth`,
    summary: `${event.status === 'cancelled' ? 'Cancelled: ' : ''}${event.title}`,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    description,
    url: link,
    cancelled: event.status === 'cancelled',
    ...(location === undefined ? {} : { location }),
  };
}

/** One event as an iCalendar file, for anyone who may see it. */
export async function eventCalendar(ctx: Context, id: string): Promise<{ event: LearningEvent; ics: string }> {
  const view = await getEvent(ctx, id);
  const showLink = view.organise || view.staff || view.mine?.status === 'registered';
  const ics = calendar(view.event.title, [calendarEvent(view.event, ctx.publicUrl, showLink)], ctx.now, {
    product: 'Learning events',
  });
  return { event: view.event, ics };
}

export async function eventCalendarStatus(db: Db, userId: string): Promise<{ createdAt: Date } | undefined> {
  return repository.calendarTokenOf(db, userId);
}

/** A new private link to the learner's events feed; an earlier link stops working. Only its hash is kept. */
export async function issueEventCalendarToken(ctx: Context): Promise<string> {
  const token = newToken();
  await ctx.db.transaction(async (tx) => {
    const existing = await repository.calendarTokenOf(tx, ctx.principal.userId);
    await repository.saveCalendarToken(tx, ctx.principal.userId, hashToken(token), ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'security',
        entityType: 'event_calendar_token',
        entityId: ctx.principal.userId,
        summary:
          existing === undefined
            ? 'Made a private link to the events calendar'
            : 'Replaced the private link to the events calendar',
      },
      ctx.now,
    );
  });
  return token;
}

/** The feed behind a private link: the events the learner has a place at; null for an unknown link. */
export async function eventCalendarFeed(db: Db, token: string, publicUrl: string, now: Date): Promise<string | null> {
  const userId = await repository.userByCalendarToken(db, hashToken(token));
  if (userId === undefined) return null;
  const since = new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000);
  const events = await repository.placesOf(db, userId, since);
  return calendar(
    'Learning events (Breadth)',
    events.map((event) => calendarEvent(event, publicUrl, true)),
    now,
    { product: 'Learning events' },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Home-page tasks

/** Learners: feedback to give on events they attended in the last month. */
export async function learnerEventTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'learner')) return [];
  const since = new Date(now.getTime() - FEEDBACK_TASK_DAYS * 86_400_000);
  const due = await repository.feedbackDue(db, principal.userId, since, now);
  return due.map((event) => ({
    text: `Give feedback on ${event.title}`,
    href: `/events/${event.id}/feedback`,
    hint: `You attended on ${formatDate(event.startsAt)}`,
    status: 'to do' as const,
  }));
}

/** A learner's places at events, attendance and feedback, for their "download my data". */
export async function eventPersonalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [places, feedback] = await Promise.all([
    repository.placeRecordsOf(db, userId),
    repository.feedbackRecordsOf(db, userId),
  ]);
  return { places, feedback };
}

/** Erasure: free-text feedback answers and the private calendar link go; ratings and attendance stay, anonymised. */
export async function eraseEventData(db: Db, userId: string): Promise<string | null> {
  const responses = await repository.feedbackGivenBy(db, userId);
  let texts = 0;
  for (const response of responses) {
    const answers = Object.fromEntries(
      Object.entries(response.answers).map(([question, answer]) => {
        if (typeof answer !== 'string') return [question, answer];
        texts += 1;
        return [question, null];
      }),
    );
    await repository.setFeedbackAnswers(db, response.eventId, userId, answers);
  }
  const tokens = await repository.deleteCalendarToken(db, userId);
  if (texts === 0 && tokens === 0) return null;
  return `${String(texts)} written feedback answers and ${String(tokens)} private calendar link removed`;
}
