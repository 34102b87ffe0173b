import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { hashToken } from '../../platform/auth/tokens.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { lastMailTo } from '../people/test-fixtures.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { portfolioAssessorLinks, portfolioEntries } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW). Each makes its own learner, assessor address and supervisor, so no
// test reads what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

function request(assessorEmail: string): Record<string, string> {
  return {
    type: 'cbd',
    title: 'Chest pain in the emergency department',
    'occurredOn[day]': '6',
    'occurredOn[month]': '10',
    'occurredOn[year]': '2026',
    setting: 'hospital',
    place: 'Emergency department',
    caseSummary: 'A man in his sixties with central chest pain; two normal troponins.',
    feedbackWanted: 'My risk stratification and the decision to discharge.',
    assessorName: 'Dr Priya Shah',
    assessorEmail,
    assessorRole: 'consultant',
  };
}

const CBD_ASSESSMENT = {
  'rating-clinicalAssessment': 'meets',
  'rating-investigationReferral': 'meets',
  'rating-treatment': 'above',
  'rating-followUp': 'not_observed',
  'rating-professionalism': 'above',
  'rating-clinicalJudgement': 'meets',
  wentWell: 'A clear, structured history and a well-reasoned plan.',
  development: 'Use a validated risk score and write it in the notes.',
  agreedAction: 'Present two chest pain cases at the next teaching.',
  assessorName: 'Priya Shah',
};

let people = 0;
function unique(name: string): string {
  people += 1;
  return `${name.toLowerCase().replace(/\W+/g, '.')}.${String(people)}@example.nhs.uk`;
}

/** The learner sends a CBD to a new assessor address; the entry's id, the address and the link's path. */
async function sendCbd(learner: Person): Promise<{ id: string; email: string; path: string }> {
  const email = unique('assessor');
  const sent = await learner.agent.post('/portfolio/new/supervised-learning-event', request(email));
  expect(sent.statusCode, sent.body.slice(0, 2000)).toBe(302);
  const id = /\/portfolio\/entries\/([0-9a-f-]{36})$/.exec(sent.headers.location ?? '')?.[1] ?? '';
  expect(id).not.toBe('');
  return { id, email, path: await linkTo(email) };
}

/** The path of the assessor link in the newest email to the address, as it was sent (the outbox masks it). */
async function linkTo(email: string): Promise<string> {
  const mail = await lastMailTo(t, email);
  const path = /http:\/\/[^/\s]+(\/assess\/[A-Za-z0-9_-]+)/.exec(mail?.textBody ?? '')?.[1];
  if (path === undefined) throw new Error(`No assessor link in ${mail?.textBody ?? 'no mail'}`);
  return path;
}

/** Someone with no account, who has read the page (and so holds a CSRF token) before posting. */
async function stranger(path: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get(path);
  return agent;
}

async function entry(id: string) {
  const [row] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
  return row;
}

