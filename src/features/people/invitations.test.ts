import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { users, userTokens } from '../../platform/auth/schema.ts';
import { newId } from '../../platform/db/ids.ts';
import { organisations } from '../organisations/schema.ts';
import { learnerProfiles } from './schema.ts';
import { idFrom, invitationLink, invite, lastMailTo, PASSWORD } from './test-fixtures.ts';

// Each test signs in the administrator who invites, and invites people with names, email addresses and GMC numbers
// no other test uses: no test reads what another wrote, so they pass alone and in any order.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ signInRateLimit: 1000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

/** An East of England programme administrator, signed in. */
async function eastAdmin() {
  return signedIn(t, 'programme_admin', east, { name: 'Eve Admin' });
}

/** Follows the invitation link, chooses PASSWORD and signs in with it, as the invited person does. */
async function accept(link: string, email: string): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.get(link);
  await agent.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
  await agent.post('/auth/sign-in', { email, password: PASSWORD });
  return agent;
}

describe('inviting', () => {
  it('invites a learner, who follows the emailed link, sets a password and signs in', async () => {
    const admin = await eastAdmin();
    const agent = admin.agent;
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
    const personPath = String(response.headers.location);
    expect(personPath).toMatch(/^\/people\/[0-9a-f-]{36}$/);
    const page = readPage((await agent.get(personPath)).body);
    expect(page.text()).toContain('Invitation sent to Dr Rosa Lind');
    expect(page.text()).toContain('1234567');

    const [user] = await t.db.select().from(users).where(eq(users.email, 'rosa.lind@example.nhs.uk'));
    expect(user?.status).toBe('invited');
    const [profile] = await t.db
      .select()
      .from(learnerProfiles)
      .where(eq(learnerProfiles.userId, user?.id ?? ''));
    expect(profile).toMatchObject({ regionId: east, gmcNumber: '1234567', stage: 'F2', programme: 'Generalism F2' });
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, user?.id ?? ''), eq(auditEvents.action, 'invite')));
    expect(event?.actorUserId).toBe(admin.id);

    const mail = await lastMailTo(t, 'rosa.lind@example.nhs.uk');
    expect(mail?.regionId).toBe(east);
    const link = await invitationLink(t, 'rosa.lind@example.nhs.uk');
    const invited = new Agent(t.app);
    const setPage = await invited.get(link);
    expect(setPage.statusCode).toBe(200);
    expect(readPage(setPage.body).title()).toContain('Create your password');
    const set = await invited.post(link, { password: PASSWORD, confirmPassword: PASSWORD });
    expect(set.statusCode).toBe(302);
    const signIn = await invited.post('/auth/sign-in', { email: 'rosa.lind@example.nhs.uk', password: PASSWORD });
    expect(signIn.statusCode).toBe(302);
    expect((await invited.get('/account')).statusCode).toBe(200);
    expect((await invited.get(link)).statusCode).toBe(410);
  });

  it('shows every error at once and keeps what was typed', async () => {
    const { agent } = await eastAdmin();
    const response = await invite(agent, {
      displayName: '',
      email: 'not-an-email',
      role: 'learner',
      gmcNumber: '12345',
      stage: '',
      programme: 'Generalism F1',
    });
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.texts('.nhsuk-error-summary__heading')).toEqual(['There is a problem']);
    const errors = page.errors();
    expect(errors).toContainEqual(expect.stringContaining('Enter their full name'));
    expect(errors).toContainEqual(expect.stringContaining('Enter an email address in the correct format'));
    expect(errors).toContainEqual(expect.stringContaining('GMC number must be 7 digits'));
    expect(errors).toContainEqual(expect.stringContaining('Select the learner’s stage'));
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toContain('value="12345"');
    expect(response.body).toContain('value="Generalism F1"');
    expect(response.body).toMatch(/value="learner"[^>]*checked/);
  });

  it('asks for a role, and an organisation for a provider contact', async () => {
    const { agent } = await eastAdmin();
    const trust = newId();
    const now = t.app.clock();
    await t.db.insert(organisations).values({
      id: trust,
      regionId: east,
      name: 'East Test Hospitals NHS Trust',
      kind: 'acute_trust',
      isNhs: true,
      createdAt: now,
      updatedAt: now,
    });
    const noRole = await invite(agent, { displayName: 'No Role', email: 'norole@example.nhs.uk' });
    expect(noRole.statusCode).toBe(400);
    expect(readPage(noRole.body).errors()).toContainEqual(expect.stringContaining('Select a role'));
    const noOrg = await invite(agent, {
      displayName: 'Olu Provider',
      email: 'olu@example.nhs.uk',
      role: 'provider_contact',
    });
    expect(readPage(noOrg.body).errors()).toContainEqual(
      expect.stringContaining('Select the organisation the contact works for'),
    );
    const ok = await invite(agent, {
      displayName: 'Olu Provider',
      email: 'olu@example.nhs.uk',
      role: 'provider_contact',
      organisationId: trust,
    });
    expect(ok.statusCode).toBe(302);
    const page = await agent.get(String(ok.headers.location));
    expect(readPage(page.body).text()).toContain('East Test Hospitals NHS Trust');
  });

  it('refuses an email address already in use, keeping the form', async () => {
    const { agent } = await eastAdmin();
    const existing = await signedIn(t, 'learner', london);
    const response = await invite(agent, {
      displayName: 'Second Person',
      email: existing.email.toUpperCase(),
      role: 'clinical_supervisor',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toContainEqual(
      expect.stringContaining('This email address already belongs to someone on Breadth'),
    );
    expect(response.body).toContain('value="Second Person"');
  });

  it('refuses a GMC number already in use', async () => {
    const { agent } = await eastAdmin();
    const first = await invite(agent, {
      displayName: 'First Gmc',
      email: 'first.gmc@example.nhs.uk',
      role: 'learner',
      gmcNumber: '2222222',
      stage: 'F1',
      programme: 'Generalism F1',
    });
    expect(first.statusCode).toBe(302);
    const response = await invite(agent, {
      displayName: 'Second Gmc',
      email: 'second.gmc@example.nhs.uk',
      role: 'learner',
      gmcNumber: '222 2222',
      stage: 'F1',
      programme: 'Generalism F1',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toContainEqual(
      expect.stringContaining('This GMC number already belongs to someone'),
    );
  });

  it('lets only platform administrators give the platform administrator role', async () => {
    const regional = (await eastAdmin()).agent;
    const refused = await invite(regional, {
      displayName: 'Would Be Admin',
      email: 'wouldbe@example.nhs.uk',
      role: 'platform_admin',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toContainEqual(
      expect.stringContaining('Only a platform administrator can give the platform administrator role'),
    );

    const admin = (await signedIn(t, 'platform_admin', null)).agent;
    const form = await admin.get('/people/invite');
    expect(form.body).toContain('value="platform_admin"');
    expect(form.body).toContain('name="regionId"');
    // A learner's fields all given, so that the one thing missing is the region (its list's first option is also
    // called "Select a region": the error summary is where the message must be).
    const noRegion = await invite(admin, {
      displayName: 'Regionless',
      email: 'rl@example.nhs.uk',
      role: 'learner',
      gmcNumber: '7777777',
      stage: 'F1',
      programme: 'Generalism F1',
    });
    expect(noRegion.statusCode).toBe(400);
    expect(readPage(noRegion.body).errors()).toEqual(['Select a region']);
    const inLondon = await invite(admin, {
      displayName: 'Lon Don',
      email: 'lon.don@example.nhs.uk',
      role: 'programme_director',
      regionId: london,
    });
    expect(inLondon.statusCode).toBe(302);
  });

  it('sends a new invitation on request; the old link stops working', async () => {
    const { agent } = await eastAdmin();
    const response = await invite(agent, {
      displayName: 'Resend Me',
      email: 'resend@example.nhs.uk',
      role: 'educational_supervisor',
    });
    const personPath = String(response.headers.location);
    const oldLink = await invitationLink(t, 'resend@example.nhs.uk');
    await agent.get(personPath);
    const resend = await agent.post(`${personPath}/resend-invitation`);
    expect(resend.statusCode).toBe(302);
    expect(readPage((await agent.get(personPath)).body).text()).toContain('The link sent before no longer works');
    const newLink = await invitationLink(t, 'resend@example.nhs.uk');
    expect(newLink).not.toBe(oldLink);
    const anonymous = new Agent(t.app);
    expect((await anonymous.get(oldLink)).statusCode).toBe(410);
    expect((await anonymous.get(newLink)).statusCode).toBe(200);
  });

  it('refuses an expired invitation link', async () => {
    const { agent } = await eastAdmin();
    const response = await invite(agent, {
      displayName: 'Late Comer',
      email: 'late@example.nhs.uk',
      role: 'learner',
      gmcNumber: '3333333',
      stage: 'ST1',
      programme: 'Generalism ST1',
    });
    const userId = idFrom(response.headers.location);
    const link = await invitationLink(t, 'late@example.nhs.uk');
    await t.db
      .update(userTokens)
      .set({ expiresAt: new Date(t.app.clock().getTime() - 1000) })
      .where(eq(userTokens.userId, userId));
    const page = await new Agent(t.app).get(link);
    expect(page.statusCode).toBe(410);
    expect(readPage(page.body).text()).toContain('This link cannot be used');
  });
});

describe('erasing', () => {
  it('erases an invited person: their invitation link stops working', async () => {
    const { agent } = await signedIn(t, 'platform_admin', null);
    const response = await invite(agent, {
      displayName: 'Ivy Invited',
      email: 'ivy@example.nhs.uk',
      role: 'clinical_supervisor',
      regionId: east,
    });
    const id = idFrom(response.headers.location);
    const link = await invitationLink(t, 'ivy@example.nhs.uk');
    await agent.get(`/people/${id}/erase`);
    expect((await agent.post(`/people/${id}/erase`, { confirmEmail: 'ivy@example.nhs.uk' })).statusCode).toBe(302);
    expect((await new Agent(t.app).get(link)).statusCode).toBe(410);
    expect(await lastMailTo(t, 'ivy@example.nhs.uk')).toBeUndefined();
  });
});

describe('your data', () => {
  it('downloads everything held about the signed-in person, without secrets', async () => {
    const { agent } = await eastAdmin();
    const response = await invite(agent, {
      displayName: 'Dana Data',
      email: 'dana.data@example.nhs.uk',
      role: 'learner',
      gmcNumber: '6666666',
      stage: 'F1',
      programme: 'Generalism F1',
    });
    expect(response.statusCode).toBe(302);
    const link = await invitationLink(t, 'dana.data@example.nhs.uk');
    const dana = await accept(link, 'dana.data@example.nhs.uk');
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
    expect(emails[0]?.textBody).toContain('/auth/set-password/[link hidden]');
    expect(download.body).not.toMatch(/argon2|passwordHash|totpSecret/);
    expect(download.body).not.toContain(link);
  });
});
