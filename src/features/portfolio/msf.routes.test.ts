import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { htmlProblems } from '../../testing/validate-html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { organisations } from '../organisations/schema.ts';
import { placements, postAssignments, posts, programmeYears } from '../placements/schema.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { msfRaters, msfResponses, portfolioEntries } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW). Each makes its own learner, raters and supervisors, so that none reads
// what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

const GROUPS = ['Consultant', 'Consultant', 'Nurse', 'Nurse', 'Nurse', 'FY2', 'FY2', 'Pharmacist', 'Ward clerk', 'GP'];

/** Ten raters across five staff groups, with addresses unique to the test (a prefix). */
function raterLines(prefix: string, count = 10): string {
  return Array.from(
    { length: count },
    (_, n) =>
      `Rater ${prefix} ${String(n + 1)}, ${prefix}.rater${String(n + 1)}@example.nhs.uk, ${GROUPS[n % 10] ?? 'Nurse'}`,
  ).join('\n');
}

function roundForm(prefix: string, overrides: Record<string, string> = {}) {
  return {
    title: 'Multi-source feedback, autumn 2026',
    'closesOn[day]': '6',
    'closesOn[month]': '11',
    'closesOn[year]': '2026',
    raters: raterLines(prefix),
    ...overrides,
  };
}

async function learner(name: string, regionId = east): Promise<Person> {
  return addLearner(t, regionId, name, { postsForms: true });
}

async function startRound(person: Person, prefix: string): Promise<string> {
  const response = await person.agent.post('/portfolio/new/multi-source-feedback', roundForm(prefix));
  expect(response.statusCode, response.body.slice(0, 3000)).toBe(302);
  const id = /\/portfolio\/entries\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '')?.[1];
  expect(id).toBeDefined();
  return id ?? '';
}

async function mailsTo(address: string) {
  return (await t.db.select().from(outbox).where(eq(outbox.toAddress, address))).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );
}

/** The path of the newest feedback link emailed to the address, read as the demo's outbox would show it. */
async function linkFor(address: string): Promise<string> {
  const mails = await mailsTo(address);
  const newest = mails[mails.length - 1];
  if (newest === undefined) throw new Error(`No mail to ${address}`);
  const match = /http:\/\/[^/\s]+(\/feedback\/msf\/[A-Za-z0-9_-]+)/.exec(t.app.mailer.readableText(newest));
  if (match?.[1] === undefined) throw new Error('No feedback link');
  return match[1];
}

const ANSWERS = {
  'trust-rating': 'no_concern',
  'trust-comment': 'Kind and unhurried with patients.',
  'communication-rating': 'no_concern',
  'teamwork-rating': 'some_concern',
  'teamwork-comment': 'Handovers could be more structured.',
  'accessibility-rating': 'no_concern',
  comment: 'A pleasure to work with.',
};

/** A rater, with no account, opens their link and sends the form. */
async function respond(path: string, answers: Record<string, string> = ANSWERS) {
  const rater = new Agent(t.app);
  const page = await rater.get(path);
  expect(page.statusCode).toBe(200);
  return rater.post(path, answers);
}

async function respondAs(prefix: string, numbers: readonly number[]) {
  for (const n of numbers) {
    const response = await respond(await linkFor(`${prefix}.rater${String(n)}@example.nhs.uk`), {
      ...ANSWERS,
      comment: `Overall comment ${String(n)}.`,
    });
    expect(response.statusCode).toBe(200);
  }
}

