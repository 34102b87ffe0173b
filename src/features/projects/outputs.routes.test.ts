import { and, eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { load } from 'cheerio';
import { parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/schema.ts';
import { newId } from '../../platform/db/ids.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { givenExampleCurriculum } from '../../testing/curriculum.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { evidenceOf } from '../curriculum/index.ts';
import { formatKg } from './domain/carbon.ts';
import { carbonFactors, changeProjects, projectCarbonLines } from './schema.ts';
import { startProject } from './test-fixtures.ts';

// Each test makes its own people and projects, so none reads what another wrote; the East of England has the
// example curriculum (its F2 outcomes are PCP-F2-01, SYS-F2-01, ENV-F2-01 and the rest).

let t: TestApp;
let east = '';
let london = '';
let curriculumId = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  curriculumId = (await givenExampleCurriculum(t, east)).curriculumId;
});
afterAll(async () => t.close());

const AIM = 'Reduce metered-dose inhaler prescribing at Riverside Surgery by 30% by March 2027';
const LEARNING = 'Small tests of change with the practice pharmacist made the switch possible.';

async function started(learner: Person, title = 'Lower-carbon inhalers'): Promise<string> {
  return startProject(learner, { title, aim: AIM });
}

async function withMeasure(learner: Person, projectId: string, name = 'Metered-dose inhalers a week'): Promise<void> {
  const response = await learner.agent.post(`/projects/${projectId}/measures/new`, {
    name,
    kind: 'outcome',
    unit: 'inhalers',
    improvement: 'decrease',
    target: '20',
  });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
  const measureId = /\/measures\/([0-9a-f-]{36})#data$/.exec(response.headers.location ?? '')?.[1] ?? '';
  const values = [31, 30, 33, 29, 32, 31, 30, 24, 23, 22, 21, 20, 22, 21];
  const pasted = values.map((value, index) => `${String(index + 1)}/06/2026\t${String(value)}`).join('\n');
  const added = await learner.agent.post(`/projects/${projectId}/measures/${measureId}/paste`, { pasted });
  expect(added.statusCode, readPage(added.body).errors().join(' | ')).toBe(302);
}

async function addToTeam(owner: Person, projectId: string, learner: Person): Promise<void> {
  const response = await owner.agent.post(`/projects/${projectId}/team`, { role: 'learner', learnerId: learner.id });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
}

/** Completes the project through its two pages: the form, then the confirmation. */
async function completed(
  who: Person,
  projectId: string,
  options: { outcomes?: string[]; published?: boolean } = {},
): Promise<void> {
  const form = {
    learning: LEARNING,
    patientOutcome: 'Patients found dry-powder inhalers easier to use.',
    outcomes: options.outcomes ?? ['ENV-F2-01'],
    ...(options.published === true ? { published: 'yes' } : {}),
  };
  const check = await who.agent.post(`/projects/${projectId}/complete`, form);
  expect(check.statusCode, readPage(check.body).errors().join(' | ')).toBe(200);
  const done = await who.agent.post(`/projects/${projectId}/complete`, { ...form, step: 'complete' });
  expect(done.statusCode, readPage(done.body).errors().join(' | ')).toBe(302);
}

async function projectRow(id: string) {
  const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
  return row;
}

async function projectLinks(learnerId: string, projectId: string): Promise<string[]> {
  const links = await evidenceOf(t.db, learnerId, curriculumId);
  return links
    .filter((link) => link.sourceType === 'project' && link.sourceId === projectId)
    .map((link) => link.outcomeCode)
    .sort();
}

function anonymous(url: string) {
  return t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
}

