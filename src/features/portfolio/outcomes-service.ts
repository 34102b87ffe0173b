/**
 * Which outcomes an entry evidences: at most three, recorded through the curriculum's evidence interface, so one
 * entry counts for Enhance outcomes and the Foundation Programme outcomes they map to at once. The page suggests
 * the outcomes the entry most likely evidences, each with its reason, for the learner to accept or change.
 */
import type { Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import {
  evidenceOf,
  learnerVersion,
  recordEvidence,
  regionCurriculum,
  sortedDomains,
  stagesUpTo,
  type CurriculumContent,
  type Outcome,
} from '../curriculum/index.ts';
import { isLocked } from './domain/entries.ts';
import { suggestOutcomes, type OutcomeSuggestion } from './domain/suggestions.ts';
import { entryAccess, type EntryAccess } from './policy.ts';

export interface OutcomeChoice {
  outcome: Outcome;
  /** Its domain's title. */
  domain: string;
  chosen: boolean;
}

export interface EntryOutcomes {
  access: EntryAccess;
  /** Null when the region has not published a curriculum yet. */
  content: CurriculumContent | null;
  linked: string[];
  /** The learner's stage's outcomes first, then the rest, each with its domain. */
  choices: OutcomeChoice[];
  /** The outcomes the entry most likely evidences, best first, each with its reasons. */
  suggestions: OutcomeSuggestion[];
}

/** The outcomes an entry evidences and those it could, for the people who may see it. */
export async function entryOutcomes(ctx: Context, id: string): Promise<EntryOutcomes> {
  const access = await entryAccess(ctx, ctx.db, id);
  const { learner, entry } = access;
  const curriculum = await regionCurriculum(ctx.db, learner.regionId);
  const version = curriculum === undefined ? undefined : await learnerVersion(ctx.db, learner.id, curriculum.id);
  if (curriculum === undefined || version === undefined) {
    return { access, content: null, linked: [], choices: [], suggestions: [] };
  }
  const links = await evidenceOf(ctx.db, learner.id, curriculum.id);
  const linked = links
    .filter((link) => link.sourceType === 'portfolio-entry' && link.sourceId === entry.id)
    .map((link) => link.outcomeCode);
  const evidenced: Record<string, number> = {};
  for (const link of links) evidenced[link.outcomeCode] = (evidenced[link.outcomeCode] ?? 0) + 1;
  const domainTitles = new Map(sortedDomains(version.content).map((domain) => [domain.code, domain.title]));
  const domainOrder = [...domainTitles.keys()];
  const choices = [...version.content.outcomes]
    .sort(
      (a, b) =>
        Number(b.stageCode === learner.stage) - Number(a.stageCode === learner.stage) ||
        domainOrder.indexOf(a.domainCode) - domainOrder.indexOf(b.domainCode) ||
        a.code.localeCompare(b.code),
    )
    .map((outcome) => ({
      outcome,
      domain: domainTitles.get(outcome.domainCode) ?? outcome.domainCode,
      chosen: linked.includes(outcome.code),
    }));
  const domains = new Map(version.content.domains.map((domain) => [domain.code, domain]));
  // Suggested from the learner's stage and those before it: a later stage's outcome is not theirs to evidence yet.
  const reached = new Set(stagesUpTo(version.content, learner.stage).map((stage) => stage.code));
  const suggestions = suggestOutcomes({
    text: `${entry.title}\n${entry.searchText}`,
    kind: entry.kind,
    outcomes: version.content.outcomes
      .filter((outcome) => reached.size === 0 || reached.has(outcome.stageCode))
      .map((outcome) => ({
        ...outcome,
        domainTitle: domains.get(outcome.domainCode)?.title,
        domainDescription: domains.get(outcome.domainCode)?.description,
      })),
    stageCode: learner.stage,
    evidenced,
  });
  return { access, content: version.content, linked, choices, suggestions };
}

/** The learner says which outcomes the entry evidences (replacing any earlier choice; none removes them). */
export async function setEntryOutcomes(ctx: Context, id: string, codes: readonly string[]): Promise<EntryAccess> {
  return ctx.db.transaction(async (tx) => {
    const access = await entryAccess(ctx, tx, id, true);
    if (!access.own) throw new NotFoundError();
    if (isLocked(access.entry.status)) {
      throw new RuleError('This entry is signed off, so the outcomes it evidences can no longer change', 'outcomes');
    }
    await recordEvidence(
      tx,
      ctx.actor,
      {
        learnerId: access.learner.id,
        source: {
          type: 'portfolio-entry',
          id: access.entry.id,
          label: access.entry.title,
          href: `/portfolio/entries/${access.entry.id}`,
        },
        outcomeCodes: codes,
      },
      ctx.now,
    );
    return access;
  });
}
