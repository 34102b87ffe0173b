/**
 * The XmR chart of a measure as a standalone SVG, drawn on the server so it shows without JavaScript and can be
 * downloaded as it is or as a PNG; the same result also gives the rows of the data table every chart has beside it
 * (DESIGN.md: "always with a data table"). Pure: the same result and meta give the same bytes, so ids come from the
 * caller's prefix and nothing depends on the clock or the locale of the machine.
 *
 * Colour is never the only cue: each kind of point has its own marker shape (circle for common cause, triangle up
 * for improvement, triangle down for concern, diamond for neither), the legend names them, and the <desc> and the
 * table say in words what the chart shows.
 */

import { dayNumber, nhsDate, toDay } from '../../../shared/dates.ts';
import {
  escapeXml,
  textWidth,
  fitText,
  wrapText,
  decimalsOf,
  formatNumber,
  formatValue,
  withUnit,
  niceTicks,
  shortDate,
  dateTicks,
} from './spc-axes.ts';
import { SPC_COLOURS, SPC_OUTLINES, type Variation } from './spc-icons.ts';
import type { Improvement, PointType, SpcPoint, SpcResult, SpecialCause } from './spc-types.ts';

export interface SpcChartMeta {
  title: string;
  unit: string;
  improvement: Improvement;
  target?: number | null;
  /** The SVG's size in pixels (720 × 400 unless given); the drawing scales with its viewBox. */
  width?: number;
  height?: number;
  /** Prefix of the ids inside the SVG, unique on the page when a page shows several charts ("spc" unless given). */
  idPrefix?: string;
}

/** Arial where the reader has it; Roboto is the font the PNG renderer ships with (platform/images/png.ts). */
export const CHART_FONT_FAMILY = 'Arial, Helvetica, Roboto, sans-serif';

const TEXT = '#212b32';
const SECONDARY_TEXT = '#4c6272';
const AXIS = '#4c6272';
const GRID = '#e8edee';
const DATA_LINE = '#768692';
const MEAN_LINE = '#231f20';
const LIMIT_LINE = '#231f20';
const TARGET_LINE = '#d5281b';
const REBASE_LINE = '#425563';

const SPECIAL_CAUSE_TEXT: Record<SpecialCause, string> = {
  'above-limit': 'Above the upper limit',
  'below-limit': 'Below the lower limit',
  'trend-up': 'Part of a run of 7 or more rising points',
  'trend-down': 'Part of a run of 7 or more falling points',
  'two-in-three-above': '2 of 3 points near the upper limit',
  'two-in-three-below': '2 of 3 points near the lower limit',
  'shift-above': 'Part of 7 or more points in a row above the mean',
  'shift-below': 'Part of 7 or more points in a row below the mean',
};

export const POINT_TYPE_TEXT: Record<PointType, string> = {
  common_cause: 'Common cause',
  special_cause_improvement: 'Special cause improvement',
  special_cause_concern: 'Special cause concern',
  special_cause_neutral_high: 'Special cause, higher (neither improvement nor concern)',
  special_cause_neutral_low: 'Special cause, lower (neither improvement nor concern)',
};

/** Column headings of the data table, in the order of `SpcTableRow.cells`. */
export const SPC_TABLE_HEADINGS = [
  'Date',
  'Value',
  'Mean',
  'Lower process limit',
  'Upper process limit',
  'Special cause',
  'Variation',
] as const;

export interface SpcTableRow {
  /** ISO day, for sorting and links. */
  date: string;
  /** "6 January 2025". */
  dateLabel: string;
  value: string;
  mean: string;
  /** "—" where the segment has no limits. */
  lowerLimit: string;
  upperLimit: string;
  specialCause: string;
  variation: string;
  /** The first point of a recalculated segment (not of the first segment). */
  rebase: boolean;
  /** The cells in the order of SPC_TABLE_HEADINGS. */
  cells: string[];
}

