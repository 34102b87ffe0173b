import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { learnerProfiles } from '../people/schema.ts';
import { displayCheckInCode } from './domain/events.ts';
import { londonParts } from '../../shared/london-time.ts';
import { eventRegistrations, learningEvents } from './schema.ts';
import { createCurriculum } from '../curriculum/repository.ts';
import { exampleCurriculum } from '../curriculum/domain/example.ts';
import { cohortMembers, cohorts, evidenceLinks } from '../curriculum/schema.ts';

let t: TestApp;
let east = '';
let admin: Agent;
let londonAdmin: Agent;
let fellow: { id: string; agent: Agent };
let otherFellow: Agent;
let learners: { id: string; email: string; agent: Agent }[] = [];
let f1Learner: { id: string; email: string; agent: Agent };
let londonLearner: { id: string; email: string; agent: Agent };
let eventId = '';

async function signedIn(role: Role, region: string) {
  const user = await createUser(t.db, { role, regionId: t.regionIds[region] ?? null });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, email: user.email, agent };
}

async function addLearner(region: string, stage: 'F1' | 'F2', name: string) {
  const user = await createUser(t.db, { role: 'learner', regionId: t.regionIds[region] ?? null, displayName: name });
  const now = t.app.clock();
  await t.db.insert(learnerProfiles).values({
    userId: user.id,
    regionId: t.regionIds[region] ?? '',
    stage,
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, email: user.email, agent };
}

function learner(i: number) {
  const found = learners[i];
  if (found === undefined) throw new Error(`No learner ${String(i)}`);
  return found;
}

/** The event form for a day `days` from now, 09:30 to 16:30 UK time. */
function eventForm(fields: Record<string, string | string[]> = {}, days = 3): Record<string, string | string[]> {
  const day = londonParts(new Date(t.app.clock().getTime() + days * 86_400_000));
  return {
    regionId: east,
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
    facilitatorUserId: fellow.id,
    ...fields,
  };
}

async function mailTo(email: string) {
  return t.db.select().from(outbox).where(eq(outbox.toAddress, email));
}

async function moveEvent(id: string, startsInMinutes: number, lengthMinutes = 240) {
  const startsAt = new Date(t.app.clock().getTime() + startsInMinutes * 60_000);
  await t.db
    .update(learningEvents)
    .set({ startsAt, endsAt: new Date(startsAt.getTime() + lengthMinutes * 60_000) })
    .where(eq(learningEvents.id, id));
}

async function registration(id: string, learnerId: string) {
  const [row] = await t.db
    .select()
    .from(eventRegistrations)
    .where(and(eq(eventRegistrations.eventId, id), eq(eventRegistrations.learnerUserId, learnerId)));
  return row;
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  await createCurriculum(
    t.db,
    { regionId: east, name: 'Enhance', content: exampleCurriculum(), changeSummary: 'First version', by: null },
    t.app.clock(),
  );
  admin = (await signedIn('programme_admin', 'east-of-england')).agent;
  londonAdmin = (await signedIn('programme_admin', 'london')).agent;
  fellow = await signedIn('educational_fellow', 'east-of-england');
  otherFellow = (await signedIn('educational_fellow', 'east-of-england')).agent;
  learners = [];
  for (const name of ['Ada Adams', 'Ben Brown', 'Cara Clark', 'Dev Desai']) {
    learners.push(await addLearner('east-of-england', 'F2', name));
  }
  f1Learner = await addLearner('east-of-england', 'F1', 'Fay First');
  londonLearner = await addLearner('london', 'F2', 'Lou London');
});
afterAll(async () => t.close());

