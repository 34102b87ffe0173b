/** Queries of learning events: the events, their registrations, feedback and private calendar links. */
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { roleHoldersIn } from '../people/index.ts';
import type { Registration, RegistrationStatus } from './domain/events.ts';
import { eventCalendarTokens, eventFeedback, eventRegistrations, learningEvents } from './schema.ts';
import { cohortIdsOf, cohortsInRegions, type ActivityType } from '../curriculum/index.ts';
import { containsPattern } from '../../platform/db/like.ts';

export type LearningEvent = typeof learningEvents.$inferSelect;
export type NewLearningEvent = typeof learningEvents.$inferInsert;
export type RegistrationRow = typeof eventRegistrations.$inferSelect;

export async function findEvent(db: Db, id: string): Promise<LearningEvent | undefined> {
  const [row] = await db.select().from(learningEvents).where(eq(learningEvents.id, id));
  return row;
}

/** The event row locked until the transaction ends, so that two requests cannot both take the last place. */
export async function lockEvent(db: Db, id: string): Promise<LearningEvent | undefined> {
  const [row] = await db.select().from(learningEvents).where(eq(learningEvents.id, id)).for('update');
  return row;
}

/** Scheduled events starting within the window that have not had a reminder: for the automatic reminder. */
export async function eventsToRemind(db: Db, from: Date, to: Date): Promise<LearningEvent[]> {
  return db
    .select()
    .from(learningEvents)
    .where(
      and(
        eq(learningEvents.status, 'scheduled'),
        isNull(learningEvents.remindedAt),
        gte(learningEvents.startsAt, from),
        lt(learningEvents.startsAt, to),
      ),
    )
    .orderBy(asc(learningEvents.startsAt));
}

export async function insertEvent(db: Db, values: NewLearningEvent): Promise<LearningEvent> {
  const [row] = await db.insert(learningEvents).values(values).returning();
  if (row === undefined) throw new Error('The event was not created');
  return row;
}

export async function updateEvent(db: Db, id: string, values: Partial<NewLearningEvent>): Promise<LearningEvent> {
  const [row] = await db.update(learningEvents).set(values).where(eq(learningEvents.id, id)).returning();
  if (row === undefined) throw new Error('The event was not updated');
  return row;
}

export interface EventFilters {
  when: 'upcoming' | 'past' | 'cancelled';
  type?: ActivityType | undefined;
  q?: string | undefined;
}

export interface EventListItem extends LearningEvent {
  registered: number;
  waiting: number;
}

const registeredCount = sql<number>`(select count(*)::int from ${eventRegistrations} where ${eventRegistrations.eventId} = ${learningEvents.id} and ${eventRegistrations.status} = 'registered')`;
const waitingCount = sql<number>`(select count(*)::int from ${eventRegistrations} where ${eventRegistrations.eventId} = ${learningEvents.id} and ${eventRegistrations.status} = 'waiting')`;

/** A page of a region's events for the programme team, with their counts. */
export async function listEvents(
  db: Db,
  scope: 'all' | string[],
  filters: EventFilters,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ items: EventListItem[]; total: number }> {
  if (scope !== 'all' && scope.length === 0) return { items: [], total: 0 };
  const conditions: (SQL | undefined)[] = [
    scope === 'all' ? undefined : inArray(learningEvents.regionId, scope),
    filters.type === undefined ? undefined : eq(learningEvents.type, filters.type),
    filters.q === undefined || filters.q === '' ? undefined : ilike(learningEvents.title, containsPattern(filters.q)),
  ];
  if (filters.when === 'cancelled') conditions.push(eq(learningEvents.status, 'cancelled'));
  else {
    conditions.push(eq(learningEvents.status, 'scheduled'));
    conditions.push(filters.when === 'upcoming' ? gte(learningEvents.endsAt, now) : lt(learningEvents.endsAt, now));
  }
  const where = and(...conditions);
  const [totalRow] = await db.select({ n: count() }).from(learningEvents).where(where);
  const rows = await db
    .select({ event: learningEvents, registered: registeredCount, waiting: waitingCount })
    .from(learningEvents)
    .where(where)
    .orderBy(
      filters.when === 'upcoming' ? asc(learningEvents.startsAt) : desc(learningEvents.startsAt),
      asc(learningEvents.id),
    )
    .limit(limit)
    .offset(offset);
  return {
    items: rows.map((row) => ({ ...row.event, registered: row.registered, waiting: row.waiting })),
    total: totalRow?.n ?? 0,
  };
}

