/** A measure's data as the SPC calculation takes it, and its chart in the forms pages and downloads use. */
import { computeSpc } from './domain/spc.ts';
import { spcChartSvg } from './domain/spc-chart.ts';
import type { SpcOptions, SpcPointInput, SpcResult } from './domain/spc-types.ts';
import type { Measure, MeasurePoint } from './repository.ts';

export function spcInputOf(measure: Measure, points: readonly MeasurePoint[]): [SpcPointInput[], SpcOptions] {
  return [
    points.map((point) => ({ date: point.day, value: point.value, rebase: point.rebase })),
    { improvement: measure.improvement, fixAfter: measure.fixAfter, target: measure.target, screenOutliers: true },
  ];
}

export function measureSpc(measure: Measure, points: readonly MeasurePoint[]): SpcResult | null {
  return points.length === 0 ? null : computeSpc(...spcInputOf(measure, points));
}

export function measureSvg(measure: Measure, result: SpcResult, idPrefix = 'spc'): string {
  return spcChartSvg(result, {
    title: measure.name,
    unit: measure.unit,
    improvement: measure.improvement,
    target: measure.target,
    idPrefix,
  });
}
