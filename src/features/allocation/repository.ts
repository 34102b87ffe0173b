import { and, asc, count, desc, eq, inArray, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { byRank } from '../../platform/db/order.ts';
import { organisationNamesOf, regionNamesOf, siteAddressesOf } from '../organisations/index.ts';
import { learnerRoleHoldersIn, stagesOf } from '../people/index.ts';
import {
  placements,
  postAssignments,
  posts,
  programmeYears,
  SETTING_LABELS,
  type Setting,
} from '../placements/index.ts';
import {
  allocationRuns,
  allocationSwaps,
  preferenceSubmissions,
  preferenceWindowLearners,
  preferenceWindowPosts,
  preferenceWindows,
} from './schema.ts';

export type PreferenceWindow = typeof preferenceWindows.$inferSelect;
export type AllocationRun = typeof allocationRuns.$inferSelect;
export type Submission = typeof preferenceSubmissions.$inferSelect;
export type RegionScope = 'all' | readonly string[];

const NO_REGION = '00000000-0000-0000-0000-000000000000';

function inScope(scope: RegionScope): SQL | undefined {
  if (scope === 'all') return undefined;
  return inArray(preferenceWindows.regionId, scope.length > 0 ? [...scope] : [NO_REGION]);
}

export interface WindowDetail extends PreferenceWindow {
  yearName: string;
  regionName: string;
}

export interface WindowListItem extends WindowDetail {
  eligible: number;
  submitted: number;
}

const windowIdSql = sql.raw('"preference_windows"."id"');

export async function listWindows(
  db: Db,
  scope: RegionScope,
  limit: number,
  offset: number,
): Promise<{ items: WindowListItem[]; total: number }> {
  const where = inScope(scope);
  const [rows, totals] = await Promise.all([
    db
      .select({
        window: preferenceWindows,
        yearName: programmeYears.name,
        eligible:
          sql<number>`(select count(*) from ${preferenceWindowLearners} l where l.window_id = ${windowIdSql})`.mapWith(
            Number,
          ),
        submitted:
          sql<number>`(select count(*) from ${preferenceSubmissions} s where s.window_id = ${windowIdSql} and s.submitted_at is not null)`.mapWith(
            Number,
          ),
      })
      .from(preferenceWindows)
      .innerJoin(programmeYears, eq(programmeYears.id, preferenceWindows.programmeYearId))
      .where(where)
      .orderBy(desc(preferenceWindows.createdAt))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(preferenceWindows).where(where),
  ]);
  const regionNames = await regionNamesOf(
    db,
    rows.map((row) => row.window.regionId),
  );
  return {
    items: rows.map((row) => ({
      ...row.window,
      yearName: row.yearName,
      regionName: regionNames.get(row.window.regionId)?.name ?? '',
      eligible: row.eligible,
      submitted: row.submitted,
    })),
    total: totals[0]?.n ?? 0,
  };
}

/**
 * The window. With a lock (inside a transaction), its row stays locked until the transaction ends, so that a change
 * checked against the window's state cannot run alongside another: 'update' for the programme team's changes
 * (the second waits, then sees the first), 'share' for learners saving rankings (many at once, none while the
 * window is being closed). Only the window's row is locked, not its year's or region's.
 */
export async function findWindow(db: Db, id: string, lock?: 'update' | 'share'): Promise<WindowDetail | undefined> {
  const query = db
    .select({ window: preferenceWindows, yearName: programmeYears.name })
    .from(preferenceWindows)
    .innerJoin(programmeYears, eq(programmeYears.id, preferenceWindows.programmeYearId))
    .where(eq(preferenceWindows.id, id));
  const [row] = lock === undefined ? await query : await query.for(lock, { of: preferenceWindows });
  if (row === undefined) return undefined;
  const region = (await regionNamesOf(db, [row.window.regionId])).get(row.window.regionId);
  return region === undefined ? undefined : { ...row.window, yearName: row.yearName, regionName: region.name };
}

export async function insertWindow(db: Db, values: typeof preferenceWindows.$inferInsert): Promise<PreferenceWindow> {
  const [row] = await db.insert(preferenceWindows).values(values).returning();
  if (row === undefined) throw new Error('Preference window was not saved');
  return row;
}

export async function updateWindow(
  db: Db,
  id: string,
  values: Partial<typeof preferenceWindows.$inferInsert>,
): Promise<void> {
  await db.update(preferenceWindows).set(values).where(eq(preferenceWindows.id, id));
}

export async function addWindowPosts(db: Db, windowId: string, postIds: readonly string[]): Promise<void> {
  if (postIds.length === 0) return;
  await db.insert(preferenceWindowPosts).values(postIds.map((postId) => ({ windowId, postId })));
}

export async function addWindowLearners(db: Db, windowId: string, learnerIds: readonly string[]): Promise<void> {
  if (learnerIds.length === 0) return;
  await db.insert(preferenceWindowLearners).values(learnerIds.map((learnerUserId) => ({ windowId, learnerUserId })));
}

export interface YearChoice {
  id: string;
  name: string;
  regionId: string;
  regionName: string;
}

export async function yearChoices(db: Db, scope: RegionScope): Promise<YearChoice[]> {
  const where =
    scope === 'all' ? undefined : inArray(programmeYears.regionId, scope.length > 0 ? [...scope] : [NO_REGION]);
  const regionIds = await db.selectDistinct({ id: programmeYears.regionId }).from(programmeYears).where(where);
  const regionNames = await regionNamesOf(
    db,
    regionIds.map((row) => row.id),
  );
  const rows = await db
    .select({ id: programmeYears.id, name: programmeYears.name, regionId: programmeYears.regionId })
    .from(programmeYears)
    .where(where)
    .orderBy(desc(programmeYears.startsOn), byRank(programmeYears.regionId, regionNames), asc(programmeYears.name));
  return rows.flatMap((row) => {
    const region = regionNames.get(row.regionId);
    return region === undefined ? [] : [{ ...row, regionName: region.name }];
  });
}

export interface PostRow {
  id: string;
  code: string;
  title: string;
  capacity: number;
  regionId: string;
  leadEmployerId: string;
  leadEmployerName: string;
  settings: string[];
}

const postIdSql = sql.raw('"posts"."id"');

function postSelection() {
  return {
    id: posts.id,
    code: posts.code,
    title: posts.title,
    capacity: posts.capacity,
    regionId: posts.regionId,
    leadEmployerId: posts.leadEmployerId,
    settings: sql<
      string[] | null
    >`(select array_agg(distinct pl.setting) from ${placements} pl where pl.post_id = ${postIdSql})`,
  };
}

type PostSelection = Omit<PostRow, 'settings' | 'leadEmployerName'> & { settings: string[] | null };

/** The posts with their lead employers' names and their settings' labels. */
async function withNamesAndLabels(db: Db, rows: PostSelection[]): Promise<PostRow[]> {
  const names = await organisationNamesOf(
    db,
    rows.map((row) => row.leadEmployerId),
  );
  return rows.flatMap((row) => {
    const leadEmployer = names.get(row.leadEmployerId);
    if (leadEmployer === undefined) return [];
    const settings = (row.settings ?? []).map((setting) => SETTING_LABELS[setting as Setting]).sort();
    return [
      {
        id: row.id,
        code: row.code,
        title: row.title,
        capacity: row.capacity,
        regionId: row.regionId,
        leadEmployerId: row.leadEmployerId,
        leadEmployerName: leadEmployer.name,
        settings,
      },
    ];
  });
}

/** The year's posts that are still offered (not archived), by code. */
export async function yearPosts(db: Db, yearId: string): Promise<PostRow[]> {
  const rows = await db
    .select(postSelection())
    .from(posts)
    .where(and(eq(posts.programmeYearId, yearId), isNull(posts.archivedAt)))
    .orderBy(asc(posts.code));
  return withNamesAndLabels(db, rows);
}

export async function windowPosts(db: Db, windowId: string): Promise<PostRow[]> {
  const rows = await db
    .select(postSelection())
    .from(preferenceWindowPosts)
    .innerJoin(posts, eq(posts.id, preferenceWindowPosts.postId))
    .where(eq(preferenceWindowPosts.windowId, windowId))
    .orderBy(asc(posts.code));
  return withNamesAndLabels(db, rows);
}

export interface LearnerChoice {
  id: string;
  name: string;
  email: string;
  stage: string | null;
}

/** Learners of a region: people holding the learner role there, with their stage where known. */
export async function regionLearners(db: Db, regionId: string): Promise<LearnerChoice[]> {
  return learnerRoleHoldersIn(db, regionId);
}

export interface WindowLearner extends LearnerChoice {
  submittedAt: Date | null;
  ranked: number;
  updatedAt: Date | null;
  /** The submitted or draft ranking, post ids best first (empty when nothing is saved). */
  ranking: string[];
  preallocatedPostId: string | null;
  preallocationReason: string | null;
  linkedWithUserId: string | null;
}

export async function windowLearners(db: Db, windowId: string): Promise<WindowLearner[]> {
  const rows = await db
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      submittedAt: preferenceSubmissions.submittedAt,
      ranking: preferenceSubmissions.ranking,
      updatedAt: preferenceSubmissions.updatedAt,
      preallocatedPostId: preferenceWindowLearners.preallocatedPostId,
      preallocationReason: preferenceWindowLearners.preallocationReason,
      linkedWithUserId: preferenceWindowLearners.linkedWithUserId,
    })
    .from(preferenceWindowLearners)
    .innerJoin(users, eq(users.id, preferenceWindowLearners.learnerUserId))
    .leftJoin(
      preferenceSubmissions,
      and(
        eq(preferenceSubmissions.windowId, preferenceWindowLearners.windowId),
        eq(preferenceSubmissions.learnerUserId, preferenceWindowLearners.learnerUserId),
      ),
    )
    .where(eq(preferenceWindowLearners.windowId, windowId))
    .orderBy(asc(users.displayName), asc(users.id));
  const stages = await stagesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map(({ ranking, ...row }) => ({
    id: row.id,
    name: row.name,
    email: row.email,
    stage: stages.get(row.id) ?? null,
    submittedAt: row.submittedAt,
    updatedAt: row.updatedAt,
    preallocatedPostId: row.preallocatedPostId,
    preallocationReason: row.preallocationReason,
    linkedWithUserId: row.linkedWithUserId,
    ranking: ranking ?? [],
    ranked: ranking?.length ?? 0,
  }));
}

