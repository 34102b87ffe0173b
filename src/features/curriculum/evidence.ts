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
import type { Db } from '../../platform/db/client.ts';
import { audit, type Actor } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/errors.ts';
import { EVIDENCE_SOURCE_LABELS, validateEvidenceOutcomes, type EvidenceSourceType } from './domain/evidence.ts';
import {
  findLearner,
  learnerEvidenceForExport,
  learnerVersionsForExport,
  recordLearnerVersion,
  regionCurriculum,
  replaceSourceEvidence,
} from './repository.ts';

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
  const before = await replaceSourceEvidence(
    db,
    { learnerId: learner.id, curriculumId: curriculum.id, sourceType: input.source.type, sourceId: input.source.id },
    {
      outcomeCodes: checked.codes,
      label: input.source.label,
      href: input.source.href ?? null,
      recordedAt: now,
      recordedBy: actor.userId,
    },
  );
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

/** A learner's evidence links and curriculum version, for their "download my data". */
export async function evidencePersonalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [links, versions] = await Promise.all([
    learnerEvidenceForExport(db, userId),
    learnerVersionsForExport(db, userId),
  ]);
  return { curriculumVersions: versions, evidence: links };
}
