import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * A name another feature holds, with its place in that feature's order of the names asked for (equal names share a
 * rank). A feature that lists its rows by another feature's name orders them with `byRank`, in the database, so the
 * order is the database's collation, as it was when the rows were joined.
 */
export interface RankedName {
  name: string;
  rank: number;
}

/** An ORDER BY term: the rank of the column's id in `ranked` (ids not there, and nulls, sort as nulls do). */
export function byRank(column: AnyColumn | SQL, ranked: ReadonlyMap<string, RankedName>): SQL {
  if (ranked.size === 0) return sql`null::int`;
  const ids = [...ranked.keys()];
  const ranks = ids.map((id) => ranked.get(id)?.rank ?? 0);
  return sql`(array[${sql.join(
    ranks.map((rank) => sql`${rank}`),
    sql`, `,
  )}]::int[])[array_position(array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[], ${column})]`;
}

/** Rows of `{ id, name, rank }` as the map `byRank` and the name lookups take. */
export function rankedNames(rows: readonly { id: string; name: string; rank: number }[]): Map<string, RankedName> {
  return new Map(rows.map((row) => [row.id, { name: row.name, rank: row.rank }]));
}
