/**
 * The national deprivation data: the English Indices of Deprivation by LSOA and the postcode-to-LSOA lookup, how an
 * import loads them, and the lookups other pages make.
 *
 * An import writes into a staging table of its own while it reads the file, outside any transaction (the embedded
 * database runs one transaction at a time, so a transaction held for the length of a national file would stop
 * every other request); the staging table then takes the live table's place in one short transaction of renames.
 * Until that moment the live data is untouched, so an import that fails or is interrupted leaves it whole.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { audit, type Actor } from '../../platform/audit/audit.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { jobs } from '../../platform/jobs/schema.ts';
import { postcodeKey, type ImdRow, type LsoaVintage } from './domain/deprivation.ts';
import { imdLsoas, postcodeLsoas } from './schema.ts';

/** The two national tables an import replaces. */
export type DeprivationDataset = 'imd' | 'postcodes';

interface TableNames {
  live: string;
  key: string;
  /** PostgreSQL's name for the live table's primary key, which the table that replaces it takes over. */
  primaryKey: string;
}

const TABLES: Record<DeprivationDataset, TableNames> = {
  imd: { live: 'imd_lsoas', key: 'lsoa_code', primaryKey: 'imd_lsoas_pkey' },
  postcodes: { live: 'postcode_lsoas', key: 'postcode_key', primaryKey: 'postcode_lsoas_pkey' },
};

const incoming = (names: TableNames) => `${names.live}_incoming`;
const outgoing = (names: TableNames) => `${names.live}_outgoing`;
const id = (name: string) => sql.identifier(name);

/** The audit's name for each dataset; the status page reads the latest import of each from the audit. */
export const AUDIT_ENTITY: Record<DeprivationDataset, string> = {
  imd: 'indices-of-deprivation',
  postcodes: 'postcode-lsoa-lookup',
};

/**
 * Makes an empty staging table shaped like the live one, without its primary key (rows go in faster without an
 * index; the key is added once all are in). A staging table left by an import that was interrupted goes first.
 */
export async function createStaging(db: Db, dataset: DeprivationDataset): Promise<void> {
  const names = TABLES[dataset];
  await db.execute(sql`drop table if exists ${id(incoming(names))}`);
  await db.execute(sql`create table ${id(incoming(names))} (like ${id(names.live)} including defaults)`);
}

/** Drops the staging table of an import that failed. */
export async function dropStaging(db: Db, dataset: DeprivationDataset): Promise<void> {
  await db.execute(sql`drop table if exists ${id(incoming(TABLES[dataset]))}`);
}

/** Adds a batch of the indices to the staging table: one statement, whatever the batch's size. */
export async function stageImdRows(db: Db, rows: readonly ImdRow[], edition: string, importedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${id(incoming(TABLES.imd))} (lsoa_code, name, rank, decile, edition, imported_at)
    select lsoa_code, name, rank, decile, ${edition}, ${importedAt.toISOString()}::timestamptz
    from unnest(
      ${sql.param(rows.map((row) => row.lsoa))}::text[],
      ${sql.param(rows.map((row) => row.name))}::text[],
      ${sql.param(rows.map((row) => row.rank))}::integer[],
      ${sql.param(rows.map((row) => row.decile))}::integer[]
    ) as incoming(lsoa_code, name, rank, decile)`);
}

/** Adds a batch of the postcode lookup to the staging table. */
export async function stagePostcodeRows(db: Db, rows: readonly { postcodeKey: string; lsoa: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into ${id(incoming(TABLES.postcodes))} (postcode_key, lsoa_code)
    select * from unnest(
      ${sql.param(rows.map((row) => row.postcodeKey))}::text[],
      ${sql.param(rows.map((row) => row.lsoa))}::text[]
    )`);
}

/** Up to `limit` keys that the staging table has more than once: a file that lists a postcode or an LSOA twice. */
export async function stagedDuplicates(db: Db, dataset: DeprivationDataset, limit: number): Promise<string[]> {
  const names = TABLES[dataset];
  const result: unknown = await db.execute(sql`
    select ${id(names.key)} as key from ${id(incoming(names))}
    group by ${id(names.key)} having count(*) > 1 order by 1 limit ${limit}`);
  // Both drivers answer a raw statement with its rows under `rows` (node-postgres' QueryResult, PGlite's Results).
  return (result as { rows: { key: string }[] }).rows.map((row) => row.key);
}

/**
 * Gives the staging table its primary key (the slow part of the end, done before the swap so that the swap itself
 * is a moment), then, in one transaction with its audit record, puts it in the live table's place and drops the
 * old data. Call stagedDuplicates first: the key cannot be added over duplicates.
 */
