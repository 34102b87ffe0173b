import { ENTRY_KINDS, type EntryKind } from './kinds.ts';

/**
 * Suggests the curriculum outcomes an entry might evidence, so a learner tags an entry with a tick rather than a
 * search through sixty outcomes. The ranking is deliberately simple and explainable, because the learner decides:
 * every suggestion says in plain English why it was made, and a suggestion nobody can explain is worse than none.
 *
 * The score of an outcome is the sum of
 * - for each word of the entry that is also a word of the outcome's text, 1 divided by the square root of the
 *   number of outcomes that use the word: 1 for a word only this outcome uses, ½ for one four outcomes share, so
 *   "inhalers" says more than "care";
 * - ½ for each word of the entry found only in the outcome's domain title or description, at most two (broader,
 *   so weaker, and shared by every outcome of the domain: a long description must not outweigh the outcome);
 * - ½ for each of the entry kind's hint words in the outcome or its domain, at most two (a patient journey tends
 *   to evidence working across systems whatever words the learner chose);
 * - a gap bonus (0.2 with no evidence yet, 0.1 with one piece) and a stage bonus (0.15 for an outcome of the
 *   learner's stage).
 * The two bonuses together stay below ½ (less than a word of the outcome or its domain, or a hint), so they order
 * outcomes that are equally or nearly equally relevant, never an outcome one distinctive word ahead; an outcome
 * with no word or hint in common is never suggested, however large its gap. Remaining ties go to the lower code,
 * so the same entry always gets the same suggestions.
 *
 * Words are compared after a light stemming (lower case, letters only, no stop words or words under three letters,
 * plural and -ing/-ed/-ly endings and a final e removed), so "discharged" matches "discharge" and "teams" "team".
 */

export interface OutcomeForSuggestion {
  code: string;
  domainCode: string;
  stageCode: string;
  text: string;
  domainTitle?: string | undefined;
  domainDescription?: string | undefined;
}

export interface SuggestionInput {
  /** All of the entry's free text, joined. */
  text: string;
  kind: EntryKind;
  outcomes: readonly OutcomeForSuggestion[];
  /** The learner's stage ('F2'): outcomes of that stage rank higher among equals. */
  stageCode: string | null;
  /** Pieces of evidence each outcome code already has: outcomes with none rank higher among equals. */
  evidenced: Readonly<Record<string, number>>;
  /** How many suggestions to return: default and at most `MAX_SUGGESTIONS`. */
  limit?: number | undefined;
}

export interface OutcomeSuggestion {
  code: string;
  score: number;
  /** Why, in plain English for the learner, most important first; never empty. */
  reasons: string[];
}

/** More than three suggestions stops being a suggestion and becomes a list to read. */
export const MAX_SUGGESTIONS = 3;

export const SUGGESTION_WEIGHTS = {
  outcomeWord: 1,
  domainWord: 0.5,
  maxDomainWords: 2,
  kindHint: 0.5,
  maxKindHints: 2,
  noEvidence: 0.2,
  oneEvidence: 0.1,
  stage: 0.15,
} as const;

/**
 * Words that entries of each kind tend to share with the outcomes they evidence. Written as words (stemmed when
 * used) so an educator can read and change them.
 */
export const KIND_DOMAIN_HINTS: Record<EntryKind, readonly string[]> = {
  patient_journey: [
    'transfer',
    'discharge',
    'admission',
    'community',
    'pathway',
    'system',
    'handover',
    'referral',
    'transition',
    'continuity',
    'integrated',
    'services',
    'boundaries',
    'coordination',
    'journey',
    'settings',
  ],
  reflection: [
    'learning',
    'reflect',
    'reflection',
    'insight',
    'wellbeing',
    'resilience',
    'feedback',
    'values',
    'bias',
    'uncertainty',
    'personal',
    'development',
  ],
  mdt_meeting: [
    'team',
    'multidisciplinary',
    'multiprofessional',
    'interprofessional',
    'colleague',
    'collaboration',
    'roles',
    'leadership',
    'shared',
    'decision',
    'partnership',
    'communication',
  ],
  sle: [
    'clinical',
    'assessment',
    'examination',
    'history',
    'diagnosis',
    'management',
    'procedure',
    'skills',
    'prescribing',
    'multimorbidity',
    'complex',
  ],
  msf: [
    'professional',
    'professionalism',
    'behaviour',
    'communication',
    'trust',
    'teamwork',
    'colleague',
    'relationships',
    'accessibility',
    'feedback',
  ],
  supervisor_meeting: [
    'development',
    'plan',
    'goals',
    'progress',
    'career',
    'learning',
    'objectives',
    'support',
    'wellbeing',
    'supervision',
  ],
};

