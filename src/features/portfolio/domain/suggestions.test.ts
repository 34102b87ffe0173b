import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENTRY_KINDS, type EntryKind } from './kinds.ts';
import {
  KIND_DOMAIN_HINTS,
  MAX_SUGGESTIONS,
  type OutcomeForSuggestion,
  type SuggestionInput,
  rankOutcomes,
  stem,
  suggestOutcomes,
  tokenise,
} from './suggestions.ts';

const SYSTEMS = {
  domainCode: 'systems',
  domainTitle: 'Working across systems',
  domainDescription: 'How health and care services fit together across boundaries.',
};
const OUTCOMES: OutcomeForSuggestion[] = [
  {
    code: 'SYS-1',
    stageCode: 'F2',
    text: 'Plan a safe discharge with social care and community teams',
    ...SYSTEMS,
  },
  {
    code: 'SYS-2',
    stageCode: 'F1',
    text: 'Describe the pathway a patient follows between hospital and general practice',
    ...SYSTEMS,
  },
  {
    code: 'POP-1',
    stageCode: 'F2',
    text: 'Use local data to describe the health needs of a population',
    domainCode: 'population',
    domainTitle: 'Population health',
  },
  {
    code: 'SUS-1',
    stageCode: 'F2',
    text: 'Reduce the carbon footprint of prescribing inhalers',
    domainCode: 'sustainability',
    domainTitle: 'Environmental sustainability',
  },
];

function input(overrides: Partial<SuggestionInput>): SuggestionInput {
  return { text: '', kind: 'reflection', outcomes: OUTCOMES, stageCode: 'F2', evidenced: {}, ...overrides };
}

describe('stemming and tokens', () => {
  it.each([
    ['discharge', 'discharg'],
    ['discharged', 'discharg'],
    ['discharging', 'discharg'],
    ['discharges', 'discharg'],
    ['teams', 'team'],
    ['communities', 'community'],
    ['planned', 'plan'],
    ['planning', 'plan'],
    ['staffing', 'staff'],
    ['called', 'call'],
    ['process', 'process'],
    ['analysis', 'analysis'],
    ['status', 'status'],
    ['need', 'need'],
    ['needed', 'need'],
    ['thing', 'thing'],
    ['early', 'early'],
    ['nurses', 'nurs'],
    ['nursing', 'nurs'],
    ['referred', 'refer'],
    ['admitted', 'admit'],
  ])('stems %s as %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('keeps every hint word: none is a stop word or too short to count', () => {
    for (const hints of Object.values(KIND_DOMAIN_HINTS)) {
      for (const hint of hints) expect(tokenise(hint), hint).toHaveLength(1);
    }
  });

  it('drops stop words, short words and anything that is not a letter', () => {
    expect(tokenise('The patient was discharged to a care home on day 3, with the GP.')).toEqual([
      'discharg',
      'car',
      'hom',
      'day',
    ]);
    expect(tokenise('')).toEqual([]);
    expect(tokenise('123 -- !!')).toEqual([]);
  });

  it('reads letters of any alphabet and ignores case', () => {
    expect(tokenise('Café CAFÉ cafe\u0301 Ωmega')).toEqual(['café', 'café', 'café', 'ωmega']);
  });
});

