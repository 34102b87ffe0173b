/**
 * Queries of a curriculum's versions: the history, the one draft and its edits, publishing, and moving learners from
 * one version to another.
 */
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { learnerIdsInRegion } from '../people/index.ts';
import type { CurriculumContent } from './domain/curriculum.ts';
import type { Curriculum, CurriculumVersion } from './repository.ts';
import { curricula, curriculumVersions, learnerCurricula } from './schema.ts';

/** A curriculum's versions, newest first: a draft, which has no number yet, before them all. */
export async function versionsOf(db: Db, curriculumId: string): Promise<CurriculumVersion[]> {
  return db
    .select()
    .from(curriculumVersions)
    .where(eq(curriculumVersions.curriculumId, curriculumId))
    .orderBy(desc(curriculumVersions.number), desc(curriculumVersions.createdAt));
}

export async function draftOf(db: Db, curriculumId: string): Promise<CurriculumVersion | undefined> {
  const [row] = await db
    .select()
    .from(curriculumVersions)
    .where(and(eq(curriculumVersions.curriculumId, curriculumId), eq(curriculumVersions.status, 'draft')))
    .orderBy(asc(curriculumVersions.createdAt))
    .limit(1);
  return row;
}

export async function findVersion(db: Db, id: string): Promise<CurriculumVersion | undefined> {
  const [row] = await db.select().from(curriculumVersions).where(eq(curriculumVersions.id, id));
  return row;
}

/** A version, draft or published, with its curriculum. */
export async function findVersionWithCurriculum(
  db: Db,
  id: string,
): Promise<{ version: CurriculumVersion; curriculum: Curriculum } | undefined> {
  const [row] = await db
    .select({ version: curriculumVersions, curriculum: curricula })
    .from(curriculumVersions)
    .innerJoin(curricula, eq(curricula.id, curriculumVersions.curriculumId))
    .where(eq(curriculumVersions.id, id));
  return row;
}

/** A draft with its curriculum; undefined for a published version. */
export async function findDraftWithCurriculum(
  db: Db,
  id: string,
): Promise<{ draft: CurriculumVersion; curriculum: Curriculum } | undefined> {
  const [row] = await db
    .select({ draft: curriculumVersions, curriculum: curricula })
    .from(curriculumVersions)
    .innerJoin(curricula, eq(curricula.id, curriculumVersions.curriculumId))
    .where(and(eq(curriculumVersions.id, id), eq(curriculumVersions.status, 'draft')));
  return row;
}

/** A published version of the curriculum, by id. */
export async function findPublishedVersion(
  db: Db,
  curriculumId: string,
  id: string,
): Promise<CurriculumVersion | undefined> {
  const [row] = await db
    .select()
    .from(curriculumVersions)
    .where(
      and(
        eq(curriculumVersions.id, id),
        eq(curriculumVersions.curriculumId, curriculumId),
        eq(curriculumVersions.status, 'published'),
        isNotNull(curriculumVersions.number),
      ),
    );
  return row;
}

/** A region's curriculum with no versions yet. */
export async function insertCurriculum(
  db: Db,
  fields: { regionId: string; name: string },
  now: Date,
): Promise<Curriculum> {
  const [curriculum] = await db
    .insert(curricula)
    .values({ id: newId(), regionId: fields.regionId, name: fields.name, createdAt: now, updatedAt: now })
    .returning();
  if (curriculum === undefined) throw new Error('The curriculum was not created');
  return curriculum;
}

