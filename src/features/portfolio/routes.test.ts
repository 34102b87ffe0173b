import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { givenExampleCurriculum } from '../../testing/curriculum.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { evidenceLinks } from '../curriculum/schema.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { portfolioDrafts, portfolioEntries } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW). Each test makes its own learners and supervisors in the East (whose example curriculum the file publishes once),
// so no test reads what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  await givenExampleCurriculum(t, east);
});
afterAll(async () => t.close());

const JOURNEY = {
  title: 'Heart failure from ward to home',
  'occurredOn[day]': '2',
  'occurredOn[month]': '10',
  'occurredOn[year]': '2026',
  patient: 'A woman in her eighties living alone with heart failure',
  'steps-0-setting': 'hospital',
  'steps-0-place': 'Medical admissions unit',
  'steps-0-day': '0',
  'steps-0-involved': ['hospital_doctor', 'nurse'],
  'steps-0-happened': 'Admitted breathless; diuresed over three days.',
  'steps-0-learned': 'How early the discharge conversation has to start.',
  'steps-1-setting': 'community',
  'steps-1-place': 'Community heart failure nurses',
  'steps-1-day': '5',
  'steps-1-happened': 'Reviewed at home; furosemide 40 mg titrated against weight.',
  'steps-1-learned': '',
  'steps-2-setting': 'voluntary_sector',
  'steps-2-place': 'A befriending charity',
  'steps-2-day': '12',
  'steps-2-happened': 'Weekly calls arranged for loneliness.',
  'steps-2-learned': 'Non-NHS partners carry much of the load.',
  systemReflection: 'The handover to community nursing joined up well; social isolation was nobody’s job until day 12.',
};

async function learner(name: string, regionId = east): Promise<Person> {
  return addLearner(t, regionId, name, { postsForms: true });
}

async function writeJourney(person: Person, form: Record<string, string | string[]> = JOURNEY): Promise<string> {
  const response = await person.agent.post('/portfolio/new/patient-journey', form);
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
  const match = /\/portfolio\/entries\/([0-9a-f-]{36})\/outcomes/.exec(response.headers.location ?? '');
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

describe('writing a patient journey', () => {
  it('is blocked by an NHS number, keeps the text, keeps a draft without the number, then saves once it is gone', async () => {
    const amy = await learner('Amy Learner');
    const form = await amy.agent.get('/portfolio/new/patient-journey');
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).title()).toBe('New patient journey');

    const identifying = { ...JOURNEY, 'steps-1-happened': 'Reviewed at home, NHS number 943 476 5919, weight down.' };
    const blocked = await amy.agent.post('/portfolio/new/patient-journey', identifying);
    expect(blocked.statusCode).toBe(400);
    const page = readPage(blocked.body);
    expect(page.errors()).toHaveLength(1);
    expect(page.errors()[0]).toContain('Step 2, what happened may identify a patient');
    expect(page.errors()[0]).toContain('“943 476 5919” after “home, NHS number”');
    expect(blocked.body).toContain('href="#steps-1-happened"');
    // What the learner wrote is kept on the page, number and all, for them to change.
    expect(blocked.body).toContain('Reviewed at home, NHS number 943 476 5919, weight down.');
    expect(blocked.body).toContain('Admitted breathless; diuresed over three days.');
    // The draft kept on the server has the number taken out.
    const [draft] = await t.db.select().from(portfolioDrafts).where(eq(portfolioDrafts.userId, amy.id));
    expect(draft?.values['steps-1-happened']).toBe(
      'Reviewed at home, NHS number [an NHS number removed], weight down.',
    );
    expect(JSON.stringify(draft?.values)).not.toContain('5919');
    // Opening the form again offers the draft.
    const again = await amy.agent.get('/portfolio/new/patient-journey');
    expect(again.body).toContain('This is the draft kept on');
    expect(again.body).toContain('Medical admissions unit');

    const id = await writeJourney(amy);
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry?.status).toBe('in_progress');
    expect(entry?.learnerUserId).toBe(amy.id);
    expect(JSON.stringify(entry?.document)).not.toContain('5919');
    // The draft goes once the entry is saved.
    expect(await t.db.select().from(portfolioDrafts).where(eq(portfolioDrafts.userId, amy.id))).toHaveLength(0);

    const shown = readPage((await amy.agent.get(`/portfolio/entries/${id}`)).body);
    expect(shown.title()).toBe('Heart failure from ward to home');
    expect(shown.text()).toContain('3 steps across 3 settings, moving between settings 2 times');
    expect(shown.texts('.breadth-journey-steps h3')).toEqual([
      'Day 0: Hospital, Medical admissions unit',
      'Day 5: Community services, Community heart failure nurses',
      'Day 12: Voluntary sector, A befriending charity',
    ]);
    expect(shown.text()).toContain('You, your supervisors and your region’s programme team can see this entry.');
  });

  it('links two outcomes through the evidence interface, and no more than three', async () => {
    const ben = await learner('Ben Learner');
    const id = await writeJourney(ben);
    const outcomes = await ben.agent.get(`/portfolio/entries/${id}/outcomes`);
    expect(outcomes.statusCode).toBe(200);
    const saved = await ben.agent.post(`/portfolio/entries/${id}/outcomes`, { outcomes: ['SYS-F2-01', 'PCP-F2-01'] });
    expect(saved.statusCode).toBe(302);
    const links = await t.db
      .select()
      .from(evidenceLinks)
      .where(and(eq(evidenceLinks.learnerUserId, ben.id), eq(evidenceLinks.sourceId, id)));
    expect(links.map((link) => link.outcomeCode).sort()).toEqual(['PCP-F2-01', 'SYS-F2-01']);
    const tooMany = await ben.agent.post(`/portfolio/entries/${id}/outcomes`, {
      outcomes: ['SYS-F2-01', 'PCP-F2-01', 'SYS-F1-01', 'PCP-F1-01'],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(readPage(tooMany.body).errors()[0]).toMatch(/3/);
    expect(
      readPage((await ben.agent.get(`/portfolio/entries/${id}`)).body)
        .section('Outcomes it evidences')
        .text(),
    ).toContain('SYS-F2-01');
  });

  it('adds and removes step rows without saving, and asks for at least two steps', async () => {
    const cat = await learner('Cat Learner');
    const added = await cat.agent.post('/portfolio/new/patient-journey', { ...JOURNEY, action: 'add-step' });
    expect(added.statusCode).toBe(200);
    expect(
      readPage(added.body)
        .texts('legend')
        .filter((text) => text.startsWith('Step ')),
    ).toHaveLength(4);
    const removed = await cat.agent.post('/portfolio/new/patient-journey', { ...JOURNEY, action: 'remove-step-0' });
    expect(removed.body).not.toContain('Medical admissions unit');
    expect(removed.body).toContain('A befriending charity');
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.learnerUserId, cat.id))).toHaveLength(
      0,
    );

    const oneStep: Record<string, string | string[]> = { ...JOURNEY };
    for (const key of Object.keys(oneStep)) if (/^steps-[12]-/.test(key)) oneStep[key] = '';
    oneStep['steps-1-involved'] = [];
    const refused = await cat.agent.post('/portfolio/new/patient-journey', oneStep);
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      'Add at least 2 steps: a journey follows the patient from one setting to another',
    ]);
  });
});