describe('suggesting outcomes', () => {
  it('suggests the outcome that shares the most words, and says which words', () => {
    const [first] = suggestOutcomes(
      input({ text: 'I arranged her discharge with social care and the community nursing team.' }),
    );
    expect(first?.code).toBe('SYS-1');
    expect(first?.reasons[0]).toBe('mentions ‘discharge’, ‘social care’ and ‘community teams’ from this outcome');
  });

  it('names the domain when only the domain matches', () => {
    const [first] = suggestOutcomes(input({ text: 'crossing boundaries between services', kind: 'sle' }));
    expect(first?.code).toBe('SYS-1');
    expect(first?.reasons[0]).toBe('mentions ‘services’ and ‘boundaries’ from its domain, Working across systems');
  });

  it('gives a kind prior: a patient journey leans to systems outcomes with no words in common', () => {
    const suggestions = suggestOutcomes(input({ text: 'nothing relevant here', kind: 'patient_journey' }));
    expect(suggestions.map((s) => s.code)).toEqual(['SYS-1', 'SYS-2']);
    expect(suggestions[0]?.reasons).toContain('patient journeys often evidence this domain');
  });

  it('gives no suggestion when nothing is in common, however large the gap', () => {
    expect(suggestOutcomes(input({ text: 'zebra quantum', kind: 'reflection' }))).toEqual([]);
    expect(suggestOutcomes(input({ text: '', kind: 'reflection' }))).toEqual([]);
  });

  it('lets the gap and the stage break ties, and explains them', () => {
    const twin = (code: string, stageCode: string): OutcomeForSuggestion => ({
      code,
      stageCode,
      domainCode: 'd',
      text: 'Chair a meeting about inhalers',
    });
    const outcomes = [twin('A', 'F1'), twin('B', 'F2'), twin('C', 'F2'), twin('D', 'F1')];
    const ranked = rankOutcomes(
      input({ text: 'inhalers', outcomes, stageCode: 'F2', evidenced: { A: 0, B: 3, C: 1, D: 5 } }),
    );
    // C: stage and one piece of evidence; A: no evidence; B: stage only; D: nothing.
    expect(ranked.map((s) => s.code)).toEqual(['C', 'A', 'B', 'D']);
    expect(ranked[0]?.reasons).toEqual([
      'mentions ‘inhalers’ from this outcome',
      'you have only one piece of evidence for this outcome so far',
      'an outcome of your stage, F2',
    ]);
    expect(ranked[1]?.reasons).toContain('you have no evidence for this outcome yet');
  });

  it('never lets the bonuses overturn a difference in relevance', () => {
    const outcomes: OutcomeForSuggestion[] = [
      { code: 'A', stageCode: 'F1', domainCode: 'd', text: 'inhalers carbon' },
      { code: 'B', stageCode: 'F2', domainCode: 'd', text: 'inhalers' },
    ];
    const ranked = suggestOutcomes(input({ text: 'inhalers carbon', outcomes, evidenced: { A: 9 } }));
    expect(ranked.map((s) => s.code)).toEqual(['A', 'B']);
  });

  it('counts a word many outcomes share for less than a distinctive one', () => {
    const outcomes: OutcomeForSuggestion[] = [
      { code: 'A', stageCode: 'F1', domainCode: 'd', text: 'routine care' },
      { code: 'B', stageCode: 'F1', domainCode: 'd', text: 'care plans' },
      { code: 'C', stageCode: 'F1', domainCode: 'd', text: 'care homes' },
      { code: 'D', stageCode: 'F1', domainCode: 'd', text: 'care and inhalers' },
    ];
    const ranked = rankOutcomes(input({ text: 'care plans', outcomes, evidenced: { A: 5, B: 5, C: 5, D: 5 } }));
    // "care" is in four outcomes (½ each), "plans" in one (1).
    expect(ranked.map((s) => [s.code, s.score])).toEqual([
      ['B', 1.5],
      ['A', 0.5],
      ['C', 0.5],
      ['D', 0.5],
    ]);
  });

  it('counts at most two words of a domain’s description, but names them all', () => {
    const outcome: OutcomeForSuggestion = {
      code: 'X',
      stageCode: 'F1',
      domainCode: 'd',
      text: 'Something else',
      domainTitle: 'Systems',
      domainDescription: 'Housing, benefits, transport and loneliness',
    };
    const [first] = rankOutcomes(
      input({ text: 'housing benefits transport loneliness', outcomes: [outcome], evidenced: { X: 3 } }),
    );
    expect(first?.score).toBe(1);
    expect(first?.reasons).toEqual([
      'mentions ‘housing’, ‘benefits’, ‘transport’ and ‘loneliness’ from its domain, Systems',
    ]);
  });

  it('breaks exact ties by code', () => {
    const outcomes: OutcomeForSuggestion[] = ['Z', 'B', 'M'].map((code) => ({
      code,
      stageCode: 'F2',
      domainCode: 'd',
      text: 'inhalers',
    }));
    expect(suggestOutcomes(input({ text: 'inhalers', outcomes })).map((s) => s.code)).toEqual(['B', 'M', 'Z']);
  });

  it('respects the limit but never returns more than three', () => {
    const outcomes: OutcomeForSuggestion[] = Array.from({ length: 8 }, (_, i) => ({
      code: `O${String(i)}`,
      stageCode: 'F2',
      domainCode: 'd',
      text: 'inhalers',
    }));
    const base = input({ text: 'inhalers', outcomes });
    expect(suggestOutcomes(base)).toHaveLength(3);
    expect(suggestOutcomes({ ...base, limit: 1 })).toHaveLength(1);
    expect(suggestOutcomes({ ...base, limit: 10 })).toHaveLength(3);
    expect(suggestOutcomes({ ...base, limit: 0 })).toHaveLength(0);
    expect(suggestOutcomes({ ...base, limit: -2 })).toHaveLength(0);
    expect(suggestOutcomes({ ...base, limit: Number.NaN })).toHaveLength(3);
    expect(rankOutcomes(base)).toHaveLength(8);
  });

  it('suggests a code listed twice only once', () => {
    const outcomes = [OUTCOMES[0]!, { ...OUTCOMES[0]!, text: 'something else entirely' }];
    expect(suggestOutcomes(input({ text: 'discharge', outcomes })).map((s) => s.code)).toEqual(['SYS-1']);
  });

  it('matches word forms: plurals, -ing, -ed', () => {
    const [first] = suggestOutcomes(input({ text: 'Prescribed an inhaler; discussed footprints.' }));
    expect(first?.code).toBe('SUS-1');
    expect(first?.reasons[0]).toBe('mentions ‘footprint’ and ‘prescribing inhalers’ from this outcome');
  });

  it('keeps capitals of acronyms in the reasons and lists at most four phrases', () => {
    const outcome: OutcomeForSuggestion = {
      code: 'X',
      stageCode: 'F2',
      domainCode: 'd',
      text: 'Talk to the GP, then pharmacy, then dentist, then optician, then podiatry',
    };
    const [first] = suggestOutcomes(input({ text: 'gp pharmacy dentist optician podiatry', outcomes: [outcome] }));
    // "GP" is two letters, too short to count; the rest are listed up to four.
    expect(first?.reasons[0]).toBe('mentions ‘pharmacy’, ‘dentist’, ‘optician’ and ‘podiatry’ from this outcome');
    const long: OutcomeForSuggestion = { ...outcome, text: 'NHSE, pharmacy, dentist, optician, podiatry, hospice' };
    const [second] = suggestOutcomes(
      input({ text: 'nhse pharmacy dentist optician podiatry hospice', outcomes: [long] }),
    );
    expect(second?.reasons[0]).toBe('mentions ‘NHSE’, ‘pharmacy’, ‘dentist’, ‘optician’ and 2 more from this outcome');
  });

  it('is deterministic whatever the order of the outcomes', () => {
    const text = 'discharge pathway hospital community population inhalers';
    const forwards = suggestOutcomes(input({ text, kind: 'patient_journey' }));
    const backwards = suggestOutcomes(input({ text, kind: 'patient_journey', outcomes: [...OUTCOMES].reverse() }));
    expect(backwards).toEqual(forwards);
  });
});