export async function insertDraft(
  db: Db,
  fields: { curriculumId: string; content: CurriculumContent; basedOnId: string | null; createdBy: string },
  now: Date,
): Promise<CurriculumVersion> {
  const [draft] = await db
    .insert(curriculumVersions)
    .values({
      id: newId(),
      curriculumId: fields.curriculumId,
      number: null,
      status: 'draft',
      content: fields.content,
      changeSummary: '',
      basedOnId: fields.basedOnId,
      createdBy: fields.createdBy,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (draft === undefined) throw new Error('The draft was not created');
  return draft;
}

/** Locks the curriculum row until the transaction ends. */
export async function lockCurriculum(db: Db, curriculumId: string): Promise<void> {
  await db.select({ id: curricula.id }).from(curricula).where(eq(curricula.id, curriculumId)).for('update');
}

/** Locks the version row until the transaction ends. */
export async function lockVersion(db: Db, id: string): Promise<void> {
  await db
    .select({ id: curriculumVersions.id })
    .from(curriculumVersions)
    .where(eq(curriculumVersions.id, id))
    .for('update');
}

export async function updateDraftContent(db: Db, id: string, content: CurriculumContent, now: Date): Promise<void> {
  await db.update(curriculumVersions).set({ content, updatedAt: now }).where(eq(curriculumVersions.id, id));
}

export async function deleteVersion(db: Db, id: string): Promise<void> {
  await db.delete(curriculumVersions).where(eq(curriculumVersions.id, id));
}

export async function markPublished(
  db: Db,
  id: string,
  fields: { number: number; changeSummary: string; publishedBy: string },
  now: Date,
): Promise<void> {
  await db
    .update(curriculumVersions)
    .set({
      status: 'published',
      number: fields.number,
      changeSummary: fields.changeSummary,
      publishedAt: now,
      publishedBy: fields.publishedBy,
      updatedAt: now,
    })
    .where(eq(curriculumVersions.id, id));
}

// ----- Which version each learner follows -----

/** The region's learners who have not been given a version of the curriculum. */
export async function learnersWithoutVersion(db: Db, curriculum: Curriculum): Promise<string[]> {
  const learnerIds = await learnerIdsInRegion(db, curriculum.regionId);
  if (learnerIds.length === 0) return [];
  const given = await db
    .select({ id: learnerCurricula.learnerUserId })
    .from(learnerCurricula)
    .where(
      and(
        eq(learnerCurricula.curriculumId, curriculum.id),
        inArray(learnerCurricula.learnerUserId, learnerIds),
        isNotNull(learnerCurricula.versionId),
      ),
    );
  const hasVersion = new Set(given.map((row) => row.id));
  return learnerIds.filter((id) => !hasVersion.has(id));
}

/**
 * Gives learners a version no one chose for them (publishing keeps those who had none on the version before); a
 * learner who already has one keeps it.
 */
export async function giveVersion(
  db: Db,
  learnerIds: readonly string[],
  curriculumId: string,
  versionId: string,
  now: Date,
): Promise<void> {
  if (learnerIds.length === 0) return;
  await db
    .insert(learnerCurricula)
    .values(
      learnerIds.map((learnerUserId) => ({
        learnerUserId,
        curriculumId,
        versionId,
        assignedAt: now,
        assignedBy: null,
      })),
    )
    .onConflictDoNothing();
}

/** The version each of these learners has been given, for those who have one. */
export async function assignedVersions(
  db: Db,
  curriculumId: string,
  learnerIds: readonly string[],
): Promise<{ learnerId: string; versionId: string }[]> {
  if (learnerIds.length === 0) return [];
  return db
    .select({ learnerId: learnerCurricula.learnerUserId, versionId: learnerCurricula.versionId })
    .from(learnerCurricula)
    .where(
      and(eq(learnerCurricula.curriculumId, curriculumId), inArray(learnerCurricula.learnerUserId, [...learnerIds])),
    );
}

/** Puts a learner on a version, replacing the one they had. */
export async function moveLearnerTo(
  db: Db,
  fields: { learnerId: string; curriculumId: string; versionId: string; assignedBy: string },
  now: Date,
): Promise<void> {
  await db
    .insert(learnerCurricula)
    .values({
      learnerUserId: fields.learnerId,
      curriculumId: fields.curriculumId,
      versionId: fields.versionId,
      assignedAt: now,
      assignedBy: fields.assignedBy,
    })
    .onConflictDoUpdate({
      target: [learnerCurricula.learnerUserId, learnerCurricula.curriculumId],
      set: { versionId: fields.versionId, assignedAt: now, assignedBy: fields.assignedBy },
    });
}