/** A region's events that have not ended, for learners (filtered to their audience by the service). */
export async function upcomingRegionEvents(db: Db, regionId: string, now: Date): Promise<EventListItem[]> {
  const rows = await db
    .select({ event: learningEvents, registered: registeredCount, waiting: waitingCount })
    .from(learningEvents)
    .where(and(eq(learningEvents.regionId, regionId), gte(learningEvents.endsAt, now)))
    .orderBy(asc(learningEvents.startsAt), asc(learningEvents.id))
    .limit(200);
  return rows.map((row) => ({ ...row.event, registered: row.registered, waiting: row.waiting }));
}

/** Events that have ended which the learner attended, newest first. */
export async function attendedEvents(db: Db, learnerId: string, now: Date, limit = 50): Promise<LearningEvent[]> {
  const rows = await db
    .select({ event: learningEvents })
    .from(eventRegistrations)
    .innerJoin(learningEvents, eq(learningEvents.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.learnerUserId, learnerId),
        eq(eventRegistrations.attended, true),
        lt(learningEvents.endsAt, now),
      ),
    )
    .orderBy(desc(learningEvents.startsAt))
    .limit(limit);
  return rows.map((row) => row.event);
}

export async function registrationsOf(db: Db, eventId: string): Promise<RegistrationRow[]> {
  return db
    .select()
    .from(eventRegistrations)
    .where(eq(eventRegistrations.eventId, eventId))
    .orderBy(asc(eventRegistrations.requestedAt), asc(eventRegistrations.learnerUserId));
}

export async function learnerRegistrations(db: Db, learnerId: string): Promise<RegistrationRow[]> {
  return db.select().from(eventRegistrations).where(eq(eventRegistrations.learnerUserId, learnerId));
}

export function toDomain(row: RegistrationRow): Registration {
  return { learnerId: row.learnerUserId, status: row.status, at: row.requestedAt, changedAt: row.changedAt };
}

/** Writes back the records a transition changed (or added). */
export async function saveRegistrations(
  db: Db,
  eventId: string,
  before: readonly Registration[],
  after: readonly Registration[],
): Promise<void> {
  const old = new Map(before.map((registration) => [registration.learnerId, registration]));
  for (const registration of after) {
    const previous = old.get(registration.learnerId);
    if (
      previous !== undefined &&
      previous.status === registration.status &&
      previous.at.getTime() === registration.at.getTime() &&
      previous.changedAt.getTime() === registration.changedAt.getTime()
    ) {
      continue;
    }
    await db
      .insert(eventRegistrations)
      .values({
        eventId,
        learnerUserId: registration.learnerId,
        status: registration.status,
        requestedAt: registration.at,
        changedAt: registration.changedAt,
      })
      .onConflictDoUpdate({
        target: [eventRegistrations.eventId, eventRegistrations.learnerUserId],
        set: { status: registration.status, requestedAt: registration.at, changedAt: registration.changedAt },
      });
  }
}

export async function setAttendance(
  db: Db,
  eventId: string,
  learnerId: string,
  attended: boolean,
  by: 'self' | 'register' | null,
  at: Date | null,
): Promise<void> {
  await db
    .update(eventRegistrations)
    .set({ attended, checkedInBy: attended ? by : null, checkedInAt: attended ? at : null })
    .where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.learnerUserId, learnerId)));
}

/** Wrong check-in codes the learner has typed for the event: each is kept as a security record in the audit log. */
export async function wrongCheckInCodes(db: Db, eventId: string, learnerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, 'event_check_in'),
        eq(auditEvents.entityId, `${eventId}:${learnerId}`),
        eq(auditEvents.action, 'security'),
      ),
    );
  return row?.n ?? 0;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

