import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { learnerProfiles } from '../people/schema.ts';
import { DEFAULT_FEEDBACK_QUESTIONS } from './domain/events.ts';
import { sendDueReminders } from './reminders-service.ts';
import { eventCalendarTokens, eventFeedback, eventRegistrations, learningEvents } from './schema.ts';

let t: TestApp;
let learnerEmail = '';
let learnerId = '';
const now = new Date('2026-11-25T09:00:00Z');
const hours = (n: number) => new Date(now.getTime() + n * 3_600_000);

async function addEvent(title: string, startsAt: Date, status: 'scheduled' | 'cancelled' = 'scheduled') {
  const id = newId();
  await t.db.insert(learningEvents).values({
    id,
    regionId: t.regionIds['east-of-england'] ?? '',
    type: 'learning-event-day',
    title,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3_600_000),
    venue: 'Education centre',
    capacity: 10,
    stages: [],
    cohortIds: [],
    outcomeCodes: [],
    checkInCode: 'ABCDEF',
    feedbackQuestions: [...DEFAULT_FEEDBACK_QUESTIONS],
    status,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(eventRegistrations).values({
    eventId: id,
    learnerUserId: learnerId,
    status: 'registered',
    requestedAt: now,
    changedAt: now,
  });
  return id;
}

async function remindersTo(title: string) {
  const mail = await t.db.select().from(outbox).where(eq(outbox.toAddress, learnerEmail));
  return mail.filter((message) => message.subject.startsWith(`Reminder: ${title}`));
}

beforeAll(async () => {
  t = await createTestApp();
  const learner = await createUser(t.db, { role: 'learner', regionId: t.regionIds['east-of-england'] ?? null });
  learnerId = learner.id;
  learnerEmail = learner.email;
  await t.db.insert(learnerProfiles).values({
    userId: learner.id,
    regionId: t.regionIds['east-of-england'] ?? '',
    stage: 'F2',
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
});
afterAll(async () => t.close());

describe('the automatic reminder', () => {
  it('reminds those with a place the day before, once, and not for later, past or cancelled events', async () => {
    const tomorrow = await addEvent('Tomorrow’s learning day', hours(20));
    await addEvent('Next week’s learning day', hours(24 * 7));
    await addEvent('Yesterday’s learning day', hours(-20));
    await addEvent('Cancelled learning day', hours(10), 'cancelled');

    expect(await sendDueReminders(t.db, t.app.mailer, 'https://breadth.example', now)).toBe(1);
    const sent = await remindersTo('Tomorrow’s learning day');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.textBody).toContain(`https://breadth.example/events/${tomorrow}`);
    for (const title of ['Next week’s', 'Yesterday’s', 'Cancelled']) expect(await remindersTo(title)).toHaveLength(0);
    const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, tomorrow));
    expect(event?.remindedAt?.toISOString()).toBe(now.toISOString());
    const audited = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, tomorrow));
    expect(audited[0]?.summary).toContain('Automatically emailed a reminder');

    expect(await sendDueReminders(t.db, t.app.mailer, 'https://breadth.example', hours(1))).toBe(0);
    expect(await remindersTo('Tomorrow’s learning day')).toHaveLength(1);
  });

  it('is on the app’s schedule', () => {
    expect(t.app.schedule.names()).toContain('event-reminders');
  });

  it('puts the learner’s places in their data download, with their evidence', async () => {
    const agent = new Agent(t.app);
    await agent.signInAs(learnerId);
    const response = await agent.get('/account/data');
    expect(response.statusCode).toBe(200);
    const data = JSON.parse(response.body) as {
      learningEvents: { places: { event: string; status: string }[]; feedback: unknown[] };
      curriculumEvidence: { evidence: unknown[]; curriculumVersions: unknown[] };
    };
    expect(data.learningEvents.places.map((place) => place.event)).toContain('Tomorrow’s learning day');
    expect(data.learningEvents.feedback).toEqual([]);
    expect(data.curriculumEvidence.evidence).toEqual([]);
  });

  it('removes written feedback and the private calendar link when the learner is erased, keeping ratings', async () => {
    const [event] = await t.db
      .select()
      .from(learningEvents)
      .where(eq(learningEvents.title, 'Yesterday’s learning day'));
    await t.db.insert(eventFeedback).values({
      eventId: event?.id ?? '',
      learnerUserId: learnerId,
      answers: { overall: 5, 'went-well': 'Talking with my supervisor Dr Example about my own health' },
      submittedAt: now,
    });
    await t.db.insert(eventCalendarTokens).values({ userId: learnerId, tokenHash: 'hash-of-a-token', createdAt: now });
    const admin = await createUser(t.db, { role: 'platform_admin' });
    const agent = new Agent(t.app);
    await agent.csrfToken();
    await agent.signInAs(admin.id);
    const erased = await agent.post(`/people/${learnerId}/erase`, { confirmEmail: learnerEmail });
    expect(erased.statusCode).toBe(302);
    const [feedback] = await t.db.select().from(eventFeedback).where(eq(eventFeedback.learnerUserId, learnerId));
    expect(feedback?.answers).toEqual({ overall: 5, 'went-well': null });
    expect(await t.db.select().from(eventCalendarTokens).where(eq(eventCalendarTokens.userId, learnerId))).toEqual([]);
    const [record] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'erase'));
    expect(JSON.stringify(record?.before)).toContain('1 written feedback answers and 1 private calendar link removed');
  });
});
