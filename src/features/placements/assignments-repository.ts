/**
 * Programme years and posts as other features see them, and learners' assignments to posts: the query functions
 * that index.ts offers instead of the tables (ADR 12). Allocation offers the posts, places learners in them and
 * swaps them; the curriculum asks whom a clinical supervisor supervises.
 */
import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { organisationNamesOf, siteAddressesOf } from '../organisations/index.ts';
import type { Setting } from './domain/rotation.ts';
import { postIdSql } from './repository.ts';
import { placements, postAssignments, posts, programmeYears } from './schema.ts';

/** Programme years' names by id (ids not found are left out). */
export async function programmeYearNamesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: programmeYears.id, name: programmeYears.name })
    .from(programmeYears)
    .where(inArray(programmeYears.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** A post as another feature offers it: its lead employer's id and the settings of its placements. */
export interface OfferedPost {
  id: string;
  code: string;
  title: string;
  capacity: number;
  regionId: string;
  leadEmployerId: string;
  /** Each setting of the post's placements once, in no particular order. */
  settings: Setting[];
}

function offeredPostSelection() {
  return {
    id: posts.id,
    code: posts.code,
    title: posts.title,
    capacity: posts.capacity,
    regionId: posts.regionId,
    leadEmployerId: posts.leadEmployerId,
    settings: sql<
      Setting[] | null
    >`(select array_agg(distinct pl.setting) from ${placements} pl where pl.post_id = ${postIdSql})`,
  };
}

/** The year's posts that are still offered (not archived), by code. */
export async function postsOfYear(db: Db, yearId: string): Promise<OfferedPost[]> {
  const rows = await db
    .select(offeredPostSelection())
    .from(posts)
    .where(and(eq(posts.programmeYearId, yearId), isNull(posts.archivedAt)))
    .orderBy(asc(posts.code));
  return rows.map((row) => ({ ...row, settings: row.settings ?? [] }));
}

/** The posts with these ids, archived ones included, by code. */
export async function postsWithIds(db: Db, ids: readonly string[]): Promise<OfferedPost[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(offeredPostSelection())
    .from(posts)
    .where(inArray(posts.id, [...new Set(ids)]))
    .orderBy(asc(posts.code));
  return rows.map((row) => ({ ...row, settings: row.settings ?? [] }));
}

/** Posts' codes by id (ids not found are left out). */
export async function postCodesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: posts.id, code: posts.code }).from(posts).where(inArray(posts.id, wanted));
  return new Map(rows.map((row) => [row.id, row.code]));
}

export interface RotationRow {
  id: string;
  setting: Setting;
  specialty: string;
  organisationName: string;
  siteName: string | null;
  startsOn: string;
  endsOn: string;
  sessionsPerWeek: number;
}

/** A post's placements by start date, with their providers' and sites' names: what a learner ranking it sees. */
export async function postRotation(db: Db, postId: string): Promise<RotationRow[]> {
  const rows = await db
    .select({
      id: placements.id,
      setting: placements.setting,
      specialty: placements.specialty,
      organisationId: placements.organisationId,
      siteId: placements.siteId,
      startsOn: placements.startsOn,
      endsOn: placements.endsOn,
      sessionsPerWeek: placements.sessionsPerWeek,
    })
    .from(placements)
    .where(eq(placements.postId, postId))
    .orderBy(asc(placements.startsOn), asc(placements.specialty));
  const [organisationNames, sites] = await Promise.all([
    organisationNamesOf(
      db,
      rows.map((row) => row.organisationId),
    ),
    siteAddressesOf(
      db,
      rows.map((row) => row.siteId),
    ),
  ]);
  return rows.flatMap((row) => {
    const organisation = organisationNames.get(row.organisationId);
    if (organisation === undefined) return [];
    return [
      {
        id: row.id,
        setting: row.setting,
        specialty: row.specialty,
        organisationName: organisation.name,
        siteName: row.siteId === null ? null : (sites.get(row.siteId)?.name ?? null),
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        sessionsPerWeek: row.sessionsPerWeek,
      },
    ];
  });
}

/** Places learners in posts, as an allocation run decided; a learner already in the post stays as they were. */
export async function assignPosts(
  db: Db,
  rows: readonly { postId: string; learnerUserId: string }[],
  now: Date,
  newId: () => string,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(postAssignments)
    .values(rows.map((row) => ({ id: newId(), ...row, assignedAt: now, source: 'allocation' as const })))
    .onConflictDoNothing();
}

/** Moves a learner's assignment from one post to another (one side of a swap). */
export async function movePostAssignment(
  db: Db,
  learnerUserId: string,
  fromPostId: string,
  toPostId: string,
): Promise<void> {
  await db
    .update(postAssignments)
    .set({ postId: toPostId })
    .where(and(eq(postAssignments.learnerUserId, learnerUserId), eq(postAssignments.postId, fromPostId)));
}

/**
 * Learners assigned to a post with a placement the person is the clinical supervisor of, that started by `today`
 * and ended on or after `endedSince`, while the supervisor's account is active.
 */
export async function clinicallySupervisedLearnerIds(
  db: Db,
  supervisorId: string,
  span: { today: string; endedSince: string },
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: postAssignments.learnerUserId })
    .from(postAssignments)
    .innerJoin(placements, eq(placements.postId, postAssignments.postId))
    .innerJoin(users, eq(users.id, placements.clinicalSupervisorUserId))
    .where(
      and(
        eq(placements.clinicalSupervisorUserId, supervisorId),
        lte(placements.startsOn, span.today),
        gte(placements.endsOn, span.endedSince),
        eq(users.status, 'active'),
      ),
    );
  return rows.map((row) => row.id);
}
