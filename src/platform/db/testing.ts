import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, openDatabase, type Database } from './client.ts';

/**
 * A fresh, migrated database for one test file, on the backend chosen by BREADTH_TEST_BACKEND:
 * 'pglite' (default: in memory) or 'postgres' (a new database on TEST_DATABASE_URL's server, copied from a
 * template that the global setup migrated once, and dropped afterwards).
 */
export async function openTestDatabase(): Promise<Database> {
  if (process.env.BREADTH_TEST_BACKEND === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl === undefined) throw new Error('BREADTH_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
    const name = `breadth_test_${randomBytes(6).toString('hex')}`;
    const template = process.env.BREADTH_TEST_TEMPLATE ?? 'breadth_test_template';
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 5 });
    return {
      ...database,
      async close() {
        await database.close();
        const dropper = new pg.Client({ connectionString: adminUrl });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      },
    };
  }
  // A copy of the migrated snapshot the global setup made (half a second), or else a new database migrated here
  // (about four): most test files open one.
  const snapshot = process.env.BREADTH_PGLITE_SNAPSHOT;
  const loadDataDir = snapshot === undefined ? undefined : new Blob([await readFile(snapshot)]);
  const database = await openDatabase({ loadDataDir });
  await database.migrate();
  return database;
}

/** Global setup for the embedded run: migrates one in-memory database and writes its data directory to `file`. */
export async function preparePgliteSnapshot(file: string): Promise<void> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    const dump = await client.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await client.close();
  }
}

/** Global setup for the PostgreSQL run: (re)creates the migrated template database. */
export async function prepareTemplateDatabase(adminUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}
