import { normaliseOutcomeCode, type CurriculumContent, type Problem } from './curriculum.ts';

/**
 * Evidence: a link says that one thing the learner did (a portfolio entry, an attended event, a completed 360°
 * scenario, a project) evidences one outcome of their curriculum version. Progress is computed from these links
 * alone (features/progress).
 */

/** The kinds of thing that can evidence an outcome; each is owned by another feature. */
export const EVIDENCE_SOURCE_TYPES = ['portfolio-entry', 'event-attendance', 'vr-scenario', 'project'] as const;
export type EvidenceSourceType = (typeof EVIDENCE_SOURCE_TYPES)[number];

export const EVIDENCE_SOURCE_LABELS: Record<EvidenceSourceType, string> = {
  'portfolio-entry': 'Portfolio entry',
  'event-attendance': 'Learning event attended',
  'vr-scenario': '360° scenario completed',
  project: 'Change project',
};

export function isEvidenceSourceType(value: string): value is EvidenceSourceType {
  return (EVIDENCE_SOURCE_TYPES as readonly string[]).includes(value);
}

/** One link: this source evidences this outcome for the learner. */
export interface EvidenceLink {
  outcomeCode: string;
  sourceType: EvidenceSourceType;
  sourceId: string;
  recordedAt: Date;
}

/**
 * The most outcomes one piece of evidence may be linked to. Tagging every entry to many curriculum items is the
 * box-ticking users complain of; three makes the learner choose what an entry best shows.
 */
export const MAX_OUTCOMES_PER_ITEM = 3;

export type EvidenceOutcomesResult = { ok: true; codes: string[] } | { ok: false; problems: Problem[] };

/**
 * Checks the full set of outcomes proposed for one source item (the set replaces any earlier links of that item):
 * at most MAX_OUTCOMES_PER_ITEM, each once, each an outcome of the learner's curriculum version. Codes are read
 * as typed (see normaliseOutcomeCode) and returned in their normal form, in the order given. An empty set is
 * allowed: it removes the item's links. Problem paths are 'outcomes' or 'outcomes[i]'.
 */
export function validateEvidenceOutcomes(
  content: CurriculumContent,
  proposed: readonly string[],
): EvidenceOutcomesResult {
  const problems: Problem[] = [];
  const known = new Set(content.outcomes.map((outcome) => outcome.code));
  const codes: string[] = [];
  const seen = new Set<string>();
  proposed.forEach((raw, index) => {
    const path = `outcomes[${String(index)}]`;
    const code = normaliseOutcomeCode(raw);
    if (code === null || !known.has(code)) {
      problems.push({
        path,
        severity: 'error',
        message:
          raw.trim() === ''
            ? 'Select an outcome'
            : `${raw.trim()} is not an outcome of your curriculum; choose from the list`,
      });
      return;
    }
    if (seen.has(code)) {
      problems.push({ path, severity: 'error', message: `${code} is chosen more than once; choose each outcome once` });
      return;
    }
    seen.add(code);
    codes.push(code);
  });
  if (proposed.length > MAX_OUTCOMES_PER_ITEM) {
    problems.unshift({
      path: 'outcomes',
      severity: 'error',
      message: `Choose up to ${String(MAX_OUTCOMES_PER_ITEM)} outcomes that this best shows (you chose ${String(proposed.length)})`,
    });
  }
  return problems.length === 0 ? { ok: true, codes } : { ok: false, problems };
}
