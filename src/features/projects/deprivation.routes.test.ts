import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { jobs } from '../../platform/jobs/schema.ts';
import { organisations, sites } from '../organisations/schema.ts';
import { decilesOfPostcodes, IMPORT_JOB_KIND } from './deprivation-repository.ts';
import { imdLsoas, postcodeLsoas } from './schema.ts';

// The imports replace national data, so the tests that import run one after another in this file, each saying
// what it expects loaded. Jobs run in the background (no inline wait): each test waits for them to finish.

let t: TestApp;
let east = '';
let london = '';
let admin: Person;

const INDICES = [
  'LSOA code (2021),LSOA name (2021),Local Authority District code (2024),Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
  'E01017996,Cambridge 007A,E07000008,"1,203",1',
  'E01018000,Cambridge 011C,E07000008,"29,850",9',
  'E01033579,Westminster 018D,E09000033,"5,012",2',
].join('\r\n');

const LOOKUP = [
  'pcd7,pcd8,pcds,dointr,doterm,usertype,oa21cd,lsoa21cd,msoa21cd,ladcd',
  'CB2 0QQ,CB2  0QQ,CB2 0QQ,198001,,0,E00092286,E01017996,E02003723,E07000008',
  'CB1 2JB,CB1  2JB,CB1 2JB,198001,,0,E00092001,E01018000,E02003720,E07000008',
  'CB1 9ZZ,CB1  9ZZ,CB1 9ZZ,198001,201206,0,E00092001,E01018000,E02003720,E07000008',
  'EH1 1YZ,EH1  1YZ,EH1 1YZ,198001,,0,S00088956,S01008677,S02001586,S12000036',
  'SW1A0AA,SW1A 0AA,SW1A 0AA,198001,,1,E00023938,E01033579,E02000977,E09000033',
].join('\n');

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000, jobInlineWaitMs: 0 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  admin = await signedIn(t, 'platform_admin', null, { name: 'Ada Admin', postsForms: true });
});
afterAll(async () => t.close());

const IMPORT_PAGE = /^\/projects\/deprivation\/imports\/([0-9a-f-]{36})$/;

/** Uploads a file as the admin and follows on to the import's page once the import has finished. */
async function imported(
  person: Person,
  url: string,
  file: string,
  fields: Record<string, string> = {},
): Promise<{ location: string; body: string }> {
  const response = await person.agent.upload(url, fields, { field: 'file', filename: 'file.csv', content: file });
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(302);
  const location = response.headers.location ?? '';
  expect(location).toMatch(IMPORT_PAGE);
  await t.app.jobs.idle();
  const page = await person.agent.get(location);
  expect(page.statusCode).toBe(200);
  return { location, body: page.body };
}

async function loadedCounts() {
  const [lsoas] = await t.db.select({ n: count() }).from(imdLsoas);
  const [postcodes] = await t.db.select({ n: count() }).from(postcodeLsoas);
  return { lsoas: lsoas?.n, postcodes: postcodes?.n };
}

