import { and, asc, count, desc, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { organisationNamesOf, regionNamesOf } from '../organisations/index.ts';
import { learnerRoleHoldersIn, stagesOf } from '../people/index.ts';
import {
  assignPosts,
  movePostAssignment,
  postRotation,
  postsOfYear,
  postsWithIds,
  programmeYearNamesOf,
  programmeYearsIn,
  SETTING_LABELS,
  type OfferedPost,
  type RotationRow,
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
      .where(where)
      .orderBy(desc(preferenceWindows.createdAt))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(preferenceWindows).where(where),
  ]);
  const [regionNames, yearNames] = await Promise.all([
    regionNamesOf(
      db,
      rows.map((row) => row.window.regionId),
    ),
    programmeYearNamesOf(
      db,
      rows.map((row) => row.window.programmeYearId),
    ),
  ]);
  return {
    items: rows.map((row) => ({
      ...row.window,
      yearName: yearNames.get(row.window.programmeYearId) ?? '',
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
  const query = db.select({ window: preferenceWindows }).from(preferenceWindows).where(eq(preferenceWindows.id, id));
  const [row] = lock === undefined ? await query : await query.for(lock, { of: preferenceWindows });
  if (row === undefined) return undefined;
  const [region, yearName] = await Promise.all([
    regionNamesOf(db, [row.window.regionId]).then((names) => names.get(row.window.regionId)),
    programmeYearNamesOf(db, [row.window.programmeYearId]).then((names) => names.get(row.window.programmeYearId)),
  ]);
  return region === undefined || yearName === undefined
    ? undefined
    : { ...row.window, yearName, regionName: region.name };
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

/** Programme years the person may manage, newest first, then by region and name. */
export async function yearChoices(db: Db, scope: RegionScope): Promise<YearChoice[]> {
  const years = await programmeYearsIn(db, scope);
  return years.map(({ id, name, regionId, regionName }) => ({ id, name, regionId, regionName }));
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

/** The posts with their lead employers' names and their settings' labels. */
async function withNamesAndLabels(db: Db, rows: OfferedPost[]): Promise<PostRow[]> {
  const names = await organisationNamesOf(
    db,
    rows.map((row) => row.leadEmployerId),
  );
  return rows.flatMap((row) => {
    const leadEmployer = names.get(row.leadEmployerId);
    if (leadEmployer === undefined) return [];
    const settings = row.settings.map((setting) => SETTING_LABELS[setting]).sort();
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
  return withNamesAndLabels(db, await postsOfYear(db, yearId));
}

/** The window's posts, by code. */
export async function windowPosts(db: Db, windowId: string): Promise<PostRow[]> {
  const ids = await db
    .select({ postId: preferenceWindowPosts.postId })
    .from(preferenceWindowPosts)
    .where(eq(preferenceWindowPosts.windowId, windowId));
  return withNamesAndLabels(
    db,
    await postsWithIds(
      db,
      ids.map((row) => row.postId),
    ),
  );
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
      submittedAt: preferenceSubmissions.submittedAt,
      updatedAt: preferenceSubmissions.updatedAt,
      preallocatedPostId: preferenceWindowLearners.preallocatedPostId,
      preallocationReason: preferenceWindowLearners.preallocationReason,
      linkedWithUserId: preferenceWindowLearners.linkedWithUserId,
    })
    .from(preferenceWindowLearners)
    .innerJoin(preferenceWindows, eq(preferenceWindows.id, preferenceWindowLearners.windowId))
    .leftJoin(
      preferenceSubmissions,
      and(
        eq(preferenceSubmissions.windowId, preferenceWindowLearners.windowId),
        eq(preferenceSubmissions.learnerUserId, preferenceWindowLearners.learnerUserId),
      ),
    )
    .where(and(eq(preferenceWindowLearners.learnerUserId, userId), ne(preferenceWindows.status, 'draft')))
    .orderBy(desc(preferenceWindows.deadline));
  const yearNames = await programmeYearNamesOf(
    db,
    rows.map((row) => row.window.programmeYearId),
  );
  return rows.flatMap((row) => {
    const yearName = yearNames.get(row.window.programmeYearId);
    if (yearName === undefined) return [];
    return [
      {
        ...row.window,
        yearName,
        submittedAt: row.submittedAt,
        hasDraft: row.updatedAt !== null,
      },
    ];
  });
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

export type { RotationRow };

/** The post's placements, as a learner ranking it sees them. */
export async function rotation(db: Db, postId: string): Promise<RotationRow[]> {
  return postRotation(db, postId);
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

/** Places the run's learners in their posts (placements' assignments). */
export async function assign(
  db: Db,
  rows: readonly { postId: string; learnerUserId: string }[],
  now: Date,
  newId: () => string,
): Promise<void> {
  await assignPosts(db, rows, now, newId);
}

/** One side of a swap: the learner's assignment moves to the other post. */
export async function moveAssignment(
  db: Db,
  learnerUserId: string,
  fromPostId: string,
  toPostId: string,
): Promise<void> {
  await movePostAssignment(db, learnerUserId, fromPostId, toPostId);
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
