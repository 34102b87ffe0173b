import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CurriculumContent, Domain, Outcome } from './curriculum.ts';
import { diffCurriculum, mergeOrder } from './diff.ts';
import { exampleCurriculum } from './example.ts';

function withOutcomes(content: CurriculumContent, change: (outcomes: Outcome[]) => Outcome[]): CurriculumContent {
  return { ...content, outcomes: change(content.outcomes.map((outcome) => ({ ...outcome }))) };
}

function withDomains(content: CurriculumContent, change: (domains: Domain[]) => Domain[]): CurriculumContent {
  return { ...content, domains: change(content.domains.map((domain) => ({ ...domain }))) };
}

const v1 = exampleCurriculum();

describe('mergeOrder', () => {
  it.each([
    [[], [], []],
    [
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ],
    [
      ['a', 'b', 'c'],
      ['a', 'c'],
      ['a', 'b', 'c'],
    ],
    [
      ['a', 'b', 'c'],
      ['b', 'c'],
      ['a', 'b', 'c'],
    ],
    [
      ['a', 'b', 'c'],
      ['a', 'b'],
      ['a', 'b', 'c'],
    ],
    [
      ['a', 'b', 'c'],
      ['c', 'x', 'a'],
      ['c', 'x', 'a', 'b'],
    ],
    [['a', 'b', 'c'], [], ['a', 'b', 'c']],
    [[], ['x', 'y'], ['x', 'y']],
    [
      ['a', 'r1', 'r2', 'b'],
      ['b', 'n', 'a'],
      ['b', 'n', 'a', 'r1', 'r2'],
    ],
  ])('merges %j and %j into %j', (before, after, merged) => {
    expect(mergeOrder(before, after)).toEqual(merged);
  });

  it('keeps every code once, the later order intact, and each removed code just after what preceded it', () => {
    const codes = fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 });
    fc.assert(
      fc.property(codes, codes, (before, after) => {
        const merged = mergeOrder(before, after);
        expect(new Set(merged)).toEqual(new Set([...before, ...after]));
        expect(merged).toHaveLength(new Set([...before, ...after]).size);
        expect(merged.filter((code) => after.includes(code))).toEqual(after);
        const removed = before.filter((code) => !after.includes(code));
        // Each removed code follows the nearest code before it that is kept, with only removed codes between.
        for (const code of removed) {
          const kept = before.slice(0, before.indexOf(code)).filter((earlier) => after.includes(earlier));
          const anchor = kept[kept.length - 1];
          const between = merged.slice(anchor === undefined ? 0 : merged.indexOf(anchor) + 1, merged.indexOf(code));
          expect(between.every((other) => removed.includes(other))).toBe(true);
        }
        const common = before.filter((code) => after.includes(code));
        if (common.every((code, index) => after.filter((c) => before.includes(c))[index] === code)) {
          expect(merged.filter((code) => removed.includes(code))).toEqual(removed);
        }
      }),
    );
  });
});

