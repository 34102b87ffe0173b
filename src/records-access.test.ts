import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from './testing/app.ts';
import { allows, crawl, fillRoute, matchRoute, routeFor, type RouteEntry, withRoutes } from './testing/crawl.ts';
import { addRecordsOfEveryKind } from './testing/demo-records.ts';
import { users } from './platform/auth/schema.ts';
import { ROLES, type Role } from './platform/auth/roles.ts';
import { newId } from './platform/db/ids.ts';
import { seedIfEmpty } from './seed.ts';
import { DEMO_DOMAIN } from './features/people/index.ts';
import { learnerProfiles } from './features/people/schema.ts';
import { organisations } from './features/organisations/schema.ts';

/**
 * Whose records a page with a record in its path shows. access.test.ts checks the pages without parameters against
 * their declared roles, but a role is not enough for a record: a programme director of London holds the right role
 * for an East of England learner's progress, and must still not see it. This walks every registered GET route with
 * a path parameter, each with a real record of the demo region (East of England) found by crawling the region as
 * the people the record is for, and asks for it as people of another region, and as a learner, supervisors and a
 * fellow of the same region who have nothing to do with it. None may read it: the answer must be 403 or 404, or a
 * redirect that does not end on a page of the record. A new route is covered the moment it is registered: one with
 * no record to show fails until the demo data (or testing/demo-records.ts) has one.
 */

const NOW = new Date('2026-09-14T09:00:00Z');
const EAST = 'east-of-england';
const LONDON = 'london';

interface Identity {
  name: string;
  role: Role | null;
  region: string | null;
}

const IDENTITIES: Identity[] = [
  { name: 'anonymous', role: null, region: null },
  ...ROLES.map((role): Identity =>
    role === 'platform_admin'
      ? { name: 'platform_admin (every region)', role, region: null }
      : { name: `${role} of London`, role, region: LONDON },
  ),
  { name: 'learner of East of England, not the record’s', role: 'learner', region: EAST },
  {
    name: 'educational_supervisor of East of England, supervising nobody',
    role: 'educational_supervisor',
    region: EAST,
  },
  { name: 'clinical_supervisor of East of England, supervising nobody', role: 'clinical_supervisor', region: EAST },
  { name: 'educational_fellow of East of England, facilitating nothing', role: 'educational_fellow', region: EAST },
];

const ofRecordsRegion = (identity: Identity) => identity.region === EAST;

interface Exception {
  who: (identity: Identity) => boolean;
  why: string;
}

/**
 * Who may read a record that is not theirs, and why: on every route ('*') or on one. Everyone else is checked, so a
 * new route is refused to all of them until it is listed here.
 */
const EXCEPTIONS: Record<string, Exception[]> = {
  '*': [
    {
      who: (identity) => identity.role === 'platform_admin',
      why: 'the platform administrator runs every region’s programme',
    },
  ],
  '/events/:id': [
    {
      who: ofRecordsRegion,
      why: 'a region’s learning events are shown to all its learners and staff; the audience decides who may book',
    },
  ],
  '/curriculum/versions/:id': [
    {
      who: ofRecordsRegion,
      why: 'a region’s published curriculum is read by everyone working or training in it (drafts: checked below)',
    },
  ],
  '/showcase/:id': [
    {
      who: () => true,
      why: 'a completed project its team chose to publish is on the public showcase, for anyone to read',
    },
  ],
  '/curriculum/activities/:id': [
    { who: ofRecordsRegion, why: 'a region’s curriculum activities are read by everyone working or training in it' },
  ],
};

/**
 * Holes found and not closed yet, as `route identity-name`: ones in features being reshaped by someone else. Each
 * is still checked the other way round: the day it no longer leaks, this test fails until its entry is removed.
 */
const KNOWN_HOLES: Record<string, string> = {};

/**
 * Routes whose parameter is not a record id but a capability: a secret token in the path, given only to the person
 * it is for, is itself the access check, so there is no id of another person's to try. Also pages whose only
 * parameter is a region's public code and that show no record at all.
 */
const NOT_RECORDS: Record<string, string> = {
  '/auth/set-password/:token': 'a one-time token emailed to the person setting their password',
  '/assess/:token': 'a single-use token emailed to the assessor of a supervised learning event',
  '/feedback/msf/:token': 'a one-time token emailed to a colleague asked for multi-source feedback, who has no account',
  '/events/calendar/:file': 'a learner’s secret calendar-feed token, for their calendar app',
  '/my-year/calendar/:file': 'a learner’s secret calendar-feed token, for their calendar app',
  '/school/:regionCode/contact/sent':
    'the page after sending an enquiry: it shows the sender’s own reference from their session, or nothing',
};

