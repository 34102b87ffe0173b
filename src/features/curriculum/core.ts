/**
 * What every part of the curriculum feature shares: the service context, who may see and manage what, the region's
 * curriculum and the version each learner follows.
 */
import { SUPERVISORS, teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { and, asc, desc, eq, exists, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import { hasRole, type Principal, type Role } from '../../platform/auth/roles.ts';
import { newId } from '../../platform/db/ids.ts';
import { educationalSupervisions, learnerProfiles, roleAssignments, type Enrolment } from '../people/index.ts';
import { placements, postAssignments } from '../placements/index.ts';
import { curricula, curriculumVersions, learnerCurricula } from './schema.ts';
import type { CurriculumContent } from './domain/curriculum.ts';
import { clinicalSupervisionSpan } from './domain/supervision.ts';

export type ServiceContext = Context;
export { contextOf };

export type Curriculum = typeof curricula.$inferSelect;
export type CurriculumVersion = typeof curriculumVersions.$inferSelect;

/** The name a region's curriculum is created with; the programme may be named differently elsewhere. */
export const DEFAULT_CURRICULUM_NAME = 'Enhance';

export async function regionCurriculum(db: Db, regionId: string): Promise<Curriculum | undefined> {
  const [row] = await db
    .select()
    .from(curricula)
    .where(eq(curricula.regionId, regionId))
    .orderBy(asc(curricula.createdAt))
    .limit(1);
  return row;
}

/** The newest published version, which new learners start on. */
export async function currentVersion(db: Db, curriculumId: string): Promise<CurriculumVersion | undefined> {
  const [row] = await db
    .select()
    .from(curriculumVersions)
    .where(and(eq(curriculumVersions.curriculumId, curriculumId), eq(curriculumVersions.status, 'published')))
    .orderBy(desc(curriculumVersions.number))
    .limit(1);
  return row;
}

/** Creates a region's curriculum with a first published version of the given content. */
export async function createCurriculum(
  db: Db,
  fields: { regionId: string; name: string; content: CurriculumContent; changeSummary: string; by: string | null },
  now: Date,
): Promise<{ curriculum: Curriculum; version: CurriculumVersion }> {
  const [curriculum] = await db
    .insert(curricula)
    .values({ id: newId(), regionId: fields.regionId, name: fields.name, createdAt: now, updatedAt: now })
    .returning();
  if (curriculum === undefined) throw new Error('The curriculum was not created');
  const [version] = await db
    .insert(curriculumVersions)
    .values({
      id: newId(),
      curriculumId: curriculum.id,
      number: 1,
      status: 'published',
      content: fields.content,
      changeSummary: fields.changeSummary,
      publishedAt: now,
      publishedBy: fields.by,
      createdBy: fields.by,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (version === undefined) throw new Error('The curriculum version was not created');
  return { curriculum, version };
}

export interface LearnerRecord {
  id: string;
  name: string;
  email: string;
  regionId: string;
  stage: string;
}

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

/**
 * The version a learner follows: the one they were given, or else the current published one. Only reads: the version
 * is recorded when the learner is enrolled (startsOnCurrentVersion), when their evidence is recorded, or, for a
 * learner enrolled before the region published a curriculum, when the next version is published (they stay on the
 * one before it). Undefined when the region has no published curriculum.
 */
export async function learnerVersion(
  db: Db,
  learnerId: string,
  curriculumId: string,
): Promise<CurriculumVersion | undefined> {
  const [assigned] = await db
    .select({ version: curriculumVersions })
    .from(learnerCurricula)
    .innerJoin(curriculumVersions, eq(curriculumVersions.id, learnerCurricula.versionId))
    .where(and(eq(learnerCurricula.learnerUserId, learnerId), eq(learnerCurricula.curriculumId, curriculumId)));
  return assigned?.version ?? (await currentVersion(db, curriculumId));
}

/**
 * The learner's version as learnerVersion gives it, recorded (if it was not yet) so that they stay on it when a new
 * version is published. For writes only: enrolment, and recording evidence.
 */
export async function recordLearnerVersion(
  db: Db,
  learnerId: string,
  curriculumId: string,
  now: Date,
): Promise<CurriculumVersion | undefined> {
  const version = await learnerVersion(db, learnerId, curriculumId);
  if (version === undefined) return undefined;
  await db
    .insert(learnerCurricula)
    .values({ learnerUserId: learnerId, curriculumId, versionId: version.id, assignedAt: now, assignedBy: null })
    .onConflictDoNothing();
  return version;
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
 * Learners the person supervises now: as their educational supervisor, or as clinical supervisor of a placement in
 * the post they are assigned to that is under way or ended less than CLINICAL_SUPERVISION_MONTHS_AFTER ago. Either
 * way only while the supervisor's account is active and they still hold the role in the learner's region: a role
 * taken away ends the access even where the supervision or the placement was not updated.
 */
export async function supervisedLearnerIds(db: Db, supervisorId: string, now: Date): Promise<string[]> {
  const { today, endedSince } = clinicalSupervisionSpan(now);
  const [educational, clinical] = await Promise.all([
    db
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
      ),
    db
      .selectDistinct({ id: postAssignments.learnerUserId })
      .from(postAssignments)
      .innerJoin(placements, eq(placements.postId, postAssignments.postId))
      .innerJoin(learnerProfiles, eq(learnerProfiles.userId, postAssignments.learnerUserId))
      .innerJoin(users, eq(users.id, placements.clinicalSupervisorUserId))
      .where(
        and(
          eq(placements.clinicalSupervisorUserId, supervisorId),
          lte(placements.startsOn, today),
          gte(placements.endsOn, endedSince),
          eq(users.status, 'active'),
          // The placement form offers both supervisor roles as a placement's clinical supervisor.
          holdsRoleInLearnersRegion(db, supervisorId, SUPERVISORS),
        ),
      ),
  ]);
  return [...new Set([...educational, ...clinical].map((row) => row.id))];
}

/**
 * Whether the person may see a learner's progress: the learner themself, their supervisors, and the programme team
 * of the learner's region. Everyone else is told the learner does not exist.
 */
export async function maySeeLearner(db: Db, principal: Principal, learner: LearnerRecord, now: Date): Promise<boolean> {
  if (principal.userId === learner.id) return true;
  if (runsProgrammeIn(principal, learner.regionId)) return true;
  if (hasRole(principal, ...SUPERVISORS)) {
    return (await supervisedLearnerIds(db, principal.userId, now)).includes(learner.id);
  }
  return false;
}

/** The learners a person may list: a region's for its programme team, their own for a supervisor. */
export async function visibleLearners(db: Db, principal: Principal, now: Date): Promise<LearnerRecord[]> {
  const scope = teamRegions(principal);
  const supervised = hasRole(principal, ...SUPERVISORS) ? await supervisedLearnerIds(db, principal.userId, now) : [];
  if (scope !== 'all' && scope.length === 0 && supervised.length === 0) return [];
  const rows = await db
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
    .where(
      and(
        ne(users.status, 'erased'),
        scope === 'all'
          ? undefined
          : or(
              scope.length === 0 ? undefined : inArray(learnerProfiles.regionId, scope),
              supervised.length === 0 ? undefined : inArray(users.id, supervised),
            ),
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id));
  return rows;
}

/** Users by id, for names in lists. */
export async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * The people feature's enrolment step: a learner enrolled in a region starts on its current published curriculum
 * version, recorded now. Nothing is recorded while the region has no published curriculum.
 */
export async function startsOnCurrentVersion(db: Db, enrolment: Enrolment): Promise<void> {
  const curriculum = await regionCurriculum(db, enrolment.regionId);
  if (curriculum !== undefined) await recordLearnerVersion(db, enrolment.learnerId, curriculum.id, enrolment.now);
}
