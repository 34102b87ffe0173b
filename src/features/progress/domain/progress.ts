import {
  compareOutcomeCodes,
  listOf,
  normaliseOutcomeCode,
  sortedDomains,
  stageIndex,
  type CurriculumContent,
  type Domain,
  type Outcome,
} from '../../curriculum/domain/curriculum.ts';
import type { EvidenceLink } from '../../curriculum/domain/evidence.ts';

/**
 * A learner's progress through their curriculum version, computed from evidence links alone: a link says that one
 * thing the learner did (a portfolio entry, an attended event, a completed 360° scenario, a project) evidences one
 * outcome. Nothing else (ticks, sign-offs, self-rating) counts, so progress can always be explained by listing
 * the links behind it.
 */

export interface Count {
  evidenced: number;
  total: number;
}

export interface OutcomeProgress {
  outcome: Outcome;
  /** Distinct sources linked to this outcome (one source linked twice counts once). */
  evidenceCount: number;
  /** When the latest of those links was recorded; null when none. */
  lastEvidencedAt: Date | null;
}

export interface DomainProgress {
  domain: Domain;
  /** Outcomes of the learner's current stage. */
  currentStage: Count;
  /** Outcomes of every stage up to and including the current one. */
  toDate: Count;
  /** evidenced ÷ total of toDate, 0 to 1; null when there are no outcomes to date. */
  coverage: number | null;
  /** Outcomes up to the current stage with no evidence: the current stage's first, then earlier stages in order. */
  stillNeeded: Outcome[];
  /** Every outcome up to and including the current stage, in stage then code order, with its evidence. */
  outcomes: OutcomeProgress[];
  /** Outcomes of later stages already evidenced: shown as a learner working ahead, never counted in toDate. */
  evidencedAhead: number;
}

export interface UnmatchedEvidence {
  /** Distinct (source, outcome) links whose outcome this version does not have. */
  count: number;
  /** Those outcome codes, sorted. */
  outcomeCodes: string[];
}

export interface Progress {
  stageCode: string;
  domains: DomainProgress[];
  overall: { currentStage: Count; toDate: Count; coverage: number | null };
  /** Links evidencing each outcome of the version at any stage, by code; 0 for outcomes without evidence. */
  evidenceByOutcome: Record<string, number>;
  /**
   * "Evidence for outcomes not in your curriculum version": links kept (they are the learner's work) but not
   * counted, so that moving a learner to a version without an outcome is visible rather than silently lost.
   */
  unmatched: UnmatchedEvidence;
}

export interface ProgressInput {
  content: CurriculumContent;
  currentStage: string;
  evidence: readonly EvidenceLink[];
  /** Ignore links recorded after this moment (progress as it was at a review); all links when absent. */
  asOf?: Date;
}

function ratio(count: Count): number | null {
  return count.total === 0 ? null : count.evidenced / count.total;
}

/**
 * Progress per domain (in display order) and overall. Links are de-duplicated by (source type, source id,
 * outcome), and their codes are read as typed (normaliseOutcomeCode). Throws when the current stage is not a stage
 * of the content: the caller chooses what to show a learner whose stage their version lacks.
 */