export async function people(db: Db, ids: readonly string[]): Promise<Map<string, Person>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName, email: users.email, status: users.status })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.filter((row) => row.status !== 'erased').map((row) => [row.id, row]));
}

/** Staff of a region (anyone holding one of the roles there), who may facilitate an event. */
export async function regionStaff(db: Db, regionId: string, roles: readonly Role[]): Promise<Person[]> {
  return roleHoldersIn(db, regionId, roles, ['invited', 'active']);
}

/** The region's cohorts, latest intake first: an event's audience choices. */
export async function regionCohorts(db: Db, regionId: string): Promise<{ id: string; name: string }[]> {
  const choices = await cohortsInRegions(db, [regionId]);
  return choices.map(({ id, name }) => ({ id, name }));
}

/** The ids of the cohorts a learner is in. */
export async function cohortsOf(db: Db, learnerId: string): Promise<string[]> {
  return cohortIdsOf(db, learnerId);
}

export type FeedbackRow = typeof eventFeedback.$inferSelect;

export async function feedbackOf(db: Db, eventId: string): Promise<FeedbackRow[]> {
  return db
    .select()
    .from(eventFeedback)
    .where(eq(eventFeedback.eventId, eventId))
    .orderBy(asc(eventFeedback.submittedAt));
}

export async function learnerFeedback(db: Db, eventId: string, learnerId: string): Promise<FeedbackRow | undefined> {
  const [row] = await db
    .select()
    .from(eventFeedback)
    .where(and(eq(eventFeedback.eventId, eventId), eq(eventFeedback.learnerUserId, learnerId)));
  return row;
}

export async function saveFeedback(
  db: Db,
  eventId: string,
  learnerId: string,
  answers: Record<string, number | string>,
  now: Date,
): Promise<void> {
  await db
    .insert(eventFeedback)
    .values({ eventId, learnerUserId: learnerId, answers, submittedAt: now })
    .onConflictDoUpdate({
      target: [eventFeedback.eventId, eventFeedback.learnerUserId],
      set: { answers, submittedAt: now },
    });
}

/** Events the learner attended, that have started since `since`, with no feedback from them yet. */
export async function feedbackDue(db: Db, learnerId: string, since: Date, now: Date): Promise<LearningEvent[]> {
  const rows = await db
    .select({ event: learningEvents })
    .from(eventRegistrations)
    .innerJoin(learningEvents, eq(learningEvents.id, eventRegistrations.eventId))
    .leftJoin(
      eventFeedback,
      and(eq(eventFeedback.eventId, learningEvents.id), eq(eventFeedback.learnerUserId, learnerId)),
    )
    .where(
      and(
        eq(eventRegistrations.learnerUserId, learnerId),
        eq(eventRegistrations.attended, true),
        eq(learningEvents.status, 'scheduled'),
        lt(learningEvents.startsAt, now),
        gte(learningEvents.endsAt, since),
        isNull(eventFeedback.learnerUserId),
      ),
    )
    .orderBy(asc(learningEvents.startsAt));
  return rows.map((row) => row.event);
}

/** Events the learner has a place at, from `since` on: their private calendar. */
export async function placesOf(db: Db, learnerId: string, since: Date): Promise<LearningEvent[]> {
  const rows = await db
    .select({ event: learningEvents })
    .from(eventRegistrations)
    .innerJoin(learningEvents, eq(learningEvents.id, eventRegistrations.eventId))
    .where(
      and(
        eq(eventRegistrations.learnerUserId, learnerId),
        eq(eventRegistrations.status, 'registered'),
        gte(learningEvents.endsAt, since),
      ),
    )
    .orderBy(asc(learningEvents.startsAt));
  return rows.map((row) => row.event);
}

export async function calendarTokenOf(db: Db, userId: string): Promise<{ createdAt: Date } | undefined> {
  const [row] = await db
    .select({ createdAt: eventCalendarTokens.createdAt })
    .from(eventCalendarTokens)
    .where(eq(eventCalendarTokens.userId, userId));
  return row;
}

export async function saveCalendarToken(db: Db, userId: string, tokenHash: string, now: Date): Promise<void> {
  await db
    .insert(eventCalendarTokens)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: eventCalendarTokens.userId, set: { tokenHash, createdAt: now } });
}