/** How each kind is named in a reason, with the verb agreeing: "patient journeys often evidence this domain". */
const KIND_IN_A_REASON: Record<EntryKind, string> = {
  patient_journey: 'patient journeys often evidence',
  reflection: 'reflections often evidence',
  mdt_meeting: 'MDT meetings often evidence',
  sle: 'supervised learning events often evidence',
  msf: 'multi-source feedback often evidences',
  supervisor_meeting: 'supervisor meetings often evidence',
};

/**
 * Common English words, and the verbs every outcome starts with ("demonstrate", "describe"): matching on them
 * would suggest every outcome for every entry.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `about above after again against all also although among and any are aren because been before being below
  between both but can cannot could did does doing done down during each either etc even ever every few for from
  further had has have having her here hers herself him himself his how however into its itself just more most
  much must myself nor not now off once only other others our ours ourselves out over own same shall she should
  some such than that the their theirs them themselves then there these they this those through too under until
  upon very was were what when where whether which while who whom whose why will with within without would yet
  you your yours yourself yourselves one two three may might like well way ways able also
  demonstrate demonstrates demonstrating describe describes explain explains recognise recognises recognising
  understand understands understanding apply applies identify identifies use uses using including include
  includes appropriate appropriately effective effectively patient patients doctor doctors`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Double letters that belong to the word ("staff", "call", "class"), not to an added ending ("planned"). */
const KEEP_DOUBLE = new Set(['l', 's', 'z', 'f']);

/**
 * A light stem of a lower-case word: one ending removed (-ies → y, -ing, -ed, -ly, a plural s but not -ss, -us or
 * -is), a doubled last letter undone after -ing/-ed ("planned" → "plan"), then a final e ("discharge" → "discharg"),
 * always leaving at least three letters.
 */
export function stem(word: string): string {
  let w = word;
  let stripped = false;
  if (w.endsWith('ies') && w.length > 4) {
    w = w.slice(0, -3) + 'y';
  } else if (w.endsWith('ing') && w.length - 3 >= 3) {
    w = w.slice(0, -3);
    stripped = true;
  } else if (w.endsWith('ed') && w.length - 2 >= 3) {
    w = w.slice(0, -2);
    stripped = true;
  } else if (w.endsWith('ly') && w.length - 2 >= 4) {
    w = w.slice(0, -2);
  } else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w) && w.length - 1 >= 3) {
    w = w.slice(0, -1);
  }
  const last = w.at(-1) ?? '';
  if (stripped && w.length > 3 && w.at(-2) === last && !KEEP_DOUBLE.has(last) && !/[aeiou]/.test(last)) {
    w = w.slice(0, -1);
  }
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

interface Word {
  /** As written. */
  text: string;
  start: number;
  end: number;
  /** Null for a stop word or a word under three letters. */
  stem: string | null;
}

/** The words of a text already in NFC, so "é" typed as e and an accent is the same letter as "é". */
function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{M}]+/gu)].map((match) => {
    const lower = match[0].toLowerCase();
    const counts = lower.length >= 3 && !STOP_WORDS.has(lower);
    return {
      text: match[0],
      start: match.index,
      end: match.index + match[0].length,
      stem: counts ? stem(lower) : null,
    };
  });
}

/** The stems of a text's words, in order, repeats kept. */
export function tokenise(text: string): string[] {
  return words(text.normalize('NFC')).flatMap((word) => (word.stem === null ? [] : [word.stem]));
}

/**
 * The phrases of `text` made of matching words: neighbouring matches joined by a space or hyphen, as written
 * ("social care", "person-centred"), in lower case unless written in capitals ("GP").
 */
function matchedPhrases(written: string, matches: ReadonlySet<string>): string[] {
  const text = written.normalize('NFC');
  const phrases: string[] = [];
  let run: Word[] = [];
  const flush = () => {
    const first = run[0];
    const last = run.at(-1);
    if (first !== undefined && last !== undefined) {
      const written = text.slice(first.start, last.end);
      const phrase = /\p{Ll}/u.test(written) || written.length === 1 ? written.toLowerCase() : written;
      if (!phrases.includes(phrase)) phrases.push(phrase);
    }
    run = [];
  };
  for (const word of words(text)) {
    const previous = run.at(-1);
    if (previous !== undefined && !/^[ \u00a0-]+$/.test(text.slice(previous.end, word.start))) flush();
    if (word.stem !== null && matches.has(word.stem)) run.push(word);
    else flush();
  }
  flush();
  return phrases;
}

