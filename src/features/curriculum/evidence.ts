/**
 * The evidence interface: how other features say that something a learner did evidences curriculum outcomes.
 *
 *   await recordEvidence(tx, actor, {
 *     learnerId,
 *     source: { type: 'portfolio-entry', id: entry.id, label: entry.title, href: `/portfolio/${entry.id}` },
 *     outcomeCodes: ['PCP-F1-01', 'SYS-F1-02'],
 *   }, now);
 *
 * Call it inside the transaction that saves the source, so the two cannot disagree. The outcomes given REPLACE any
 * earlier links of that source (an empty list removes them); at most three (MAX_OUTCOMES_PER_ITEM), each an
 * outcome of the learner's curriculum version. A broken rule throws a RuleError whose message can be shown at the
 * 'outcomes' field. Progress is computed from these links alone, so nothing else needs telling.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, type Actor } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/errors.ts';
import { findLearner, recordLearnerVersion, regionCurriculum } from './core.ts';
import { EVIDENCE_SOURCE_LABELS, validateEvidenceOutcomes, type EvidenceSourceType } from './domain/evidence.ts';
import { curricula, curriculumVersions, evidenceLinks, learnerCurricula } from './schema.ts';

export interface EvidenceSource {
  type: EvidenceSourceType;
  /** The source's own id in its feature. */
  id: string;
  /** What the learner and their supervisors see in the list of evidence. */
  label: string;
  /** Where the evidence can be read, if anywhere. */
  href?: string | null;
}

export interface EvidenceInput {
  learnerId: string;
  source: EvidenceSource;
  outcomeCodes: readonly string[];
}

/** Records which outcomes a source evidences for a learner (replacing its earlier links); returns the codes kept. */
export async function recordEvidence(db: Db, actor: Actor, input: EvidenceInput, now: Date): Promise<string[]> {
  const learner = await findLearner(db, input.learnerId);
  if (learner === undefined) throw new RuleError('This person is not a learner on the programme', 'outcomes');
  const curriculum = await regionCurriculum(db, learner.regionId);
  const version = curriculum === undefined ? undefined : await recordLearnerVersion(db, learner.id, curriculum.id, now);
  if (curriculum === undefined || version === undefined) {
    if (input.outcomeCodes.length === 0) return [];
    throw new RuleError(
      'The programme has not published its curriculum yet, so there are no outcomes to link',
      'outcomes',
    );
  }
  const checked = validateEvidenceOutcomes(version.content, input.outcomeCodes);
  if (!checked.ok) {
    throw new RuleError(checked.problems[0]?.message ?? 'Choose the outcomes again', 'outcomes');
  }
  const where = and(
    eq(evidenceLinks.learnerUserId, learner.id),
    eq(evidenceLinks.curriculumId, curriculum.id),
    eq(evidenceLinks.sourceType, input.source.type),
    eq(evidenceLinks.sourceId, input.source.id),
  );
  const before = (await db.select({ code: evidenceLinks.outcomeCode }).from(evidenceLinks).where(where)).map(
    (row) => row.code,
  );
  await db.delete(evidenceLinks).where(where);
  if (checked.codes.length > 0) {
    await db.insert(evidenceLinks).values(
      checked.codes.map((outcomeCode) => ({
        id: newId(),
        learnerUserId: learner.id,
        curriculumId: curriculum.id,
        outcomeCode,
        sourceType: input.source.type,
        sourceId: input.source.id,
        label: input.source.label,
        href: input.source.href ?? null,
        recordedAt: now,
        recordedBy: actor.userId,
      })),
    );
  }
  const unchanged = before.length === checked.codes.length && before.every((code) => checked.codes.includes(code));
  if (!unchanged) {
    await audit(
      db,
      actor,
      {
        action: 'update',
        entityType: 'evidence',
        entityId: `${input.source.type}:${input.source.id}`,
        regionId: learner.regionId,
        summary: `${EVIDENCE_SOURCE_LABELS[input.source.type]} “${input.source.label}” evidences ${
          checked.codes.length === 0 ? 'no outcomes' : checked.codes.join(', ')
        } for ${learner.name}`,
        before: { outcomes: before },
        after: { outcomes: checked.codes },
      },
      now,
    );
  }
  return checked.codes;
}

/** Every link of a learner in their region's curriculum, for progress. */
export async function evidenceOf(db: Db, learnerId: string, curriculumId: string) {
  return db
    .select()
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.learnerUserId, learnerId), eq(evidenceLinks.curriculumId, curriculumId)));
}

/** A learner's evidence links and curriculum version, for their "download my data". */
export async function evidencePersonalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [links, versions] = await Promise.all([
    db
      .select({
        outcome: evidenceLinks.outcomeCode,
        source: evidenceLinks.sourceType,
        label: evidenceLinks.label,
        recordedAt: evidenceLinks.recordedAt,
      })
      .from(evidenceLinks)
      .where(eq(evidenceLinks.learnerUserId, userId))
      .orderBy(asc(evidenceLinks.recordedAt)),
    db
      .select({ curriculum: curricula.name, version: curriculumVersions.number, since: learnerCurricula.assignedAt })
      .from(learnerCurricula)
      .innerJoin(curricula, eq(curricula.id, learnerCurricula.curriculumId))
      .innerJoin(curriculumVersions, eq(curriculumVersions.id, learnerCurricula.versionId))
      .where(eq(learnerCurricula.learnerUserId, userId)),
  ]);
  return { curriculumVersions: versions, evidence: links };
}
