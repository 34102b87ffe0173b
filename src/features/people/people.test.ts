import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import { sessions, users, userTokens } from '../../platform/auth/schema.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';
import { alsoHolds, lastMailTo, learnerProfile, PASSWORD, passwordHash } from './test-fixtures.ts';

// Each test signs in the people it acts as and makes the people it acts on, with names, email addresses and GMC
// numbers of their own. Most work in the East of England and London; the tests that read a region's whole list (or
// count it) each have a region no other test writes to. No test reads what another wrote; they pass alone and in any
// order.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ signInRateLimit: 1000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

/** The region with this code; for the tests that read a whole region's list, one no other test writes to. */
function region(code: string): string {
  const id = t.regionIds[code];
  if (id === undefined) throw new Error(`No region ${code}`);
  return id;
}

/** A programme administrator of the region (the East unless given), signed in and able to post forms. */
async function adminOf(regionId = east, name = 'Eve Admin') {
  return signedIn(t, 'programme_admin', regionId, { name, postsForms: true });
}

async function platformAdmin() {
  return signedIn(t, 'platform_admin', null, { name: 'Pat Platform', postsForms: true });
}

async function as(user: { id: string }): Promise<Agent> {
  return new Agent(t.app).signInAs(user.id);
}

describe('the list', () => {
  it('lists people in the region, searches and filters, and shows the task', async () => {
    const listed = region('south-west');
    const director = await createUser(t.db, { role: 'programme_director', regionId: listed });
    await adminOf(listed, 'Eve Admin');
    await createUser(t.db, { role: 'learner', regionId: listed, displayName: 'Findable Fiona' });
    await createUser(t.db, {
      role: 'educational_supervisor',
      regionId: listed,
      displayName: 'Resend Me',
      status: 'invited',
    });
    await createUser(t.db, { role: 'learner', regionId: region('south-east'), displayName: 'Londoner Larry' });
    const agent = await as(director);
    const list = await agent.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Findable Fiona');
    expect(list.body).not.toContain('Londoner Larry');
    const search = await agent.get('/people?search=fiona');
    expect(search.body).toContain('Findable Fiona');
    expect(search.body).not.toContain('Eve Admin');
    const byRole = await agent.get('/people?role=programme_admin');
    expect(byRole.body).toContain('Eve Admin');
    expect(byRole.body).not.toContain('Findable Fiona');
    const invited = await agent.get('/people?status=invited');
    expect(invited.body).toContain('Resend Me');
    expect(invited.body).not.toContain('Findable Fiona');
    const none = await agent.get('/people?search=nobody-at-all');
    expect(readPage(none.body).text()).toContain('No people match');
    const home = readPage((await agent.get('/')).body);
    expect(home.text()).toContain('1 invitation not yet accepted');
    const hrefs = home.links().map((link) => link.href);
    expect(hrefs).toContain('/people?status=invited');
    expect(hrefs).toContain('/people');
  });

  it('finds a learner by GMC number and lets platform administrators filter by region', async () => {
    const mine = await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Dr Rosa Lind' });
    await learnerProfile(t, mine.id, east, '1234567');
    const larrysRegion = region('midlands');
    await createUser(t.db, { role: 'learner', regionId: larrysRegion, displayName: 'Londoner Larry' });
    await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Findable Fiona' });
    const admin = (await platformAdmin()).agent;
    const byGmc = await admin.get('/people?search=1234567');
    expect(byGmc.body).toContain('Dr Rosa Lind');
    const inRegion = await admin.get(`/people?regionId=${larrysRegion}`);
    expect(inRegion.body).toContain('Londoner Larry');
    expect(inRegion.body).not.toContain('Findable Fiona');
  });

  it('paginates', async () => {
    const paged = region('north-west');
    const manager = await createUser(t.db, { role: 'programme_admin', regionId: paged });
    for (let i = 0; i < 26; i++)
      await createUser(t.db, { role: 'learner', regionId: paged, displayName: `Pager ${String(i).padStart(2, '0')}` });
    const agent = await as(manager);
    const first = await agent.get('/people');
    expect(readPage(first.body).text()).toContain('27 people');
    expect(first.body).toContain('href="/people?page=2"');
    const second = await agent.get('/people?page=2');
    expect(second.body).toContain('Test programme_admin');
  });
});

