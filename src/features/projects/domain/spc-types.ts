/**
 * The shapes of a statistical process control (XmR) calculation, shared by the calculation (spc.ts), the chart
 * (spc-chart.ts), the measure pages and the `spc` command line. See ../shared DOMAIN.md and issue 12: computed as
 * NHS-R's NHSRplotthedots computes it ("Making Data Count").
 */

/** Which direction of change is better for a measure. */
export const IMPROVEMENTS = ['increase', 'decrease', 'neutral'] as const;
export type Improvement = (typeof IMPROVEMENTS)[number];

/** One data point given to the calculation. Dates are ISO days (YYYY-MM-DD) and unique within a series. */
export interface SpcPointInput {
  date: string;
  value: number;
  /** Marks the first point of a new segment (a recalculation of mean and limits). */
  rebase?: boolean;
}

export interface SpcOptions {
  improvement: Improvement;
  /** With n, each segment's mean and limits come from its first n points only. */
  fixAfter?: number | null;
  /** A target gives assurance (not for neutral measures). */
  target?: number | null;
  /** Screen moving ranges at or above 3.267 × their mean before the limits are taken; true unless false. */
  screenOutliers?: boolean;
}

/** Why a point is special cause, by the first rule that flags it in order of precedence; null for common cause. */
export const SPECIAL_CAUSES = [
  'above-limit',
  'below-limit',
  'trend-up',
  'trend-down',
  'two-in-three-above',
  'two-in-three-below',
  'shift-above',
  'shift-below',
] as const;
export type SpecialCause = (typeof SPECIAL_CAUSES)[number];

export const POINT_TYPES = [
  'common_cause',
  'special_cause_improvement',
  'special_cause_concern',
  'special_cause_neutral_high',
  'special_cause_neutral_low',
] as const;
export type PointType = (typeof POINT_TYPES)[number];

export const ASSURANCES = ['consistent_pass', 'consistent_fail', 'inconsistent'] as const;
export type Assurance = (typeof ASSURANCES)[number];

/** One point of the result, in date order. */
export interface SpcPoint {
  date: string;
  value: number;
  /** The segment's centre line. */
  mean: number;
  /** Lower and upper process limits; null when a segment has too few points to have a moving range. */
  lpl: number | null;
  upl: number | null;
  specialCause: SpecialCause | null;
  type: PointType;
  /** 0 for the first segment, then one more at each rebase. */
  segment: number;
}

/** One segment: points from `start` to `end` (indices into points, inclusive) sharing a mean and limits. */
export interface SpcSegment {
  start: number;
  end: number;
  mean: number;
  lpl: number | null;
  upl: number | null;
  /** Mean moving range after screening; null as for the limits. */
  meanMovingRange: number | null;
}

export interface SpcResult {
  points: SpcPoint[];
  segments: SpcSegment[];
  assurance: Assurance | null;
  /** Sentences for people, e.g. that a segment has fewer than 12 points so its limits are unreliable. */
  warnings: string[];
}
