/**
 * The XmR calculation against hand-worked series. Each series is chosen so that its arithmetic is easy; the comment
 * above it works out the mean, the moving ranges (mr), their mean (amr, after screening any mr ≥ 3.267 × amr), the
 * process limits (mean ± 2.66 amr) and the two-thirds lines (mean ± 1.7733 amr), and says which rule flags what.
 * Indices in the comments count from 0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates.ts';
import { computeSpc, pointTypeOf, rMean } from './spc.ts';
import type { SpcOptions, SpcPointInput, SpcResult, SpecialCause } from './spc-types.ts';

const START = '2025-01-06';
const increase: SpcOptions = { improvement: 'increase' };

/** Weekly points from 6 January 2025, with `rebase` on the given indices. */
function series(values: readonly number[], rebaseAt: readonly number[] = []): SpcPointInput[] {
  return values.map((value, i) => ({
    date: addDays(START, 7 * i),
    value,
    ...(rebaseAt.includes(i) ? { rebase: true } : {}),
  }));
}

function run(values: readonly number[], options: SpcOptions = increase, rebaseAt: readonly number[] = []): SpcResult {
  return computeSpc(series(values, rebaseAt), options);
}

function causes(
  values: readonly number[],
  options: SpcOptions = increase,
  rebaseAt: readonly number[] = [],
): (SpecialCause | null)[] {
  return run(values, options, rebaseAt).points.map((point) => point.specialCause);
}

/** `length` nulls with `cause` from `from` to `to` (inclusive) for each run given. */
function marks(length: number, ...runs: [from: number, to: number, cause: SpecialCause][]): (SpecialCause | null)[] {
  const result: (SpecialCause | null)[] = Array.from({ length }, () => null);
  for (const [from, to, cause] of runs) for (let i = from; i <= to; i += 1) result[i] = cause;
  return result;
}

/** The mean and limits of a segment, to ten decimal places (the hand-worked values are exact fractions). */
function expectLimits(
  result: SpcResult,
  segment: number,
  expected: { mean: number; amr: number; lpl: number; upl: number },
): void {
  const actual = result.segments[segment];
  expect(actual).toBeDefined();
  expect(actual?.mean).toBeCloseTo(expected.mean, 10);
  expect(actual?.meanMovingRange).toBeCloseTo(expected.amr, 10);
  expect(actual?.lpl).toBeCloseTo(expected.lpl, 10);
  expect(actual?.upl).toBeCloseTo(expected.upl, 10);
}

/** 8, 12 alternating: mean 10; eleven mr of 4, amr 4; limits 10 ± 10.64 = −0.64 and 20.64. */
const BASE_8_12 = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12];
/** 11.5, 8.5 alternating, ending below: mean 10; amr 3; limits 10 ± 7.98; two-thirds lines 10 ± 5.32. */
const BASE_10_3 = [11.5, 8.5, 11.5, 8.5, 11.5, 8.5, 11.5, 8.5, 11.5, 8.5, 11.5, 8.5];

