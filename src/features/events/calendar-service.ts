/**
 * Events in calendars: one event as an iCalendar file, and a learner's private feed of their places. Calendar apps
 * cannot sign in, so the feed's link is its own credential; only the link's hash is kept.
 */
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { type Context } from '../../platform/context.ts';
import { calendar, type TimedEvent } from '../../shared/ical.ts';
import * as repository from './repository.ts';
import type { LearningEvent } from './repository.ts';
import { getEvent } from './service.ts';

/** Past events kept in a private calendar feed. */
const FEED_PAST_DAYS = 90;

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
