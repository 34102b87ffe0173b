import diagnostics from 'node:diagnostics_channel';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from './testing/app.ts';
import authPlugin from './platform/auth/plugin.ts';
import webPlugin from './platform/web/plugin.ts';
import { ROLES, type Access, type Role } from './platform/auth/roles.ts';
import { audit } from './platform/audit/audit.ts';
import { auditEvents } from './platform/audit/schema.ts';
import { eq } from 'drizzle-orm';

/**
 * Every route Fastify registers, seen through the channel Fastify publishes each new instance on, so that the
 * walk covers routes added by any feature without a list to keep up to date.
 */
const registered: RouteOptions[] = [];
function collectRoutes(message: unknown): void {
  const { fastify } = message as { fastify: FastifyInstance };
  fastify.addHook('onRoute', (route) => {
    registered.push(route);
  });
}

function methods(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}

function isAsset(url: string): boolean {
  return url.startsWith('/assets/');
}

/** A signed-in person holding one role, or nobody. */
interface Identity {
  name: string;
  role: Role | null;
  region: 'east-of-england' | null;
}

const IDENTITIES: Identity[] = [
  { name: 'anonymous', role: null, region: null },
  ...ROLES.map((role): Identity => ({ name: `${role} in East of England`, role, region: 'east-of-england' })),
  { name: 'platform_admin with no region', role: 'platform_admin', region: null },
];

interface Expected {
  status: number;
  location?: string;
}

/**
 * Pages whose answer is not what their access alone says, and why. Anything not listed here is checked against
 * its declaration, so a new page is covered the moment it is registered.
 */
const EXCEPTIONS: Record<string, (identity: Identity) => Expected | undefined> = {
  // Someone already signed in has nothing to do on the sign-in page.
  '/auth/sign-in': (identity) => (identity.role === null ? undefined : { status: 302, location: '/' }),
  // Only a session waiting for its second factor may see the code page; nobody here has one.
  '/auth/two-factor': () => ({ status: 302, location: '/auth/sign-in' }),
  // Set-up needs a session; signed-in people without two-factor may turn it on.
  '/auth/two-factor/setup': (identity) =>
    identity.role === null ? { status: 302, location: '/auth/sign-in' } : undefined,
  // Nobody here has two-factor on, so there is nothing to turn off: back to their account.
  '/account/two-factor/off': (identity) => (identity.role === null ? undefined : { status: 302, location: '/account' }),
  // With no form kept there is nothing to show.
  '/auth/kept-form': (identity) => (identity.role === null ? undefined : { status: 302, location: '/' }),
  // A learner whose learner record is not set up yet has no portfolio to write in; /portfolio says why.
  ...Object.fromEntries(
    [
      '/portfolio/new/supervised-learning-event',
      '/portfolio/new/multi-source-feedback',
      '/portfolio/new/supervisor-meeting',
      '/portfolio/pdp',
    ].map((url) => [
      url,
      (identity: Identity) => (identity.role === 'learner' ? { status: 302, location: '/portfolio' } : undefined),
    ]),
  ),
};

function expectedFor(url: string, access: Access, identity: Identity): Expected {
  const exception = EXCEPTIONS[url]?.(identity);
  if (exception !== undefined) return exception;
  if (access === 'public') return { status: 200 };
  if (identity.role === null) return { status: 302, location: `/auth/sign-in?returnTo=${encodeURIComponent(url)}` };
  if (access === 'authenticated') return { status: 200 };
  return { status: access.includes(identity.role) ? 200 : 403 };
}

