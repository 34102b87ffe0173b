import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { organisations, sites } from '../organisations/schema.ts';
import { CSV_COLUMNS } from './domain/csv.ts';
import { placements, postAssignments, posts, programmeYears } from './schema.ts';

let t: TestApp;
let eastId: string;
let londonId: string;
let yearId: string;
let copyYearId: string;
let londonYearId: string;

const HEADER = CSV_COLUMNS.join(',');
const CUH = 'Cambridge University Hospitals NHS Foundation Trust';
const GP = 'Granta Vale Medical Practice';
const GSTT = "Guy's and St Thomas' NHS Foundation Trust";

async function signedIn(role: Role, region: string | null = 'east-of-england'): Promise<Agent> {
  const user = await createUser(t.db, { role, regionId: region === null ? null : (t.regionIds[region] ?? null) });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  return agent.signInAs(user.id);
}

async function addOrganisation(regionId: string, name: string): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(organisations).values({
    id,
    regionId,
    name,
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function addYear(regionId: string, name: string): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db
    .insert(programmeYears)
    .values({ id, regionId, name, startsOn: '2026-08-01', endsOn: '2027-07-31', createdAt: now, updatedAt: now });
  return id;
}

async function postsOf(year: string) {
  return t.db.select().from(posts).where(eq(posts.programmeYearId, year));
}

function upload(agent: Agent, year: string, lines: string[]) {
  return agent.upload(
    '/posts/import',
    { programmeYearId: year },
    { field: 'file', filename: 'posts.csv', content: [HEADER, ...lines].join('\r\n') },
  );
}

const GOOD = [
  `EOE-GEN-01,Generalism F2: acute medicine with general practice,${CUH},1,${CUH},Addenbrooke's Hospital,acute_hospital,Acute medicine,2026-08-01,2027-01-31,10,tom.brennan@example.nhs.uk`,
  `EOE-GEN-01,,,,${GP},,general_practice,General practice,01/02/2027,31/07/2027,8,`,
  `EOE-GEN-01,,,,${GP},,Community,Frailty,01/02/2027,31/07/2027,2,`,
  `EOE-GEN-02,"Generalism F2: hospital, to finish",${CUH},2,${CUH},,acute_hospital,=Care of older people,2026-08-01,2027-03-31,10,`,
];

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  eastId = t.regionIds['east-of-england'] ?? '';
  londonId = t.regionIds.london ?? '';
  const trustId = await addOrganisation(eastId, CUH);
  await addOrganisation(eastId, GP);
  await addOrganisation(londonId, GSTT);
  const now = t.app.clock();
  await t.db.insert(sites).values({
    id: newId(),
    organisationId: trustId,
    name: "Addenbrooke's Hospital",
    addressLine1: 'Hills Road',
    town: 'Cambridge',
    postcode: 'CB2 0QQ',
    createdAt: now,
    updatedAt: now,
  });
  await createUser(t.db, {
    role: 'clinical_supervisor',
    regionId: eastId,
    displayName: 'Dr Tom Brennan',
    email: 'tom.brennan@example.nhs.uk',
  });
  await createUser(t.db, {
    role: 'clinical_supervisor',
    regionId: londonId,
    displayName: 'Dr London',
    email: 'london.supervisor@example.nhs.uk',
  });
  yearId = await addYear(eastId, 'F2 2026/27');
  copyYearId = await addYear(eastId, 'F2 2026/27 second intake');
  londonYearId = await addYear(londonId, 'F2 London 2026/27');
});
afterAll(async () => t.close());

