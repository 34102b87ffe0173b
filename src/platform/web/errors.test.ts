import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/testing.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../errors.ts';

describe('error pages', () => {
  let app: FastifyInstance;
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    app = await buildApp({ config, database, logger: false });
    app.get('/test/not-found', { config: { access: 'public' } }, () => {
      throw new NotFoundError();
    });
    app.get('/test/forbidden', { config: { access: 'public' } }, () => {
      throw new ForbiddenError();
    });
    app.get('/test/rule', { config: { access: 'public' } }, () => {
      throw new RuleError('This post already has a learner.');
    });
    app.get('/test/crash', { config: { access: 'public' } }, () => {
      throw new Error('database exploded');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it.each([
    ['/test/not-found', 404, 'Page not found'],
    ['/test/forbidden', 403, 'You do not have access to this page'],
    ['/test/rule', 409, 'This post already has a learner.'],
    ['/nowhere', 404, 'Page not found'],
  ])('%s answers %i with a page that says so', async (url, status, text) => {
    const response = await app.inject({ url, headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain(text);
  });

  it('hides the cause of an unexpected error and gives a reference to quote', async () => {
    const response = await app.inject({ url: '/test/crash', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('database exploded');
    const reference = /quote reference <strong>([0-9a-f-]{36})<\/strong>/.exec(response.body)?.[1];
    expect(reference).toBeDefined();
  });

  it('answers JSON to a client that asks for JSON', async () => {
    const response = await app.inject({ url: '/test/not-found', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'Page not found' });
  });
});
