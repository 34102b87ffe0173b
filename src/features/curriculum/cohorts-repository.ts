/** Queries of cohorts and their members, for the features that show and change them (progress, events). */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { regionNamesOf } from '../organisations/index.ts';
import { cohortMembers, cohorts } from './schema.ts';

export type Cohort = typeof cohorts.$inferSelect;
export type NewCohort = typeof cohorts.$inferInsert;

export interface CohortListItem extends Cohort {
  regionName: string;
  members: number;
}

/** A page of the cohorts of every region, or of the listed ones, latest intake first, with their member counts. */
export async function listCohorts(
  db: Db,
  scope: 'all' | readonly string[],
  limit: number,
  offset: number,
): Promise<{ items: CohortListItem[]; total: number }> {
  const where = scope === 'all' ? undefined : inArray(cohorts.regionId, [...scope]);
  const [totalRow] = await db.select({ total: count() }).from(cohorts).where(where);
  const rows = await db
    .select({ cohort: cohorts })
    .from(cohorts)
    .where(where)
    .orderBy(desc(cohorts.intakeYear), asc(cohorts.name), asc(cohorts.id))
    .limit(limit)
    .offset(offset);
  const ids = rows.map((row) => row.cohort.id);
  const counts =
    ids.length === 0
      ? []
      : await db
          .select({ id: cohortMembers.cohortId, members: count() })
          .from(cohortMembers)
          .where(inArray(cohortMembers.cohortId, ids))
          .groupBy(cohortMembers.cohortId);
  const membersOf = new Map(counts.map((row) => [row.id, row.members]));
  const regionNames = await regionNamesOf(
    db,
    rows.map((row) => row.cohort.regionId),
  );
  return {
    items: rows.map((row) => ({
      ...row.cohort,
      regionName: regionNames.get(row.cohort.regionId)?.name ?? '',
      members: membersOf.get(row.cohort.id) ?? 0,
    })),
    total: totalRow?.total ?? 0,
  };
}

export interface CohortChoice {
  id: string;
  name: string;
  intakeYear: number;
}

/** The cohorts of these regions, latest intake first. */
export async function cohortsInRegions(db: Db, regionIds: readonly string[]): Promise<CohortChoice[]> {
  if (regionIds.length === 0) return [];
  return db
    .select({ id: cohorts.id, name: cohorts.name, intakeYear: cohorts.intakeYear })
    .from(cohorts)
    .where(inArray(cohorts.regionId, [...regionIds]))
    .orderBy(desc(cohorts.intakeYear), asc(cohorts.name));
}

export async function findCohort(db: Db, id: string): Promise<Cohort | undefined> {
  const [cohort] = await db.select().from(cohorts).where(eq(cohorts.id, id));
  return cohort;
}

export async function cohortNamed(db: Db, regionId: string, name: string): Promise<{ id: string } | undefined> {
  const [row] = await db
    .select({ id: cohorts.id })
    .from(cohorts)
    .where(and(eq(cohorts.regionId, regionId), eq(cohorts.name, name)));
  return row;
}

export async function insertCohort(db: Db, values: NewCohort): Promise<Cohort> {
  const [cohort] = await db.insert(cohorts).values(values).returning();
  if (cohort === undefined) throw new Error('The cohort was not created');
  return cohort;
}

/** The ids of a cohort's members. */
export async function memberIdsOf(db: Db, cohortId: string): Promise<string[]> {
  const rows = await db
    .select({ id: cohortMembers.learnerUserId })
    .from(cohortMembers)
    .where(eq(cohortMembers.cohortId, cohortId));
  return rows.map((row) => row.id);
}

/** The ids of the cohorts a learner is in. */
export async function cohortIdsOf(db: Db, learnerId: string): Promise<string[]> {
  const rows = await db
    .select({ id: cohortMembers.cohortId })
    .from(cohortMembers)
    .where(eq(cohortMembers.learnerUserId, learnerId));
  return rows.map((row) => row.id);
}

/** The cohorts a learner is in, with when they were added: their part of the data download. */
export async function cohortMembershipsOf(
  db: Db,
  learnerId: string,
): Promise<{ cohort: string; intakeYear: number; addedAt: Date }[]> {
  return db
    .select({ cohort: cohorts.name, intakeYear: cohorts.intakeYear, addedAt: cohortMembers.addedAt })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(eq(cohortMembers.learnerUserId, learnerId));
}

/** Adds the learners to the cohort, leaving out those already in it; the ids of those added. */
export async function insertMembers(
  db: Db,
  cohortId: string,
  learnerIds: readonly string[],
  addedAt: Date,
): Promise<string[]> {
  const added = await db
    .insert(cohortMembers)
    .values(learnerIds.map((learnerUserId) => ({ cohortId, learnerUserId, addedAt })))
    .onConflictDoNothing()
    .returning({ id: cohortMembers.learnerUserId });
  return added.map((row) => row.id);
}

/** Removes the learner from the cohort; false when they were not in it. */
export async function deleteMember(db: Db, cohortId: string, learnerId: string): Promise<boolean> {
  const removed = await db
    .delete(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.learnerUserId, learnerId)))
    .returning({ id: cohortMembers.learnerUserId });
  return removed.length > 0;
}
