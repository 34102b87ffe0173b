import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exampleCurriculum } from './example.ts';
import {
  EVIDENCE_SOURCE_LABELS,
  EVIDENCE_SOURCE_TYPES,
  isEvidenceSourceType,
  MAX_OUTCOMES_PER_ITEM,
  validateEvidenceOutcomes,
} from './evidence.ts';

const content = exampleCurriculum();

describe('evidence sources', () => {
  it('labels every source type', () => {
    for (const type of EVIDENCE_SOURCE_TYPES) expect(EVIDENCE_SOURCE_LABELS[type]).not.toBe('');
    expect(isEvidenceSourceType('project')).toBe(true);
    expect(isEvidenceSourceType('tick-box')).toBe(false);
  });
});

describe('at most three outcomes per piece of evidence', () => {
  it('allows up to three known outcomes, returned in normal form and in the order chosen', () => {
    expect(MAX_OUTCOMES_PER_ITEM).toBe(3);
    expect(validateEvidenceOutcomes(content, ['env f2 1', 'PCP-F1-01', 'POP-ST1-01'])).toEqual({
      ok: true,
      codes: ['ENV-F2-01', 'PCP-F1-01', 'POP-ST1-01'],
    });
  });

  it('allows none, which removes the links', () => {
    expect(validateEvidenceOutcomes(content, [])).toEqual({ ok: true, codes: [] });
  });

  it('refuses a fourth outcome', () => {
    expect(validateEvidenceOutcomes(content, ['PCP-F1-01', 'PCP-F2-01', 'ENV-F1-01', 'ENV-F2-01'])).toEqual({
      ok: false,
      problems: [
        {
          path: 'outcomes',
          severity: 'error',
          message: 'Choose up to 3 outcomes that this best shows (you chose 4)',
        },
      ],
    });
  });

  it('refuses an outcome chosen twice, even when written differently', () => {
    expect(validateEvidenceOutcomes(content, ['PCP-F1-01', 'pcp f1 1'])).toEqual({
      ok: false,
      problems: [
        {
          path: 'outcomes[1]',
          severity: 'error',
          message: 'PCP-F1-01 is chosen more than once; choose each outcome once',
        },
      ],
    });
  });

  it('refuses outcomes that are not in the content, and blanks', () => {
    const result = validateEvidenceOutcomes(content, ['PCP-F1-09', 'nonsense', ' ']);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'outcomes[0]',
          severity: 'error',
          message: 'PCP-F1-09 is not an outcome of your curriculum; choose from the list',
        },
        {
          path: 'outcomes[1]',
          severity: 'error',
          message: 'nonsense is not an outcome of your curriculum; choose from the list',
        },
        { path: 'outcomes[2]', severity: 'error', message: 'Select an outcome' },
      ],
    });
  });

  it('accepts exactly the sets of at most three distinct known codes', () => {
    const known = content.outcomes.map((outcome) => outcome.code);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...known, 'XXX-F1-01', ''), { maxLength: 6 }), (proposed) => {
        const result = validateEvidenceOutcomes(content, proposed);
        const fine =
          proposed.length <= MAX_OUTCOMES_PER_ITEM &&
          new Set(proposed).size === proposed.length &&
          proposed.every((code) => known.includes(code));
        expect(result.ok).toBe(fine);
        if (result.ok) expect(result.codes).toEqual(proposed);
        else expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
  });
});