/** A clinical supervisor of the learner: of a placement under way in the post the learner is assigned to. */
async function clinicalSupervisorOf(person: Person): Promise<Person> {
  const supervisor = await signedIn(t, 'clinical_supervisor', east, { name: 'Clinical Supervisor', postsForms: true });
  const now = t.app.clock();
  const trust = newId();
  const year = newId();
  const post = newId();
  await t.db.insert(organisations).values({
    id: trust,
    regionId: east,
    name: `MSF Trust ${trust.slice(-6)}`,
    kind: 'acute_trust',
    isNhs: true,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(programmeYears).values({
    id: year,
    regionId: east,
    name: `F2 2026/27 ${year.slice(-6)}`,
    startsOn: '2026-08-05',
    endsOn: '2027-08-03',
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(posts).values({
    id: post,
    programmeYearId: year,
    regionId: east,
    code: `MSF-${post.slice(-8)}`,
    title: 'Generalism F2',
    leadEmployerId: trust,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(placements).values({
    id: newId(),
    postId: post,
    organisationId: trust,
    setting: 'acute_hospital',
    specialty: 'Acute medicine',
    startsOn: '2026-08-05',
    endsOn: '2027-02-02',
    sessionsPerWeek: 8,
    clinicalSupervisorUserId: supervisor.id,
    createdAt: now,
    updatedAt: now,
  });
  await t.db
    .insert(postAssignments)
    .values({ id: newId(), postId: post, learnerUserId: person.id, assignedAt: now, source: 'manual' });
  return supervisor;
}

describe('starting a round', () => {
  it('invites ten raters across three groups, emailing each a link the outbox masks', async () => {
    const amy = await learner('Amy Learner');
    const form = await amy.agent.get('/portfolio/new/multi-source-feedback');
    expect(form.statusCode).toBe(200);
    const page = readPage(form.body);
    expect(page.title()).toBe('Start multi-source feedback');
    expect(form.body).toContain('value="Multi-source feedback, autumn 2026"');
    expect(page.text()).toContain('Staff groups: Consultant or GP; Doctor in training; Nurse or midwife');
    expect(page.text()).toContain('for example 28 October 2026');
    // The list of kinds to write links here.
    expect(readPage((await amy.agent.get('/portfolio')).body).links()).toContainEqual({
      text: 'Multi-source feedback',
      href: '/portfolio/new/multi-source-feedback',
    });

    const id = await startRound(amy, 'amy');
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry).toMatchObject({ kind: 'msf', status: 'in_progress', learnerUserId: amy.id });
    expect(entry?.document).toEqual({ closesOn: '2026-11-06', closedAt: null, releasedAt: null });
    const raters = await t.db.select().from(msfRaters).where(eq(msfRaters.entryId, id));
    expect(raters).toHaveLength(10);
    expect(new Set(raters.map((rater) => rater.role))).toEqual(
      new Set(['consultant', 'nurse', 'doctor_in_training', 'allied_health_professional', 'administrative_staff']),
    );
    // Links last to the end of the closing date in London (GMT in November).
    expect(raters[0]?.expiresAt.toISOString()).toBe('2026-11-07T00:00:00.000Z');

    for (const rater of raters) {
      const mails = await mailsTo(rater.email);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.subject).toBe('Amy Learner asks for your feedback');
      expect(mail.textBody).toContain('/feedback/msf/[link hidden]');
      expect(mail.textBody).toContain('anonymous');
      expect(mail.textBody).toContain('5 minutes');
      const link = await linkFor(rater.email);
      const token = link.split('/').pop() ?? '';
      expect(JSON.stringify(mail)).not.toContain(token);
      // Only the hash of the token is kept.
      expect(rater.tokenHash).not.toContain(token);
    }

    const shown = readPage((await amy.agent.get(`/portfolio/entries/${id}`)).body);
    expect(shown.text()).toContain('0 of 10 raters have responded.');
    expect(shown.text()).toContain('The round closes at the end of 6 November 2026.');
    expect(shown.section('Not responded yet').texts('li')).toHaveLength(10);
  });

  it('refuses fewer than ten raters or a line it cannot read, at the field, keeping the text', async () => {
    const ben = await learner('Ben Learner');
    const few = await ben.agent.post(
      '/portfolio/new/multi-source-feedback',
      roundForm('ben', { raters: raterLines('ben', 8) }),
    );
    expect(few.statusCode).toBe(400);
    expect(readPage(few.body).errors()).toEqual(['Add at least 10 raters (you have added 8)']);
    expect(few.body).toContain('href="#raters"');
    expect(few.body).toContain('ben.rater8@example.nhs.uk, Pharmacist');

    const lines = raterLines('ben').split('\n');
    lines[3] = 'Rater ben 4, not-an-address, Nurse';
    lines[6] = 'Rater ben 7, ben.rater7@example.nhs.uk, porter';
    const malformed = await ben.agent.post(
      '/portfolio/new/multi-source-feedback',
      roundForm('ben', {
        raters: lines.join('\n'),
        title: 'Feedback, call 07700 900123',
        'closesOn[day]': '20',
        'closesOn[month]': '10',
      }),
    );
    expect(malformed.statusCode).toBe(400);
    const errors = readPage(malformed.body).errors();
    expect(errors[0]).toContain('Title may identify a patient');
    expect(errors.slice(1)).toEqual([
      'The closing date must be at least 14 days from today, so raters have time to reply',
      'Line 4: enter the rater’s email address',
      'Line 7: “porter” is not one of the staff groups listed',
    ]);
    expect(malformed.body).toContain('Rater ben 4, not-an-address, Nurse');
    expect(malformed.body).toContain('Feedback, call 07700 900123');
    // The list's own message names each line.
    expect(readPage(malformed.body).texts('#raters-error')[0]).toContain('Line 7');
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.learnerUserId, ben.id))).toHaveLength(
      0,
    );

    // Checking the list shows the advice without sending anything.
    const checked = await ben.agent.post('/portfolio/new/multi-source-feedback', {
      ...roundForm('ben'),
      action: 'check',
    });
    expect(checked.statusCode).toBe(200);
    expect(readPage(checked.body).text()).toContain('inviting 15 or more makes 10 responses more likely');
    expect(await mailsTo('ben.rater1@example.nhs.uk')).toHaveLength(0);
  });
});

describe('a rater’s link', () => {
  it('takes one anonymous response with no account, and only one', async () => {
    const cat = await learner('Cat Learner');
    const id = await startRound(cat, 'cat');
    const path = await linkFor('cat.rater3@example.nhs.uk');

    const rater = new Agent(t.app);
    const form = await rater.get(path);
    expect(form.statusCode).toBe(200);
    const page = readPage(form.body);
    expect(page.title()).toBe('Feedback for Cat Learner');
    expect(page.headings(2).slice(0, 6)).toEqual([
      'Important: Keep patients anonymous',
      'Maintaining trust and professional relationships with patients',
      'Verbal communication skills',
      'Team-working and working with colleagues',
      'Accessibility',
      'Anything else',
    ]);

    const missing = await rater.post(path, { ...ANSWERS, 'trust-rating': '' });
    expect(missing.statusCode).toBe(400);
    expect(readPage(missing.body).errors()).toEqual([
      'Select a rating for maintaining trust and professional relationships with patients',
    ]);
    expect(missing.body).toContain('Handovers could be more structured.');

    const sent = await rater.post(path, ANSWERS);
    expect(sent.statusCode).toBe(200);
    expect(readPage(sent.body).title()).toBe('Thank you for your feedback');

    const again = await new Agent(t.app).get(path);
    expect(again.statusCode).toBe(410);
    expect(readPage(again.body).title()).toBe('Thank you: you have already given your feedback');
    const twice = await rater.post(path, ANSWERS);
    expect(twice.statusCode).toBe(410);

    const rows = await t.db.select().from(msfResponses).where(eq(msfResponses.entryId, id));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.role).toBe('nurse');
    expect(row?.receivedOn).toBe('2026-10-14');
    // A random (version 4) id, not a time-ordered one.
    expect(row?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [answered] = await t.db
      .select()
      .from(msfRaters)
      .where(and(eq(msfRaters.entryId, id), eq(msfRaters.email, 'cat.rater3@example.nhs.uk')));
    expect(answered?.respondedAt).not.toBeNull();
    // Nothing in the response leads back to the rater: no id, no name, no email, no time of day.
    const stored = JSON.stringify(row);
    for (const secret of [answered?.id ?? '-', answered?.name ?? '-', answered?.email ?? '-', 'T0', 'T1']) {
      expect(stored).not.toContain(secret);
    }
    const result: unknown = await t.db.execute(
      sql`select column_name, data_type from information_schema.columns
          where table_schema = 'public' and table_name = 'msf_responses' order by column_name`,
    );
    const columns = (result as { rows: { column_name: string; data_type: string }[] }).rows;
    expect(columns.map((column) => `${column.column_name} ${column.data_type}`)).toEqual([
      'answers jsonb',
      'entry_id uuid',
      'id uuid',
      'received_on date',
      'role text',
    ]);

    const page2 = readPage((await cat.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page2.text()).toContain('1 of 10 raters has responded.');
    expect(page2.section('Not responded yet').text()).not.toContain('Rater cat 3');
    expect(page2.text()).not.toContain('Handovers could be more structured.');
  });

  it('counts only one of two submissions sent at once', async () => {
    const dan = await learner('Dan Learner');
    const id = await startRound(dan, 'dan');
    const path = await linkFor('dan.rater1@example.nhs.uk');
    const first = new Agent(t.app);
    const second = new Agent(t.app);
    await first.get(path);
    await second.get(path);
    const answers = await Promise.all([first.post(path, ANSWERS), second.post(path, ANSWERS)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 410]);
    expect(await t.db.select().from(msfResponses).where(eq(msfResponses.entryId, id))).toHaveLength(1);
  });

  it('blocks a phone number in a comment, keeping the text and storing nothing', async () => {
    const eve = await learner('Eve Learner');
    const id = await startRound(eve, 'eve');
    const path = await linkFor('eve.rater2@example.nhs.uk');
    const blocked = await respond(path, { ...ANSWERS, 'teamwork-comment': 'Call me on 07700 900123 about it' });
    expect(blocked.statusCode).toBe(400);
    const errors = readPage(blocked.body).errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('may identify a patient');
    expect(errors[0]).toContain('07700 900123');
    expect(blocked.body).toContain('href="#teamwork-comment"');
    expect(blocked.body).toContain('Call me on 07700 900123 about it');
    expect(await t.db.select().from(msfResponses).where(eq(msfResponses.entryId, id))).toHaveLength(0);
    expect((await new Agent(t.app).get(path)).statusCode).toBe(200);
  });

  it('answers an unknown link with 404, and an expired link or a closed round’s with 410', async () => {
    const fay = await learner('Fay Learner');
    const id = await startRound(fay, 'fay');
    expect((await new Agent(t.app).get('/feedback/msf/not-a-real-token-at-all-0000')).statusCode).toBe(404);
    // A link past its expiry (the end of the closing date) is closed.
    const expired = await linkFor('fay.rater2@example.nhs.uk');
    await t.db
      .update(msfRaters)
      .set({ expiresAt: new Date('2026-10-01T00:00:00Z') })
      .where(eq(msfRaters.email, 'fay.rater2@example.nhs.uk'));
    expect((await new Agent(t.app).get(expired)).statusCode).toBe(410);
    const path = await linkFor('fay.rater1@example.nhs.uk');
    expect((await fay.agent.post(`/portfolio/entries/${id}/msf/close`)).statusCode).toBe(302);
    const closed = await new Agent(t.app).get(path);
    expect(closed.statusCode).toBe(410);
    expect(readPage(closed.body).title()).toBe('This feedback has closed');
  });
});

describe('the learner’s round', () => {
  it('reminds those who have not answered, at most once in three days, with a new link', async () => {
    const gus = await learner('Gus Learner');
    const id = await startRound(gus, 'gus');
    await respondAs('gus', [1, 2]);
    const old = await linkFor('gus.rater5@example.nhs.uk');
    const reminded = await gus.agent.post(`/portfolio/entries/${id}/msf/remind`);
    expect(reminded.statusCode).toBe(302);
    expect(readPage((await gus.agent.get(`/portfolio/entries/${id}`)).body).text()).toContain(
      'A reminder was sent to 8 raters.',
    );
    expect(await mailsTo('gus.rater1@example.nhs.uk')).toHaveLength(1);
    const mails = await mailsTo('gus.rater5@example.nhs.uk');
    expect(mails).toHaveLength(2);
    expect(mails[1]?.subject).toBe('Reminder: Gus Learner asks for your feedback');
    expect(mails[1]?.textBody).toContain('/feedback/msf/[link hidden]');
    expect((await new Agent(t.app).get(old)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(await linkFor('gus.rater5@example.nhs.uk'))).statusCode).toBe(200);

    await gus.agent.post(`/portfolio/entries/${id}/msf/remind`);
    const page = readPage((await gus.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('reminded in the last 3 days');
    expect(await mailsTo('gus.rater5@example.nhs.uk')).toHaveLength(2);
  });

  it('adds raters to an open round, refusing one already invited', async () => {
    const hal = await learner('Hal Learner');
    const id = await startRound(hal, 'hal');
    const refused = await hal.agent.post(`/portfolio/entries/${id}/msf/raters`, {
      raters: 'New Person, hal.new@example.nhs.uk, Nurse\nAgain, HAL.rater1@example.nhs.uk, Nurse',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual(['Line 2: you have already added this email address']);
    expect(refused.body).toContain('New Person, hal.new@example.nhs.uk, Nurse');
    const added = await hal.agent.post(`/portfolio/entries/${id}/msf/raters`, {
      raters: 'New Person, hal.new@example.nhs.uk, Nurse',
    });
    expect(added.statusCode).toBe(302);
    expect(await mailsTo('hal.new@example.nhs.uk')).toHaveLength(1);
    expect(readPage((await hal.agent.get(`/portfolio/entries/${id}`)).body).text()).toContain(
      '0 of 11 raters have responded.',
    );
  });
});

describe('the summary and its release', () => {
  it('is hidden from the learner until their educational supervisor releases it once the round has closed', async () => {
    const ida = await learner('Ida Learner');
    const es = await givenSupervisor(t, east, 'Ida ES', { postsForms: true });
    await supervises(t, es, ida);
    const cs = await clinicalSupervisorOf(ida);
    const admin = await signedIn(t, 'programme_admin', east, { postsForms: true });
    const id = await startRound(ida, 'ida');
    await respondAs('ida', [1, 2, 3, 4, 5, 6, 7]);

    // Collecting: nobody sees the summary, and the supervisor cannot release it yet.
    const early = readPage((await es.agent.get(`/portfolio/entries/${id}`)).body);
    expect(early.text()).toContain('7 of 10 raters have responded.');
    expect(early.text()).not.toContain('Overall comment 1.');
    expect(early.text()).toContain('The summary can be released once collection has closed or 10 responses');
    const tooSoon = await es.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' });
    expect(tooSoon.statusCode).toBe(400);
    expect(readPage(tooSoon.body).errors()[0]).toContain('once collection has closed');
    expect(readPage((await es.agent.get('/')).body).text()).not.toContain('Review multi-source feedback');

    expect((await ida.agent.post(`/portfolio/entries/${id}/msf/close`)).statusCode).toBe(302);

    // The learner still sees no answers, and no page of the summary is theirs to open.
    const own = await ida.agent.get(`/portfolio/entries/${id}`);
    expect(readPage(own.body).text()).toContain('Ready for review');
    expect(readPage(own.body).headings(2)).not.toContain('Summary');
    expect(own.body).not.toContain('Overall comment');
    expect(own.body).not.toContain('Handovers could be more structured.');
    expect((await ida.agent.get(`/portfolio/entries/${id}/msf/release`)).statusCode).toBe(404);
    expect((await ida.agent.get(`/portfolio/entries/${id}/msf/summary`)).statusCode).toBe(404);
    expect((await ida.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' })).statusCode).toBe(403);

    // The clinical supervisor and the programme team neither see it nor release it.
    for (const person of [cs, admin]) {
      const page = await person.agent.get(`/portfolio/entries/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Overall comment 1.');
      expect(readPage(page.body).section('Responses').texts('li')).toEqual([]);
    }
    expect((await cs.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' })).statusCode).toBe(404);

    // The educational supervisor has a task, reads the summary, and releases it.
    const home = readPage((await es.agent.get('/')).body);
    expect(home.links()).toContainEqual({ text: 'Review multi-source feedback', href: `/portfolio/entries/${id}` });
    const review = readPage((await es.agent.get(`/portfolio/entries/${id}`)).body);
    expect(review.rows()).toContainEqual(['Team-working and working with colleagues', '0', '7', '0']);
    const overall = review.section('Overall comments').texts('li');
    expect(overall).toEqual([...overall].sort());
    expect(overall).toHaveLength(7);
    expect(review.text()).toContain('Ida Learner cannot see this until you release it.');

    const unread = await es.agent.post(`/portfolio/entries/${id}/msf/release`, { comment: 'Well done.' });
    expect(unread.statusCode).toBe(400);
    expect(readPage(unread.body).errors()).toEqual([
      'Confirm you have read the responses before releasing the summary.',
    ]);
    expect(unread.body).toContain('Well done.');
    const guarded = await es.agent.post(`/portfolio/entries/${id}/msf/release`, {
      reviewed: 'yes',
      comment: 'Ring me on 07700 900123 to talk it through.',
    });
    expect(guarded.statusCode).toBe(400);
    expect(readPage(guarded.body).errors()[0]).toContain('may identify a patient');
    expect(guarded.body).toContain('Ring me on 07700 900123 to talk it through.');

    const released = await es.agent.post(`/portfolio/entries/${id}/msf/release`, {
      reviewed: 'yes',
      comment: 'Strong feedback; let us talk about handovers.',
    });
    expect(released.statusCode).toBe(302);
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry?.status).toBe('signed_off');
    expect(entry?.signedOffBy).toBe(es.id);
    expect(entry?.document.releasedAt).toBe(entry?.signedOffAt?.toISOString());
    const told = await mailsTo(ida.email);
    expect(told.map((mail) => mail.subject)).toContain('Your multi-source feedback summary is ready');
    expect(readPage((await es.agent.get('/')).body).text()).not.toContain('Review multi-source feedback');

    // Now the learner, and those who may see the entry, see the summary and the supervisor's comment.
    for (const person of [ida, cs, admin]) {
      const page = readPage((await person.agent.get(`/portfolio/entries/${id}`)).body);
      expect(page.headings(2)).toContain('Summary');
      expect(page.section('Overall comments').texts('li')).toContain('Overall comment 3.');
      expect(page.text()).toContain('Strong feedback; let us talk about handovers.');
    }
    const twice = await es.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' });
    expect(readPage(twice.body).errors()).toEqual(['The summary has already been released.']);
  });

  it('shows only counts, and cannot be released, when too few responded', async () => {
    const jo = await learner('Jo Learner');
    const es = await givenSupervisor(t, east, 'Jo ES', { postsForms: true });
    await supervises(t, es, jo);
    const id = await startRound(jo, 'jo');
    await respondAs('jo', [1, 2, 3]);
    await jo.agent.post(`/portfolio/entries/${id}/msf/close`);
    const page = readPage((await es.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('Only 3 of 10 raters responded.');
    expect(page.text()).not.toContain('Overall comment 1.');
    expect(page.rows()).toEqual([]);
    const refused = await es.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' });
    expect(readPage(refused.body).errors()[0]).toContain('Only 3 responses arrived');
  });
});

describe('who may see a round', () => {
  it('hides it, and every action on it, from another learner, another region and a stranger supervisor', async () => {
    const kit = await learner('Kit Learner');
    const id = await startRound(kit, 'kit');
    const lou = await learner('Lou Learner');
    const londonAdmin = await signedIn(t, 'programme_admin', london, { postsForms: true });
    const stranger = await givenSupervisor(t, east, 'Stranger ES', { postsForms: true });
    for (const person of [lou, londonAdmin, stranger]) {
      expect((await person.agent.get(`/portfolio/entries/${id}`)).statusCode).toBe(404);
    }
    for (const action of ['remind', 'close', 'raters']) {
      expect(
        (await lou.agent.post(`/portfolio/entries/${id}/msf/${action}`, { raters: 'A, a@nhs.net, nurse' })).statusCode,
      ).toBe(404);
    }
    expect((await stranger.agent.post(`/portfolio/entries/${id}/msf/release`, { reviewed: 'yes' })).statusCode).toBe(
      404,
    );
    expect((await londonAdmin.agent.post(`/portfolio/entries/${id}/msf/release`, {})).statusCode).toBe(403);
    // Only the learner starts a round.
    const user = await createUser(t.db, { role: 'educational_supervisor', regionId: east });
    const supervisor = await new Agent(t.app).signInAs(user.id);
    expect((await supervisor.get('/portfolio/new/multi-source-feedback')).statusCode).toBe(403);
  });
});

describe('closing a round early', () => {
  it('asks first, with how many have responded, and changes nothing until the learner confirms', async () => {
    const kit = await learner('Kit Learner');
    const id = await startRound(kit, 'kit');
    await respondAs('kit', [1, 2]);
    const close = `/portfolio/entries/${id}/msf/close`;

    const entry = readPage((await kit.agent.get(`/portfolio/entries/${id}`)).body);
    expect(entry.links()).toContainEqual({ text: 'Close the round now', href: close });

    const asked = await kit.agent.get(close);
    expect(asked.statusCode).toBe(200);
    const page = readPage(asked.body);
    expect(page.title()).toBe('Are you sure you want to close the round now?');
    expect(page.text()).toContain('2 of the 10 raters you invited have responded.');
    expect(page.text()).toContain('the links of the 8 who have not responded stop working');
    expect(page.text()).toContain('with fewer than 7 responses the summary cannot be released');
    expect(page.text()).toContain('end of 6 November 2026');
    expect(asked.body).toContain(`<form method="post" action="${close}"`);
    expect(page.links()).toContainEqual({ text: 'Keep it open', href: `/portfolio/entries/${id}` });
    // The demo has no open round for the page walk (pages.test.ts) to reach, so the page is validated here.
    expect(await htmlProblems(asked.body)).toEqual([]);

    // Reading the page closes nothing: a rater who has not answered can still open their link.
    const waiting = await linkFor('kit.rater3@example.nhs.uk');
    expect((await new Agent(t.app).get(waiting)).statusCode).toBe(200);
    expect(readPage((await kit.agent.get(`/portfolio/entries/${id}`)).body).text()).toContain('Close the round early');

    // Another learner's round is not found.
    const other = await learner('Kit Other');
    expect((await other.agent.get(close)).statusCode).toBe(404);
    expect((await other.agent.post(close)).statusCode).toBe(404);

    expect((await kit.agent.post(close)).statusCode).toBe(302);
    expect((await new Agent(t.app).get(waiting)).statusCode).toBe(410);
    // Once closed, the page is not offered again: the learner is told why.
    const again = await kit.agent.get(close);
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe(`/portfolio/entries/${id}`);
    expect(readPage((await kit.agent.get(`/portfolio/entries/${id}`)).body).text()).toContain(
      'This round of feedback has closed.',
    );
  });
});