/** A learner's special-circumstances pre-allocation or linked application on a window. */
export async function updateWindowLearner(
  db: Db,
  windowId: string,
  learnerUserId: string,
  values: Partial<
    Pick<
      typeof preferenceWindowLearners.$inferInsert,
      'preallocatedPostId' | 'preallocationReason' | 'linkedWithUserId'
    >
  >,
): Promise<void> {
  await db
    .update(preferenceWindowLearners)
    .set(values)
    .where(
      and(eq(preferenceWindowLearners.windowId, windowId), eq(preferenceWindowLearners.learnerUserId, learnerUserId)),
    );
}

export async function isEligible(db: Db, windowId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ windowId: preferenceWindowLearners.windowId })
    .from(preferenceWindowLearners)
    .where(and(eq(preferenceWindowLearners.windowId, windowId), eq(preferenceWindowLearners.learnerUserId, userId)));
  return row !== undefined;
}

export interface LearnerWindow extends PreferenceWindow {
  yearName: string;
  submittedAt: Date | null;
  hasDraft: boolean;
}

/** Windows a learner may rank in (or see the result of): every one they are eligible for that has been opened. */
export async function learnerWindows(db: Db, userId: string): Promise<LearnerWindow[]> {
  const rows = await db
    .select({
      window: preferenceWindows,
      yearName: programmeYears.name,
      submittedAt: preferenceSubmissions.submittedAt,
      updatedAt: preferenceSubmissions.updatedAt,
      preallocatedPostId: preferenceWindowLearners.preallocatedPostId,
      preallocationReason: preferenceWindowLearners.preallocationReason,
      linkedWithUserId: preferenceWindowLearners.linkedWithUserId,
    })
    .from(preferenceWindowLearners)
    .innerJoin(preferenceWindows, eq(preferenceWindows.id, preferenceWindowLearners.windowId))
    .innerJoin(programmeYears, eq(programmeYears.id, preferenceWindows.programmeYearId))
    .leftJoin(
      preferenceSubmissions,
      and(
        eq(preferenceSubmissions.windowId, preferenceWindowLearners.windowId),
        eq(preferenceSubmissions.learnerUserId, preferenceWindowLearners.learnerUserId),
      ),
    )
    .where(and(eq(preferenceWindowLearners.learnerUserId, userId), ne(preferenceWindows.status, 'draft')))
    .orderBy(desc(preferenceWindows.deadline));
  return rows.map((row) => ({
    ...row.window,
    yearName: row.yearName,
    submittedAt: row.submittedAt,
    hasDraft: row.updatedAt !== null,
  }));
}

