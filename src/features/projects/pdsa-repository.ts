/** A project's change ideas and PDSA cycles, read and written; always looked up with their project's id. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { changeIdeas, pdsaCycles } from './schema.ts';

export type ChangeIdea = typeof changeIdeas.$inferSelect;
export type PdsaCycle = typeof pdsaCycles.$inferSelect;
export type NewPdsaCycle = typeof pdsaCycles.$inferInsert;

/** The project's change ideas, in the order they were added. */
export async function ideasOf(db: Db, projectId: string): Promise<ChangeIdea[]> {
  return db
    .select()
    .from(changeIdeas)
    .where(eq(changeIdeas.projectId, projectId))
    .orderBy(asc(changeIdeas.position), asc(changeIdeas.createdAt));
}

export async function findIdea(db: Db, projectId: string, ideaId: string): Promise<ChangeIdea | undefined> {
  const [row] = await db
    .select()
    .from(changeIdeas)
    .where(and(eq(changeIdeas.id, ideaId), eq(changeIdeas.projectId, projectId)));
  return row;
}

export async function nextIdeaPosition(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${changeIdeas.position}), 0)::int` })
    .from(changeIdeas)
    .where(eq(changeIdeas.projectId, projectId));
  return (row?.n ?? 0) + 1;
}

export async function insertIdea(db: Db, values: typeof changeIdeas.$inferInsert): Promise<ChangeIdea> {
  const [row] = await db.insert(changeIdeas).values(values).returning();
  if (row === undefined) throw new Error('The change idea was not saved');
  return row;
}

/** Deletes the idea; the cycles that tested it keep their text, their link set to null by the foreign key. */
export async function deleteIdea(db: Db, projectId: string, ideaId: string): Promise<boolean> {
  const rows = await db
    .delete(changeIdeas)
    .where(and(eq(changeIdeas.id, ideaId), eq(changeIdeas.projectId, projectId)))
    .returning({ id: changeIdeas.id });
  return rows.length > 0;
}

/** The project's cycles in date order: by start date, then in the order they were recorded. */
export async function cyclesOf(db: Db, projectId: string): Promise<PdsaCycle[]> {
  return db
    .select()
    .from(pdsaCycles)
    .where(eq(pdsaCycles.projectId, projectId))
    .orderBy(asc(pdsaCycles.startsOn), asc(pdsaCycles.createdAt), asc(pdsaCycles.id));
}

export async function findCycle(db: Db, projectId: string, cycleId: string): Promise<PdsaCycle | undefined> {
  const [row] = await db
    .select()
    .from(pdsaCycles)
    .where(and(eq(pdsaCycles.id, cycleId), eq(pdsaCycles.projectId, projectId)));
  return row;
}

export async function insertCycle(db: Db, values: NewPdsaCycle): Promise<PdsaCycle> {
  const [row] = await db.insert(pdsaCycles).values(values).returning();
  if (row === undefined) throw new Error('The PDSA cycle was not saved');
  return row;
}

export async function updateCycle(
  db: Db,
  projectId: string,
  cycleId: string,
  values: Partial<NewPdsaCycle>,
): Promise<PdsaCycle | undefined> {
  const [row] = await db
    .update(pdsaCycles)
    .set(values)
    .where(and(eq(pdsaCycles.id, cycleId), eq(pdsaCycles.projectId, projectId)))
    .returning();
  return row;
}

export async function deleteCycle(db: Db, projectId: string, cycleId: string): Promise<boolean> {
  const rows = await db
    .delete(pdsaCycles)
    .where(and(eq(pdsaCycles.id, cycleId), eq(pdsaCycles.projectId, projectId)))
    .returning({ id: pdsaCycles.id });
  return rows.length > 0;
}
