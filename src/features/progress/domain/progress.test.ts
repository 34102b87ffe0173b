import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CurriculumContent, Outcome } from '../../curriculum/domain/curriculum.ts';
import { exampleCurriculum } from '../../curriculum/domain/example.ts';
import { EVIDENCE_SOURCE_TYPES, type EvidenceLink, type EvidenceSourceType } from '../../curriculum/domain/evidence.ts';
import { computeProgress, unmatchedEvidenceMessage, type Progress } from './progress.ts';

const content = exampleCurriculum();
const day = (n: number) => new Date(Date.UTC(2026, 7, 1 + n, 12));

function link(
  outcomeCode: string,
  sourceId: string,
  recordedAt = day(0),
  sourceType: EvidenceSourceType = 'portfolio-entry',
): EvidenceLink {
  return { outcomeCode, sourceType, sourceId, recordedAt };
}

function domain(progress: Progress, code: string) {
  const found = progress.domains.find((item) => item.domain.code === code);
  if (found === undefined) throw new Error(`no domain ${code}`);
  return found;
}

function codes(outcomes: readonly Outcome[]): string[] {
  return outcomes.map((outcome) => outcome.code);
}

describe('computeProgress', () => {
  it('shows every outcome to date as still needed when there is no evidence, current stage first', () => {
    const progress = computeProgress({ content, currentStage: 'ST1', evidence: [] });
    expect(progress.stageCode).toBe('ST1');
    expect(progress.domains.map((item) => item.domain.code)).toEqual(['PCP', 'CMM', 'SYS', 'POP', 'SJE', 'ENV']);
    const pcp = domain(progress, 'PCP');
    expect(pcp.currentStage).toEqual({ evidenced: 0, total: 1 });
    expect(pcp.toDate).toEqual({ evidenced: 0, total: 3 });
    expect(pcp.coverage).toBe(0);
    expect(codes(pcp.stillNeeded)).toEqual(['PCP-ST1-01', 'PCP-F1-01', 'PCP-F2-01']);
    expect(pcp.outcomes.map((item) => item.outcome.code)).toEqual(['PCP-F1-01', 'PCP-F2-01', 'PCP-ST1-01']);
    expect(progress.overall).toEqual({
      currentStage: { evidenced: 0, total: 6 },
      toDate: { evidenced: 0, total: 18 },
      coverage: 0,
    });
    expect(progress.unmatched).toEqual({ count: 0, outcomeCodes: [] });
    expect(Object.keys(progress.evidenceByOutcome)).toHaveLength(30);
  });

  it('counts distinct sources per outcome, and an outcome as evidenced once it has any', () => {
    const progress = computeProgress({
      content,
      currentStage: 'F2',
      evidence: [
        link('PCP-F2-01', 'entry-1', day(1)),
        link('PCP-F2-01', 'entry-1', day(3)),
        link('PCP-F2-01', 'event-9', day(2), 'event-attendance'),
        link('PCP-F1-01', 'entry-2'),
        link('ENV-F2-01', 'project-1', day(5), 'project'),
      ],
    });
    const pcp = domain(progress, 'PCP');
    expect(pcp.currentStage).toEqual({ evidenced: 1, total: 1 });
    expect(pcp.toDate).toEqual({ evidenced: 2, total: 2 });
    expect(pcp.coverage).toBe(1);
    expect(pcp.stillNeeded).toEqual([]);
    expect(pcp.outcomes.map((item) => [item.outcome.code, item.evidenceCount, item.lastEvidencedAt])).toEqual([
      ['PCP-F1-01', 1, day(0)],
      ['PCP-F2-01', 2, day(3)],
    ]);
    expect(progress.evidenceByOutcome['PCP-F2-01']).toBe(2);
    expect(progress.evidenceByOutcome['ENV-F2-01']).toBe(1);
    expect(progress.evidenceByOutcome['ENV-F1-01']).toBe(0);
    expect(codes(domain(progress, 'ENV').stillNeeded)).toEqual(['ENV-F1-01']);
    expect(progress.overall.toDate).toEqual({ evidenced: 3, total: 12 });
    expect(progress.overall.coverage).toBeCloseTo(0.25);
  });

  it('tells the same source id of different kinds apart', () => {
    const progress = computeProgress({
      content,
      currentStage: 'F1',
      evidence: [link('POP-F1-01', 'x', day(0), 'portfolio-entry'), link('POP-F1-01', 'x', day(0), 'vr-scenario')],
    });
    expect(progress.evidenceByOutcome['POP-F1-01']).toBe(2);
  });

  it('reads evidence codes as typed', () => {
    const progress = computeProgress({ content, currentStage: 'F1', evidence: [link(' sje f1 1 ', 'e')] });
    expect(domain(progress, 'SJE').currentStage).toEqual({ evidenced: 1, total: 1 });
    expect(progress.unmatched.count).toBe(0);
  });

  it('shows evidence for later stages as working ahead, outside the totals', () => {
    const progress = computeProgress({
      content,
      currentStage: 'F1',
      evidence: [link('CMM-ST2-01', 'e1'), link('CMM-ST3-01', 'e1'), link('CMM-F1-01', 'e2')],
    });
    const cmm = domain(progress, 'CMM');
    expect(cmm.toDate).toEqual({ evidenced: 1, total: 1 });
    expect(cmm.evidencedAhead).toBe(2);
    expect(progress.overall.toDate).toEqual({ evidenced: 1, total: 6 });
  });

  it('leaves out links recorded after the asOf moment', () => {
    const evidence = [
      link('PCP-F1-01', 'e1', day(1)),
      link('ENV-F1-01', 'e2', day(10)),
      link('OLD-F1-01', 'e3', day(20)),
    ];
    const atReview = computeProgress({ content, currentStage: 'F1', evidence, asOf: day(5) });
    expect(atReview.overall.toDate.evidenced).toBe(1);
    expect(atReview.unmatched.count).toBe(0);
    expect(computeProgress({ content, currentStage: 'F1', evidence, asOf: day(10) }).overall.toDate.evidenced).toBe(2);
    expect(computeProgress({ content, currentStage: 'F1', evidence }).unmatched.count).toBe(1);
  });

  it('refuses a stage the version does not have', () => {
    expect(() => computeProgress({ content, currentStage: 'ST4', evidence: [] })).toThrow(
      'Stage ST4 is not a stage of this curriculum version',
    );
  });

  it('gives no coverage for a domain with no outcomes to date', () => {
    const sparse: CurriculumContent = {
      ...content,
      outcomes: content.outcomes.filter((outcome) => outcome.domainCode !== 'ENV' || outcome.stageCode === 'ST3'),
    };
    const progress = computeProgress({ content: sparse, currentStage: 'F2', evidence: [] });
    expect(domain(progress, 'ENV')).toMatchObject({
      toDate: { evidenced: 0, total: 0 },
      coverage: null,
      stillNeeded: [],
    });
    expect(
      computeProgress({ content: { ...content, outcomes: [] }, currentStage: 'F1', evidence: [] }).overall.coverage,
    ).toBeNull();
  });

  describe('when a learner moves to another curriculum version', () => {
    // v2 removes PCP-F2-01, adds PCP-F2-02, and moves SYS-ST1-01 down to F2.
    const v1 = content;
    const v2: CurriculumContent = {
      ...content,
      outcomes: [
        ...content.outcomes
          .filter((outcome) => outcome.code !== 'PCP-F2-01')
          .map((outcome) => (outcome.code === 'SYS-ST1-01' ? { ...outcome, stageCode: 'F2' } : outcome)),
        { code: 'PCP-F2-02', domainCode: 'PCP', stageCode: 'F2', text: 'A new outcome', fpHlos: [] },
      ],
    };
    const evidence = [
      link('PCP-F2-01', 'entry-1'),
      link('PCP-F2-01', 'entry-2'),
      link('SYS-ST1-01', 'entry-1'),
      link('SYS-F1-01', 'event-1', day(0), 'event-attendance'),
    ];

    it('counts the evidence against v1', () => {
      const progress = computeProgress({ content: v1, currentStage: 'F2', evidence });
      expect(domain(progress, 'PCP').toDate).toEqual({ evidenced: 1, total: 2 });
      expect(domain(progress, 'PCP').currentStage).toEqual({ evidenced: 1, total: 1 });
      expect(domain(progress, 'SYS').toDate).toEqual({ evidenced: 1, total: 2 });
      expect(domain(progress, 'SYS').evidencedAhead).toBe(1);
      expect(progress.overall.toDate).toEqual({ evidenced: 2, total: 12 });
      expect(progress.unmatched).toEqual({ count: 0, outcomeCodes: [] });
      expect(unmatchedEvidenceMessage(progress.unmatched)).toBeNull();
    });

    it('keeps the evidence for a removed outcome visible but uncounted, needs the added one, and counts the moved one', () => {
      const progress = computeProgress({ content: v2, currentStage: 'F2', evidence });
      const pcp = domain(progress, 'PCP');
      expect(pcp.toDate).toEqual({ evidenced: 0, total: 2 });
      expect(codes(pcp.stillNeeded)).toEqual(['PCP-F2-02', 'PCP-F1-01']);
      const sys = domain(progress, 'SYS');
      expect(sys.currentStage).toEqual({ evidenced: 1, total: 2 });
      expect(sys.toDate).toEqual({ evidenced: 2, total: 3 });
      expect(sys.evidencedAhead).toBe(0);
      expect(codes(sys.stillNeeded)).toEqual(['SYS-F2-01']);
      expect(progress.overall.toDate).toEqual({ evidenced: 2, total: 13 });
      expect(progress.unmatched).toEqual({ count: 2, outcomeCodes: ['PCP-F2-01'] });
      expect(unmatchedEvidenceMessage(progress.unmatched)).toBe(
        '2 evidence links are to outcomes not in your curriculum version (PCP-F2-01) and do not count towards your progress',
      );
    });
  });

  it('words one unmatched link in the singular', () => {
    expect(unmatchedEvidenceMessage({ count: 1, outcomeCodes: ['A-F1-01'] })).toBe(
      '1 evidence link is to outcomes not in your curriculum version (A-F1-01) and does not count towards your progress',
    );
  });

  describe('on random evidence', () => {
    const known = content.outcomes.map((outcome) => outcome.code);
    const evidence = fc.array(
      fc.record({
        outcomeCode: fc.constantFrom(...known, 'OLD-F1-01', 'OLD-F2-02'),
        sourceType: fc.constantFrom(...EVIDENCE_SOURCE_TYPES),
        sourceId: fc.constantFrom('a', 'b', 'c', 'd'),
        recordedAt: fc.integer({ min: 0, max: 30 }).map(day),
      }),
      { maxLength: 40 },
    );
    const stage = fc.constantFrom('F1', 'F2', 'ST1', 'ST2', 'ST3');

    it('keeps its counts consistent', () => {
      fc.assert(
        fc.property(evidence, stage, (links, currentStage) => {
          const progress = computeProgress({ content, currentStage, evidence: links });
          let evidenced = 0;
          let total = 0;
          for (const item of progress.domains) {
            expect(item.currentStage.evidenced).toBeLessThanOrEqual(item.currentStage.total);
            expect(item.currentStage.total).toBeLessThanOrEqual(item.toDate.total);
            expect(item.toDate.evidenced).toBeLessThanOrEqual(item.toDate.total);
            expect(item.stillNeeded).toHaveLength(item.toDate.total - item.toDate.evidenced);
            expect(item.outcomes).toHaveLength(item.toDate.total);
            expect(item.stillNeeded.every((outcome) => progress.evidenceByOutcome[outcome.code] === 0)).toBe(true);
            const current = item.stillNeeded.filter((outcome) => outcome.stageCode === currentStage).length;
            expect(item.stillNeeded.slice(0, current).every((outcome) => outcome.stageCode === currentStage)).toBe(
              true,
            );
            evidenced += item.toDate.evidenced;
            total += item.toDate.total;
          }
          expect(progress.overall.toDate).toEqual({ evidenced, total });
          const distinct = new Set(links.map((l) => `${l.sourceType}/${l.sourceId}/${l.outcomeCode}`));
          const matched = Object.values(progress.evidenceByOutcome).reduce((sum, count) => sum + count, 0);
          expect(matched + progress.unmatched.count).toBe(distinct.size);
        }),
      );
    });

    it('never goes down when evidence is added, and ignores the order links come in', () => {
      fc.assert(
        fc.property(evidence, evidence, stage, (first, more, currentStage) => {
          const before = computeProgress({ content, currentStage, evidence: first });
          const after = computeProgress({ content, currentStage, evidence: [...first, ...more] });
          expect(after.overall.toDate.evidenced).toBeGreaterThanOrEqual(before.overall.toDate.evidenced);
          for (const code of Object.keys(before.evidenceByOutcome)) {
            expect(after.evidenceByOutcome[code]).toBeGreaterThanOrEqual(before.evidenceByOutcome[code]!);
          }
          const reversed = computeProgress({ content, currentStage, evidence: [...first, ...more].reverse() });
          expect(reversed).toEqual(after);
        }),
      );
    });
  });
});