describe('who sees a learner’s entries', () => {
  it('hides another learner’s entry, and every action on it, from another learner, another region and a stranger supervisor', async () => {
    const dan = await learner('Dan Learner');
    const id = await writeJourney(dan);
    const eve = await learner('Eve Learner');
    const londonAdmin = await signedIn(t, 'programme_admin', london, { postsForms: true });
    const stranger = await givenSupervisor(t, east, 'Stranger Supervisor', { postsForms: true });
    for (const person of [eve, londonAdmin, stranger]) {
      expect((await person.agent.get(`/portfolio/entries/${id}`)).statusCode).toBe(404);
      expect((await person.agent.post(`/portfolio/entries/${id}/comments`, { body: 'Hello' })).statusCode).toBe(404);
      if (person !== eve) expect((await person.agent.get(`/portfolio/learners/${dan.id}`)).statusCode).toBe(404);
    }
    // A learner may not open anyone's portfolio by address: the page is for staff.
    expect((await eve.agent.get(`/portfolio/learners/${dan.id}`)).statusCode).toBe(403);
    expect((await eve.agent.get(`/portfolio/entries/${id}/edit`)).statusCode).toBe(404);
    expect((await eve.agent.post(`/portfolio/entries/${id}/edit`, JOURNEY)).statusCode).toBe(404);
    expect((await eve.agent.post(`/portfolio/entries/${id}/delete`)).statusCode).toBe(404);
    expect((await eve.agent.post(`/portfolio/entries/${id}/outcomes`, { outcomes: 'SYS-F2-01' })).statusCode).toBe(404);
    expect((await eve.agent.post(`/portfolio/entries/${id}/send`)).statusCode).toBe(404);
    expect((await stranger.agent.post(`/portfolio/entries/${id}/sign-off`, {})).statusCode).toBe(404);
    // Eve's own list and search do not show it.
    const list = await eve.agent.get('/portfolio?q=heart');
    expect(list.body).not.toContain('Heart failure from ward to home');
  });

  it('lets the learner’s supervisor and programme team read it, and keeps a private reflection to the learner and their educational supervisor', async () => {
    const fay = await learner('Fay Learner');
    const es = await givenSupervisor(t, east, 'Fay ES', { postsForms: true });
    await supervises(t, es, fay);
    const admin = await signedIn(t, 'programme_admin', east, { postsForms: true });
    const reflection = await fay.agent.post('/portfolio/new/reflection', {
      title: 'A hard conversation',
      'occurredOn[day]': '10',
      'occurredOn[month]': '10',
      'occurredOn[year]': '2026',
      template: 'what_so_what_now_what',
      'answer-what': 'I broke bad news badly on a busy ward.',
      'answer-soWhat': 'I rushed because I was anxious.',
      'answer-nowWhat': 'I will book a side room and a nurse next time.',
      private: 'yes',
    });
    expect(reflection.statusCode).toBe(302);
    const id = /entries\/([0-9a-f-]{36})/.exec(reflection.headers.location ?? '')?.[1] ?? '';
    const own = readPage((await fay.agent.get(`/portfolio/entries/${id}`)).body);
    expect(own.text()).toContain('Only you and your educational supervisor can see this reflection.');
    const esView = await es.agent.get(`/portfolio/entries/${id}`);
    expect(esView.statusCode).toBe(200);
    expect(esView.body).toContain('I broke bad news badly on a busy ward.');
    expect((await admin.agent.get(`/portfolio/entries/${id}`)).statusCode).toBe(404);
    expect((await admin.agent.get(`/portfolio/learners/${fay.id}`)).body).not.toContain('A hard conversation');

    const journey = await writeJourney(fay);
    expect((await admin.agent.get(`/portfolio/entries/${journey}`)).statusCode).toBe(200);
    expect((await es.agent.get(`/portfolio/learners/${fay.id}`)).body).toContain('Heart failure from ward to home');
  });
});

