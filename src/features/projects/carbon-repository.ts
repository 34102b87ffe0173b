/** The emission factor library and the projects' carbon lines, read and written; the rules are in carbon-service.ts. */
import { and, asc, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { CARBON_CATEGORIES, type CarbonCategory, type CarbonFactor, type CarbonLine } from './domain/carbon.ts';
import { carbonFactors, projectCarbonLines } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

type FactorRow = typeof carbonFactors.$inferSelect;
export type NewFactorRow = typeof carbonFactors.$inferInsert;

/** A stored line with its id and when it was added, as the account's tables list it. */
export interface StoredCarbonLine extends CarbonLine {
  id: string;
  note: string;
  createdAt: Date;
}

function categoryOf(text: string): CarbonCategory {
  const category = CARBON_CATEGORIES.find((candidate) => candidate === text);
  // The library is only written by the migration and by the checked import, both from the domain's categories.
  if (category === undefined) throw new Error(`Unknown carbon factor category ${text}`);
  return category;
}

function factorOf(row: FactorRow): CarbonFactor {
  return {
    id: row.id,
    key: row.key,
    year: row.year,
    category: categoryOf(row.category),
    item: row.item,
    unit: row.unit,
    kgCo2ePerUnit: row.kgCo2ePerUnit,
    source: row.source,
  };
}

export interface FactorFilter {
  /** Words in the item, unit, key or source. */
  q?: string;
  /** One year, or every year. */
  year?: number;
}

/** The library's factors, newest year first, then by item; the pages group them by category. */
export async function listFactors(db: Db, filter: FactorFilter = {}): Promise<CarbonFactor[]> {
  const conditions: SQL[] = [];
  if (filter.year !== undefined) conditions.push(eq(carbonFactors.year, filter.year));
  const q = filter.q?.trim() ?? '';
  if (q !== '') {
    const pattern = containsPattern(q);
    const words = or(
      ilike(carbonFactors.item, pattern),
      ilike(carbonFactors.unit, pattern),
      ilike(carbonFactors.key, pattern),
      ilike(carbonFactors.source, pattern),
    );
    if (words !== undefined) conditions.push(words);
  }
  const rows = await db
    .select()
    .from(carbonFactors)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    .orderBy(desc(carbonFactors.year), asc(carbonFactors.item), asc(carbonFactors.unit), asc(carbonFactors.key));
  return rows.map(factorOf);
}

/** The years the library has factors for, newest first. */
export async function factorYears(db: Db): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: carbonFactors.year })
    .from(carbonFactors)
    .orderBy(desc(carbonFactors.year));
  return rows.map((row) => row.year);
}

/** Every (key, year) pair in the library, so that an import never changes a factor already there. */
export async function factorKeys(db: Db): Promise<{ key: string; year: number }[]> {
  return db.select({ key: carbonFactors.key, year: carbonFactors.year }).from(carbonFactors);
}

export async function findFactor(db: Db, id: string): Promise<CarbonFactor | undefined> {
  const [row] = await db.select().from(carbonFactors).where(eq(carbonFactors.id, id));
  return row === undefined ? undefined : factorOf(row);
}

export async function insertFactors(db: Db, rows: readonly NewFactorRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(carbonFactors).values([...rows]);
}

// ----- A project's carbon lines -----

/** A project's lines with the factor each was added with, in the order they were added. */
export async function carbonLinesOf(db: Db, projectId: string): Promise<StoredCarbonLine[]> {
  const rows = await db
    .select({ line: projectCarbonLines, factor: carbonFactors })
    .from(projectCarbonLines)
    .innerJoin(carbonFactors, eq(carbonFactors.id, projectCarbonLines.factorId))
    .where(eq(projectCarbonLines.projectId, projectId))
    .orderBy(asc(projectCarbonLines.createdAt), asc(projectCarbonLines.id));
  return rows.map(({ line, factor }) => ({
    id: line.id,
    phase: line.phase,
    factor: factorOf(factor),
    quantityPerYear: line.quantityPerYear,
    note: line.note,
    createdAt: line.createdAt,
  }));
}

/** One line, found only under its own project. */
export async function findCarbonLine(db: Db, projectId: string, lineId: string): Promise<StoredCarbonLine | undefined> {
  return (await carbonLinesOf(db, projectId)).find((line) => line.id === lineId);
}

export async function insertCarbonLine(db: Db, values: typeof projectCarbonLines.$inferInsert): Promise<void> {
  await db.insert(projectCarbonLines).values(values);
}

export async function deleteCarbonLine(db: Db, projectId: string, lineId: string): Promise<boolean> {
  const rows = await db
    .delete(projectCarbonLines)
    .where(and(eq(projectCarbonLines.projectId, projectId), eq(projectCarbonLines.id, lineId)))
    .returning({ id: projectCarbonLines.id });
  return rows.length > 0;
}