export async function findSubmission(db: Db, windowId: string, userId: string): Promise<Submission | undefined> {
  const [row] = await db
    .select()
    .from(preferenceSubmissions)
    .where(and(eq(preferenceSubmissions.windowId, windowId), eq(preferenceSubmissions.learnerUserId, userId)));
  return row;
}

export async function saveSubmission(db: Db, values: typeof preferenceSubmissions.$inferInsert): Promise<void> {
  await db
    .insert(preferenceSubmissions)
    .values(values)
    .onConflictDoUpdate({
      target: [preferenceSubmissions.windowId, preferenceSubmissions.learnerUserId],
      set: { ranking: values.ranking, submittedAt: values.submittedAt ?? null, updatedAt: values.updatedAt },
    });
}

export async function submittedRankings(
  db: Db,
  windowId: string,
): Promise<{ learnerUserId: string; ranking: string[] }[]> {
  return db
    .select({ learnerUserId: preferenceSubmissions.learnerUserId, ranking: preferenceSubmissions.ranking })
    .from(preferenceSubmissions)
    .where(and(eq(preferenceSubmissions.windowId, windowId), isNotNull(preferenceSubmissions.submittedAt)))
    .orderBy(asc(preferenceSubmissions.learnerUserId));
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

export async function rotation(db: Db, postId: string): Promise<RotationRow[]> {
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

export async function insertRun(db: Db, values: typeof allocationRuns.$inferInsert): Promise<AllocationRun> {
  const [row] = await db.insert(allocationRuns).values(values).returning();
  if (row === undefined) throw new Error('Allocation run was not saved');
  return row;
}

export async function listRuns(db: Db, windowId: string): Promise<Omit<AllocationRun, 'input' | 'result'>[]> {
  return db
    .select({
      id: allocationRuns.id,
      windowId: allocationRuns.windowId,
      mechanism: allocationRuns.mechanism,
      seed: allocationRuns.seed,
      stats: allocationRuns.stats,
      runBy: allocationRuns.runBy,
      runByName: allocationRuns.runByName,
      createdAt: allocationRuns.createdAt,
    })
    .from(allocationRuns)
    .where(eq(allocationRuns.windowId, windowId))
    .orderBy(desc(allocationRuns.createdAt));
}

export async function findRun(db: Db, id: string): Promise<AllocationRun | undefined> {
  const [row] = await db.select().from(allocationRuns).where(eq(allocationRuns.id, id));
  return row;
}

export async function assign(
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

export async function moveAssignment(
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

export async function insertSwap(db: Db, values: typeof allocationSwaps.$inferInsert): Promise<void> {
  await db.insert(allocationSwaps).values(values);
}

export async function listSwaps(db: Db, windowId: string) {
  return db
    .select()
    .from(allocationSwaps)
    .where(eq(allocationSwaps.windowId, windowId))
    .orderBy(asc(allocationSwaps.createdAt));
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName, email: users.email })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((row) => [row.id, { name: row.name, email: row.email }]));
}
