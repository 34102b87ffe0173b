/**
 * What the outputs read: the public showcase's completed and published projects, measures of many projects at once,
 * and a project's carbon lines with their factors (for the poster and the showcase's carbon summary).
 */
import { and, asc, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { CARBON_CATEGORIES, type CarbonCategory, type CarbonLine } from './domain/carbon.ts';
import type { ChangeProject, Measure } from './repository.ts';
import { carbonFactors, changeProjects, projectCarbonLines, projectMeasures } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

export interface ShowcaseFilters {
  regionId?: string | undefined;
  /** Words of the title. */
  q?: string | undefined;
}

/** Only what the team chose to show: completed and published. */
const SHOWN: SQL | undefined = and(eq(changeProjects.status, 'completed'), eq(changeProjects.published, true));

function showcaseWhere(filters: ShowcaseFilters): SQL | undefined {
  const q = filters.q?.trim() ?? '';
  return and(
    SHOWN,
    filters.regionId === undefined ? undefined : eq(changeProjects.regionId, filters.regionId),
    q === '' ? undefined : ilike(changeProjects.title, containsPattern(q)),
  );
}

/** The showcase's projects, most recently completed first. */
export async function listShowcase(
  db: Db,
  filters: ShowcaseFilters,
  limit: number,
  offset: number,
): Promise<{ items: ChangeProject[]; total: number }> {
  const where = showcaseWhere(filters);
  const [totalRow] = await db.select({ n: count() }).from(changeProjects).where(where);
  const items = await db
    .select()
    .from(changeProjects)
    .where(where)
    .orderBy(desc(changeProjects.completedAt), asc(changeProjects.id))
    .limit(limit)
    .offset(offset);
  return { items, total: totalRow?.n ?? 0 };
}

/** A project on the showcase, or undefined when it is not (unknown, not completed, or not published). */
export async function findShowcased(db: Db, id: string): Promise<ChangeProject | undefined> {
  const [row] = await db
    .select()
    .from(changeProjects)
    .where(and(eq(changeProjects.id, id), SHOWN));
  return row;
}

/** The measures of many projects in one query, each project's in its own order. */
export async function measuresOfProjects(db: Db, projectIds: readonly string[]): Promise<Map<string, Measure[]>> {
  const out = new Map<string, Measure[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .select()
    .from(projectMeasures)
    .where(inArray(projectMeasures.projectId, [...projectIds]))
    .orderBy(asc(projectMeasures.position), asc(projectMeasures.createdAt));
  for (const row of rows) {
    const list = out.get(row.projectId) ?? [];
    list.push(row);
    out.set(row.projectId, list);
  }
  return out;
}

function isCategory(value: string): value is CarbonCategory {
  return (CARBON_CATEGORIES as readonly string[]).includes(value);
}

/** The carbon lines of many projects with the factors they were counted on, oldest line first. */
export async function carbonLinesOf(db: Db, projectIds: readonly string[]): Promise<Map<string, CarbonLine[]>> {
  const out = new Map<string, CarbonLine[]>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .select({ line: projectCarbonLines, factor: carbonFactors })
    .from(projectCarbonLines)
    .innerJoin(carbonFactors, eq(carbonFactors.id, projectCarbonLines.factorId))
    .where(inArray(projectCarbonLines.projectId, [...projectIds]))
    .orderBy(asc(projectCarbonLines.createdAt), asc(projectCarbonLines.id));
  for (const { line, factor } of rows) {
    // The library's categories are the domain's; a row of another would be a factor the calculator never offers.
    if (!isCategory(factor.category)) continue;
    const list = out.get(line.projectId) ?? [];
    list.push({
      id: line.id,
      phase: line.phase,
      quantityPerYear: line.quantityPerYear,
      note: line.note,
      factor: {
        id: factor.id,
        key: factor.key,
        category: factor.category,
        item: factor.item,
        unit: factor.unit,
        kgCo2ePerUnit: factor.kgCo2ePerUnit,
        source: factor.source,
        year: factor.year,
      },
    });
    out.set(line.projectId, list);
  }
  return out;
}
