/**
 * `npm run bench:pages`: how long the main pages take, one person at a time and with ten people at once.
 *
 * Starts the app in this process on the configured database (DATABASE_URL, or else a new embedded database in a
 * temporary folder), loads the demo region if the database is empty, and listens on 127.0.0.1 only. Signs in as the
 * demo learner and the demo programme administrator (sessions made as sign-in makes them, five each), then for each
 * page in each one's header navigation (and their home page):
 *
 * - one at a time: BENCH_SEQUENTIAL requests (default 30) after 5 to warm up, so the figure is the server's own time
 *   plus the loopback;
 * - ten at once: BENCH_REQUESTS requests (default 200) from ten clients, each with a session of its own.
 *
 * Prints p50/p95/p99 in milliseconds per page, the page's size and the JavaScript it loads (its islands and the
 * chunks they import; src/platform/web/islands.ts); figures are printed, never asserted (DESIGN.md).
 * Bounded: at most 2,000 requests a page, and nothing but the loopback is contacted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { SESSION_COOKIE } from '../src/platform/auth/plugin.ts';
import { createSession } from '../src/platform/auth/store.ts';
import { users } from '../src/platform/auth/schema.ts';
import { loadRoles } from '../src/features/people/index.ts';
import { seedIfEmpty } from '../src/seed.ts';

const CLIENTS = 10;
const MAX_REQUESTS = 2_000;

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_REQUESTS)
    throw new Error(`${name} must be a whole number from 1 to ${String(MAX_REQUESTS)}`);
  return value;
}

const SEQUENTIAL = count('BENCH_SEQUENTIAL', 30);
const CONCURRENT = count('BENCH_REQUESTS', 200);
const ACCOUNTS = ['learner', 'programme.admin'] as const;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function figures(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return [50, 95, 99].map((p) => percentile(sorted, p).toFixed(1).padStart(6)).join(' ');
}

async function main(): Promise<void> {
  const temporary = process.env.DATABASE_URL === undefined ? mkdtempSync(path.join(os.tmpdir(), 'breadth-bench-')) : '';
  if (temporary !== '') process.env.DATA_DIR = temporary;
  process.env.LOG_LEVEL = 'warn';
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  const app = await buildApp({ config, database, logger: false, globalRateLimit: 1_000_000 });
  try {
    await seedIfEmpty(database.db, { demoLogins: true });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('The app is not listening on a port');
    const base = `http://127.0.0.1:${String(address.port)}`;
    process.stdout.write(
      `Pages on ${config.databaseUrl === undefined ? 'the embedded database (PGlite)' : 'PostgreSQL'}, ` +
        `${String(SEQUENTIAL)} requests one at a time, ${String(CONCURRENT)} with ${String(CLIENTS)} at once; ms\n\n`,
    );
    process.stdout.write(
      `${'page'.padEnd(34)} ${'as'.padEnd(16)} ${'KiB'.padStart(5)} ${'JS KiB'.padStart(6)}   one at a time: p50    p95    p99` +
        `   ten at once: p50    p95    p99\n`,
    );

    for (const name of ACCOUNTS) {
      const email = `${name}@demo.breadth.example`;
      const [user] = await database.db.select().from(users).where(eq(users.email, email));
      if (user === undefined) throw new Error(`No demo account ${email}: run the bench on an empty database`);
      const cookies: string[] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const token = await createSession(database.db, user.id, 'active', app.clock(), 'bench:pages');
        cookies.push(`${SESSION_COOKIE}=${token}`);
      }
      const principal = {
        userId: user.id,
        email: user.email,
        displayName: user.displayName,
        roles: await loadRoles(database.db, user.id),
        totpEnabled: user.totpEnabledAt !== null,
      };
      const pages = [...new Set(['/', ...app.navigation.for(principal, '/').map((item) => item.href)])];

      const request = async (page: string, cookie: string): Promise<{ ms: number; html: string }> => {
        const started = performance.now();
        const response = await fetch(`${base}${page}`, { headers: { cookie }, redirect: 'manual' });
        const html = await response.text();
        const ms = performance.now() - started;
        if (response.status !== 200) throw new Error(`${page} as ${name} answered ${String(response.status)}`);
        return { ms, html };
      };

      for (const page of pages) {
        const first = cookies[0] ?? '';
        for (let i = 0; i < 5; i++) await request(page, first);
        const one: number[] = [];
        let html = '';
        for (let i = 0; i < SEQUENTIAL; i++) {
          const answer = await request(page, first);
          one.push(answer.ms);
          html = answer.html;
        }
        const bytes = Buffer.byteLength(html);
        const script = app.islands.pageBytes(html);
        const ten: number[] = [];
        let next = 0;
        await Promise.all(
          cookies.map(async (cookie) => {
            while (next < CONCURRENT) {
              next += 1;
              ten.push((await request(page, cookie)).ms);
            }
          }),
        );
        process.stdout.write(
          `${page.padEnd(34)} ${name.padEnd(16)} ${(bytes / 1024).toFixed(0).padStart(5)} ` +
            `${(script / 1024).toFixed(1).padStart(6)}   ` +
            `${' '.repeat(13)}${figures(one)}   ${' '.repeat(11)}${figures(ten)}\n`,
        );
      }
    }
  } finally {
    await app.close();
    await database.close();
    if (temporary !== '') rmSync(temporary, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:pages failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