export async function userByCalendarToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: eventCalendarTokens.userId })
    .from(eventCalendarTokens)
    .innerJoin(users, eq(users.id, eventCalendarTokens.userId))
    .where(and(eq(eventCalendarTokens.tokenHash, tokenHash), eq(users.status, 'active')));
  return row?.userId;
}

// ---------------------------------------------------------------------------------------------------------------
// A learner's own data: their download and their erasure

export interface PlaceRecord {
  event: string;
  startsAt: Date;
  status: RegistrationRow['status'];
  requestedAt: Date;
  attended: boolean;
  checkedInAt: Date | null;
}

/** The learner's places at events, oldest event first, as their data download lists them. */
export async function placeRecordsOf(db: Db, learnerId: string): Promise<PlaceRecord[]> {
  return db
    .select({
      event: learningEvents.title,
      startsAt: learningEvents.startsAt,
      status: eventRegistrations.status,
      requestedAt: eventRegistrations.requestedAt,
      attended: eventRegistrations.attended,
      checkedInAt: eventRegistrations.checkedInAt,
    })
    .from(eventRegistrations)
    .innerJoin(learningEvents, eq(learningEvents.id, eventRegistrations.eventId))
    .where(eq(eventRegistrations.learnerUserId, learnerId))
    .orderBy(asc(learningEvents.startsAt));
}

export interface FeedbackRecord {
  event: string;
  answers: FeedbackRow['answers'];
  submittedAt: Date;
}

/** The feedback the learner gave, in the order they gave it, as their data download lists it. */
export async function feedbackRecordsOf(db: Db, learnerId: string): Promise<FeedbackRecord[]> {
  return db
    .select({ event: learningEvents.title, answers: eventFeedback.answers, submittedAt: eventFeedback.submittedAt })
    .from(eventFeedback)
    .innerJoin(learningEvents, eq(learningEvents.id, eventFeedback.eventId))
    .where(eq(eventFeedback.learnerUserId, learnerId))
    .orderBy(asc(eventFeedback.submittedAt));
}

export async function feedbackGivenBy(db: Db, learnerId: string): Promise<FeedbackRow[]> {
  return db.select().from(eventFeedback).where(eq(eventFeedback.learnerUserId, learnerId));
}

/** Replaces the answers of one response, leaving when it was given. */
export async function setFeedbackAnswers(
  db: Db,
  eventId: string,
  learnerId: string,
  answers: FeedbackRow['answers'],
): Promise<void> {
  await db
    .update(eventFeedback)
    .set({ answers })
    .where(and(eq(eventFeedback.eventId, eventId), eq(eventFeedback.learnerUserId, learnerId)));
}

/** Deletes the person's private calendar link; returns how many were deleted (none or one). */
export async function deleteCalendarToken(db: Db, userId: string): Promise<number> {
  const deleted = await db.delete(eventCalendarTokens).where(eq(eventCalendarTokens.userId, userId)).returning();
  return deleted.length;
}

// ----- For other features, instead of the tables (ADR 12) -----

/** Scheduled events of a region still to come, soonest first (at most 500): what progress suggests from. */
export async function upcomingEventsInRegion(db: Db, regionId: string, now: Date): Promise<LearningEvent[]> {
  return db
    .select()
    .from(learningEvents)
    .where(
      and(
        eq(learningEvents.regionId, regionId),
        eq(learningEvents.status, 'scheduled'),
        gt(learningEvents.startsAt, now),
      ),
    )
    .orderBy(asc(learningEvents.startsAt), asc(learningEvents.id))
    .limit(500);
}

/** The learner's registration on each of these events they have one on, by event id. */
export async function registrationStatusesOf(
  db: Db,
  learnerId: string,
  eventIds: readonly string[],
): Promise<Map<string, RegistrationStatus>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ eventId: eventRegistrations.eventId, status: eventRegistrations.status })
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.learnerUserId, learnerId), inArray(eventRegistrations.eventId, [...eventIds])));
  return new Map(rows.map((row) => [row.eventId, row.status]));
}
