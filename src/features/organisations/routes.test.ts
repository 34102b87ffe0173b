import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { CSV_COLUMNS } from './domain/csv.ts';
import type { OrganisationKind } from './domain/organisation.ts';
import { organisations, sites } from './schema.ts';

let t: TestApp;
let eastId: string;
let londonId: string;

async function signedIn(role: Role, region: string | null = 'east-of-england'): Promise<Agent> {
  const user = await createUser(t.db, { role, regionId: region === null ? null : (t.regionIds[region] ?? null) });
  const agent = new Agent(t.app);
  // A form token from the sign-in page, as a browser would have, so that refused posts fail on access, not CSRF.
  await agent.csrfToken();
  return agent.signInAs(user.id);
}

async function addOrganisation(
  regionId: string,
  name: string,
  options: { kind?: OrganisationKind; isNhs?: boolean; odsCode?: string; archived?: boolean } = {},
): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(organisations).values({
    id,
    regionId,
    name,
    kind: options.kind ?? 'acute_trust',
    isNhs: options.isNhs ?? true,
    isPlacementProvider: true,
    odsCode: options.odsCode ?? null,
    archivedAt: options.archived === true ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function addSite(organisationId: string, name: string): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(sites).values({
    id,
    organisationId,
    name,
    addressLine1: '1 Hills Road',
    town: 'Cambridge',
    postcode: 'CB2 0QQ',
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function findByName(name: string) {
  const [row] = await t.db.select().from(organisations).where(eq(organisations.name, name));
  return row;
}

const validOrganisation = {
  name: 'Fenland Lantern Hospice',
  kind: 'hospice',
  isNhs: 'no',
  isPlacementProvider: 'yes',
  odsCode: '',
  website: 'www.lantern.example.org',
};

// Each test makes the organisations it changes, with names no other test uses; the tests of a block that share its
// records (another region's trust, the South West's list) only read them, and each test that reads a region's whole
// list or export has that region to itself. No test reads what another wrote; they pass alone and in any order.

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  eastId = t.regionIds['east-of-england'] ?? '';
  londonId = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

describe('who may use the organisation pages', () => {
  it('sends an anonymous visitor to sign in', async () => {
    const response = await new Agent(t.app).get('/organisations');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/auth/sign-in?returnTo=%2Forganisations');
  });

  it.each(['learner', 'educational_supervisor', 'clinical_supervisor'] as const)(
    'refuses a %s with 403, reading and writing',
    async (role) => {
      const agent = await signedIn(role);
      const name = `Refused for a ${role}`;
      expect((await agent.get('/organisations')).statusCode).toBe(403);
      expect((await agent.get('/organisations/export.csv')).statusCode).toBe(403);
      expect((await agent.post('/organisations/new', { ...validOrganisation, name })).statusCode).toBe(403);
      expect(await findByName(name)).toBeUndefined();
    },
  );

  it('shows the navigation item to programme staff only', async () => {
    expect((await (await signedIn('programme_director')).get('/')).body).toContain('href="/organisations"');
    expect((await (await signedIn('learner')).get('/')).body).not.toContain('href="/organisations"');
  });

  it('refuses a form sent without its CSRF token', async () => {
    const agent = await signedIn('programme_admin');
    const response = await agent.post(
      '/organisations/new',
      { ...validOrganisation, name: 'No token' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(await findByName('No token')).toBeUndefined();
  });
});

describe('records in another region (no insecure direct object references)', () => {
  let londonOrganisation: string;
  let londonSite: string;
  let agent: Agent;
  beforeAll(async () => {
    londonOrganisation = await addOrganisation(londonId, "Guy's and St Thomas' NHS Foundation Trust");
    londonSite = await addSite(londonOrganisation, "St Thomas' Hospital");
    agent = await signedIn('programme_admin');
  });

  it('answers 404 for the page, the edit form and the archive confirmation', async () => {
    for (const path of ['', '/edit', '/archive', '/sites/new']) {
      expect((await agent.get(`/organisations/${londonOrganisation}${path}`)).statusCode).toBe(404);
    }
    expect((await agent.get(`/sites/${londonSite}/edit`)).statusCode).toBe(404);
    expect((await agent.get(`/sites/${londonSite}/archive`)).statusCode).toBe(404);
  });

  it('answers 404 to posts and changes nothing', async () => {
    await agent.get('/organisations');
    expect((await agent.post(`/organisations/${londonOrganisation}/archive`)).statusCode).toBe(404);
    expect(
      (await agent.post(`/organisations/${londonOrganisation}/edit`, { ...validOrganisation, name: 'Taken over' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await agent.post(`/organisations/${londonOrganisation}/sites/new`, {
          name: 'Sneaky',
          addressLine1: '1 Road',
          town: 'London',
          postcode: 'SE1 7EH',
        })
      ).statusCode,
    ).toBe(404);
    expect((await agent.post(`/sites/${londonSite}/archive`)).statusCode).toBe(404);
    const [organisation] = await t.db.select().from(organisations).where(eq(organisations.id, londonOrganisation));
    expect(organisation?.archivedAt).toBeNull();
    expect(organisation?.name).toBe("Guy's and St Thomas' NHS Foundation Trust");
    expect(await t.db.select().from(sites).where(eq(sites.organisationId, londonOrganisation))).toHaveLength(1);
  });

  it('leaves it out of the list, the search and the export', async () => {
    expect((await agent.get('/organisations')).body).not.toContain('Thomas');
    expect((await agent.get('/organisations?q=Thomas')).body).toContain('No organisations match your search');
    expect((await agent.get('/organisations/export.csv')).body).not.toContain('Thomas');
  });

  it('answers 404 for an id that is not a UUID or does not exist', async () => {
    expect((await agent.get('/organisations/123')).statusCode).toBe(404);
    expect((await agent.get(`/organisations/${newId()}`)).statusCode).toBe(404);
  });

  it('lets a platform administrator see every region, with a region filter', async () => {
    const admin = await signedIn('platform_admin', null);
    const list = await admin.get('/organisations');
    expect(list.body).toContain('Thomas');
    expect(list.body).toContain('name="regionId"');
    expect((await admin.get(`/organisations?regionId=${eastId}`)).body).not.toContain('Thomas');
    expect((await admin.get(`/organisations/${londonOrganisation}`)).statusCode).toBe(200);
  });
});

describe('adding and changing an organisation', () => {
  it('shows the errors, in the NHS style, and keeps what was typed', async () => {
    const agent = await signedIn('programme_admin');
    const form = await agent.get('/organisations/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Organisation name');
    expect(form.body).not.toContain('name="regionId"');
    const response = await agent.post('/organisations/new', {
      name: 'Half-filled Hospice',
      isNhs: 'no',
      website: 'not a website',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('href="#kind"');
    expect(response.body).toContain('Select the kind of organisation');
    expect(response.body).toContain('Enter a website address in the correct format');
    expect(response.body).toContain('value="Half-filled Hospice"');
    expect(response.body).toMatch(/value="no"\s+checked/);
    expect(response.body).toContain('<title>Error: ');
  });

  it('adds an organisation in the programme admin’s own region and audits it', async () => {
    const agent = await signedIn('programme_admin');
    await agent.get('/organisations/new');
    const response = await agent.post('/organisations/new', validOrganisation);
    expect(response.statusCode).toBe(302);
    const saved = await findByName('Fenland Lantern Hospice');
    expect(saved).toMatchObject({
      regionId: eastId,
      kind: 'hospice',
      isNhs: false,
      website: 'https://www.lantern.example.org',
    });
    expect(response.headers.location).toBe(`/organisations/${saved?.id ?? ''}`);
    const page = await agent.get(response.headers.location ?? '');
    expect(page.body).toContain('Fenland Lantern Hospice has been added.');
    expect(page.body).toContain('has no sites yet');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, saved?.id ?? ''), eq(auditEvents.action, 'create')));
    expect(event?.after).toMatchObject({ name: 'Fenland Lantern Hospice', kind: 'hospice', regionId: eastId });
  });

  it('refuses a name already used in the region, whatever its case', async () => {
    const agent = await signedIn('programme_director');
    await addOrganisation(eastId, 'Brecklands Family Practice', { kind: 'general_practice' });
    await agent.get('/organisations/new');
    const response = await agent.post('/organisations/new', {
      ...validOrganisation,
      name: '  brecklands family  practice ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is already an organisation called');
    expect(response.body).toContain('href="#name"');
  });

  it('asks a platform administrator for the region, then adds it there', async () => {
    const admin = await signedIn('platform_admin', null);
    const form = await admin.get('/organisations/new');
    expect(form.body).toContain('name="regionId"');
    const missing = await admin.post('/organisations/new', { ...validOrganisation, name: 'Thames Hospice' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the region');
    expect(missing.body).toContain('value="Thames Hospice"');
    const response = await admin.post('/organisations/new', {
      ...validOrganisation,
      name: 'Thames Hospice',
      regionId: londonId,
    });
    expect(response.statusCode).toBe(302);
    expect((await findByName('Thames Hospice'))?.regionId).toBe(londonId);
  });

  it('ignores a region chosen by someone who cannot act in it', async () => {
    const agent = await signedIn('programme_admin');
    await agent.get('/organisations/new');
    const response = await agent.post('/organisations/new', {
      ...validOrganisation,
      name: 'Smuggled Hospice',
      regionId: londonId,
    });
    expect(response.statusCode).toBe(400);
    expect(await findByName('Smuggled Hospice')).toBeUndefined();
  });

  it('changes an organisation, auditing only what changed', async () => {
    const agent = await signedIn('programme_admin');
    const id = await addOrganisation(eastId, 'West Suffolk NHS Foundation Trust', { odsCode: 'RGR' });
    const form = await agent.get(`/organisations/${id}/edit`);
    expect(form.body).toContain('value="West Suffolk NHS Foundation Trust"');
    expect(form.body).toContain('value="RGR"');
    const bad = await agent.post(`/organisations/${id}/edit`, { ...validOrganisation, name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the organisation name');
    const response = await agent.post(`/organisations/${id}/edit`, {
      name: 'West Suffolk NHS Foundation Trust',
      kind: 'acute_trust',
      isNhs: 'yes',
      isPlacementProvider: 'yes',
      odsCode: 'rgr',
      website: 'https://www.wsh.nhs.uk',
    });
    expect(response.statusCode).toBe(302);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'update')));
    expect(event?.before).toEqual({ website: null });
    expect(event?.after).toEqual({ website: 'https://www.wsh.nhs.uk' });
  });

  it('archives after confirmation, then restores', async () => {
    const agent = await signedIn('programme_admin');
    const id = await addOrganisation(eastId, 'Closing Community Trust', { kind: 'community_trust' });
    const confirm = await agent.get(`/organisations/${id}/archive`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to archive Closing Community Trust?');
    expect((await findByName('Closing Community Trust'))?.archivedAt).toBeNull();
    expect((await agent.post(`/organisations/${id}/archive`)).statusCode).toBe(302);
    expect((await findByName('Closing Community Trust'))?.archivedAt).not.toBeNull();
    expect((await agent.get('/organisations?q=Closing')).body).toContain('No organisations match');
    expect((await agent.get('/organisations?q=Closing&archived=yes')).body).toContain('Archived');
    expect((await agent.get(`/organisations/${id}/restore`)).body).toContain('Are you sure you want to restore');
    expect((await agent.post(`/organisations/${id}/restore`)).statusCode).toBe(302);
    expect((await findByName('Closing Community Trust'))?.archivedAt).toBeNull();
    const actions = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(actions.map((event) => event.action).sort()).toEqual(['archive', 'restore']);
  });
});

describe('sites', () => {
  it('adds a site with a postcode in its standard form, keeping what was typed on error', async () => {
    const agent = await signedIn('programme_admin');
    const id = await addOrganisation(eastId, 'Cambridge University Hospitals NHS Foundation Trust');
    await agent.get(`/organisations/${id}/sites/new`);
    const bad = await agent.post(`/organisations/${id}/sites/new`, {
      name: "Addenbrooke's Hospital",
      addressLine1: 'Hills Road',
      town: 'Cambridge',
      postcode: 'CB2 0',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a full UK postcode, like CB2 0QQ');
    expect(bad.body).toContain('value="CB2 0"');
    expect(bad.body).toContain('value="Addenbrooke&#39;s Hospital"');
    const good = await agent.post(`/organisations/${id}/sites/new`, {
      name: "Addenbrooke's Hospital",
      addressLine1: 'Hills Road',
      town: 'Cambridge',
      postcode: 'cb20qq',
    });
    expect(good.statusCode).toBe(302);
    const page = await agent.get(`/organisations/${id}`);
    expect(page.body).toContain('CB2 0QQ');
    const [site] = await t.db.select().from(sites).where(eq(sites.organisationId, id));
    expect(site?.postcode).toBe('CB2 0QQ');

    const edit = await agent.post(`/sites/${site?.id ?? ''}/edit`, {
      name: "Addenbrooke's Hospital",
      addressLine1: 'Hills Road',
      addressLine2: 'Cambridge Biomedical Campus',
      town: 'Cambridge',
      postcode: 'CB2 0QQ',
    });
    expect(edit.statusCode).toBe(302);
    expect((await agent.get(`/sites/${site?.id ?? ''}/archive`)).body).toContain('Are you sure');
    expect((await agent.post(`/sites/${site?.id ?? ''}/archive`)).statusCode).toBe(302);
    const [archived] = await t.db
      .select()
      .from(sites)
      .where(eq(sites.id, site?.id ?? ''));
    expect(archived).toMatchObject({ addressLine2: 'Cambridge Biomedical Campus' });
    expect(archived?.archivedAt).not.toBeNull();
  });
});

describe('the list', () => {
  let agent: Agent;
  beforeAll(async () => {
    // The South West is kept for this block, so that counts are exact.
    const southWest = t.regionIds['south-west'] ?? '';
    for (let i = 1; i <= 27; i++) {
      await addOrganisation(southWest, `Practice ${String(i).padStart(2, '0')}`, {
        kind: 'general_practice',
        odsCode: `L8${String(1000 + i)}`,
      });
    }
    await addOrganisation(southWest, 'Moorland Hospice', { kind: 'hospice', isNhs: false });
    await addOrganisation(southWest, 'Old Cottage Hospital', { archived: true });
    agent = await signedIn('programme_director', 'south-west');
  });

  it('pages through the organisations, 25 at a time', async () => {
    const first = await agent.get('/organisations');
    expect(first.body).toContain('28 organisations, page 1 of 2');
    expect(first.body).toContain('Moorland Hospice');
    expect(first.body).not.toContain('Practice 25');
    expect(first.body).toContain('href="/organisations?page=2"');
    expect(first.body).not.toContain('Old Cottage Hospital');
    const second = await agent.get('/organisations?page=2');
    expect(second.body).toContain('Practice 25');
    expect(second.body).toContain('Practice 27');
  });

  it('searches by name and ODS code and filters by kind and NHS, keeping filters on page links', async () => {
    expect((await agent.get('/organisations?q=moorland')).body).toContain('1 organisation');
    expect((await agent.get('/organisations?q=l81003')).body).toContain('Practice 03');
    const nonNhs = await agent.get('/organisations?nhs=no');
    expect(nonNhs.body).toContain('Moorland Hospice');
    expect(nonNhs.body).not.toContain('Practice 01');
    const practices = await agent.get('/organisations?kind=general_practice');
    expect(practices.body).toContain('27 organisations');
    expect(practices.body).toContain('href="/organisations?kind=general_practice&amp;page=2"');
    expect((await agent.get('/organisations?q=%25')).body).toContain('No organisations match');
    expect((await agent.get('/organisations?archived=yes')).body).toContain('Old Cottage Hospital');
  });

  it('says what to do next when the region has no organisations', async () => {
    const empty = await signedIn('programme_admin', 'north-west');
    const page = await empty.get('/organisations');
    expect(page.body).toContain('There are no organisations yet');
    expect(page.body).toContain('href="/organisations/import"');
  });
});

describe('CSV import and export', () => {
  const header = CSV_COLUMNS.join(',');
  let agent: Agent;
  beforeAll(async () => {
    agent = await signedIn('programme_admin', 'midlands');
  });

  it('offers the upload form and a template', async () => {
    const form = await agent.get('/organisations/import');
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('href="/organisations/import/template.csv"');
    const template = await agent.get('/organisations/import/template.csv');
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.body.split('\n')[0]).toBe(header);
  });

  it('imports every row in one go and says what was added', async () => {
    await agent.get('/organisations/import');
    const csv = [
      header,
      'Derby Road Surgery,general_practice,yes,yes,,,Derby Road Surgery,12 Derby Road,,Nottingham,ng7 1aa',
      'Derby Road Surgery,,,,,,Branch,3 Lenton Boulevard,,Nottingham,NG7 2BY',
      'Trent Carers,charity,no,no,,www.trentcarers.example.org,,,,,',
    ].join('\r\n');
    const response = await agent.upload(
      '/organisations/import',
      {},
      { field: 'file', filename: 'orgs.csv', content: csv },
    );
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/organisations');
    const list = await agent.get('/organisations');
    expect(list.body).toContain('Imported 2 organisations and 2 sites into Midlands.');
    expect(list.body).toContain('Trent Carers');
    const surgery = await findByName('Derby Road Surgery');
    expect(surgery?.regionId).toBe(t.regionIds.midlands);
    expect(
      await t.db
        .select()
        .from(sites)
        .where(eq(sites.organisationId, surgery?.id ?? '')),
    ).toHaveLength(2);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'import'), eq(auditEvents.regionId, t.regionIds.midlands ?? '')));
    expect(event?.after).toMatchObject({ organisations: ['Derby Road Surgery', 'Trent Carers'] });
  });

  it('reports each problem by row and column and saves nothing', async () => {
    await agent.get('/organisations/import');
    const csv = [
      header,
      'Good Practice,general_practice,yes,yes,,,Good Practice,1 Road,,Leicester,LE1 1AA',
      'Bad Practice,surgery,perhaps,yes,,,Bad site,2 Road,,Leicester,LE1',
    ].join('\n');
    const response = await agent.upload(
      '/organisations/import',
      {},
      { field: 'file', filename: 'orgs.csv', content: csv },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Nothing has been imported');
    expect(response.body).toMatch(/>3<\/td>[\s\S]*?site_postcode[\s\S]*?Enter a full UK postcode/);
    expect(response.body).toContain('Kind must be one of');
    expect(await findByName('Good Practice')).toBeUndefined();
  });

  it('asks for a file when none is chosen', async () => {
    await agent.get('/organisations/import');
    const response = await agent.upload('/organisations/import', {}, { field: 'file', filename: '', content: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#file"');
  });

  it('exports the organisations and sites the person may see, guarding against formulae', async () => {
    // A region of its own, whose whole export the test reads, and an organisation of another region.
    const region = t.regionIds['north-east-and-yorkshire'] ?? '';
    await addSite(await addOrganisation(region, 'Ripon Road Surgery', { kind: 'general_practice' }), 'Ripon Road');
    await addOrganisation(region, '=cmd|calc', { kind: 'other', isNhs: false });
    await addOrganisation(londonId, 'Elsewhere Hospice', { kind: 'hospice', isNhs: false });
    const response = await (
      await signedIn('programme_admin', 'north-east-and-yorkshire')
    ).get('/organisations/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('attachment');
    const records = parse(response.body, { bom: true });
    expect(records[0]).toEqual([...CSV_COLUMNS, 'region']);
    const names = records.slice(1).map((record) => record[0]);
    expect(names).toContain('Ripon Road Surgery');
    expect(names).toContain("'=cmd|calc");
    expect(names).not.toContain('Elsewhere Hospice');
    expect(records.slice(1).every((record) => record[11] === 'North East and Yorkshire')).toBe(true);
  });

  it('lets a platform administrator import into a chosen region only', async () => {
    const admin = await signedIn('platform_admin', null);
    await admin.get('/organisations/import');
    const csv = `${header}\nSolent Hospice,hospice,no,yes,,,,,,,\n`;
    const missing = await admin.upload('/organisations/import', {}, { field: 'file', filename: 'a.csv', content: csv });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the region');
    const southEast = t.regionIds['south-east'] ?? '';
    const done = await admin.upload(
      '/organisations/import',
      { regionId: southEast },
      { field: 'file', filename: 'a.csv', content: csv },
    );
    expect(done.statusCode).toBe(302);
    expect((await findByName('Solent Hospice'))?.regionId).toBe(southEast);
  });
});