describe('sign-off', () => {
  it('is asked for by the learner, given by their supervisor, and locks the entry', async () => {
    const gus = await learner('Gus Learner');
    const es = await givenSupervisor(t, east, 'Gus ES', { postsForms: true });
    await supervises(t, es, gus);
    const id = await writeJourney(gus);
    expect((await es.agent.post(`/portfolio/entries/${id}/sign-off`, {})).statusCode).toBe(404);
    expect((await gus.agent.post(`/portfolio/entries/${id}/send`)).statusCode).toBe(302);

    const queue = readPage((await es.agent.get('/portfolio')).body);
    expect(queue.section('Awaiting your sign-off').links()).toContainEqual({
      text: 'Heart failure from ward to home',
      href: `/portfolio/entries/${id}`,
    });
    const home = await es.agent.get('/');
    expect(home.body).toContain('Sign off portfolio entries');

    const blocked = await es.agent.post(`/portfolio/entries/${id}/sign-off`, { comment: 'Well done with Mrs Jones.' });
    expect(blocked.statusCode).toBe(400);
    expect(readPage(blocked.body).errors()[0]).toContain('may identify a patient');
    expect(
      (await es.agent.post(`/portfolio/entries/${id}/sign-off`, { comment: 'A thoughtful journey.' })).statusCode,
    ).toBe(302);
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry?.status).toBe('signed_off');
    expect(entry?.signedOffBy).toBe(es.id);

    expect((await gus.agent.get(`/portfolio/entries/${id}/edit`)).statusCode).toBe(404);
    expect((await gus.agent.post(`/portfolio/entries/${id}/edit`, { ...JOURNEY, revision: '3' })).statusCode).toBe(404);
    const deleted = await gus.agent.post(`/portfolio/entries/${id}/delete`);
    expect(deleted.statusCode).toBe(302);
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id))).toHaveLength(1);
    const twice = await es.agent.post(`/portfolio/entries/${id}/sign-off`, {});
    expect(readPage(twice.body).errors()).toEqual(['This entry has already been signed off']);
  });
});