describe('computeSpc: each rule on its own', () => {
  it('flags a point above the upper limit, once its moving ranges are screened', () => {
    // 8, 12 × 5, 8, 30. Mean 138/12 = 11.5. mr: ten 4s and 22; amr 62/11 = 5.64; 22 ≥ 3.267 × 5.64 = 18.41 is
    // screened; amr 4. Limits 11.5 ± 10.64 = 0.86, 22.14; two-thirds 4.41, 18.59. 30 > 22.14; nothing else.
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 30];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.5, amr: 4, lpl: 0.86, upl: 22.14 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12, [11, 11, 'above-limit']));
    expect(result.points[11]?.type).toBe('special_cause_improvement');
    expect(result.points[0]?.type).toBe('common_cause');
    expect(run(values, { improvement: 'decrease' }).points[11]?.type).toBe('special_cause_concern');
    expect(run(values, { improvement: 'neutral' }).points[11]?.type).toBe('special_cause_neutral_high');
  });

  it('flags a point below the lower limit', () => {
    // The mirror of the last (20 − v): 12, 8 × 5, 12, −10. Mean 8.5; amr 4 once the 22s are screened.
    // Limits 8.5 ± 10.64 = −2.14, 19.14. −10 < −2.14.
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, -10];
    const result = run(values, { improvement: 'decrease' });
    expectLimits(result, 0, { mean: 8.5, amr: 4, lpl: -2.14, upl: 19.14 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12, [11, 11, 'below-limit']));
    expect(result.points[11]?.type).toBe('special_cause_improvement');
    expect(run(values, { improvement: 'increase' }).points[11]?.type).toBe('special_cause_concern');
    expect(run(values, { improvement: 'neutral' }).points[11]?.type).toBe('special_cause_neutral_low');
  });

  it('flags 7 points each higher than the one before as a trend up', () => {
    // 0, 8, 0, 8, 1..7, 0. Mean 44/12 = 11/3. mr 8, 8, 8, 7, 1 × 6, 7: 44/11, amr 4 (none ≥ 13.07).
    // Limits 3.67 ± 10.64 = −6.97, 14.31; two-thirds −3.43, 10.76: nothing near. 1..7 (indices 4–10) rise; the
    // longest run on one side of the mean is 4 (4, 5, 6, 7).
    const result = run([0, 8, 0, 8, 1, 2, 3, 4, 5, 6, 7, 0]);
    expectLimits(result, 0, { mean: 11 / 3, amr: 4, lpl: 11 / 3 - 10.64, upl: 11 / 3 + 10.64 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12, [4, 10, 'trend-up']));
    expect(result.points[4]?.type).toBe('special_cause_improvement');
  });

  it('flags 7 points each lower than the one before as a trend down', () => {
    // The mirror (8 − v): 8, 0, 8, 0, 7..1, 8. Mean 52/12 = 13/3; amr 4. 7..1 (indices 4–10) fall.
    const result = run([8, 0, 8, 0, 7, 6, 5, 4, 3, 2, 1, 8]);
    expectLimits(result, 0, { mean: 13 / 3, amr: 4, lpl: 13 / 3 - 10.64, upl: 13 / 3 + 10.64 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12, [4, 10, 'trend-down']));
    expect(result.points[4]?.type).toBe('special_cause_concern');
  });

  it('flags 2 of 3 points near the upper limit, but not the third point between them', () => {
    // 12, 8 × 5, 20, 12, 20, 8, then 12, 8 × 5, 12: 25 points. Sum 100 + 52 + 120 = 272, mean 10.88.
    // 24 mr: twenty 4s and 12, 8, 8, 12: 120/24, amr 5 (cut 16.3). Limits 10.88 ± 13.3 = −2.42, 24.18;
    // two-thirds 10.88 ± 8.867 = 2.01, 19.75. The 20s (indices 10, 12) are near the limit; 12 between them is above
    // the mean but not near, so only the 20s are flagged.
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 20, 12, 20, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12];
    const result = run(values);
    expectLimits(result, 0, { mean: 10.88, amr: 5, lpl: -2.42, upl: 24.18 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(25, [10, 10, 'two-in-three-above'], [12, 12, 'two-in-three-above']),
    );
  });

  it('flags 2 of 3 points near the lower limit', () => {
    // The mirror (20 − v): mean 9.12, amr 5, limits −4.18, 22.42, two-thirds 0.25, 17.99. The 0s are near.
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 0, 8, 0, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8];
    const result = run(values);
    expectLimits(result, 0, { mean: 9.12, amr: 5, lpl: -4.18, upl: 22.42 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(25, [10, 10, 'two-in-three-below'], [12, 12, 'two-in-three-below']),
    );
  });

  it('does not flag 2 of 3 points near a limit when the third is on the other side of the mean', () => {
    // 12, 8 × 5, 21, 8, 21, 8, then 12, 8 × 5, 12. Sum 270, mean 10.8. mr: twenty 4s and four 13s: 132/24,
    // amr 5.5 (cut 17.97). Limits 10.8 ± 14.63 = −3.83, 25.43; two-thirds 1.05, 20.55. Both 21s are near, but the
    // 8 between them is below the mean, and no window of 3 holds both 21s without it.
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 21, 8, 21, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12];
    const result = run(values);
    expectLimits(result, 0, { mean: 10.8, amr: 5.5, lpl: -3.83, upl: 25.43 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(25));
  });

  it('flags 7 points in a row above the mean as a shift', () => {
    // 6, 14 × 3, 6, then 11, 12, 11, 12, 11, 12, 11, then 6, 14 × 3. Sum 66 + 80 + 60 = 206, mean 10.3.
    // mr: 8 × 6, 5, 1 × 6, 5, 8 × 5 = 104 over 19, amr 5.47 (cut 17.9). Limits 10.3 ± 14.56 = −4.26, 24.86;
    // two-thirds 0.59, 20.01. Indices 7–13 are above 10.3, none near a limit, and they do not rise or fall.
    const values = [6, 14, 6, 14, 6, 14, 6, 11, 12, 11, 12, 11, 12, 11, 6, 14, 6, 14, 6, 14];
    const result = run(values);
    expectLimits(result, 0, { mean: 10.3, amr: 104 / 19, lpl: -4.26, upl: 24.86 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(20, [7, 13, 'shift-above']));
    expect(result.points[7]?.type).toBe('special_cause_improvement');
  });

  it('flags 7 points in a row below the mean as a shift', () => {
    // The mirror (20 − v): mean 9.7, amr 104/19; limits −4.86, 24.26. Indices 7–13 (9, 8, …) are below 9.7.
    const values = [14, 6, 14, 6, 14, 6, 14, 9, 8, 9, 8, 9, 8, 9, 14, 6, 14, 6, 14, 6];
    const result = run(values);
    expectLimits(result, 0, { mean: 9.7, amr: 104 / 19, lpl: -4.86, upl: 24.26 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(20, [7, 13, 'shift-below']));
    expect(result.points[7]?.type).toBe('special_cause_concern');
  });
});

describe('computeSpc: what breaks a run', () => {
  it('lets a point exactly on the mean break a shift', () => {
    // 9, 8 × 3, 10, 9, 8 × 3, then 11, 12 × 3, 10, 11, 12 × 3: 26 points, sum 260, mean exactly 10.
    // mr: 1s, with 2 and 1 round each 10 and 3 where 8 meets 11: 29/25, amr 1.16. Limits 10 ± 3.0856 = 6.91,
    // 13.09; two-thirds 7.94, 12.06: nothing near. Six below, the 10, six below again: 12 points below with one on
    // the mean, so no run of 7; the same above.
    const values = [9, 8, 9, 8, 9, 8, 10, 9, 8, 9, 8, 9, 8, 11, 12, 11, 12, 11, 12, 10, 11, 12, 11, 12, 11, 12];
    const result = run(values);
    expectLimits(result, 0, { mean: 10, amr: 1.16, lpl: 6.9144, upl: 13.0856 });
    expect(result.points[6]?.value).toBe(result.points[6]?.mean);
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(26));
  });

  it('lets a repeated value break a trend', () => {
    // 0, 8, 0, 8, 1, 2, 3, 3, 4, 5, 6, 0. Mean 40/12 = 10/3. mr 8, 8, 8, 7, 1, 1, 0, 1, 1, 1, 6: 42/11, amr 3.82.
    // Limits 3.33 ± 10.16 = −6.82, 13.49; two-thirds −3.44, 10.1. 1, 2, 3, 3, 4, 5, 6 is not 7 rising points.
    const result = run([0, 8, 0, 8, 1, 2, 3, 3, 4, 5, 6, 0]);
    expectLimits(result, 0, {
      mean: 10 / 3,
      amr: 42 / 11,
      lpl: 10 / 3 - (2.66 * 42) / 11,
      upl: 10 / 3 + (2.66 * 42) / 11,
    });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12));
  });
});