/** ‘a’, ‘b’ and ‘c’; at most four, then "and 2 more". */
function quoteList(phrases: readonly string[]): string {
  const shown = phrases.slice(0, 4).map((phrase) => `‘${phrase}’`);
  const more = phrases.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${String(more)} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
}

const hintStems = new Map<EntryKind, ReadonlySet<string>>(
  ENTRY_KINDS.map((kind) => [kind, new Set(KIND_DOMAIN_HINTS[kind].flatMap(tokenise))]),
);

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((item) => b.has(item)));
}

function score(
  outcome: OutcomeForSuggestion,
  outcomeStems: ReadonlySet<string>,
  usedBy: ReadonlyMap<string, number>,
  entry: ReadonlySet<string>,
  input: SuggestionInput,
) {
  const w = SUGGESTION_WEIGHTS;
  const domainText = [outcome.domainTitle ?? '', outcome.domainDescription ?? ''].join('\n');
  const domainStems = new Set(tokenise(domainText).filter((s) => !outcomeStems.has(s)));
  const inOutcome = intersect(entry, outcomeStems);
  const inDomain = intersect(entry, domainStems);
  const hints = hintStems.get(input.kind) ?? new Set<string>();
  const hintsInOutcome = intersect(hints, outcomeStems);
  const hintsInDomain = intersect(hints, domainStems);
  const hintCount = Math.min(hintsInOutcome.size + hintsInDomain.size, w.maxKindHints);

  let relevance = Math.min(inDomain.size, w.maxDomainWords) * w.domainWord + hintCount * w.kindHint;
  for (const word of inOutcome) relevance += w.outcomeWord / Math.sqrt(usedBy.get(word) ?? 1);
  if (relevance === 0) return null;

  const reasons: string[] = [];
  if (inOutcome.size > 0)
    reasons.push(`mentions ${quoteList(matchedPhrases(outcome.text, inOutcome))} from this outcome`);
  if (inDomain.size > 0) {
    const title = outcome.domainTitle?.trim() ?? '';
    const where = title === '' ? 'this outcome’s domain' : `its domain, ${title}`;
    reasons.push(`mentions ${quoteList(matchedPhrases(domainText, inDomain))} from ${where}`);
  }
  if (hintCount > 0) {
    reasons.push(`${KIND_IN_A_REASON[input.kind]} ${hintsInDomain.size > 0 ? 'this domain' : 'this outcome'}`);
  }

  let bonus = 0;
  const evidence = input.evidenced[outcome.code] ?? 0;
  if (evidence <= 0) {
    bonus += w.noEvidence;
    reasons.push('you have no evidence for this outcome yet');
  } else if (evidence === 1) {
    bonus += w.oneEvidence;
    reasons.push('you have only one piece of evidence for this outcome so far');
  }
  if (input.stageCode !== null && outcome.stageCode === input.stageCode) {
    bonus += w.stage;
    reasons.push(`an outcome of your stage, ${input.stageCode}`);
  }
  return { code: outcome.code, score: relevance + bonus, reasons };
}

/**
 * Every outcome with something in common with the entry, best first (ties by code), without a limit: for pages that
 * show more than the suggestions, and for tests of the scores themselves.
 */
export function rankOutcomes(input: SuggestionInput): OutcomeSuggestion[] {
  const entry = new Set(tokenise(input.text));
  // The same code twice (a list put together carelessly) must not be suggested twice: the first is used.
  const seen = new Set<string>();
  const outcomes = input.outcomes.filter((outcome) => !seen.has(outcome.code) && seen.add(outcome.code));
  const stems = outcomes.map((outcome) => new Set(tokenise(outcome.text)));
  const usedBy = new Map<string, number>();
  for (const set of stems) for (const word of set) usedBy.set(word, (usedBy.get(word) ?? 0) + 1);
  const ranked: OutcomeSuggestion[] = [];
  outcomes.forEach((outcome, index) => {
    const scored = score(outcome, stems[index] ?? new Set(), usedBy, entry, input);
    if (scored !== null) ranked.push(scored);
  });
  return ranked.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** At most three outcomes the entry might evidence, best first, each with its reasons. */
export function suggestOutcomes(input: SuggestionInput): OutcomeSuggestion[] {
  const asked = input.limit ?? MAX_SUGGESTIONS;
  const limit = Number.isFinite(asked) ? Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(asked))) : MAX_SUGGESTIONS;
  if (limit === 0) return [];
  return rankOutcomes(input).slice(0, limit);
}