/** Decimals for means and limits: one more than the data's own (at most 4), so they do not pretend to precision. */
function statisticDecimals(points: SpcPoint[]): number {
  let decimals = 0;
  for (const point of points) decimals = Math.max(decimals, decimalsOf(Number(point.value.toFixed(6))));
  return Math.min(4, decimals + 1);
}

/** The rows of the data table every chart has beside it: numbers with their unit, special causes in words. */
export function spcTableRows(result: SpcResult, unit: string): SpcTableRow[] {
  const decimals = statisticDecimals(result.points);
  const statistic = (value: number | null): string =>
    value === null ? '—' : withUnit(formatNumber(value, decimals), unit);
  return result.points.map((point, index) => {
    const row = {
      date: point.date,
      dateLabel: nhsDate(point.date),
      value: withUnit(formatValue(point.value), unit),
      mean: statistic(point.mean),
      lowerLimit: statistic(point.lpl),
      upperLimit: statistic(point.upl),
      specialCause: point.specialCause === null ? '—' : SPECIAL_CAUSE_TEXT[point.specialCause],
      variation: POINT_TYPE_TEXT[point.type],
      rebase: index > 0 && point.segment !== result.points[index - 1]?.segment,
    };
    return {
      ...row,
      cells: [row.dateLabel, row.value, row.mean, row.lowerLimit, row.upperLimit, row.specialCause, row.variation],
    };
  });
}

const HIGH_CAUSES: ReadonlySet<SpecialCause> = new Set([
  'above-limit',
  'trend-up',
  'two-in-three-above',
  'shift-above',
]);

/**
 * The variation of the latest point, for its icon: improvement or concern, higher or lower; null with no points.
 * Higher or lower comes from the rule that flagged the point, or else from which direction is better.
 */