describe('access declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    diagnostics.subscribe('fastify.initialization', collectRoutes);
    try {
      t = await createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000 });
    } finally {
      diagnostics.unsubscribe('fastify.initialization', collectRoutes);
    }
  });
  afterAll(async () => t.close());

  it('finds the app’s routes', () => {
    const urls = registered.map((route) => route.url);
    expect(urls).toEqual(expect.arrayContaining(['/', '/auth/sign-in', '/account', '/admin/audit', '/admin/outbox']));
  });

  it('every registered route declares who may use it', () => {
    const undeclared = registered
      .filter((route) => route.config?.access === undefined)
      .map((route) => `${methods(route).join(',')} ${route.url}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses to start an app with a route that declares no access', async () => {
    async function appWith(register: (app: FastifyInstance) => void): Promise<FastifyInstance> {
      const app = Fastify({ logger: false });
      await app.register(webPlugin, { cookieSecret: 'x'.repeat(32), secureCookies: false, globalRateLimit: 1000 });
      await app.register(authPlugin, { loadRoles: async () => [], secureCookies: false });
      await app.register(async (child) => {
        register(child);
      });
      return app;
    }
    let refused: FastifyInstance | undefined;
    await expect(async () => {
      refused = await appWith((app) => app.get('/undeclared', async () => 'no'));
      await refused.ready();
    }).rejects.toThrow('Route GET /undeclared has no access declaration (config.access)');
    await refused?.close().catch(() => undefined);

    const accepted = await appWith((app) => app.get('/declared', { config: { access: 'public' } }, async () => 'yes'));
    await expect(accepted.ready()).resolves.toBeDefined();
    await accepted.close();
  });
});

describe('role × route matrix', () => {
  let t: TestApp;
  const agents = new Map<string, Agent>();
  let pages: { url: string; access: Access }[] = [];
  let forms: { method: string; url: string }[] = [];

  beforeAll(async () => {
    registered.length = 0;
    diagnostics.subscribe('fastify.initialization', collectRoutes);
    try {
      t = await createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000 });
    } finally {
      diagnostics.unsubscribe('fastify.initialization', collectRoutes);
    }
    const seen = new Set<string>();
    for (const route of registered) {
      for (const method of methods(route)) {
        const key = `${method} ${route.url}`;
        if (seen.has(key) || isAsset(route.url)) continue;
        seen.add(key);
        const access = route.config?.access;
        if (access === undefined) throw new Error(`${key} has no access declaration`);
        if (method === 'GET' && !route.url.includes(':') && !route.url.includes('*'))
          pages.push({ url: route.url, access });
        if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) forms.push({ method, url: route.url });
      }
    }
    pages = pages.sort((a, b) => a.url.localeCompare(b.url));
    forms = forms.sort((a, b) => a.url.localeCompare(b.url));
    for (const identity of IDENTITIES) {
      const agent = new Agent(t.app);
      if (identity.role !== null) {
        const user = await createUser(t.db, {
          role: identity.role,
          regionId: identity.region === null ? null : t.regionIds[identity.region]!,
        });
        await agent.signInAs(user.id);
      }
      agents.set(identity.name, agent);
    }
  });
  afterAll(async () => t.close());

  it('covers the pages of every role', () => {
    expect(pages.length).toBeGreaterThan(8);
    expect(forms.length).toBeGreaterThan(4);
  });

  it.for(IDENTITIES)('answers $name exactly as each page’s access declares', async (identity) => {
    const agent = agents.get(identity.name)!;
    const wrong: string[] = [];
    for (const page of pages) {
      const want = expectedFor(page.url, page.access, identity);
      const response = await agent.get(page.url);
      const got: Expected = { status: response.statusCode };
      if (want.location !== undefined) got.location = String(response.headers.location);
      if (got.status !== want.status || got.location !== want.location) {
        wrong.push(
          `GET ${page.url} (${JSON.stringify(page.access)}): wanted ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every state-changing request without a CSRF token, signed in or not', async () => {
    const signedIn = agents.get('platform_admin with no region')!;
    await signedIn.get('/account'); // receives the CSRF secret cookie, so only the token is missing
    const wrong: string[] = [];
    for (const form of forms) {
      // A valid-looking id in each path parameter, so that the request reaches the CSRF check.
      const url = form.url.replace(/:[A-Za-z]+/g, '0190a6e0-0000-7000-8000-000000000000').replace('*', 'x');
      for (const cookie of ['', signedIn.cookieHeader()]) {
        const response = await t.app.inject({
          method: form.method as 'POST',
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          payload: 'field=value',
        });
        if (response.statusCode !== 403) {
          wrong.push(
            `${form.method} ${form.url} ${cookie === '' ? 'anonymous' : 'signed in'}: ${String(response.statusCode)}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('records of another region', () => {
  let t: TestApp;
  let londonEventId: string;
  let londonMailId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const london = t.regionIds.london!;
    await audit(
      t.db,
      { userId: null, label: 'System' },
      {
        action: 'update',
        entityType: 'placement',
        entityId: 'london-placement',
        regionId: london,
        summary: 'Changed a London placement',
        before: { name: 'A' },
        after: { name: 'B' },
      },
      t.app.clock(),
    );
    const [event] = await t.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, 'london-placement'));
    londonEventId = event!.id;
    londonMailId = await t.app.mailer.queue(t.db, {
      to: 'london.learner@example.nhs.uk',
      subject: 'London invitation',
      text: 'https://breadth.example/auth/set-password/london',
      regionId: london,
    });
  });
  afterAll(async () => t.close());

  async function programmeAdminOf(region: string): Promise<Agent> {
    const user = await createUser(t.db, { role: 'programme_admin', regionId: t.regionIds[region]! });
    return new Agent(t.app).signInAs(user.id);
  }

  it('are not found by a programme administrator of East of England', async () => {
    const east = await programmeAdminOf('east-of-england');
    for (const url of [`/admin/audit/${londonEventId}`, `/admin/outbox/${londonMailId}`]) {
      const response = await east.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('London');
    }
    expect((await east.get('/admin/audit')).body).not.toContain('Changed a London placement');
    expect((await east.get('/admin/outbox')).body).not.toContain('London invitation');
  });

  it('are found by a programme administrator of London', async () => {
    const london = await programmeAdminOf('london');
    expect((await london.get(`/admin/audit/${londonEventId}`)).statusCode).toBe(200);
    expect((await london.get(`/admin/outbox/${londonMailId}`)).statusCode).toBe(200);
  });
});