describe('computeSpc: precedence', () => {
  it('outside the limits beats a trend', () => {
    // 0, 8, 0, 8, 1..6, 30, 0. Mean 67/12 = 5.58. mr 8, 8, 8, 7, 1 × 5, 24, 30: 90/11 = 8.18; 30 ≥ 26.7 is
    // screened; amr 60/10 = 6. Limits 5.58 ± 15.96 = −10.38, 21.54. 1, 2, 3, 4, 5, 6, 30 rise (indices 4–10);
    // 30 is above the limit, so it is above-limit and the rest of the trend is trend-up.
    const result = run([0, 8, 0, 8, 1, 2, 3, 4, 5, 6, 30, 0]);
    expectLimits(result, 0, { mean: 67 / 12, amr: 6, lpl: 67 / 12 - 15.96, upl: 67 / 12 + 15.96 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(12, [4, 9, 'trend-up'], [10, 10, 'above-limit']));
  });

  it('a trend beats 2 of 3 near a limit', () => {
    // 8, 12 × 4, 9, 10, 11, 12, 13, 18, 19, 12, 8, 12, 8, 12. Sum 224, mean 11.2. mr 4 × 7, 3, 1 × 4, 5, 1, 7,
    // 4 × 4 = 64 over 19, amr 3.37 (cut 11). Limits 11.2 ± 8.96 = 2.24, 20.16; two-thirds 17.17. 18 and 19 are near
    // the limit with 13 above the mean (2 of 3), but 9..19 (indices 8–14) rise: the trend wins.
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 9, 10, 11, 12, 13, 18, 19, 12, 8, 12, 8, 12];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.2, amr: 64 / 19, lpl: 2.24, upl: 20.16 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(20, [8, 14, 'trend-up']));
  });

  it('2 of 3 near a limit beats a shift', () => {
    // 12, 8 × 5, 12, 13, 19, 12, 19, 13, 12, 8, 12, 8. Sum 228, mean 11.4. mr 4 × 10, 1, 6, 7, 7, 6, 1, 4 × 3 =
    // 80 over 19, amr 4.21. Limits 11.4 ± 11.2 = 0.2, 22.6; two-thirds 18.87. Indices 10–16 are above the mean
    // (a shift); the 19s are near the limit with 12 between them above the mean, so they are two-in-three.
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 13, 19, 12, 19, 13, 12, 8, 12, 8];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.4, amr: 80 / 19, lpl: 0.2, upl: 22.6 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(20, [10, 16, 'shift-above'], [12, 12, 'two-in-three-above'], [14, 14, 'two-in-three-above']),
    );
  });

  it('outside the limits beats a shift', () => {
    // 12, 8 × 5, 12, 13, 12, 25, 12, 13, 12, 8, 12, 8. Sum 227, mean 11.35. mr 4 × 10, 1, 1, 13, 13, 1, 1, 4 × 3 =
    // 82 over 19, amr 4.32 (cut 14.1, so the 13s stay). Limits 11.35 ± 11.48 = −0.13, 22.83. Indices 10–16 are
    // above the mean; 25 is also above the limit.
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 13, 12, 25, 12, 13, 12, 8, 12, 8];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.35, amr: 82 / 19, lpl: -0.13, upl: 22.83 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(20, [10, 16, 'shift-above'], [13, 13, 'above-limit']),
    );
  });

  it('outside the limits beats 2 of 3, and an outside point is not one of the 2', () => {
    // 8, 12 × 5, 8, 21, 25, 21, 12, 8, 12, 8, 12, 8. Sum 235, mean 11.75. mr 4 × 10, 13, 4, 4, 9, 4 × 5 = 90
    // over 19, amr 4.74. Limits 11.75 ± 12.6 = −0.85, 24.35; two-thirds 11.75 + 8.4 = 20.15. 21, 25, 21: both 21s
    // are near the limit, 25 is above it.
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 21, 25, 21, 12, 8, 12, 8, 12, 8];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.75, amr: 90 / 19, lpl: -0.85, upl: 24.35 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(20, [11, 11, 'two-in-three-above'], [12, 12, 'above-limit'], [13, 13, 'two-in-three-above']),
    );
  });

  it('a trend beats a shift', () => {
    // 8, 12 × 4, 8, 11..17, 12, 8, 12, 8. Sum 226, mean 11.3. mr 4 × 8, 3, 1 × 6, 5, 4 × 3 = 58 over 19, amr 3.05.
    // Limits 11.3 ± 8.12 = 3.18, 19.42; two-thirds 16.71 (17 alone is near: no 2 of 3). 8, 11, 12, …, 17
    // (indices 8–15) rise: a trend of 8. 12..17 and the 12 after them (indices 10–16) are above the mean: the
    // trend wins where they overlap and the last 12 is a shift.
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 8, 11, 12, 13, 14, 15, 16, 17, 12, 8, 12, 8];
    const result = run(values);
    expectLimits(result, 0, { mean: 11.3, amr: 58 / 19, lpl: 3.18, upl: 19.42 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(20, [8, 15, 'trend-up'], [16, 16, 'shift-above']));
  });
});

