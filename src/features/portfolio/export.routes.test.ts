import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/schema.ts';
import { newId } from '../../platform/db/ids.ts';
import { extractPdfText } from '../../platform/files/pdf-text.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { givenExampleCurriculum } from '../../testing/curriculum.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { genericRows } from './export-service.ts';
import { portfolioEntries } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW). Each test makes its own learners and supervisors in the East (whose
// example curriculum the file publishes once), so no test reads what another wrote.

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
  'occurredOn[month]': '9',
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
  'steps-1-happened': 'Reviewed at home; weight down two kilograms.',
  'steps-1-learned': '',
  systemReflection: 'The handover to community nursing joined up well.',
};

const REFLECTION = {
  title: 'A hard conversation',
  'occurredOn[day]': '10',
  'occurredOn[month]': '10',
  'occurredOn[year]': '2026',
  template: 'what_so_what_now_what',
  'answer-what': 'I broke bad news badly on a busy ward.',
  'answer-soWhat': 'I rushed because I was anxious.',
  'answer-nowWhat': 'I will book a side room and a nurse next time.',
  private: 'yes',
};

const MDT = {
  title: 'Frailty MDT at the hub',
  'occurredOn[day]': '1',
  'occurredOn[month]': '10',
  'occurredOn[year]': '2026',
  meeting: 'Frailty MDT',
  setting: 'community',
  place: 'Primary care network hub',
  attendees: ['gp', 'pharmacist'],
  discussion: 'Six patients reviewed for deprescribing.',
  contribution: 'Presented two medication reviews.',
  learned: 'Pharmacists see the whole picture first.',
};

async function write(person: Person, slug: string, form: Record<string, string | string[]>): Promise<string> {
  const response = await person.agent.post(`/portfolio/new/${slug}`, form);
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
  const id = /\/portfolio\/entries\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1];
  if (id === undefined) throw new Error('No entry id');
  return id;
}

interface Portfolio {
  learner: Person;
  es: Person;
  journey: string;
  reflection: string;
  mdt: string;
}

/** A learner with a signed-off journey (two outcomes, a comment), a private reflection and an MDT meeting. */
async function givenPortfolio(name: string): Promise<Portfolio> {
  const learner = await addLearner(t, east, name, { postsForms: true });
  const es = await givenSupervisor(t, east, `${name} ES`, { postsForms: true });
  await supervises(t, es, learner);
  const journey = await write(learner, 'patient-journey', JOURNEY);
  const reflection = await write(learner, 'reflection', REFLECTION);
  const mdt = await write(learner, 'mdt-meeting', MDT);
  expect(
    (await learner.agent.post(`/portfolio/entries/${journey}/outcomes`, { outcomes: ['SYS-F2-01', 'PCP-F2-01'] }))
      .statusCode,
  ).toBe(302);
  expect(
    (await learner.agent.post(`/portfolio/entries/${reflection}/outcomes`, { outcomes: ['PCP-F2-01'] })).statusCode,
  ).toBe(302);
  expect((await learner.agent.post(`/portfolio/entries/${mdt}/outcomes`, { outcomes: ['SYS-F2-01'] })).statusCode).toBe(
    302,
  );
  expect(
    (await es.agent.post(`/portfolio/entries/${journey}/comments`, { body: 'Good use of the community team.' }))
      .statusCode,
  ).toBe(302);
  expect((await learner.agent.post(`/portfolio/entries/${journey}/send`)).statusCode).toBe(302);
  expect(
    (await es.agent.post(`/portfolio/entries/${journey}/sign-off`, { comment: 'A clear account of the system.' }))
      .statusCode,
  ).toBe(302);
  return { learner, es, journey, reflection, mdt };
}

async function pdfText(person: Person, url: string): Promise<string> {
  const response = await person.agent.get(url);
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const read = await extractPdfText(response.rawPayload);
  if (!read.ok) throw new Error(read.reason);
  return read.text.replace(/\s+/g, ' ');
}

