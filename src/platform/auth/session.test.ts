import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { hashPassword } from './passwords.ts';
import { KEPT_FORM_COOKIE, SESSION_COOKIE } from './plugin.ts';
import { keptForms } from './schema.ts';

const PASSWORD = 'copper tulip harbour';
const MINUTE = 60_000;

describe('sessions', () => {
  let t: TestApp;
  let clock = new Date('2026-11-25T09:00:00Z');
  let passwordHash: string;

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, signInRateLimit: 1000 });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t.close());

  function advance(minutes: number): void {
    clock = new Date(clock.getTime() + minutes * MINUTE);
  }

  async function signedInLearner(): Promise<{ agent: Agent; email: string }> {
    const user = await createUser(t.db, {
      role: 'learner',
      regionId: t.regionIds['east-of-england']!,
      passwordHash,
    });
    const agent = new Agent(t.app);
    const response = await agent.post('/auth/sign-in', { email: user.email, password: PASSWORD });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
    return { agent, email: user.email };
  }

  it('ends after 30 minutes without a request', async () => {
    const { agent } = await signedInLearner();
    expect((await agent.get('/account')).statusCode).toBe(200);
    advance(29);
    expect((await agent.get('/account')).statusCode).toBe(200); // activity extends the session
    advance(31);
    const expired = await agent.get('/account');
    expect(expired.statusCode).toBe(302);
    expect(expired.headers.location).toBe('/auth/sign-in?returnTo=%2Faccount');
  });

  it('is extended by the keep-alive the timeout warning sends', async () => {
    const { agent } = await signedInLearner();
    advance(25);
    const kept = await agent.post('/auth/keep-alive');
    expect(kept.statusCode).toBe(200);
    expect(kept.json()).toEqual({ ok: true, idleSeconds: 1800 });
    advance(25); // 50 minutes after signing in, 25 after the keep-alive
    expect((await agent.get('/account')).statusCode).toBe(200);
  });

  it('keeps a form posted after the session ended, without its passwords, and offers it back after sign-in', async () => {
    const { agent, email } = await signedInLearner();
    expect((await agent.get('/account/password')).statusCode).toBe(200);
    advance(31);
    const posted = await agent.post('/account/password', {
      currentPassword: PASSWORD,
      password: 'a new long passphrase here',
      confirmPassword: 'a new long passphrase here',
      note: 'Typed before the timeout',
    });
    expect(posted.statusCode).toBe(302);
    expect(posted.headers.location).toBe('/auth/sign-in?returnTo=%2Faccount%2Fpassword');
    expect(posted.cookies.find((cookie) => cookie.name === KEPT_FORM_COOKIE)?.httpOnly).toBe(true);
    const stored = await t.db.select().from(keptForms);
    expect(JSON.stringify(stored)).not.toContain('a new long passphrase here');
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);

    const signInPage = await agent.get('/auth/sign-in?returnTo=%2Faccount%2Fpassword');
    expect(signInPage.statusCode).toBe(200);
    const signedIn = await agent.post('/auth/sign-in', { email, password: PASSWORD });
    expect(signedIn.statusCode).toBe(302);
    expect(signedIn.headers.location).toBe('/auth/kept-form');

    const kept = await agent.get('/auth/kept-form');
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toContain('Send the form you were filling in');
    expect(kept.body).toContain('<form method="post" action="/account/password"');
    expect(kept.body).toContain('<input type="hidden" name="note" value="Typed before the timeout">');
    expect(kept.body).not.toContain('a new long passphrase here');

    // Sent back, the form reaches its page (which asks for the passwords again) and is forgotten.
    const resent = await agent.post('/account/password', { note: 'Typed before the timeout' });
    expect(resent.statusCode).toBe(400);
    expect(resent.body).toContain('There is a problem');
    const again = await agent.get('/auth/kept-form');
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/');
  });

  it('never shows a kept form to the next person who signs in on the same computer', async () => {
    const { agent } = await signedInLearner();
    await agent.get('/account/password');
    advance(31);
    await agent.post('/account/password', {
      currentPassword: 'x',
      password: 'y',
      confirmPassword: 'y',
      note: 'Private words',
    });
    expect((await t.db.select().from(keptForms)).length).toBeGreaterThan(0);

    const colleague = await createUser(t.db, {
      role: 'learner',
      regionId: t.regionIds['east-of-england']!,
      passwordHash,
    });
    await agent.get('/auth/sign-in');
    const signedIn = await agent.post('/auth/sign-in', { email: colleague.email, password: PASSWORD });
    expect(signedIn.statusCode).toBe(302);
    const page = await agent.get('/auth/kept-form');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/');
    expect(page.body).not.toContain('Private words');
    const remaining = await t.db.select().from(keptForms);
    expect(JSON.stringify(remaining)).not.toContain('Private words');
  });

  it('forgets a kept form once it is sent again to a page of any feature', async () => {
    const { agent, email } = await signedInLearner();
    await agent.get('/my-year');
    advance(31);
    const posted = await agent.post('/my-year/calendar/reset', {});
    expect(posted.headers.location).toBe('/auth/sign-in?returnTo=%2Fmy-year%2Fcalendar%2Freset');
    await agent.get('/auth/sign-in');
    expect((await agent.post('/auth/sign-in', { email, password: PASSWORD })).headers.location).toBe('/auth/kept-form');
    const kept = await agent.get('/auth/kept-form');
    expect(kept.body).toContain('action="/my-year/calendar/reset"');
    await agent.post('/my-year/calendar/reset', {});
    const again = await agent.get('/auth/kept-form');
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/');
  });

  it('keeps no form posted without any session, since it cannot say whose it is', async () => {
    const before = (await t.db.select().from(keptForms)).length;
    const anonymous = new Agent(t.app);
    const posted = await anonymous.post('/account/password', { note: 'Nobody signed in' });
    expect(posted.statusCode).toBe(302);
    expect((await t.db.select().from(keptForms)).length).toBe(before);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const user = await createUser(t.db, { role: 'learner', passwordHash });
    const response = await new Agent(t.app).post('/auth/sign-in', { email: user.email, password: PASSWORD });
    const cookie = response.cookies.find((item) => item.name === SESSION_COOKIE);
    expect(cookie).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
  });

  it('sends security headers with every page', async () => {
    const response = await new Agent(t.app).get('/');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/(^|;)\s*script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
  });

  it('answers the health and readiness checks', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
    expect(ready.headers['cache-control']).toBe('no-store');
  });
});
