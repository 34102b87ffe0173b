/** Reminders of an event to everyone with a place: sent by the programme team, or automatically the day before. */
import type { Db } from '../../platform/db/client.ts';
import { audit, type Actor } from '../../platform/audit/audit.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { RuleError } from '../../platform/errors.ts';
import { type Context } from '../../platform/context.ts';
import * as repository from './repository.ts';
import type { LearningEvent } from './repository.ts';
import { managedEvent } from './policy.ts';
import { eventLink, eventWhen } from './format.ts';

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
