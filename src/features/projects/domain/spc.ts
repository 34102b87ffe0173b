/**
 * Statistical process control: an XmR chart computed as NHS-R's NHSRplotthedots computes it (the "Making Data Count"
 * method), so that a chart here and one drawn with that package agree point for point. The reference is its R source:
 * R/ptd_spc_standard.R (mean, moving ranges, screening, limits), R/ptd_calculate_point_type.R (the special-cause
 * rules and their precedence) and R/ptd_calculate_assurance_type.R (assurance against a target). The arithmetic keeps
 * R's order of floating-point operations, so that a value lying exactly on a limit or on the two-thirds line falls
 * on the same side here as there.
 *
 * One deliberate difference from the R code, in the direction of a trend point: see `trendDirections`.
 */
import type {
  Assurance,
  Improvement,
  PointType,
  SpcOptions,
  SpcPoint,
  SpcPointInput,
  SpcResult,
  SpcSegment,
  SpecialCause,
} from './spc-types.ts';

/** Process limits lie this many mean moving ranges from the mean (3 / d2, d2 = 1.128, rounded as NHS-R rounds it). */
const LIMIT = 2.66;
/** Two thirds of the way to a limit, computed as R computes `limitclose <- 2 * (limit / 3)`. */
const LIMIT_CLOSE = 2 * (LIMIT / 3);
/** Moving ranges at or above this many mean moving ranges are screened out (3.267 = D4 for n = 2). */
const SCREEN = 3.267;
/** The points a trend or a shift needs. */
const RUN = 7;
/** A segment with fewer points than this gets a warning that its limits are unreliable. */
const RELIABLE_POINTS = 12;

