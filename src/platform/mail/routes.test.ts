import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';

describe('outbox pages', () => {
  let t: TestApp;
  let eastAdmin: Agent;
  let platformAdmin: Agent;
  let inviteId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const eastId = t.regionIds['east-of-england']!;
    inviteId = await t.app.mailer.queue(t.db, {
      to: 'new.learner@example.nhs.uk',
      subject: 'You are invited to Breadth',
      text: 'Dear Sam,\n\nCreate your password: http://localhost:3000/auth/set-password/AbC-123_xyz\n\n<b>Not bold</b>',
      regionId: eastId,
    });
    await t.app.mailer.queue(t.db, {
      to: 'london@example.nhs.uk',
      subject: 'London mail',
      text: 'x',
      regionId: t.regionIds.london!,
    });
    await t.app.mailer.queue(t.db, { to: 'national@example.nhs.uk', subject: 'National mail', text: 'x' });
    const east = await createUser(t.db, { role: 'programme_director', regionId: eastId });
    eastAdmin = await new Agent(t.app).signInAs(east.id);
    const admin = await createUser(t.db, { role: 'platform_admin' });
    platformAdmin = await new Agent(t.app).signInAs(admin.id);
  });
  afterAll(async () => t.close());

  it('lists the region’s mail and explains that mail is held without SMTP', async () => {
    const response = await eastAdmin.get('/admin/outbox');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('No SMTP server is configured, so mail is held here');
    expect(response.body).toContain('new.learner@example.nhs.uk');
    expect(response.body).toContain(`href="/admin/outbox/${inviteId}"`);
    expect(response.body).toContain('Held');
    expect(response.body).not.toContain('London mail');
    expect(response.body).not.toContain('National mail');
  });

  it('shows platform administrators all mail, filtered by recipient and status', async () => {
    const all = await platformAdmin.get('/admin/outbox');
    expect(all.body).toContain('London mail');
    expect(all.body).toContain('National mail');
    const filtered = await platformAdmin.get('/admin/outbox?to=LONDON&status=held');
    expect(filtered.body).toContain('London mail');
    expect(filtered.body).not.toContain('National mail');
    expect((await platformAdmin.get('/admin/outbox?status=sent')).body).toContain('No mail matches these filters');
    const bad = await platformAdmin.get('/admin/outbox?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a status from the list');
  });

  it('shows a mail’s body, escaped, with its links clickable and written out in full', async () => {
    const response = await eastAdmin.get(`/admin/outbox/${inviteId}`);
    expect(response.statusCode).toBe(200);
    const url = 'http://localhost:3000/auth/set-password/AbC-123_xyz';
    expect(response.body).toContain(`<a class="nhsuk-link" href="${url}">${url}</a>`);
    expect(response.body).toContain('&lt;b&gt;Not bold&lt;/b&gt;');
    expect(response.body).not.toContain('<b>Not bold</b>');
  });

  it('answers 404 for unknown mail', async () => {
    expect((await eastAdmin.get('/admin/outbox/0190a6e0-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await eastAdmin.get('/admin/outbox/nope')).statusCode).toBe(404);
  });

  it('shows the outbox in the navigation of administrators', async () => {
    expect((await eastAdmin.get('/')).body).toContain('href="/admin/outbox"');
  });

  it('shows a sign-in link that works only in the demo, under a banner that says why', async () => {
    const token = 'Demo-invitation-token_0123456789abcdef';
    const id = await t.app.mailer.queue(t.db, {
      to: 'demo.learner@example.nhs.uk',
      subject: 'You are invited to Breadth',
      text: `Create your password: http://localhost:3000/auth/set-password/${token}`,
      regionId: t.regionIds['east-of-england']!,
      secrets: [token],
    });
    const response = await eastAdmin.get(`/admin/outbox/${id}`);
    expect(response.body).toContain(`href="http://localhost:3000/auth/set-password/${token}"`);
    expect(response.body).toContain('Demo only: this mail’s link works');
  });
});

describe('outbox pages in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        SESSION_SECRET: 'production-secret-production-secret-1234',
      }),
    });
  });
  afterAll(async () => t.close());

  it('hides the token of a sign-in link, saying the link is hidden', async () => {
    const token = 'Production-reset-token_0123456789abcdef';
    const id = await t.app.mailer.queue(t.db, {
      to: 'someone@example.nhs.uk',
      subject: 'Reset your Breadth password',
      text: `Use this link: https://breadth.example.nhs.uk/auth/set-password/${token}`,
      secrets: [token],
    });
    const admin = await createUser(t.db, { role: 'platform_admin' });
    const agent = await new Agent(t.app).signInAs(admin.id);
    const response = await agent.get(`/admin/outbox/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(token);
    expect(response.body).toContain('/auth/set-password/[link hidden]');
    expect(response.body).toContain('link hidden');
    expect(response.body).not.toContain('href="https://breadth.example.nhs.uk/auth/set-password/');
  });
});
