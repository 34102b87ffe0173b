/**
 * The fellows' tables read and written: the projects of a caseload, meeting notes and requests for support. No rules
 * here; those are in fellows-service.ts. A region scope of 'all' is a platform administrator's; an empty list is
 * nobody's, and reads nothing.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, min, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { ChangeProject } from './repository.ts';
import { changeProjects, fellowNotes, supportRequests } from './schema.ts';

export type FellowNote = typeof fellowNotes.$inferSelect;
export type SupportRequest = typeof supportRequests.$inferSelect;

export type RegionScope = 'all' | readonly string[];

/** The fellow whose caseload is read, or any project that has a fellow. */
export type FellowChoice = { fellowUserId: string } | 'any';

function inRegions(column: typeof changeProjects.regionId | typeof supportRequests.regionId, regions: RegionScope) {
  return regions === 'all' ? sql`true` : inArray(column, [...regions]);
}

function isEmpty(regions: RegionScope): boolean {
  return regions !== 'all' && regions.length === 0;
}

/** The active projects in the regions supported by the fellow (or by any fellow), longest without an update first. */
export async function caseloadProjects(db: Db, regions: RegionScope, fellow: FellowChoice): Promise<ChangeProject[]> {
  if (isEmpty(regions)) return [];
  return db
    .select()
    .from(changeProjects)
    .where(
      and(
        inRegions(changeProjects.regionId, regions),
        eq(changeProjects.status, 'active'),
        fellow === 'any'
          ? isNotNull(changeProjects.fellowUserId)
          : eq(changeProjects.fellowUserId, fellow.fellowUserId),
      ),
    )
    .orderBy(asc(changeProjects.lastActivityAt), asc(changeProjects.id))
    .limit(1000);
}

/** The active projects in the regions that no fellow supports yet, the longest waiting first. */
export async function projectsWithoutFellow(db: Db, regions: RegionScope): Promise<ChangeProject[]> {
  if (isEmpty(regions)) return [];
  return db
    .select()
    .from(changeProjects)
    .where(
      and(
        inRegions(changeProjects.regionId, regions),
        eq(changeProjects.status, 'active'),
        isNull(changeProjects.fellowUserId),
      ),
    )
    .orderBy(asc(changeProjects.createdAt), asc(changeProjects.id))
    .limit(500);
}

/** The fellow's active projects in the regions with no activity since `since` (for their task list). */
export async function countQuietProjects(
  db: Db,
  regions: RegionScope,
  fellowUserId: string,
  since: Date,
): Promise<number> {
  if (isEmpty(regions)) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(changeProjects)
    .where(
      and(
        inRegions(changeProjects.regionId, regions),
        eq(changeProjects.status, 'active'),
        eq(changeProjects.fellowUserId, fellowUserId),
        lte(changeProjects.lastActivityAt, since),
      ),
    );
  return row?.n ?? 0;
}

/** Projects' titles, regions and fellows by id, for the requests that name one. */
export async function projectsByIds(db: Db, ids: readonly string[]): Promise<Map<string, ChangeProject>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(changeProjects)
    .where(inArray(changeProjects.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

// ----- Meeting notes -----

/** A project's notes, the latest meeting first. */
export async function notesOf(db: Db, projectId: string): Promise<FellowNote[]> {
  return db
    .select()
    .from(fellowNotes)
    .where(eq(fellowNotes.projectId, projectId))
    .orderBy(desc(fellowNotes.metOn), desc(fellowNotes.createdAt), desc(fellowNotes.id));
}

/** One note, only under its own project. */
export async function findNote(db: Db, projectId: string, noteId: string): Promise<FellowNote | undefined> {
  const [row] = await db
    .select()
    .from(fellowNotes)
    .where(and(eq(fellowNotes.id, noteId), eq(fellowNotes.projectId, projectId)));
  return row;
}

export async function insertNote(db: Db, values: typeof fellowNotes.$inferInsert): Promise<FellowNote> {
  const [row] = await db.insert(fellowNotes).values(values).returning();
  if (row === undefined) throw new Error('The note was not saved');
  return row;
}

export async function deleteNote(db: Db, projectId: string, noteId: string): Promise<boolean> {
  const rows = await db
    .delete(fellowNotes)
    .where(and(eq(fellowNotes.id, noteId), eq(fellowNotes.projectId, projectId)))
    .returning({ id: fellowNotes.id });
  return rows.length > 0;
}

// ----- Requests for support -----

export async function insertRequest(db: Db, values: typeof supportRequests.$inferInsert): Promise<SupportRequest> {
  const [row] = await db.insert(supportRequests).values(values).returning();
  if (row === undefined) throw new Error('The request was not saved');
  return row;
}

export async function findRequest(db: Db, id: string): Promise<SupportRequest | undefined> {
  const [row] = await db.select().from(supportRequests).where(eq(supportRequests.id, id));
  return row;
}

/** The request locked for closing, so two fellows closing it at once are taken in turn. */
export async function lockRequest(db: Db, id: string): Promise<SupportRequest | undefined> {
  const [row] = await db.select().from(supportRequests).where(eq(supportRequests.id, id)).for('update');
  return row;
}

/** A learner's own requests, the newest first. */
export async function requestsOfLearner(db: Db, learnerUserId: string): Promise<SupportRequest[]> {
  return db
    .select()
    .from(supportRequests)
    .where(eq(supportRequests.learnerUserId, learnerUserId))
    .orderBy(desc(supportRequests.createdAt), desc(supportRequests.id))
    .limit(200);
}

function openIn(regions: RegionScope): SQL | undefined {
  return and(inRegions(supportRequests.regionId, regions), eq(supportRequests.status, 'open'));
}

/** The open requests in the regions, the longest waiting first. */
export async function openRequestsIn(db: Db, regions: RegionScope): Promise<SupportRequest[]> {
  if (isEmpty(regions)) return [];
  return db
    .select()
    .from(supportRequests)
    .where(openIn(regions))
    .orderBy(asc(supportRequests.createdAt), asc(supportRequests.id))
    .limit(500);
}

/** How many requests are open in the regions, and since when the oldest has waited. */
export async function openRequestSummary(
  db: Db,
  regions: RegionScope,
): Promise<{ count: number; oldest: Date | null }> {
  if (isEmpty(regions)) return { count: 0, oldest: null };
  const [row] = await db
    .select({ n: count(), oldest: min(supportRequests.createdAt) })
    .from(supportRequests)
    .where(openIn(regions));
  return { count: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/** Closes a request; `closedBy` is the fellow who took it up (null when the programme team closed it). */
export async function closeRequest(db: Db, id: string, closedBy: string | null, now: Date): Promise<void> {
  await db
    .update(supportRequests)
    .set({ status: 'closed', closedAt: now, fellowUserId: closedBy })
    .where(eq(supportRequests.id, id));
}