/** A finite double as an exact integer times a power of two. */
function exactParts(value: number): { integer: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  if (biased !== 0) mantissa |= 1n << 52n;
  const integer = high >>> 31 === 1 ? -mantissa : mantissa;
  return { integer, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

const bitLength = (value: bigint): number => value.toString(2).length;

/**
 * The mean as R's `mean()` takes it, to the last bit. R (src/main/summary.c) sums in long double, divides by n,
 * then adds the mean of the residuals, also in long double, and rounds once to a double at the end: the exact mean
 * correctly rounded, unless the exact mean lies within about 2⁻⁶⁴ of halfway between two doubles or the values cancel
 * so much that long double loses the small ones (1e20, 1, −1e20, whose mean R gives as 0). So this computes
 * the exact mean (every double is an integer times a power of two, so their sum is exact in BigInt) and rounds it
 * once. A compensated sum in doubles followed by R's residual step in doubles is not enough: on random series it
 * differed from R's result in the last bit about one time in five, where this agreed every time.
 * NaN for no values, as `mean(numeric(0))` is; a non-finite value gives the plain sum's Infinity or NaN.
 */
export function rMean(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  if (!values.every(Number.isFinite)) return values.reduce((sum, value) => sum + value, 0) / n;
  const parts = values.map(exactParts);
  const lowest = Math.min(...parts.map((part) => part.exponent));
  const sum = parts.reduce((total, part) => total + (part.integer << BigInt(part.exponent - lowest)), 0n);
  if (sum === 0n) return 0;
  // |mean| = |sum| / n × 2^lowest. Take a quotient of about 66 bits, keep any remainder as a sticky low bit so that
  // converting it to a Number (which rounds to nearest, ties to even) rounds as the exact quotient would, then scale
  // by powers of two, which is exact unless the mean is subnormal.
  const magnitude = sum < 0n ? -sum : sum;
  const count = BigInt(n);
  const shift = 66 + bitLength(count) - bitLength(magnitude);
  const numerator = shift >= 0 ? magnitude << BigInt(shift) : magnitude;
  const denominator = shift >= 0 ? count : count << BigInt(-shift);
  let quotient = numerator / denominator;
  if (numerator % denominator !== 0n) quotient |= 1n;
  let mean = Number(quotient);
  let exponent = lowest - shift;
  for (; exponent > 1000; exponent -= 1000) mean *= 2 ** 1000;
  for (; exponent < -1000; exponent += 1000) mean *= 2 ** -1000;
  mean *= 2 ** exponent;
  return sum < 0n ? -mean : mean;
}

interface SegmentLimits {
  mean: number;
  /** NaN when there is no moving range (one fixed point, or every moving range screened out). */
  meanMovingRange: number;
  lpl: number;
  upl: number;
  nlpl: number;
  nupl: number;
}

/** ptd_spc_standard for one segment's values (in date order). */
function segmentLimits(values: readonly number[], fixAfter: number | null, screen: boolean): SegmentLimits {
  const fixed = fixAfter === null ? values : values.slice(0, fixAfter);
  const mean = rMean(fixed);
  let movingRanges = fixed.slice(1).map((value, i) => Math.abs(value - (fixed[i] ?? value)));
  let meanMovingRange = rMean(movingRanges);
  if (screen) {
    // R keeps a moving range only where `mr < 3.267 * amr`: one at or above the cut-off goes, and so does every one
    // when amr is 0 (a constant series), which leaves amr NaN and the segment without limits.
    const cutOff = SCREEN * meanMovingRange;
    movingRanges = movingRanges.filter((range) => range < cutOff);
    meanMovingRange = rMean(movingRanges);
  }
  return {
    mean,
    meanMovingRange,
    lpl: mean - LIMIT * meanMovingRange,
    upl: mean + LIMIT * meanMovingRange,
    nlpl: mean - LIMIT_CLOSE * meanMovingRange,
    nupl: mean + LIMIT_CLOSE * meanMovingRange,
  };
}

/** −1, 0 or 1 for each point: the direction of every difference in a run of 7 points ending there, else 0. */
function trendEnds(values: readonly number[]): number[] {
  return values.map((_, end) => {
    if (end < RUN - 1) return 0;
    let up = true;
    let down = true;
    for (let i = end - RUN + 2; i <= end; i += 1) {
      const step = (values[i] ?? 0) - (values[i - 1] ?? 0);
      if (!(step > 0)) up = false;
      if (!(step < 0)) down = false;
    }
    return up ? 1 : down ? -1 : 0;
  });
}

/**
 * For each point, the direction of the 7-point trend it is part of (1 up, −1 down), or 0.
 *
 * R marks a point as part of a trend when one of the windows ending on it or on any of the next 6 points is a trend
 * (ptd_part_of_seven_trend); so do we. For the direction R then takes the sign of the next difference when the next
 * point is part of a trend too, else of the previous one. That is wrong where a repeated value sits between an
 * up-trend and a down-trend (…, 5, 6, 6, 5, …), or between two up-trends: the last point of the first trend takes
 * the sign of the repeat, 0, and R calls it decreasing. Here a point's direction is that of the trend it belongs to. A point can belong to two
 * trends only as the peak or trough they share; then, as in R, it takes the later trend. Taking the window that ends
 * latest among those containing the point does both: all windows holding the point and the next one share that
 * step's direction, and the windows ending on the point alone share the previous step's.
 */
function trendDirections(values: readonly number[]): number[] {
  const ends = trendEnds(values);
  return values.map((_, i) => {
    for (let end = Math.min(i + RUN - 1, values.length - 1); end >= i; end -= 1) {
      const direction = ends[end] ?? 0;
      if (direction !== 0) return direction;
    }
    return 0;
  });
}

/** For each point, whether it is part of a run of 7 points on the same side of the mean (0 on the mean breaks it). */
function partOfShift(sides: readonly number[]): boolean[] {
  const ends = sides.map((side, end) => {
    if (end < RUN - 1 || side === 0) return false;
    for (let i = end - RUN + 1; i < end; i += 1) if (sides[i] !== side) return false;
    return true;
  });
  return sides.map((_, i) => ends.slice(i, i + RUN).some(Boolean));
}

/**
 * For each point, whether it is flagged by the 2-in-3 rule: it is close to a limit itself and lies in a window of 3
 * consecutive points of its segment with at least 2 close to a limit, all 3 strictly on the same side of the mean.
 */
function partOfTwoInThree(close: readonly boolean[], sides: readonly number[]): boolean[] {
  const windowQualifies = (start: number): boolean => {
    if (start < 0 || start + 3 > close.length) return false;
    const closeCount = close.slice(start, start + 3).filter(Boolean).length;
    const sideSum = (sides[start] ?? 0) + (sides[start + 1] ?? 0) + (sides[start + 2] ?? 0);
    return closeCount >= 2 && Math.abs(sideSum) === 3;
  };
  return close.map((isClose, i) => isClose && (windowQualifies(i - 2) || windowQualifies(i - 1) || windowQualifies(i)));
}

/** ptd_special_cause_type for one segment: the first rule that flags each point, in order of precedence. */
function segmentSpecialCauses(values: readonly number[], limits: SegmentLimits): (SpecialCause | null)[] {
  const hasLimits = !Number.isNaN(limits.meanMovingRange);
  const outside = values.map((y) => hasLimits && (y > limits.upl || y < limits.lpl));
  const sides = values.map((y) => Math.sign(y - limits.mean));
  const close = values.map((y, i) => hasLimits && !outside[i] && (y < limits.nlpl || y > limits.nupl));
  const trends = trendDirections(values);
  const twoInThree = partOfTwoInThree(close, sides);
  const shift = partOfShift(sides);
  return values.map((_, i) => {
    const above = (sides[i] ?? 0) > 0;
    if (outside[i] === true) return above ? 'above-limit' : 'below-limit';
    if (trends[i] !== 0) return trends[i] === 1 ? 'trend-up' : 'trend-down';
    if (twoInThree[i] === true) return above ? 'two-in-three-above' : 'two-in-three-below';
    if (shift[i] === true) return above ? 'shift-above' : 'shift-below';
    return null;
  });
}

const HIGH_CAUSES: ReadonlySet<SpecialCause> = new Set([
  'above-limit',
  'trend-up',
  'two-in-three-above',
  'shift-above',
]);

/** ptd_point_type: what a special cause means for a measure whose improvement lies in a given direction. */
export function pointTypeOf(cause: SpecialCause | null, improvement: Improvement): PointType {
  if (cause === null) return 'common_cause';
  const high = HIGH_CAUSES.has(cause);
  if (improvement === 'neutral') return high ? 'special_cause_neutral_high' : 'special_cause_neutral_low';
  return high === (improvement === 'increase') ? 'special_cause_improvement' : 'special_cause_concern';
}

/** ptd_calculate_assurance_type: the target against the last point's limits. */
function assuranceOf(last: SpcPoint | undefined, options: SpcOptions): Assurance | null {
  const target = options.target ?? null;
  if (target === null || options.improvement === 'neutral' || last === undefined) return null;
  const increase = options.improvement === 'increase';
  if (last.upl !== null && target > last.upl) return increase ? 'consistent_fail' : 'consistent_pass';
  if (last.lpl !== null && target < last.lpl) return increase ? 'consistent_pass' : 'consistent_fail';
  return 'inconsistent';
}

const pointsPhrase = (count: number): string => `${String(count)} point${count === 1 ? '' : 's'}`;

function shortSegmentWarnings(points: readonly SpcPoint[], segments: readonly SpcSegment[]): string[] {
  const short = segments
    .map((segment, index) => ({ index, count: segment.end - segment.start + 1, from: points[segment.start]?.date }))
    .filter(({ count }) => count < RELIABLE_POINTS);
  if (segments.length === 1) {
    return short.map(
      ({ count }) =>
        `Only ${pointsPhrase(count)}: the limits are unreliable until there are ${String(RELIABLE_POINTS)}.`,
    );
  }
  return short.map(
    ({ index, count, from }) =>
      `Segment ${String(index + 1)} (from ${from ?? ''}) has ${pointsPhrase(count)}: ` +
      `its limits are unreliable until it has ${String(RELIABLE_POINTS)}.`,
  );
}

/**
 * The XmR chart of a series: points in date order, each with its segment's mean and limits and the special cause
 * (if any) that flags it, the segments, the assurance against a target, and warnings for people.
 *
 * Dates are ISO days and should be unique (spc-input.ts checks); points sharing a date keep their given order.
 * A point with `rebase` starts a new segment (on the first point it changes nothing). `fixAfter` must be a positive
 * whole number when given; it may exceed a segment's length.
 */
export function computeSpc(points: readonly SpcPointInput[], options: SpcOptions): SpcResult {
  const fixAfter = options.fixAfter ?? null;
  if (fixAfter !== null && !(Number.isInteger(fixAfter) && fixAfter >= 1)) {
    throw new RangeError(`fixAfter must be a positive whole number, not ${String(fixAfter)}`);
  }
  const screen = options.screenOutliers ?? true;
  const sorted = [...points].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const ranges: { start: number; end: number }[] = [];
  sorted.forEach((point, i) => {
    const current = ranges.at(-1);
    if (current === undefined || point.rebase === true) ranges.push({ start: i, end: i });
    else current.end = i;
  });

  const segments: SpcSegment[] = [];
  const result: SpcPoint[] = [];
  ranges.forEach(({ start, end }, segment) => {
    const values = sorted.slice(start, end + 1).map((point) => point.value);
    const limits = segmentLimits(values, fixAfter, screen);
    const hasLimits = !Number.isNaN(limits.meanMovingRange);
    const lpl = hasLimits ? limits.lpl : null;
    const upl = hasLimits ? limits.upl : null;
    segments.push({
      start,
      end,
      mean: limits.mean,
      lpl,
      upl,
      meanMovingRange: hasLimits ? limits.meanMovingRange : null,
    });
    segmentSpecialCauses(values, limits).forEach((specialCause, i) => {
      const point = sorted[start + i];
      if (point === undefined) return;
      result.push({
        date: point.date,
        value: point.value,
        mean: limits.mean,
        lpl,
        upl,
        specialCause,
        type: pointTypeOf(specialCause, options.improvement),
        segment,
      });
    });
  });

  return {
    points: result,
    segments,
    assurance: assuranceOf(result.at(-1), options),
    warnings: shortSegmentWarnings(result, segments),
  };
}