describe('sending a supervised learning event', () => {
  it('saves it with its assessor and emails them a link whose token the outbox does not hold', async () => {
    const amy = await addLearner(t, east, 'Amy Learner', { postsForms: true });
    const form = await amy.agent.get('/portfolio/new/supervised-learning-event');
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).title()).toBe('New supervised learning event');
    expect(form.body).toContain('Case-based discussion (CBD)');
    expect(readPage((await amy.agent.get('/portfolio')).body).links()).toContainEqual({
      text: 'Supervised learning event',
      href: '/portfolio/new/supervised-learning-event',
    });

    const { id, email, path } = await sendCbd(amy);
    const saved = await entry(id);
    expect(saved?.kind).toBe('sle');
    expect(saved?.status).toBe('with_assessor');
    expect(saved?.document).toMatchObject({ type: 'cbd', assessor: { email, role: 'consultant' }, assessment: null });

    const [link] = await t.db.select().from(portfolioAssessorLinks).where(eq(portfolioAssessorLinks.entryId, id));
    const token = path.split('/').pop() ?? '';
    expect(link?.tokenHash).toBe(hashToken(token));
    expect(link?.expiresAt.toISOString()).toBe(new Date(link!.createdAt.getTime() + 14 * 86_400_000).toISOString());
    const [stored] = await t.db.select().from(outbox).where(eq(outbox.toAddress, email));
    expect(stored?.textBody).toContain('Amy Learner has asked you to assess');
    expect(stored?.textBody).not.toContain(token);

    const page = readPage((await amy.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('Waiting for Dr Priya Shah since 14 October 2026');
    expect(page.text()).toContain('Case-based discussion (CBD)');
  });

  it('blocks an identifier in the case summary, keeps the text and sends nothing', async () => {
    const ben = await addLearner(t, east, 'Ben Learner', { postsForms: true });
    const email = unique('blocked');
    const blocked = await ben.agent.post('/portfolio/new/supervised-learning-event', {
      ...request(email),
      caseSummary: 'Chest pain, NHS number 943 476 5919, discharged.',
    });
    expect(blocked.statusCode).toBe(400);
    expect(readPage(blocked.body).errors()[0]).toContain('“943 476 5919”');
    expect(blocked.body).toContain('Chest pain, NHS number 943 476 5919, discharged.');
    expect(blocked.body).toContain(email);
    expect(await t.db.select().from(outbox).where(eq(outbox.toAddress, email))).toHaveLength(0);
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.learnerUserId, ben.id))).toHaveLength(
      0,
    );
  });
});