describe('computeSpc: ties at the limits', () => {
  it('counts a point exactly on a limit as inside', () => {
    // Fixed after the first 12 (11.5, 8.5 alternating): mean 10, amr 3, upl 10 + 7.98 = 17.98 and lpl the double
    // 10 − 7.98 = 2.0199999999999996, computed in R's order. 17.98 and that lpl are inside; 18 and 2 are not.
    const values = [...BASE_10_3, 17.98, 8.5, 18, 8.5, 2.0199999999999996, 11.5, 2, 11.5];
    const result = run(values, { ...increase, fixAfter: 12 });
    expect(result.segments[0]).toMatchObject({ mean: 10, meanMovingRange: 3, upl: 17.98, lpl: 2.0199999999999996 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(20, [14, 14, 'above-limit'], [18, 18, 'below-limit']),
    );
  });

  it('counts a point exactly on the two-thirds line as not near the limit', () => {
    // Same baseline: the two-thirds lines are 10 ± 2 × (2.66 / 3) × 3 = 15.32 and 4.68 exactly. 15.32, 11, 16:
    // only 16 is near, so no flag; 15.33, 11, 16: both near, all above the mean, both flagged. Below: 4.68, 9, 4
    // is one near point; 4.67, 9, 4 is two.
    const after = [15.32, 11, 16, 8.5, 15.33, 11, 16, 8.5, 4.68, 9, 4, 11.5, 4.67, 9, 4];
    const result = run([...BASE_10_3, ...after], { ...increase, fixAfter: 12 });
    expect(10 + 2 * (2.66 / 3) * 3).toBe(15.32);
    expect(10 - 2 * (2.66 / 3) * 3).toBe(4.68);
    expect(result.points.map((p) => p.specialCause)).toEqual(
      marks(
        27,
        [16, 16, 'two-in-three-above'],
        [18, 18, 'two-in-three-above'],
        [24, 24, 'two-in-three-below'],
        [26, 26, 'two-in-three-below'],
      ),
    );
  });
});

describe('computeSpc: screening, fixing and rebasing', () => {
  // 8, 12 × 6 then 32, 28 × 6: mean 20. mr: 22 of 4 and one of 20 (12 to 32): 108/23 = 4.70.
  const jump = [...BASE_8_12, 32, 28, 32, 28, 32, 28, 32, 28, 32, 28, 32, 28];

  it('screens a moving range at or above 3.267 times the mean moving range', () => {
    // 20 ≥ 3.267 × 4.70 = 15.34 goes; amr 4. Limits 20 ± 10.64 = 9.36, 30.64; two-thirds 12.91, 27.09. The 8s
    // and 32s are outside; the 12s and 28s are near the limits, two in each window of three with an outside point
    // between them.
    const result = run(jump);
    expectLimits(result, 0, { mean: 20, amr: 4, lpl: 9.36, upl: 30.64 });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      jump.map((v) =>
        v === 8 ? 'below-limit' : v === 12 ? 'two-in-three-below' : v === 32 ? 'above-limit' : 'two-in-three-above',
      ),
    );
  });

  it('keeps every moving range when screening is off', () => {
    // amr 108/23 = 4.70. Limits 20 ± 12.49 = 7.51, 32.49; two-thirds 11.67, 28.33. Nothing outside; the 8s and
    // 32s are near (two of three), the 12s and 28s are in runs of 12 on one side of the mean.
    const result = run(jump, { ...increase, screenOutliers: false });
    expectLimits(result, 0, {
      mean: 20,
      amr: 108 / 23,
      lpl: 20 - (2.66 * 108) / 23,
      upl: 20 + (2.66 * 108) / 23,
    });
    expect(result.points.map((p) => p.specialCause)).toEqual(
      jump.map((v) =>
        v === 8 ? 'two-in-three-below' : v === 12 ? 'shift-below' : v === 32 ? 'two-in-three-above' : 'shift-above',
      ),
    );
  });

  it('takes the mean and limits from the first n points with fixAfter', () => {
    // 8, 12 × 6, then 21, 21, 21. Fixed after 12: mean 10, amr 4, upl 20.64, and the 21s are above it.
    const values = [...BASE_8_12, 21, 21, 21];
    const fixed = run(values, { ...increase, fixAfter: 12 });
    expectLimits(fixed, 0, { mean: 10, amr: 4, lpl: -0.64, upl: 20.64 });
    expect(fixed.points.map((p) => p.specialCause)).toEqual(marks(15, [12, 14, 'above-limit']));
    // Not fixed: mean 183/15 = 12.2; mr eleven 4s, 9, 0, 0 = 53/14 = 3.79 (cut 12.4). Limits 12.2 ± 10.07 = 2.13,
    // 22.27; two-thirds 18.91. The 21s are near (three of three); the first 12 points are all below 12.2.
    const moving = run(values);
    expectLimits(moving, 0, { mean: 12.2, amr: 53 / 14, lpl: 12.2 - (2.66 * 53) / 14, upl: 12.2 + (2.66 * 53) / 14 });
    expect(moving.points.map((p) => p.specialCause)).toEqual(
      marks(15, [0, 11, 'shift-below'], [12, 14, 'two-in-three-above']),
    );
    // Fixing after more points than there are is the same as not fixing.
    expect(run(values, { ...increase, fixAfter: 100 })).toEqual(moving);
  });

  it('gives each rebased segment its own mean, limits and runs', () => {
    // Segment 1: 6, 14 × 4, 11, 12, 11, 12. Mean 126/12 = 10.5; mr 8 × 7, 3, 1, 1, 1 = 62/11; limits
    // 10.5 ± 14.99. Segment 2: 31, 32, 31, 32, 26, 34 × 4. Mean 366/12 = 30.5; mr 1, 1, 1, 6, 8 × 7 = 65/11; limits
    // 30.5 ± 15.72. The last 4 of segment 1 are above its mean and the first 4 of segment 2 above its own: 8 in a
    // row, but a run does not cross a rebase, so nothing is flagged.
    const first = [6, 14, 6, 14, 6, 14, 6, 14, 11, 12, 11, 12];
    const second = [31, 32, 31, 32, 26, 34, 26, 34, 26, 34, 26, 34];
    const result = run([...first, ...second], increase, [12]);
    expect(result.segments.map(({ start, end }) => [start, end])).toEqual([
      [0, 11],
      [12, 23],
    ]);
    expectLimits(result, 0, { mean: 10.5, amr: 62 / 11, lpl: 10.5 - (2.66 * 62) / 11, upl: 10.5 + (2.66 * 62) / 11 });
    expectLimits(result, 1, { mean: 30.5, amr: 65 / 11, lpl: 30.5 - (2.66 * 65) / 11, upl: 30.5 + (2.66 * 65) / 11 });
    expect(result.points.map((p) => p.segment)).toEqual([...first.map(() => 0), ...second.map(() => 1)]);
    expect(result.points[12]).toMatchObject({ mean: 30.5, upl: result.segments[1]?.upl });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(24));
    expect(result.warnings).toEqual([]);
    // Without the rebase the mean is 20.5 and the first 12 points all lie below it.
    const whole = run([...first, ...second]);
    expect(whole.segments).toHaveLength(1);
    expect(whole.points[0]?.mean).toBe(20.5);
    expect(whole.points[9]?.specialCause).toBe('shift-below');
  });

  it('does not let a trend run across a rebase', () => {
    // 0, 8 × 5, 1, 2, 3 | 4, 5, 6, 7, 0, 8 × 4. Without the rebase: mean 100/25 = 4, and 1..7 (indices 10–16)
    // rise. With it: segment 1 (mean 46/13, amr 81/12) ends 1, 2, 3; segment 2 (mean 4.5, amr 66/11 = 6) starts
    // 4, 5, 6, 7: neither has 7 rising points.
    const values = [0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 1, 2, 3, 4, 5, 6, 7, 0, 8, 0, 8, 0, 8, 0, 8];
    expect(causes(values)).toEqual(marks(25, [10, 16, 'trend-up']));
    const rebased = run(values, increase, [13]);
    expectLimits(rebased, 0, {
      mean: 46 / 13,
      amr: 81 / 12,
      lpl: 46 / 13 - (2.66 * 81) / 12,
      upl: 46 / 13 + (2.66 * 81) / 12,
    });
    expectLimits(rebased, 1, { mean: 4.5, amr: 6, lpl: 4.5 - 15.96, upl: 4.5 + 15.96 });
    expect(rebased.points.map((p) => p.specialCause)).toEqual(marks(25));
  });

  it('changes nothing for a rebase on the first point', () => {
    const values = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 30];
    expect(run(values, increase, [0])).toEqual(run(values));
  });
});

