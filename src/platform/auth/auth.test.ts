import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { hashPassword } from './passwords.ts';
import { totpCode, totpCodeAtStep, totpStep } from './totp.ts';
import { findUserByEmail } from './store.ts';

describe('sign-in', () => {
  let t: TestApp;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestApp({ signInRateLimit: 1000 });
    passwordHash = await hashPassword('copper tulip harbour');
  });
  afterAll(async () => t.close());

  it('redirects an anonymous request for a private page to sign-in with a return path', async () => {
    const response = await new Agent(t.app).get('/account');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/auth/sign-in?returnTo=%2Faccount');
  });

  it('signs in with the right password and returns to the page asked for', async () => {
    const user = await createUser(t.db, {
      role: 'learner',
      regionId: t.regionIds['east-of-england'] ?? null,
      passwordHash,
    });
    const agent = new Agent(t.app);
    await agent.get('/auth/sign-in?returnTo=%2Faccount');
    const response = await agent.post('/auth/sign-in', {
      email: user.email.toUpperCase(),
      password: 'copper tulip harbour',
    });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/account');
    const home = await agent.get('/');
    expect(home.body).toContain(user.displayName);
  });

  it.each(['/\t/evil.example', '/\\/evil.example', '//evil.example', 'https://evil.example/', '/%2F%2Fevil.example'])(
    'never returns to another site after sign-in (returnTo %j)',
    async (returnTo) => {
      const user = await createUser(t.db, { role: 'learner', passwordHash });
      const agent = new Agent(t.app);
      await agent.get(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      const response = await agent.post('/auth/sign-in', { email: user.email, password: 'copper tulip harbour' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/');
    },
  );

  it('refuses a wrong password with the same message as an unknown email, keeping the email typed', async () => {
    const user = await createUser(t.db, { role: 'learner', passwordHash });
    const agent = new Agent(t.app);
    const wrong = await agent.post('/auth/sign-in', { email: user.email, password: 'not the password' });
    const unknown = await agent.post('/auth/sign-in', { email: 'nobody@example.nhs.uk', password: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain(`value="${user.email}"`);
    const message = /Enter a correct email address and password[^<]*/.exec(wrong.body)?.[0];
    expect(message).toBeDefined();
    expect(unknown.body).toContain(message);
  });

  it('locks the account after five wrong passwords, even for the right password', async () => {
    const user = await createUser(t.db, { role: 'learner', passwordHash });
    const agent = new Agent(t.app);
    for (let i = 0; i < 5; i++)
      await agent.post('/auth/sign-in', { email: user.email, password: `wrong ${String(i)}` });
    const locked = await agent.post('/auth/sign-in', { email: user.email, password: 'copper tulip harbour' });
    expect(locked.statusCode).toBe(400);
    expect(locked.body).toContain('locked');
    expect((await findUserByEmail(t.db, user.email))?.lockedUntil).not.toBeNull();
  });

  it('refuses a form posted without a CSRF token', async () => {
    const user = await createUser(t.db, { role: 'learner', passwordHash });
    const agent = new Agent(t.app);
    const response = await agent.post(
      '/auth/sign-in',
      { email: user.email, password: 'copper tulip harbour' },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
  });

  it('asks administrators for a second factor and accepts only the current code', async () => {
    const admin = await createUser(t.db, { role: 'platform_admin', passwordHash });
    const agent = new Agent(t.app);
    const signIn = await agent.post('/auth/sign-in', { email: admin.email, password: 'copper tulip harbour' });
    expect(signIn.headers.location).toBe('/auth/two-factor/setup');
    expect((await agent.get('/account')).headers.location).toBe('/auth/two-factor/setup');
    const setup = await agent.get('/auth/two-factor/setup');
    const secret = /data-secret="([A-Z2-7]+)"/.exec(setup.body)?.[1];
    expect(secret).toBeDefined();
    const bad = await agent.post('/auth/two-factor/setup', {
      code: '000000' === totpCode(secret ?? '', t.app.clock()) ? '111111' : '000000',
    });
    expect(bad.statusCode).toBe(400);
    const good = await agent.post('/auth/two-factor/setup', { code: totpCode(secret ?? '', t.app.clock()) });
    expect(good.statusCode).toBe(302);
    expect((await agent.get('/account')).statusCode).toBe(200);

    const again = new Agent(t.app);
    expect(
      (await again.post('/auth/sign-in', { email: admin.email, password: 'copper tulip harbour' })).headers.location,
    ).toBe('/auth/two-factor');
    expect((await again.get('/account')).statusCode).toBe(302);
    // The code used to set up has been used; the next one (accepted a step early, for clock drift) works.
    const next = totpCodeAtStep(secret ?? '', totpStep(t.app.clock()) + 1);
    expect((await again.post('/auth/two-factor', { code: next })).statusCode).toBe(302);
    expect((await again.get('/account')).statusCode).toBe(200);
  });
});

describe('sign-in flood', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ signInRateLimit: 5 });
  });
  afterAll(async () => t.close());

  it('rate-limits sign-in attempts from one address', async () => {
    const agent = new Agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await agent.post('/auth/sign-in', { email: 'someone@example.nhs.uk', password: 'guess' })).statusCode,
      );
    }
    expect(statuses.slice(0, 5).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });
});