describe('access', () => {
  it('turns away learners and supervisors, and sends anonymous visitors to sign in', async () => {
    const admin = await adminOf();
    const learner = await as(await createUser(t.db, { role: 'learner', regionId: east }));
    const supervisor = await as(await createUser(t.db, { role: 'educational_supervisor', regionId: east }));
    for (const agent of [learner, supervisor]) {
      expect((await agent.get('/people')).statusCode).toBe(403);
      expect((await agent.get('/people/invite')).statusCode).toBe(403);
      expect((await agent.get(`/people/${admin.id}`)).statusCode).toBe(403);
    }
    const anonymous = await new Agent(t.app).get('/people');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toContain('/auth/sign-in');
    expect((await new Agent(t.app).get('/account/data')).statusCode).toBe(302);
  });

  it('gives a regional administrator "not found" for a person in another region', async () => {
    const londoner = await createUser(t.db, { role: 'learner', regionId: london });
    const platform = await createUser(t.db, { role: 'platform_admin' });
    const { agent } = await adminOf();
    expect((await agent.get(`/people/${londoner.id}`)).statusCode).toBe(404);
    expect((await agent.get(`/people/${londoner.id}/edit`)).statusCode).toBe(404);
    expect((await agent.post(`/people/${londoner.id}/edit`, { displayName: 'Changed' })).statusCode).toBe(404);
    expect((await agent.post(`/people/${londoner.id}/disable`)).statusCode).toBe(404);
    expect((await agent.post(`/people/${londoner.id}/resend-invitation`)).statusCode).toBe(404);
    expect((await agent.get(`/people/${platform.id}`)).statusCode).toBe(404);
    expect((await agent.get('/people/not-a-uuid')).statusCode).toBe(404);
    const [user] = await t.db.select().from(users).where(eq(users.id, londoner.id));
    expect(user?.status).toBe('active');
    expect(user?.displayName).not.toBe('Changed');
    // Erasing is for platform administrators only.
    expect((await agent.get(`/people/${londoner.id}/erase`)).statusCode).toBe(403);
  });
});