/** Exceptions for every route under a path, as EXCEPTIONS gives them for one route. */
const PREFIX_EXCEPTIONS: Record<string, Exception[]> = {
  '/school/': [
    {
      who: () => true,
      why: 'a region’s public School of Generalism pages (its posts, modules, published news and handbook versions) are for anyone; drafts and scheduled news are not found',
    },
  ],
  '/projects/': [
    {
      who: (identity) => ofRecordsRegion(identity) && identity.role === 'educational_fellow',
      why: 'a region’s educational fellows support every change project there (their caseload) and its requests for support',
    },
  ],
};

function exceptionFor(route: RouteEntry, identity: Identity): Exception | undefined {
  const byPrefix = Object.entries(PREFIX_EXCEPTIONS).flatMap(([prefix, list]) =>
    route.url.startsWith(prefix) ? list : [],
  );
  return [...(EXCEPTIONS['*'] ?? []), ...(EXCEPTIONS[route.url] ?? []), ...byPrefix].find((exception) =>
    exception.who(identity),
  );
}

/** The demo people records are for, in the order a record's owner is chosen: the first the route lets in. */
const OWNERS = [
  { name: 'programme administrator', email: `programme.admin${DEMO_DOMAIN}`, roles: ['programme_admin'] },
  { name: 'learner', email: `learner${DEMO_DOMAIN}`, roles: ['learner'] },
  { name: 'platform administrator', email: `platform.admin${DEMO_DOMAIN}`, roles: ['platform_admin'] },
] as const;

/** One route's record: a concrete path and whom it is for. */
interface Sample {
  route: RouteEntry;
  path: string;
  owner: (typeof OWNERS)[number]['name'];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

let t: TestApp;
/** The GET routes with a path parameter. */
let pages: RouteEntry[] = [];
const samples: Sample[] = [];
const missing: string[] = [];
const owners = new Map<string, Agent>();
const agents = new Map<string, Agent>();

/** The GET route with parameters a concrete path belongs to (the one with fewer parameters first, as Fastify). */
function routeOf(path: string): RouteEntry | undefined {
  return routeFor(pages, path);
}

/** Follows redirects (at most five), as a browser would; gives the last answer and the path it came from. */
async function visit(agent: Agent, path: string): Promise<{ status: number; path: string }> {
  let current = path;
  for (let hops = 0; hops < 5; hops++) {
    const response = await agent.get(current);
    const location = response.headers.location;
    if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string')
      return { status: response.statusCode, path: current };
    current = location;
  }
  return { status: 0, path: current };
}

/**
 * Whether an answer shows the record to the identity: a page read (200) whose path still names one of the record's
 * ids, unless that page is one the identity may read anyway (cancelling a place one does not have leads back to the
 * event's own page, which a learner of its region may read).
 */
function shows(answer: { status: number; path: string }, recordPath: string, identity: Identity): boolean {
  if (answer.status !== 200) return false;
  const landed = answer.path.split('?')[0] ?? '';
  if (!(recordPath.match(UUID) ?? []).some((id) => landed.includes(id))) return false;
  const route = routeOf(landed);
  return route === undefined || exceptionFor(route, identity) === undefined;
}

beforeAll(async () => {
  let routes: RouteEntry[];
  ({ built: t, routes } = await withRoutes(() =>
    createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000, now: () => NOW }),
  ));
  pages = routes.filter((route) => route.method === 'GET' && route.params.length > 0);
  await seedIfEmpty(t.db, { demoLogins: true }, NOW);
  const ids = new Map<string, string>();
  for (const owner of OWNERS) {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, owner.email));
    ids.set(owner.name, user!.id);
    owners.set(owner.name, await new Agent(t.app).signInAs(user!.id));
  }

  // Real records: those the programme administrator and the learner reach from their pages, then those the demo
  // data lacks, added, whose paths no page links to or a crawl (one path per route) may not reach.
  const found: string[] = [];
  const added = await addRecordsOfEveryKind(t.db, {
    admin: owners.get('programme administrator')!,
    adminId: ids.get('programme administrator')!,
    learner: owners.get('learner')!,
    learnerId: ids.get('learner')!,
  });
  for (const owner of ['programme administrator', 'learner']) {
    const { examples } = await crawl(owners.get(owner)!, routes);
    for (const [key, path] of examples) if (key.startsWith('GET ')) found.push(path);
  }
  found.push(...added);
  for (const route of pages) {
    if (NOT_RECORDS[route.url] !== undefined) continue;
    const owner = OWNERS.find((candidate) => allows(route.access, candidate.roles));
    let path = found.find((candidate) => routeOf(candidate) === route);
    // A route no page links to, such as /learners/:id (which sends on to the learner's progress), takes its record
    // from a page under it.
    const under =
      path === undefined ? found.find((candidate) => routeOf(candidate)?.url.startsWith(`${route.url}/`)) : undefined;
    if (under !== undefined) path = fillRoute(route, matchRoute(routeOf(under)!, under) ?? {});
    if (owner === undefined || path === undefined) missing.push(route.url);
    else samples.push({ route, path, owner: owner.name });
  }

  // The people who must not read them.
  const londonTrust = newId();
  await t.db.insert(organisations).values({
    id: londonTrust,
    regionId: t.regionIds[LONDON]!,
    name: 'A London trust',
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    createdAt: NOW,
    updatedAt: NOW,
  });
  for (const identity of IDENTITIES) {
    const agent = new Agent(t.app);
    if (identity.role !== null) {
      const regionId = identity.region === null ? null : t.regionIds[identity.region]!;
      const user = await createUser(t.db, {
        role: identity.role,
        regionId,
        organisationId: identity.role === 'provider_contact' ? londonTrust : null,
      });
      if (identity.role === 'learner' && regionId !== null) {
        await t.db.insert(learnerProfiles).values({
          userId: user.id,
          regionId,
          stage: 'F2',
          programme: 'Generalism F2',
          createdAt: NOW,
          updatedAt: NOW,
        });
      }
      await agent.signInAs(user.id);
    }
    agents.set(identity.name, agent);
  }
}, 120_000);
afterAll(async () => t.close());