export function computeProgress(input: ProgressInput): Progress {
  const { content, currentStage } = input;
  const current = stageIndex(content, currentStage);
  if (current < 0) {
    throw new RangeError(`Stage ${currentStage} is not a stage of this curriculum version`);
  }
  const stageRank = new Map(content.stages.map((stage, index) => [stage.code, index]));
  const known = new Map(content.outcomes.map((outcome) => [outcome.code, outcome]));

  const sourcesByOutcome = new Map<string, Map<string, Date>>();
  const unmatchedLinks = new Set<string>();
  const unmatchedCodes = new Set<string>();
  for (const link of input.evidence) {
    if (input.asOf !== undefined && link.recordedAt.getTime() > input.asOf.getTime()) continue;
    const code = normaliseOutcomeCode(link.outcomeCode) ?? link.outcomeCode.trim();
    const source = `${link.sourceType}\u0000${link.sourceId}`;
    if (!known.has(code)) {
      unmatchedLinks.add(`${source}\u0000${code}`);
      unmatchedCodes.add(code);
      continue;
    }
    const sources = sourcesByOutcome.get(code) ?? new Map<string, Date>();
    const earlier = sources.get(source);
    if (earlier === undefined || earlier.getTime() < link.recordedAt.getTime()) sources.set(source, link.recordedAt);
    sourcesByOutcome.set(code, sources);
  }

  const evidenceByOutcome: Record<string, number> = {};
  for (const outcome of content.outcomes) {
    evidenceByOutcome[outcome.code] = sourcesByOutcome.get(outcome.code)?.size ?? 0;
  }
  const progressOf = (outcome: Outcome): OutcomeProgress => {
    const sources = sourcesByOutcome.get(outcome.code);
    let last: Date | null = null;
    for (const at of sources?.values() ?? []) if (last === null || at.getTime() > last.getTime()) last = at;
    return { outcome, evidenceCount: sources?.size ?? 0, lastEvidencedAt: last };
  };

  const overallCurrent: Count = { evidenced: 0, total: 0 };
  const overallToDate: Count = { evidenced: 0, total: 0 };
  const domains = sortedDomains(content).map((domain): DomainProgress => {
    const mine = content.outcomes
      .filter((outcome) => outcome.domainCode === domain.code && stageRank.has(outcome.stageCode))
      .sort(
        (a, b) =>
          (stageRank.get(a.stageCode) ?? 0) - (stageRank.get(b.stageCode) ?? 0) || compareOutcomeCodes(a.code, b.code),
      );
    const outcomes: OutcomeProgress[] = [];
    const currentStageCount: Count = { evidenced: 0, total: 0 };
    const toDate: Count = { evidenced: 0, total: 0 };
    const neededNow: Outcome[] = [];
    const neededEarlier: Outcome[] = [];
    let evidencedAhead = 0;
    for (const outcome of mine) {
      const rank = stageRank.get(outcome.stageCode) ?? 0;
      const progress = progressOf(outcome);
      const evidenced = progress.evidenceCount > 0;
      if (rank > current) {
        if (evidenced) evidencedAhead += 1;
        continue;
      }
      outcomes.push(progress);
      toDate.total += 1;
      if (evidenced) toDate.evidenced += 1;
      if (rank === current) {
        currentStageCount.total += 1;
        if (evidenced) currentStageCount.evidenced += 1;
        if (!evidenced) neededNow.push(outcome);
      } else if (!evidenced) {
        neededEarlier.push(outcome);
      }
    }
    overallCurrent.evidenced += currentStageCount.evidenced;
    overallCurrent.total += currentStageCount.total;
    overallToDate.evidenced += toDate.evidenced;
    overallToDate.total += toDate.total;
    return {
      domain,
      currentStage: currentStageCount,
      toDate,
      coverage: ratio(toDate),
      stillNeeded: [...neededNow, ...neededEarlier],
      outcomes,
      evidencedAhead,
    };
  });

  return {
    stageCode: currentStage,
    domains,
    overall: { currentStage: overallCurrent, toDate: overallToDate, coverage: ratio(overallToDate) },
    evidenceByOutcome,
    unmatched: { count: unmatchedLinks.size, outcomeCodes: [...unmatchedCodes].sort(compareOutcomeCodes) },
  };
}

/** The sentence a learner sees about evidence their version does not count, or null when there is none. */
export function unmatchedEvidenceMessage(unmatched: UnmatchedEvidence): string | null {
  if (unmatched.count === 0) return null;
  const links = unmatched.count === 1 ? '1 evidence link is' : `${String(unmatched.count)} evidence links are`;
  return `${links} to outcomes not in your curriculum version (${listOf(unmatched.outcomeCodes)}) and ${unmatched.count === 1 ? 'does' : 'do'} not count towards your progress`;
}