describe('completing a project', () => {
  it('asks for the learning and outcomes, confirms, then links the outcomes for every learner on the team', async () => {
    const ana = await addLearner(t, east, 'Ana Complete', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Complete');
    const id = await started(ana);
    await addToTeam(ana, id, bea);

    const form = readPage((await ana.agent.get(`/projects/${id}/complete`)).body);
    expect(form.title()).toBe('Complete the project');
    expect(form.text()).toContain('PCP-F2-01: ');
    expect(form.text()).toContain('Ana Complete, Bea Complete');

    const payload = { learning: LEARNING, outcomes: ['pcp-f2-01', 'ENV-F2-01'], published: 'yes' };
    const check = await ana.agent.post(`/projects/${id}/complete`, payload);
    expect(check.statusCode).toBe(200);
    const page = readPage(check.body);
    expect(page.title()).toBe('Check and complete the project');
    expect(page.text()).toContain(LEARNING);
    expect(page.text()).toContain('Linked as evidence for Ana Complete, Bea Complete.');
    // Nothing is saved until the team confirms.
    expect((await projectRow(id))?.status).toBe('active');
    expect(await projectLinks(ana.id, id)).toEqual([]);

    const done = await ana.agent.post(`/projects/${id}/complete`, { ...payload, step: 'complete' });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe(`/projects/${id}`);
    const row = await projectRow(id);
    expect(row?.completedAt?.getTime()).toBe(row?.updatedAt.getTime());
    expect(row).toMatchObject({
      status: 'completed',
      learning: LEARNING,
      outcomeCodes: ['PCP-F2-01', 'ENV-F2-01'],
      published: true,
    });
    expect(await projectLinks(ana.id, id)).toEqual(['ENV-F2-01', 'PCP-F2-01']);
    expect(await projectLinks(bea.id, id)).toEqual(['ENV-F2-01', 'PCP-F2-01']);
    const [evidence] = (await evidenceOf(t.db, bea.id, curriculumId)).filter((link) => link.sourceId === id);
    expect(evidence).toMatchObject({ label: 'Lower-carbon inhalers', href: `/projects/${id}` });
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(events.map((event) => event.summary)).toContain(
      'Completed the change project “Lower-carbon inhalers”, evidencing PCP-F2-01, ENV-F2-01 for Ana Complete, Bea Complete, shown on the public showcase',
    );

    const project = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(project.text()).toContain('Completed on 14 October 2026. It evidences PCP-F2-01, ENV-F2-01');
    expect(project.links().some((link) => link.href === `/showcase/${id}`)).toBe(true);
    // A completed project is no longer completed, stopped or changed again.
    for (const path of ['complete', 'stop', 'edit']) {
      expect((await ana.agent.get(`/projects/${id}/${path}`)).statusCode, path).toBe(404);
    }
  });

  it('refuses an outcome not in the curriculum, saving nothing, and says whose curriculum refused it', async () => {
    const ana = await addLearner(t, east, 'Ana Refused', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Refused');
    const id = await started(ana);
    await addToTeam(ana, id, bea);
    const response = await ana.agent.post(`/projects/${id}/complete`, {
      learning: LEARNING,
      outcomes: ['XYZ-F2-01'],
      step: 'complete',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual([
      'For Ana Refused: XYZ-F2-01 is not an outcome of your curriculum; choose from the list',
    ]);
    expect(response.body).toContain(LEARNING);
    expect((await projectRow(id))?.status).toBe('active');
    expect(await projectLinks(ana.id, id)).toEqual([]);
    expect(await projectLinks(bea.id, id)).toEqual([]);

    // The same on the way to the confirmation page.
    const check = await ana.agent.post(`/projects/${id}/complete`, { learning: LEARNING, outcomes: ['XYZ-F2-01'] });
    expect(check.statusCode).toBe(400);
    expect(readPage(check.body).title()).toBe('Complete the project');
  });

  it('asks for what was learned and at most three outcomes, keeping what was typed', async () => {
    const ana = await addLearner(t, east, 'Ana Typing', { postsForms: true });
    const id = await started(ana);
    const response = await ana.agent.post(`/projects/${id}/complete`, {
      learning: '  ',
      patientOutcome: 'Fewer inhalers wasted',
      outcomes: ['PCP-F2-01', 'SYS-F2-01', 'ENV-F2-01', 'POP-F2-01'],
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual([
      'Write what the team learned',
      'Choose up to 3 outcomes the project best shows',
    ]);
    expect(response.body).toContain('Fewer inhalers wasted');
    expect((await projectRow(id))?.status).toBe('active');
  });

  it('is for the team and the region’s fellows and programme team; for others the project does not exist', async () => {
    const ana = await addLearner(t, east, 'Ana Who', { postsForms: true });
    const id = await started(ana);
    for (const who of [
      await addLearner(t, east, 'Other Who', { postsForms: true }),
      await signedIn(t, 'educational_supervisor', east, { postsForms: true }),
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_admin', london, { postsForms: true }),
    ]) {
      expect((await who.agent.get(`/projects/${id}/complete`)).statusCode).toBe(404);
      const post = await who.agent.post(`/projects/${id}/complete`, { learning: LEARNING, step: 'complete' });
      expect(post.statusCode).toBe(404);
    }
    expect((await projectRow(id))?.status).toBe('active');
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    expect((await fellow.agent.get(`/projects/${id}/complete`)).statusCode).toBe(200);
    await completed(fellow, id, { outcomes: ['SYS-F2-01'] });
    expect(await projectLinks(ana.id, id)).toEqual(['SYS-F2-01']);
  });
});

describe('reopening and stopping a project', () => {
  it('only the region’s fellows and programme team reopen; reopening unlinks the evidence and unpublishes', async () => {
    const ana = await addLearner(t, east, 'Ana Reopen', { postsForms: true });
    const id = await started(ana);
    await completed(ana, id, { outcomes: ['ENV-F2-01', 'POP-F2-01'], published: true });
    expect(await projectLinks(ana.id, id)).toEqual(['ENV-F2-01', 'POP-F2-01']);

    for (const who of [
      ana,
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_director', london, { postsForms: true }),
      await addLearner(t, east, 'Other Reopen', { postsForms: true }),
    ]) {
      expect((await who.agent.get(`/projects/${id}/reopen`)).statusCode).toBe(404);
      expect((await who.agent.post(`/projects/${id}/reopen`)).statusCode).toBe(404);
    }
    expect((await projectRow(id))?.status).toBe('completed');

    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const confirm = readPage((await fellow.agent.get(`/projects/${id}/reopen`)).body);
    expect(confirm.title()).toBe('Reopen the project?');
    expect(confirm.text()).toContain('(ENV-F2-01, POP-F2-01)');
    const reopened = await fellow.agent.post(`/projects/${id}/reopen`);
    expect(reopened.statusCode).toBe(302);
    expect(await projectRow(id)).toMatchObject({ status: 'active', completedAt: null, published: false });
    expect(await projectLinks(ana.id, id)).toEqual([]);
    expect((await anonymous(`/showcase/${id}`)).statusCode).toBe(404);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'restore')));
    expect(events.map((event) => event.summary)).toEqual([
      'Reopened the change project “Lower-carbon inhalers”; the outcomes it evidenced were unlinked',
    ]);
    // The team can change it again, and the programme team may reopen too.
    expect((await ana.agent.get(`/projects/${id}/edit`)).statusCode).toBe(200);
    await completed(ana, id);
    const admin = await signedIn(t, 'programme_admin', east, { postsForms: true });
    expect((await admin.agent.post(`/projects/${id}/reopen`)).statusCode).toBe(302);
  });

  it('stops a project after a confirmation with the reason, which the history keeps', async () => {
    const ana = await addLearner(t, east, 'Ana Stop', { postsForms: true });
    const id = await started(ana);
    const confirm = await ana.agent.get(`/projects/${id}/stop`);
    expect(readPage(confirm.body).title()).toBe('Stop the project?');
    const empty = await ana.agent.post(`/projects/${id}/stop`, { reason: '' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toEqual(['Say why the project is stopping']);
    const stopped = await ana.agent.post(`/projects/${id}/stop`, { reason: 'The practice merged with another.' });
    expect(stopped.statusCode).toBe(302);
    expect((await projectRow(id))?.status).toBe('stopped');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'archive')));
    expect(event?.summary).toBe(
      'Stopped the change project “Lower-carbon inhalers”: The practice merged with another.',
    );
    expect((await ana.agent.get(`/projects/${id}/complete`)).statusCode).toBe(404);
    expect(readPage((await ana.agent.get(`/projects/${id}`)).body).text()).toContain('The project was stopped');
  });

  it('refuses a stop from someone off the team', async () => {
    const ana = await addLearner(t, east, 'Ana Kept', { postsForms: true });
    const id = await started(ana);
    const other = await addLearner(t, east, 'Other Kept', { postsForms: true });
    expect((await other.agent.post(`/projects/${id}/stop`, { reason: 'Taken over' })).statusCode).toBe(404);
    expect((await projectRow(id))?.status).toBe('active');
  });
});

describe('the poster', () => {
  it('is an A3 landscape PDF of the project for the team and its fellows, and not found for anyone else', async () => {
    const ana = await addLearner(t, east, 'Ana Poster', { postsForms: true });
    const id = await started(ana, 'Poster inhalers');
    await withMeasure(ana, id);
    const response = await ana.agent.get(`/projects/${id}/poster.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="poster-inhalers-poster.pdf"');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 1190.55 841.89]');
    const parser = new PDFParse({ data: pdf });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    for (const expected of ['Poster inhalers', AIM, 'Metered-dose inhalers a week', 'Ana Poster (learner)']) {
      expect(text).toContain(expected);
    }

    const fellow = await signedIn(t, 'educational_fellow', east);
    expect((await fellow.agent.get(`/projects/${id}/poster.pdf`)).statusCode).toBe(200);
    for (const who of [
      await addLearner(t, east, 'Other Poster'),
      await signedIn(t, 'educational_supervisor', east),
      await signedIn(t, 'educational_fellow', london),
      await signedIn(t, 'programme_admin', london),
    ]) {
      expect((await who.agent.get(`/projects/${id}/poster.pdf`)).statusCode).toBe(404);
    }
    expect((await anonymous(`/projects/${id}/poster.pdf`)).statusCode).toBe(302);
  });

  it('shows the carbon saved from the project’s carbon lines', async () => {
    const ana = await addLearner(t, east, 'Ana Carbon', { postsForms: true });
    const id = await started(ana, 'Carbon poster');
    const [factor] = await t.db.select().from(carbonFactors).where(eq(carbonFactors.key, 'inhaler-salbutamol-pmdi'));
    expect(factor).toBeDefined();
    const now = t.app.clock();
    await t.db.insert(projectCarbonLines).values([
      { id: newId(), projectId: id, phase: 'before', factorId: factor?.id ?? '', quantityPerYear: 100, createdAt: now },
      { id: newId(), projectId: id, phase: 'after', factorId: factor?.id ?? '', quantityPerYear: 40, createdAt: now },
    ]);
    const per = factor?.kgCo2ePerUnit ?? 0;
    const pdf = (await ana.agent.get(`/projects/${id}/poster.pdf`)).rawPayload;
    const parser = new PDFParse({ data: pdf });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    expect(text).toContain(`Environmental: the change saves ${formatKg(60 * per)} a year (60 %)`);
  });
});

describe('the public showcase', () => {
  it('lists only completed projects their teams published, by region and title, to anyone signed out', async () => {
    const token = `Zephyr${newId().slice(-6)}`;
    const ana = await addLearner(t, east, 'Ana Showcase', { postsForms: true });
    const shown = await started(ana, `${token} shown`);
    await withMeasure(ana, shown);
    await completed(ana, shown, { published: true });
    const hidden = await started(ana, `${token} hidden`);
    await completed(ana, hidden, { published: false });
    const active = await started(ana, `${token} active`);
    const lena = await addLearner(t, london, 'Lena London', { postsForms: true });
    const londons = await started(lena, `${token} London`);
    await completed(lena, londons, { outcomes: [], published: true });

    const list = await anonymous(`/showcase?q=${token}`);
    expect(list.statusCode).toBe(200);
    const page = readPage(list.body);
    expect(page.title()).toBe('Change project showcase');
    const cards = page.links().filter((link) => link.href.startsWith('/showcase/'));
    expect(cards.map((link) => link.href).sort()).toEqual([`/showcase/${shown}`, `/showcase/${londons}`].sort());
    expect(page.text()).toContain('Environmental sustainability · East of England');
    expect(page.text()).toContain(AIM);
    expect(page.text()).toContain('Metered-dose inhalers a week:');

    const inLondon = readPage((await anonymous(`/showcase?q=${token}&region=${london}`)).body);
    expect(inLondon.links().filter((link) => link.href.startsWith('/showcase/'))).toEqual([
      { text: `${token} London`, href: `/showcase/${londons}` },
    ]);
    const none = readPage((await anonymous(`/showcase?q=${token}-nothing`)).body);
    expect(none.text()).toContain('No projects match your search');

    for (const id of [hidden, active, newId()]) expect((await anonymous(`/showcase/${id}`)).statusCode).toBe(404);
    // Signed in makes no difference: the team did not publish it.
    expect((await ana.agent.get(`/showcase/${hidden}`)).statusCode).toBe(404);
  });

  it('shows a published project’s page without signing in: measures with data, learning and learners only', async () => {
    const ana = await addLearner(t, east, 'Ana Public', { postsForms: true });
    const id = await started(ana, 'Public inhalers');
    await withMeasure(ana, id);
    const supervisor = await signedIn(t, 'educational_supervisor', east, { name: 'Sam Hidden', postsForms: true });
    expect(
      (await ana.agent.post(`/projects/${id}/team`, { role: 'supervisor', supervisorId: supervisor.id })).statusCode,
    ).toBe(302);
    await completed(ana, id, { published: true });

    const response = await anonymous(`/showcase/${id}`);
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.title()).toBe('Public inhalers');
    expect(page.text()).toContain(AIM);
    expect(page.text()).toContain('Ana Public');
    expect(page.text()).not.toContain('Sam Hidden');
    expect(page.text()).toContain('Completed 14 October 2026');
    expect(page.text()).toContain('Setting Riverside Surgery');
    expect(page.text()).toContain(LEARNING);
    expect(page.headings(3)).toContain('Metered-dose inhalers a week');
    expect(page.rows().length).toBe(14);
    expect(response.body).not.toContain('<script src="/assets/islands/session');

    // Valid HTML: parsed without an error, every id once.
    const problems: string[] = [];
    parse(response.body, { onParseError: (error) => problems.push(`${error.code} at ${String(error.startLine)}`) });
    expect(problems).toEqual([]);
    const $ = load(response.body);
    const ids = $('[id]')
      .toArray()
      .map((element) => $(element).attr('id'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is the team’s choice: members show and hide it, a fellow may only take it down', async () => {
    const ana = await addLearner(t, east, 'Ana Choice', { postsForms: true });
    const id = await started(ana, 'Choice inhalers');
    await completed(ana, id, { published: false });
    expect((await anonymous(`/showcase/${id}`)).statusCode).toBe(404);

    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    expect((await fellow.agent.post(`/projects/${id}/publish`, { published: 'yes' })).statusCode).toBe(404);
    const other = await addLearner(t, east, 'Other Choice', { postsForms: true });
    expect((await other.agent.post(`/projects/${id}/publish`, { published: 'yes' })).statusCode).toBe(404);

    expect(readPage((await ana.agent.get(`/projects/${id}/publish`)).body).title()).toBe(
      'Show the project on the public showcase?',
    );
    expect((await ana.agent.post(`/projects/${id}/publish`, { published: 'yes' })).statusCode).toBe(302);
    expect((await anonymous(`/showcase/${id}`)).statusCode).toBe(200);
    expect((await fellow.agent.post(`/projects/${id}/publish`, { published: '' })).statusCode).toBe(302);
    expect((await anonymous(`/showcase/${id}`)).statusCode).toBe(404);
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(events.map((event) => event.summary)).toEqual(
      expect.arrayContaining([
        'Showed the change project “Choice inhalers” on the public showcase',
        'Took the change project “Choice inhalers” off the public showcase',
      ]),
    );
    // An active project cannot be published.
    const open = await started(ana, 'Open inhalers');
    expect((await ana.agent.post(`/projects/${open}/publish`, { published: 'yes' })).statusCode).toBe(404);
  });
});
