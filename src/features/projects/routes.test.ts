import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { carbonFactors, changeProjects, measurePoints, projectMeasures, projectMembers } from './schema.ts';
import { SEED_CARBON_FACTORS } from './domain/carbon-factors.ts';
import { startProject } from './test-fixtures.ts';

// Each test makes its own people and projects, so none reads what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

const AIM = 'Reduce metered-dose inhaler prescribing at Riverside Surgery by 30% by March 2027';

async function started(learner: Person, title = 'Lower-carbon inhalers'): Promise<string> {
  return startProject(learner, { title, aim: AIM });
}

async function measured(learner: Person, projectId: string): Promise<string> {
  const response = await learner.agent.post(`/projects/${projectId}/measures/new`, {
    name: 'Metered-dose inhalers a week',
    kind: 'outcome',
    unit: 'inhalers',
    improvement: 'decrease',
    target: '20',
  });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
  const match = /\/measures\/([0-9a-f-]{36})#data$/.exec(response.headers.location ?? '');
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

describe('starting a change project', () => {
  it('a learner starts one in their region, is on its team, and finds it in their list', async () => {
    const ana = await addLearner(t, east, 'Ana Project', { postsForms: true });
    const form = await ana.agent.get('/projects/new');
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).title()).toBe('Start a change project');
    const id = await started(ana);
    const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(row).toMatchObject({ regionId: east, status: 'active', stage: 'set_goals', aim: AIM, createdBy: ana.id });
    const members = await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, id));
    expect(members.map((member) => [member.userId, member.role])).toEqual([[ana.id, 'learner']]);
    const page = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(page.title()).toBe('Lower-carbon inhalers');
    expect(page.text()).toContain(AIM);
    expect(page.text()).toContain('Ana Project – Learner');
    const list = readPage((await ana.agent.get('/projects')).body);
    expect(list.links().some((link) => link.href === `/projects/${id}`)).toBe(true);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audit?.summary).toBe('Started the change project “Lower-carbon inhalers”');
  });

  it('keeps what was typed and says what is wrong', async () => {
    const ana = await addLearner(t, east, 'Ana Typo', { postsForms: true });
    const response = await ana.agent.post('/projects/new', {
      title: '',
      aim: 'Make things better',
      postcode: 'not a postcode',
      setting: 'Riverside Surgery',
    });
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.errors()).toEqual([
      'Enter a title for the project',
      'Choose the area of the project',
      'Enter a full postcode, like CB2 0QQ',
    ]);
    expect(response.body).toContain('value="Riverside Surgery"');
    expect(response.body).toContain('Make things better');
    // The aim is not yet specific, measurable or time-bound: prompts, not errors.
    expect(page.text()).toContain('Say how much: a number or a percentage you can measure.');
    expect(page.text()).toContain('Say by when');
  });

  it('tells a learner with no learner record why they cannot start one', async () => {
    const lone = await signedIn(t, 'learner', east);
    const page = await lone.agent.get('/projects/new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your learner record is not set up yet');
  });

  it('refuses a fellow of another region as the project’s fellow', async () => {
    const ana = await addLearner(t, east, 'Ana Fellow', { postsForms: true });
    const londonFellow = await signedIn(t, 'educational_fellow', london);
    const response = await ana.agent.post('/projects/new', {
      title: 'Blood tests',
      area: 'population_health',
      fellowUserId: londonFellow.id,
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual(['Choose an educational fellow of the programme']);
  });
});

