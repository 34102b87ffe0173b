import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../testing/app.ts';

const config = (trustProxy: string) =>
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    TRUST_PROXY: trustProxy,
  });

/** A sign-in attempt as it reaches Breadth through one proxy (which appends the address it saw). */
async function attempt(t: TestApp, forwardedFor: string) {
  return t.app.inject({
    method: 'POST',
    url: '/auth/sign-in',
    remoteAddress: '10.0.0.2',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
    payload: 'email=someone%40example.nhs.uk&password=guess',
  });
}

describe('client addresses behind a proxy', () => {
  describe('with one trusted proxy', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ config: config('1'), signInRateLimit: 3 });
    });
    afterAll(async () => t.close());

    it('still limits a flood that writes a different X-Forwarded-For each time', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // The client sends "X-Forwarded-For: 198.51.100.i"; the proxy appends the address it really saw.
        const response = await attempt(t, `198.51.100.${String(i)}, 203.0.113.7`);
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
      expect(statuses.slice(3)).toEqual([429, 429, 429]);
    });

    it('counts each real client separately', async () => {
      const other = await attempt(t, '198.51.100.1, 203.0.113.99');
      expect(other.statusCode).not.toBe(429);
    });
  });

  describe('with the proxy named by address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ config: config('10.0.0.0/24'), signInRateLimit: 3 });
    });
    afterAll(async () => t.close());

    it('limits the flood by the address the trusted proxy saw', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt(t, `198.51.100.${String(i)}, 203.0.113.8`)).statusCode);
      expect(statuses.slice(3)).toEqual([429, 429]);
    });

    it('ignores X-Forwarded-For from a client that is not the proxy', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/auth/sign-in',
          remoteAddress: '203.0.113.9',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `198.51.100.${String(i)}`,
          },
          payload: 'email=someone%40example.nhs.uk&password=guess',
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(3)).toEqual([429, 429]);
    });
  });
});
