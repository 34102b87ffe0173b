import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { organisations, sites } from '../organisations/schema.ts';
import { placements, postAssignments, posts, programmeYears } from './schema.ts';

let t: TestApp;
let eastId: string;
let londonId: string;
let yearId: string;
let trustId: string;
let practiceId: string;
let siteId: string;
let supervisorId: string;

async function signedIn(role: Role, region: string | null = 'east-of-england'): Promise<Agent> {
  const user = await createUser(t.db, { role, regionId: region === null ? null : (t.regionIds[region] ?? null) });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  return agent.signInAs(user.id);
}

async function addOrganisation(
  regionId: string,
  name: string,
  kind: 'acute_trust' | 'general_practice',
): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(organisations).values({
    id,
    regionId,
    name,
    kind,
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

async function addPost(year: string, regionId: string, code: string, leadEmployerId: string): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(posts).values({
    id,
    programmeYearId: year,
    regionId,
    code,
    title: `Post ${code}`,
    leadEmployerId,
    capacity: 1,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

async function addPlacement(
  postId: string,
  organisationId: string,
  values: {
    setting?: 'acute_hospital' | 'general_practice';
    startsOn: string;
    endsOn: string;
    sessions: number;
    specialty?: string;
  },
): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  await t.db.insert(placements).values({
    id,
    postId,
    organisationId,
    setting: values.setting ?? 'acute_hospital',
    specialty: values.specialty ?? 'Acute medicine',
    startsOn: values.startsOn,
    endsOn: values.endsOn,
    sessionsPerWeek: values.sessions,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

function placementForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    organisationId: trustId,
    siteId: siteId,
    setting: 'acute_hospital',
    specialty: 'Acute medicine',
    'startsOn[day]': '1',
    'startsOn[month]': '8',
    'startsOn[year]': '2026',
    'endsOn[day]': '31',
    'endsOn[month]': '1',
    'endsOn[year]': '2027',
    sessionsPerWeek: '8',
    clinicalSupervisorUserId: supervisorId,
    ...overrides,
  };
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  eastId = t.regionIds['east-of-england'] ?? '';
  londonId = t.regionIds.london ?? '';
  trustId = await addOrganisation(eastId, 'Cambridge University Hospitals NHS Foundation Trust', 'acute_trust');
  practiceId = await addOrganisation(eastId, 'Granta Vale Medical Practice', 'general_practice');
  siteId = newId();
  const now = t.app.clock();
  await t.db.insert(sites).values({
    id: siteId,
    organisationId: trustId,
    name: "Addenbrooke's Hospital",
    addressLine1: 'Hills Road',
    town: 'Cambridge',
    postcode: 'CB2 0QQ',
    createdAt: now,
    updatedAt: now,
  });
  supervisorId = (
    await createUser(t.db, {
      role: 'clinical_supervisor',
      regionId: eastId,
      displayName: 'Dr Tom Brennan',
      email: 'tom.brennan@example.nhs.uk',
    })
  ).id;
});
afterAll(async () => t.close());

describe('an empty region', () => {
  it('says to add a programme year first', async () => {
    const agent = await signedIn('programme_admin', 'north-west');
    const list = await agent.get('/posts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Add a programme year first');
    expect((await agent.get('/posts/new')).body).toContain('Add a programme year first');
    expect((await agent.get('/posts/overview')).body).toContain('There are no programme years yet');
  });
});

describe('programme years and posts', () => {
  it('adds a programme year, refusing bad dates with the values kept', async () => {
    const agent = await signedIn('programme_admin');
    const bad = await agent.post('/posts/years/new', {
      name: 'F2 2026/27',
      'startsOn[day]': '1',
      'startsOn[month]': '8',
      'startsOn[year]': '2026',
      'endsOn[day]': '31',
      'endsOn[month]': '2',
      'endsOn[year]': '2027',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('End date must be a real date');
    expect(bad.body).toContain('href="#endsOn-day"');
    expect(bad.body).toContain('value="F2 2026/27"');
    const good = await agent.post('/posts/years/new', {
      name: 'F2 2026/27',
      'startsOn[day]': '1',
      'startsOn[month]': '8',
      'startsOn[year]': '2026',
      'endsOn[day]': '31',
      'endsOn[month]': '7',
      'endsOn[year]': '2027',
    });
    expect(good.statusCode).toBe(302);
    const [year] = await t.db.select().from(programmeYears).where(eq(programmeYears.regionId, eastId));
    expect(year).toMatchObject({ name: 'F2 2026/27', startsOn: '2026-08-01', endsOn: '2027-07-31' });
    yearId = year?.id ?? '';
    const again = await agent.post('/posts/years/new', {
      name: 'f2 2026/27',
      'startsOn[day]': '1',
      'startsOn[month]': '8',
      'startsOn[year]': '2026',
      'endsOn[day]': '31',
      'endsOn[month]': '7',
      'endsOn[year]': '2027',
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a programme year called');
  });

  it('refuses a post with errors, keeping what was typed, then adds it and audits it', async () => {
    const agent = await signedIn('programme_admin');
    expect((await agent.get('/posts/new')).body).toContain('F2 2026/27');
    const bad = await agent.post('/posts/new', {
      programmeYearId: yearId,
      code: 'eoe gen 01',
      title: '',
      leadEmployerId: '',
      capacity: '0',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the post title');
    expect(bad.body).toContain('Select the lead employer');
    expect(bad.body).toContain('Number of places must be 1 or more');
    expect(bad.body).toContain('value="eoe gen 01"');
    const good = await agent.post('/posts/new', {
      programmeYearId: yearId,
      code: 'eoe gen 01',
      title: 'Generalism F2: acute medicine with general practice',
      leadEmployerId: trustId,
      capacity: '1',
    });
    expect(good.statusCode).toBe(302);
    const [post] = await t.db.select().from(posts).where(eq(posts.code, 'EOE-GEN-01'));
    expect(post).toBeDefined();
    expect(good.headers.location).toBe(`/posts/${post?.id ?? ''}`);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, post?.id ?? ''), eq(auditEvents.action, 'create')));
    expect(event?.after).toMatchObject({ code: 'EOE-GEN-01', capacity: 1 });
    const duplicate = await agent.post('/posts/new', {
      programmeYearId: yearId,
      code: 'EOE-GEN-01',
      title: 'Another',
      leadEmployerId: trustId,
      capacity: '1',
    });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('There is already a post EOE-GEN-01 in this programme year');
  });

  it('builds a rotation: refuses a placement outside the year, allows an incomplete one and says what to fix', async () => {
    const agent = await signedIn('programme_admin');
    const [post] = await t.db.select().from(posts).where(eq(posts.code, 'EOE-GEN-01'));
    const postId = post?.id ?? '';
    const empty = await agent.get(`/posts/${postId}`);
    expect(empty.body).toContain('This rotation is not complete');
    expect(empty.body).toContain('The rotation has no placements yet');

    const outside = await agent.post(`/posts/${postId}/placements/new`, placementForm({ 'startsOn[month]': '7' }));
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain('The placement must start within the programme year, 1 August 2026 to 31 July 2027');
    expect(outside.body).toContain('href="#startsOn-day"');
    expect(outside.body).toMatch(/name="startsOn\[month\]"[^>]*value="7"/);

    const backwards = await agent.post(
      `/posts/${postId}/placements/new`,
      placementForm({ 'endsOn[month]': '9', 'endsOn[year]': '2026', 'startsOn[month]': '10', sessionsPerWeek: '12' }),
    );
    expect(backwards.statusCode).toBe(400);
    const sessions = await agent.post(`/posts/${postId}/placements/new`, placementForm({ sessionsPerWeek: '11' }));
    expect(sessions.statusCode).toBe(400);
    expect(sessions.body).toContain('Sessions a week must be a whole number from 1 to 10');
    expect(sessions.body).toContain('value="Acute medicine"');

    const first = await agent.post(`/posts/${postId}/placements/new`, placementForm());
    expect(first.statusCode).toBe(302);
    const partial = await agent.get(`/posts/${postId}`);
    expect(partial.body).toContain('This rotation is not complete');
    expect(partial.body).toContain('No placement covers 1 February 2027 to 31 July 2027');
    expect(partial.body).toContain('Generalism posts span at least two settings');
    expect(partial.body).toContain('<svg');
    expect(partial.body).toContain('<rect');
    expect(partial.body).toContain('1 August 2026 to 31 January 2027');
    expect(partial.body).toContain('Dr Tom Brennan');
    expect(partial.body).not.toMatch(/ style="/);

    expect(
      (
        await agent.post(
          `/posts/${postId}/placements/new`,
          placementForm({
            specialty: 'Emergency medicine',
            'startsOn[day]': '25',
            'startsOn[month]': '1',
            'startsOn[year]': '2027',
            'endsOn[month]': '7',
          }),
        )
      ).statusCode,
    ).toBe(302);
    const overloaded = await agent.get(`/posts/${postId}`);
    expect(overloaded.body).toContain(
      'From 25 January 2027 to 31 January 2027 placements add up to 16 sessions a week',
    );

    expect(
      (
        await agent.post(
          `/posts/${postId}/placements/new`,
          placementForm({
            organisationId: practiceId,
            siteId: '',
            setting: 'general_practice',
            specialty: 'General practice',
            'endsOn[month]': '7',
            sessionsPerWeek: '2',
          }),
        )
      ).statusCode,
    ).toBe(302);
    const [second] = await t.db
      .select()
      .from(placements)
      .where(and(eq(placements.postId, postId), eq(placements.specialty, 'Emergency medicine')));
    const editForm = await agent.get(`/placements/${second?.id ?? ''}/edit`);
    expect(editForm.body).toMatch(/name="startsOn\[day\]"[^>]*value="25"/);
    const edited = await agent.post(
      `/placements/${second?.id ?? ''}/edit`,
      placementForm({
        specialty: 'Emergency medicine',
        'startsOn[day]': '1',
        'startsOn[month]': '2',
        'startsOn[year]': '2027',
        'endsOn[month]': '7',
      }),
    );
    expect(edited.statusCode).toBe(302);
    const complete = await agent.get(`/posts/${postId}`);
    expect(complete.body).not.toContain('This rotation is not complete');
    expect(complete.body).not.toContain('Generalism posts span at least two settings');
    expect(complete.body).toContain('Complete');
    const [update] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, second?.id ?? ''), eq(auditEvents.action, 'update')));
    expect(update?.before).toEqual({ startsOn: '2027-01-25' });
    expect(update?.after).toEqual({ startsOn: '2027-02-01' });
  });

  it('refuses a site of another provider', async () => {
    const agent = await signedIn('programme_admin');
    const [post] = await t.db.select().from(posts).where(eq(posts.code, 'EOE-GEN-01'));
    const response = await agent.post(
      `/posts/${post?.id ?? ''}/placements/new`,
      placementForm({ organisationId: practiceId, setting: 'general_practice' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select a site of the placement provider, or no site');
  });

  it('removes a placement after confirmation, with an audit record', async () => {
    const agent = await signedIn('programme_director');
    const [post] = await t.db.select().from(posts).where(eq(posts.code, 'EOE-GEN-01'));
    const id = await addPlacement(post?.id ?? '', trustId, {
      startsOn: '2026-09-01',
      endsOn: '2026-09-30',
      sessions: 1,
      specialty: 'Taster',
    });
    const confirm = await agent.get(`/placements/${id}/delete`);
    expect(confirm.body).toContain('Are you sure you want to remove Taster');
    expect((await agent.post(`/placements/${id}/delete`)).statusCode).toBe(302);
    expect(await t.db.select().from(placements).where(eq(placements.id, id))).toHaveLength(0);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'delete')));
    expect(event?.before).toMatchObject({ specialty: 'Taster', sessionsPerWeek: 1 });
  });

  it('changes and archives a post', async () => {
    const agent = await signedIn('programme_admin');
    const postId = await addPost(yearId, eastId, 'EOE-GEN-02', trustId);
    const edited = await agent.post(`/posts/${postId}/edit`, {
      code: 'EOE-GEN-02',
      title: 'Renamed post',
      leadEmployerId: trustId,
      capacity: '2',
    });
    expect(edited.statusCode).toBe(302);
    const [post] = await t.db.select().from(posts).where(eq(posts.id, postId));
    expect(post).toMatchObject({ title: 'Renamed post', capacity: 2 });
    expect((await agent.get(`/posts/${postId}/archive`)).body).toContain(
      'Are you sure you want to archive post EOE-GEN-02?',
    );
    expect((await agent.post(`/posts/${postId}/archive`)).statusCode).toBe(302);
    expect((await agent.get('/posts')).body).not.toContain(`href="/posts/${postId}"`);
    expect((await agent.get('/posts?archived=yes')).body).toContain(`href="/posts/${postId}"`);
    const [archived] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, postId), eq(auditEvents.action, 'archive')));
    expect(archived).toBeDefined();
  });
});

describe('the list and the overview', () => {
  it('filters by search, lead employer, setting, specialty and vacancy', async () => {
    const agent = await signedIn('programme_admin');
    const otherTrust = await addOrganisation(eastId, 'West Suffolk NHS Foundation Trust', 'acute_trust');
    const other = await addPost(yearId, eastId, 'EOE-GEN-03', otherTrust);
    await addPlacement(other, otherTrust, {
      startsOn: '2026-08-01',
      endsOn: '2027-07-31',
      sessions: 10,
      specialty: 'Cardiology',
    });
    const list = await agent.get('/posts');
    expect(list.body).toContain('EOE-GEN-01');
    expect(list.body).toContain('EOE-GEN-03');
    const search = await agent.get('/posts?q=gen-03');
    expect(search.body).toContain('EOE-GEN-03');
    expect(search.body).not.toContain('EOE-GEN-01');
    expect((await agent.get(`/posts?employer=${otherTrust}`)).body).not.toContain('EOE-GEN-01');
    const setting = await agent.get('/posts?setting=general_practice');
    expect(setting.body).toContain('EOE-GEN-01');
    expect(setting.body).not.toContain('EOE-GEN-03');
    expect((await agent.get('/posts?specialty=cardio')).body).not.toContain('EOE-GEN-01');
    const learner = await createUser(t.db, { role: 'learner', regionId: eastId });
    await t.db
      .insert(postAssignments)
      .values({ id: newId(), postId: other, learnerUserId: learner.id, assignedAt: t.app.clock(), source: 'manual' });
    const full = await agent.get('/posts?vacancy=full');
    expect(full.body).toContain('EOE-GEN-03');
    expect(full.body).not.toContain('EOE-GEN-01');
    const free = await agent.get('/posts?vacancy=free');
    expect(free.body).toContain('EOE-GEN-01');
    expect(free.body).not.toContain('EOE-GEN-03');
    expect((await agent.get('/posts?q=nothing-like-this')).body).toContain('No posts match your search');
  });

  it('shows posts per trust and time in each setting, as a chart and a table', async () => {
    const agent = await signedIn('programme_admin');
    const response = await agent.get(`/posts/overview?year=${yearId}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('F2 2026/27 overview');
    expect(response.body).toContain('<svg');
    expect(response.body).toContain('Acute hospital');
    expect(response.body).toContain('General practice');
    expect(response.body).toContain('West Suffolk NHS Foundation Trust');
    expect(response.body).not.toMatch(/ style="/);
  });
});

describe('access and other regions', () => {
  let londonPost: string;
  let londonPlacement: string;
  beforeAll(async () => {
    const londonTrust = await addOrganisation(londonId, "Guy's and St Thomas' NHS Foundation Trust", 'acute_trust');
    const londonYear = await addYear(londonId, 'F2 London 2026/27');
    londonPost = await addPost(londonYear, londonId, 'LDN-GEN-01', londonTrust);
    londonPlacement = await addPlacement(londonPost, londonTrust, {
      startsOn: '2026-08-01',
      endsOn: '2027-07-31',
      sessions: 8,
    });
  });

  it('sends an anonymous visitor to sign in', async () => {
    const response = await new Agent(t.app).get('/posts');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/auth/sign-in?returnTo=%2Fposts');
  });

  it.each(['learner', 'clinical_supervisor', 'educational_supervisor'] as const)(
    'refuses a %s with 403',
    async (role) => {
      const agent = await signedIn(role);
      expect((await agent.get('/posts')).statusCode).toBe(403);
      expect((await agent.get(`/posts/${londonPost}`)).statusCode).toBe(403);
      expect((await agent.post('/posts/new', { code: 'X-1' })).statusCode).toBe(403);
    },
  );

  it('answers 404 to an East of England programme admin for London pages and forms, changing nothing', async () => {
    const agent = await signedIn('programme_admin');
    for (const path of [
      `/posts/${londonPost}`,
      `/posts/${londonPost}/edit`,
      `/posts/${londonPost}/archive`,
      `/posts/${londonPost}/placements/new`,
      `/placements/${londonPlacement}/edit`,
      `/placements/${londonPlacement}/delete`,
    ]) {
      expect((await agent.get(path)).statusCode, path).toBe(404);
    }
    await agent.get('/posts');
    expect((await agent.post(`/posts/${londonPost}/archive`)).statusCode).toBe(404);
    expect(
      (
        await agent.post(`/posts/${londonPost}/edit`, {
          code: 'TAKEN',
          title: 'x',
          leadEmployerId: trustId,
          capacity: '1',
        })
      ).statusCode,
    ).toBe(404);
    expect((await agent.post(`/posts/${londonPost}/placements/new`, placementForm())).statusCode).toBe(404);
    expect((await agent.post(`/placements/${londonPlacement}/edit`, placementForm())).statusCode).toBe(404);
    expect((await agent.post(`/placements/${londonPlacement}/delete`)).statusCode).toBe(404);
    const [post] = await t.db.select().from(posts).where(eq(posts.id, londonPost));
    expect(post).toMatchObject({ code: 'LDN-GEN-01', archivedAt: null });
    expect(await t.db.select().from(placements).where(eq(placements.id, londonPlacement))).toHaveLength(1);
    expect((await agent.get('/posts')).body).not.toContain('LDN-GEN-01');
    expect((await agent.get('/posts/overview')).body).not.toContain('Thomas');
  });

  it('refuses a London lead employer or provider on an East of England post', async () => {
    const agent = await signedIn('programme_admin');
    const [londonTrust] = await t.db.select().from(posts).where(eq(posts.id, londonPost));
    const response = await agent.post('/posts/new', {
      programmeYearId: yearId,
      code: 'EOE-GEN-09',
      title: 'Sneaky',
      leadEmployerId: londonTrust?.leadEmployerId ?? '',
      capacity: '1',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select the lead employer');
  });

  it('lets a platform administrator see every region', async () => {
    const admin = await signedIn('platform_admin', null);
    expect((await admin.get('/posts')).body).toContain('LDN-GEN-01');
    expect((await admin.get(`/posts/${londonPost}`)).statusCode).toBe(200);
  });
});

describe('my year and its calendar', () => {
  it('shows an empty state to a learner with no post', async () => {
    const agent = await signedIn('learner');
    const response = await agent.get('/my-year');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You have not been placed in a post yet');
  });

  it('shows the learner their post, placements, sites and supervisors, and a private calendar', async () => {
    const learner = await createUser(t.db, { role: 'learner', regionId: eastId });
    const [post] = await t.db.select().from(posts).where(eq(posts.code, 'EOE-GEN-01'));
    await t.db.insert(postAssignments).values({
      id: newId(),
      postId: post?.id ?? '',
      learnerUserId: learner.id,
      assignedAt: t.app.clock(),
      source: 'manual',
    });
    const agent = new Agent(t.app);
    await agent.signInAs(learner.id);
    const page = await agent.get('/my-year');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('EOE-GEN-01');
    expect(page.body).toContain('Cambridge University Hospitals NHS Foundation Trust');
    expect(page.body).toContain('Hills Road');
    expect(page.body).toContain('tom.brennan@example.nhs.uk');
    expect(page.body).not.toMatch(/\/my-year\/calendar\/[A-Za-z0-9_-]+\.ics/);
    expect(page.body).toContain('You do not have a calendar link yet');
    expect(page.body).toContain('Create a calendar link');
    const created = await agent.post('/my-year/calendar');
    expect(created.statusCode).toBe(200);
    const link = /\/my-year\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(created.body);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';

    const again = await agent.get('/my-year');
    expect(again.body).not.toContain(token);
    expect(again.body).toContain('For your security it is shown only once');

    const feed = await new Agent(t.app).get(`/my-year/calendar/${token}.ics`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(feed.body).toContain('DTSTART;VALUE=DATE:20260801');
    expect(feed.body).toContain('UID:');
    expect(feed.body).toContain('DTSTAMP:');
    expect(feed.body).toContain('Placement starts: Acute medicine\\, Addenbrooke');
    expect(feed.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    expect((await new Agent(t.app).get(`/my-year/calendar/${'x'.repeat(43)}.ics`)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(`/my-year/calendar/${token}.txt`)).statusCode).toBe(404);

    const reset = await agent.post('/my-year/calendar/reset');
    expect(reset.statusCode).toBe(200);
    const fresh = /\/my-year\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(reset.body)?.[1] ?? '';
    expect(fresh).not.toBe(token);
    expect((await new Agent(t.app).get(`/my-year/calendar/${token}.ics`)).statusCode).toBe(404);
    expect((await new Agent(t.app).get(`/my-year/calendar/${fresh}.ics`)).statusCode).toBe(200);
  });

  it('is for learners only, and another learner sees only their own year', async () => {
    expect((await (await signedIn('programme_admin')).get('/my-year')).statusCode).toBe(403);
    const other = await signedIn('learner');
    expect((await other.get('/my-year')).body).not.toContain('EOE-GEN-01');
    expect((await new Agent(t.app).get('/my-year')).statusCode).toBe(302);
  });

  it('shows the navigation items to the right people', async () => {
    expect((await (await signedIn('programme_admin')).get('/')).body).toContain('href="/posts"');
    const learnerHome = (await (await signedIn('learner')).get('/')).body;
    expect(learnerHome).not.toContain('href="/posts"');
    expect(learnerHome).toContain('href="/my-year"');
  });
});
