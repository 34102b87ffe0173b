import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './testing/app.ts';
import { personalDataRegistry } from './features/people/index.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const TEXT_TYPES = ['text', 'character varying', 'character', 'jsonb', 'json'];

/** Every text and JSON column of the migrated database: what the schema really is, not what the code says. */
async function textColumns(): Promise<{ table: string; column: string; type: string }[]> {
  const result = (await t.db.execute(sql`
    select table_name as "table", column_name as "column", data_type as "type"
    from information_schema.columns
    where table_schema = 'public' and data_type in (${sql.join(
      TEXT_TYPES.map((type) => sql`${type}`),
      sql`, `,
    )})
    order by table_name, column_name`)) as { rows: { table: string; column: string; type: string }[] };
  return result.rows;
}

describe('personal data declarations', () => {
  it('classify every text and JSON column of every table, and only columns that exist', async () => {
    const { tables } = personalDataRegistry();
    const declared = new Map<string, string>();
    for (const table of tables)
      for (const [column, use] of Object.entries(table.columns)) declared.set(`${table.table}.${column}`, use.sqlType);
    const columns = await textColumns();
    expect(columns.length).toBeGreaterThan(50);
    const unclassified = columns
      .map((column) => `${column.table}.${column.column}`)
      .filter((name) => !declared.has(name));
    // A new column must be declared in its feature's personal-data.ts: personal (how it is downloaded and erased)
    // or not personal, with the reason.
    expect(unclassified).toEqual([]);
    const real = new Set(columns.map((column) => `${column.table}.${column.column}`));
    expect([...declared.keys()].filter((name) => !real.has(name))).toEqual([]);
    expect(tables.length).toBe(new Set(tables.map((table) => table.table)).size);
  });

  it('say where each personal column is downloaded, or why it is not, and why the others are not personal', () => {
    const { sources, tables } = personalDataRegistry();
    const problems: string[] = [];
    for (const table of tables) {
      for (const [column, use] of Object.entries(table.columns)) {
        const name = `${table.table}.${column}`;
        if (!use.personal) {
          if (use.why.trim().length < 10) problems.push(`${name}: say why it is not personal`);
        } else if (typeof use.exported === 'string') {
          if (!sources.includes(use.exported)) problems.push(`${name}: no data download part "${use.exported}"`);
        } else if (use.exported.withheld.trim().length < 10) {
          problems.push(`${name}: say why it is not in the data download`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