describe('computeSpc: assurance', () => {
  // 8, 12 × 6: mean 10, amr 4, limits −0.64 and 20.64.
  const assurance = (options: SpcOptions): SpcResult['assurance'] => run(BASE_8_12, options).assurance;

  it('passes consistently when the target lies beyond the limit on the bad side', () => {
    expect(assurance({ improvement: 'increase', target: -1 })).toBe('consistent_pass');
    expect(assurance({ improvement: 'decrease', target: 21 })).toBe('consistent_pass');
  });

  it('fails consistently when the target lies beyond the limit on the good side', () => {
    expect(assurance({ improvement: 'increase', target: 21 })).toBe('consistent_fail');
    expect(assurance({ improvement: 'decrease', target: -1 })).toBe('consistent_fail');
  });

  it('is inconsistent when the target lies between the limits, or on one', () => {
    expect(assurance({ improvement: 'increase', target: 15 })).toBe('inconsistent');
    expect(assurance({ improvement: 'decrease', target: 15 })).toBe('inconsistent');
    expect(assurance({ improvement: 'increase', target: 20.64 })).toBe('inconsistent');
  });

  it('gives no assurance without a target, or for a neutral measure', () => {
    expect(assurance({ improvement: 'increase' })).toBeNull();
    expect(assurance({ improvement: 'increase', target: null })).toBeNull();
    expect(assurance({ improvement: 'neutral', target: 21 })).toBeNull();
  });

  it('compares the target with the last segment', () => {
    // Segment 2 is 28, 32 × 6: mean 30, amr 4, limits 19.36 and 40.64; a target of 15 is below it.
    const result = run(
      [...BASE_8_12, 28, 32, 28, 32, 28, 32, 28, 32, 28, 32, 28, 32],
      { improvement: 'increase', target: 15 },
      [12],
    );
    expectLimits(result, 1, { mean: 30, amr: 4, lpl: 19.36, upl: 40.64 });
    expect(result.assurance).toBe('consistent_pass');
  });

  it('is inconsistent when the last segment has no limits', () => {
    expect(run([5], { improvement: 'increase', target: 100 }).assurance).toBe('inconsistent');
  });
});

