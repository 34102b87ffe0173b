import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { count, max, min } from 'drizzle-orm';
import { openDatabase } from './platform/db/client.ts';
import { users } from './platform/auth/schema.ts';

const root = path.resolve(import.meta.dirname, '..');

function startServer(env: Record<string, string>): {
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { output: () => output, exited, kill: (signal) => child.kill(signal) };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port nothing listens on now (chosen by the system, so two runs on one machine do not pick the same). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe('the server process', () => {
  it('stops with a message naming a bad variable', async () => {
    const server = startServer({ PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
  });

  it('refuses a clock that is not the real time in production, in one line', async () => {
    const server = startServer({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      BREADTH_CLOCK_START: '2026-10-14T09:00:00Z',
    });
    expect(await server.exited).toBe(1);
    expect(server.output().trim().split('\n')).toEqual([
      'Invalid configuration: BREADTH_CLOCK_START must not be set when NODE_ENV is production: a clock that is not the real time is for tests only',
    ]);
  });

  it('serves the demo on a clock started at BREADTH_CLOCK_START, then shuts down cleanly on SIGTERM leaving the embedded database usable', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'breadth-server-'));
    try {
      const port = String(await freePort());
      const start = '2026-10-14T09:00:00.000Z';
      const server = startServer({
        PORT: port,
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        BREADTH_CLOCK_START: start,
      });
      await waitFor(() => server.output().includes('Breadth is running'), 60_000);
      expect(server.output()).toContain('Demo log-ins');
      expect(server.output()).toContain(`Its clock started at ${start} (BREADTH_CLOCK_START)`);
      const health = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(health.status).toBe(200);
      const signIn = await fetch(`http://127.0.0.1:${port}/auth/sign-in`);
      expect(await signIn.text()).toContain('Sign in to Breadth');
      server.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      const database = await openDatabase({ dataDir });
      const [row] = await database.db
        .select({ n: count(), first: min(users.createdAt), last: max(users.createdAt) })
        .from(users);
      await database.close();
      // At least one demo account per role survived the shutdown.
      expect(row?.n).toBeGreaterThanOrEqual(8);
      // The demo accounts were made by the server's clock: after the start, and well before the real time.
      expect(row?.first?.getTime()).toBeGreaterThanOrEqual(new Date(start).getTime());
      expect(row?.last?.getTime()).toBeLessThan(new Date(start).getTime() + 10 * 60_000);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