export async function swapInStaging(
  db: Db,
  dataset: DeprivationDataset,
  record: { actor: Actor; now: Date; summary: string; after: Record<string, unknown> },
): Promise<void> {
  const names = TABLES[dataset];
  const staging = incoming(names);
  const old = outgoing(names);
  await db.execute(
    sql`alter table ${id(staging)} add constraint ${id(`${staging}_pkey`)} primary key (${id(names.key)})`,
  );
  await db.execute(sql`analyze ${id(staging)}`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`drop table if exists ${id(old)}`);
    await tx.execute(sql`alter table ${id(names.live)} rename to ${id(old)}`);
    await tx.execute(sql`alter table ${id(old)} rename constraint ${id(names.primaryKey)} to ${id(`${old}_pkey`)}`);
    await tx.execute(sql`alter table ${id(staging)} rename to ${id(names.live)}`);
    await tx.execute(
      sql`alter table ${id(names.live)} rename constraint ${id(`${staging}_pkey`)} to ${id(names.primaryKey)}`,
    );
    await tx.execute(sql`drop table ${id(old)}`);
    await audit(
      tx,
      record.actor,
      { action: 'import', entityType: AUDIT_ENTITY[dataset], summary: record.summary, after: record.after },
      record.now,
    );
  });
}

/** The job kind of each dataset's import. */
export const IMPORT_JOB_KIND: Record<DeprivationDataset, string> = {
  imd: 'deprivation-import-indices',
  postcodes: 'deprivation-import-postcodes',
};

/** The id of an import of the dataset that is waiting or running, by anyone, if there is one. */
export async function runningImport(db: Db, dataset: DeprivationDataset): Promise<string | null> {
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, IMPORT_JOB_KIND[dataset]), inArray(jobs.status, ['queued', 'running'])))
    .limit(1);
  return row?.id ?? null;
}

/** What the last import of a dataset recorded: when, by whom, and the figures it saved in the audit. */
export interface LastImport {
  at: Date;
  by: string;
  summary: string;
  details: Record<string, unknown>;
}

export async function lastImport(db: Db, dataset: DeprivationDataset): Promise<LastImport | null> {
  const [row] = await db
    .select({
      at: auditEvents.occurredAt,
      by: auditEvents.actorLabel,
      summary: auditEvents.summary,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, AUDIT_ENTITY[dataset]), eq(auditEvents.action, 'import')))
    .orderBy(desc(auditEvents.occurredAt))
    .limit(1);
  if (row === undefined) return null;
  return { at: row.at, by: row.by, summary: row.summary, details: row.after ?? {} };
}

/** What is loaded now: counts, and the edition of the indices (several if a file mixed them, which none should). */
export interface LoadedData {
  lsoas: number;
  postcodes: number;
  editions: string[];
}

export async function loadedData(db: Db): Promise<LoadedData> {
  const [lsoas] = await db.select({ count: sql<number>`count(*)::int` }).from(imdLsoas);
  const [postcodes] = await db.select({ count: sql<number>`count(*)::int` }).from(postcodeLsoas);
  const editions = await db.selectDistinct({ edition: imdLsoas.edition }).from(imdLsoas).orderBy(imdLsoas.edition);
  return {
    lsoas: lsoas?.count ?? 0,
    postcodes: postcodes?.count ?? 0,
    editions: editions.map((row) => row.edition),
  };
}

/** The census of the LSOAs of the indices loaded, as their last import recorded it; null when none or not said. */
export async function loadedImdVintage(db: Db): Promise<LsoaVintage | null> {
  const last = await lastImport(db, 'imd');
  const vintage = last?.details.lsoaVintage;
  return vintage === 2011 || vintage === 2021 ? vintage : null;
}

/** A postcode's small area and its deprivation. */
export interface PostcodeDeprivation {
  lsoa: string;
  /** The LSOA's name ("Cambridge 007A"), or "" when the file imported had none. */
  name: string;
  decile: number;
  rank: number;
}

/**
 * The deprivation of each postcode given, in one query: keyed by the postcode as given; null for a postcode that is
 * not one, is not in the lookup (Scotland, Wales' own index, a new or retired postcode), or whose LSOA is not in the
 * indices loaded.
 */
export async function decilesOfPostcodes(
  db: Db,
  postcodes: readonly string[],
): Promise<Map<string, PostcodeDeprivation | null>> {
  const keys = new Map<string, string | null>(postcodes.map((postcode) => [postcode, postcodeKey(postcode)]));
  const wanted = [...new Set([...keys.values()].filter((key): key is string => key !== null))];
  const found = new Map<string, PostcodeDeprivation>();
  if (wanted.length > 0) {
    const rows = await db
      .select({
        key: postcodeLsoas.postcodeKey,
        lsoa: imdLsoas.lsoaCode,
        name: imdLsoas.name,
        decile: imdLsoas.decile,
        rank: imdLsoas.rank,
      })
      .from(postcodeLsoas)
      .innerJoin(imdLsoas, eq(imdLsoas.lsoaCode, postcodeLsoas.lsoaCode))
      .where(inArray(postcodeLsoas.postcodeKey, wanted));
    for (const { key, ...deprivation } of rows) found.set(key, deprivation);
  }
  return new Map(
    [...keys].map(([postcode, key]) => [postcode, key === null ? null : (found.get(key) ?? null)] as const),
  );
}
