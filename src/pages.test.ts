import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, TEST_NOW, type TestApp } from './testing/app.ts';
import { crawl, type RouteEntry, withRoutes } from './testing/crawl.ts';
import { htmlProblems } from './testing/validate-html.ts';
import { users } from './platform/auth/schema.ts';
import { seedIfEmpty } from './seed.ts';
import { DEMO_DOMAIN } from './features/people/index.ts';

/**
 * Every page's HTML is valid: html-validate's standard, accessibility and document rules (testing/validate-html.ts)
 * catch real accessibility defects (duplicate ids that break labels and aria references, references to missing ids,
 * inputs without labels, invalid nesting, aria misuse, skipped heading levels, images without text) on the many
 * pages no browser journey visits. This walks the demo region as each demo account, and as a visitor not signed
 * in, through every page they can reach (one example of each route), and validates each page, and each kind of
 * error page they meet, once.
 */

const PEOPLE = [
  { name: 'a learner at F1', email: `learner.f1${DEMO_DOMAIN}` },
  { name: 'a learner at F2', email: `learner${DEMO_DOMAIN}` },
  { name: 'a learner at ST1', email: `learner.st1${DEMO_DOMAIN}` },
  { name: 'an educational supervisor', email: `educational.supervisor${DEMO_DOMAIN}` },
  { name: 'a clinical supervisor', email: `clinical.supervisor${DEMO_DOMAIN}` },
  { name: 'an educational fellow', email: `educational.fellow${DEMO_DOMAIN}` },
  { name: 'a programme director', email: `programme.director${DEMO_DOMAIN}` },
  { name: 'a programme administrator', email: `programme.admin${DEMO_DOMAIN}` },
  { name: 'a placement provider contact', email: `provider.contact${DEMO_DOMAIN}` },
  { name: 'a platform administrator', email: `platform.admin${DEMO_DOMAIN}` },
];

/** The time limit of one account's walk (see the walks below). */
const WALK_LIMIT_MS = 90_000;

/** Paths no route has, for the page a mistyped or stale link gives. */
const MISSING = ['/no-such-page', '/school/no-such-region'];

let t: TestApp;
let routes: RouteEntry[] = [];

beforeAll(async () => {
  ({ built: t, routes } = await withRoutes(() =>
    createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000 }),
  ));
  await seedIfEmpty(t.db, { demoLogins: true }, TEST_NOW);
}, 120_000);
afterAll(async () => t.close());

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

/**
 * The problems of every HTML page the agent reaches, as "who GET /path: line:col rule: message", and how many pages
 * were validated: each page the crawl reads (one per route) once, and each kind of error page (by its title) once.
 */
async function walk(agent: Agent, who: string): Promise<{ pages: number; problems: string[] }> {
  const problems: string[] = [];
  const errorPages = new Set<string>();
  let pages = 0;
  const check = async (method: string, url: string, response: LightMyRequestResponse) => {
    if (!String(response.headers['content-type']).includes('text/html')) return;
    if (response.statusCode !== 200) {
      const kind = `${String(response.statusCode)} ${titleOf(response.body)}`;
      if (errorPages.has(kind)) return;
      errorPages.add(kind);
    }
    pages++;
    for (const problem of await htmlProblems(response.body)) problems.push(`${who} ${method} ${url}: ${problem}`);
  };
  await crawl(agent, routes, 3, [], (url, response) => check('GET', url, response));
  for (const url of MISSING) await check('GET', url, await agent.get(url));
  // A form sent without its token (a page left open past its session): the page saying it was not sent.
  const unsent = await agent.post('/auth/sign-in', {}, { csrf: false });
  expect(titleOf(unsent.body)).toMatch(/^Your form could not be sent/);
  await check('POST', '/auth/sign-in', unsent);
  return { pages, problems };
}

describe('every page is valid HTML', () => {
  it('for a visitor not signed in, from the landing page and the School of Generalism', async () => {
    const { pages, problems } = await walk(new Agent(t.app), 'a visitor');
    expect(problems).toEqual([]);
    // The walk must reach the region's public pages, not only the landing page, or it proves little.
    expect(pages).toBeGreaterThan(5);
  });

  // A programme director's walk reads and validates about 170 pages: some 3 s of requests and 4 s of validation on a
  // quiet machine, twice that beside another test file. Its limit is set for that work, with room to spare.
  it.for(PEOPLE)('for $name', { timeout: WALK_LIMIT_MS }, async (person) => {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, person.email));
    const agent = await new Agent(t.app).signInAs(user!.id);
    const { pages, problems } = await walk(agent, person.name);
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(10);
  });
});
