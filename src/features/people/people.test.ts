import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { sessions, users, userTokens } from '../../platform/auth/schema.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { newId } from '../../platform/db/ids.ts';
import { organisations } from '../organisations/schema.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';

const PASSWORD = 'copper tulip harbour';

describe('people', () => {
  let t: TestApp;
  let east: string;
  let london: string;
  let eastAdmin: { id: string; email: string; displayName: string };
  let platformAdmin: { id: string; email: string; displayName: string };
  let eastTrust: string;
  let passwordHash: string;

  beforeAll(async () => {
    t = await createTestApp({ signInRateLimit: 1000 });
    east = t.regionIds['east-of-england']!;
    london = t.regionIds.london!;
    passwordHash = await hashPassword(PASSWORD);
    eastAdmin = await createUser(t.db, { role: 'programme_admin', regionId: east, displayName: 'Eve Admin' });
    platformAdmin = await createUser(t.db, { role: 'platform_admin', displayName: 'Pat Platform' });
    eastTrust = newId();
    const now = t.app.clock();
    await t.db.insert(organisations).values({
      id: eastTrust,
      regionId: east,
      name: 'East Test Hospitals NHS Trust',
      kind: 'acute_trust',
      isNhs: true,
      createdAt: now,
      updatedAt: now,
    });
  });
  afterAll(async () => t.close());

  async function as(user: { id: string }): Promise<Agent> {
    return new Agent(t.app).signInAs(user.id);
  }

  function linkIn(text: string): string {
    const match = /http:\/\/[^/\s]+(\/auth\/set-password\/[A-Za-z0-9_-]+)/.exec(text);
    if (match?.[1] === undefined) throw new Error(`No link in ${text}`);
    return match[1];
  }

  async function lastMailTo(address: string) {
    const rows = await t.db.select().from(outbox).where(eq(outbox.toAddress, address));
    const mail = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))[0];
    // The stored text masks the link; the test reads it as the demo's outbox shows it.
    return mail === undefined ? undefined : { ...mail, textBody: t.app.mailer.readableText(mail) };
  }

  async function invite(agent: Agent, fields: Record<string, string>) {
    await agent.get('/people/invite');
    return agent.post('/people/invite', fields);
  }

  describe('inviting', () => {
    it('invites a learner, who follows the emailed link, sets a password and signs in', async () => {
      const agent = await as(eastAdmin);
      const form = await agent.get('/people/invite');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="displayName"');
      expect(form.body).not.toContain('value="platform_admin"');
      expect(form.body).not.toContain('name="regionId"');
      const response = await invite(agent, {
        displayName: 'Dr Rosa Lind',
        email: 'Rosa.Lind@example.nhs.uk',
        role: 'learner',
        gmcNumber: '1234567',
        stage: 'F2',
        programme: 'Generalism F2',
      });
      expect(response.statusCode).toBe(302);
      const personPath = response.headers.location as string;
      expect(personPath).toMatch(/^\/people\/[0-9a-f-]{36}$/);
      const page = await agent.get(personPath);
      expect(page.body).toContain('Invitation sent to Dr Rosa Lind');
      expect(page.body).toContain('1234567');

      const [user] = await t.db.select().from(users).where(eq(users.email, 'rosa.lind@example.nhs.uk'));
      expect(user?.status).toBe('invited');
      const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, user!.id));
      expect(profile).toMatchObject({ regionId: east, gmcNumber: '1234567', stage: 'F2', programme: 'Generalism F2' });
      const [audit] = await t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, user!.id), eq(auditEvents.action, 'invite')));
      expect(audit?.actorUserId).toBe(eastAdmin.id);

      const mail = await lastMailTo('rosa.lind@example.nhs.uk');
      expect(mail?.regionId).toBe(east);
      const link = linkIn(mail!.textBody);
      const invited = new Agent(t.app);
      const setPage = await invited.get(link);
      expect(setPage.statusCode).toBe(200);
      expect(setPage.body).toContain('Create your password');
      const set = await invited.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
      expect(set.statusCode).toBe(302);
      const signIn = await invited.post('/auth/sign-in', { email: 'rosa.lind@example.nhs.uk', password: PASSWORD });
      expect(signIn.statusCode).toBe(302);
      expect((await invited.get('/account')).statusCode).toBe(200);
      expect((await invited.get(link)).statusCode).toBe(410);
    });

    it('shows every error at once and keeps what was typed', async () => {
      const agent = await as(eastAdmin);
      const response = await invite(agent, {
        displayName: '',
        email: 'not-an-email',
        role: 'learner',
        gmcNumber: '12345',
        stage: '',
        programme: 'Generalism F1',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('There is a problem');
      expect(response.body).toContain('Enter their full name');
      expect(response.body).toContain('Enter an email address in the correct format');
      expect(response.body).toContain('GMC number must be 7 digits');
      expect(response.body).toContain('Select the learner’s stage');
      expect(response.body).toContain('value="not-an-email"');
      expect(response.body).toContain('value="12345"');
      expect(response.body).toContain('value="Generalism F1"');
      expect(response.body).toMatch(/value="learner"[^>]*checked/);
    });

    it('asks for a role, and an organisation for a provider contact', async () => {
      const agent = await as(eastAdmin);
      const noRole = await invite(agent, { displayName: 'No Role', email: 'norole@example.nhs.uk' });
      expect(noRole.statusCode).toBe(400);
      expect(noRole.body).toContain('Select a role');
      const noOrg = await invite(agent, {
        displayName: 'Olu Provider',
        email: 'olu@example.nhs.uk',
        role: 'provider_contact',
      });
      expect(noOrg.body).toContain('Select the organisation the contact works for');
      const ok = await invite(agent, {
        displayName: 'Olu Provider',
        email: 'olu@example.nhs.uk',
        role: 'provider_contact',
        organisationId: eastTrust,
      });
      expect(ok.statusCode).toBe(302);
      const page = await agent.get(ok.headers.location as string);
      expect(page.body).toContain('East Test Hospitals NHS Trust');
    });

    it('refuses an email address already in use, keeping the form', async () => {
      const agent = await as(eastAdmin);
      const existing = await createUser(t.db, { role: 'learner', regionId: london });
      const response = await invite(agent, {
        displayName: 'Second Person',
        email: existing.email.toUpperCase(),
        role: 'clinical_supervisor',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('This email address already belongs to someone on Breadth');
      expect(response.body).toContain('value="Second Person"');
    });

    it('refuses a GMC number already in use', async () => {
      const agent = await as(eastAdmin);
      await invite(agent, {
        displayName: 'First Gmc',
        email: 'first.gmc@example.nhs.uk',
        role: 'learner',
        gmcNumber: '2222222',
        stage: 'F1',
        programme: 'Generalism F1',
      });
      const response = await invite(agent, {
        displayName: 'Second Gmc',
        email: 'second.gmc@example.nhs.uk',
        role: 'learner',
        gmcNumber: '222 2222',
        stage: 'F1',
        programme: 'Generalism F1',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('This GMC number already belongs to someone');
    });

    it('lets only platform administrators give the platform administrator role', async () => {
      const regional = await as(eastAdmin);
      const refused = await invite(regional, {
        displayName: 'Would Be Admin',
        email: 'wouldbe@example.nhs.uk',
        role: 'platform_admin',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Only a platform administrator can give the platform administrator role');

      const admin = await as(platformAdmin);
      const form = await admin.get('/people/invite');
      expect(form.body).toContain('value="platform_admin"');
      expect(form.body).toContain('name="regionId"');
      const noRegion = await invite(admin, { displayName: 'Regionless', email: 'rl@example.nhs.uk', role: 'learner' });
      expect(noRegion.body).toContain('Select a region');
      const london1 = await invite(admin, {
        displayName: 'Lon Don',
        email: 'lon.don@example.nhs.uk',
        role: 'programme_director',
        regionId: london,
      });
      expect(london1.statusCode).toBe(302);
    });

    it('sends a new invitation on request; the old link stops working', async () => {
      const agent = await as(eastAdmin);
      const response = await invite(agent, {
        displayName: 'Resend Me',
        email: 'resend@example.nhs.uk',
        role: 'educational_supervisor',
      });
      const personPath = response.headers.location as string;
      const oldLink = linkIn((await lastMailTo('resend@example.nhs.uk'))!.textBody);
      await agent.get(personPath);
      const resend = await agent.post(`${personPath}/resend-invitation`);
      expect(resend.statusCode).toBe(302);
      expect((await agent.get(personPath)).body).toContain('The link sent before no longer works');
      const newLink = linkIn((await lastMailTo('resend@example.nhs.uk'))!.textBody);
      expect(newLink).not.toBe(oldLink);
      const anonymous = new Agent(t.app);
      expect((await anonymous.get(oldLink)).statusCode).toBe(410);
      expect((await anonymous.get(newLink)).statusCode).toBe(200);
    });

    it('refuses an expired invitation link', async () => {
      const agent = await as(eastAdmin);
      const response = await invite(agent, {
        displayName: 'Late Comer',
        email: 'late@example.nhs.uk',
        role: 'learner',
        gmcNumber: '3333333',
        stage: 'ST1',
        programme: 'Generalism ST1',
      });
      const userId = (response.headers.location as string).split('/').pop()!;
      const link = linkIn((await lastMailTo('late@example.nhs.uk'))!.textBody);
      await t.db
        .update(userTokens)
        .set({ expiresAt: new Date(t.app.clock().getTime() - 1000) })
        .where(eq(userTokens.userId, userId));
      const page = await new Agent(t.app).get(link);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('This link cannot be used');
    });
  });

  describe('the list', () => {
    it('lists people in the region, searches and filters, and shows the task', async () => {
      const director = await createUser(t.db, { role: 'programme_director', regionId: east });
      await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Findable Fiona' });
      await createUser(t.db, { role: 'learner', regionId: london, displayName: 'Londoner Larry' });
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
      expect(none.body).toContain('No people match');
      const home = await agent.get('/');
      expect(home.body).toMatch(/\d+ invitations? not yet accepted/);
      expect(home.body).toContain('href="/people?status=invited"');
      expect(home.body).toContain('href="/people"');
    });

    it('finds a learner by GMC number and lets platform administrators filter by region', async () => {
      const admin = await as(platformAdmin);
      const byGmc = await admin.get('/people?search=1234567');
      expect(byGmc.body).toContain('Dr Rosa Lind');
      const london1 = await admin.get(`/people?regionId=${london}`);
      expect(london1.body).toContain('Londoner Larry');
      expect(london1.body).not.toContain('Findable Fiona');
    });

    it('paginates', async () => {
      const region = t.regionIds['north-west']!;
      const manager = await createUser(t.db, { role: 'programme_admin', regionId: region });
      for (let i = 0; i < 26; i++)
        await createUser(t.db, {
          role: 'learner',
          regionId: region,
          displayName: `Pager ${String(i).padStart(2, '0')}`,
        });
      const agent = await as(manager);
      const first = await agent.get('/people');
      expect(first.body).toContain('27 people');
      expect(first.body).toContain('href="/people?page=2"');
      const second = await agent.get('/people?page=2');
      expect(second.body).toContain('Test programme_admin');
    });
  });

  describe('access', () => {
    it('turns away learners and supervisors, and sends anonymous visitors to sign in', async () => {
      const learner = await as(await createUser(t.db, { role: 'learner', regionId: east }));
      const supervisor = await as(await createUser(t.db, { role: 'educational_supervisor', regionId: east }));
      for (const agent of [learner, supervisor]) {
        expect((await agent.get('/people')).statusCode).toBe(403);
        expect((await agent.get('/people/invite')).statusCode).toBe(403);
        expect((await agent.get(`/people/${eastAdmin.id}`)).statusCode).toBe(403);
      }
      const anonymous = await new Agent(t.app).get('/people');
      expect(anonymous.statusCode).toBe(302);
      expect(anonymous.headers.location).toContain('/auth/sign-in');
      expect((await new Agent(t.app).get('/account/data')).statusCode).toBe(302);
    });

    it('gives a regional administrator "not found" for a person in another region', async () => {
      const londoner = await createUser(t.db, { role: 'learner', regionId: london });
      const agent = await as(eastAdmin);
      expect((await agent.get(`/people/${londoner.id}`)).statusCode).toBe(404);
      expect((await agent.get(`/people/${londoner.id}/edit`)).statusCode).toBe(404);
      await agent.get('/people/invite');
      expect((await agent.post(`/people/${londoner.id}/edit`, { displayName: 'Changed' })).statusCode).toBe(404);
      expect((await agent.post(`/people/${londoner.id}/disable`)).statusCode).toBe(404);
      expect((await agent.post(`/people/${londoner.id}/resend-invitation`)).statusCode).toBe(404);
      expect((await agent.get(`/people/${platformAdmin.id}`)).statusCode).toBe(404);
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
      const now = t.app.clock();
      await t.db.insert(learnerProfiles).values({
        userId: learner.id,
        regionId: east,
        gmcNumber: '4444444',
        stage: 'F1',
        programme: 'Generalism F1',
        createdAt: now,
        updatedAt: now,
      });
      const agent = await as(eastAdmin);
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
      const agent = await as(eastAdmin);
      await agent.get(`/people/${person.id}/roles/add`);
      const added = await agent.post(`/people/${person.id}/roles/add`, { role: 'educational_supervisor' });
      expect(added.statusCode).toBe(302);
      const again = await agent.post(`/people/${person.id}/roles/add`, { role: 'educational_supervisor' });
      expect(again.body).toContain('already has this role');
      const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.userId, person.id));
      expect(roles).toHaveLength(2);
      const confirm = await agent.get(`/people/${person.id}/roles/${roles[0]!.id}/remove`);
      expect(confirm.statusCode).toBe(200);
      expect((await agent.post(`/people/${person.id}/roles/${roles[0]!.id}/remove`)).statusCode).toBe(302);
      const last = await agent.post(`/people/${person.id}/roles/${roles[1]!.id}/remove`);
      expect(last.statusCode).toBe(302);
      expect((await agent.get(`/people/${person.id}`)).body).toContain('only role');
      expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.userId, person.id))).toHaveLength(1);
    });

    it('disables an account, signing the person out, and enables it again', async () => {
      const person = await createUser(t.db, { role: 'learner', regionId: east, passwordHash });
      const personAgent = await as(person);
      expect((await personAgent.get('/account')).statusCode).toBe(200);
      const agent = await as(eastAdmin);
      expect((await agent.get(`/people/${person.id}/disable`)).body).toContain('Disable their account?');
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
      const agent = await as(eastAdmin);
      await agent.get(`/people/${eastAdmin.id}/disable`);
      await agent.post(`/people/${eastAdmin.id}/disable`);
      expect((await agent.get(`/people/${eastAdmin.id}`)).body).toContain('You cannot disable your own account');
    });
  });

  describe('a person with roles in two regions', () => {
    const ELSEWHERE = 'also has a role in another region';

    async function learnerProfile(userId: string, regionId: string, gmcNumber: string) {
      const now = t.app.clock();
      await t.db.insert(learnerProfiles).values({
        userId,
        regionId,
        gmcNumber,
        stage: 'F1',
        programme: 'Generalism F1',
        createdAt: now,
        updatedAt: now,
      });
    }

    async function alsoHolds(userId: string, role: 'learner' | 'clinical_supervisor', regionId: string) {
      await t.db.insert(roleAssignments).values({ id: newId(), userId, role, regionId, createdAt: t.app.clock() });
    }

    it('lets a regional manager change only the role they manage, not the account', async () => {
      // A clinical supervisor in the East who is also a learner in London.
      const person = await createUser(t.db, {
        role: 'clinical_supervisor',
        regionId: east,
        displayName: 'Two Regions',
        passwordHash,
      });
      await alsoHolds(person.id, 'learner', london);
      await learnerProfile(person.id, london, '5550001');
      const agent = await as(eastAdmin);

      const page = await agent.get(`/people/${person.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(ELSEWHERE);
      expect(page.body).not.toContain(`href="/people/${person.id}/edit"`);
      expect(page.body).not.toContain(`href="/people/${person.id}/disable"`);
      // The East's own role can still be removed.
      const [eastRole] = await t.db
        .select()
        .from(roleAssignments)
        .where(and(eq(roleAssignments.userId, person.id), eq(roleAssignments.regionId, east)));
      expect(page.body).toContain(`href="/people/${person.id}/roles/${eastRole!.id}/remove"`);
      await agent.get('/people/invite'); // a page with a form, for the CSRF token

      const edit = await agent.post(`/people/${person.id}/edit`, {
        displayName: 'Renamed Elsewhere',
        stage: 'F2',
        programme: 'Generalism F2',
      });
      expect(edit.statusCode).toBe(302);
      expect((await agent.get(`/people/${person.id}`)).body).toContain(ELSEWHERE);
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
      expect(londonPage.body).toContain(ELSEWHERE);
      const admin = await as(platformAdmin);
      const adminPage = await admin.get(`/people/${person.id}`);
      expect(adminPage.body).not.toContain(ELSEWHERE);
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
      await learnerProfile(person.id, east, '5550002');
      await alsoHolds(person.id, 'clinical_supervisor', london);
      const agent = await as(eastAdmin);

      const form = await agent.get(`/people/${person.id}/edit`);
      expect(form.statusCode).toBe(200);
      expect(form.body).not.toContain('name="displayName"');
      expect(form.body).toContain('name="stage"');
      expect(form.body).toContain(ELSEWHERE);

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
      await alsoHolds(person.id, 'clinical_supervisor', london);
      const agent = await as(eastAdmin);
      const page = await agent.get(`/people/${person.id}`);
      expect(page.body).not.toContain('resend-invitation');
      await agent.get('/people/invite');
      const resend = await agent.post(`/people/${person.id}/resend-invitation`);
      expect(resend.statusCode).toBe(302);
      expect(await t.db.select().from(userTokens).where(eq(userTokens.userId, person.id))).toHaveLength(0);
      expect(await lastMailTo(person.email)).toBeUndefined();
    });
  });

  describe('erasing', () => {
    it('erases personal data, keeps the anonymised learner record, and audits it', async () => {
      const person = await createUser(t.db, {
        role: 'learner',
        regionId: east,
        passwordHash,
        displayName: 'Erin Erase',
        email: 'erin.erase@example.nhs.uk',
      });
      const now = t.app.clock();
      await t.db.insert(learnerProfiles).values({
        userId: person.id,
        regionId: east,
        gmcNumber: '5555555',
        stage: 'ST1',
        programme: 'Generalism ST1',
        createdAt: now,
        updatedAt: now,
      });
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
      );
      await audit(
        t.db,
        { userId: platformAdmin.id, label: 'Admin' },
        {
          action: 'create',
          entityType: 'user',
          entityId: person.id,
          summary: 'Invited Erin Erase',
          after: { email: 'erin.erase@example.nhs.uk', gmcNumber: '5555555' },
        },
      );
      const personAgent = await as(person);
      const agent = await as(platformAdmin);
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
      expect(event?.actorUserId).toBe(platformAdmin.id);
      expect(event?.before).toMatchObject({ status: 'active' });
      // Nothing in the audit trail still holds the erased person's name, email or GMC number.
      const trail = await t.db.select().from(auditEvents);
      const text = JSON.stringify(trail).toLowerCase();
      expect(text).not.toContain('erin erase');
      expect(text).not.toContain('erin.erase@example.nhs.uk');
      expect(text).not.toContain('5555555');
      const shown = await agent.get(`/people/${person.id}`);
      expect(shown.body).toContain('Erased person');
      expect(shown.body).not.toContain('Erin Erase');
      expect(shown.body).not.toContain('/disable');
    });

    it('erases an invited person: their invitation link stops working', async () => {
      const agent = await as(platformAdmin);
      const response = await invite(agent, {
        displayName: 'Ivy Invited',
        email: 'ivy@example.nhs.uk',
        role: 'clinical_supervisor',
        regionId: east,
      });
      const id = (response.headers.location as string).split('/').pop()!;
      const link = linkIn((await lastMailTo('ivy@example.nhs.uk'))!.textBody);
      await agent.get(`/people/${id}/erase`);
      expect((await agent.post(`/people/${id}/erase`, { confirmEmail: 'ivy@example.nhs.uk' })).statusCode).toBe(302);
      expect((await new Agent(t.app).get(link)).statusCode).toBe(410);
      expect(await lastMailTo('ivy@example.nhs.uk')).toBeUndefined();
    });
  });

  describe('your data', () => {
    it('downloads everything held about the signed-in person, without secrets', async () => {
      const agent = await as(eastAdmin);
      const response = await invite(agent, {
        displayName: 'Dana Data',
        email: 'dana.data@example.nhs.uk',
        role: 'learner',
        gmcNumber: '6666666',
        stage: 'F1',
        programme: 'Generalism F1',
      });
      const link = linkIn((await lastMailTo('dana.data@example.nhs.uk'))!.textBody);
      const dana = new Agent(t.app);
      await dana.get(link);
      await dana.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
      await dana.post('/auth/sign-in', { email: 'dana.data@example.nhs.uk', password: PASSWORD });
      const download = await dana.get('/account/data');
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toContain('application/json');
      expect(download.headers['content-disposition']).toMatch(
        /^attachment; filename="breadth-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
      );
      const data = JSON.parse(download.body) as Record<string, unknown>;
      expect(data.account).toMatchObject({
        email: 'dana.data@example.nhs.uk',
        displayName: 'Dana Data',
        status: 'active',
      });
      expect(data.roles).toEqual([expect.objectContaining({ role: 'learner', region: 'East of England' })]);
      expect(data.learnerProfile).toMatchObject({ gmcNumber: '6666666', stage: 'F1' });
      const events = data.auditEvents as { aboutYou: { summary: string }[]; byYou: { summary: string }[] };
      expect(events.aboutYou.some((e) => e.summary.startsWith('Invited Dana Data'))).toBe(true);
      expect(events.byYou.some((e) => e.summary === 'Signed in')).toBe(true);
      const emails = data.emails as { subject: string; textBody: string }[];
      expect(emails).toHaveLength(1);
      expect(emails[0]!.textBody).toContain('/auth/set-password/[link hidden]');
      expect(download.body).not.toMatch(/argon2|passwordHash|totpSecret/);
      expect(download.body).not.toContain(link);
      expect(response.statusCode).toBe(302);
    });

    it('gives each person only their own data', async () => {
      const learner = await createUser(t.db, { role: 'learner', regionId: east, displayName: 'Only Me' });
      const data = await (await as(learner)).get('/account/data');
      expect(data.body).toContain('Only Me');
      expect(data.body).not.toContain('Dana Data');
      expect(data.body).not.toContain('Eve Admin');
    });
  });
});
