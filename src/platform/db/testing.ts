import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './client.ts';

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
  const database = await openDatabase({});
  await database.migrate();
  return database;
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
