/**
 * Queries of the programme team's records: programme years, posts and their placements, the choices their forms
 * offer, and a year's overview.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { byRank } from '../../platform/db/order.ts';
import {
  organisationNamesOf,
  organisationsIn,
  regionNamesOf,
  siteAddressesOf,
  sitesIn,
} from '../organisations/index.ts';
import { roleHoldersIn } from '../people/index.ts';
import type { Setting } from './domain/rotation.ts';
import { placements, postAssignments, posts, programmeYears } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

export type ProgrammeYear = typeof programmeYears.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type Placement = typeof placements.$inferSelect;

/** Regions a person may see: every region, or the listed ones (possibly none). */
export type RegionScope = 'all' | readonly string[];

const NO_REGION = '00000000-0000-0000-0000-000000000000';

function inScope(column: typeof posts.regionId | typeof programmeYears.regionId, scope: RegionScope): SQL | undefined {
  if (scope === 'all') return undefined;
  return inArray(column, scope.length > 0 ? [...scope] : [NO_REGION]);
}

export async function listYears(db: Db, scope: RegionScope): Promise<(ProgrammeYear & { regionName: string })[]> {
  const regionIds = await db
    .selectDistinct({ id: programmeYears.regionId })
    .from(programmeYears)
    .where(inScope(programmeYears.regionId, scope));
  const regionNames = await regionNamesOf(
    db,
    regionIds.map((row) => row.id),
  );
  const rows = await db
    .select()
    .from(programmeYears)
    .where(inScope(programmeYears.regionId, scope))
    .orderBy(desc(programmeYears.startsOn), byRank(programmeYears.regionId, regionNames), asc(programmeYears.name));
  return rows.flatMap((year) => {
    const region = regionNames.get(year.regionId);
    return region === undefined ? [] : [{ ...year, regionName: region.name }];
  });
}

export async function findYear(db: Db, id: string): Promise<ProgrammeYear | undefined> {
  const [row] = await db.select().from(programmeYears).where(eq(programmeYears.id, id));
  return row;
}

export async function findYearByName(db: Db, regionId: string, name: string): Promise<ProgrammeYear | undefined> {
  const [row] = await db
    .select()
    .from(programmeYears)
    .where(and(eq(programmeYears.regionId, regionId), sql`lower(${programmeYears.name}) = lower(${name})`));
  return row;
}

export async function insertYear(db: Db, values: typeof programmeYears.$inferInsert): Promise<ProgrammeYear> {
  const [row] = await db.insert(programmeYears).values(values).returning();
  if (row === undefined) throw new Error('Programme year was not saved');
  return row;
}

export interface PostFilter {
  scope: RegionScope;
  yearId?: string | undefined;
  leadEmployerId?: string | undefined;
  setting?: Setting | undefined;
  specialty?: string | undefined;
  vacancy?: 'free' | 'full' | undefined;
  q?: string | undefined;
  includeArchived: boolean;
}

export interface PostListItem {
  id: string;
  code: string;
  title: string;
  capacity: number;
  archivedAt: Date | null;
  yearName: string;
  leadEmployerName: string;
  assigned: number;
  settings: Setting[];
}

/**
 * Column references inside these subqueries are written out in full: Drizzle leaves columns unqualified in a
 * single-table query, and an unqualified "id" inside the subquery would mean the subquery's own table.
 */
export const postIdSql = sql.raw('"posts"."id"');
const assignedCount = sql<number>`(select count(*) from ${postAssignments} pa where pa.post_id = ${postIdSql})`;

function postCondition(filter: PostFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inScope(posts.regionId, filter.scope)];
  if (filter.yearId !== undefined) conditions.push(eq(posts.programmeYearId, filter.yearId));
  if (filter.leadEmployerId !== undefined) conditions.push(eq(posts.leadEmployerId, filter.leadEmployerId));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = containsPattern(filter.q);
    conditions.push(or(sql`${posts.code} ilike ${pattern}`, sql`${posts.title} ilike ${pattern}`));
  }
  if (filter.setting !== undefined || (filter.specialty !== undefined && filter.specialty !== '')) {
    const inner: SQL[] = [sql`pl.post_id = ${postIdSql}`];
    if (filter.setting !== undefined) inner.push(sql`pl.setting = ${filter.setting}`);
    if (filter.specialty !== undefined && filter.specialty !== '') {
      inner.push(sql`pl.specialty ilike ${containsPattern(filter.specialty)}`);
    }
    // A correlated subquery: posts with at least one placement that matches.
    conditions.push(sql`exists (select 1 from ${placements} pl where ${sql.join(inner, sql` and `)})`);
  }
  if (filter.vacancy === 'free') conditions.push(gt(posts.capacity, assignedCount));
  if (filter.vacancy === 'full') conditions.push(lte(posts.capacity, assignedCount));
  if (!filter.includeArchived) conditions.push(isNull(posts.archivedAt));
  return and(...conditions);
}