describe('computeSpc: small, flat and unordered series', () => {
  it('gives one point a mean but no limits, and warns', () => {
    const result = run([5], { improvement: 'increase' });
    expect(result.points).toEqual([
      { date: START, value: 5, mean: 5, lpl: null, upl: null, specialCause: null, type: 'common_cause', segment: 0 },
    ]);
    expect(result.segments).toEqual([{ start: 0, end: 0, mean: 5, lpl: null, upl: null, meanMovingRange: null }]);
    expect(result.warnings).toEqual(['Only 1 point: the limits are unreliable until there are 12.']);
  });

  it('gives a constant series no limits when screening, and limits on the mean when not', () => {
    // Every mr is 0, amr 0; screening keeps only mr < 0, so none is left and amr is NaN (no limits). Unscreened,
    // the limits are the mean itself and no point is beyond it.
    const values = Array.from({ length: 12 }, () => 5);
    const screened = run(values);
    expect(screened.segments[0]).toMatchObject({ mean: 5, lpl: null, upl: null, meanMovingRange: null });
    expect(screened.points.every((p) => p.specialCause === null)).toBe(true);
    const unscreened = run(values, { ...increase, screenOutliers: false });
    expect(unscreened.segments[0]).toMatchObject({ mean: 5, lpl: 5, upl: 5, meanMovingRange: 0 });
    expect(unscreened.points.every((p) => p.specialCause === null)).toBe(true);
  });

  it('takes points in date order whatever order they come in', () => {
    const values = [12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 20, 12, 20, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12];
    const points = series(values);
    const shuffled = [...points.filter((_, i) => i % 3 === 0).reverse(), ...points.filter((_, i) => i % 3 !== 0)];
    const result = computeSpc(shuffled, increase);
    expect(result).toEqual(run(values));
    expect(result.points.map((p) => p.date)).toEqual(points.map((p) => p.date));
  });

  it('warns of each segment with fewer than 12 points', () => {
    expect(run(BASE_8_12).warnings).toEqual([]);
    expect(run(BASE_8_12.slice(0, 9)).warnings).toEqual([
      'Only 9 points: the limits are unreliable until there are 12.',
    ]);
    const result = run([...BASE_8_12, ...BASE_8_12.slice(0, 9), 10, 11], increase, [12, 21]);
    expect(result.warnings).toEqual([
      `Segment 2 (from ${addDays(START, 7 * 12)}) has 9 points: its limits are unreliable until it has 12.`,
      `Segment 3 (from ${addDays(START, 7 * 21)}) has 2 points: its limits are unreliable until it has 12.`,
    ]);
  });

  it('refuses a fixAfter that is not a positive whole number', () => {
    expect(() => run(BASE_8_12, { ...increase, fixAfter: 0 })).toThrow(RangeError);
    expect(() => run(BASE_8_12, { ...increase, fixAfter: 2.5 })).toThrow(RangeError);
  });
});

