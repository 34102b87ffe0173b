import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { Agent, createTestApp, createUser, type TestApp } from '../testing/app.ts';
import { clockFrom, contextOf } from './context.ts';
import { ForbiddenError } from './errors.ts';

// A Wednesday in mid-October: the app's clock says so, whatever today is.
const FIXED = new Date('2026-10-14T09:30:00Z');

describe('the app clock', () => {
  let t: TestApp;
  let ticks = 0;

  beforeAll(async () => {
    t = await createTestApp({
      now: () => {
        ticks += 1;
        return new Date(FIXED.getTime() + ticks);
      },
    });
  });
  afterAll(async () => t.close());

  it('gives each request one time, read once as it starts, and the request works at that time', async () => {
    const user = await createUser(t.db, { role: 'learner', regionId: t.regionIds['east-of-england'] ?? null });
    const agent = await new Agent(t.app).signInAs(user.id);
    const before = ticks;
    const response = await agent.get('/account/data');
    expect(response.statusCode).toBe(200);
    // The clock is read once for the request: the session check, the download's time and its file name all use it.
    expect(ticks - before).toBe(1);
    const exported = JSON.parse(response.body) as { exportedAt: string };
    expect(exported.exportedAt).toBe(new Date(FIXED.getTime() + ticks).toISOString());
    expect(response.headers['content-disposition']).toContain('2026-10-14');
  });
});

describe('contextOf', () => {
  it('refuses a request with nobody signed in', () => {
    const request = { principal: null, id: 'r1', now: FIXED } as unknown as FastifyRequest;
    expect(() =>
      contextOf(request, { db: {} as never, mailer: {} as never, config: { publicUrl: 'http://x' } }),
    ).toThrow(ForbiddenError);
  });

  it('gives the service the request’s time and who is asking, as the audit actor too', () => {
    const principal = { userId: 'u1', email: 'a@example.nhs.uk', displayName: 'Dr A', roles: [], totpEnabled: false };
    const request = { principal, id: 'r2', now: FIXED } as unknown as FastifyRequest;
    const context = contextOf(request, { db: {} as never, mailer: {} as never, config: { publicUrl: 'http://x' } });
    expect(context.now).toBe(FIXED);
    expect(context.principal).toBe(principal);
    expect(context.actor).toEqual({ userId: 'u1', label: 'Dr A', requestId: 'r2' });
    expect(context.publicUrl).toBe('http://x');
  });
});

describe('clockFrom', () => {
  it('starts at the given moment and moves forward from it, never back', async () => {
    const clock = clockFrom(FIXED);
    const first = clock();
    expect(first.getTime() - FIXED.getTime()).toBeGreaterThanOrEqual(0);
    expect(first.getTime() - FIXED.getTime()).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = clock();
    expect(later.getTime()).toBeGreaterThanOrEqual(first.getTime() + 15);
  });
});