describe('changing a person', () => {
  it('edits the name and learner stage, with an audit record', async () => {
    const learner = await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Old Name' });
    await learnerProfile(t, learner.id, east, '4444444');
    const { agent } = await adminOf();
    const form = await agent.get(`/people/${learner.id}/edit`);
    expect(form.body).toContain('value="Old Name"');
    const bad = await agent.post(`/people/${learner.id}/edit`, {
      displayName: '',
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Generalism F2"');
    const ok = await agent.post(`/people/${learner.id}/edit`, {
      displayName: 'New Name',
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(ok.statusCode).toBe(302);
    const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, learner.id));
    expect(profile?.stage).toBe('F2');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, learner.id), eq(auditEvents.action, 'update')));
    expect(event?.before).toEqual({ displayName: 'Old Name', stage: 'F1', programme: 'Generalism F1' });
    expect(event?.after).toEqual({ displayName: 'New Name', stage: 'F2', programme: 'Generalism F2' });
  });

  it('adds and removes a role, never the last one', async () => {
    const person = await createUser(t.db, { role: 'clinical_supervisor', regionId: east });
    const { agent } = await adminOf();
    await agent.get(`/people/${person.id}/roles/add`);
    const added = await agent.post(`/people/${person.id}/roles/add`, { role: 'educational_supervisor' });
    expect(added.statusCode).toBe(302);
    const again = await agent.post(`/people/${person.id}/roles/add`, { role: 'educational_supervisor' });
    expect(readPage(again.body).errors()).toContainEqual(expect.stringContaining('already has this role'));
    const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.userId, person.id));
    expect(roles).toHaveLength(2);
    const [first, second] = roles.map((role) => role.id);
    const confirm = await agent.get(`/people/${person.id}/roles/${String(first)}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect((await agent.post(`/people/${person.id}/roles/${String(first)}/remove`)).statusCode).toBe(302);
    const last = await agent.post(`/people/${person.id}/roles/${String(second)}/remove`);
    expect(last.statusCode).toBe(302);
    expect(readPage((await agent.get(`/people/${person.id}`)).body).text()).toContain('only role');
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.userId, person.id))).toHaveLength(1);
  });

  it('disables an account, signing the person out, and enables it again', async () => {
    const person = await createUser(t.db, { role: 'learner', regionId: east, passwordHash: await passwordHash() });
    const personAgent = await as(person);
    expect((await personAgent.get('/account')).statusCode).toBe(200);
    const { agent } = await adminOf();
    expect(readPage((await agent.get(`/people/${person.id}/disable`)).body).title()).toContain(
      'Disable their account?',
    );
    expect((await agent.post(`/people/${person.id}/disable`)).statusCode).toBe(302);
    expect((await personAgent.get('/account')).statusCode).toBe(302);
    const signIn = await new Agent(t.app).post('/auth/sign-in', { email: person.email, password: PASSWORD });
    expect(signIn.statusCode).toBe(400);
    await agent.get(`/people/${person.id}/enable`);
    expect((await agent.post(`/people/${person.id}/enable`)).statusCode).toBe(302);
    const [user] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(user?.status).toBe('active');
  });

  it('does not let an administrator disable themselves', async () => {
    const admin = await adminOf();
    await admin.agent.get(`/people/${admin.id}/disable`);
    await admin.agent.post(`/people/${admin.id}/disable`);
    expect(readPage((await admin.agent.get(`/people/${admin.id}`)).body).text()).toContain(
      'You cannot disable your own account',
    );
  });
});

describe('a person with roles in two regions', () => {
  const ELSEWHERE = 'also has a role in another region';

  it('lets a regional manager change only the role they manage, not the account', async () => {
    // A clinical supervisor in the East who is also a learner in London.
    const person = await createUser(t.db, {
      role: 'clinical_supervisor',
      regionId: east,
      displayName: 'Two Regions',
      passwordHash: await passwordHash(),
    });
    await alsoHolds(t, person.id, 'learner', london);
    await learnerProfile(t, person.id, london, '5550001');
    const eastAdmin = await adminOf();
    const agent = eastAdmin.agent;

    const page = await agent.get(`/people/${person.id}`);
    expect(page.statusCode).toBe(200);
    expect(readPage(page.body).text()).toContain(ELSEWHERE);
    expect(page.body).not.toContain(`href="/people/${person.id}/edit"`);
    expect(page.body).not.toContain(`href="/people/${person.id}/disable"`);
    // The East's own role can still be removed.
    const [eastRole] = await t.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, person.id), eq(roleAssignments.regionId, east)));
    expect(page.body).toContain(`href="/people/${person.id}/roles/${String(eastRole?.id)}/remove"`);

    const edit = await agent.post(`/people/${person.id}/edit`, {
      displayName: 'Renamed Elsewhere',
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(edit.statusCode).toBe(302);
    expect(readPage((await agent.get(`/people/${person.id}`)).body).text()).toContain(ELSEWHERE);
    const disable = await agent.post(`/people/${person.id}/disable`);
    expect(disable.statusCode).toBe(302);
    expect((await agent.get(`/people/${person.id}/disable`)).body).not.toContain('Disable their account?');

    const [user] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(user?.displayName).toBe('Two Regions');
    expect(user?.status).toBe('active');
    const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, person.id));
    expect(profile?.stage).toBe('F1');
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, person.id), eq(auditEvents.actorUserId, eastAdmin.id)));
    expect(events).toHaveLength(0);

    // London's team, and platform administrators, may change the account.
    const londonAdmin = await createUser(t.db, { role: 'programme_admin', regionId: london });
    const londonPage = await (await as(londonAdmin)).get(`/people/${person.id}`);
    expect(readPage(londonPage.body).text()).toContain(ELSEWHERE);
    const admin = (await platformAdmin()).agent;
    const adminPage = await admin.get(`/people/${person.id}`);
    expect(readPage(adminPage.body).text()).not.toContain(ELSEWHERE);
    expect(adminPage.body).toContain(`href="/people/${person.id}/disable"`);
    expect((await admin.get(`/people/${person.id}/edit`)).body).toContain('name="displayName"');
    const adminEdit = await admin.post(`/people/${person.id}/edit`, {
      displayName: 'Renamed By Admin',
      stage: 'F1',
      programme: 'Generalism F1',
    });
    expect(adminEdit.statusCode).toBe(302);
    const [renamed] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(renamed?.displayName).toBe('Renamed By Admin');
  });

  it('lets the learner’s region change the learner record, but not the name', async () => {
    // A learner in the East who is also a clinical supervisor in London.
    const person = await createUser(t.db, { role: 'learner', regionId: east, displayName: 'East Learner' });
    await learnerProfile(t, person.id, east, '5550002');
    await alsoHolds(t, person.id, 'clinical_supervisor', london);
    const { agent } = await adminOf();

    const form = await agent.get(`/people/${person.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="displayName"');
    expect(form.body).toContain('name="stage"');
    expect(readPage(form.body).text()).toContain(ELSEWHERE);

    const renamed = await agent.post(`/people/${person.id}/edit`, {
      displayName: 'Renamed',
      stage: 'F2',
      programme: 'Generalism F2',
    });
    expect(renamed.statusCode).toBe(302);
    let [user] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(user?.displayName).toBe('East Learner');

    const staged = await agent.post(`/people/${person.id}/edit`, { stage: 'F2', programme: 'Generalism F2' });
    expect(staged.statusCode).toBe(302);
    [user] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(user?.displayName).toBe('East Learner');
    const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, person.id));
    expect(profile?.stage).toBe('F2');
  });

  it('does not let a regional manager send a new invitation to someone with a role elsewhere', async () => {
    const person = await createUser(t.db, { role: 'clinical_supervisor', regionId: east, status: 'invited' });
    await alsoHolds(t, person.id, 'clinical_supervisor', london);
    const { agent } = await adminOf();
    const page = await agent.get(`/people/${person.id}`);
    expect(page.body).not.toContain('resend-invitation');
    const resend = await agent.post(`/people/${person.id}/resend-invitation`);
    expect(resend.statusCode).toBe(302);
    expect(await t.db.select().from(userTokens).where(eq(userTokens.userId, person.id))).toHaveLength(0);
    expect(await lastMailTo(t, person.email)).toBeUndefined();
  });
});

