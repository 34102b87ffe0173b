import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { givenCohort, givenExampleCurriculum } from '../../testing/curriculum.ts';
import { addLearner, signedIn } from '../../testing/people.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { displayCheckInCode } from './domain/events.ts';
import { learningEvents } from './schema.ts';
import { evidenceLinks } from '../curriculum/schema.ts';
import {
  book,
  checkInCodeOf,
  eventForm,
  givenCast,
  givenEvent,
  learnerOf,
  moveEvent,
  registration,
  type Cast,
} from './test-fixtures.ts';

// The East of England has the example curriculum, published once for the file. Each test takes a cast of its own
// there (givenCast: an administrator, a facilitator, F2 learners) and its own event, booked and moved in time as its
// story needs; the tests that read a region's whole list of events have a region of their own. No test reads what
// another wrote; they pass alone and in any order.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  for (const code of ['east-of-england', 'north-west', 'south-west'])
    await givenExampleCurriculum(t, t.regionIds[code] ?? '');
});
afterAll(async () => t.close());

async function mailTo(email: string) {
  return t.db.select().from(outbox).where(eq(outbox.toAddress, email));
}

/** A cast in the East with this many learners, and their event (as eventForm describes it, with these changes). */
async function givenBooking(learners: number, fields: Record<string, string | string[]> = {}) {
  const cast = await givenCast(t, east, learners);
  return { cast, eventId: await givenEvent(t, cast, fields), learner: (n: number) => learnerOf(cast, n) };
}

/** The learners check in with the event's code, which the event must be open for. */
async function checkIn(eventId: string, ...learners: Cast['learners']) {
  const code = await checkInCodeOf(t, eventId);
  for (const learner of learners)
    expect((await learner.agent.post(`/events/${eventId}/check-in`, { code })).statusCode).toBe(302);
}

