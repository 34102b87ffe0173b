import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { changeIdeas, changeProjects, pdsaCycles } from './schema.ts';
import { startProject } from './test-fixtures.ts';

// Each test makes its own people and projects, so none reads what another wrote. The app's day is Wednesday
// 14 October 2026.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

async function started(learner: Person, title = 'Lower-carbon inhalers'): Promise<string> {
  return startProject(learner, { title, stage: 'design' });
}

async function idea(learner: Person, projectId: string, description = 'Offer a dry-powder inhaler at reviews') {
  const response = await learner.agent.post(`/projects/${projectId}/ideas`, { description });
  expect(response.statusCode, response.body.slice(0, 3000)).toBe(302);
  const [row] = await t.db
    .select()
    .from(changeIdeas)
    .where(and(eq(changeIdeas.projectId, projectId), eq(changeIdeas.description, description)));
  expect(row).toBeDefined();
  return row?.id ?? '';
}

function plan(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    changeIdeaId: '',
    title: 'Five asthma reviews',
    plan: 'The practice nurse offers a dry-powder inhaler at five asthma reviews this week',
    prediction: 'Three of the five will switch',
    'startsOn[day]': '5',
    'startsOn[month]': '10',
    'startsOn[year]': '2026',
    ...overrides,
  };
}

async function cycle(learner: Person, projectId: string, overrides: Record<string, string> = {}): Promise<string> {
  const response = await learner.agent.post(`/projects/${projectId}/pdsa/new`, plan(overrides));
  expect(response.statusCode, response.body.slice(0, 3000)).toBe(302);
  const match = new RegExp(`^/projects/${projectId}/pdsa/${UUID.source}$`).exec(response.headers.location ?? '');
  expect(match, response.headers.location).not.toBeNull();
  return match?.[1] ?? '';
}

async function auditOf(entityId: string) {
  const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
  return rows.map((row) => [row.action, row.summary]);
}

/** The headings of the four PDSA steps, in the order the page has them (the layout has headings of its own). */
function stepsOf(headings: string[]): string[] {
  return headings.filter((heading) => ['Plan', 'Do', 'Study', 'Act'].includes(heading));
}

/** The version field of the cycle's edit form, as the browser would post it back. */
function versionIn(body: string): string {
  return /name="version" value="([^"]+)"/.exec(body)?.[1] ?? '';
}

describe('the PDSA section of a project', () => {
  it('says what a PDSA cycle is and how to start, with no ideas or cycles yet', async () => {
    const ana = await addLearner(t, east, 'Ana Empty', { postsForms: true });
    const id = await started(ana);
    const page = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(page.section('Change ideas').text()).toContain('No change ideas yet');
    const cycles = page.section('PDSA cycles');
    expect(cycles.text()).toContain('No PDSA cycles yet. A PDSA cycle tests one change on a small scale');
    expect(cycles.text()).toContain('write your prediction before the test starts');
    expect(page.links()).toContainEqual({ text: 'Add a change idea', href: `/projects/${id}/ideas/new` });
    expect(page.links()).toContainEqual({ text: 'Record a PDSA cycle', href: `/projects/${id}/pdsa/new` });
  });

  it('lists the ideas with how many cycles tested each, and the cycles in date order with state and decision', async () => {
    const ana = await addLearner(t, east, 'Ana Lists', { postsForms: true });
    const id = await started(ana);
    const dpi = await idea(ana, id, 'Offer a dry-powder inhaler at reviews');
    await idea(ana, id, 'A prompt on the repeat prescription screen');
    await cycle(ana, id, {
      title: 'Second test',
      changeIdeaId: dpi,
      'startsOn[day]': '12',
      happened: 'Four switched',
      study: 'Better than predicted',
      learned: 'Patients like fewer puffs',
      decision: 'adopt',
    });
    await cycle(ana, id, { title: 'First test', changeIdeaId: dpi, 'startsOn[day]': '1' });
    await cycle(ana, id, { title: 'Next month', 'startsOn[day]': '2', 'startsOn[month]': '11' });
    await cycle(ana, id, { title: 'Studied one', 'startsOn[day]': '7', happened: 'x', study: 'y' });

    const page = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(page.section('Change ideas').rows()).toEqual([
      ['Offer a dry-powder inhaler at reviews', '2 cycles', expect.stringContaining('Test it') as string],
      ['A prompt on the repeat prescription screen', '0 cycles', expect.stringContaining('Remove') as string],
    ]);
    expect(page.section('PDSA cycles').rows()).toEqual([
      ['First test Tests: Offer a dry-powder inhaler at reviews', 'From 1 October 2026', 'Running', 'Not yet'],
      ['Studied one', 'From 7 October 2026', 'Studied', 'Not yet'],
      ['Second test Tests: Offer a dry-powder inhaler at reviews', 'From 12 October 2026', 'Done', 'Adopt'],
      ['Next month', 'From 2 November 2026', 'Planned', 'Not yet'],
    ]);
  });
});

