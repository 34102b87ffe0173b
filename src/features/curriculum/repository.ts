/**
 * Queries of the curriculum feature: a region's curriculum and the version each learner follows, learners and the
 * people who supervise them, learning activities and evidence links. The version history, drafts and publishing
 * have theirs in versions-repository.ts.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Enrolment } from '../people/index.ts';
import type { CurriculumContent } from './domain/curriculum.ts';
import type { EvidenceSourceType } from './domain/evidence.ts';
import { curricula, curriculumVersions, evidenceLinks, learnerCurricula, learningActivities } from './schema.ts';

export type Curriculum = typeof curricula.$inferSelect;
export type CurriculumVersion = typeof curriculumVersions.$inferSelect;
export type Activity = typeof learningActivities.$inferSelect;
export type NewActivity = typeof learningActivities.$inferInsert;
export type EvidenceLinkRow = typeof evidenceLinks.$inferSelect;

// ----- A region's curriculum and the version each learner follows -----

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

/**
 * The people feature's enrolment step: a learner enrolled in a region starts on its current published curriculum
 * version, recorded now. Nothing is recorded while the region has no published curriculum.
 */
export async function startsOnCurrentVersion(db: Db, enrolment: Enrolment): Promise<void> {
  const curriculum = await regionCurriculum(db, enrolment.regionId);
  if (curriculum !== undefined) await recordLearnerVersion(db, enrolment.learnerId, curriculum.id, enrolment.now);
}

// ----- Learners -----

// A learner's record, region and stage are the people feature's; curriculum offers them as it did.
export { findLearner, learnerRegionOf, learnersIn, learnerStageIn, type LearnerRecord } from '../people/index.ts';

/** Users by id, for names in lists. */
export { displayNamesOf as namesOf } from '../../platform/auth/store.ts';

// ----- Learning activities -----

/** A curriculum's activities by title; archived ones only when asked. */
export async function activitiesOf(db: Db, curriculumId: string, includeArchived: boolean): Promise<Activity[]> {
  return db
    .select()
    .from(learningActivities)
    .where(
      and(
        eq(learningActivities.curriculumId, curriculumId),
        includeArchived ? undefined : isNull(learningActivities.archivedAt),
      ),
    )
    .orderBy(asc(learningActivities.title), asc(learningActivities.id));
}

export async function findActivity(
  db: Db,
  id: string,
): Promise<{ activity: Activity; curriculum: Curriculum } | undefined> {
  const [row] = await db
    .select({ activity: learningActivities, curriculum: curricula })
    .from(learningActivities)
    .innerJoin(curricula, eq(curricula.id, learningActivities.curriculumId))
    .where(eq(learningActivities.id, id));
  return row;
}

export async function insertActivity(db: Db, values: NewActivity): Promise<void> {
  await db.insert(learningActivities).values(values);
}

export async function updateActivity(db: Db, id: string, values: Partial<NewActivity>): Promise<void> {
  await db.update(learningActivities).set(values).where(eq(learningActivities.id, id));
}

// ----- Evidence links -----

/** What identifies one source's links for a learner: the links it makes are replaced together. */
export interface EvidenceSourceKey {
  learnerId: string;
  curriculumId: string;
  sourceType: EvidenceSourceType;
  sourceId: string;
}

/**
 * Replaces a source's links with one to each of the outcomes (none removes them all); returns the outcome codes it
 * was linked to before.
 */
export async function replaceSourceEvidence(
  db: Db,
  key: EvidenceSourceKey,
  links: {
    outcomeCodes: readonly string[];
    label: string;
    href: string | null;
    recordedAt: Date;
    recordedBy: string | null;
  },
): Promise<string[]> {
  const where = and(
    eq(evidenceLinks.learnerUserId, key.learnerId),
    eq(evidenceLinks.curriculumId, key.curriculumId),
    eq(evidenceLinks.sourceType, key.sourceType),
    eq(evidenceLinks.sourceId, key.sourceId),
  );
  const before = (await db.select({ code: evidenceLinks.outcomeCode }).from(evidenceLinks).where(where)).map(
    (row) => row.code,
  );
  await db.delete(evidenceLinks).where(where);
  if (links.outcomeCodes.length > 0) {
    await db.insert(evidenceLinks).values(
      links.outcomeCodes.map((outcomeCode) => ({
        id: newId(),
        learnerUserId: key.learnerId,
        curriculumId: key.curriculumId,
        outcomeCode,
        sourceType: key.sourceType,
        sourceId: key.sourceId,
        label: links.label,
        href: links.href,
        recordedAt: links.recordedAt,
        recordedBy: links.recordedBy,
      })),
    );
  }
  return before;
}

/** Every link of a learner in their region's curriculum, for progress. */
export async function evidenceOf(db: Db, learnerId: string, curriculumId: string): Promise<EvidenceLinkRow[]> {
  return db
    .select()
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.learnerUserId, learnerId), eq(evidenceLinks.curriculumId, curriculumId)));
}

/** The evidence links of many learners in one curriculum, in one query. */
export async function evidenceOfLearners(
  db: Db,
  curriculumId: string,
  learnerIds: readonly string[],
): Promise<EvidenceLinkRow[]> {
  if (learnerIds.length === 0) return [];
  return db
    .select()
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.curriculumId, curriculumId), inArray(evidenceLinks.learnerUserId, [...learnerIds])));
}

/** A learner's evidence links, oldest first, as their "download my data" lists them. */
export async function learnerEvidenceForExport(
  db: Db,
  userId: string,
): Promise<{ outcome: string; source: EvidenceSourceType; label: string; recordedAt: Date }[]> {
  return db
    .select({
      outcome: evidenceLinks.outcomeCode,
      source: evidenceLinks.sourceType,
      label: evidenceLinks.label,
      recordedAt: evidenceLinks.recordedAt,
    })
    .from(evidenceLinks)
    .where(eq(evidenceLinks.learnerUserId, userId))
    .orderBy(asc(evidenceLinks.recordedAt));
}

/** The curriculum versions a learner follows and since when, as their "download my data" lists them. */
export async function learnerVersionsForExport(
  db: Db,
  userId: string,
): Promise<{ curriculum: string; version: number | null; since: Date }[]> {
  return db
    .select({ curriculum: curricula.name, version: curriculumVersions.number, since: learnerCurricula.assignedAt })
    .from(learnerCurricula)
    .innerJoin(curricula, eq(curricula.id, learnerCurricula.curriculumId))
    .innerJoin(curriculumVersions, eq(curriculumVersions.id, learnerCurricula.versionId))
    .where(eq(learnerCurricula.learnerUserId, userId));
}
