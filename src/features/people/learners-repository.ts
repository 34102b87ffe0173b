/**
 * Learners, role holders and educational supervisions: the query functions other features use (through index.ts)
 * instead of the tables (ADR 12).
 */
import { and, asc, desc, eq, exists, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { users } from '../../platform/auth/schema.ts';
import { educationalSupervisions, learnerProfiles, roleAssignments } from './schema.ts';
import type { AccountStatus, Stage } from './domain/people.ts';

export interface LearnerRecord {
  id: string;
  name: string;
  email: string;
  regionId: string;
  stage: string;
}

/** A learner (a person with a learner profile) who is not erased. */
export async function findLearner(db: Db, learnerId: string): Promise<LearnerRecord | undefined> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      regionId: learnerProfiles.regionId,
      stage: learnerProfiles.stage,
    })
    .from(learnerProfiles)
    .innerJoin(users, eq(users.id, learnerProfiles.userId))
    .where(and(eq(learnerProfiles.userId, learnerId), ne(users.status, 'erased')));
  return row;
}

/** Learners (a profile and the learner role) who are not erased and meet the condition, by name. */
function learnerRecordsWhere(db: Db, condition: SQL | undefined): Promise<LearnerRecord[]> {
  return db
    .selectDistinct({
      id: users.id,
      name: users.displayName,
      email: users.email,
      regionId: learnerProfiles.regionId,
      stage: learnerProfiles.stage,
    })
    .from(learnerProfiles)
    .innerJoin(users, eq(users.id, learnerProfiles.userId))
    .innerJoin(roleAssignments, and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, 'learner')))
    .where(and(ne(users.status, 'erased'), condition))
    .orderBy(asc(users.displayName), asc(users.id));
}

/**
 * Learners (a profile and the learner role) who are not erased, in the given regions or among the given learners,
 * by name. Neither any region nor any learner is nobody.
 */
export async function learnersIn(
  db: Db,
  regionIds: 'all' | readonly string[],
  learnerIds: readonly string[],
): Promise<LearnerRecord[]> {
  if (regionIds !== 'all' && regionIds.length === 0 && learnerIds.length === 0) return [];
  return learnerRecordsWhere(
    db,
    regionIds === 'all'
      ? undefined
      : or(
          regionIds.length === 0 ? undefined : inArray(learnerProfiles.regionId, [...regionIds]),
          learnerIds.length === 0 ? undefined : inArray(users.id, [...learnerIds]),
        ),
  );
}

/** Learners of a region (a profile there and the learner role) who are not erased, optionally only these ids. */
export async function learnersInRegion(db: Db, regionId: string, ids?: readonly string[]): Promise<LearnerRecord[]> {
  if (ids !== undefined && ids.length === 0) return [];
  return learnerRecordsWhere(
    db,
    and(eq(learnerProfiles.regionId, regionId), ids === undefined ? undefined : inArray(users.id, [...ids])),
  );
}

/** The ids of a region's learners (a profile there and the learner role), erased ones included. */
export async function learnerIdsInRegion(db: Db, regionId: string): Promise<string[]> {
  const rows = await db
    .select({ id: learnerProfiles.userId })
    .from(learnerProfiles)
    .innerJoin(
      roleAssignments,
      and(eq(roleAssignments.userId, learnerProfiles.userId), eq(roleAssignments.role, 'learner')),
    )
    .where(eq(learnerProfiles.regionId, regionId));
  return [...new Set(rows.map((row) => row.id))];
}

/** People holding the learner role in a region who are not erased, by name, with their stage where known. */
export async function learnerRoleHoldersIn(
  db: Db,
  regionId: string,
): Promise<{ id: string; name: string; email: string; stage: Stage | null }[]> {
  return db
    .selectDistinct({ id: users.id, name: users.displayName, email: users.email, stage: learnerProfiles.stage })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .leftJoin(learnerProfiles, eq(learnerProfiles.userId, users.id))
    .where(and(eq(roleAssignments.role, 'learner'), eq(roleAssignments.regionId, regionId), ne(users.status, 'erased')))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** The stages of those of these people who have a learner profile. */
export async function stagesOf(db: Db, ids: readonly string[]): Promise<Map<string, Stage>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: learnerProfiles.userId, stage: learnerProfiles.stage })
    .from(learnerProfiles)
    .where(inArray(learnerProfiles.userId, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.stage]));
}

/** The region a person is a learner of, if they have a learner profile. */
export async function learnerRegionOf(db: Db, userId: string): Promise<string | undefined> {
  const [profile] = await db
    .select({ regionId: learnerProfiles.regionId })
    .from(learnerProfiles)
    .where(eq(learnerProfiles.userId, userId));
  return profile?.regionId;
}

/** The person's stage when they are a learner of the region; null otherwise. */
export async function learnerStageIn(db: Db, userId: string, regionId: string): Promise<string | null> {
  const [row] = await db
    .select({ stage: learnerProfiles.stage })
    .from(learnerProfiles)
    .innerJoin(
      roleAssignments,
      and(eq(roleAssignments.userId, learnerProfiles.userId), eq(roleAssignments.role, 'learner')),
    )
    .where(and(eq(learnerProfiles.userId, userId), eq(learnerProfiles.regionId, regionId)));
  return row?.stage ?? null;
}