describe('erasing', () => {
  it('erases personal data, keeps the anonymised learner record, and audits it', async () => {
    const person = await createUser(t.db, {
      role: 'learner',
      regionId: east,
      passwordHash: await passwordHash(),
      displayName: 'Erin Erase',
      email: 'erin.erase@example.nhs.uk',
    });
    await learnerProfile(t, person.id, east, '5555555', { stage: 'ST1' });
    const platform = await platformAdmin();
    // Events by and about the person, written before the erasure, as other features will write them.
    await audit(
      t.db,
      { userId: person.id, label: 'Erin Erase' },
      {
        action: 'update',
        entityType: 'portfolio_entry',
        entityId: 'e1',
        summary: 'Erin Erase changed an entry',
        after: { title: 'Week 1' },
      },
      t.app.clock(),
    );
    await audit(
      t.db,
      { userId: platform.id, label: 'Admin' },
      {
        action: 'create',
        entityType: 'user',
        entityId: person.id,
        summary: 'Invited Erin Erase',
        after: { email: 'erin.erase@example.nhs.uk', gmcNumber: '5555555' },
      },
      t.app.clock(),
    );
    const personAgent = await as(person);
    const agent = platform.agent;
    const page = await agent.get(`/people/${person.id}/erase`);
    expect(page.body).toContain('nhsuk-card--warning');
    const wrong = await agent.post(`/people/${person.id}/erase`, { confirmEmail: 'someone@else.nhs.uk' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('value="someone@else.nhs.uk"');
    const done = await agent.post(`/people/${person.id}/erase`, { confirmEmail: 'Erin.Erase@example.nhs.uk' });
    expect(done.statusCode).toBe(302);

    const [user] = await t.db.select().from(users).where(eq(users.id, person.id));
    expect(user).toMatchObject({
      status: 'erased',
      displayName: 'Erased person',
      email: `erased-${person.id}@erased.invalid`,
      passwordHash: null,
      totpSecret: null,
    });
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0);
    expect((await personAgent.get('/account')).statusCode).toBe(302);
    const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, person.id));
    expect(profile).toMatchObject({ gmcNumber: null, stage: 'ST1', programme: 'Generalism ST1', regionId: east });
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.userId, person.id))).toHaveLength(1);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, person.id), eq(auditEvents.action, 'erase')));
    expect(event?.actorUserId).toBe(platform.id);
    expect(event?.before).toMatchObject({ status: 'active' });
    // Nothing in the audit trail still holds the erased person's name, email or GMC number.
    const trail = await t.db.select().from(auditEvents);
    const text = JSON.stringify(trail).toLowerCase();
    expect(text).not.toContain('erin erase');
    expect(text).not.toContain('erin.erase@example.nhs.uk');
    expect(text).not.toContain('5555555');
    const shown = await agent.get(`/people/${person.id}`);
    expect(readPage(shown.body).text()).toContain('Erased person');
    expect(shown.body).not.toContain('Erin Erase');
    expect(shown.body).not.toContain('/disable');
  });
});

describe('your data', () => {
  it('gives each person only their own data', async () => {
    // Another learner of the region, and its administrator, whose names must not be in the download.
    await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Dana Data' });
    await adminOf(east, 'Eve Admin');
    const learner = await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Only Me' });
    const data = await (await as(learner)).get('/account/data');
    expect(data.body).toContain('Only Me');
    expect(data.body).not.toContain('Dana Data');
    expect(data.body).not.toContain('Eve Admin');
  });
});
