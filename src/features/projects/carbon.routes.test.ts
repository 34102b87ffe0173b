import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { carbonFactors, changeProjects, projectCarbonLines } from './schema.ts';
import { startProject } from './test-fixtures.ts';

// Each test makes its own people and projects; the factor years each import adds are its own too, since the
// library is shared by the whole test database.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

const HEADER = 'key,category,item,unit,kgCO2e per unit,source,year';

async function started(learner: Person, title = 'Lower-carbon inhalers'): Promise<string> {
  return startProject(learner, { title, area: 'population_health' });
}

async function factorId(key: string, year: number): Promise<string> {
  const [row] = await t.db
    .select({ id: carbonFactors.id })
    .from(carbonFactors)
    .where(and(eq(carbonFactors.key, key), eq(carbonFactors.year, year)));
  expect(row, `${key} ${String(year)}`).toBeDefined();
  return row?.id ?? '';
}

async function addLine(
  who: Person,
  projectId: string,
  line: { phase: string; key: string; year: number; quantity: string; note?: string },
): Promise<void> {
  const response = await who.agent.post(`/projects/${projectId}/carbon/lines`, {
    phase: line.phase,
    factorId: await factorId(line.key, line.year),
    quantity: line.quantity,
    note: line.note ?? '',
  });
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
  expect(response.headers.location).toBe(`/projects/${projectId}/carbon`);
}

/** 100 salbutamol metered-dose inhalers a year before the change, 100 dry-powder inhalers after it (2024 factors). */
async function inhalerSwitch(who: Person, projectId: string): Promise<void> {
  await addLine(who, projectId, { phase: 'before', key: 'inhaler-salbutamol-pmdi', year: 2024, quantity: '100' });
  await addLine(who, projectId, { phase: 'after', key: 'inhaler-dry-powder', year: 2024, quantity: '100' });
}

async function linesOf(projectId: string) {
  return t.db.select().from(projectCarbonLines).where(eq(projectCarbonLines.projectId, projectId));
}