describe('importing posts and placements', () => {
  let agent: Agent;
  beforeAll(async () => {
    agent = await signedIn('programme_admin');
  });

  it('offers the upload form with a programme year choice, a template and export links', async () => {
    const form = await agent.get('/posts/import');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('href="/posts/import/template.csv"');
    expect(form.body).toContain('name="programmeYearId"');
    expect(form.body).toContain('F2 2026/27 second intake');
    expect(form.body).not.toContain('F2 London');
    expect(form.body).toContain(`href="/posts/export.csv?year=${yearId}"`);
    const template = await agent.get('/posts/import/template.csv');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toContain('text/csv');
    expect(template.headers['content-disposition']).toContain('attachment');
    expect(template.body.split('\n')[0]).toBe(HEADER);
    expect((await agent.get('/posts')).body).toContain('href="/posts/import"');
  });

  it('asks for a programme year and a file', async () => {
    await agent.get('/posts/import');
    const response = await agent.upload('/posts/import', {}, { field: 'file', filename: '', content: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#programmeYearId"');
    expect(response.body).toContain('Select the programme year to import into');
    expect(response.body).toContain('href="#file"');
  });

  it('reports each problem by row and column and saves nothing', async () => {
    await agent.get('/posts/import');
    const response = await upload(agent, yearId, [
      ...GOOD.slice(0, 3),
      `EOE-GEN-03,Bad,${CUH},1,${CUH},,hospital,Acute medicine,2026-07-01,2027-01-31,12,`,
      `EOE-GEN-01,Another title,${CUH},1,,,,,,,,`,
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Nothing has been imported');
    expect(response.body).toMatch(/>5<\/td>[\s\S]*?setting[\s\S]*?Setting must be one of/);
    expect(response.body).toContain(
      'This placement must start within the programme year, 1 August 2026 to 31 July 2027',
    );
    expect(response.body).toContain('Sessions a week must be a whole number from 1 to 10');
    expect(response.body).toMatch(
      />6<\/td>[\s\S]*?post_title[\s\S]*?is in row 2 of this file with a different post title/,
    );
    expect(await postsOf(yearId)).toHaveLength(0);
  });

  it("refuses another region's organisations and supervisors by name", async () => {
    await agent.get('/posts/import');
    const response = await upload(agent, yearId, [
      `EOE-GEN-04,Sneaky,${GSTT},1,${GSTT},,acute_hospital,Acute medicine,2026-08-01,2027-07-31,10,london.supervisor@example.nhs.uk`,
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      'There is no organisation called Guy&#39;s and St Thomas&#39; NHS Foundation Trust in East of England',
    );
    expect(response.body).toContain(
      'No clinical or educational supervisor in East of England has the email london.supervisor@example.nhs.uk',
    );
    expect(await postsOf(yearId)).toHaveLength(0);
  });

  it('imports every row in one go, audits it and lists unfinished rotations as warnings', async () => {
    await agent.get('/posts/import');
    const response = await upload(agent, yearId, GOOD);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Imported 2 posts and 4 placements into F2 2026/27.');
    expect(response.body).toContain('Rotations to finish');
    expect(response.body).toContain('No placement covers 1 April 2027 to 31 July 2027');
    expect(response.body).toContain('Generalism posts span at least two settings');
    const created = await postsOf(yearId);
    expect(created.map((post) => [post.code, post.capacity]).sort()).toEqual([
      ['EOE-GEN-01', 1],
      ['EOE-GEN-02', 2],
    ]);
    const first = created.find((post) => post.code === 'EOE-GEN-01');
    expect(response.body).toContain(`href="/posts/${first?.id ?? ''}"`);
    const rows = await t.db
      .select()
      .from(placements)
      .where(
        inArray(
          placements.postId,
          created.map((post) => post.id),
        ),
      );
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.specialty === 'Acute medicine')).toMatchObject({
      startsOn: '2026-08-01',
      endsOn: '2027-01-31',
      sessionsPerWeek: 10,
    });
    expect(rows.find((row) => row.specialty === 'Acute medicine')?.clinicalSupervisorUserId).not.toBeNull();
    expect(rows.find((row) => row.setting === 'community')?.startsOn).toBe('2027-02-01');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.regionId, eastId));
    expect(events.filter((event) => event.action === 'create' && event.entityType === 'post')).toHaveLength(2);
    expect(events.filter((event) => event.action === 'create' && event.entityType === 'placement')).toHaveLength(4);
    const imports = events.filter((event) => event.action === 'import');
    expect(imports).toHaveLength(1);
    expect(imports[0]?.after).toMatchObject({ posts: ['EOE-GEN-01', 'EOE-GEN-02'], placements: 4 });
  });

  it('only adds posts: a code already in the year is refused and nothing changes', async () => {
    await agent.get('/posts/import');
    const response = await upload(agent, yearId, [
      `EOE-GEN-05,New post,${CUH},1,,,,,,,,`,
      `eoe-gen-01,Generalism F2: acute medicine with general practice,${CUH},1,,,,,,,,`,
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Post EOE-GEN-01 already exists in F2 2026/27');
    expect((await postsOf(yearId)).map((post) => post.code).sort()).toEqual(['EOE-GEN-01', 'EOE-GEN-02']);
  });
});

describe('exporting posts and placements', () => {
  it('exports a year as CSV with a BOM, the import columns and formulae guarded', async () => {
    const agent = await signedIn('programme_director');
    const response = await agent.get(`/posts/export.csv?year=${yearId}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain(
      'attachment; filename="posts-east-of-england-f2-2026-27.csv"',
    );
    expect(response.body.startsWith('\ufeff')).toBe(true);
    const records = parse(response.body, { bom: true });
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records.slice(1).map((record) => [record[0], record[6], record[8], record[11]])).toEqual([
      ['EOE-GEN-01', 'acute_hospital', '2026-08-01', 'tom.brennan@example.nhs.uk'],
      ['EOE-GEN-01', 'general_practice', '2027-02-01', ''],
      ['EOE-GEN-01', 'community', '2027-02-01', ''],
      ['EOE-GEN-02', 'acute_hospital', '2026-08-01', ''],
    ]);
    expect(records[4]?.[7]).toBe("'=Care of older people");
    expect(records[1]?.[5]).toBe("Addenbrooke's Hospital");
  });

  it('exports the newest year when none is chosen, and just the header row when there are no years', async () => {
    const east = await signedIn('programme_admin');
    const newest = await east.get('/posts/export.csv');
    expect(newest.statusCode).toBe(200);
    expect(newest.body).toContain('EOE-GEN-01');
    const empty = await (await signedIn('programme_admin', 'north-west')).get('/posts/export.csv');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toBe(`\ufeff${HEADER}\n`);
  });

  it('round-trips: an export imports into another year and exports again unchanged', async () => {
    const agent = await signedIn('programme_admin');
    const exported = await agent.get(`/posts/export.csv?year=${yearId}`);
    await agent.get('/posts/import');
    const imported = await agent.upload(
      '/posts/import',
      { programmeYearId: copyYearId },
      { field: 'file', filename: 'export.csv', content: exported.body },
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('Imported 2 posts and 4 placements into F2 2026/27 second intake.');
    const again = await agent.get(`/posts/export.csv?year=${copyYearId}`);
    expect(again.body).toBe(exported.body);
    const [copy] = (await postsOf(copyYearId)).filter((post) => post.code === 'EOE-GEN-02');
    const [copied] = await t.db
      .select()
      .from(placements)
      .where(eq(placements.postId, copy?.id ?? ''));
    expect(copied?.specialty).toBe('=Care of older people');
  });
});

describe('access to import and export', () => {
  const paths = () => ['/posts/import', '/posts/import/template.csv', `/posts/export.csv?year=${yearId}`];

  it('sends an anonymous visitor to sign in', async () => {
    for (const path of paths()) {
      const response = await new Agent(t.app).get(path);
      expect(response.statusCode, path).toBe(302);
      expect(response.headers.location).toContain('/auth/sign-in');
    }
  });

  it.each(['learner', 'clinical_supervisor'] as const)('refuses a %s with 403', async (role) => {
    const agent = await signedIn(role);
    for (const path of paths()) expect((await agent.get(path)).statusCode, path).toBe(403);
    const response = await upload(agent, yearId, [`EOE-GEN-06,X,${CUH},1,,,,,,,,`]);
    expect(response.statusCode).toBe(403);
  });

  it('answers 404 to an East of England admin for a London year, importing nothing', async () => {
    const agent = await signedIn('programme_admin');
    expect((await agent.get(`/posts/export.csv?year=${londonYearId}`)).statusCode).toBe(404);
    expect((await agent.get('/posts/export.csv?year=not-a-year')).statusCode).toBe(404);
    await agent.get('/posts/import');
    const response = await upload(agent, londonYearId, [`LDN-GEN-09,Sneaky,${GSTT},1,,,,,,,,`]);
    expect(response.statusCode).toBe(404);
    expect(await postsOf(londonYearId)).toHaveLength(0);
  });

  it('lets a platform administrator import into and export any region', async () => {
    const admin = await signedIn('platform_admin', null);
    const form = await admin.get('/posts/import');
    expect(form.body).toContain('F2 London 2026/27');
    const response = await upload(admin, londonYearId, [
      `LDN-GEN-01,London generalism,${GSTT},1,${GSTT},,acute_hospital,Acute medicine,2026-08-01,2027-07-31,8,london.supervisor@example.nhs.uk`,
    ]);
    expect(response.statusCode).toBe(200);
    const exported = await admin.get(`/posts/export.csv?year=${londonYearId}`);
    expect(exported.body).toContain('LDN-GEN-01');
    expect(exported.body).not.toContain('EOE-GEN');
  });
});

describe('the personal data download', () => {
  it("includes a learner's posts and placements, naming supervisors without their contact details", async () => {
    const learner = await createUser(t.db, { role: 'learner', regionId: eastId, displayName: 'Lena Learner' });
    const [post] = await t.db
      .select()
      .from(posts)
      .where(and(eq(posts.programmeYearId, yearId), eq(posts.code, 'EOE-GEN-01')));
    await t.db.insert(postAssignments).values({
      id: newId(),
      postId: post?.id ?? '',
      learnerUserId: learner.id,
      assignedAt: t.app.clock(),
      source: 'manual',
    });
    const agent = new Agent(t.app);
    await agent.signInAs(learner.id);
    const response = await agent.get('/account/data');
    expect(response.statusCode).toBe(200);
    const data = JSON.parse(response.body) as {
      placements: {
        posts: { post: { code: string; programmeYear: string }; placements: { clinicalSupervisor: string | null }[] }[];
      };
    };
    expect(data.placements.posts).toHaveLength(1);
    expect(data.placements.posts[0]?.post).toMatchObject({ code: 'EOE-GEN-01', programmeYear: 'F2 2026/27' });
    expect(data.placements.posts[0]?.placements).toHaveLength(3);
    expect(data.placements.posts[0]?.placements[0]?.clinicalSupervisor).toBe('Dr Tom Brennan');
    expect(response.body).not.toContain('tom.brennan@example.nhs.uk');
  });
});
