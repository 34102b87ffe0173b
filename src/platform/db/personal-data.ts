import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/**
 * What erasing a person does to a column that can hold their personal data. Each feature's erasure step deletes,
 * replaces or clears the person's own rows; "identifiers removed" is done for every such column by
 * removeIdentifiers, because free text anywhere (a summary, an email to someone else, a job title) can name them.
 */
export const ERASURES = {
  'row deleted': 'the person’s rows are deleted',
  replaced: 'replaced by a placeholder in the person’s rows',
  cleared: 'emptied in the person’s rows',
  'identifiers removed': 'their names, email addresses and GMC number are taken out wherever they appear',
  'kept anonymised': 'kept as a programme record, tied only to the anonymised account',
} as const;
export type Erasure = keyof typeof ERASURES;

export type ColumnUse =
  | {
      personal: true;
      /** The part of the person's data download that holds it, or why it is withheld. */
      exported: string | { withheld: string };
      erasure: Erasure;
      note?: string;
    }
  | { personal: false; why: string };

/** One table's text and JSON columns, by their SQL names, each classified. */
export interface TablePersonalData {
  table: string;
  columns: Record<string, ColumnUse & { sqlType: string }>;
}

export function personal(exported: string | { withheld: string }, erasure: Erasure, note?: string): ColumnUse {
  return note === undefined ? { personal: true, exported, erasure } : { personal: true, exported, erasure, note };
}

export function notPersonal(why: string): ColumnUse {
  return { personal: false, why };
}

/** Declares how a table's columns hold personal data, naming them as the schema does (checked by the compiler). */
export function declareTable<T extends PgTable>(
  table: T,
  columns: Partial<Record<keyof T['$inferSelect'] & string, ColumnUse>>,
): TablePersonalData {
  const defined = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const out: TablePersonalData['columns'] = {};
  for (const [key, use] of Object.entries(columns) as [string, ColumnUse][]) {
    const column = defined[key];
    if (column === undefined) throw new Error(`${getTableName(table)} has no column ${key}`);
    out[column.name] = { ...use, sqlType: column.getSQLType() };
  }
  return { table: getTableName(table), columns: out };
}

/** A PostgreSQL regular expression matching the text literally, as a whole word where it starts or ends with one. */
function wordPattern(text: string): string {
  const escaped = text.replace(/[^\p{L}\p{N}\s]/gu, (c) => `\\${c}`);
  return `${/^\w/.test(text) ? '\\m' : ''}${escaped}${/\w$/.test(text) ? '\\M' : ''}`;
}

/**
 * Takes the identifiers (names, email addresses, GMC number) out of every column declared "identifiers removed",
 * replacing each with the placeholder. Whole words only, so that erasing "Ann" leaves "Annual review" alone;
 * identifiers shorter than three characters are left, as they would match too much. In JSON only text inside
 * strings is replaced: the identifier is matched in its JSON-escaped form. Returns how many rows changed.
 */
export async function removeIdentifiers(
  db: Db,
  tables: readonly TablePersonalData[],
  identifiers: readonly string[],
  placeholder: string,
): Promise<number> {
  const needles = [...new Set(identifiers.map((value) => value.trim()).filter((value) => value.length >= 3))];
  if (needles.length === 0) return 0;
  const textPattern = needles.map(wordPattern).join('|');
  const jsonPattern = needles.map((needle) => wordPattern(JSON.stringify(needle).slice(1, -1))).join('|');
  const jsonPlaceholder = JSON.stringify(placeholder).slice(1, -1);
  let changed = 0;
  for (const table of tables) {
    for (const [name, use] of Object.entries(table.columns)) {
      if (!use.personal || use.erasure !== 'identifiers removed') continue;
      const column = sql.identifier(name);
      const target = sql.identifier(table.table);
      const statement =
        use.sqlType === 'jsonb' || use.sqlType === 'json'
          ? sql`update ${target} set ${column} = regexp_replace(${column}::text, ${jsonPattern}, ${jsonPlaceholder}, 'gi')::jsonb where ${column}::text ~* ${jsonPattern}`
          : sql`update ${target} set ${column} = regexp_replace(${column}, ${textPattern}, ${placeholder}, 'gi') where ${column} ~* ${textPattern}`;
      const result = (await db.execute(statement)) as { rowCount?: number | null; affectedRows?: number };
      changed += result.rowCount ?? result.affectedRows ?? 0;
    }
  }
  return changed;
}