describe('properties', () => {
  const vocabulary = [
    'discharge',
    'carbon',
    'inhalers',
    'team',
    'community',
    'learning',
    'housing',
    'equity',
    'frailty',
    'falls',
    'zebra',
    'quantum',
    'the',
    'and',
  ];
  const text = fc.array(fc.constantFrom(...vocabulary), { maxLength: 12 }).map((words) => words.join(' '));
  const outcome = fc.record({
    code: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'),
    stageCode: fc.constantFrom('F1', 'F2', 'ST1'),
    domainCode: fc.constantFrom('d1', 'd2'),
    text,
    domainTitle: fc.option(text, { nil: undefined }),
    domainDescription: fc.option(text, { nil: undefined }),
  });
  const anyInput = fc.record({
    text,
    kind: fc.constantFrom<EntryKind>(...ENTRY_KINDS),
    outcomes: fc.array(outcome, { maxLength: 8 }),
    stageCode: fc.option(fc.constantFrom('F1', 'F2', 'ST1'), { nil: null }),
    evidenced: fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), fc.nat(4)),
    limit: fc.option(fc.integer({ min: -2, max: 10 }), { nil: undefined }),
  });

  it('never suggests more than three, only listed codes, each once, each with a reason, best first', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        const suggestions = suggestOutcomes(i);
        expect(suggestions.length).toBeLessThanOrEqual(MAX_SUGGESTIONS);
        const codes = suggestions.map((s) => s.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (const s of suggestions) {
          expect(i.outcomes.some((o) => o.code === s.code)).toBe(true);
          expect(s.reasons.length).toBeGreaterThan(0);
          expect(s.score).toBeGreaterThan(0);
        }
        for (let k = 1; k < suggestions.length; k++) {
          expect(suggestions[k - 1]!.score).toBeGreaterThanOrEqual(suggestions[k]!.score);
        }
      }),
    );
  });

  it('never lowers an outcome’s score when a word of that outcome is added to the entry', () => {
    fc.assert(
      fc.property(anyInput, fc.nat(), fc.nat(), (i, which, wordIndex) => {
        fc.pre(i.outcomes.length > 0);
        const target = i.outcomes[which % i.outcomes.length]!;
        const words = target.text.split(' ').filter((w) => w !== '');
        fc.pre(words.length > 0);
        const word = words[wordIndex % words.length]!;
        const scoreOf = (input: SuggestionInput) => rankOutcomes(input).find((s) => s.code === target.code)?.score ?? 0;
        expect(scoreOf({ ...i, text: `${i.text} ${word}` })).toBeGreaterThanOrEqual(scoreOf(i));
      }),
    );
  });

  it('suggests nothing for an empty entry whose kind has no words in the outcomes', () => {
    const hintStems = new Set(Object.values(KIND_DOMAIN_HINTS).flat().flatMap(tokenise));
    const noHints = vocabulary.filter((w) => tokenise(w).every((s) => !hintStems.has(s)));
    const plain = fc.array(fc.constantFrom(...noHints), { maxLength: 8 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ code: fc.string(), stageCode: fc.constant('F2'), domainCode: fc.constant('d'), text: plain }),
        ),
        fc.constantFrom<EntryKind>(...ENTRY_KINDS),
        (outcomes, kind) => {
          expect(suggestOutcomes({ text: '', kind, outcomes, stageCode: 'F2', evidenced: {} })).toEqual([]);
        },
      ),
    );
  });

  it('is stable: the same input gives the same suggestions', () => {
    fc.assert(
      fc.property(anyInput, (i) => {
        expect(suggestOutcomes(i)).toEqual(suggestOutcomes(structuredClone(i)));
      }),
    );
  });
});