/** The current stage on a learner's profile, which lists and the learner's pages read. */
export async function setLearnerStage(db: Db, learnerId: string, stage: Stage, at: Date): Promise<void> {
  await db.update(learnerProfiles).set({ stage, updatedAt: at }).where(eq(learnerProfiles.userId, learnerId));
}

/**
 * People holding one of the roles in a region whose account has one of the statuses, by name: who may supervise a
 * placement, facilitate an event, or be a learner's educational supervisor.
 */
export async function roleHoldersIn(
  db: Db,
  regionId: string,
  roles: readonly Role[],
  statuses: readonly AccountStatus[],
  exceptUserId?: string,
): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .selectDistinct({ id: users.id, name: users.displayName, email: users.email })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(
      and(
        eq(roleAssignments.regionId, regionId),
        inArray(roleAssignments.role, [...roles]),
        inArray(users.status, [...statuses]),
        exceptUserId === undefined ? undefined : ne(users.id, exceptUserId),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
}

/** The condition "the supervisor holds one of these roles in the learner's region" (the learner profile is joined). */
function holdsRoleInLearnersRegion(db: Db, supervisorId: string, roles: readonly Role[]) {
  return exists(
    db
      .select({ one: sql`1` })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, supervisorId),
          inArray(roleAssignments.role, [...roles]),
          eq(roleAssignments.regionId, learnerProfiles.regionId),
        ),
      ),
  );
}

/**
 * The learners whose open educational supervision is with the person, while the person's account is active and
 * they hold the educational supervisor role in the learner's region.
 */
export async function educationalSuperviseesOf(db: Db, supervisorId: string): Promise<string[]> {
  const rows = await db
    .select({ id: educationalSupervisions.learnerUserId })
    .from(educationalSupervisions)
    .innerJoin(learnerProfiles, eq(learnerProfiles.userId, educationalSupervisions.learnerUserId))
    .innerJoin(users, eq(users.id, educationalSupervisions.supervisorUserId))
    .where(
      and(
        eq(educationalSupervisions.supervisorUserId, supervisorId),
        isNull(educationalSupervisions.endedAt),
        eq(users.status, 'active'),
        holdsRoleInLearnersRegion(db, supervisorId, ['educational_supervisor']),
      ),
    );
  return rows.map((row) => row.id);
}

/** Those of these learners (with a profile) in whose region the person holds one of the roles. */
export async function learnersWhereHolds(
  db: Db,
  supervisorId: string,
  roles: readonly Role[],
  learnerIds: readonly string[],
): Promise<string[]> {
  if (learnerIds.length === 0) return [];
  const rows = await db
    .select({ id: learnerProfiles.userId })
    .from(learnerProfiles)
    .where(
      and(
        inArray(learnerProfiles.userId, [...new Set(learnerIds)]),
        holdsRoleInLearnersRegion(db, supervisorId, roles),
      ),
    );
  const found = new Set(rows.map((row) => row.id));
  return learnerIds.filter((id) => found.has(id));
}

export interface CurrentSupervisor {
  id: string;
  name: string;
  email: string;
  startedAt: Date;
}

/** A learner's current (open, latest) educational supervisor. */
export async function currentSupervisorOf(db: Db, learnerId: string): Promise<CurrentSupervisor | null> {
  const [row] = await db
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      startedAt: educationalSupervisions.startedAt,
    })
    .from(educationalSupervisions)
    .innerJoin(users, eq(users.id, educationalSupervisions.supervisorUserId))
    .where(and(eq(educationalSupervisions.learnerUserId, learnerId), isNull(educationalSupervisions.endedAt)))
    .orderBy(desc(educationalSupervisions.startedAt))
    .limit(1);
  return row ?? null;
}

/** A learner's educational supervisions, oldest first, with the supervisor's name: for their download. */
export async function supervisionHistoryOf(
  db: Db,
  learnerId: string,
): Promise<{ supervisor: string; startedAt: Date; endedAt: Date | null }[]> {
  return db
    .select({
      supervisor: users.displayName,
      startedAt: educationalSupervisions.startedAt,
      endedAt: educationalSupervisions.endedAt,
    })
    .from(educationalSupervisions)
    .innerJoin(users, eq(users.id, educationalSupervisions.supervisorUserId))
    .where(eq(educationalSupervisions.learnerUserId, learnerId))
    .orderBy(asc(educationalSupervisions.startedAt));
}

/** Ends the learner's open educational supervisions at a time. */
export async function endSupervisions(db: Db, learnerId: string, at: Date): Promise<void> {
  await db
    .update(educationalSupervisions)
    .set({ endedAt: at })
    .where(and(eq(educationalSupervisions.learnerUserId, learnerId), isNull(educationalSupervisions.endedAt)));
}

export interface NewSupervision {
  id: string;
  learnerUserId: string;
  supervisorUserId: string;
  startedAt: Date;
  endedAt?: Date | null;
}

/** Records an educational supervision. */
export async function insertSupervision(db: Db, values: NewSupervision): Promise<void> {
  await db.insert(educationalSupervisions).values(values);
}
