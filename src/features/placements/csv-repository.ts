/** Queries of the spreadsheet import and export: what a file's rows are matched against, and what an export writes. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { organisationNamesOf, sitesIn } from '../organisations/index.ts';
import { roleHoldersIn } from '../people/index.ts';
import { posts } from './schema.ts';

/** Sites of a region's organisations that are not archived, with their own names, for matching a file's rows. */
export async function regionSites(
  db: Db,
  regionId: string,
): Promise<{ id: string; organisationId: string; name: string }[]> {
  const rows = await sitesIn(db, regionId, { by: 'site' });
  return rows.map(({ id, organisationId, name }) => ({ id, organisationId, name }));
}

/** The people supervisorChoices offers, with their email: how a file names a clinical supervisor. */
export async function supervisorEmails(db: Db, regionId: string): Promise<{ id: string; email: string }[]> {
  const people = await roleHoldersIn(db, regionId, ['clinical_supervisor', 'educational_supervisor'], ['active']);
  return people.map(({ id, email }) => ({ id, email }));
}

/** Every post code of a programme year, archived posts included: codes are unique in a year. */
export async function postCodesOfYear(db: Db, yearId: string): Promise<string[]> {
  const rows = await db.select({ code: posts.code }).from(posts).where(eq(posts.programmeYearId, yearId));
  return rows.map((row) => row.code);
}

/** A year's posts that are not archived, by code, with their lead employer's name: what an export writes. */
export async function exportablePosts(
  db: Db,
  yearId: string,
): Promise<{ id: string; code: string; title: string; capacity: number; leadEmployerName: string }[]> {
  const rows = await db
    .select({
      id: posts.id,
      code: posts.code,
      title: posts.title,
      capacity: posts.capacity,
      leadEmployerId: posts.leadEmployerId,
    })
    .from(posts)
    .where(and(eq(posts.programmeYearId, yearId), isNull(posts.archivedAt)))
    .orderBy(asc(posts.code));
  const names = await organisationNamesOf(
    db,
    rows.map((row) => row.leadEmployerId),
  );
  return rows.map(({ leadEmployerId, ...row }) => ({
    ...row,
    leadEmployerName: names.get(leadEmployerId)?.name ?? '',
  }));
}