describe('who may see and change a project', () => {
  it('is the team, the region’s fellows and programme team; for everyone else it does not exist', async () => {
    const ana = await addLearner(t, east, 'Ana Owner', { postsForms: true });
    const id = await started(ana);
    const measureId = await measured(ana, id);
    const paths = [`/projects/${id}`, `/projects/${id}/measures/${measureId}`];
    const editPaths = [`/projects/${id}/edit`, `/projects/${id}/team`, `/projects/${id}/measures/new`];

    for (const who of [
      await addLearner(t, east, 'Other Learner'),
      await signedIn(t, 'educational_supervisor', east),
      await signedIn(t, 'clinical_supervisor', east),
      await signedIn(t, 'programme_admin', london),
      await signedIn(t, 'educational_fellow', london),
      await signedIn(t, 'programme_director', london),
    ]) {
      for (const path of [...paths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(404);
    }
    for (const who of [
      await signedIn(t, 'programme_admin', east),
      await signedIn(t, 'educational_fellow', east),
      await signedIn(t, 'platform_admin', null),
    ]) {
      for (const path of [...paths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(200);
    }
    // Placement providers and the public have no projects pages.
    expect((await (await signedIn(t, 'provider_contact', east)).agent.get(`/projects/${id}`)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/projects/${id}` })).statusCode).toBe(302);
  });

  it('lets a supervisor added to the team in, and another learner’s post to it is refused', async () => {
    const ana = await addLearner(t, east, 'Ana Team', { postsForms: true });
    const id = await started(ana);
    const supervisor = await signedIn(t, 'educational_supervisor', east, { name: 'Sam Supervisor', postsForms: true });
    const bea = await addLearner(t, east, 'Bea Learner', { postsForms: true });
    expect((await supervisor.agent.get(`/projects/${id}`)).statusCode).toBe(404);

    const team = await ana.agent.get(`/projects/${id}/team`);
    expect(team.body).toContain('Sam Supervisor');
    expect(team.body).toContain('Bea Learner');
    expect(
      (await ana.agent.post(`/projects/${id}/team`, { role: 'supervisor', supervisorId: supervisor.id })).statusCode,
    ).toBe(302);
    expect(
      (
        await ana.agent.post(`/projects/${id}/team`, {
          role: 'partner',
          name: 'Community pharmacist',
          organisation: 'High Street Pharmacy',
        })
      ).statusCode,
    ).toBe(302);
    expect((await supervisor.agent.get(`/projects/${id}`)).statusCode).toBe(200);

    // Bea is not on the team: her posts are refused as if the project did not exist.
    expect((await bea.agent.post(`/projects/${id}/team`, { role: 'learner', learnerId: bea.id })).statusCode).toBe(404);
    expect(
      (await bea.agent.post(`/projects/${id}/edit`, { title: 'Taken over', area: 'both', revision: '1' })).statusCode,
    ).toBe(404);

    const page = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(page.text()).toContain('Sam Supervisor – Supervisor');
    expect(page.text()).toContain('Community pharmacist – Partner, High Street Pharmacy');
  });

  it('does not add a learner of another region, and keeps at least one learner on the team', async () => {
    const ana = await addLearner(t, east, 'Ana Region', { postsForms: true });
    const id = await started(ana);
    const londoner = await addLearner(t, london, 'Lon Learner');
    const refused = await ana.agent.post(`/projects/${id}/team`, { role: 'learner', learnerId: londoner.id });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual(['Choose a learner of the programme']);

    const [self] = await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, id));
    const confirm = await ana.agent.get(`/projects/${id}/team/${self?.id ?? ''}/remove`);
    expect(readPage(confirm.body).title()).toBe('Remove Ana Region from the team?');
    const last = await ana.agent.post(`/projects/${id}/team/${self?.id ?? ''}/remove`);
    expect(last.statusCode).toBe(400);
    expect(readPage(last.body).errors()).toEqual([
      'A project needs at least one learner on its team. Add another learner first',
    ]);
  });

  it('refuses a save from a page that is out of date', async () => {
    const ana = await addLearner(t, east, 'Ana Stale', { postsForms: true });
    const id = await started(ana);
    const fields = { title: 'Renamed', area: 'both', stage: 'study_system' };
    expect((await ana.agent.post(`/projects/${id}/edit`, { ...fields, revision: '1' })).statusCode).toBe(302);
    const stale = await ana.agent.post(`/projects/${id}/edit`, { ...fields, title: 'Again', revision: '1' });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()[0]).toContain('Someone else changed this project');
    const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(row).toMatchObject({ title: 'Renamed', stage: 'study_system', revision: 2 });
  });
});

describe('measures and their data', () => {
  it('adds points typed, pasted and uploaded, and saves nothing from a paste with a bad line', async () => {
    const ana = await addLearner(t, east, 'Ana Data', { postsForms: true });
    const id = await started(ana);
    const measureId = await measured(ana, id);
    const base = `/projects/${id}/measures/${measureId}`;

    const typed = await ana.agent.post(`${base}/points`, {
      'day[day]': '6',
      'day[month]': '1',
      'day[year]': '2025',
      value: '42',
      note: 'Baseline',
    });
    expect(typed.statusCode, typed.body.slice(0, 1500)).toBe(302);

    const bad = await ana.agent.post(`${base}/paste`, {
      pasted: 'Week\tInhalers\n13/01/2025\t40\n20/01/2025\tforty\n',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Line 3: “forty” is not a number');
    expect(bad.body).toContain('13/01/2025');
    expect(readPage(bad.body).text()).toContain('Nothing was saved. Put these lines right and try again');
    const afterBad = await t.db.select().from(measurePoints).where(eq(measurePoints.measureId, measureId));
    expect(afterBad).toHaveLength(1);

    expect(
      (await ana.agent.post(`${base}/paste`, { pasted: 'Week\tInhalers\n13/01/2025\t40\n20/01/2025\t41\n' }))
        .statusCode,
    ).toBe(302);
    const uploaded = await ana.agent.upload(
      `${base}/upload`,
      {},
      {
        field: 'file',
        filename: 'inhalers.csv',
        content: 'date,value,note\n2025-01-27,39,\n2025-02-03,38,PDSA 1\n2025-01-06,43,corrected\n',
      },
    );
    expect(uploaded.statusCode, uploaded.body.slice(0, 1500)).toBe(302);
    const points = await t.db.select().from(measurePoints).where(eq(measurePoints.measureId, measureId));
    expect(points.map((point) => [point.day, point.value]).sort()).toEqual([
      ['2025-01-06', 43],
      ['2025-01-13', 40],
      ['2025-01-20', 41],
      ['2025-01-27', 39],
      ['2025-02-03', 38],
    ]);

    const page = await ana.agent.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(readPage(page.body).text()).toContain('5 data points');
    // Too few points for reliable limits: the warning says so, in words.
    expect(readPage(page.body).text()).toContain('the limits are unreliable until there are');
    const svg = await ana.agent.get(`${base}/chart.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const csv = await ana.agent.get(`${base}/data.csv`);
    expect(csv.body).toContain('2025-02-03,38,PDSA 1');
  });

  it('finds a measure only under its own project', async () => {
    const ana = await addLearner(t, east, 'Ana Idor', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Idor', { postsForms: true });
    const anaProject = await started(ana);
    const beaProject = await started(bea);
    const beaMeasure = await measured(bea, beaProject);
    for (const path of [
      `/projects/${anaProject}/measures/${beaMeasure}`,
      `/projects/${anaProject}/measures/${beaMeasure}/edit`,
      `/projects/${anaProject}/measures/${beaMeasure}/chart.svg`,
    ]) {
      expect((await ana.agent.get(path)).statusCode, path).toBe(404);
    }
    expect(
      (await ana.agent.post(`/projects/${anaProject}/measures/${beaMeasure}/paste`, { pasted: '2025-01-06,1' }))
        .statusCode,
    ).toBe(404);
    expect(await t.db.select().from(measurePoints).where(eq(measurePoints.measureId, beaMeasure))).toHaveLength(0);
  });
});

describe('the emission factor library', () => {
  it('is seeded by the migration with every factor of the domain’s seed list, as written there', async () => {
    const rows = await t.db.select().from(carbonFactors);
    const seeded = rows
      .filter((row) => row.createdBy === null)
      .map((row) => ({
        key: row.key,
        year: row.year,
        category: row.category,
        item: row.item,
        unit: row.unit,
        kgCo2ePerUnit: row.kgCo2ePerUnit,
        source: row.source,
      }))
      .sort((a, b) => `${a.key}${String(a.year)}`.localeCompare(`${b.key}${String(b.year)}`));
    const expected = [...SEED_CARBON_FACTORS].sort((a, b) =>
      `${a.key}${String(a.year)}`.localeCompare(`${b.key}${String(b.year)}`),
    );
    expect(seeded).toEqual(expected);
  });
});

describe('patient identifiers', () => {
  it('are refused in a project’s aim and in a data point’s note, with what was typed kept', async () => {
    const ana = await addLearner(t, east, 'Ana Guard', { postsForms: true });
    const refused = await ana.agent.post('/projects/new', {
      title: 'Frailty reviews',
      area: 'population_health',
      aim: 'Review medicines for the man with NHS number 943 476 5919 and others like him by June 2027',
      setting: 'Riverside Surgery, CB2 0QQ',
      targetPopulation: 'People over 75',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      expect.stringContaining('The aim may identify a patient: “943 476 5919”.') as string,
    ]);
    expect(refused.body).toContain('Riverside Surgery, CB2 0QQ');

    const titled = await ana.agent.post('/projects/new', {
      title: 'Reviews for NHS no. 943 476 5919',
      area: 'population_health',
      aim: 'Review the medicines of everyone over 75 on the practice list by June 2027',
      setting: 'Riverside Surgery, CB2 0QQ',
      targetPopulation: 'People over 75',
    });
    expect(titled.statusCode).toBe(400);
    expect(readPage(titled.body).errors()).toEqual([
      expect.stringContaining('The title may identify a patient: “943 476 5919”.') as string,
    ]);

    const id = await started(ana);
    const measureId = await measured(ana, id);
    const point = await ana.agent.post(`/projects/${id}/measures/${measureId}/points`, {
      'day[day]': '6',
      'day[month]': '1',
      'day[year]': '2025',
      value: '12',
      note: 'Readmitted, DOB 3.4.51',
    });
    expect(point.statusCode).toBe(400);
    expect(readPage(point.body).errors()[0]).toContain('The note may identify a patient: “3.4.51”.');
    expect(point.body).toContain('value="12"');
    expect(await t.db.select().from(measurePoints).where(eq(measurePoints.measureId, measureId))).toHaveLength(0);
  });

  it('are refused in a measure’s definition, with what was typed kept, and ordinary definitions are taken', async () => {
    const ana = await addLearner(t, east, 'Ana Defines', { postsForms: true });
    const id = await started(ana);
    const fields = { name: 'Repeat blood tests', kind: 'process', unit: 'tests', improvement: 'decrease' };
    const refused = await ana.agent.post(`/projects/${id}/measures/new`, {
      ...fields,
      definition: 'Repeat tests, leaving out hospital number RGT1234567',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      expect.stringContaining('The definition may identify a patient: “RGT1234567”.') as string,
    ]);
    expect(refused.body).toContain('href="#definition"');
    expect(refused.body).toContain('id="definition-error"');
    expect(refused.body).toContain('Repeat tests, leaving out hospital number RGT1234567');
    expect(refused.body).toContain('value="Repeat blood tests"');
    expect(await t.db.select().from(projectMeasures).where(eq(projectMeasures.projectId, id))).toEqual([]);

    const ordinary = 'Counted weekly by Dr Karim from 3 March 2026; questions to 01223 245151';
    const taken = await ana.agent.post(`/projects/${id}/measures/new`, { ...fields, definition: ordinary });
    expect(taken.statusCode, readPage(taken.body).errors().join(' | ')).toBe(302);
    const stored = await t.db.select().from(projectMeasures).where(eq(projectMeasures.projectId, id));
    expect(stored.map((measure) => measure.definition)).toEqual([ordinary]);
  });
});