export function variationSummary(result: SpcResult, improvement: Improvement): Variation | null {
  const point = result.points.at(-1);
  if (point === undefined) return null;
  if (point.type === 'common_cause') return 'common_cause';
  if (point.type === 'special_cause_neutral_high') return 'neutral_high';
  if (point.type === 'special_cause_neutral_low') return 'neutral_low';
  const improving = point.type === 'special_cause_improvement';
  const high =
    point.specialCause === null ? improving === (improvement !== 'decrease') : HIGH_CAUSES.has(point.specialCause);
  if (improving) return high ? 'improvement_high' : 'improvement_low';
  return high ? 'concern_high' : 'concern_low';
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** One sentence saying what the chart shows, for its <desc>. */
export function chartSummary(result: SpcResult, meta: Pick<SpcChartMeta, 'unit' | 'target'>): string {
  const { points, segments } = result;
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return 'No data points yet.';
  const parts: string[] = [];
  parts.push(
    points.length === 1
      ? `1 point on ${shortDate(first.date)}`
      : `${plural(points.length, 'point', 'points')} from ${shortDate(first.date)} to ${shortDate(last.date)}`,
  );
  const decimals = statisticDecimals(points);
  // In a sentence the mean reads best without the table's trailing zeros: "mean 12.5 kg", not "12.50 kg".
  const mean = withUnit(formatValue(Number(last.mean.toFixed(decimals))), meta.unit);
  const rebases = Math.max(0, segments.length - 1);
  parts.push(rebases === 0 ? `mean ${mean}` : `recalculated ${plural(rebases, 'time', 'times')}, latest mean ${mean}`);
  const count = (types: PointType[]): number => points.filter((point) => types.includes(point.type)).length;
  const improvement = count(['special_cause_improvement']);
  const concern = count(['special_cause_concern']);
  const neutral = count(['special_cause_neutral_high', 'special_cause_neutral_low']);
  const causes: string[] = [];
  if (improvement > 0) causes.push(`${plural(improvement, 'point', 'points')} of special cause improvement`);
  if (concern > 0) causes.push(`${plural(concern, 'point', 'points')} of special cause concern`);
  if (neutral > 0) causes.push(`${plural(neutral, 'point', 'points')} of special cause variation`);
  parts.push(causes.length === 0 ? 'no special cause variation' : causes.join(', '));
  if (typeof meta.target === 'number' && Number.isFinite(meta.target)) {
    parts.push(`target ${withUnit(formatValue(meta.target), meta.unit)}`);
  }
  return `${parts.join('; ')}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing

/** Coordinates to two decimals: small files, and no float noise to make two renderings differ. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

interface MarkerStyle {
  shape: 'circle' | 'up' | 'down' | 'diamond';
  fill: string;
  stroke: string;
  label: string;
}

const MARKERS: Record<'common' | 'improvement' | 'concern' | 'neutral', MarkerStyle> = {
  common: { shape: 'circle', fill: SPC_COLOURS.common, stroke: SPC_OUTLINES.common, label: 'Common cause' },
  improvement: {
    shape: 'up',
    fill: SPC_COLOURS.improvement,
    stroke: SPC_OUTLINES.improvement,
    label: 'Special cause improvement',
  },
  concern: { shape: 'down', fill: SPC_COLOURS.concern, stroke: SPC_OUTLINES.concern, label: 'Special cause concern' },
  neutral: {
    shape: 'diamond',
    fill: SPC_COLOURS.neutral,
    stroke: SPC_OUTLINES.neutral,
    label: 'Special cause, neither improvement nor concern',
  },
};

function markerOf(type: PointType): MarkerStyle {
  if (type === 'special_cause_improvement') return MARKERS.improvement;
  if (type === 'special_cause_concern') return MARKERS.concern;
  if (type === 'common_cause') return MARKERS.common;
  return MARKERS.neutral;
}

function markerPath(style: MarkerStyle, x: number, y: number, r: number): string {
  const paint = `fill="${style.fill}" stroke="${style.stroke}" stroke-width="1"`;
  switch (style.shape) {
    case 'circle':
      return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" ${paint}/>`;
    case 'up': {
      const t = r * 1.35;
      return `<path d="M${n(x)} ${n(y - t)}L${n(x + t)} ${n(y + t * 0.75)}L${n(x - t)} ${n(y + t * 0.75)}Z" ${paint}/>`;
    }
    case 'down': {
      const t = r * 1.35;
      return `<path d="M${n(x)} ${n(y + t)}L${n(x + t)} ${n(y - t * 0.75)}L${n(x - t)} ${n(y - t * 0.75)}Z" ${paint}/>`;
    }
    case 'diamond': {
      const t = r * 1.3;
      return `<path d="M${n(x)} ${n(y - t)}L${n(x + t)} ${n(y)}L${n(x)} ${n(y + t)}L${n(x - t)} ${n(y)}Z" ${paint}/>`;
    }
  }
}

type LegendItem =
  | { kind: 'marker'; style: MarkerStyle }
  | { kind: 'line'; stroke: string; dash: string | null; width: number; label: string };

function legendLabel(item: LegendItem): string {
  return item.kind === 'marker' ? item.style.label : item.label;
}

const LEGEND_FONT = 11;
const LEGEND_SYMBOL = 22;
const LEGEND_GAP = 16;
const LEGEND_ROW = 18;

/** Legend items laid out left to right, wrapping into rows that fit the width. */
function layoutLegend(
  items: LegendItem[],
  width: number,
): { item: LegendItem; x: number; row: number; label: string }[] {
  const placed: { item: LegendItem; x: number; row: number; label: string }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const label = fitText(legendLabel(item), width - LEGEND_SYMBOL - 4, LEGEND_FONT);
    const itemWidth = LEGEND_SYMBOL + 4 + textWidth(label, LEGEND_FONT);
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += 1;
    }
    placed.push({ item, x, row, label });
    x += itemWidth + LEGEND_GAP;
  }
  return placed;
}

function legendSymbol(item: LegendItem, x: number, y: number): string {
  if (item.kind === 'marker') return markerPath(item.style, x + LEGEND_SYMBOL / 2, y, 4);
  const dash = item.dash === null ? '' : ` stroke-dasharray="${item.dash}"`;
  return `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + LEGEND_SYMBOL)}" y2="${n(y)}" stroke="${item.stroke}" stroke-width="${n(item.width)}"${dash}/>`;
}