describe('diffCurriculum', () => {
  it('finds two copies of a version identical', () => {
    const diff = diffCurriculum(v1, exampleCurriculum());
    expect(diff.identical).toBe(true);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 5 + 6 + 30 });
    expect(diff.outcomes.rows.every((row) => row.status === 'unchanged')).toBe(true);
    expect(diff.stageOrderChanged).toBe(false);
  });

  it('reports an outcome added, one removed and one reworded, with old and new text', () => {
    const v2 = withOutcomes(v1, (outcomes) => [
      ...outcomes
        .filter((outcome) => outcome.code !== 'ENV-ST3-01')
        .map((outcome) =>
          outcome.code === 'PCP-F1-01' ? { ...outcome, text: 'Find out what matters to a patient' } : outcome,
        ),
      { code: 'PCP-F1-02', domainCode: 'PCP', stageCode: 'F1', text: 'A new outcome', fpHlos: [] },
    ]);
    const diff = diffCurriculum(v1, v2);
    expect(diff.outcomes.added.map((outcome) => outcome.code)).toEqual(['PCP-F1-02']);
    expect(diff.outcomes.removed.map((outcome) => outcome.code)).toEqual(['ENV-ST3-01']);
    expect(diff.outcomes.changed).toEqual([
      {
        code: 'PCP-F1-01',
        before: v1.outcomes[0],
        after: expect.objectContaining({ code: 'PCP-F1-01' }) as unknown,
        changes: [
          {
            field: 'text',
            before: 'Find out what matters most to a patient and record it in their care plan',
            after: 'Find out what matters to a patient',
          },
        ],
      },
    ]);
    expect(diff.outcomes.unchanged).toBe(28);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 5 + 6 + 28 });
    expect(diff.identical).toBe(false);
  });

  it('reports an outcome that moved stage as a change of stage, listed where it now is', () => {
    const v2 = withOutcomes(v1, (outcomes) =>
      outcomes.map((outcome) => (outcome.code === 'SYS-F2-01' ? { ...outcome, stageCode: 'ST1' } : outcome)),
    );
    const diff = diffCurriculum(v1, v2);
    expect(diff.outcomes.changed.map((change) => change.changes)).toEqual([
      [{ field: 'stageCode', before: 'F2', after: 'ST1' }],
    ]);
    const codes = diff.outcomes.rows.map((row) => row.code);
    expect(codes.indexOf('SYS-F2-01')).toBe(codes.indexOf('SYS-ST1-01') - 1);
    expect(codes.indexOf('SYS-F2-01')).toBeGreaterThan(codes.indexOf('SYS-F1-01'));
  });

  it('treats higher-level outcomes as a set', () => {
    const reordered = withOutcomes(v1, (outcomes) =>
      outcomes.map((outcome) => (outcome.code === 'CMM-F2-01' ? { ...outcome, fpHlos: ['HLO2', 'HLO1'] } : outcome)),
    );
    expect(diffCurriculum(v1, reordered).identical).toBe(true);
    const extended = withOutcomes(v1, (outcomes) =>
      outcomes.map((outcome) =>
        outcome.code === 'CMM-F2-01' ? { ...outcome, fpHlos: ['HLO3', 'HLO1', 'HLO2'] } : outcome,
      ),
    );
    expect(diffCurriculum(v1, extended).outcomes.changed[0]?.changes).toEqual([
      { field: 'fpHlos', before: ['HLO1', 'HLO2'], after: ['HLO1', 'HLO2', 'HLO3'] },
    ]);
  });

  it('counts a change of spacing as a change of text', () => {
    const v2 = withOutcomes(v1, (outcomes) =>
      outcomes.map((outcome) => (outcome.code === 'POP-F1-01' ? { ...outcome, text: `${outcome.text} ` } : outcome)),
    );
    expect(diffCurriculum(v1, v2).outcomes.changed.map((change) => change.code)).toEqual(['POP-F1-01']);
  });

  it('reports every changed field of a domain, in field order', () => {
    const v2 = withDomains(v1, (domains) =>
      domains.map((domain) =>
        domain.code === 'POP'
          ? { ...domain, order: 9, whyItMatters: 'New reason', title: 'Population health and prevention' }
          : domain,
      ),
    );
    const diff = diffCurriculum(v1, v2);
    expect(diff.domains.changed).toHaveLength(1);
    expect(diff.domains.changed[0]?.changes.map((change) => change.field)).toEqual(['title', 'whyItMatters', 'order']);
    expect(diff.domains.changed[0]?.changes[2]).toEqual({ field: 'order', before: 4, after: 9 });
    expect(diff.domains.rows.map((row) => row.code)).toEqual(['PCP', 'CMM', 'SYS', 'SJE', 'ENV', 'POP']);
  });

  it('shows a removed domain where it was and its outcomes as removed', () => {
    const v2: CurriculumContent = {
      ...v1,
      domains: v1.domains.filter((domain) => domain.code !== 'SYS'),
      outcomes: v1.outcomes.filter((outcome) => outcome.domainCode !== 'SYS'),
    };
    const diff = diffCurriculum(v1, v2);
    expect(diff.domains.rows.map((row) => [row.code, row.status])).toEqual([
      ['PCP', 'unchanged'],
      ['CMM', 'unchanged'],
      ['SYS', 'removed'],
      ['POP', 'unchanged'],
      ['SJE', 'unchanged'],
      ['ENV', 'unchanged'],
    ]);
    expect(diff.outcomes.removed.map((outcome) => outcome.code)).toEqual([
      'SYS-F1-01',
      'SYS-F2-01',
      'SYS-ST1-01',
      'SYS-ST2-01',
      'SYS-ST3-01',
    ]);
    const rows = diff.outcomes.rows.map((row) => row.code);
    expect(rows.indexOf('SYS-F1-01')).toBe(rows.indexOf('CMM-ST3-01') + 1);
  });

  it('reports stages added, removed, renamed and reordered', () => {
    const v2: CurriculumContent = {
      ...v1,
      stages: [
        { code: 'F2', name: 'Foundation year 2' },
        { code: 'F1', name: 'Foundation year one' },
        { code: 'ST1', name: 'Specialty training year 1' },
        { code: 'ST2', name: 'Specialty training year 2' },
        { code: 'ST4', name: 'Specialty training year 4' },
      ],
    };
    const diff = diffCurriculum(v1, v2);
    expect(diff.stages.rows.map((row) => [row.code, row.status])).toEqual([
      ['F2', 'unchanged'],
      ['F1', 'changed'],
      ['ST1', 'unchanged'],
      ['ST2', 'unchanged'],
      ['ST3', 'removed'],
      ['ST4', 'added'],
    ]);
    expect(diff.stages.changed[0]?.changes).toEqual([
      { field: 'name', before: 'Foundation year 1', after: 'Foundation year one' },
    ]);
    expect(diff.stageOrderChanged).toBe(true);
  });

  it('does not call a stage inserted in the middle a reorder', () => {
    const v2: CurriculumContent = {
      ...v1,
      stages: [...v1.stages.slice(0, 2), { code: 'FX', name: 'Extra year' }, ...v1.stages.slice(2)],
    };
    const diff = diffCurriculum(v1, v2);
    expect(diff.stageOrderChanged).toBe(false);
    expect(diff.stages.added).toEqual([{ code: 'FX', name: 'Extra year' }]);
    expect(diff.stages.rows.map((row) => row.code)).toEqual(['F1', 'F2', 'FX', 'ST1', 'ST2', 'ST3']);
  });

  it('puts nothing on the left of an added row and nothing on the right of a removed one', () => {
    const v2 = withOutcomes(v1, (outcomes) => [
      ...outcomes.slice(1),
      { code: 'ENV-ST3-02', domainCode: 'ENV', stageCode: 'ST3', text: 'New', fpHlos: [] },
    ]);
    const rows = diffCurriculum(v1, v2).outcomes.rows;
    expect(rows[0]).toEqual({ code: 'PCP-F1-01', status: 'removed', before: v1.outcomes[0], after: null, changes: [] });
    expect(rows[rows.length - 1]).toMatchObject({ code: 'ENV-ST3-02', status: 'added', before: null, changes: [] });
  });

  describe('on random pairs of versions', () => {
    const version = fc
      .record({
        keep: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        reword: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        move: fc.array(fc.constantFrom(null, 'F1', 'ST3'), { minLength: 30, maxLength: 30 }),
        extra: fc.uniqueArray(fc.integer({ min: 2, max: 9 }), { maxLength: 4 }),
        shuffle: fc.boolean(),
      })
      .map(({ keep, reword, move, extra, shuffle }): CurriculumContent => {
        const outcomes = v1.outcomes
          .filter((_, index) => keep[index])
          .map((outcome, index) => ({
            ...outcome,
            text: reword[index] === true ? `${outcome.text}, reworded` : outcome.text,
            stageCode: move[index] ?? outcome.stageCode,
          }));
        for (const number of extra) {
          outcomes.push({
            code: `POP-F1-0${String(number)}`,
            domainCode: 'POP',
            stageCode: 'F1',
            text: 'Extra',
            fpHlos: [],
          });
        }
        return { ...v1, outcomes: shuffle ? [...outcomes].reverse() : outcomes };
      });

    it('accounts for every outcome exactly once, and reading it the other way round swaps added and removed', () => {
      fc.assert(
        fc.property(version, version, (before, after) => {
          const diff = diffCurriculum(before, after);
          const beforeCodes = new Set(before.outcomes.map((outcome) => outcome.code));
          const afterCodes = new Set(after.outcomes.map((outcome) => outcome.code));
          const union = new Set([...beforeCodes, ...afterCodes]);
          expect(diff.outcomes.rows.map((row) => row.code).sort()).toEqual([...union].sort());
          expect(diff.outcomes.added.map((o) => o.code).sort()).toEqual(
            [...afterCodes].filter((c) => !beforeCodes.has(c)).sort(),
          );
          expect(diff.outcomes.removed.map((o) => o.code).sort()).toEqual(
            [...beforeCodes].filter((c) => !afterCodes.has(c)).sort(),
          );
          expect(
            diff.outcomes.added.length +
              diff.outcomes.removed.length +
              diff.outcomes.changed.length +
              diff.outcomes.unchanged,
          ).toBe(union.size);

          const back = diffCurriculum(after, before);
          expect(back.outcomes.added.map((o) => o.code).sort()).toEqual(
            diff.outcomes.removed.map((o) => o.code).sort(),
          );
          expect(back.outcomes.changed.map((c) => c.code).sort()).toEqual(
            diff.outcomes.changed.map((c) => c.code).sort(),
          );
          expect(diffCurriculum(after, after).identical).toBe(true);
        }),
      );
    });

    it('gives the same rows whatever order the outcomes are stored in', () => {
      fc.assert(
        fc.property(version, version, (before, after) => {
          const reversed = (content: CurriculumContent) => ({ ...content, outcomes: [...content.outcomes].reverse() });
          const one = diffCurriculum(before, after).outcomes.rows.map((row) => [row.code, row.status]);
          const two = diffCurriculum(reversed(before), reversed(after)).outcomes.rows.map((row) => [
            row.code,
            row.status,
          ]);
          expect(two).toEqual(one);
        }),
      );
    });
  });
});