interface ExportedJson {
  learner: { name: string; region: string };
  scope: string;
  entries: {
    id: string;
    kind: string;
    title: string;
    document: Record<string, unknown>;
    outcomes: { code: string }[];
    signedOff: { by: string; comment: string } | null;
    comments: { body: string }[];
  }[];
}

async function json(person: Person, url: string): Promise<ExportedJson> {
  const response = await person.agent.get(url);
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['content-disposition']).toMatch(/^attachment; filename="portfolio-.*\.json"$/);
  return JSON.parse(response.body) as ExportedJson;
}

describe('the learner’s own export', () => {
  it('offers a form, and makes a PDF with each entry, its content, outcomes, sign-off and comments', async () => {
    const { learner } = await givenPortfolio('Amy Exporter');
    const list = readPage((await learner.agent.get('/portfolio')).body);
    expect(list.links()).toContainEqual({ text: 'Download your portfolio', href: '/portfolio/export' });

    const form = await learner.agent.get('/portfolio/export');
    expect(form.statusCode).toBe(200);
    const page = readPage(form.body);
    expect(page.title()).toBe('Download your portfolio');
    expect(page.section('Everything').links()).toEqual([
      { text: 'Download every entry as a PDF', href: '/portfolio/export.pdf' },
      { text: 'Download every entry as JSON', href: '/portfolio/export.json' },
    ]);
    expect(form.body).toContain('action="/portfolio/export.pdf"');
    expect(form.body).toContain('formaction="/portfolio/export.json"');
    expect(form.body).toContain('name="from[day]"');
    expect(form.body).toContain('name="kind" type="checkbox" value="reflection"');

    const response = await learner.agent.get('/portfolio/export.pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="portfolio-amy-exporter-2026-10-14.pdf"',
    );
    const text = await pdfText(learner, '/portfolio/export.pdf');
    for (const expected of [
      'Portfolio of Amy Exporter',
      'East of England',
      'All entries',
      'Heart failure from ward to home',
      'A hard conversation',
      'Frailty MDT at the hub',
      // The journey's steps in time order, the reflection's answers, the MDT's rows.
      'Admitted breathless; diuresed over three days.',
      'Reviewed at home; weight down two kilograms.',
      'I rushed because I was anxious.',
      'Presented two medication reviews.',
      'SYS-F2-01',
      'PCP-F2-01',
      'A clear account of the system.',
      'Amy Exporter ES',
      'Good use of the community team.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.indexOf('Day 0')).toBeLessThan(text.indexOf('Day 5'));
    // Entries oldest first.
    expect(text.indexOf('Heart failure from ward to home')).toBeLessThan(text.indexOf('Frailty MDT at the hub'));
    expect(text.indexOf('Frailty MDT at the hub')).toBeLessThan(text.indexOf('A hard conversation'));
  });

  it('shows names and text as they were written, whatever their alphabet', async () => {
    const { learner, journey } = await givenPortfolio('Łukasz Wiśniewski');
    const supervisor = await givenSupervisor(t, east, 'Σοφία Παπαδοπούλου', { postsForms: true });
    await supervises(t, supervisor, learner);
    expect(
      (await supervisor.agent.post(`/portfolio/entries/${journey}/comments`, { body: 'Дмитрий agreed → well done 👍' }))
        .statusCode,
    ).toBe(302);
    const text = await pdfText(learner, '/portfolio/export.pdf');
    expect(text).toContain('Portfolio of Łukasz Wiśniewski');
    expect(text).toContain('Łukasz Wiśniewski ES');
    expect(text).toContain('Σοφία Παπαδοπούλου');
    expect(text).toContain('Дмитрий agreed -> well done');
  });

  it('gives the same entries as JSON', async () => {
    const { learner, journey, reflection, mdt } = await givenPortfolio('Ben Exporter');
    const data = await json(learner, '/portfolio/export.json');
    expect(data.learner.name).toBe('Ben Exporter');
    expect(data.scope).toBe('All entries');
    expect(data.entries.map((entry) => entry.id)).toEqual([journey, mdt, reflection]);
    const first = data.entries[0];
    expect(first?.kind).toBe('patient_journey');
    expect(first?.document.patient).toBe('A woman in her eighties living alone with heart failure');
    expect(first?.outcomes.map((outcome) => outcome.code)).toEqual(['PCP-F2-01', 'SYS-F2-01']);
    expect(first?.signedOff).toMatchObject({ by: 'Ben Exporter ES', comment: 'A clear account of the system.' });
    expect(first?.comments.map((comment) => comment.body)).toEqual(['Good use of the community team.']);
  });

  it('filters by date and by type, and says what is wrong with a date', async () => {
    const { learner } = await givenPortfolio('Cat Filter');
    const titles = async (query: string) =>
      (await json(learner, `/portfolio/export.json?${query}`)).entries.map((entry) => entry.title);

    expect(await titles('from[day]=1&from[month]=10&from[year]=2026')).toEqual([
      'Frailty MDT at the hub',
      'A hard conversation',
    ]);
    expect(await titles('to[day]=1&to[month]=10&to[year]=2026')).toEqual([
      'Heart failure from ward to home',
      'Frailty MDT at the hub',
    ]);
    expect(await titles('from[day]=1&from[month]=10&from[year]=2026&to[day]=1&to[month]=10&to[year]=2026')).toEqual([
      'Frailty MDT at the hub',
    ]);
    expect(await titles('kind=reflection&kind=patient_journey')).toEqual([
      'Heart failure from ward to home',
      'A hard conversation',
    ]);
    expect(await titles('kind=mdt_meeting&kind=not-a-kind&from[day]=&from[month]=&from[year]=')).toEqual([
      'Frailty MDT at the hub',
    ]);
    const scoped = await json(
      learner,
      '/portfolio/export.json?from[day]=1&from[month]=10&from[year]=2026&kind=reflection',
    );
    expect(scoped.scope).toBe('Entries from 1 October 2026 on, these types: reflection');

    const text = await pdfText(learner, '/portfolio/export.pdf?kind=mdt_meeting');
    expect(text).toContain('Frailty MDT at the hub');
    expect(text).not.toContain('Heart failure from ward to home');

    const wrong = await learner.agent.get(
      '/portfolio/export.pdf?from[day]=31&from[month]=2&from[year]=2026&kind=reflection',
    );
    expect(wrong.statusCode).toBe(400);
    const page = readPage(wrong.body);
    expect(page.errors()).toEqual(['Start date must be a real date, like 1 9 2026']);
    expect(wrong.body).toContain('href="#from-day"');
    // What was typed and ticked is kept.
    expect(wrong.body).toContain('name="kind" type="checkbox" value="reflection" checked');
    const backwards = await learner.agent.get(
      '/portfolio/export.json?from[day]=2&from[month]=10&from[year]=2026&to[day]=1&to[month]=10&to[year]=2026',
    );
    expect(backwards.statusCode).toBe(400);
    expect(readPage(backwards.body).errors()).toEqual(['End date must be the same as or after the start date']);
  });

  it('writes a kind it does not know in detail from its document’s fields', async () => {
    const dan = await addLearner(t, east, 'Dan Generic', { postsForms: true });
    const now = t.app.clock();
    await t.db.insert(portfolioEntries).values({
      id: newId(),
      learnerUserId: dan.id,
      regionId: east,
      kind: 'sle',
      title: 'Mini-CEX on the acute medical unit',
      status: 'in_progress',
      occurredOn: '2026-10-05',
      document: {
        tool: 'Mini-CEX',
        organisationId: '0190a1b2-0000-7000-8000-000000000000',
        focus: 'History taking in chest pain',
        feedback: { strengths: 'Clear, structured history', development: 'Summarise back to the patient' },
        domains: ['Communication', 'Clinical judgement'],
      },
      createdAt: now,
      updatedAt: now,
    });
    const text = await pdfText(dan, '/portfolio/export.pdf');
    expect(text).toContain('Mini-CEX on the acute medical unit');
    expect(text).toContain('History taking in chest pain');
    expect(text).toContain('Feedback, strengths');
    expect(text).toContain('Clear, structured history');
    expect(text).toContain('Communication, Clinical judgement');
    expect(text).not.toContain('0190a1b2');
  });
});

describe('a learner’s export for their supervisors and programme team', () => {
  it('shows private reflections to the ES only, and is not found for anyone out of sight', async () => {
    const { learner, es, reflection } = await givenPortfolio('Eve Watched');
    const eastAdmin = await signedIn(t, 'programme_admin', east);
    const londonAdmin = await signedIn(t, 'programme_admin', london);
    const stranger = await givenSupervisor(t, east, 'Eve Stranger');
    const other = await addLearner(t, east, 'Eve Other');
    const base = `/portfolio/learners/${learner.id}/export`;

    const esForm = readPage((await es.agent.get(base)).body);
    expect(esForm.title()).toBe('Download the portfolio');
    expect(esForm.text()).toContain('Eve Watched');
    expect(esForm.text()).toContain('you will see their private reflections');
    const byEs = await json(es, `${base}.json`);
    expect(byEs.entries.map((entry) => entry.id)).toContain(reflection);
    expect(await pdfText(es, `${base}.pdf`)).toContain('A hard conversation');

    const byAdmin = await json(eastAdmin, `${base}.json`);
    expect(byAdmin.entries.map((entry) => entry.title)).toEqual([
      'Heart failure from ward to home',
      'Frailty MDT at the hub',
    ]);
    const adminPdf = await pdfText(eastAdmin, `${base}.pdf`);
    expect(adminPdf).not.toContain('A hard conversation');
    expect(adminPdf).not.toContain('I rushed because I was anxious.');
    expect(readPage((await eastAdmin.agent.get(`/portfolio/learners/${learner.id}`)).body).links()).toContainEqual({
      text: 'Download this portfolio',
      href: base,
    });

    for (const person of [londonAdmin, stranger]) {
      for (const url of [base, `${base}.pdf`, `${base}.json`]) {
        expect((await person.agent.get(url)).statusCode, url).toBe(404);
      }
    }
    // A learner has no way into another's: not these routes, and their own export holds only their own entries.
    for (const url of [base, `${base}.pdf`, `${base}.json`]) {
      expect((await other.agent.get(url)).statusCode).toBe(403);
    }
    expect((await json(other, '/portfolio/export.json')).entries).toEqual([]);
    // The learner's own routes are for learners.
    expect((await eastAdmin.agent.get('/portfolio/export.json')).statusCode).toBe(403);
  });
});

describe('the annual review', () => {
  it('lists the learner’s entries by outcome for the panel, without private reflections', async () => {
    const { learner, journey, mdt } = await givenPortfolio('Fay Reviewed');
    const admin = await signedIn(t, 'programme_admin', east);
    const page = readPage((await admin.agent.get(`/learners/${learner.id}/reviews`)).body);
    const evidence = page.section('Portfolio evidence by outcome');
    expect(evidence.texts('dt')).toEqual(['PCP-F2-01', 'SYS-F2-01']);
    expect(evidence.texts('dd')).toEqual([
      'Heart failure from ward to home (2 September 2026)',
      'Heart failure from ward to home (2 September 2026) Frailty MDT at the hub (1 October 2026)',
    ]);
    expect(evidence.links()).toEqual([
      { text: 'Heart failure from ward to home', href: `/portfolio/entries/${journey}` },
      { text: 'Heart failure from ward to home', href: `/portfolio/entries/${journey}` },
      { text: 'Frailty MDT at the hub', href: `/portfolio/entries/${mdt}` },
    ]);
    expect(evidence.text()).not.toContain('A hard conversation');

    const own = readPage((await learner.agent.get('/progress/reviews')).body);
    expect(own.section('Portfolio evidence by outcome').links()).toHaveLength(3);

    const newcomer = await addLearner(t, east, 'Gus Newcomer');
    const empty = readPage((await admin.agent.get(`/learners/${newcomer.id}/reviews`)).body);
    expect(empty.section('Portfolio evidence by outcome').text()).toContain(
      'Gus Newcomer has not linked any portfolio entries to outcomes yet.',
    );
  });
});

describe('genericRows', () => {
  it('labels text, numbers, yes or no and lists, nests objects, and leaves ids out', () => {
    expect(
      genericRows({
        assessorRole: 'Consultant',
        score: 4,
        selfAssessed: false,
        tags: ['a', 'b'],
        empty: '',
        learnerId: 'x',
        items: [{ text: 'First' }, { text: 'Second' }],
      }),
    ).toEqual([
      ['Assessor role', 'Consultant'],
      ['Score', '4'],
      ['Self assessed', 'No'],
      ['Tags', 'a, b'],
      ['Items 1, text', 'First'],
      ['Items 2, text', 'Second'],
    ]);
  });
});

describe('the audit of a download', () => {
  async function downloadsOf(learnerId: string) {
    return t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, learnerId), eq(auditEvents.action, 'download')))
      .orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id));
  }

  it('records each download by the learner, their supervisor and the programme team, naming whose it was', async () => {
    const { learner, es } = await givenPortfolio('Dora Downloaded');
    const eastAdmin = await signedIn(t, 'programme_admin', east);
    const londonAdmin = await signedIn(t, 'programme_admin', london);
    const base = `/portfolio/learners/${learner.id}/export`;
    expect(await downloadsOf(learner.id)).toEqual([]);

    const filtered = '?from[day]=1&from[month]=10&from[year]=2026&kind=mdt_meeting';
    await pdfText(learner, `/portfolio/export.pdf${filtered}`);
    await pdfText(es, `${base}.pdf`);
    await pdfText(eastAdmin, `${base}.pdf`);
    await json(eastAdmin, `${base}.json`);
    // Nothing is recorded for a download that is refused, or a form that is only read.
    expect((await londonAdmin.agent.get(`${base}.pdf`)).statusCode).toBe(404);
    expect((await es.agent.get(base)).statusCode).toBe(200);
    expect(
      (await learner.agent.get('/portfolio/export.pdf?from[day]=40&from[month]=1&from[year]=2026')).statusCode,
    ).toBe(400);

    const records = await downloadsOf(learner.id);
    expect(records.map((record) => [record.actorUserId, record.entityType, record.regionId])).toEqual([
      [learner.id, 'portfolio', east],
      [es.id, 'portfolio', east],
      [eastAdmin.id, 'portfolio', east],
      [eastAdmin.id, 'portfolio', east],
    ]);
    const [own, byEs, byAdmin, asJson] = records;
    expect(own?.summary).toBe(
      'Downloaded their own portfolio as PDF: Entries from 1 October 2026 on, these types: mdt meeting',
    );
    expect(own?.after).toMatchObject({
      learner: 'Dora Downloaded',
      format: 'pdf',
      from: '2026-10-01',
      to: null,
      kinds: ['mdt_meeting'],
      entries: 1,
    });
    expect(byEs?.summary).toBe('Downloaded Dora Downloaded’s portfolio as PDF: All entries');
    expect(byEs?.after).toMatchObject({ learner: 'Dora Downloaded', format: 'pdf', kinds: [], entries: 3 });
    expect(byAdmin?.summary).toBe('Downloaded Dora Downloaded’s portfolio as PDF: All entries');
    expect(byAdmin?.after).toMatchObject({ entries: 2 });
    expect(asJson?.summary).toBe('Downloaded Dora Downloaded’s portfolio as JSON: All entries');
    // What the portfolio holds is not copied into the audit trail.
    const written = JSON.stringify(records);
    for (const content of ['Heart failure from ward to home', 'A hard conversation', 'Six patients reviewed'])
      expect(written).not.toContain(content);
  });
});