export async function listPosts(
  db: Db,
  filter: PostFilter,
  limit: number,
  offset: number,
): Promise<{ items: PostListItem[]; total: number }> {
  const where = postCondition(filter);
  const [rows, totals] = await Promise.all([
    db
      .select({
        id: posts.id,
        code: posts.code,
        title: posts.title,
        capacity: posts.capacity,
        archivedAt: posts.archivedAt,
        yearName: programmeYears.name,
        leadEmployerId: posts.leadEmployerId,
        assigned: assignedCount.mapWith(Number),
        settings: sql<
          string[] | null
        >`(select array_agg(distinct pl.setting) from ${placements} pl where pl.post_id = ${postIdSql})`,
      })
      .from(posts)
      .innerJoin(programmeYears, eq(programmeYears.id, posts.programmeYearId))
      .where(where)
      .orderBy(desc(programmeYears.startsOn), asc(posts.code))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(posts).where(where),
  ]);
  const leadEmployers = await organisationNamesOf(
    db,
    rows.map((row) => row.leadEmployerId),
  );
  const items = rows.map(({ leadEmployerId, ...row }) => ({
    id: row.id,
    code: row.code,
    title: row.title,
    capacity: row.capacity,
    archivedAt: row.archivedAt,
    yearName: row.yearName,
    leadEmployerName: leadEmployers.get(leadEmployerId)?.name ?? '',
    assigned: row.assigned,
    settings: (row.settings ?? []) as Setting[],
  }));
  return { items, total: totals[0]?.n ?? 0 };
}

export interface PostDetail extends Post {
  year: ProgrammeYear;
  leadEmployerName: string;
  regionName: string;
}

export async function findPost(db: Db, id: string): Promise<PostDetail | undefined> {
  const [row] = await db
    .select({ post: posts, year: programmeYears })
    .from(posts)
    .innerJoin(programmeYears, eq(programmeYears.id, posts.programmeYearId))
    .where(eq(posts.id, id));
  if (row === undefined) return undefined;
  const [leadEmployer, region] = await Promise.all([
    organisationNamesOf(db, [row.post.leadEmployerId]).then((names) => names.get(row.post.leadEmployerId)),
    regionNamesOf(db, [row.post.regionId]).then((names) => names.get(row.post.regionId)),
  ]);
  return leadEmployer === undefined || region === undefined
    ? undefined
    : { ...row.post, year: row.year, leadEmployerName: leadEmployer.name, regionName: region.name };
}

export async function findPostByCode(db: Db, yearId: string, code: string): Promise<Post | undefined> {
  const [row] = await db
    .select()
    .from(posts)
    .where(and(eq(posts.programmeYearId, yearId), sql`upper(${posts.code}) = upper(${code})`));
  return row;
}

export async function insertPost(db: Db, values: typeof posts.$inferInsert): Promise<Post> {
  const [row] = await db.insert(posts).values(values).returning();
  if (row === undefined) throw new Error('Post was not saved');
  return row;
}

export async function updatePost(db: Db, id: string, values: Partial<typeof posts.$inferInsert>): Promise<void> {
  await db.update(posts).set(values).where(eq(posts.id, id));
}

export interface PlacementDetail extends Placement {
  organisationName: string;
  site: { name: string; addressLine1: string; addressLine2: string | null; town: string; postcode: string } | null;
  supervisor: { name: string; email: string } | null;
}

export async function listPlacements(db: Db, postIds: readonly string[]): Promise<PlacementDetail[]> {
  if (postIds.length === 0) return [];
  const rows = await db
    .select({
      placement: placements,
      supervisorName: users.displayName,
      supervisorEmail: users.email,
    })
    .from(placements)
    .leftJoin(users, eq(users.id, placements.clinicalSupervisorUserId))
    .where(inArray(placements.postId, [...postIds]))
    .orderBy(asc(placements.startsOn), desc(placements.sessionsPerWeek), asc(placements.endsOn));
  const [organisationNames, siteAddresses] = await Promise.all([
    organisationNamesOf(
      db,
      rows.map((row) => row.placement.organisationId),
    ),
    siteAddressesOf(
      db,
      rows.map((row) => row.placement.siteId),
    ),
  ]);
  return rows.map((row) => ({
    ...row.placement,
    organisationName: organisationNames.get(row.placement.organisationId)?.name ?? '',
    site: row.placement.siteId === null ? null : (siteAddresses.get(row.placement.siteId) ?? null),
    supervisor:
      row.supervisorName === null || row.supervisorEmail === null
        ? null
        : { name: row.supervisorName, email: row.supervisorEmail },
  }));
}

