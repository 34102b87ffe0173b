import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { issueUserToken } from '../auth/store.ts';
import { redactedPath } from './request-log.ts';

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({
      config: loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
      }),
      logger: true,
      logStream: { write: (line: string) => lines.push(line) },
    });
  });
  afterAll(async () => t.close());

  it('never record a token from a path or a query string', async () => {
    const user = await createUser(t.db, { role: 'learner' });
    const resetToken = await issueUserToken(t.db, user.id, 'password_reset', t.app.clock(), null);
    const calendarToken = 'Zq3calendarFeedToken0123456789abcdef';
    const agent = new Agent(t.app);
    const csrf = await agent.csrfToken();

    await agent.get(`/auth/set-password/${resetToken}`);
    await agent.post(`/auth/set-password/${resetToken}`, { password: 'x', confirmPassword: 'y' });
    await agent.get(`/my-year/calendar/${calendarToken}.ics`);
    await agent.get(`/auth/sign-in?returnTo=%2Faccount&_csrf=${encodeURIComponent(csrf)}`);
    await agent.get(`/no-such-page/${calendarToken}?token=${resetToken}`);

    const log = lines.join('');
    expect(log).toContain('/auth/set-password/:token');
    for (const secret of [resetToken, calendarToken, csrf, encodeURIComponent(csrf)]) {
      expect(log).not.toContain(secret);
    }
  });

  it('refuses a form token sent in the query string', async () => {
    const user = await createUser(t.db, { role: 'learner' });
    const agent = await new Agent(t.app).signInAs(user.id);
    const page = await agent.get('/account');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect(token).not.toBe('');
    const response = await t.app.inject({
      method: 'POST',
      url: `/auth/sign-out?_csrf=${encodeURIComponent(token)}`,
      headers: { cookie: agent.cookieHeader(), accept: 'text/html' },
    });
    expect(response.statusCode).toBe(403);
    // Signing out is a form that carries its token in the body.
    expect(page.body).toMatch(/<form[^>]*action="\/auth\/sign-out"[^>]*><input type="hidden" name="_csrf"/);
    expect((await agent.post('/auth/sign-out')).headers.location).toBe('/auth/sign-in');
  });
});

describe('redactedPath', () => {
  it.each([
    ['/events', '/events'],
    ['/events?page=2', '/events?:hidden'],
    ['/my-year/calendar/Zq3calendarFeedToken0123.ics', '/my-year/calendar/:hidden'],
    ['/people/0190b4f2-7c2a-7000-8000-000000000000/edit', '/people/:hidden/edit'],
  ])('%s → %s', (url, expected) => {
    expect(redactedPath(url)).toBe(expected);
  });
});