describe('creating and changing an event', () => {
  it('shows every problem and keeps what was typed', async () => {
    const cast = await givenCast(t, east);
    const admin = cast.admin.agent;
    const response = await admin.post(
      '/events/new',
      eventForm(t, cast, {
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
    const noPlace = await admin.post('/events/new', eventForm(t, cast, { venue: '', onlineUrl: '' }));
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.body).toContain('Enter a venue or an online link, or both');
    const tooMany = await admin.post(
      '/events/new',
      eventForm(t, cast, { outcomes: ['SYS-F2-01', 'POP-F2-01', 'PCP-F2-01', 'ENV-F2-01'] }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Choose up to 3 outcomes');
    const past = await admin.post('/events/new', eventForm(t, cast, {}, -2));
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The event must start in the future');
  });

  it('creates an event with a random check-in code', async () => {
    const cast = await givenCast(t, east);
    const admin = cast.admin.agent;
    const form = await admin.get('/events/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Working across systems');
    const response = await admin.post('/events/new', eventForm(t, cast));
    expect(response.statusCode).toBe(302);
    const eventId = String(response.headers.location).split('/').pop() ?? '';
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
    // A region of its own, whose whole list of events the test reads.
    const cast = await givenCast(t, t.regionIds['north-west'] ?? '');
    await givenEvent(t, cast);
    const londonAdmin = await signedIn(t, 'programme_admin', london);
    const admin = cast.admin.agent;
    const list = await admin.get('/events');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Population health learning day');
    const none = await admin.get('/events?q=zebra');
    expect(none.body).toContain('No events match your search');
    const past = await admin.get('/events?when=past');
    expect(past.body).toContain('There are no past events');
    const fellowList = await cast.fellow.agent.get('/events');
    expect(fellowList.statusCode).toBe(200);
    expect(fellowList.body).toContain('Population health learning day');
    expect(fellowList.body).not.toContain('Create an event');
    const inLondon = await londonAdmin.agent.get('/events');
    expect(inLondon.body).not.toContain('Population health learning day');
  });
});

describe('access', () => {
  it('hides the event from other regions and refuses learners the organiser pages', async () => {
    const { eventId, learner } = await givenBooking(1);
    const londonLearner = await addLearner(t, london, 'Lou London');
    const londonAdmin = (await signedIn(t, 'programme_admin', london)).agent;
    const otherFellow = (await signedIn(t, 'educational_fellow', east)).agent;
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
    // A region of its own: an F1 learner there has no events at all unless this test makes one.
    const region = t.regionIds['south-west'] ?? '';
    const cast = await givenCast(t, region, 1);
    const eventId = await givenEvent(t, cast);
    const f1Learner = await addLearner(t, region, 'Fay First', { stage: 'F1', postsForms: true });
    const list = await learnerOf(cast, 0).agent.get('/events');
    expect(list.body).toContain('Population health learning day');
    expect(list.body).toContain('Not booked');
    const f1 = await f1Learner.agent.get('/events');
    expect(f1.body).not.toContain('Population health learning day');
    expect(f1.body).toContain('There are no upcoming events for you');
    const page = await f1Learner.agent.get(`/events/${eventId}`);
    expect(page.body).toContain('This event is for F2 only');
    await f1Learner.agent.post(`/events/${eventId}/book`);
    expect(await registration(t, eventId, f1Learner.id)).toBeUndefined();
  });
});

describe('places and the waiting list', () => {
  it('gives places first come, first served, then a waiting list with positions', async () => {
    const { cast, eventId, learner } = await givenBooking(4);
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
    expect((await cast.admin.agent.get(`/events/${eventId}`)).body).toContain('Full (2 places), 2 on the waiting list');
  });

  it('asks before cancelling, then gives the place to the first in the queue and emails them', async () => {
    const { cast, eventId, learner } = await givenBooking(4);
    await book(eventId, ...cast.learners);
    const confirm = await learner(0).agent.get(`/events/${eventId}/cancel-place`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to cancel your place?');
    const done = await learner(0).agent.post(`/events/${eventId}/cancel-place`);
    expect(done.statusCode).toBe(302);
    expect((await registration(t, eventId, learner(0).id))?.status).toBe('cancelled');
    expect((await registration(t, eventId, learner(2).id))?.status).toBe('registered');
    const mail = await mailTo(learner(2).email);
    expect(mail.map((item) => item.subject)).toContain('A place has become free: Population health learning day');
    expect((await learner(3).agent.get(`/events/${eventId}`)).body).toContain('You are number 1 on the waiting list');
  });

  it('refuses fewer places than are taken, and promotes when places are added', async () => {
    // Two places taken and one learner waiting.
    const { cast, eventId, learner } = await givenBooking(3);
    await book(eventId, ...cast.learners);
    const admin = cast.admin.agent;
    const fewer = await admin.post(
      `/events/${eventId}/edit`,
      eventForm(t, cast, { capacity: '1', title: 'Population health day' }),
    );
    expect(fewer.statusCode).toBe(400);
    expect(fewer.body).toContain('Places must be 2 or more, because 2 learners are already registered');
    expect(fewer.body).toContain('value="Population health day"');
    const more = await admin.post(`/events/${eventId}/edit`, eventForm(t, cast, { capacity: '3' }));
    expect(more.statusCode).toBe(302);
    expect((await registration(t, eventId, learner(2).id))?.status).toBe('registered');
    expect((await mailTo(learner(2).email)).length).toBe(1);
  });
});

describe('check-in and the register', () => {
  it('refuses check-in outside the window', async () => {
    const { eventId, learner } = await givenBooking(1);
    await book(eventId, learner(0));
    const response = await learner(0).agent.post(`/events/${eventId}/check-in`, { code: 'ABCDEF' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Check-in opens at');
    expect((await registration(t, eventId, learner(0).id))?.attended).toBe(false);
  });

  it('shows the code to the facilitator during the window', async () => {
    const { cast, eventId } = await givenBooking(0);
    await moveEvent(t, eventId, 10);
    const code = await checkInCodeOf(t, eventId);
    const page = await cast.fellow.agent.get(`/events/${eventId}/code`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(displayCheckInCode(code));
    expect((await cast.admin.agent.get(`/events/${eventId}/code`)).body).toContain(displayCheckInCode(code));
  });

  it('refuses a wrong code, keeping it, and checks in with the right one', async () => {
    const { eventId, learner } = await givenBooking(1);
    await book(eventId, learner(0));
    await moveEvent(t, eventId, 10);
    const wrong = await learner(0).agent.post(`/events/${eventId}/check-in`, { code: 'zzz-zzz' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('That is not the code for this event');
    expect(wrong.body).toContain('value="zzz-zzz"');
    const typed = displayCheckInCode(await checkInCodeOf(t, eventId)).toLowerCase();
    const right = await learner(0).agent.post(`/events/${eventId}/check-in`, { code: typed });
    expect(right.statusCode).toBe(302);
    const row = await registration(t, eventId, learner(0).id);
    expect(row?.attended).toBe(true);
    expect(row?.checkedInBy).toBe('self');
    const links = await t.db
      .select()
      .from(evidenceLinks)
      .where(eq(evidenceLinks.learnerUserId, learner(0).id));
    expect(links.map((link) => [link.outcomeCode, link.sourceType, link.sourceId])).toEqual([
      ['SYS-F2-01', 'event-attendance', eventId],
    ]);
  });

  it('stops after too many wrong codes', async () => {
    const { eventId, learner } = await givenBooking(1);
    await book(eventId, learner(0));
    await moveEvent(t, eventId, 10);
    for (let i = 0; i < 5; i++) await learner(0).agent.post(`/events/${eventId}/check-in`, { code: 'WRONG1' });
    const code = await checkInCodeOf(t, eventId);
    const response = await learner(0).agent.post(`/events/${eventId}/check-in`, { code });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Ask the facilitator to mark you on the register');
    const wrongs = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityType, 'event_check_in'), eq(auditEvents.entityId, `${eventId}:${learner(0).id}`)),
      );
    expect(wrongs.length).toBe(5);
  });

  it('lets the facilitator mark the register, which records or removes evidence', async () => {
    // Ada checked in with the code; Ben and Cara have places.
    const { cast, eventId, learner } = await givenBooking(3, { capacity: '3' });
    await book(eventId, ...cast.learners);
    await moveEvent(t, eventId, 10);
    await checkIn(eventId, learner(0));
    const fellow = cast.fellow.agent;
    const page = await fellow.get(`/events/${eventId}/attendance`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cara Clark');
    expect(page.body).toContain('Checked in with the code');
    const saved = await fellow.post(`/events/${eventId}/attendance`, { attended: [learner(1).id, learner(2).id] });
    expect(saved.statusCode).toBe(302);
    expect((await registration(t, eventId, learner(0).id))?.attended).toBe(false);
    expect((await registration(t, eventId, learner(1).id))?.checkedInBy).toBe('register');
    const links = await t.db.select().from(evidenceLinks).where(eq(evidenceLinks.sourceId, eventId));
    expect(links.map((link) => link.learnerUserId).sort()).toEqual([learner(1).id, learner(2).id].sort());
    await fellow.post(`/events/${eventId}/attendance`, { attended: [learner(0).id, learner(1).id, learner(2).id] });
    expect((await registration(t, eventId, learner(0).id))?.attended).toBe(true);
  });
});

describe('feedback', () => {
  /** An event that started an hour ago: the learners given attended, checked in with the code before it began. */
  async function givenAttended(learners: number, attended: number) {
    const booking = await givenBooking(learners, { capacity: String(learners) });
    await book(booking.eventId, ...booking.cast.learners);
    await moveEvent(t, booking.eventId, 10);
    await checkIn(booking.eventId, ...booking.cast.learners.slice(0, attended));
    await moveEvent(t, booking.eventId, -60);
    return booking;
  }

  it('asks attendees for feedback once the event has started', async () => {
    // Ada attended; Ben had a place but did not come.
    const { eventId, learner } = await givenAttended(2, 1);
    const home = await learner(0).agent.get('/');
    expect(home.body).toContain('Give feedback on Population health learning day');
    expect((await learner(1).agent.get(`/events/${eventId}/feedback`)).statusCode).toBe(404);
    const form = await learner(0).agent.get(`/events/${eventId}/feedback`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Very good');
  });

  it('keeps what was typed when a required rating is missing', async () => {
    const { eventId, learner } = await givenAttended(1, 1);
    const response = await learner(0).agent.post(`/events/${eventId}/feedback`, {
      'went-well': 'The case discussions',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a rating for: Overall, how would you rate this event?');
    expect(response.body).toContain('The case discussions');
  });

  it('takes one response per learner, which they can change, and summarises it', async () => {
    const { cast, eventId, learner } = await givenAttended(3, 3);
    const otherFellow = (await signedIn(t, 'educational_fellow', east)).agent;
    await learner(1).agent.post(`/events/${eventId}/feedback`, { overall: '3', 'went-well': 'Cases' });
    await learner(1).agent.post(`/events/${eventId}/feedback`, { overall: '4', 'went-well': 'The case discussions' });
    await learner(2).agent.post(`/events/${eventId}/feedback`, { overall: '5', relevance: '4' });
    const again = await learner(1).agent.get(`/events/${eventId}/feedback`);
    expect(again.body).toContain('You have already given feedback');
    const home = await learner(1).agent.get('/');
    expect(home.body).not.toContain('Give feedback on Population health learning day');
    const summary = await cast.fellow.agent.get(`/events/${eventId}/feedback/summary`);
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
    const { eventId, learner } = await givenBooking(1);
    await book(eventId, learner(0));
    const londonLearner = await addLearner(t, london, 'Lou London');
    const response = await learner(0).agent.get(`/events/${eventId}.ics`);
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
    const { eventId, learner } = await givenBooking(1);
    await book(eventId, learner(0));
    const start = await learner(0).agent.get('/events/calendar');
    expect(start.body).toContain('Make a private link');
    const made = await learner(0).agent.post('/events/calendar');
    const link = /\/events\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(made.body);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    const feed = await t.app.inject({ method: 'GET', url: `/events/calendar/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Population health learning day');
    expect((await t.app.inject({ method: 'GET', url: `/events/calendar/${'x'.repeat(43)}.ics` })).statusCode).toBe(404);
    const later = await learner(0).agent.get('/events/calendar');
    expect(later.body).not.toContain(token);
    await learner(0).agent.post('/events/calendar');
    expect((await t.app.inject({ method: 'GET', url: `/events/calendar/${token}.ics` })).statusCode).toBe(404);
  });
});

describe('reminders and cancellation', () => {
  let tasters = 0;

  /**
   * An online taster with one place for a cohort of Ada and Ben (not Cara): Ada has the place and Ben is waiting.
   */
  async function givenTaster() {
    const cast = await givenCast(t, east, 3);
    const [ada, ben] = cast.learners;
    tasters += 1;
    const cohortId = await givenCohort(
      t,
      east,
      `2026 intake ${String(tasters)}`,
      [ada, ben].filter((learner) => learner !== undefined),
      2026,
    );
    const taster = await givenEvent(t, cast, {
      title: 'Sustainability taster',
      type: 'taster',
      capacity: '1',
      stages: [],
      cohorts: [cohortId],
      outcomes: [],
      venue: '',
      onlineUrl: 'https://meet.example.com/abc',
    });
    await book(taster, learnerOf(cast, 0), learnerOf(cast, 1));
    return { cast, taster, learner: (n: number) => learnerOf(cast, n) };
  }

  it('shows the taster only to its cohort, and the online link only to those with a place', async () => {
    const { taster, learner } = await givenTaster();
    expect((await learner(2).agent.get('/events')).body).not.toContain('Sustainability taster');
    expect((await learner(0).agent.get(`/events/${taster}`)).body).toContain('href="https://meet.example.com/abc"');
    expect((await learner(1).agent.get(`/events/${taster}`)).body).not.toContain('href="https://meet.example.com/abc"');
  });

  it('emails a reminder to those registered', async () => {
    const { cast, taster, learner } = await givenTaster();
    const page = await cast.admin.agent.get(`/events/${taster}`);
    expect(page.body).toContain('Email a reminder to the 1 registered learner');
    await cast.admin.agent.post(`/events/${taster}/reminder`);
    const subjects = (await mailTo(learner(0).email)).map((mail) => mail.subject);
    expect(subjects.some((subject) => subject.startsWith('Reminder: Sustainability taster'))).toBe(true);
    expect((await mailTo(learner(1).email)).some((mail) => mail.subject.startsWith('Reminder'))).toBe(false);
  });

  it('asks for a reason, cancels and emails everyone registered or waiting', async () => {
    const { cast, taster, learner } = await givenTaster();
    const admin = cast.admin.agent;
    const confirm = await admin.get(`/events/${taster}/cancel`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to cancel this event?');
    const noReason = await admin.post(`/events/${taster}/cancel`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Enter the reason for cancelling');
    expect((await learner(0).agent.post(`/events/${taster}/cancel`, { reason: 'x' })).statusCode).toBe(403);
    const done = await admin.post(`/events/${taster}/cancel`, { reason: 'The speaker is unwell.' });
    expect(done.statusCode).toBe(302);
    for (const i of [0, 1]) {
      const mail = (await mailTo(learner(i).email)).find((item) =>
        item.subject.startsWith('Cancelled: Sustainability taster'),
      );
      expect(mail?.textBody).toContain('The speaker is unwell.');
    }
    const page = await learner(0).agent.get(`/events/${taster}`);
    expect(page.body).toContain('This event has been cancelled');
    expect(page.body).not.toContain('Cancel my place');
    await learner(2).agent.post(`/events/${taster}/book`);
    expect(await registration(t, taster, learner(2).id)).toBeUndefined();
    expect((await admin.get('/events?when=cancelled')).body).toContain('Sustainability taster');
  });

  it('shows a cancellation reason as text, never as markup', async () => {
    const cast = await givenCast(t, east, 1);
    const admin = cast.admin.agent;
    const created = await admin.post('/events/new', eventForm(t, cast, { title: 'Frailty taster' }));
    expect(created.statusCode).toBe(302);
    const id = String(created.headers.location).split('/').pop() ?? '';
    const reason = '<script>alert(1)</script><b>x</b>';
    expect((await admin.post(`/events/${id}/cancel`, { reason })).statusCode).toBe(302);
    const page = await learnerOf(cast, 0).agent.get(`/events/${id}`);
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
      const { agent } = await signedIn(t, role, east);
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