describe('creating and changing an event', () => {
  it('shows every problem and keeps what was typed', async () => {
    const response = await admin.post(
      '/events/new',
      eventForm({
        title: '',
        onlineUrl: 'http://meet.example.com/x',
        capacity: '0',
        endTime: '08:00',
        venue: 'Room 4',
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter a title');
    expect(response.body).toContain('End time must be after the start time');
    expect(response.body).toContain('Online link must be a full web address starting with https://');
    expect(response.body).toContain('Places must be a whole number from 1');
    expect(response.body).toContain('value="Room 4"');
    expect(response.body).toContain('value="http://meet.example.com/x"');
    expect(response.body).toMatch(/value="SYS-F2-01"[^>]*checked/);
    const noPlace = await admin.post('/events/new', eventForm({ venue: '', onlineUrl: '' }));
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.body).toContain('Enter a venue or an online link, or both');
    const tooMany = await admin.post(
      '/events/new',
      eventForm({ outcomes: ['SYS-F2-01', 'POP-F2-01', 'PCP-F2-01', 'ENV-F2-01'] }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Choose up to 3 outcomes');
    const past = await admin.post('/events/new', eventForm({}, -2));
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The event must start in the future');
  });

  it('creates an event with a random check-in code', async () => {
    const form = await admin.get('/events/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Working across systems');
    const response = await admin.post('/events/new', eventForm());
    expect(response.statusCode).toBe(302);
    eventId = String(response.headers.location).split('/').pop() ?? '';
    const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, eventId));
    expect(event?.checkInCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(event?.outcomeCodes).toEqual(['SYS-F2-01']);
    expect(event?.feedbackQuestions.length).toBeGreaterThan(0);
    const page = await admin.get(`/events/${eventId}`);
    expect(page.body).toContain('Population health learning day');
    expect(page.body).toContain('2 of 2 places left');
    expect(page.body).toContain('SYS-F2-01');
  });

  it('lists, filters and searches events for staff', async () => {
    const list = await admin.get('/events');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Population health learning day');
    const none = await admin.get('/events?q=zebra');
    expect(none.body).toContain('No events match your search');
    const past = await admin.get('/events?when=past');
    expect(past.body).toContain('There are no past events');
    const fellowList = await fellow.agent.get('/events');
    expect(fellowList.statusCode).toBe(200);
    expect(fellowList.body).toContain('Population health learning day');
    expect(fellowList.body).not.toContain('Create an event');
    const london = await londonAdmin.get('/events');
    expect(london.body).not.toContain('Population health learning day');
  });
});

describe('access', () => {
  it('hides the event from other regions and refuses learners the organiser pages', async () => {
    expect((await londonLearner.agent.get(`/events/${eventId}`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/events/${eventId}`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/events/${eventId}/edit`)).statusCode).toBe(404);
    expect((await learner(0).agent.get('/events/new')).statusCode).toBe(403);
    expect((await learner(0).agent.get(`/events/${eventId}/edit`)).statusCode).toBe(403);
    expect((await learner(0).agent.get(`/events/${eventId}/code`)).statusCode).toBe(403);
    expect((await learner(0).agent.get(`/events/${eventId}/feedback/summary`)).statusCode).toBe(403);
    expect((await otherFellow.get(`/events/${eventId}/code`)).statusCode).toBe(404);
    expect((await otherFellow.get(`/events/${eventId}/edit`)).statusCode).toBe(403);
    const anonymous = await new Agent(t.app).get(`/events/${eventId}`);
    expect(anonymous.statusCode).toBe(302);
    expect(String(anonymous.headers.location)).toContain('/auth/sign-in');
  });

  it('shows learners the events for their stage', async () => {
    const list = await learner(0).agent.get('/events');
    expect(list.body).toContain('Population health learning day');
    expect(list.body).toContain('Not booked');
    const f1 = await f1Learner.agent.get('/events');
    expect(f1.body).not.toContain('Population health learning day');
    expect(f1.body).toContain('There are no upcoming events for you');
    const page = await f1Learner.agent.get(`/events/${eventId}`);
    expect(page.body).toContain('This event is for F2 only');
    await f1Learner.agent.post(`/events/${eventId}/book`);
    expect(await registration(eventId, f1Learner.id)).toBeUndefined();
  });
});

describe('places and the waiting list', () => {
  it('gives places first come, first served, then a waiting list with positions', async () => {
    await learner(0).agent.post(`/events/${eventId}/book`);
    await learner(1).agent.post(`/events/${eventId}/book`);
    const full = await learner(2).agent.post(`/events/${eventId}/book`);
    expect(full.statusCode).toBe(302);
    const flash = await learner(2).agent.get(`/events/${eventId}`);
    expect(flash.body).toContain('The event is full, so you are on the waiting list');
    expect(flash.body).toContain('You are number 1 on the waiting list');
    expect(flash.body).toContain('Waiting list, position 1');
    expect((await learner(0).agent.get(`/events/${eventId}`)).body).toContain('You have a place');
    await learner(3).agent.post(`/events/${eventId}/book`);
    expect((await learner(3).agent.get(`/events/${eventId}`)).body).toContain('You are number 2 on the waiting list');
    expect((await learner(3).agent.get('/events')).body).toContain('Waiting list, position 2');
    expect((await admin.get(`/events/${eventId}`)).body).toContain('Full (2 places), 2 on the waiting list');
  });

  it('asks before cancelling, then gives the place to the first in the queue and emails them', async () => {
    const confirm = await learner(0).agent.get(`/events/${eventId}/cancel-place`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to cancel your place?');
    const done = await learner(0).agent.post(`/events/${eventId}/cancel-place`);
    expect(done.statusCode).toBe(302);
    expect((await registration(eventId, learner(0).id))?.status).toBe('cancelled');
    expect((await registration(eventId, learner(2).id))?.status).toBe('registered');
    const mail = await mailTo(learner(2).email);
    expect(mail.map((item) => item.subject)).toContain('A place has become free: Population health learning day');
    expect((await learner(3).agent.get(`/events/${eventId}`)).body).toContain('You are number 1 on the waiting list');
  });

  it('refuses fewer places than are taken, and promotes when places are added', async () => {
    const fewer = await admin.post(
      `/events/${eventId}/edit`,
      eventForm({ capacity: '1', title: 'Population health day' }),
    );
    expect(fewer.statusCode).toBe(400);
    expect(fewer.body).toContain('Places must be 2 or more, because 2 learners are already registered');
    expect(fewer.body).toContain('value="Population health day"');
    const more = await admin.post(`/events/${eventId}/edit`, eventForm({ capacity: '3' }));
    expect(more.statusCode).toBe(302);
    expect((await registration(eventId, learner(3).id))?.status).toBe('registered');
    expect((await mailTo(learner(3).email)).length).toBe(1);
  });
});

describe('check-in and the register', () => {
  it('refuses check-in outside the window', async () => {
    const response = await learner(1).agent.post(`/events/${eventId}/check-in`, { code: 'ABCDEF' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Check-in opens at');
    expect((await registration(eventId, learner(1).id))?.attended).toBe(false);
  });

  it('shows the code to the facilitator during the window', async () => {
    await moveEvent(eventId, 10);
    const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, eventId));
    const code = event?.checkInCode ?? '';
    const page = await fellow.agent.get(`/events/${eventId}/code`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(displayCheckInCode(code));
    expect((await admin.get(`/events/${eventId}/code`)).body).toContain(displayCheckInCode(code));
  });

  it('refuses a wrong code, keeping it, and checks in with the right one', async () => {
    const wrong = await learner(1).agent.post(`/events/${eventId}/check-in`, { code: 'zzz-zzz' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That is not the code for this event');
    expect(wrong.body).toContain('value="zzz-zzz"');
    const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, eventId));
    const typed = displayCheckInCode(event?.checkInCode ?? '').toLowerCase();
    const right = await learner(1).agent.post(`/events/${eventId}/check-in`, { code: typed });
    expect(right.statusCode).toBe(302);
    const row = await registration(eventId, learner(1).id);
    expect(row?.attended).toBe(true);
    expect(row?.checkedInBy).toBe('self');
    const links = await t.db
      .select()
      .from(evidenceLinks)
      .where(eq(evidenceLinks.learnerUserId, learner(1).id));
    expect(links.map((link) => [link.outcomeCode, link.sourceType, link.sourceId])).toEqual([
      ['SYS-F2-01', 'event-attendance', eventId],
    ]);
  });

  it('stops after too many wrong codes', async () => {
    for (let i = 0; i < 5; i++) await learner(2).agent.post(`/events/${eventId}/check-in`, { code: 'WRONG1' });
    const [event] = await t.db.select().from(learningEvents).where(eq(learningEvents.id, eventId));
    const response = await learner(2).agent.post(`/events/${eventId}/check-in`, { code: event?.checkInCode ?? '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Ask the facilitator to mark you on the register');
    const wrongs = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityType, 'event_check_in'), eq(auditEvents.entityId, `${eventId}:${learner(2).id}`)),
      );
    expect(wrongs.length).toBe(5);
  });

  it('lets the facilitator mark the register, which records or removes evidence', async () => {
    const page = await fellow.agent.get(`/events/${eventId}/attendance`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cara Clark');
    expect(page.body).toContain('Checked in with the code');
    const saved = await fellow.agent.post(`/events/${eventId}/attendance`, {
      attended: [learner(2).id, learner(3).id],
    });
    expect(saved.statusCode).toBe(302);
    expect((await registration(eventId, learner(1).id))?.attended).toBe(false);
    expect((await registration(eventId, learner(2).id))?.checkedInBy).toBe('register');
    const links = await t.db.select().from(evidenceLinks).where(eq(evidenceLinks.sourceId, eventId));
    expect(links.map((link) => link.learnerUserId).sort()).toEqual([learner(2).id, learner(3).id].sort());
    await fellow.agent.post(`/events/${eventId}/attendance`, {
      attended: [learner(1).id, learner(2).id, learner(3).id],
    });
    expect((await registration(eventId, learner(1).id))?.attended).toBe(true);
  });
});

describe('feedback', () => {
  it('asks attendees for feedback once the event has started', async () => {
    await moveEvent(eventId, -60);
    const home = await learner(2).agent.get('/');
    expect(home.body).toContain('Give feedback on Population health learning day');
    expect((await learner(0).agent.get(`/events/${eventId}/feedback`)).statusCode).toBe(404);
    const form = await learner(2).agent.get(`/events/${eventId}/feedback`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Very good');
  });

  it('keeps what was typed when a required rating is missing', async () => {
    const response = await learner(2).agent.post(`/events/${eventId}/feedback`, {
      'went-well': 'The case discussions',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a rating for: Overall, how would you rate this event?');
    expect(response.body).toContain('The case discussions');
  });

  it('takes one response per learner, which they can change, and summarises it', async () => {
    await learner(2).agent.post(`/events/${eventId}/feedback`, { overall: '3', 'went-well': 'Cases' });
    await learner(2).agent.post(`/events/${eventId}/feedback`, { overall: '4', 'went-well': 'The case discussions' });
    await learner(3).agent.post(`/events/${eventId}/feedback`, { overall: '5', relevance: '4' });
    const again = await learner(2).agent.get(`/events/${eventId}/feedback`);
    expect(again.body).toContain('You have already given feedback');
    const home = await learner(2).agent.get('/');
    expect(home.body).not.toContain('Give feedback on Population health learning day');
    const summary = await fellow.agent.get(`/events/${eventId}/feedback/summary`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('2 responses from 3 who attended (67%)');
    expect(summary.body).toContain('Average 4.5 out of 5');
    expect(summary.body).toContain('The case discussions');
    expect(summary.body).not.toContain('>Cases<');
    expect((await otherFellow.get(`/events/${eventId}/feedback/summary`)).statusCode).toBe(404);
  });
});

describe('calendars', () => {
  it('gives an iCalendar file for the event', async () => {
    const response = await learner(1).agent.get(`/events/${eventId}.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/calendar');
    const body = response.body.replace(/\r\n /g, '');
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain(`UID:event-${eventId}@breadth`);
    expect(body).toContain('SUMMARY:Population health learning day');
    expect(body).toContain('LOCATION:Education Centre\\, West Suffolk Hospital\\, Bury St Edmunds');
    expect(body).toContain(`URL:http`);
    expect(body).toMatch(/DTSTART:\d{8}T\d{6}Z/);
    expect((await londonLearner.agent.get(`/events/${eventId}.ics`)).statusCode).toBe(404);
  });

  it('gives a private feed of the learner’s places by a hashed token', async () => {
    const start = await learner(1).agent.get('/events/calendar');
    expect(start.body).toContain('Make a private link');
    const made = await learner(1).agent.post('/events/calendar');
    const link = /\/events\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(made.body);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    const feed = await t.app.inject({ method: 'GET', url: `/events/calendar/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Population health learning day');
    expect((await t.app.inject({ method: 'GET', url: `/events/calendar/${'x'.repeat(43)}.ics` })).statusCode).toBe(404);
    const later = await learner(1).agent.get('/events/calendar');
    expect(later.body).not.toContain(token);
    await learner(1).agent.post('/events/calendar');
    expect((await t.app.inject({ method: 'GET', url: `/events/calendar/${token}.ics` })).statusCode).toBe(404);
  });
});

describe('reminders and cancellation', () => {
  let second = '';

  beforeAll(async () => {
    const cohortId = newId();
    const now = t.app.clock();
    await t.db
      .insert(cohorts)
      .values({ id: cohortId, regionId: east, name: '2026 intake', intakeYear: 2026, createdAt: now, updatedAt: now });
    await t.db.insert(cohortMembers).values([
      { cohortId, learnerUserId: learner(0).id, addedAt: now },
      { cohortId, learnerUserId: learner(1).id, addedAt: now },
    ]);
    const response = await admin.post(
      '/events/new',
      eventForm({
        title: 'Sustainability taster',
        type: 'taster',
        capacity: '1',
        stages: [],
        cohorts: [cohortId],
        outcomes: [],
        venue: '',
        onlineUrl: 'https://meet.example.com/abc',
      }),
    );
    expect(response.statusCode).toBe(302);
    second = String(response.headers.location).split('/').pop() ?? '';
    expect((await learner(3).agent.get('/events')).body).not.toContain('Sustainability taster');
    await learner(0).agent.post(`/events/${second}/book`);
    await learner(1).agent.post(`/events/${second}/book`);
  });

  it('shows the online link only to those with a place', async () => {
    expect((await learner(0).agent.get(`/events/${second}`)).body).toContain('href="https://meet.example.com/abc"');
    expect((await learner(1).agent.get(`/events/${second}`)).body).not.toContain('href="https://meet.example.com/abc"');
  });

  it('emails a reminder to those registered', async () => {
    const page = await admin.get(`/events/${second}`);
    expect(page.body).toContain('Email a reminder to the 1 registered learner');
    await admin.post(`/events/${second}/reminder`);
    const subjects = (await mailTo(learner(0).email)).map((mail) => mail.subject);
    expect(subjects.some((subject) => subject.startsWith('Reminder: Sustainability taster'))).toBe(true);
    expect((await mailTo(learner(1).email)).some((mail) => mail.subject.startsWith('Reminder'))).toBe(false);
  });

  it('asks for a reason, cancels and emails everyone registered or waiting', async () => {
    const confirm = await admin.get(`/events/${second}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to cancel this event?');
    const noReason = await admin.post(`/events/${second}/cancel`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter the reason for cancelling');
    expect((await learner(0).agent.post(`/events/${second}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    const done = await admin.post(`/events/${second}/cancel`, { reason: 'The speaker is unwell.' });
    expect(done.statusCode).toBe(302);
    for (const i of [0, 1]) {
      const mail = (await mailTo(learner(i).email)).find((item) =>
        item.subject.startsWith('Cancelled: Sustainability taster'),
      );
      expect(mail?.textBody).toContain('The speaker is unwell.');
    }
    const page = await learner(0).agent.get(`/events/${second}`);
    expect(page.body).toContain('This event has been cancelled');
    expect(page.body).not.toContain('Cancel my place');
    await learner(2).agent.post(`/events/${second}/book`);
    expect(await registration(second, learner(2).id)).toBeUndefined();
    expect((await admin.get('/events?when=cancelled')).body).toContain('Sustainability taster');
  });

  it('shows a cancellation reason as text, never as markup', async () => {
    const created = await admin.post('/events/new', eventForm({ title: 'Frailty taster' }));
    expect(created.statusCode).toBe(302);
    const id = String(created.headers.location).split('/').pop() ?? '';
    const reason = '<script>alert(1)</script><b>x</b>';
    expect((await admin.post(`/events/${id}/cancel`, { reason })).statusCode).toBe(302);
    const page = await learner(0).agent.get(`/events/${id}`);
    expect(page.body).toContain('This event has been cancelled');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<b>x</b>');
  });
});

describe('pages by role', () => {
  it('answers each role as the routes declare', async () => {
    const roles: Role[] = [
      'platform_admin',
      'programme_director',
      'programme_admin',
      'educational_supervisor',
      'clinical_supervisor',
      'educational_fellow',
      'learner',
      'provider_contact',
    ];
    const managers: Role[] = ['platform_admin', 'programme_director', 'programme_admin'];
    for (const role of roles) {
      const { agent } = await signedIn(role, 'east-of-england');
      const statuses = await Promise.all(
        ['/events', '/events/new', '/events/calendar'].map(async (url) => (await agent.get(url)).statusCode),
      );
      expect([role, ...statuses]).toEqual([
        role,
        role === 'provider_contact' ? 403 : 200,
        managers.includes(role) ? 200 : 403,
        role === 'learner' ? 200 : 403,
      ]);
    }
    const admin = await createUser(t.db, { role: 'platform_admin', regionId: null });
    const agent = new Agent(t.app);
    await agent.signInAs(admin.id);
    const chooser = await agent.get('/events/new');
    expect(chooser.statusCode).toBe(200);
    expect(chooser.body).toContain('Select a region');
    const form = await agent.get(`/events/new?region=${east}`);
    expect(form.body).toContain('Create event');
  });
});