describe('records of one region and one learner', () => {
  it('have a real record for every route with a path parameter', () => {
    expect(missing).toEqual([]);
    expect(samples.length).toBeGreaterThan(50);
  });

  it('are shown to the people they are for', async () => {
    const wrong: string[] = [];
    for (const sample of samples) {
      const answer = await visit(owners.get(sample.owner)!, sample.path);
      if (answer.status !== 200) wrong.push(`${sample.path} as the ${sample.owner}: ${String(answer.status)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('list as known holes only routes and identities that exist', () => {
    const names = new Set(IDENTITIES.map((identity) => identity.name));
    const urls = new Set(samples.map((sample) => sample.route.url));
    const unknown = Object.keys(KNOWN_HOLES).filter((key) => {
      const [url = '', ...name] = key.split(' ');
      return !urls.has(url) || !names.has(name.join(' '));
    });
    expect(unknown).toEqual([]);
  });

  it.for(IDENTITIES)('are not shown to $name', async (identity) => {
    const agent = agents.get(identity.name)!;
    const leaks: string[] = [];
    const closed: string[] = [];
    for (const sample of samples) {
      if (exceptionFor(sample.route, identity) !== undefined) continue;
      const answer = await visit(agent, sample.path);
      const leaked = shows(answer, sample.path, identity);
      const known = KNOWN_HOLES[`${sample.route.url} ${identity.name}`] !== undefined;
      if (leaked && !known) leaks.push(`GET ${sample.path} (${sample.route.url}): ${String(answer.status)}`);
      else if (!leaked && known) closed.push(`${sample.route.url}: no longer leaks, remove it from KNOWN_HOLES`);
      else if (!leaked && ![200, 403, 404].includes(answer.status))
        leaks.push(`GET ${sample.path} (${sample.route.url}): unexpected ${String(answer.status)}`);
    }
    expect(leaks).toEqual([]);
    expect(closed).toEqual([]);
  });

  it('keep a curriculum draft from the region’s own people until it is published', async () => {
    const draft = samples.find((sample) => sample.route.url === '/curriculum/drafts/:id');
    const path = `/curriculum/versions/${draft?.path.split('/')[3] ?? ''}`;
    expect(await visit(owners.get('programme administrator')!, path)).toEqual({
      status: 200,
      path: '/curriculum/draft',
    });
    const wrong: string[] = [];
    for (const identity of IDENTITIES.filter(ofRecordsRegion)) {
      const answer = await visit(agents.get(identity.name)!, path);
      if (answer.status !== 404) wrong.push(`${identity.name}: ${String(answer.status)}`);
    }
    expect(wrong).toEqual([]);
  });
});