describe('computeSpc: the direction of a trend point', () => {
  it('gives the last point of an up-trend followed by a repeat and a down-trend the direction up', () => {
    // 0, 80, 0, 80, 10..70, 70..10, 80, 0, 80, 0. Sum 840, mean 40. mr 80 × 3, 70, 10 × 6, 0, 10 × 6, 70,
    // 80 × 3 = 740 over 21, amr 35.24 (cut 115). Limits 40 ± 93.73; two-thirds 40 ± 62.49: nothing near. 10..70
    // (indices 4–10) rise and 70..10 (indices 11–17) fall. R takes index 10's direction from the next step, the
    // repeat (sign 0), and calls it decreasing; it belongs to the up-trend only.
    const values = [0, 80, 0, 80, 10, 20, 30, 40, 50, 60, 70, 70, 60, 50, 40, 30, 20, 10, 80, 0, 80, 0];
    const result = run(values);
    expectLimits(result, 0, { mean: 40, amr: 740 / 21, lpl: 40 - (2.66 * 740) / 21, upl: 40 + (2.66 * 740) / 21 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(22, [4, 10, 'trend-up'], [11, 17, 'trend-down']));
  });

  it('gives the peak shared by an up-trend and a down-trend the later direction, as R does', () => {
    // 0, 80, 0, 80, 10..70..10, 80, 0, 80, 0. Mean 810/21 = 38.57; amr 740/20 = 37. 70 (index 10) ends the rise
    // and starts the fall: trend-down.
    const values = [0, 80, 0, 80, 10, 20, 30, 40, 50, 60, 70, 60, 50, 40, 30, 20, 10, 80, 0, 80, 0];
    const result = run(values);
    expectLimits(result, 0, { mean: 810 / 21, amr: 37, lpl: 810 / 21 - 2.66 * 37, upl: 810 / 21 + 2.66 * 37 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(21, [4, 9, 'trend-up'], [10, 16, 'trend-down']));
  });

  it('keeps two up-trends separated by a repeat both up', () => {
    // 0, 80, 0, 80, 10..70, 70..130, 0, 80, 0, 80. Mean 1300/22 = 59.09. mr sum 800 over 21 = 38.1; 130 ≥ 124.5
    // is screened; amr 670/20 = 33.5. Limits 59.09 ± 89.11 = −30.02, 148.2; two-thirds 118.5: 120 and 130 are near
    // (2 of 3) but in the trend. R would call index 10 decreasing.
    const values = [0, 80, 0, 80, 10, 20, 30, 40, 50, 60, 70, 70, 80, 90, 100, 110, 120, 130, 0, 80, 0, 80];
    const result = run(values);
    expectLimits(result, 0, { mean: 650 / 11, amr: 33.5, lpl: 650 / 11 - 2.66 * 33.5, upl: 650 / 11 + 2.66 * 33.5 });
    expect(result.points.map((p) => p.specialCause)).toEqual(marks(22, [4, 17, 'trend-up']));
  });
});

describe("computeSpc: checks ported from NHSRplotthedots's own tests", () => {
  // tests/testthat: set.seed(123); y = rnorm(20), printed to 8 decimals in the snapshots.
  const rnorm = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285,
    -0.44566197, 1.2240818, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
    0.7013559, -0.47279151,
  ];
  const dated = (values: readonly number[]): SpcPointInput[] =>
    values.map((value, i) => ({ date: addDays('2020-01-02', i), value }));

  it('matches the ptd_spc_standard snapshots, screened and not', () => {
    const plain = computeSpc(dated(rnorm), increase);
    expect(plain.segments[0]?.mean).toBeCloseTo(0.1416238, 7);
    expect(plain.segments[0]?.lpl).toBeCloseTo(-3.01138, 5);
    expect(plain.segments[0]?.upl).toBeCloseTo(3.294627, 6);
    expect(plain.points.every((p) => p.type === 'common_cause')).toBe(true);
    // data$y[15] <- 10
    const spiked = rnorm.map((value, i) => (i === 14 ? 10 : value));
    const screened = computeSpc(dated(spiked), increase).segments[0];
    expect(screened?.mean).toBeCloseTo(0.6694159, 6);
    expect(screened?.lpl).toBeCloseTo(-2.383666, 6);
    expect(screened?.upl).toBeCloseTo(3.722497, 6);
    const unscreened = computeSpc(dated(spiked), { ...increase, screenOutliers: false }).segments[0];
    expect(unscreened?.lpl).toBeCloseTo(-4.596625, 6);
    expect(unscreened?.upl).toBeCloseTo(5.935457, 6);
  });

  it('matches the summary of the series split in two halves', () => {
    const points = dated(rnorm).map((point, i) => (i === 10 ? { ...point, rebase: true } : point));
    const [first, second] = computeSpc(points, increase).segments;
    expect(first?.mean).toBeCloseTo(0.0746, 4);
    expect(first?.lpl).toBeCloseTo(-2.6, 2);
    expect(first?.upl).toBeCloseTo(2.75, 2);
    expect(second?.mean).toBeCloseTo(0.209, 3);
    expect(second?.lpl).toBeCloseTo(-3.28, 2);
    expect(second?.upl).toBeCloseTo(3.7, 2);
  });

  it('does not flag 2 successive points near opposite limits', () => {
    // 1, −1 × 8 with the last two 5.5 and −5.5: mean 0; mr 2 × 13, 6.5, 11; 11 screened; amr 32.5/14; limits
    // ±6.175; both last points are near a limit, on opposite sides of the mean.
    const values = Array.from({ length: 16 }, (_, i) => (i === 14 ? 5.5 : i === 15 ? -5.5 : i % 2 === 0 ? 1 : -1));
    const result = computeSpc(dated(values), increase);
    expect(result.segments[0]?.upl).toBeCloseTo(6.175, 10);
    expect(result.points.slice(-2).map((p) => p.type)).toEqual(['common_cause', 'common_cause']);
  });

  // The rule helpers' examples, as points after the baseline 11.5, 8.5 × 6 (fixed: mean 10, limits 2.02 and
  // 17.98, two-thirds 4.68 and 15.32). Near a limit is 16; above the mean but not near is 12 (or 11).
  const after = (values: readonly number[]): (SpecialCause | null)[] =>
    causes([...BASE_10_3, ...values], { ...increase, fixAfter: 12 }).slice(12);

  it('ptd_seven_point_trend: c(2, 1:7, 3), c(2, 7:1, 3) and c(1:3, 3:6)', () => {
    expect(after([8, 7, 8, 9, 10, 11, 12, 13, 9])).toEqual([null, ...marks(7, [0, 6, 'trend-up']), null]);
    expect(after([8, 13, 12, 11, 10, 9, 8, 7, 9])).toEqual([null, ...marks(7, [0, 6, 'trend-down']), null]);
    expect(after([7, 8, 9, 9, 10, 11, 12])).toEqual(marks(7));
  });

  it('ptd_seven_point_one_side_mean: c(rep(1, 8), -1) and c(rep(1, 6), -1)', () => {
    expect(after([11, 12, 11, 12, 11, 12, 11, 12, 9])).toEqual(marks(9, [0, 7, 'shift-above']));
    expect(after([11, 12, 11, 12, 11, 12, 9])).toEqual(marks(7));
  });

  it('ptd_part_of_two_in_three: c(1, 0, 1), c(0, 1, 1), c(1, 0, 0, 1) and c(1, 0, 0, 1, 1)', () => {
    expect(after([16, 12, 16, 8.5])).toEqual(marks(4, [0, 0, 'two-in-three-above'], [2, 2, 'two-in-three-above']));
    expect(after([12, 16, 16, 8.5])).toEqual(marks(4, [1, 2, 'two-in-three-above']));
    expect(after([16, 12, 12, 16, 8.5])).toEqual(marks(5));
    expect(after([16, 12, 12, 16, 16, 8.5])).toEqual(marks(6, [3, 4, 'two-in-three-above']));
    // Opposite sides: close c(1, 0, 1) with relative_to_mean c(1, −1, 1).
    expect(after([16, 9, 16, 8.5])).toEqual(marks(4));
  });
});

describe('rMean', () => {
  it('is the exact mean rounded once, as R gives it', () => {
    expect(rMean([0.1, 0.2])).toBe(0.15000000000000002);
    expect(rMean([1, 2, 4])).toBe(7 / 3);
    // Summed in doubles, 1e16, 1, 1 and −1e16 lose the ones.
    expect(rMean([1e16, 1, 1, -1e16])).toBe(0.5);
    expect(rMean([1.7976931348623157e308, 1.7976931348623157e308])).toBe(1.7976931348623157e308);
    expect(rMean([])).toBeNaN();
  });
});

describe('pointTypeOf', () => {
  it('reads high causes as improvement when increase is better, and the reverse', () => {
    expect(pointTypeOf('trend-up', 'increase')).toBe('special_cause_improvement');
    expect(pointTypeOf('trend-up', 'decrease')).toBe('special_cause_concern');
    expect(pointTypeOf('two-in-three-below', 'increase')).toBe('special_cause_concern');
    expect(pointTypeOf('shift-below', 'decrease')).toBe('special_cause_improvement');
    expect(pointTypeOf('shift-below', 'neutral')).toBe('special_cause_neutral_low');
    expect(pointTypeOf(null, 'neutral')).toBe('common_cause');
  });
});

describe('computeSpc: properties', () => {
  const values = fc.array(
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000),
    {
      minLength: 1,
      maxLength: 40,
    },
  );
  const options = fc.record({
    improvement: fc.constantFrom('increase' as const, 'decrease' as const, 'neutral' as const),
    fixAfter: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    screenOutliers: fc.boolean(),
    target: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
  });
  const rebases = fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 3 });

  /** No value within a hair of its segment's mean, limits or two-thirds lines (where rounding could tip a flag). */
  function clearOfLines(result: SpcResult): boolean {
    return result.points.every((point) => {
      const segment = result.segments[point.segment];
      if (segment === undefined) return false;
      const amr = segment.meanMovingRange ?? 0;
      const lines = [0, 2.66, -2.66, 2 * (2.66 / 3), -2 * (2.66 / 3)].map((k) => segment.mean + k * amr);
      return lines.every((line) => Math.abs(point.value - line) > 1e-6);
    });
  }

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(values, options, rebases, fc.integer(), (ys, opts, at, seed) => {
        const points = series(ys, at);
        const shuffled = points
          .map((point, i) => ({ point, key: (i * 7919 + seed) % 104729 }))
          .sort((a, b) => a.key - b.key)
          .map(({ point }) => point);
        expect(computeSpc(shuffled, opts)).toEqual(computeSpc(points, opts));
      }),
    );
  });

  it('moves the mean and limits with a constant added, and keeps the flags', () => {
    fc.assert(
      fc.property(values, options, rebases, fc.integer({ min: -1000, max: 1000 }), (ys, opts, at, shift) => {
        const before = computeSpc(series(ys, at), opts);
        fc.pre(clearOfLines(before));
        const after = computeSpc(
          series(
            ys.map((y) => y + shift),
            at,
          ),
          opts,
        );
        after.points.forEach((point, i) => {
          const old = before.points[i];
          expect(point.specialCause).toBe(old?.specialCause);
          expect(point.mean).toBeCloseTo((old?.mean ?? 0) + shift, 6);
          if (old?.upl === null) expect(point.upl).toBeNull();
          else expect(point.upl).toBeCloseTo((old?.upl ?? 0) + shift, 6);
        });
      }),
    );
  });

  it('scales exactly with a power-of-two factor, keeping the flags', () => {
    // Multiplying by a power of two is exact in floating point, so every number scales exactly and no comparison
    // can tip; other positive factors scale the same but may round a tie at a line either way.
    fc.assert(
      fc.property(values, options, rebases, fc.constantFrom(0.25, 0.5, 2, 4, 1024), (ys, opts, at, factor) => {
        const before = computeSpc(series(ys, at), { ...opts, target: undefined });
        const after = computeSpc(
          series(
            ys.map((y) => y * factor),
            at,
          ),
          { ...opts, target: undefined },
        );
        after.points.forEach((point, i) => {
          const old = before.points[i];
          expect(point.specialCause).toBe(old?.specialCause);
          expect(point.mean).toBe((old?.mean ?? Number.NaN) * factor);
          expect(point.lpl).toBe(old?.lpl === null || old === undefined ? null : old.lpl * factor);
          expect(point.upl).toBe(old?.upl === null || old === undefined ? null : old.upl * factor);
        });
      }),
    );
  });

  it('swaps improvement and concern, and consistent pass and fail, when the better direction flips', () => {
    const swap: Record<string, string> = {
      special_cause_improvement: 'special_cause_concern',
      special_cause_concern: 'special_cause_improvement',
      common_cause: 'common_cause',
      consistent_pass: 'consistent_fail',
      consistent_fail: 'consistent_pass',
      inconsistent: 'inconsistent',
    };
    fc.assert(
      fc.property(values, options, rebases, (ys, opts, at) => {
        const up = computeSpc(series(ys, at), { ...opts, improvement: 'increase' });
        const down = computeSpc(series(ys, at), { ...opts, improvement: 'decrease' });
        expect(down.points.map((p) => p.type)).toEqual(up.points.map((p) => swap[p.type]));
        expect(down.points.map((p) => p.specialCause)).toEqual(up.points.map((p) => p.specialCause));
        expect(down.assurance).toBe(up.assurance === null ? null : swap[up.assurance]);
      }),
    );
  });

  it('calls a point common cause exactly when no rule flags it, and keeps lpl ≤ mean ≤ upl', () => {
    fc.assert(
      fc.property(values, options, rebases, (ys, opts, at) => {
        const result = computeSpc(series(ys, at), opts);
        expect(result.points).toHaveLength(ys.length);
        for (const point of result.points) {
          expect(point.type === 'common_cause').toBe(point.specialCause === null);
          expect(point.lpl === null).toBe(point.upl === null);
          if (point.lpl !== null && point.upl !== null) {
            expect(point.lpl).toBeLessThanOrEqual(point.mean);
            expect(point.mean).toBeLessThanOrEqual(point.upl);
            const outside = point.value > point.upl || point.value < point.lpl;
            expect(outside).toBe(point.specialCause === 'above-limit' || point.specialCause === 'below-limit');
          } else {
            expect(point.specialCause === 'above-limit' || point.specialCause === 'below-limit').toBe(false);
          }
        }
        const short = result.segments.filter((s) => s.end - s.start + 1 < 12).length;
        expect(result.warnings).toHaveLength(short);
      }),
    );
  });
});