function importsFolder(): string[] {
  const folder = path.join(t.app.config.dataDir, 'imports');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

async function addSite(regionId: string, name: string, postcode: string): Promise<void> {
  const now = t.app.clock();
  const organisationId = newId();
  await t.db.insert(organisations).values({
    id: organisationId,
    regionId,
    name: `${name} Trust`,
    kind: 'acute_trust',
    isNhs: true,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(sites).values({
    id: newId(),
    organisationId,
    name,
    addressLine1: '1 High Street',
    town: 'Town',
    postcode,
    createdAt: now,
    updatedAt: now,
  });
}

describe('importing the deprivation data', () => {
  it('shows the administrator what is loaded and the two upload forms, with the size limit', async () => {
    const response = await admin.agent.get('/projects/deprivation');
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.headings()).toContain('Deprivation data');
    expect(page.text()).toContain('Not imported yet');
    expect(response.body).toContain('action="/projects/deprivation/indices" enctype="multipart/form-data"');
    expect(response.body).toContain('action="/projects/deprivation/postcodes" enctype="multipart/form-data"');
    expect(page.text()).toContain('A CSV file of 1 GB or less');
  });

  it('imports the indices and the lookup, and says what is loaded, when and by whom', async () => {
    const indices = await imported(admin, '/projects/deprivation/indices', INDICES, { edition: '2025' });
    expect(readPage(indices.body).text()).toContain('Finished. 3 LSOAs imported.');
    const lookup = await imported(admin, '/projects/deprivation/postcodes', LOOKUP);
    expect(readPage(lookup.body).text()).toContain(
      'Finished. 3 postcodes imported; 2 rows passed over (terminated postcodes, postcodes outside England and Wales, blank rows).',
    );
    expect(await loadedCounts()).toEqual({ lsoas: 3, postcodes: 3 });
    expect(importsFolder()).toEqual([]);

    const text = readPage((await admin.agent.get('/projects/deprivation')).body).text();
    expect(text).toContain('English Indices of Deprivation 2025: 3 LSOAs');
    expect(text).toContain('3 postcodes');
    expect(text).toContain('by Ada Admin');
    expect(text).not.toContain('Not imported yet');

    const deciles = await decilesOfPostcodes(t.db, [
      'cb2 0qq',
      'CB1 2JB',
      'CB1 9ZZ',
      'EH1 1YZ',
      'not a postcode',
      'SW1A0AA',
    ]);
    expect(deciles.get('cb2 0qq')).toEqual({ lsoa: 'E01017996', name: 'Cambridge 007A', decile: 1, rank: 1203 });
    expect(deciles.get('CB1 2JB')?.decile).toBe(9);
    expect(deciles.get('SW1A0AA')?.decile).toBe(2);
    // Terminated, in Scotland, not a postcode: none has a decile.
    expect(deciles.get('CB1 9ZZ')).toBeNull();
    expect(deciles.get('EH1 1YZ')).toBeNull();
    expect(deciles.get('not a postcode')).toBeNull();
  });

  it('replaces nothing when a file lacks a column, and shows the problem', async () => {
    await imported(admin, '/projects/deprivation/indices', INDICES, { edition: '2025' });
    const before = await loadedCounts();
    const noDecile = INDICES.split('\r\n')
      .map((line) => line.replace(/,[^,]*$/, ''))
      .join('\n');
    const { body } = await imported(admin, '/projects/deprivation/indices', noDecile, { edition: '2025' });
    const page = readPage(body);
    expect(page.text()).toContain('The import did not finish');
    expect(page.text()).toContain('Nothing was replaced');
    expect(page.text()).toContain('Row 1: The file has no column for the IMD decile');
    expect(await loadedCounts()).toEqual(before);
    const [kept] = await t.db.select().from(imdLsoas).where(eq(imdLsoas.lsoaCode, 'E01017996'));
    expect(kept?.decile).toBe(1);
    expect(importsFolder()).toEqual([]);
  });

  it('lists the rows with problems by their row numbers, and keeps the lookup loaded', async () => {
    await imported(admin, '/projects/deprivation/indices', INDICES, { edition: '2025' });
    await imported(admin, '/projects/deprivation/postcodes', LOOKUP);
    const bad = [
      LOOKUP,
      'XX,XX,not-a-postcode,198001,,0,E00092001,E01018000,E02003720,E07000008',
      'B1 1AA,B1  1AA,B1 1AA,198001,,0,E00092001,E01-bad,E02003720,E07000008',
    ].join('\n');
    const { body } = await imported(admin, '/projects/deprivation/postcodes', bad);
    const text = readPage(body).text();
    expect(text).toContain('The file has 2 problems');
    expect(text).toContain('Row 7: "not-a-postcode" is not a UK postcode');
    expect(text).toContain('Row 8: "E01-BAD", the LSOA of B1 1AA, is not an LSOA code');
    expect((await loadedCounts()).postcodes).toBe(3);
  });

  it('refuses a file of the wrong edition, and asks for the file and the edition', async () => {
    const missing = await admin.agent.upload(
      '/projects/deprivation/indices',
      {},
      { field: 'file', filename: '', content: '' },
    );
    expect(missing.statusCode).toBe(400);
    const errors = readPage(missing.body).errors();
    expect(errors).toContain('Select the edition of the indices');
    expect(errors).toContain('Select a CSV file');

    const of2011 = INDICES.replace('LSOA code (2021)', 'LSOA code (2011)');
    const { body } = await imported(admin, '/projects/deprivation/indices', of2011, { edition: '2025' });
    expect(readPage(body).text()).toContain(
      'LSOA codes are of 2011, but the English Indices of Deprivation 2025 uses LSOAs of 2021',
    );
  });

  it('shows an import’s progress on a page that refreshes itself until the import ends', async () => {
    const id = newId();
    await t.db.insert(jobs).values({
      id,
      kind: IMPORT_JOB_KIND.postcodes,
      title: 'Importing the postcode lookup',
      status: 'running',
      stepsDone: 50,
      stepsTotal: 200,
      message: '675,000 rows read',
      ownerUserId: admin.id,
      regionId: null,
      createdAt: t.app.clock(),
    });
    const response = await admin.agent.get(`/projects/deprivation/imports/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers.refresh).toBe('2');
    const text = readPage(response.body).text();
    expect(text).toContain('25% of the file read');
    expect(text).toContain('675,000 rows read');
    // Another import of the same file is not started while this one runs.
    const again = await admin.agent.upload(
      '/projects/deprivation/postcodes',
      {},
      { field: 'file', filename: 'l.csv', content: LOOKUP },
    );
    expect(again.headers.location).toBe(`/projects/deprivation/imports/${id}`);
    await t.db.update(jobs).set({ status: 'failed', error: 'Stopped' }).where(eq(jobs.id, id));
    const ended = await admin.agent.get(`/projects/deprivation/imports/${id}`);
    expect(ended.headers.refresh).toBeUndefined();
    // Another administrator's import is not theirs to see.
    const other = await signedIn(t, 'platform_admin', null);
    expect((await other.agent.get(`/projects/deprivation/imports/${id}`)).statusCode).toBe(404);
  });
});

describe('who may import', () => {
  it('refuses the import pages to a programme administrator, and writes nothing they upload', async () => {
    const programmeAdmin = await signedIn(t, 'programme_admin', east, { postsForms: true });
    const before = await loadedCounts();
    expect((await programmeAdmin.agent.get('/projects/deprivation')).statusCode).toBe(403);
    const upload = await programmeAdmin.agent.upload(
      '/projects/deprivation/indices',
      { edition: '2025' },
      { field: 'file', filename: 'file.csv', content: INDICES.replace(',1\r\n', ',5\r\n') },
    );
    expect(upload.statusCode).toBe(403);
    expect(importsFolder()).toEqual([]);
    expect(await loadedCounts()).toEqual(before);
    const fellow = await signedIn(t, 'educational_fellow', east);
    expect((await fellow.agent.get(`/projects/deprivation/imports/${newId()}`)).statusCode).toBe(403);
  });

  it('requires the form’s token on an upload', async () => {
    await imported(admin, '/projects/deprivation/indices', INDICES, { edition: '2025' });
    const boundary = '----breadthtest';
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="edition"\r\n\r\n2025\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      INDICES.replace(',1\r\n', ',5\r\n'),
      `\r\n--${boundary}--\r\n`,
    ].join('');
    const response = await t.app.inject({
      method: 'POST',
      url: '/projects/deprivation/indices',
      headers: {
        cookie: admin.agent.cookieHeader(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        accept: 'text/html',
      },
      payload,
    });
    expect(response.statusCode).toBe(403);
    await t.app.jobs.idle();
    const [kept] = await t.db.select().from(imdLsoas).where(eq(imdLsoas.lsoaCode, 'E01017996'));
    expect(kept?.decile).toBe(1);
    expect(importsFolder()).toEqual([]);
  });
});

describe('the deprivation of sites', () => {
  it('shows the programme team and fellows each site of their region with its decile, Core20 marked', async () => {
    await imported(admin, '/projects/deprivation/indices', INDICES, { edition: '2025' });
    await imported(admin, '/projects/deprivation/postcodes', LOOKUP);
    await addSite(east, 'Riverside Surgery', 'cb20qq');
    await addSite(east, 'Hills Road Clinic', 'CB1 2JB');
    await addSite(east, 'Marsh Lane Health Centre', 'PE1 1AA');
    await addSite(london, 'Whitehall Practice', 'SW1A 0AA');
    for (const role of ['programme_admin', 'educational_fellow'] as const) {
      const person = await signedIn(t, role, east);
      const response = await person.agent.get('/projects/deprivation/sites');
      expect(response.statusCode).toBe(200);
      const page = readPage(response.body);
      const rows = page.rows().map((row) => row.join(' | '));
      expect(rows.find((row) => row.includes('Riverside Surgery'))).toMatch(
        /CB2 0QQ \| Cambridge 007A \(E01017996\) \| 1 \(most deprived 10%\) Core20/,
      );
      expect(rows.find((row) => row.includes('Hills Road Clinic'))).toMatch(/9 \(second least deprived 10%\)$/);
      expect(rows.find((row) => row.includes('Marsh Lane'))).toMatch(/Not found \| Not known/);
      expect(rows.join()).not.toContain('Whitehall');
    }
    const learner = await signedIn(t, 'learner', east);
    expect((await learner.agent.get('/projects/deprivation/sites')).statusCode).toBe(403);
  });
});
