import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';

/** The query builder every repository takes: the database itself or an open transaction. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies every pending migration in db/migrations. */
  migrate(): Promise<void>;
  /** Checks the database answers a trivial query. */
  ping(): Promise<void>;
  /** Closes the connection pool, or shuts PGlite down cleanly so its data directory stays consistent. */
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/migrations');

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; omitted means in memory (tests). */
  dataDir?: string | undefined;
  maxConnections?: number;
  /** Told about errors on idle pooled connections (PostgreSQL only); they are otherwise ignored. */
  onIdleError?: (error: Error) => void;
  /** An in-memory embedded database starts as a copy of this dump (tests: a migrated snapshot, see testing.ts). */
  loadDataDir?: Blob | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
    });
    // An idle client whose connection the server ends (restart, failover, a forced drop) emits 'error' on the pool;
    // without a listener that would crash the process. The pool replaces the client on the next query.
    pool.on('error', (error) => {
      options.onIdleError?.(error);
    });
    const db = drizzlePg({ client: pool }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      async migrate() {
        await migratePg(drizzlePg({ client: pool }), { migrationsFolder });
      },
      async ping() {
        await pool.query('select 1');
      },
      async close() {
        await pool.end();
      },
    };
  }
  let client: PGlite;
  if (options.dataDir !== undefined) {
    const dir = path.join(options.dataDir, 'pglite');
    await fs.mkdir(dir, { recursive: true });
    client = await PGlite.create(dir);
  } else {
    client = await PGlite.create(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir });
  }
  const database = drizzlePglite({ client });
  let closed = false;
  return {
    db: database as unknown as Db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(database, { migrationsFolder });
    },
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