export async function findPlacement(db: Db, id: string): Promise<Placement | undefined> {
  const [row] = await db.select().from(placements).where(eq(placements.id, id));
  return row;
}

export async function insertPlacement(db: Db, values: typeof placements.$inferInsert): Promise<Placement> {
  const [row] = await db.insert(placements).values(values).returning();
  if (row === undefined) throw new Error('Placement was not saved');
  return row;
}

export async function updatePlacement(
  db: Db,
  id: string,
  values: Partial<typeof placements.$inferInsert>,
): Promise<void> {
  await db.update(placements).set(values).where(eq(placements.id, id));
}

export async function deletePlacement(db: Db, id: string): Promise<void> {
  await db.delete(placements).where(eq(placements.id, id));
}

export interface Choice {
  id: string;
  name: string;
}

/** Organisations of a region that are not archived, for the lead employer and provider lists. */
export async function organisationChoices(db: Db, regionId: string): Promise<(Choice & { kind: string })[]> {
  const choices = await organisationsIn(db, [regionId]);
  return choices.map(({ id, name, kind }) => ({ id, name, kind }));
}

/** Lead employers of posts the person may see, for the list's filter. */
export async function leadEmployerChoices(db: Db, scope: RegionScope): Promise<Choice[]> {
  const rows = await db.selectDistinct({ id: posts.leadEmployerId }).from(posts).where(inScope(posts.regionId, scope));
  const names = await organisationNamesOf(
    db,
    rows.map((row) => row.id),
  );
  return [...names].sort(([, a], [, b]) => a.rank - b.rank).map(([id, { name }]) => ({ id, name }));
}

export async function siteChoices(db: Db, regionId: string): Promise<(Choice & { organisationId: string })[]> {
  const rows = await sitesIn(db, regionId);
  return rows.map((row) => ({
    id: row.id,
    name: `${row.name} (${row.organisationName})`,
    organisationId: row.organisationId,
  }));
}

/** People who may supervise a placement in the region: clinical and educational supervisors. */
export async function supervisorChoices(db: Db, regionId: string): Promise<Choice[]> {
  const people = await roleHoldersIn(db, regionId, ['clinical_supervisor', 'educational_supervisor'], ['active']);
  return people.map(({ id, name }) => ({ id, name }));
}

/** Every placement of the year's posts that are not archived, with the post's lead employer. */
export async function yearPlacements(
  db: Db,
  yearId: string,
): Promise<{ postId: string; setting: Setting; startsOn: string; endsOn: string; sessionsPerWeek: number }[]> {
  return db
    .select({
      postId: placements.postId,
      setting: placements.setting,
      startsOn: placements.startsOn,
      endsOn: placements.endsOn,
      sessionsPerWeek: placements.sessionsPerWeek,
    })
    .from(placements)
    .innerJoin(posts, eq(posts.id, placements.postId))
    .where(and(eq(posts.programmeYearId, yearId), isNull(posts.archivedAt)));
}

export async function postsPerTrust(
  db: Db,
  yearId: string,
): Promise<{ leadEmployerId: string; name: string; posts: number; places: number }[]> {
  const rows = await db
    .select({
      leadEmployerId: posts.leadEmployerId,
      posts: count().mapWith(Number),
      places: sql<number>`sum(${posts.capacity})`.mapWith(Number),
    })
    .from(posts)
    .where(and(eq(posts.programmeYearId, yearId), isNull(posts.archivedAt)))
    .groupBy(posts.leadEmployerId);
  const names = await organisationNamesOf(
    db,
    rows.map((row) => row.leadEmployerId),
  );
  return rows
    .flatMap((row) => {
      const employer = names.get(row.leadEmployerId);
      return employer === undefined ? [] : [{ ...row, name: employer.name, rank: employer.rank }];
    })
    .sort((a, b) => a.rank - b.rank)
    .map(({ leadEmployerId, name, posts: postCount, places }) => ({ leadEmployerId, name, posts: postCount, places }));
}

export async function assignedLearners(db: Db, postId: string): Promise<{ name: string; email: string }[]> {
  return db
    .select({ name: users.displayName, email: users.email })
    .from(postAssignments)
    .innerJoin(users, eq(users.id, postAssignments.learnerUserId))
    .where(eq(postAssignments.postId, postId))
    .orderBy(asc(users.displayName));
}