describe('change ideas', () => {
  it('are added on a page of their own, saying what is wrong and keeping what was typed', async () => {
    const ana = await addLearner(t, east, 'Ana Idea', { postsForms: true });
    const id = await started(ana);
    const form = await ana.agent.get(`/projects/${id}/ideas/new`);
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).title()).toBe('Add a change idea');

    const empty = await ana.agent.post(`/projects/${id}/ideas`, { description: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toEqual(['Describe the change idea']);
    const long = await ana.agent.post(`/projects/${id}/ideas`, { description: `Swap ${'x'.repeat(500)}` });
    expect(long.statusCode).toBe(400);
    expect(readPage(long.body).errors()).toEqual(['The change idea must be 500 characters or fewer']);
    expect(long.body).toContain(`Swap ${'x'.repeat(500)}`);
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.projectId, id))).toEqual([]);

    const ideaId = await idea(ana, id, 'Green inhaler champion in each team');
    expect(await auditOf(ideaId)).toEqual([
      ['create', 'Added the change idea “Green inhaler champion in each team” to “Lower-carbon inhalers”'],
    ]);
    const [project] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(project?.lastActivityAt.getTime()).toBeGreaterThan(project?.createdAt.getTime() ?? Infinity);
  });

  it('are refused when they may identify a patient, keeping what was typed, and ordinary ideas are taken', async () => {
    const ana = await addLearner(t, east, 'Ana Guarded', { postsForms: true });
    const id = await started(ana);
    const refused = await ana.agent.post(`/projects/${id}/ideas`, {
      description: 'Call the woman with DOB 3.4.51 first',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      expect.stringContaining('The change idea may identify a patient: “3.4.51”.'),
    ]);
    expect(refused.body).toContain('href="#description"');
    expect(refused.body).toContain('id="description-error"');
    expect(refused.body).toContain('Call the woman with DOB 3.4.51 first');
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.projectId, id))).toEqual([]);

    await idea(ana, id, 'Dr Karim runs an inhaler clinic from 3 March 2026, bookings on 01223 245151');
  });

  it('are removed after a confirmation, and the cycles that tested them keep their text', async () => {
    const ana = await addLearner(t, east, 'Ana Remove', { postsForms: true });
    const id = await started(ana);
    const ideaId = await idea(ana, id, 'Offer a dry-powder inhaler at reviews');
    const cycleId = await cycle(ana, id, { changeIdeaId: ideaId });

    const confirm = await ana.agent.get(`/projects/${id}/ideas/${ideaId}/remove`);
    expect(confirm.statusCode).toBe(200);
    const page = readPage(confirm.body);
    expect(page.title()).toBe('Remove this change idea?');
    expect(page.text()).toContain('1 PDSA cycle tested this idea. It keeps everything written in it');

    const removed = await ana.agent.post(`/projects/${id}/ideas/${ideaId}/remove`);
    expect(removed.statusCode).toBe(302);
    expect(removed.headers.location).toBe(`/projects/${id}#ideas`);
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.id, ideaId))).toEqual([]);
    const [kept] = await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId));
    expect(kept).toMatchObject({
      changeIdeaId: null,
      title: 'Five asthma reviews',
      prediction: 'Three of the five will switch',
    });
    expect(await auditOf(ideaId)).toContainEqual([
      'delete',
      'Removed the change idea “Offer a dry-powder inhaler at reviews” from “Lower-carbon inhalers”',
    ]);
    const cyclePage = readPage((await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`)).body);
    expect(cyclePage.text()).toContain('Change idea None');
  });
});

describe('recording a PDSA cycle', () => {
  it('asks for the plan, a prediction and a start date, keeping what was typed', async () => {
    const ana = await addLearner(t, east, 'Ana Plan', { postsForms: true });
    const id = await started(ana);
    const response = await ana.agent.post(`/projects/${id}/pdsa/new`, {
      changeIdeaId: '',
      title: 'Five asthma reviews',
      plan: '',
      prediction: '',
      'startsOn[day]': '31',
      'startsOn[month]': '2',
      'startsOn[year]': '2026',
      happened: 'Typed early',
    });
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.errors()).toEqual([
      'Write the plan: what will be tried, by whom, where and when',
      'Write what you predict will happen, before the test starts',
      'Start date must be a real date, like 2 11 2026',
    ]);
    expect(response.body).toContain('value="Five asthma reviews"');
    expect(response.body).toContain('Typed early');
    expect(response.body).toMatch(/name="startsOn\[day\]"[^>]*value="31"/);
    expect(response.body).toContain('href="#startsOn-day"');
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.projectId, id))).toEqual([]);
  });

  it('records a cycle testing a change idea, shows it in four parts, and is filled in later', async () => {
    const ana = await addLearner(t, east, 'Ana Cycle', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Cycle', { postsForms: true });
    const id = await started(ana);
    expect((await ana.agent.post(`/projects/${id}/team`, { role: 'learner', learnerId: bea.id })).statusCode).toBe(302);
    const ideaId = await idea(ana, id);

    const form = await ana.agent.get(`/projects/${id}/pdsa/new?idea=${ideaId}`);
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).title()).toBe('Record a PDSA cycle');
    expect(form.body).toMatch(new RegExp(`<option value="${ideaId}" selected`));
    expect(stepsOf(readPage(form.body).headings(2))).toEqual(['Plan', 'Do', 'Study', 'Act']);

    const cycleId = await cycle(ana, id, { changeIdeaId: ideaId });
    const [row] = await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId));
    expect(row).toMatchObject({
      projectId: id,
      changeIdeaId: ideaId,
      startsOn: '2026-10-05',
      endsOn: null,
      happened: '',
      decision: null,
      createdBy: ana.id,
    });
    let page = readPage((await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`)).body);
    expect(page.title()).toBe('Five asthma reviews');
    expect(stepsOf(page.headings(2))).toEqual(['Plan', 'Do', 'Study', 'Act']);
    expect(page.text()).toContain('Running Write what happened and study it against the prediction.');
    expect(page.text()).toContain('Change idea Offer a dry-powder inhaler at reviews');
    expect(page.section('Plan').text()).toContain('Prediction Three of the five will switch');
    expect(page.section('Do').text()).toBe('Not written yet.');
    expect(page.section('Act').text()).toBe('No decision yet.');

    // Bea, on the team, comes back after the test to write Do and Study.
    const edit = await bea.agent.get(`/projects/${id}/pdsa/${cycleId}/edit`);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('Three of the five will switch');
    const studied = await bea.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, {
      ...plan({ changeIdeaId: ideaId }),
      'endsOn[day]': '9',
      'endsOn[month]': '10',
      'endsOn[year]': '2026',
      happened: 'Five offered,\r\nfour switched',
      study: 'Better than the prediction of three',
      version: versionIn(edit.body),
    });
    expect(studied.statusCode, studied.body.slice(0, 3000)).toBe(302);
    page = readPage((await bea.agent.get(`/projects/${id}/pdsa/${cycleId}`)).body);
    expect(page.text()).toContain('Studied Say what was learned');
    expect(page.text()).toContain('Dates 5 October 2026 to 9 October 2026');
    expect(page.section('Do').text()).toBe('Five offered, four switched');

    // What was learned goes with a decision.
    const edit2 = await ana.agent.get(`/projects/${id}/pdsa/${cycleId}/edit`);
    const base = {
      ...plan({ changeIdeaId: ideaId }),
      happened: 'Five offered, four switched',
      study: 'Better than the prediction of three',
      learned: 'Patients value fewer puffs',
      version: versionIn(edit2.body),
    };
    const undecided = await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, base);
    expect(undecided.statusCode).toBe(400);
    expect(readPage(undecided.body).errors()).toEqual([
      'Choose whether to adopt, adapt or abandon the change, now that you have written what was learned',
    ]);
    const decided = await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, { ...base, decision: 'adapt' });
    expect(decided.statusCode, decided.body.slice(0, 3000)).toBe(302);
    page = readPage((await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`)).body);
    expect(page.text()).toContain('Done The team has decided what to do next.');
    expect(page.section('Act').text()).toBe('Patients value fewer puffs Adapt Adapt it and test again');

    expect(await auditOf(cycleId)).toEqual([
      ['create', 'Recorded the PDSA cycle “Five asthma reviews” of “Lower-carbon inhalers”'],
      ['update', 'Changed the PDSA cycle “Five asthma reviews” of “Lower-carbon inhalers”'],
      ['update', 'Changed the PDSA cycle “Five asthma reviews” of “Lower-carbon inhalers”'],
    ]);
  });

  it('plans a cycle that starts later, where nothing can have happened yet', async () => {
    const ana = await addLearner(t, east, 'Ana Later', { postsForms: true });
    const id = await started(ana);
    const later = { 'startsOn[day]': '2', 'startsOn[month]': '11' };
    const refused = await ana.agent.post(`/projects/${id}/pdsa/new`, plan({ ...later, happened: 'Four switched' }));
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      'The test starts in the future, so nothing can have happened yet: leave this empty or change the start date',
    ]);
    const cycleId = await cycle(ana, id, later);
    const page = readPage((await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`)).body);
    expect(page.text()).toContain('Planned The test has not started yet.');
    expect(page.section('Do').text()).toBe('Not written yet. The test starts on 2 November 2026.');
  });

  it('refuses an end date before the start and a change idea of another project', async () => {
    const ana = await addLearner(t, east, 'Ana Checks', { postsForms: true });
    const id = await started(ana);
    const other = await started(ana, 'Fewer blood tests');
    const otherIdea = await idea(ana, other, 'Stop routine repeat bloods');
    const response = await ana.agent.post(
      `/projects/${id}/pdsa/new`,
      plan({ changeIdeaId: otherIdea, 'endsOn[day]': '4', 'endsOn[month]': '10', 'endsOn[year]': '2026' }),
    );
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual([
      'Choose a change idea from the list, or “No change idea”',
      'End date must be the same as or after the start date',
    ]);
  });

  it('refuses a save from a page out of date, so neither writer loses their words unknowingly', async () => {
    const ana = await addLearner(t, east, 'Ana Stale', { postsForms: true });
    const id = await started(ana);
    const cycleId = await cycle(ana, id);
    const first = await ana.agent.get(`/projects/${id}/pdsa/${cycleId}/edit`);
    const version = versionIn(first.body);
    expect(version).not.toBe('');
    const saved = await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, {
      ...plan(),
      happened: 'First writer',
      version,
    });
    expect(saved.statusCode).toBe(302);
    const stale = await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, {
      ...plan(),
      happened: 'Second writer',
      version,
    });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()[0]).toContain('Someone else changed this cycle while you were editing it');
    expect(stale.body).toContain('Second writer');
    const [row] = await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId));
    expect(row?.happened).toBe('First writer');
  });

  it('deletes a cycle after a confirmation', async () => {
    const ana = await addLearner(t, east, 'Ana Delete', { postsForms: true });
    const id = await started(ana);
    const cycleId = await cycle(ana, id);
    const confirm = await ana.agent.get(`/projects/${id}/pdsa/${cycleId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(readPage(confirm.body).title()).toBe('Delete the cycle “Five asthma reviews”?');
    const deleted = await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/delete`);
    expect(deleted.statusCode).toBe(302);
    expect(deleted.headers.location).toBe(`/projects/${id}#pdsa`);
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId))).toEqual([]);
    expect(await auditOf(cycleId)).toContainEqual([
      'delete',
      'Deleted the PDSA cycle “Five asthma reviews” of “Lower-carbon inhalers”',
    ]);
    expect((await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`)).statusCode).toBe(404);
  });
});

describe('who may see and change ideas and cycles', () => {
  it('is the team, the region’s fellows and programme team; for everyone else they do not exist', async () => {
    const ana = await addLearner(t, east, 'Ana Access', { postsForms: true });
    const id = await started(ana);
    const ideaId = await idea(ana, id);
    const cycleId = await cycle(ana, id, { changeIdeaId: ideaId });
    const readPaths = [`/projects/${id}/pdsa/${cycleId}`];
    const editPaths = [
      `/projects/${id}/ideas/new`,
      `/projects/${id}/ideas/${ideaId}/remove`,
      `/projects/${id}/pdsa/new`,
      `/projects/${id}/pdsa/${cycleId}/edit`,
      `/projects/${id}/pdsa/${cycleId}/delete`,
    ];

    for (const who of [
      await addLearner(t, east, 'Other Learner', { postsForms: true }),
      await signedIn(t, 'educational_supervisor', east, { postsForms: true }),
      await signedIn(t, 'clinical_supervisor', east, { postsForms: true }),
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_admin', london, { postsForms: true }),
      await signedIn(t, 'programme_director', london, { postsForms: true }),
    ]) {
      for (const path of [...readPaths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(404);
      expect((await who.agent.post(`/projects/${id}/ideas`, { description: 'Taken over' })).statusCode).toBe(404);
      expect((await who.agent.post(`/projects/${id}/pdsa/new`, plan())).statusCode).toBe(404);
      expect(
        (await who.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, { ...plan({ title: 'Taken over' }) })).statusCode,
      ).toBe(404);
      expect((await who.agent.post(`/projects/${id}/pdsa/${cycleId}/delete`)).statusCode).toBe(404);
      expect((await who.agent.post(`/projects/${id}/ideas/${ideaId}/remove`)).statusCode).toBe(404);
    }
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.projectId, id))).toHaveLength(1);
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.projectId, id))).toHaveLength(1);
    const [kept] = await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId));
    expect(kept?.title).toBe('Five asthma reviews');

    for (const who of [
      await signedIn(t, 'educational_fellow', east),
      await signedIn(t, 'programme_admin', east),
      await signedIn(t, 'platform_admin', null),
    ]) {
      for (const path of [...readPaths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(200);
    }
    // The region's fellow supports the team: they may record a cycle too.
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    expect((await fellow.agent.post(`/projects/${id}/pdsa/new`, plan({ title: 'Fellow’s test' }))).statusCode).toBe(
      302,
    );
    expect((await (await signedIn(t, 'provider_contact', east)).agent.get(readPaths[0] ?? '')).statusCode).toBe(403);
  });

  it('finds an idea or a cycle only under its own project', async () => {
    const ana = await addLearner(t, east, 'Ana Own', { postsForms: true });
    const id = await started(ana);
    const mine = await started(ana, 'Fewer blood tests');
    const bea = await addLearner(t, east, 'Bea Other', { postsForms: true });
    const theirs = await started(bea, 'Social prescribing');
    const theirIdea = await idea(bea, theirs);
    const theirCycle = await cycle(bea, theirs, { changeIdeaId: theirIdea });
    const myCycle = await cycle(ana, mine);

    for (const [cycleId, ideaId] of [
      [theirCycle, theirIdea],
      [myCycle, theirIdea],
    ] as const) {
      for (const path of [
        `/projects/${id}/pdsa/${cycleId}`,
        `/projects/${id}/pdsa/${cycleId}/edit`,
        `/projects/${id}/pdsa/${cycleId}/delete`,
        `/projects/${id}/ideas/${ideaId}/remove`,
      ]) {
        expect((await ana.agent.get(path)).statusCode, path).toBe(404);
      }
      expect((await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, plan({ title: 'Moved' }))).statusCode).toBe(
        404,
      );
      expect((await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/delete`)).statusCode).toBe(404);
      expect((await ana.agent.post(`/projects/${id}/ideas/${ideaId}/remove`)).statusCode).toBe(404);
    }
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, theirCycle))).toHaveLength(1);
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, myCycle))).toHaveLength(1);
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.id, theirIdea))).toHaveLength(1);
    expect((await ana.agent.get('/projects/00000000-0000-7000-8000-000000000000/pdsa/new')).statusCode).toBe(404);
    expect((await ana.agent.get(`/projects/${id}/pdsa/not-an-id`)).statusCode).toBe(404);
  });

  it('keeps a completed project as it was: its team still reads the cycles, nobody changes them', async () => {
    const ana = await addLearner(t, east, 'Ana Done', { postsForms: true });
    const id = await started(ana);
    const ideaId = await idea(ana, id);
    const cycleId = await cycle(ana, id, { changeIdeaId: ideaId });
    await t.db.update(changeProjects).set({ status: 'completed' }).where(eq(changeProjects.id, id));

    const project = await ana.agent.get(`/projects/${id}`);
    expect(project.statusCode).toBe(200);
    const page = readPage(project.body);
    expect(page.section('PDSA cycles').rows()).toEqual([
      ['Five asthma reviews Tests: Offer a dry-powder inhaler at reviews', 'From 5 October 2026', 'Running', 'Not yet'],
    ]);
    expect(page.links().map((link) => link.text)).not.toContain('Record a PDSA cycle');
    expect(page.links().map((link) => link.text)).not.toContain('Add a change idea');
    const cyclePage = await ana.agent.get(`/projects/${id}/pdsa/${cycleId}`);
    expect(cyclePage.statusCode).toBe(200);
    expect(
      readPage(cyclePage.body)
        .links()
        .map((link) => link.text),
    ).not.toContain('Delete the cycle');

    for (const path of [
      `/projects/${id}/ideas/new`,
      `/projects/${id}/ideas/${ideaId}/remove`,
      `/projects/${id}/pdsa/new`,
      `/projects/${id}/pdsa/${cycleId}/edit`,
      `/projects/${id}/pdsa/${cycleId}/delete`,
    ]) {
      expect((await ana.agent.get(path)).statusCode, path).toBe(404);
    }
    expect((await ana.agent.post(`/projects/${id}/ideas`, { description: 'Late idea' })).statusCode).toBe(404);
    expect((await ana.agent.post(`/projects/${id}/pdsa/new`, plan())).statusCode).toBe(404);
    expect((await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/edit`, plan({ title: 'Changed' }))).statusCode).toBe(
      404,
    );
    expect((await ana.agent.post(`/projects/${id}/pdsa/${cycleId}/delete`)).statusCode).toBe(404);
    expect((await ana.agent.post(`/projects/${id}/ideas/${ideaId}/remove`)).statusCode).toBe(404);
    expect(await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.projectId, id))).toHaveLength(1);
    expect(await t.db.select().from(changeIdeas).where(eq(changeIdeas.projectId, id))).toHaveLength(1);
    const [row] = await t.db.select().from(pdsaCycles).where(eq(pdsaCycles.id, cycleId));
    expect(row?.title).toBe('Five asthma reviews');
  });
});
