/**
 * Learning events: creating and changing them, the lists, one event's page, and cancelling one. Every change runs in
 * one transaction with its audit record and any mail; a change to places locks the event row first, so two people
 * cannot take the last place.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import { type Context } from '../../platform/context.ts';
import {
  changeCapacity,
  checkInOpen,
  checkInWindow,
  DEFAULT_FEEDBACK_QUESTIONS,
  eventCounts,
  makeCheckInCode,
  waitingList,
  waitingPosition,
  type EventCounts,
} from './domain/events.ts';
import * as repository from './repository.ts';
import type { EventFilters, EventListItem, LearningEvent, Person, RegistrationRow } from './repository.ts';
import {
  eventAccess,
  FACILITATOR_ROLES,
  inAudience,
  learnerContext,
  managedEvent,
  staffScope,
  type EventAccess,
  type LearnerContext,
} from './policy.ts';
import { queuePromotionMail } from './attendance-service.ts';
import { eventWhen } from './format.ts';
import {
  currentVersion,
  regionCurriculum,
  sortedDomains,
  sortedOutcomes,
  validateEvidenceOutcomes,
  type ActivityType,
  type CurriculumContent,
  type Outcome,
} from '../curriculum/index.ts';

export type { LearningEvent, EventListItem, EventFilters } from './repository.ts';

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
// Cancelling

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