describe('changing, commenting, searching and deleting', () => {
  it('refuses a save from a page that is out of date', async () => {
    const hal = await learner('Hal Learner');
    const id = await writeJourney(hal);
    const first = await hal.agent.post(`/portfolio/entries/${id}/edit`, {
      ...JOURNEY,
      title: 'Changed once',
      revision: '1',
    });
    expect(first.statusCode).toBe(302);
    const stale = await hal.agent.post(`/portfolio/entries/${id}/edit`, {
      ...JOURNEY,
      title: 'Changed twice',
      revision: '1',
    });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()[0]).toContain('changed in another window or tab');
    expect(stale.body).toContain('Changed twice');
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry?.title).toBe('Changed once');
  });

  it('threads comments under an entry, blocking one that names a patient', async () => {
    const ida = await learner('Ida Learner');
    const es = await givenSupervisor(t, east, 'Ida ES', { postsForms: true });
    await supervises(t, es, ida);
    const id = await writeJourney(ida);
    const blocked = await es.agent.post(`/portfolio/entries/${id}/comments`, {
      body: 'Call me on 07700 900123 about it',
    });
    expect(blocked.statusCode).toBe(400);
    expect(blocked.body).toContain('Call me on 07700 900123 about it');
    expect(
      (await es.agent.post(`/portfolio/entries/${id}/comments`, { body: 'What would you change?' })).statusCode,
    ).toBe(302);
    expect(
      (await ida.agent.post(`/portfolio/entries/${id}/comments`, { body: 'The referral route.' })).statusCode,
    ).toBe(302);
    const comments = readPage((await ida.agent.get(`/portfolio/entries/${id}`)).body).texts('.breadth-comment');
    expect(comments).toHaveLength(2);
    expect(comments[0]).toContain('Ida ES');
    expect(comments[1]).toContain('You');
  });

  it('finds entries by the words in them, with where they were found', async () => {
    const jo = await learner('Jo Learner');
    await writeJourney(jo);
    await writeJourney(jo, { ...JOURNEY, title: 'Falls clinic', 'steps-2-happened': 'Referred to the falls clinic.' });
    const found = readPage((await jo.agent.get('/portfolio?q=befriending')).body);
    expect(found.text()).toContain('2 entries');
    const falls = await jo.agent.get('/portfolio?q=falls+clinic');
    expect(readPage(falls.body).texts('.breadth-entry-row h3')).toEqual(['Falls clinic']);
    expect(falls.body).toContain('<mark>falls</mark>');
    const none = readPage((await jo.agent.get('/portfolio?q=pneumonia')).body);
    expect(none.text()).toContain('No entries match');
    const byKind = readPage((await jo.agent.get('/portfolio?kind=reflection')).body);
    expect(byKind.text()).toContain('No entries match');
  });

  it('deletes an entry after a confirmation, with its outcome links', async () => {
    const kit = await learner('Kit Learner');
    const id = await writeJourney(kit);
    await kit.agent.post(`/portfolio/entries/${id}/outcomes`, { outcomes: ['SYS-F2-01'] });
    const confirm = await kit.agent.get(`/portfolio/entries/${id}/delete`);
    expect(readPage(confirm.body).title()).toBe('Are you sure you want to delete “Heart failure from ward to home”?');
    expect((await kit.agent.post(`/portfolio/entries/${id}/delete`)).statusCode).toBe(302);
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id))).toHaveLength(0);
    expect(await t.db.select().from(evidenceLinks).where(eq(evidenceLinks.sourceId, id))).toHaveLength(0);
  });

  it('records an MDT meeting and refuses one with fewer than two professions', async () => {
    const lou = await learner('Lou Learner');
    const form = {
      title: 'Frailty MDT',
      'occurredOn[day]': '1',
      'occurredOn[month]': '10',
      'occurredOn[year]': '2026',
      meeting: 'Frailty MDT',
      setting: 'community',
      place: 'Primary care network hub',
      attendees: ['gp'],
      discussion: 'Six patients reviewed for deprescribing.',
      contribution: 'Presented two medication reviews.',
      learned: 'Pharmacists see the whole picture first.',
    };
    const refused = await lou.agent.post('/portfolio/new/mdt-meeting', form);
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      'Choose at least two professions who took part: an MDT brings several together',
    ]);
    const saved = await lou.agent.post('/portfolio/new/mdt-meeting', {
      ...form,
      attendees: ['gp', 'pharmacist'],
      discussion: 'Six patients reviewed for deprescribing.\nTwo <b>referrals</b> made.',
    });
    expect(saved.statusCode).toBe(302);
    // The line break the learner typed is kept, and what they typed is shown as text, never as markup.
    const id = /entries\/([0-9a-f-]{36})/.exec(saved.headers.location ?? '')?.[1] ?? '';
    const shown = await lou.agent.get(`/portfolio/entries/${id}`);
    expect(shown.body).toContain(
      'Six patients reviewed for deprescribing.<br>Two &#60;b&#62;referrals&#60;/b&#62; made.',
    );
  });

  it('refuses a date in the future and an unknown kind', async () => {
    const max = await learner('Max Learner');
    const future = await max.agent.post('/portfolio/new/patient-journey', { ...JOURNEY, 'occurredOn[year]': '2030' });
    expect(readPage(future.body).errors()).toEqual(['The date must be today or in the past']);
    expect((await max.agent.get('/portfolio/new/scrapbook')).statusCode).toBe(404);
  });
});