describe('the assessor’s link', () => {
  it('shows the event without an account, saves a CBD once, and tells the learner', async () => {
    const cat = await addLearner(t, east, 'Cat Learner', { postsForms: true });
    const { id, path } = await sendCbd(cat);
    const assessor = await stranger(path);
    const form = await assessor.get(path);
    expect(form.statusCode).toBe(200);
    const page = readPage(form.body);
    expect(page.title()).toBe('Case-based discussion (CBD) for Cat Learner');
    expect(page.text()).toContain('A man in his sixties with central chest pain');
    expect(page.text()).toContain('6 October 2026');
    expect(page.texts('legend')).toContain('Follow-up and future planning');

    const done = await assessor.post(path, CBD_ASSESSMENT);
    expect(done.statusCode, done.body.slice(0, 2000)).toBe(200);
    expect(readPage(done.body).title()).toBe('Thank you: your assessment is saved');

    const saved = await entry(id);
    expect(saved?.status).toBe('awaiting_sign_off');
    expect(saved?.submittedAt).not.toBeNull();
    expect(saved?.document.assessment).toMatchObject({
      ratings: { treatment: 'above', followUp: 'not_observed' },
      wentWell: 'A clear, structured history and a well-reasoned plan.',
      assessorName: 'Priya Shah',
      assessorRole: 'consultant',
    });
    const [link] = await t.db.select().from(portfolioAssessorLinks).where(eq(portfolioAssessorLinks.entryId, id));
    expect(link?.usedAt).not.toBeNull();
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audits.map((event) => event.actorLabel)).toContain('Assessor Priya Shah (by link)');
    expect((await lastMailTo(t, cat.email))?.subject).toBe('Priya Shah has completed your supervised learning event');

    // The learner reads it, and may choose outcomes; nobody can change it.
    const shown = readPage((await cat.agent.get(`/portfolio/entries/${id}`)).body);
    const assessment = shown.section('Assessment').text();
    expect(assessment).toContain('Completed by Priya Shah, Consultant');
    expect(assessment).toContain('Treatment Above expectations for stage');
    expect(assessment).toContain('Use a validated risk score');
    expect(shown.text()).not.toContain('Send the link again');
    expect((await cat.agent.post(`/portfolio/entries/${id}/assessor/resend`)).statusCode).toBe(302);
    expect((await entry(id))?.status).toBe('awaiting_sign_off');

    // The same link again: spent, and the form is not shown.
    const again = await assessor.get(path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link has already been used');
    expect(again.body).not.toContain('What went well');
    const twice = await assessor.post(path, { ...CBD_ASSESSMENT, wentWell: 'Changed my mind.' });
    expect(twice.statusCode).toBe(410);
    expect((await entry(id))?.document.assessment).toMatchObject({ wentWell: CBD_ASSESSMENT.wentWell });
  });

  it('saves only one of two submissions sent at once', async () => {
    const dee = await addLearner(t, east, 'Dee Learner', { postsForms: true });
    const { id, path } = await sendCbd(dee);
    const first = await stranger(path);
    const second = await stranger(path);
    const answers = await Promise.all([
      first.post(path, CBD_ASSESSMENT),
      second.post(path, { ...CBD_ASSESSMENT, wentWell: 'The other one.' }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 410]);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audits.filter((event) => event.actorLabel.startsWith('Assessor '))).toHaveLength(1);
  });

  it('is gone once it has expired, and a guessed one is not found', async () => {
    const eli = await addLearner(t, east, 'Eli Learner', { postsForms: true });
    const { id, path } = await sendCbd(eli);
    await t.db
      .update(portfolioAssessorLinks)
      .set({ expiresAt: new Date('2026-10-01T00:00:00Z') })
      .where(eq(portfolioAssessorLinks.entryId, id));
    const assessor = new Agent(t.app);
    const expired = await assessor.get(path);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain('ask the doctor to send a new one');
    expect(expired.body).not.toContain('What went well');

    const guessed = await assessor.get('/assess/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(guessed.statusCode).toBe(404);
    expect(guessed.body).not.toContain('What went well');
    expect((await assessor.get('/assess/x')).statusCode).toBe(404);
  });

  it('blocks an NHS number in the feedback, keeping what the assessor wrote', async () => {
    const fay = await addLearner(t, east, 'Fay Learner', { postsForms: true });
    const { id, path } = await sendCbd(fay);
    const assessor = await stranger(path);
    const development = 'Recheck the bloods for 943 476 5919 next time.';
    const blocked = await assessor.post(path, { ...CBD_ASSESSMENT, development });
    expect(blocked.statusCode).toBe(400);
    const errors = readPage(blocked.body).errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Suggested areas for development may identify a patient');
    expect(errors[0]).toContain('“943 476 5919”');
    expect(blocked.body).toContain(development);
    expect(blocked.body).toContain(CBD_ASSESSMENT.wentWell);
    expect(blocked.body).toMatch(/value="above"\s+checked/);
    expect((await entry(id))?.status).toBe('with_assessor');
    // The link still works once the number is gone.
    expect((await assessor.post(path, CBD_ASSESSMENT)).statusCode).toBe(200);
  });
});

describe('while it waits for the assessor', () => {
  it('is sent again with a new link, or to someone else, and withdrawn', async () => {
    const gus = await addLearner(t, east, 'Gus Learner', { postsForms: true });
    const { id, email, path: first } = await sendCbd(gus);
    expect((await gus.agent.post(`/portfolio/entries/${id}/assessor/resend`)).statusCode).toBe(302);
    const second = await linkTo(email);
    expect(second).not.toBe(first);
    expect((await new Agent(t.app).get(first)).statusCode).toBe(410);
    expect((await new Agent(t.app).get(second)).statusCode).toBe(200);

    const other = unique('other');
    const refused = await gus.agent.post(`/portfolio/entries/${id}/assessor`, {
      assessorName: 'Sam Lee',
      assessorEmail: 'not-an-address',
      assessorRole: 'gp',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      'Enter an email address in the correct format, like name@example.nhs.uk',
    ]);
    expect(refused.body).toContain('not-an-address');
    const changed = await gus.agent.post(`/portfolio/entries/${id}/assessor`, {
      assessorName: 'Sam Lee',
      assessorEmail: other,
      assessorRole: 'gp',
    });
    expect(changed.statusCode).toBe(302);
    const third = await linkTo(other);
    expect((await new Agent(t.app).get(second)).statusCode).toBe(410);
    expect(readPage((await gus.agent.get(`/portfolio/entries/${id}`)).body).text()).toContain(
      'Waiting for Sam Lee since 14 October 2026',
    );

    expect((await gus.agent.post(`/portfolio/entries/${id}/assessor/withdraw`)).statusCode).toBe(302);
    expect((await entry(id))?.status).toBe('in_progress');
    // Withdrawn, it goes to an assessor again, never straight to sign-off without an assessment.
    await gus.agent.post(`/portfolio/entries/${id}/send`);
    expect((await entry(id))?.status).toBe('in_progress');
    const withdrawn = await new Agent(t.app).get(third);
    expect(withdrawn.statusCode).toBe(410);
    expect(withdrawn.body).toContain('withdrawn');
    const page = readPage((await gus.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('The request was withdrawn');
    expect(page.section('Send it to an assessor').text()).toContain('Assessor’s email address');
  });
});

describe('who sees an SLE', () => {
  it('hides it, its link management and its assessor from another learner, another region’s admin and a stranger supervisor', async () => {
    const hal = await addLearner(t, east, 'Hal Learner', { postsForms: true });
    const { id } = await sendCbd(hal);
    const ida = await addLearner(t, east, 'Ida Learner', { postsForms: true });
    const londonAdmin = await signedIn(t, 'programme_admin', london, { postsForms: true });
    const strangerSupervisor = await givenSupervisor(t, east, 'Stranger Supervisor', { postsForms: true });
    for (const person of [ida, londonAdmin, strangerSupervisor]) {
      expect((await person.agent.get(`/portfolio/entries/${id}`)).statusCode).toBe(404);
      // Only supervisors sign off (others are refused by role); one who does not supervise Hal finds nothing.
      const signOff = await person.agent.post(`/portfolio/entries/${id}/sign-off`, {});
      expect(signOff.statusCode).toBe(person === strangerSupervisor ? 404 : 403);
    }
    for (const action of ['assessor/resend', 'assessor/withdraw']) {
      expect((await ida.agent.post(`/portfolio/entries/${id}/${action}`)).statusCode).toBe(404);
    }
    const taken = await ida.agent.post(`/portfolio/entries/${id}/assessor`, {
      assessorName: 'Ida Friend',
      assessorEmail: unique('friend'),
      assessorRole: 'gp',
    });
    expect(taken.statusCode).toBe(404);
    expect((await entry(id))?.document).toMatchObject({ assessor: { name: 'Dr Priya Shah' } });
    // Staff may not start one: the form is the learner's.
    expect((await londonAdmin.agent.get('/portfolio/new/supervised-learning-event')).statusCode).toBe(403);
  });
});

describe('sign-off', () => {
  it('is given by the learner’s supervisor once the assessor has completed it', async () => {
    const jo = await addLearner(t, east, 'Jo Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Jo ES', { postsForms: true });
    await supervises(t, es, jo);
    const { id, path } = await sendCbd(jo);
    expect((await es.agent.post(`/portfolio/entries/${id}/sign-off`, {})).statusCode).toBe(404);
    expect((await (await stranger(path)).post(path, CBD_ASSESSMENT)).statusCode).toBe(200);

    const queue = readPage((await es.agent.get('/portfolio')).body);
    expect(queue.section('Awaiting your sign-off').links()).toContainEqual({
      text: 'Chest pain in the emergency department',
      href: `/portfolio/entries/${id}`,
    });
    const page = readPage((await es.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.section('Assessment').text()).toContain('A clear, structured history');
    expect(
      (await es.agent.post(`/portfolio/entries/${id}/sign-off`, { comment: 'Good feedback to build on.' })).statusCode,
    ).toBe(302);
    const signed = await entry(id);
    expect(signed?.status).toBe('signed_off');
    expect(signed?.signedOffBy).toBe(es.id);
  });
});
