import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { hashPassword } from './passwords.ts';
import { users } from './schema.ts';
import { findUserById } from './store.ts';
import { newTotpSecret, totpCode, totpCodeAtStep, totpStep } from './totp.ts';

const PASSWORD = 'copper tulip harbour';

describe('two-factor authentication', () => {
  let t: TestApp;
  let passwordHash: string;
  // A clock the test moves, so that time steps (30 s) are under its control.
  let clock = new Date('2026-11-05T10:00:05Z');
  beforeAll(async () => {
    t = await createTestApp({ signInRateLimit: 1000, now: () => clock });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t.close());

  /** An administrator with two-factor on, and the secret their app holds. */
  async function administrator(): Promise<{ id: string; email: string; secret: string }> {
    const user = await createUser(t.db, { role: 'platform_admin', passwordHash });
    const secret = newTotpSecret();
    await t.db.update(users).set({ totpSecret: secret, totpEnabledAt: clock }).where(eq(users.id, user.id));
    return { ...user, secret };
  }

  /** A browser that has given the right password and is asked for a code. */
  async function atCodeStep(email: string): Promise<Agent> {
    const agent = new Agent(t.app);
    const response = await agent.post('/auth/sign-in', { email, password: PASSWORD });
    expect(response.headers.location).toBe('/auth/two-factor');
    return agent;
  }

  function wrongCode(secret: string): string {
    const right = new Set([-1, 0, 1].map((delta) => totpCodeAtStep(secret, totpStep(clock) + delta)));
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!right.has(code)) return code;
    }
  }

  it('keeps counting wrong codes when the right password is given again, and locks after five', async () => {
    const admin = await administrator();
    let agent = await atCodeStep(admin.email);
    for (let i = 0; i < 3; i++) {
      expect((await agent.post('/auth/two-factor', { code: wrongCode(admin.secret) })).statusCode).toBe(400);
    }
    // Signing in again with the password must not wipe the three wrong codes.
    agent = await atCodeStep(admin.email);
    expect((await agent.post('/auth/two-factor', { code: wrongCode(admin.secret) })).statusCode).toBe(400);
    const fifth = await agent.post('/auth/two-factor', { code: wrongCode(admin.secret) });
    expect(fifth.statusCode).toBe(302);
    expect(fifth.headers.location).toBe('/auth/sign-in');
    const locked = await findUserById(t.db, admin.id);
    expect(locked?.lockedUntil?.getTime()).toBeGreaterThan(clock.getTime());

    // Locked: the right password is refused, and so is the right code.
    const again = new Agent(t.app);
    const signIn = await again.post('/auth/sign-in', { email: admin.email, password: PASSWORD });
    expect(signIn.statusCode).toBe(400);
    expect(signIn.body).toContain('locked');
  });

  it('refuses the right code in a sign-in that began before the account was locked', async () => {
    const admin = await administrator();
    const patient = await atCodeStep(admin.email);
    const guesser = await atCodeStep(admin.email);
    for (let i = 0; i < 5; i++) await guesser.post('/auth/two-factor', { code: wrongCode(admin.secret) });
    const response = await patient.post('/auth/two-factor', { code: totpCode(admin.secret, clock) });
    expect(response.headers.location).toBe('/auth/sign-in');
    expect((await patient.get('/account')).statusCode).toBe(302);
  });

  it('counts wrong codes sent at the same time, each of them', async () => {
    const admin = await administrator();
    const agents = await Promise.all([0, 1, 2, 3, 4].map(() => atCodeStep(admin.email)));
    await Promise.all(agents.map((agent) => agent.post('/auth/two-factor', { code: wrongCode(admin.secret) })));
    const user = await findUserById(t.db, admin.id);
    expect(user?.lockedUntil?.getTime()).toBeGreaterThan(clock.getTime());
  });

  it('accepts a code once: the same code again, even in its own 30 seconds, is refused', async () => {
    const admin = await administrator();
    const code = totpCode(admin.secret, clock);
    const first = await atCodeStep(admin.email);
    expect((await first.post('/auth/two-factor', { code })).headers.location).toBe('/');

    const second = await atCodeStep(admin.email);
    const replay = await second.post('/auth/two-factor', { code });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('This code has already been used');
    // An earlier code (the one before, still inside the drift window) is refused too.
    const earlier = await second.post('/auth/two-factor', {
      code: totpCodeAtStep(admin.secret, totpStep(clock) - 1),
    });
    expect(earlier.statusCode).toBe(400);

    // The next code works once it is shown.
    clock = new Date(clock.getTime() + 30_000);
    expect((await second.post('/auth/two-factor', { code: totpCode(admin.secret, clock) })).headers.location).toBe('/');
  });

  it('lets only one of two sign-ins that send the same code at once through', async () => {
    const admin = await administrator();
    const code = totpCode(admin.secret, clock);
    const [a, b] = await Promise.all([atCodeStep(admin.email), atCodeStep(admin.email)]);
    const responses = await Promise.all([a.post('/auth/two-factor', { code }), b.post('/auth/two-factor', { code })]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([302, 400]);
  });

  it('starts the counts again only when sign-in completes', async () => {
    const admin = await administrator();
    const agent = await atCodeStep(admin.email);
    await agent.post('/auth/two-factor', { code: wrongCode(admin.secret) });
    await new Agent(t.app).post('/auth/sign-in', { email: admin.email, password: 'not the password' });
    let user = await findUserById(t.db, admin.id);
    expect([user?.failedLoginCount, user?.failedTotpCount]).toEqual([1, 1]);
    clock = new Date(clock.getTime() + 30_000);
    await agent.post('/auth/two-factor', { code: totpCode(admin.secret, clock) });
    user = await findUserById(t.db, admin.id);
    expect([user?.failedLoginCount, user?.failedTotpCount]).toEqual([0, 0]);
  });

  it('shows the set-up page without storing anything, and stores the secret once confirmed', async () => {
    const learner = await createUser(t.db, { role: 'learner', passwordHash });
    const agent = new Agent(t.app);
    await agent.post('/auth/sign-in', { email: learner.email, password: PASSWORD });
    const before = await findUserById(t.db, learner.id);
    const first = await agent.get('/auth/two-factor/setup');
    const second = await agent.get('/auth/two-factor/setup');
    const secret = /data-secret="([A-Z2-7]+)"/.exec(first.body)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(second.body).toContain(`data-secret="${secret}"`);
    expect(await findUserById(t.db, learner.id)).toEqual(before);

    clock = new Date(clock.getTime() + 30_000);
    const confirmed = await agent.post('/auth/two-factor/setup', { code: totpCode(secret, clock) });
    expect(confirmed.headers.location).toBe('/account');
    const after = await findUserById(t.db, learner.id);
    expect(after?.totpSecret).toBe(secret);
    expect(after?.totpEnabledAt).not.toBeNull();
  });

  it('asks for the password before turning two-factor off', async () => {
    const learner = await createUser(t.db, { role: 'learner', passwordHash });
    const secret = newTotpSecret();
    await t.db.update(users).set({ totpSecret: secret, totpEnabledAt: clock }).where(eq(users.id, learner.id));
    const agent = await new Agent(t.app).signInAs(learner.id);
    expect((await agent.get('/account/two-factor/off')).body).toContain('Enter your password to confirm');

    const missing = await agent.post('/account/two-factor/off', {});
    expect(missing.statusCode).toBe(400);
    const wrong = await agent.post('/account/two-factor/off', { currentPassword: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your password is not correct');
    expect((await findUserById(t.db, learner.id))?.totpEnabledAt).not.toBeNull();

    const right = await agent.post('/account/two-factor/off', { currentPassword: PASSWORD });
    expect(right.headers.location).toBe('/account');
    expect((await findUserById(t.db, learner.id))?.totpEnabledAt).toBeNull();
  });
});