function safeId(prefix: string | undefined): string {
  const cleaned = (prefix ?? 'spc').replace(/[^A-Za-z0-9_-]/g, '');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `spc${cleaned}`;
}

const LIMIT_DASH = '6 4';
const TARGET_DASH = '10 3 2 3';

/** The XmR chart as a standalone SVG document. */
export function spcChartSvg(result: SpcResult, meta: SpcChartMeta): string {
  const width = Math.max(320, Math.round(meta.width ?? 720));
  const height = Math.max(240, Math.round(meta.height ?? 400));
  const id = safeId(meta.idPrefix);
  const target = typeof meta.target === 'number' && Number.isFinite(meta.target) ? meta.target : null;
  const points = result.points.filter((point) => Number.isFinite(point.value) && dayNumber(point.date) !== null);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(width)} ${String(height)}" ` +
      `width="${String(width)}" height="${String(height)}" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
      `font-family="${CHART_FONT_FAMILY}" font-size="12" fill="${TEXT}">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(meta.title)}</title>`);
  out.push(
    `<desc id="${id}-desc">${escapeXml(chartSummary({ ...result, points }, { unit: meta.unit, target }))}</desc>`,
  );
  out.push(`<rect width="${String(width)}" height="${String(height)}" fill="#ffffff"/>`);

  // The title: up to two lines, the full text staying in <title>.
  const margin = 12;
  const titleSize = 16;
  const titleLines = wrapText(meta.title, width - 2 * margin, titleSize, 2, true);
  titleLines.forEach((line, index) => {
    out.push(
      `<text x="${String(margin)}" y="${n(margin + titleSize + index * 20)}" font-size="${String(titleSize)}" ` +
        `font-weight="bold">${escapeXml(line)}</text>`,
    );
  });
  const plotTop = margin + Math.max(1, titleLines.length) * 20 + 14;

  // The legend, below the axis: which items depends on the measure, so it reads the same from chart to chart.
  const shown = new Set<MarkerStyle>([MARKERS.common]);
  if (meta.improvement === 'neutral') shown.add(MARKERS.neutral);
  else shown.add(MARKERS.improvement).add(MARKERS.concern);
  for (const point of points) shown.add(markerOf(point.type));
  const legendItems: LegendItem[] = [MARKERS.common, MARKERS.improvement, MARKERS.concern, MARKERS.neutral]
    .filter((style) => shown.has(style))
    .map((style) => ({ kind: 'marker', style }));
  legendItems.push({ kind: 'line', stroke: MEAN_LINE, dash: null, width: 1.5, label: 'Mean' });
  if (result.segments.some((segment) => segment.lpl !== null || segment.upl !== null)) {
    legendItems.push({ kind: 'line', stroke: LIMIT_LINE, dash: LIMIT_DASH, width: 1, label: 'Process limits' });
  }
  if (target !== null) {
    const label = `Target (${withUnit(formatValue(target), meta.unit)})`;
    legendItems.push({ kind: 'line', stroke: TARGET_LINE, dash: TARGET_DASH, width: 2, label });
  }
  const legend = layoutLegend(legendItems, width - 2 * margin);
  const legendRows = (legend.at(-1)?.row ?? 0) + 1;
  const legendTop = height - margin - legendRows * LEGEND_ROW + 4;
  const plotBottom = legendTop - 34;

  // The value axis: ticks first, since their labels' width sets the left margin.
  const values: number[] = [];
  for (const point of points) values.push(point.value, point.mean);
  for (const segment of result.segments) {
    if (segment.lpl !== null && Number.isFinite(segment.lpl)) values.push(segment.lpl);
    if (segment.upl !== null && Number.isFinite(segment.upl)) values.push(segment.upl);
  }
  if (target !== null) values.push(target);
  const finite = values.filter((value) => Number.isFinite(value));
  const ticks = niceTicks(
    finite.length === 0 ? 0 : Math.min(...finite),
    finite.length === 0 ? 1 : Math.max(...finite),
    Math.max(2, Math.floor((plotBottom - plotTop) / 45)),
  );
  const tickLabels = ticks.values.map((value) => formatNumber(value, ticks.decimals));
  const unitLabel = meta.unit.trim();
  const labelWidth = Math.max(...tickLabels.map((label) => textWidth(label, 11)));
  const plotLeft = margin + (unitLabel === '' ? 0 : 20) + labelWidth + 8;
  const plotRight = width - margin - 8;
  const plotWidth = plotRight - plotLeft;
  const plotHeight = plotBottom - plotTop;
  const y = (value: number): number => plotBottom - ((value - ticks.min) / (ticks.max - ticks.min)) * plotHeight;

  out.push(`<g stroke="${GRID}" stroke-width="1">`);
  for (const value of ticks.values) {
    out.push(`<line x1="${n(plotLeft)}" y1="${n(y(value))}" x2="${n(plotRight)}" y2="${n(y(value))}"/>`);
  }
  out.push('</g>');
  out.push(`<g font-size="11" fill="${SECONDARY_TEXT}" text-anchor="end">`);
  ticks.values.forEach((value, index) => {
    out.push(`<text x="${n(plotLeft - 6)}" y="${n(y(value) + 4)}">${escapeXml(tickLabels[index] ?? '')}</text>`);
  });
  out.push('</g>');
  if (unitLabel !== '') {
    const middle = (plotTop + plotBottom) / 2;
    out.push(
      `<text transform="translate(${n(margin + 10)} ${n(middle)}) rotate(-90)" text-anchor="middle" ` +
        `font-size="11" fill="${SECONDARY_TEXT}">${escapeXml(fitText(unitLabel, plotHeight, 11))}</text>`,
    );
  }

  // The date axis, padded so the first and last points do not sit on the frame.
  const days = points.map((point) => toDay(point.date));
  const firstDay = days.length === 0 ? 0 : Math.min(...days);
  const lastDay = days.length === 0 ? 1 : Math.max(...days);
  const pad = lastDay === firstDay ? 3 : Math.max(0.5, (lastDay - firstDay) * 0.03);
  const from = firstDay - pad;
  const to = lastDay + pad;
  const x = (day: number): number => plotLeft + ((day - from) / (to - from)) * plotWidth;

  out.push(
    `<g stroke="${AXIS}" stroke-width="1"><line x1="${n(plotLeft)}" y1="${n(plotBottom)}" x2="${n(plotRight)}" ` +
      `y2="${n(plotBottom)}"/><line x1="${n(plotLeft)}" y1="${n(plotTop)}" x2="${n(plotLeft)}" y2="${n(plotBottom)}"/></g>`,
  );
  if (points.length > 0) {
    const xTicks = dateTicks(Math.ceil(from), Math.floor(to), Math.floor(plotWidth / 64));
    out.push(`<g font-size="11" fill="${SECONDARY_TEXT}" text-anchor="middle">`);
    for (const tick of xTicks) {
      out.push(
        `<line x1="${n(x(tick.day))}" y1="${n(plotBottom)}" x2="${n(x(tick.day))}" y2="${n(plotBottom + 4)}" stroke="${AXIS}"/>` +
          `<text x="${n(x(tick.day))}" y="${n(plotBottom + 17)}">${escapeXml(tick.label)}</text>`,
      );
    }
    out.push('</g>');
  } else {
    out.push(
      `<text x="${n((plotLeft + plotRight) / 2)}" y="${n((plotTop + plotBottom) / 2)}" text-anchor="middle" ` +
        `fill="${SECONDARY_TEXT}">No data points yet</text>`,
    );
  }

  // Lines inside the plot are clipped to it, so a stray value cannot draw over the axes or the legend.
  out.push(
    `<defs><clipPath id="${id}-plot"><rect x="${n(plotLeft)}" y="${n(plotTop - 6)}" width="${n(plotWidth)}" ` +
      `height="${n(plotHeight + 6)}"/></clipPath></defs>`,
  );
  out.push(`<g clip-path="url(#${id}-plot)" fill="none">`);

  // Mean and limits per segment, breaking at each rebase; a segment of one point gets a short stroke.
  let previousLabelX = -Infinity;
  result.segments.forEach((segment, index) => {
    const startDay = dayNumber(result.points[segment.start]?.date ?? '');
    const endDay = dayNumber(result.points[segment.end]?.date ?? '');
    if (startDay === null || endDay === null || !Number.isFinite(segment.mean)) return;
    let x1 = x(startDay);
    let x2 = x(endDay);
    if (x2 - x1 < 12) {
      const middle = (x1 + x2) / 2;
      x1 = middle - 6;
      x2 = middle + 6;
    }
    out.push(
      `<line x1="${n(x1)}" y1="${n(y(segment.mean))}" x2="${n(x2)}" y2="${n(y(segment.mean))}" stroke="${MEAN_LINE}" stroke-width="1.5"/>`,
    );
    for (const limit of [segment.lpl, segment.upl]) {
      if (limit === null || !Number.isFinite(limit)) continue;
      out.push(
        `<line x1="${n(x1)}" y1="${n(y(limit))}" x2="${n(x2)}" y2="${n(y(limit))}" stroke="${LIMIT_LINE}" ` +
          `stroke-width="1" stroke-dasharray="${LIMIT_DASH}"/>`,
      );
    }
    if (index > 0) {
      const beforeDay = dayNumber(result.points[segment.start - 1]?.date ?? '');
      const at = beforeDay === null ? x(startDay) : (x(beforeDay) + x(startDay)) / 2;
      out.push(
        `<line x1="${n(at)}" y1="${n(plotTop)}" x2="${n(at)}" y2="${n(plotBottom)}" stroke="${REBASE_LINE}" ` +
          `stroke-width="1" stroke-dasharray="2 3"/>`,
      );
      // Labels of rebases too close together would overlap: the line alone marks the later ones.
      if (at - previousLabelX > 50 && at + 44 < plotRight) {
        out.push(
          `<text x="${n(at + 3)}" y="${n(plotTop + 4)}" font-size="10" fill="${REBASE_LINE}" stroke="none">Rebase</text>`,
        );
        previousLabelX = at;
      }
    }
  });
  if (target !== null) {
    out.push(
      `<line x1="${n(plotLeft)}" y1="${n(y(target))}" x2="${n(plotRight)}" y2="${n(y(target))}" stroke="${TARGET_LINE}" ` +
        `stroke-width="2" stroke-dasharray="${TARGET_DASH}"/>`,
    );
  }

  // The data line and its points, markers smaller as points crowd together.
  if (points.length > 1) {
    const line = points.map((point) => `${n(x(toDay(point.date)))},${n(y(point.value))}`).join(' ');
    out.push(`<polyline points="${line}" stroke="${DATA_LINE}" stroke-width="1.5" stroke-linejoin="round"/>`);
  }
  out.push('</g>');
  const spacing = plotWidth / Math.max(1, points.length);
  const radius = Math.min(4, Math.max(1.5, spacing / 3));
  out.push('<g>');
  for (const point of points) {
    out.push(markerPath(markerOf(point.type), x(toDay(point.date)), y(point.value), radius));
  }
  out.push('</g>');

  out.push(`<g font-size="${String(LEGEND_FONT)}">`);
  for (const placed of legend) {
    const left = margin + placed.x;
    const middle = legendTop + placed.row * LEGEND_ROW + 6;
    out.push(legendSymbol(placed.item, left, middle));
    out.push(`<text x="${n(left + LEGEND_SYMBOL + 4)}" y="${n(middle + 4)}">${escapeXml(placed.label)}</text>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n');
}

export { dateTicks, escapeXml, formatNumber, niceTicks, textWidth } from './spc-axes.ts';
