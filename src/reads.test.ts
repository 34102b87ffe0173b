import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from './testing/app.ts';
import { crawl, type RouteEntry, withRoutes } from './testing/crawl.ts';
import type { Db } from './platform/db/client.ts';
import { users } from './platform/auth/schema.ts';
import { seedIfEmpty } from './seed.ts';
import { DEMO_DOMAIN } from './features/people/index.ts';
import { learnerProfiles } from './features/people/schema.ts';

/**
 * A GET reads: visiting a page must never change what is stored (browsers, link previews and crawlers fetch pages
 * freely, and a GET carries no CSRF check). This walks every page a learner and a supervisor can reach on the
 * demo region and compares a checksum of every table's rows before and after.
 */

/**
 * Bookkeeping a GET may write, and why: the session's sliding idle timeout is what signed-in reading is (written
 * at most once a minute by the session check), not a change to the programme's records.
 */
const BOOKKEEPING: Record<string, string[]> = {
  sessions: ['last_seen_at', 'idle_expires_at'],
};

/**
 * Rows a GET may add, and why: downloading a portfolio is personal data leaving the service, so each download is
 * recorded in the audit trail (who, whose, what filter), and that record is all it writes.
 */
const RECORDED_READS: Record<string, SQL> = {
  audit_events: sql`where action <> 'download'`,
};

/** The rows of a raw query; db.execute gives `{ rows }` on both drivers (PGlite and node-postgres). */
async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const result: unknown = await db.execute(statement);
  return (result as { rows: T[] }).rows;
}

async function checksums(db: Db): Promise<Record<string, string>> {
  const columns = await query<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const row of columns) {
    if (BOOKKEEPING[row.table_name]?.includes(row.column_name) === true) continue;
    byTable.set(row.table_name, [...(byTable.get(row.table_name) ?? []), row.column_name]);
  }
  const sums: Record<string, string> = {};
  for (const [table, names] of byTable) {
    const list = sql.join(
      names.map((name) => sql.identifier(name)),
      sql`, `,
    );
    const [row] = await query<{ n: string; sum: string | null }>(
      db,
      sql`select count(*)::text as n, md5(string_agg(r::text, '|' order by r::text)) as sum
          from (select ${list} from ${sql.identifier(table)} ${RECORDED_READS[table] ?? sql``}) r`,
    );
    sums[table] = `${row?.n ?? '0'} rows, ${row?.sum ?? 'empty'}`;
  }
  return sums;
}

function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table] ?? 'absent'} → ${after[table] ?? 'absent'}`);
}

/** Pages this walk does not visit: none (the two-factor set-up page now derives its secret instead of saving one). */
const SKIPPED: string[] = [];

const NOW = new Date('2026-09-14T09:00:00Z');
const PEOPLE = [
  { name: 'a learner', email: `learner${DEMO_DOMAIN}` },
  { name: 'a learner at F1', email: `learner.f1${DEMO_DOMAIN}` },
  { name: 'a learner at ST1', email: `learner.st1${DEMO_DOMAIN}` },
  { name: 'an educational supervisor', email: `educational.supervisor${DEMO_DOMAIN}` },
  { name: 'a clinical supervisor', email: `clinical.supervisor${DEMO_DOMAIN}` },
  { name: 'an educational fellow', email: `educational.fellow${DEMO_DOMAIN}` },
  { name: 'a programme administrator', email: `programme.admin${DEMO_DOMAIN}` },
  { name: 'a platform administrator', email: `platform.admin${DEMO_DOMAIN}` },
];

let t: TestApp;
let routes: RouteEntry[] = [];

beforeAll(async () => {
  ({ built: t, routes } = await withRoutes(() =>
    createTestApp({ signInRateLimit: 100_000, globalRateLimit: 100_000, now: () => NOW }),
  ));
  await seedIfEmpty(t.db, { demoLogins: true }, NOW);
}, 120_000);
afterAll(async () => t.close());

describe('pages change nothing stored', () => {
  it.for(PEOPLE)('when $name reads every page they can reach', async (person) => {
    const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, person.email));
    const agent = await new Agent(t.app).signInAs(user!.id);
    await agent.get('/');
    const before = await checksums(t.db);
    const { examples } = await crawl(agent, routes, 3, SKIPPED);
    // The crawl must reach beyond the pages without parameters, or it proves little.
    expect([...examples.keys()].filter((key) => key.startsWith('GET ')).length).toBeGreaterThan(2);
    expect(changed(before, await checksums(t.db))).toEqual([]);
  });

  it('records no curriculum version when a learner without one reads their progress', async () => {
    const learner = await createUser(t.db, { role: 'learner', regionId: t.regionIds['east-of-england']! });
    await t.db.insert(learnerProfiles).values({
      userId: learner.id,
      regionId: t.regionIds['east-of-england']!,
      stage: 'F2',
      programme: 'Generalism F2',
      createdAt: NOW,
      updatedAt: NOW,
    });
    const agent = await new Agent(t.app).signInAs(learner.id);
    await agent.get('/');
    const before = await checksums(t.db);
    for (const url of ['/progress', '/curriculum', '/curriculum/activities', '/events', '/my-year']) {
      expect((await agent.get(url)).statusCode, url).toBeLessThan(400);
    }
    expect(changed(before, await checksums(t.db))).toEqual([]);
  });

  it('covers my year and progress', async () => {
    const [user] = await t.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, `learner${DEMO_DOMAIN}`));
    const agent = await new Agent(t.app).signInAs(user!.id);
    await agent.get('/');
    const before = await checksums(t.db);
    for (const url of ['/my-year', '/progress', '/curriculum', '/curriculum/activities', '/events']) {
      expect((await agent.get(url)).statusCode, url).toBeLessThan(400);
    }
    expect(changed(before, await checksums(t.db))).toEqual([]);
  });
});