describe('a project’s carbon account', () => {
  it('totals 100 salbutamol MDIs before against 100 dry-powder inhalers after, by category and on the project page', async () => {
    const ana = await addLearner(t, east, 'Ana Carbon', { postsForms: true });
    const id = await started(ana);

    const empty = readPage((await ana.agent.get(`/projects/${id}`)).body);
    expect(empty.section('Carbon').text()).toContain('No carbon account yet. Start the carbon account');
    expect(empty.section('Carbon').links()).toContainEqual({
      text: 'Start the carbon account',
      href: `/projects/${id}/carbon`,
    });

    await inhalerSwitch(ana, id);
    const page = readPage((await ana.agent.get(`/projects/${id}/carbon`)).body);
    expect(page.title()).toBe('Carbon account');
    expect(page.text()).toContain('A saving of 2,420 kgCO2e a year');
    expect(page.text()).toContain('96.8% less than before');
    expect(page.text()).toContain('Worked out with the library’s factors of 2024.');
    const before = page.section('Before the change').rows();
    expect(before[0]?.slice(1, 4)).toEqual([
      '100 inhaler',
      expect.stringContaining('25 kgCO2e per inhaler, 2024') as string,
      '2,500 kgCO2e',
    ]);
    expect(before[0]?.[0]).toContain('Salbutamol pressurised metered-dose inhaler');
    expect(before.at(-1)?.slice(0, 4)).toEqual(['Total', '', '', '2,500 kgCO2e']);
    const after = page.section('After the change').rows();
    expect(after[0]?.slice(1, 4)).toEqual([
      '100 inhaler',
      expect.stringContaining('0.8 kgCO2e per inhaler, 2024') as string,
      '80 kgCO2e',
    ]);
    expect(after[0]?.[2]).toContain('NICE patient decision aid');
    expect(page.section('By category').rows()).toEqual([['Inhalers', '2,500 kgCO2e', '80 kgCO2e', '2,420 kgCO2e']]);

    const project = readPage((await ana.agent.get(`/projects/${id}`)).body).section('Carbon');
    expect(project.text()).toContain('A saving of 2,420 kgCO2e a year');
    expect(project.text()).toContain(
      '2,500 kgCO2e a year before the change, 80 kgCO2e after it (96.8% less than before)',
    );

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'update')));
    expect(audit?.summary).toContain('Added 100 inhaler a year of “Salbutamol pressurised metered-dose inhaler');
    const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(row?.lastActivityAt.getTime()).toBeGreaterThan(row?.createdAt.getTime() ?? Infinity);
  });

  it('keeps what was typed and says what is wrong', async () => {
    const ana = await addLearner(t, east, 'Ana Typing', { postsForms: true });
    const id = await started(ana);
    const dpi = await factorId('inhaler-dry-powder', 2024);
    const response = await ana.agent.post(`/projects/${id}/carbon/lines`, {
      factorId: dpi,
      quantity: '-5',
      note: 'Practice prescribing data',
    });
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.errors()).toEqual(['Choose before or after the change', 'The quantity a year must be 0 or more']);
    expect(response.body).toContain('value="-5"');
    expect(response.body).toContain('value="Practice prescribing data"');
    expect(response.body).toContain(`<option value="${dpi}" selected>`);

    const unknown = await ana.agent.post(`/projects/${id}/carbon/lines`, {
      phase: 'before',
      factorId: '01900000-0000-7000-8000-000000000000',
      quantity: '1,200',
    });
    expect(unknown.statusCode).toBe(400);
    expect(readPage(unknown.body).errors()).toEqual(['Choose an item from the emission factor library']);
    expect(await linesOf(id)).toHaveLength(0);

    const commas = await ana.agent.post(`/projects/${id}/carbon/lines`, {
      phase: 'before',
      factorId: await factorId('travel-car-average-km', 2025),
      quantity: ' 12,000 ',
    });
    expect(commas.statusCode).toBe(302);
    expect((await linesOf(id)).map((line) => line.quantityPerYear)).toEqual([12000]);
  });

  it('refuses a note that may identify a patient, keeping what was typed, and takes ordinary notes', async () => {
    const ana = await addLearner(t, east, 'Ana Guarded', { postsForms: true });
    const id = await started(ana);
    const dpi = await factorId('inhaler-dry-powder', 2024);
    const refused = await ana.agent.post(`/projects/${id}/carbon/lines`, {
      phase: 'after',
      factorId: dpi,
      quantity: '120',
      note: 'Switched the man with NHS number 943 476 5919',
    });
    expect(refused.statusCode).toBe(400);
    const page = readPage(refused.body);
    expect(page.errors()).toEqual([expect.stringContaining('The note may identify a patient: “943 476 5919”.')]);
    expect(refused.body).toContain('href="#note"');
    expect(refused.body).toContain('id="note-error"');
    expect(refused.body).toContain('value="Switched the man with NHS number 943 476 5919"');
    expect(refused.body).toContain('value="120"');
    expect(await linesOf(id)).toHaveLength(0);

    const ordinary = 'Counted by Dr Karim on 3 March 2026, questions to 01223 245151';
    await addLine(ana, id, { phase: 'after', key: 'inhaler-dry-powder', year: 2024, quantity: '120', note: ordinary });
    expect((await linesOf(id)).map((line) => line.note)).toEqual([ordinary]);
  });

  it('offers the factors grouped by category, the newest year of each item first', async () => {
    const ana = await addLearner(t, east, 'Ana Choices', { postsForms: true });
    const id = await started(ana);
    const page = await ana.agent.get(`/projects/${id}/carbon`);
    expect(page.body).toContain('<optgroup label="Inhalers">');
    expect(page.body).toContain('<optgroup label="Anaesthetic gases">');
    expect(readPage(page.body).text()).toContain('No lines yet.');
  });

  it('removes a line after asking', async () => {
    const ana = await addLearner(t, east, 'Ana Remove', { postsForms: true });
    const id = await started(ana);
    await inhalerSwitch(ana, id);
    const [line] = (await linesOf(id)).filter((candidate) => candidate.phase === 'after');
    const confirm = await ana.agent.get(`/projects/${id}/carbon/lines/${line?.id ?? ''}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(readPage(confirm.body).title()).toContain('Remove “Dry-powder inhaler');
    expect(await linesOf(id)).toHaveLength(2);
    const removed = await ana.agent.post(`/projects/${id}/carbon/lines/${line?.id ?? ''}/remove`);
    expect(removed.statusCode).toBe(302);
    expect((await linesOf(id)).map((remaining) => remaining.phase)).toEqual(['before']);
    const page = readPage((await ana.agent.get(`/projects/${id}/carbon`)).body);
    expect(page.text()).toContain('A saving of 2,500 kgCO2e a year');
    expect(page.text()).toContain('No lines after the change yet.');
  });
});

describe('who may see and change a carbon account', () => {
  it('is the team, the region’s fellows and programme team; for everyone else it does not exist', async () => {
    const ana = await addLearner(t, east, 'Ana Access', { postsForms: true });
    const id = await started(ana);
    await inhalerSwitch(ana, id);
    const [line] = await linesOf(id);
    const lineId = line?.id ?? '';
    const paths = [`/projects/${id}/carbon`, `/projects/${id}/carbon/impact`];
    const editPaths = [`/projects/${id}/carbon/lines/${lineId}/remove`];

    for (const who of [
      await addLearner(t, east, 'Other Carbon Learner', { postsForms: true }),
      await signedIn(t, 'educational_supervisor', east, { postsForms: true }),
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_admin', london, { postsForms: true }),
    ]) {
      for (const path of [...paths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(404);
      const post = await who.agent.post(`/projects/${id}/carbon/lines`, {
        phase: 'after',
        factorId: await factorId('inhaler-dry-powder', 2024),
        quantity: '1',
      });
      expect(post.statusCode).toBe(404);
      expect((await who.agent.post(`/projects/${id}/carbon/lines/${lineId}/remove`)).statusCode).toBe(404);
      expect(
        (await who.agent.post(`/projects/${id}/carbon/impact`, { socialImpact: 'Taken over', revision: '1' }))
          .statusCode,
      ).toBe(404);
    }
    expect(await linesOf(id)).toHaveLength(2);

    for (const who of [
      await signedIn(t, 'educational_fellow', east),
      await signedIn(t, 'programme_admin', east),
      await signedIn(t, 'platform_admin', null),
    ]) {
      for (const path of [...paths, ...editPaths]) expect((await who.agent.get(path)).statusCode, path).toBe(200);
    }
    expect((await (await signedIn(t, 'provider_contact', east)).agent.get(paths[0] ?? '')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: paths[0] ?? '' })).statusCode).toBe(302);
  });

  it('finds a line only under its own project', async () => {
    const ana = await addLearner(t, east, 'Ana Idor Carbon', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Idor Carbon', { postsForms: true });
    const anaProject = await started(ana);
    const beaProject = await started(bea);
    await inhalerSwitch(bea, beaProject);
    const [beaLine] = await linesOf(beaProject);
    const path = `/projects/${anaProject}/carbon/lines/${beaLine?.id ?? ''}/remove`;
    expect((await ana.agent.get(path)).statusCode).toBe(404);
    expect((await ana.agent.post(path)).statusCode).toBe(404);
    expect(await linesOf(beaProject)).toHaveLength(2);
  });

  it('is read-only once the project is completed', async () => {
    const ana = await addLearner(t, east, 'Ana Closed', { postsForms: true });
    const id = await started(ana);
    await inhalerSwitch(ana, id);
    await t.db.update(changeProjects).set({ status: 'completed' }).where(eq(changeProjects.id, id));
    const page = await ana.agent.get(`/projects/${id}/carbon`);
    expect(page.statusCode).toBe(200);
    expect(readPage(page.body).text()).toContain('A saving of 2,420 kgCO2e a year');
    expect(readPage(page.body).headings()).not.toContain('Add a line');
    const post = await ana.agent.post(`/projects/${id}/carbon/lines`, {
      phase: 'after',
      factorId: await factorId('inhaler-dry-powder', 2024),
      quantity: '1',
    });
    expect(post.statusCode).toBe(404);
  });
});

describe('the triple bottom line', () => {
  it('says what is missing, then sums up the carbon, the money, the social impact and the outcome', async () => {
    const ana = await addLearner(t, east, 'Ana Impact', { postsForms: true });
    const id = await started(ana);
    const first = readPage((await ana.agent.get(`/projects/${id}/carbon/impact`)).body);
    expect(first.title()).toBe('Triple bottom line');
    expect(first.section('Sustainable value').texts('li')).toEqual([
      'the outcome for patients',
      'the environmental impact: add lines to the carbon account',
      'the social impact',
      'the financial cost a year, before and after the change',
    ]);

    await inhalerSwitch(ana, id);
    const bad = await ana.agent.post(`/projects/${id}/carbon/impact`, {
      financialBefore: 'a lot',
      financialAfter: '£1,800',
      socialImpact: 'Patients taught a new inhaler technique',
      revision: '1',
    });
    expect(bad.statusCode).toBe(400);
    expect(readPage(bad.body).errors()).toEqual([
      'Enter the cost a year before the change as a number, like 1,200 or 3.5',
    ]);
    expect(bad.body).toContain('value="a lot"');
    expect(bad.body).toContain('Patients taught a new inhaler technique');

    const saved = await ana.agent.post(`/projects/${id}/carbon/impact`, {
      financialBefore: '£3,000',
      financialAfter: '1,800',
      socialImpact: 'Patients taught a new inhaler technique',
      patientOutcome: 'Asthma control test scores held steady',
      revision: '1',
    });
    expect(saved.statusCode, saved.body.slice(0, 1500)).toBe(302);
    const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(row).toMatchObject({
      financialBeforeGbp: 3000,
      financialAfterGbp: 1800,
      socialImpact: 'Patients taught a new inhaler technique',
      patientOutcome: 'Asthma control test scores held steady',
      revision: 2,
    });
    const page = readPage((await ana.agent.get(`/projects/${id}/carbon/impact`)).body);
    const summary = page.section('Summary').text();
    expect(summary).toContain('Environmental A saving of 2,420 kgCO2e a year (96.8% less than before)');
    expect(summary).toContain('Financial A saving of £1,200 a year (£3,000 a year before, £1,800 after)');
    expect(summary).toContain('Social Patients taught a new inhaler technique');
    expect(summary).toContain('Outcome for patients Asthma control test scores held steady');
    expect(page.section('Sustainable value').text()).toContain('Every part of sustainable value is given');

    const stale = await ana.agent.post(`/projects/${id}/carbon/impact`, { socialImpact: 'Again', revision: '1' });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()[0]).toContain('Someone else changed this project');
  });

  it('refuses a social impact or outcome for patients that may identify a patient, keeping what was typed', async () => {
    const ana = await addLearner(t, east, 'Ana Outcome', { postsForms: true });
    const id = await started(ana);
    const refused = await ana.agent.post(`/projects/${id}/carbon/impact`, {
      socialImpact: 'Helped the patient with hospital number RGT1234567 back home',
      patientOutcome: 'Mrs Jones, date of birth 03/04/1951, stayed well',
      revision: '1',
    });
    expect(refused.statusCode).toBe(400);
    const page = readPage(refused.body);
    expect(page.errors()).toEqual([
      expect.stringContaining('The social impact may identify a patient: “RGT1234567”.') as string,
      expect.stringContaining('The outcome for patients may identify a patient: “03/04/1951”.') as string,
    ]);
    expect(refused.body).toContain('Helped the patient with hospital number RGT1234567 back home');
    const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(row).toMatchObject({ socialImpact: '', patientOutcome: '', revision: 1 });
  });
});

describe('the emission factor library', () => {
  it('is read by everyone on the projects pages, by year and category, with a search', async () => {
    const learner = await addLearner(t, london, 'Lib Reader');
    const page = await learner.agent.get('/projects/carbon-factors');
    expect(page.statusCode).toBe(200);
    const read = readPage(page.body);
    expect(read.title()).toBe('Emission factor library');
    expect(read.headings(2)).toEqual(expect.arrayContaining(['2025 factors', '2024 factors']));
    expect(read.texts('caption')).toEqual(expect.arrayContaining(['Travel, 2025', 'Inhalers, 2024']));
    const year = readPage((await learner.agent.get('/projects/carbon-factors?year=2025')).body);
    expect(year.headings(2)).toContain('2025 factors');
    expect(year.headings(2)).not.toContain('2024 factors');
    expect(read.links().some((link) => link.href === '/projects/carbon-factors/import')).toBe(false);

    const inhalers = readPage((await learner.agent.get('/projects/carbon-factors?year=2024&q=dry-powder')).body);
    expect(inhalers.rows()).toEqual([
      [
        'Dry-powder inhaler (e.g. Easyhaler, Accuhaler, Turbohaler)',
        'inhaler',
        '0.8',
        expect.stringContaining('NICE patient decision aid') as string,
      ],
    ]);
    expect(inhalers.text()).toContain('Inhalers, 2024');

    const none = readPage((await learner.agent.get('/projects/carbon-factors?q=unobtainium')).body);
    expect(none.text()).toContain('No factors match your search');

    const csv = await learner.agent.get('/projects/carbon-factors.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(HEADER);
    expect(csv.body).toContain('inhaler-dry-powder,inhalers,');
    expect((await (await signedIn(t, 'provider_contact', east)).agent.get('/projects/carbon-factors')).statusCode).toBe(
      403,
    );
  });

  it('offers a template that the import reads', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const template = await admin.agent.get('/projects/carbon-factors/template.csv');
    expect(template.headers['content-type']).toContain('text/csv');
    const lines = template.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(2);
  });

  it('lets the platform administrator add a new year’s factors, audited', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const form = await admin.agent.get('/projects/carbon-factors/import');
    expect(form.statusCode).toBe(200);
    const csv = [
      HEADER,
      'travel-bus-local-passenger-km,Travel,"Bus, average local bus",passenger km,0.0991,DESNZ 2031 test edition,2031',
      '',
      'inhaler-dry-powder,inhalers,Dry-powder inhaler,inhaler,0.7,NICE 2031 test edition,2031',
    ].join('\n');
    const response = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: 'factors-2031.csv',
        content: csv,
      },
    );
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
    expect(response.headers.location).toBe('/projects/carbon-factors?year=2031');
    const rows = await t.db.select().from(carbonFactors).where(eq(carbonFactors.year, 2031));
    expect(rows.map((row) => [row.key, row.category, row.kgCo2ePerUnit, row.createdBy]).sort()).toEqual([
      ['inhaler-dry-powder', 'inhalers', 0.7, admin.id],
      ['travel-bus-local-passenger-km', 'travel', 0.0991, admin.id],
    ]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'carbon_factor'), eq(auditEvents.actorUserId, admin.id)));
    expect(audit).toMatchObject({ action: 'import', summary: 'Added 2 emission factors for 2031 to the library' });
    const page = readPage((await admin.agent.get('/projects/carbon-factors?year=2031')).body);
    expect(page.rows().map((row) => row[0])).toEqual(['Bus, average local bus', 'Dry-powder inhaler']);
  });

  it('saves nothing from a file with problems, and shows each with its row', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const before = await t.db.select().from(carbonFactors);
    const csv = [
      HEADER,
      'paper-a4-ream,paper,"Paper, A4 ream",ream,2.3,Test source,2032',
      'mystery-item,gadgets,Mystery,unit,1,Test source,2032',
      'energy-natural-gas-kwh,energy,Natural gas,kWh,0.18,Test source,',
    ].join('\n');
    const response = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: 'factors.csv',
        content: csv,
      },
    );
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.title()).toBe('The spreadsheet has problems');
    expect(page.text()).toContain('No factors were added');
    expect(page.rows()).toEqual([
      ['3', 'category', expect.stringContaining('The category must be one of: Travel, Energy') as string],
      ['4', 'year', 'Enter the year of the factor, like 2025'],
    ]);
    expect(await t.db.select().from(carbonFactors)).toHaveLength(before.length);
  });

  it('refuses a key and year already in the library, so no old factor changes', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const csv = [
      HEADER,
      'inhaler-salbutamol-pmdi,inhalers,Salbutamol MDI,inhaler,99,A different figure,2024',
      'inhaler-dry-powder,inhalers,Dry-powder inhaler,inhaler,0.6,Test source,2033',
    ].join('\n');
    const response = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: 'factors.csv',
        content: csv,
      },
    );
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).rows()).toEqual([
      ['2', 'key', expect.stringContaining('inhaler-salbutamol-pmdi for 2024 is already in the library') as string],
    ]);
    const [old] = await t.db
      .select()
      .from(carbonFactors)
      .where(and(eq(carbonFactors.key, 'inhaler-salbutamol-pmdi'), eq(carbonFactors.year, 2024)));
    expect(old?.kgCo2ePerUnit).toBe(25);
    expect(await t.db.select().from(carbonFactors).where(eq(carbonFactors.year, 2033))).toHaveLength(0);
  });

  it('names a missing column once, and asks for a file', async () => {
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const response = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: 'factors.csv',
        content: 'key,category,item,unit,kgCO2e per unit,year\npaper-a4-ream,paper,Paper,ream,2.3,2034\n',
      },
    );
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).rows()).toEqual([
      ['1', 'source', expect.stringContaining('The column “source” is missing') as string],
    ]);
    const noFile = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: '',
        content: '',
      },
    );
    expect(noFile.statusCode).toBe(400);
    expect(readPage(noFile.body).errors()).toEqual(['The selected file is empty']);
  });

  it('is added to by the platform administrator only: the library is every region’s', async () => {
    const csv = `${HEADER}\npaper-a4-ream,paper,Paper,ream,2.3,Test source,2035\n`;
    for (const role of ['programme_admin', 'programme_director', 'educational_fellow'] as const) {
      const who = await signedIn(t, role, east, { postsForms: true });
      expect((await who.agent.get('/projects/carbon-factors/import')).statusCode).toBe(403);
      const response = await who.agent.upload(
        '/projects/carbon-factors/import',
        {},
        {
          field: 'file',
          filename: 'factors.csv',
          content: csv,
        },
      );
      expect(response.statusCode, role).toBe(403);
      expect(
        readPage((await who.agent.get('/projects/carbon-factors')).body)
          .links()
          .map((link) => link.href),
      ).not.toContain('/projects/carbon-factors/import');
    }
    expect(await t.db.select().from(carbonFactors).where(eq(carbonFactors.year, 2035))).toHaveLength(0);
  });
});

describe('a new year’s factors and old results', () => {
  it('leaves a project’s result as it was, and offers the new year first for new lines', async () => {
    const ana = await addLearner(t, east, 'Ana Old Result', { postsForms: true });
    const id = await started(ana);
    await inhalerSwitch(ana, id);
    const admin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const imported = await admin.agent.upload(
      '/projects/carbon-factors/import',
      {},
      {
        field: 'file',
        filename: 'factors-2036.csv',
        content: [
          HEADER,
          'inhaler-salbutamol-pmdi,inhalers,"Salbutamol pressurised metered-dose inhaler, 2036 edition",inhaler,28,Test source 2036,2036',
          'inhaler-dry-powder,inhalers,"Dry-powder inhaler, 2036 edition",inhaler,1.2,Test source 2036,2036',
        ].join('\n'),
      },
    );
    expect(imported.statusCode, imported.body.slice(0, 2000)).toBe(302);

    const page = await ana.agent.get(`/projects/${id}/carbon`);
    const read = readPage(page.body);
    expect(read.text()).toContain('A saving of 2,420 kgCO2e a year');
    expect(read.text()).toContain('Worked out with the library’s factors of 2024.');
    expect(read.section('Before the change').rows()[0]?.[3]).toBe('2,500 kgCO2e');
    expect(read.section('After the change').rows()[0]?.[3]).toBe('80 kgCO2e');

    // The new year comes first for the item; the old one is still there, named by its year.
    const newer = page.body.indexOf(
      'Salbutamol pressurised metered-dose inhaler, 2036 edition – 28 kgCO2e per inhaler (2036)',
    );
    const older = page.body.indexOf('– 25 kgCO2e per inhaler (older factor of 2024)');
    expect(newer).toBeGreaterThan(-1);
    expect(older).toBeGreaterThan(newer);

    await addLine(ana, id, { phase: 'after', key: 'inhaler-dry-powder', year: 2036, quantity: '10' });
    const mixed = readPage((await ana.agent.get(`/projects/${id}/carbon`)).body);
    expect(mixed.text()).toContain('Worked out with the library’s factors of 2024 and 2036.');
    expect(mixed.section('After the change').rows().at(-1)?.[3]).toBe('92 kgCO2e');
  });
});
