import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { FastifyInstance } from 'fastify';
import { clockFrom } from './platform/context.ts';
import { openDatabase } from './platform/db/client.ts';
import { seedIfEmpty } from './seed.ts';

export interface ServeOptions {
  /**
   * Runs once, right after the demo region was loaded into an empty database, before the server listens. The browser
   * journeys' server (scripts/e2e-server.ts) builds their starting state here; `npm start` passes nothing.
   */
  afterDemoSeed?: (app: FastifyInstance) => Promise<void>;
}

/**
 * The process: configuration, database, migrations, demo data on an empty database, then listen.
 * SIGTERM and SIGINT stop accepting connections, let requests in flight finish, then close the database
 * (PGlite must be closed cleanly or its data directory is at risk).
 */
export async function serve(options: ServeOptions = {}): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const started = Date.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (error) => process.stderr.write(`database connection lost while idle: ${error.message}\n`),
  });
  await database.migrate();
  // The real time, or (BREADTH_CLOCK_START, never in production) a clock that starts at a known moment and runs on.
  const now = config.clockStart === undefined ? undefined : clockFrom(config.clockStart);
  const app = await buildApp({ config, database, now });
  if (config.seedDemo) {
    const seeded = await seedIfEmpty(database.db, { demoLogins: config.demoLoginsEnabled }, app.clock());
    if (seeded) {
      app.log.info('loaded the demo region into the empty database');
      await options.afterDemoSeed?.(app);
    }
  }
  app.mailer.start();
  app.schedule.start();

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took more than 10 seconds; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${String(config.port)}`;
  const lines = [
    '',
    `Breadth is running at ${url} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}), ready in ${String(Date.now() - started)} ms.`,
  ];
  if (config.clockStart !== undefined)
    lines.push(`Its clock started at ${config.clockStart.toISOString()} (BREADTH_CLOCK_START), not at the real time.`);
  if (config.demoLoginsEnabled) {
    const { demoAccounts, DEMO_PASSWORD } = await import('./features/people/index.ts');
    const accounts = await demoAccounts(database.db);
    if (accounts.length > 0) {
      lines.push(
        `Demo log-ins (password "${DEMO_PASSWORD}"; administrators see their two-factor code on the sign-in page):`,
      );
      for (const account of accounts) lines.push(`  ${account.label.padEnd(28)} ${account.email}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/** Starts the server; for scripts that start it their own way (scripts/e2e-server.ts). */
export function startOrExit(options: ServeOptions = {}): void {
  serve(options).catch((error: unknown) => {
    process.stderr.write(
      `Breadth could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

// Started as the process (`node src/server.ts`), not imported by another script.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) startOrExit();
