/** Queries of supervisor meetings (entries of kind 'supervisor_meeting') and personal development plan goals. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import type { EntryStatus } from './domain/entries.ts';
import type { GoalStatus } from './domain/meetings.ts';
import { pdpGoals, portfolioEntries } from './schema.ts';

export type GoalRow = typeof pdpGoals.$inferSelect;

/** Every goal of a learner's plan, oldest first: the plan as it stands and its history are read from them. */
export async function goalsOf(db: Db, learnerId: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(pdpGoals)
    .where(eq(pdpGoals.learnerUserId, learnerId))
    .orderBy(asc(pdpGoals.createdAt), asc(pdpGoals.id));
}

/** Locks the learner's goals until the transaction ends, so two meetings cannot review the same goal at once. */
export async function lockGoalsOf(db: Db, learnerId: string): Promise<void> {
  await db.select({ id: pdpGoals.id }).from(pdpGoals).where(eq(pdpGoals.learnerUserId, learnerId)).for('update');
}

/** The goals set (or carried over) at a meeting, in the order they were written. */
export async function goalsSetAt(db: Db, entryId: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(pdpGoals)
    .where(eq(pdpGoals.entryId, entryId))
    .orderBy(asc(pdpGoals.createdAt), asc(pdpGoals.id));
}

export async function insertGoals(db: Db, rows: (typeof pdpGoals.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(pdpGoals).values(rows);
}

export async function reviewGoal(
  db: Db,
  id: string,
  values: { status: GoalStatus; reviewNote: string | null; updatedAt: Date },
): Promise<void> {
  await db.update(pdpGoals).set(values).where(eq(pdpGoals.id, id));
}

export interface HeldMeetingRow {
  entryId: string;
  learnerUserId: string;
  placementId: string | null;
  /** The meeting's type as written in its document. */
  type: string;
  heldOn: string;
  title: string;
  status: EntryStatus;
}

/** The supervisor meetings recorded for these learners, oldest first. */
export async function meetingsOf(db: Db, learnerIds: readonly string[]): Promise<HeldMeetingRow[]> {
  if (learnerIds.length === 0) return [];
  return db
    .select({
      entryId: portfolioEntries.id,
      learnerUserId: portfolioEntries.learnerUserId,
      placementId: portfolioEntries.placementId,
      type: sql<string>`coalesce(${portfolioEntries.document} ->> 'type', '')`,
      heldOn: portfolioEntries.occurredOn,
      title: portfolioEntries.title,
      status: portfolioEntries.status,
    })
    .from(portfolioEntries)
    .where(
      and(inArray(portfolioEntries.learnerUserId, [...learnerIds]), eq(portfolioEntries.kind, 'supervisor_meeting')),
    )
    .orderBy(asc(portfolioEntries.occurredOn), asc(portfolioEntries.createdAt));
}

/** The names of active people, for offering a placement's clinical supervisor by name. */
export async function activeNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(inArray(users.id, [...ids]), eq(users.status, 'active')));
  return new Map(rows.map((row) => [row.id, row.name]));
}
