/**
 * Places at an event and its waiting list, check-in and the register. Each change runs in one transaction with its
 * audit record and any mail, and locks the event row first, so two people cannot take the last place.
 */
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import { type Context } from '../../platform/context.ts';
import {
  cancel as cancelRegistration,
  checkInOpen,
  checkInWindow,
  codeMatches,
  register as registerLearner,
  type CancelOutcome,
  type RegisterOutcome,
} from './domain/events.ts';
import * as repository from './repository.ts';
import type { LearningEvent } from './repository.ts';
import { accessTo, inAudience, organisedEvent } from './policy.ts';
import { eventLink, eventWhen, formatTime } from './format.ts';
import { findLearner, recordLearnerVersion, regionCurriculum, recordEvidence } from '../curriculum/index.ts';

/** Wrong check-in codes a learner may type for one event before they are asked to see the facilitator. */
export const MAX_WRONG_CODES = 5;

// ---------------------------------------------------------------------------------------------------------------
// Places and the waiting list

/** Emails those given a place from the waiting list, when a place is given up or places are added. */
export async function queuePromotionMail(
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
