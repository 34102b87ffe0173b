import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, type TestApp } from './testing/app.ts';
import { allows, crawl, fillRoute, matchRoute, type RouteEntry, withRoutes } from './testing/crawl.ts';
import { users } from './platform/auth/schema.ts';
import { seedIfEmpty } from './seed.ts';
import { DEMO_DOMAIN } from './features/people/index.ts';

/**
 * Ids reach UUID columns; one that is not a UUID must be refused at the edge (404 for an address, 400 for a
 * form) rather than reach the database and come back as a 500. This walks every registered route with a path
 * parameter, and every posted form with a field named like an id, on the demo region, so that the forms are
 * reached with real records and a new route is covered the moment it is registered.
 */

const UUID = '0190a6e0-0000-7000-8000-000000000000';
// The overlong one stays under Fastify's limit on a path parameter's length (100), so it reaches the route.
const MALFORMED = ['not-a-uuid', '123', `${UUID}'`, `${UUID}${UUID.slice(0, 40)}`];
const NOW = new Date('2026-09-14T09:00:00Z');

const IDENTITIES = [
  { name: 'platform administrator', email: `platform.admin${DEMO_DOMAIN}`, roles: ['platform_admin'] },
  { name: 'regional programme administrator', email: `programme.admin${DEMO_DOMAIN}`, roles: ['programme_admin'] },
] as const;

/** Fields that carry ids: named so, or one of the few older names for a list or choice of records. */
function isIdField(name: string): boolean {
  return /Ids?$/.test(name) || ['posts', 'cohorts'].includes(name);
}

/** Path parameters that are ids (others are tokens, file names or outcome codes, checked by their own routes). */
function isIdParam(name: string): boolean {
  return name === 'id' || name.endsWith('Id');
}

/**
 * What a person would type into an empty field, so that a form passes its other checks and the id is what is
 * judged: a form refused for an empty title never shows whether its id reaches the database.
 */
function typed(name: string, value: string, n: number): string {
  if (value !== '') return value;
  if (name.endsWith('[day]')) return '1';
  if (name.endsWith('[month]')) return '10';
  if (name.endsWith('[year]')) return '2026';
  if (name === 'startTime' || name === 'deadlineTime') return '09:30';
  if (name === 'endTime') return '16:30';
  if (name === 'email') return `malformed-${String(n)}@example.nhs.uk`;
  if (name === 'postcode') return 'CB2 0QQ';
  if (/capacity|sessions|intakeYear|gmcNumber/i.test(name))
    return name === 'gmcNumber' ? String(7_000_000 + n) : name === 'intakeYear' ? '2026' : '1';
  if (/url|website|onlineUrl|venue|odsCode|q$|comment|action\d/i.test(name)) return '';
  return `Malformed id check ${String(n)}`;
}

let t: TestApp;
let routes: RouteEntry[] = [];
const agents = new Map<string, Agent>();
const seen = new Map<string, Awaited<ReturnType<typeof crawl>>>();

beforeAll(async () => {
  ({ built: t, routes } = await withRoutes(() =>
    createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000, now: () => NOW }),
  ));
  await seedIfEmpty(t.db, { demoLogins: true }, NOW);
  for (const identity of IDENTITIES) {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, identity.email));
    const agent = await new Agent(t.app).signInAs(user!.id);
    agents.set(identity.name, agent);
    seen.set(identity.name, await crawl(agent, routes));
  }
}, 300_000);
afterAll(async () => t.close());

function acceptable(status: number, route: RouteEntry, roles: readonly string[]): boolean {
  // Someone the route is not for may be turned away before the id is read.
  return status === 400 || status === 404 || (status === 403 && !allows(route.access, roles));
}

describe.each(IDENTITIES)('malformed ids, as a $name', (identity) => {
  it('finds routes with parameters and forms with id fields', () => {
    const found = seen.get(identity.name)!;
    expect(routes.filter((route) => route.params.length > 0).length).toBeGreaterThan(30);
    expect(
      [...found.forms.values()].filter((form) => form.fields.some(([name]) => isIdField(name))).length,
    ).toBeGreaterThan(3);
  });

  it('answers 400 or 404, never 500, for a malformed id in any path parameter', async () => {
    const agent = agents.get(identity.name)!;
    const { examples } = seen.get(identity.name)!;
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => candidate.params.length > 0)) {
      if (route.method !== 'GET' && route.method !== 'POST') continue;
      const example = examples.get(`${route.method} ${route.url}`);
      const real = example === undefined ? {} : (matchRoute(route, example) ?? {});
      for (const param of route.params.filter(isIdParam)) {
        for (const bad of MALFORMED) {
          const values = Object.fromEntries(route.params.map((name) => [name, real[name] ?? UUID]));
          values[param] = bad;
          const url = fillRoute(route, values);
          const response = route.method === 'GET' ? await agent.get(url) : await agent.post(url, {});
          if (!acceptable(response.statusCode, route, identity.roles))
            wrong.push(`${route.method} ${route.url} ${param}=${bad}: ${String(response.statusCode)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 or 404, never 500, for a malformed id in a query parameter that links give ids in', async () => {
    const agent = agents.get(identity.name)!;
    const { queryIds } = seen.get(identity.name)!;
    const wrong: string[] = [];
    for (const [path, names] of queryIds) {
      for (const name of names) {
        for (const bad of MALFORMED) {
          const response = await agent.get(`${path}?${new URLSearchParams({ [name]: bad }).toString()}`);
          if (response.statusCode >= 500) wrong.push(`GET ${path}?${name}=${bad}: ${String(response.statusCode)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers 400 or 404, never 500, for a malformed id in any form field named like an id', async () => {
    const agent = agents.get(identity.name)!;
    const { forms } = seen.get(identity.name)!;
    const wrong: string[] = [];
    let sent = 0;
    for (const route of routes.filter((candidate) => candidate.method === 'POST')) {
      const form = forms.get(`POST ${route.url}`);
      if (form === undefined) continue;
      const idFields = [...new Set(form.fields.map(([name]) => name).filter(isIdField))];
      for (const field of idFields) {
        for (const bad of MALFORMED) {
          const body: Record<string, string[]> = {};
          sent += 1;
          for (const [name, value] of form.fields)
            (body[name] ??= []).push(name === field ? bad : typed(name, value, sent));
          const response = await agent.post(form.action, body);
          // A form may also go ahead when the choices made leave the field unused (an organisation for a role
          // that has none), so a redirect is accepted too: what matters is that the id never reaches the database.
          if (![302, 400, 404].includes(response.statusCode))
            wrong.push(`POST ${route.url} ${field}=${bad}: ${String(response.statusCode)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
