import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CurriculumContent } from '../../curriculum/domain/curriculum.ts';
import { exampleCurriculum } from '../../curriculum/domain/example.ts';
import { BANDS, buildHeatmap, coverageBand, heatmapTable, type Band } from './heatmap.ts';
import type { EvidenceLink } from '../../curriculum/domain/evidence.ts';
import { computeProgress } from './progress.ts';

const content = exampleCurriculum();

function links(codes: readonly string[]): EvidenceLink[] {
  return codes.map((outcomeCode, index) => ({
    outcomeCode,
    sourceType: 'portfolio-entry',
    sourceId: `entry-${String(index)}`,
    recordedAt: new Date('2026-09-01T10:00:00Z'),
  }));
}

describe('coverageBand', () => {
  it.each<[number, number, Band]>([
    [0, 0, 'no-outcomes'],
    [3, 0, 'no-outcomes'],
    [0, 5, 'none'],
    [1, 100, 'started'],
    [1, 3, 'started'],
    [33, 100, 'started'],
    [34, 100, 'progressing'],
    [1, 2, 'progressing'],
    [2, 3, 'progressing'],
    [66, 100, 'progressing'],
    [67, 100, 'nearly'],
    [3, 4, 'nearly'],
    [99, 100, 'nearly'],
    [3, 3, 'complete'],
    [1, 1, 'complete'],
    [5, 3, 'complete'],
  ])('puts %i of %i in %s', (evidenced, total, band) => {
    expect(coverageBand(evidenced, total).band).toBe(band);
  });

  it.each([
    [-1, 3],
    [1, -3],
    [0.5, 3],
    [1, Number.NaN],
  ])('refuses %d of %d', (evidenced, total) => {
    expect(() => coverageBand(evidenced, total)).toThrow(RangeError);
  });

  it('labels every band, with levels rising from none to complete', () => {
    expect(BANDS.map((band) => [band.band, band.label, band.level])).toEqual([
      ['none', 'Not started', 0],
      ['started', 'Started', 1],
      ['progressing', 'Progressing', 2],
      ['nearly', 'Nearly complete', 3],
      ['complete', 'Complete', 4],
      ['no-outcomes', 'No outcomes yet', 0],
    ]);
  });

  it('never goes down a band as evidence grows, and is complete exactly when everything is evidenced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(600), fc.nat(600), (total, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(coverageBand(low, total).level).toBeLessThanOrEqual(coverageBand(high, total).level);
        expect(coverageBand(high, total).band === 'complete').toBe(high >= total);
        expect(coverageBand(low, total).band === 'none').toBe(low === 0);
      }),
    );
  });

  it('agrees with the documented percentages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.nat(1000), (total, raw) => {
        const evidenced = raw % (total + 1);
        const percent = (evidenced / total) * 100;
        const band = coverageBand(evidenced, total).band;
        const expected =
          evidenced === 0
            ? 'none'
            : evidenced === total
              ? 'complete'
              : percent < 34
                ? 'started'
                : percent < 67
                  ? 'progressing'
                  : 'nearly';
        expect(band).toBe(expected);
      }),
    );
  });
});

describe('buildHeatmap', () => {
  const withoutEnv: CurriculumContent = {
    ...content,
    domains: content.domains.filter((domain) => domain.code !== 'ENV'),
    outcomes: content.outcomes.filter((outcome) => outcome.domainCode !== 'ENV'),
  };
  const learners = [
    {
      learnerId: 'l2',
      name: 'Zara Khan',
      progress: computeProgress({
        content,
        currentStage: 'F2',
        evidence: links(['PCP-F1-01', 'PCP-F2-01', 'ENV-F1-01']),
      }),
    },
    {
      learnerId: 'l1',
      name: 'Amir Patel',
      progress: computeProgress({ content: withoutEnv, currentStage: 'ST1', evidence: links(['SYS-F1-01']) }),
    },
    {
      learnerId: 'l0',
      name: 'Zara Khan',
      progress: computeProgress({ content, currentStage: 'F1', evidence: [] }),
    },
  ];

  it('makes a column per domain in display order and a row per learner sorted by name, then id', () => {
    const heatmap = buildHeatmap(content, learners);
    expect(heatmap.columns.map((column) => column.code)).toEqual(['PCP', 'CMM', 'SYS', 'POP', 'SJE', 'ENV']);
    expect(heatmap.rows.map((row) => row.learnerId)).toEqual(['l1', 'l0', 'l2']);
    expect(heatmap.rows.every((row) => row.cells.length === 6)).toBe(true);
  });

  it('colours each cell by the learner’s coverage to date, in words as well', () => {
    const heatmap = buildHeatmap(content, learners);
    const zara = heatmap.rows.find((row) => row.learnerId === 'l2')!;
    expect(zara.stageCode).toBe('F2');
    expect(zara.cells[0]).toMatchObject({
      domainCode: 'PCP',
      evidenced: 2,
      total: 2,
      text: '2 of 2 outcomes (Complete)',
    });
    expect(zara.cells[0]?.band.band).toBe('complete');
    expect(zara.cells[5]).toMatchObject({ domainCode: 'ENV', text: '1 of 2 outcomes (Progressing)' });
    expect(zara.cells[1]).toMatchObject({ text: '0 of 2 outcomes (Not started)' });
    expect(zara.overall).toMatchObject({ evidenced: 3, total: 12, text: '3 of 12 outcomes (Started)' });

    const amir = heatmap.rows.find((row) => row.learnerId === 'l1')!;
    expect(amir.cells[2]).toMatchObject({ domainCode: 'SYS', text: '1 of 3 outcomes (Started)' });
    expect(amir.cells[5]).toMatchObject({ domainCode: 'ENV', total: 0, text: 'No outcomes yet' });

    const newcomer = heatmap.rows.find((row) => row.learnerId === 'l0')!;
    expect(newcomer.cells[0]).toMatchObject({ text: '0 of 1 outcome (Not started)' });
  });

  it('counts the learners in each band per column', () => {
    const heatmap = buildHeatmap(content, learners);
    expect(heatmap.columns[0]?.bands).toEqual({
      'no-outcomes': 0,
      none: 2,
      started: 0,
      progressing: 0,
      nearly: 0,
      complete: 1,
    });
    expect(heatmap.columns[5]?.bands).toMatchObject({ 'no-outcomes': 1, none: 1, progressing: 1 });
    for (const column of heatmap.columns) {
      expect(Object.values(column.bands).reduce((sum, count) => sum + count, 0)).toBe(learners.length);
    }
  });

  it('gives an empty grid for a cohort of nobody', () => {
    const heatmap = buildHeatmap(content, []);
    expect(heatmap.rows).toEqual([]);
    expect(heatmapTable(heatmap)).toEqual([
      [
        'Learner',
        'Stage',
        'Person-centred practice',
        'Complex multimorbidity',
        'Working across systems',
        'Population health',
        'Social justice and health equity',
        'Environmental sustainability',
        'Overall',
      ],
    ]);
  });

  it('writes the same grid as a table of words', () => {
    const table = heatmapTable(buildHeatmap(content, learners));
    expect(table).toHaveLength(4);
    expect(table[1]).toEqual([
      'Amir Patel',
      'ST1',
      '0 of 3 outcomes (Not started)',
      '0 of 3 outcomes (Not started)',
      '1 of 3 outcomes (Started)',
      '0 of 3 outcomes (Not started)',
      '0 of 3 outcomes (Not started)',
      'No outcomes yet',
      '1 of 15 outcomes (Started)',
    ]);
    expect(table.every((row) => row.length === table[0]!.length)).toBe(true);
  });
});
