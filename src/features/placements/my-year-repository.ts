/**
 * Queries of a person's own placements: the posts a learner is placed in, their private "my year" calendar link, and
 * the placements a person supervises (my year, its calendar feed, the data download and erasure).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { calendarTokens, placements, postAssignments, posts } from './schema.ts';

/** The posts a learner is placed in, newest first: what "my year" and its calendar show. */
export async function assignmentsOf(db: Db, learnerUserId: string): Promise<{ postId: string; assignedAt: Date }[]> {
  return db
    .select({ postId: postAssignments.postId, assignedAt: postAssignments.assignedAt })
    .from(postAssignments)
    .where(eq(postAssignments.learnerUserId, learnerUserId))
    .orderBy(desc(postAssignments.assignedAt));
}

/** Every post a learner has been placed in, archived ones included, oldest first. */
export async function learnerAssignments(
  db: Db,
  learnerUserId: string,
): Promise<{ postId: string; assignedAt: Date; source: string }[]> {
  return db
    .select({ postId: postAssignments.postId, assignedAt: postAssignments.assignedAt, source: postAssignments.source })
    .from(postAssignments)
    .where(eq(postAssignments.learnerUserId, learnerUserId))
    .orderBy(asc(postAssignments.assignedAt));
}

/** Placements a person is the clinical supervisor of, with their post's code. */
export async function supervisedPlacements(
  db: Db,
  userId: string,
): Promise<{ postCode: string; specialty: string; startsOn: string; endsOn: string }[]> {
  return db
    .select({
      postCode: posts.code,
      specialty: placements.specialty,
      startsOn: placements.startsOn,
      endsOn: placements.endsOn,
    })
    .from(placements)
    .innerJoin(posts, eq(posts.id, placements.postId))
    .where(eq(placements.clinicalSupervisorUserId, userId))
    .orderBy(asc(placements.startsOn), asc(posts.code));
}

export interface LearnerPlacement {
  id: string;
  postCode: string;
  specialty: string;
  setting: string;
  startsOn: string;
  endsOn: string;
  clinicalSupervisorUserId: string | null;
}

/** The placements of the posts a learner is (or was) assigned to, in date order: what their supervisor meetings are in. */
export async function placementsOfLearner(db: Db, learnerUserId: string): Promise<LearnerPlacement[]> {
  return (await placementsOfLearners(db, [learnerUserId])).map(
    ({ learnerUserId: _learner, ...placement }) => placement,
  );
}

/** The placements of several learners at once (a supervisor's task list), each with its learner. */
export async function placementsOfLearners(
  db: Db,
  learnerUserIds: readonly string[],
): Promise<(LearnerPlacement & { learnerUserId: string })[]> {
  if (learnerUserIds.length === 0) return [];
  return db
    .select({
      learnerUserId: postAssignments.learnerUserId,
      id: placements.id,
      postCode: posts.code,
      specialty: placements.specialty,
      setting: placements.setting,
      startsOn: placements.startsOn,
      endsOn: placements.endsOn,
      clinicalSupervisorUserId: placements.clinicalSupervisorUserId,
    })
    .from(postAssignments)
    .innerJoin(posts, eq(posts.id, postAssignments.postId))
    .innerJoin(placements, eq(placements.postId, posts.id))
    .where(inArray(postAssignments.learnerUserId, [...learnerUserIds]))
    .orderBy(asc(placements.startsOn), asc(posts.code), asc(placements.id));
}

/** When the learner's private calendar link was made, if they have one. */
export async function calendarTokenOf(db: Db, userId: string): Promise<{ createdAt: Date } | undefined> {
  const [row] = await db
    .select({ createdAt: calendarTokens.createdAt })
    .from(calendarTokens)
    .where(eq(calendarTokens.userId, userId));
  return row;
}

/** Keeps the hash of a learner's new private calendar link, in place of any earlier one. */
export async function saveCalendarToken(db: Db, userId: string, tokenHash: string, now: Date): Promise<void> {
  await db
    .insert(calendarTokens)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt: now } });
}

/** The active person a private calendar link belongs to. */
export async function userByCalendarToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ userId: calendarTokens.userId })
    .from(calendarTokens)
    .innerJoin(users, eq(users.id, calendarTokens.userId))
    .where(and(eq(calendarTokens.tokenHash, tokenHash), eq(users.status, 'active')));
  return row?.userId;
}

/** Erasure: the private "my year" calendar link goes. */
export async function deleteCalendarToken(db: Db, userId: string): Promise<string | null> {
  const removed = await db.delete(calendarTokens).where(eq(calendarTokens.userId, userId)).returning();
  return removed.length === 0 ? null : 'the private “my year” calendar link removed';
}
