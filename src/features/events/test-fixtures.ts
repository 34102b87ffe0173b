/**
 * Builders for events route tests that stand alone: each test takes a cast of its own (a programme administrator, a
 * facilitator and F2 learners of a region) and the event it is about, created, booked and moved in time as the test
 * needs it, through the same pages people use. No test reads what another wrote.
 */
import { and, eq } from 'drizzle-orm';
import type { TestApp } from '../../testing/app.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { londonParts } from '../../shared/london-time.ts';
import { eventRegistrations, learningEvents } from './schema.ts';

/** The names of the F2 learners a cast has, in the order they book. */
export const LEARNER_NAMES = ['Ada Adams', 'Ben Brown', 'Cara Clark', 'Dev Desai'] as const;

export interface Cast {
  regionId: string;
  /** The region's programme administrator, who creates the events. */
  admin: Person;
  /** The educational fellow who facilitates them (who reads a page with a form before posting one). */
  fellow: Person;
  /** F2 learners of the region, as many as asked for (Ada Adams, Ben Brown, …). */
  learners: Person[];
}

/**
 * A programme administrator, a facilitator and F2 learners of the region, all signed in; the administrator and the
 * learners able to post forms at once.
 */
export async function givenCast(t: TestApp, regionId: string, learners = 0): Promise<Cast> {
  const admin = await signedIn(t, 'programme_admin', regionId, { postsForms: true });
  const fellow = await signedIn(t, 'educational_fellow', regionId);
  const people: Person[] = [];
  for (const name of LEARNER_NAMES.slice(0, learners))
    people.push(await addLearner(t, regionId, name, { stage: 'F2', postsForms: true }));
  return { regionId, admin, fellow, learners: people };
}

/** The nth learner of the cast. */
export function learnerOf(cast: Cast, n: number): Person {
  const found = cast.learners[n];
  if (found === undefined) throw new Error(`The cast has no learner ${String(n)}`);
  return found;
}

/**
 * The event form as the administrator fills it in: "Population health learning day", `days` from now (3 unless
 * given), 09:30 to 16:30 UK time, in a named venue, two places, for F2, evidencing SYS-F2-01, facilitated by the
 * cast's fellow.
 */
export function eventForm(
  t: TestApp,
  cast: Cast,
  fields: Record<string, string | string[]> = {},
  days = 3,
): Record<string, string | string[]> {
  const day = londonParts(new Date(t.app.clock().getTime() + days * 86_400_000));
  return {
    regionId: cast.regionId,
    type: 'learning-event-day',
    title: 'Population health learning day',
    description: 'A day on local data.',
    'date[day]': day.day,
    'date[month]': day.month,
    'date[year]': day.year,
    startTime: '09:30',
    endTime: '16:30',
    venue: 'Education Centre, West Suffolk Hospital, Bury St Edmunds',
    onlineUrl: '',
    capacity: '2',
    stages: ['F2'],
    outcomes: ['SYS-F2-01'],
    facilitatorUserId: cast.fellow.id,
    ...fields,
  };
}

/** The event the form describes, created by the cast's administrator; its id. */
export async function givenEvent(
  t: TestApp,
  cast: Cast,
  fields: Record<string, string | string[]> = {},
): Promise<string> {
  const response = await cast.admin.agent.post('/events/new', eventForm(t, cast, fields));
  if (response.statusCode !== 302) throw new Error(`The event was not created: ${String(response.statusCode)}`);
  return String(response.headers.location).split('/').pop() ?? '';
}

/** Each learner books a place (or a place on the waiting list), in turn. */
export async function book(eventId: string, ...learners: Person[]): Promise<void> {
  for (const learner of learners) {
    const response = await learner.agent.post(`/events/${eventId}/book`);
    if (response.statusCode !== 302) throw new Error(`${learner.email} could not book: ${String(response.statusCode)}`);
  }
}

/** Moves the event to start this many minutes from now (before now when negative), lasting four hours unless given. */
export async function moveEvent(t: TestApp, id: string, startsInMinutes: number, lengthMinutes = 240): Promise<void> {
  const startsAt = new Date(t.app.clock().getTime() + startsInMinutes * 60_000);
  await t.db
    .update(learningEvents)
    .set({ startsAt, endsAt: new Date(startsAt.getTime() + lengthMinutes * 60_000) })
    .where(eq(learningEvents.id, id));
}

/** The event's check-in code, as stored. */
export async function checkInCodeOf(t: TestApp, id: string): Promise<string> {
  const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, id));
  return event?.checkInCode ?? '';
}

/** The learner's registration for the event, if any. */
export async function registration(t: TestApp, id: string, learnerId: string) {
  const [row] = await t.db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, id), eq(eventRegistrations.learnerUserId, learnerId)));
  return row;
}
