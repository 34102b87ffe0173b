import { Resvg } from '@resvg/resvg-js';
import { load, type CheerioAPI } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/dates.ts';
import {
  CHART_FONT_FAMILY,
  SPC_TABLE_HEADINGS,
  chartSummary,
  dateTicks,
  escapeXml,
  formatNumber,
  niceTicks,
  spcChartSvg,
  spcTableRows,
  variationSummary,
  type SpcChartMeta,
} from './spc-chart.ts';
import { SPC_COLOURS } from './spc-icons.ts';
import type { PointType, SpcPoint, SpcResult, SpcSegment, SpecialCause } from './spc-types.ts';

/** A point as the calculation would give it; mean and limits are filled in from its segment by `resultOf`. */
interface Given {
  value: number;
  type?: PointType;
  cause?: SpecialCause | null;
  rebase?: boolean;
}

/**
 * A hand-made result: weekly points from Monday 6 January 2025, segments split at each `rebase`, each segment's
 * mean and limits as given in `limits` (by segment) or the segment's mean ± 3 when not given.
 */
function resultOf(
  given: Given[],
  limits: { mean?: number; lpl?: number | null; upl?: number | null }[] = [],
  start = '2025-01-06',
  stepDays = 7,
): SpcResult {
  const starts = given.flatMap((point, index) => (index === 0 || point.rebase === true ? [index] : []));
  const segments: SpcSegment[] = starts.map((first, segment) => {
    const end = (starts[segment + 1] ?? given.length) - 1;
    const values = given.slice(first, end + 1).map((point) => point.value);
    const mean = limits[segment]?.mean ?? values.reduce((sum, value) => sum + value, 0) / values.length;
    const lpl = limits[segment]?.lpl === undefined ? mean - 3 : limits[segment].lpl;
    const upl = limits[segment]?.upl === undefined ? mean + 3 : limits[segment].upl;
    return { start: first, end, mean, lpl, upl, meanMovingRange: lpl === null ? null : 1 };
  });
  const points: SpcPoint[] = given.map((point, index) => {
    const segment = segments.findIndex((each) => each.start <= index && index <= each.end);
    const { mean, lpl, upl } = segments[segment]!;
    return {
      date: addDays(start, index * stepDays),
      value: point.value,
      mean,
      lpl,
      upl,
      specialCause: point.cause ?? null,
      type: point.type ?? 'common_cause',
      segment,
    };
  });
  return { points, segments, assurance: null, warnings: [] };
}

const meta: SpcChartMeta = {
  title: 'Inhaler carbon per month',
  unit: 'kg',
  improvement: 'decrease',
  idPrefix: 'chart1',
};

function expectWellFormed(svg: string): void {
  expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
}

function parse(svg: string): CheerioAPI {
  return load(svg, { xml: true });
}

/** The markers drawn for points: the circles and paths with a marker's fill, outside the legend. */
function markers($: CheerioAPI): { fill: string; shape: string }[] {
  const fills = new Set<string>(Object.values(SPC_COLOURS));
  return $('svg > g')
    .not('[font-size]')
    .find('circle, path')
    .toArray()
    .map((element) => ({ fill: $(element).attr('fill') ?? '', shape: shapeOf($(element).toString()) }))
    .filter((marker) => fills.has(marker.fill as (typeof SPC_COLOURS)[keyof typeof SPC_COLOURS]));
}

/** Circle, triangle up or down, or diamond, from a marker's element. */
function shapeOf(element: string): string {
  if (element.startsWith('<circle')) return 'circle';
  const numbers = (/d="([^"]+)"/.exec(element)?.[1] ?? '').match(/-?[\d.]+/g)?.map(Number) ?? [];
  if (numbers.length === 8) return 'diamond';
  // A triangle: its apex (first vertex) above its base is pointing up (SVG's y grows downwards).
  return (numbers[1] ?? 0) < (numbers[3] ?? 0) ? 'up' : 'down';
}

const LIMIT_DASH = '[stroke-dasharray="6 4"]';
const TARGET_DASH = '[stroke-dasharray="10 3 2 3"]';

// 24 weekly points from 6 January to 16 June 2025 around a mean of 12.5, three of them improvements.
const twentyFour: Given[] = Array.from({ length: 24 }, (_, index) => ({ value: index % 2 === 0 ? 12 : 13 }));
twentyFour[5] = { value: 8, type: 'special_cause_improvement', cause: 'below-limit' };
twentyFour[6] = { value: 17, type: 'special_cause_concern', cause: 'above-limit' };
twentyFour[20] = { value: 9, type: 'special_cause_improvement', cause: 'below-limit' };
twentyFour[21] = { value: 9.5, type: 'special_cause_improvement', cause: 'two-in-three-below' };

describe('spcChartSvg', () => {
  it('is a standalone SVG image named by its title and described in one sentence', () => {
    const result = resultOf(twentyFour, [{ mean: 12.5, lpl: 9.8, upl: 15.2 }]);
    const svg = spcChartSvg(result, meta);
    expectWellFormed(svg);
    const $ = parse(svg);
    const root = $('svg');
    expect(root.attr('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.attr('viewBox')).toBe('0 0 720 400');
    expect(root.attr('role')).toBe('img');
    expect(root.attr('aria-labelledby')).toBe('chart1-title chart1-desc');
    expect(root.attr('font-family')).toBe(CHART_FONT_FAMILY);
    expect(CHART_FONT_FAMILY).toMatch(/^Arial, Helvetica, .*sans-serif$/);
    expect($('#chart1-title').text()).toBe('Inhaler carbon per month');
    expect($('#chart1-desc').text()).toBe(
      '24 points from 6 Jan 2025 to 16 Jun 2025; mean 12.5 kg; 3 points of special cause improvement, ' +
        '1 point of special cause concern.',
    );
  });

  it('marks each kind of point by shape as well as colour: circle, triangle up, triangle down, diamond', () => {
    const given: Given[] = [
      { value: 10 },
      { value: 14, type: 'special_cause_improvement', cause: 'above-limit' },
      { value: 6, type: 'special_cause_concern', cause: 'below-limit' },
      { value: 13, type: 'special_cause_neutral_high', cause: 'two-in-three-above' },
      { value: 11 },
    ];
    const svg = spcChartSvg(resultOf(given), { ...meta, improvement: 'increase' });
    expect(markers(parse(svg))).toEqual([
      { fill: SPC_COLOURS.common, shape: 'circle' },
      { fill: SPC_COLOURS.improvement, shape: 'up' },
      { fill: SPC_COLOURS.concern, shape: 'down' },
      { fill: SPC_COLOURS.neutral, shape: 'diamond' },
      { fill: SPC_COLOURS.common, shape: 'circle' },
    ]);
    const legend = parse(svg)('svg > g[font-size="11"]').last().find('text');
    expect(legend.toArray().map((text) => parse(svg)(text).text())).toEqual([
      'Common cause',
      'Special cause improvement',
      'Special cause concern',
      'Special cause, neither improvement nor concern',
      'Mean',
      'Process limits',
    ]);
  });

  it('draws the mean solid and the limits dashed per segment, breaking and marking each rebase', () => {
    const given: Given[] = [
      ...Array.from({ length: 8 }, () => ({ value: 20 })),
      ...Array.from({ length: 8 }, (_, index) => ({ value: 10, rebase: index === 0 })),
      ...Array.from({ length: 8 }, (_, index) => ({ value: 5, rebase: index === 0 })),
    ];
    const result = resultOf(given, [
      { mean: 20, lpl: 16, upl: 24 },
      { mean: 10, lpl: 7, upl: 13 },
      { mean: 5, lpl: null, upl: null },
    ]);
    const $ = parse(spcChartSvg(result, meta));
    const clipped = $('g[clip-path="url(#chart1-plot)"]');
    const means = clipped.find('line[stroke-width="1.5"]');
    expect(means).toHaveLength(3);
    // Each mean line ends where its segment ends: the next starts further right.
    const spans = means.toArray().map((line) => [Number($(line).attr('x1')), Number($(line).attr('x2'))]);
    expect(spans[0]![1]).toBeLessThan(spans[1]![0]!);
    expect(spans[1]![1]).toBeLessThan(spans[2]![0]!);
    expect(clipped.find(`line${LIMIT_DASH}`)).toHaveLength(4);
    expect(clipped.find('line[stroke-dasharray="2 3"]')).toHaveLength(2);
    expect(
      clipped
        .find('text')
        .toArray()
        .map((text) => $(text).text()),
    ).toEqual(['Rebase', 'Rebase']);
    expect($('#chart1-desc').text()).toContain('recalculated 2 times, latest mean 5 kg');
  });

  it('draws no limit lines where a segment has none, and leaves them out of the legend', () => {
    const result = resultOf([{ value: 4 }, { value: 5 }], [{ lpl: null, upl: null }]);
    const svg = spcChartSvg(result, meta);
    expectWellFormed(svg);
    expect(parse(svg)(`line${LIMIT_DASH}`)).toHaveLength(0);
    expect(svg).not.toContain('Process limits');
  });

  it('draws a target as its own line across the plot, named with its value in the legend', () => {
    const result = resultOf(twentyFour, [{ mean: 12.5, lpl: 9.8, upl: 15.2 }]);
    const $ = parse(spcChartSvg(result, { ...meta, target: 11 }));
    const target = $(`line${TARGET_DASH}`);
    expect(target).toHaveLength(2); // the line and its legend sample
    // A colour of its own, not the near-black of the mean and the limits.
    expect(target.first().attr('stroke')).toBe('#d5281b');
    expect($(`line${LIMIT_DASH}`).first().attr('stroke')).toBe('#231f20');
    expect(
      $('text')
        .toArray()
        .map((text) => $(text).text()),
    ).toContain('Target (11 kg)');
    expect($('#chart1-desc').text()).toContain('; target 11 kg.');
    expect(spcChartSvg(result, { ...meta, target: null })).not.toContain('Target');
  });

  it('escapes titles and units, keeping the full title for its name and cutting the drawn one to two lines', () => {
    const title = `Carbon <script>alert("x")</script> & 'friends' ${'and a great deal more words '.repeat(8)}\u0001end`;
    const svg = spcChartSvg(resultOf(twentyFour), { ...meta, title, unit: '<b>kg</b> & "CO2e"' });
    expectWellFormed(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    const $ = parse(svg);
    expect($('#chart1-title').text()).toBe(title.replace('\u0001', ''));
    const drawn = $('text[font-size="16"]')
      .toArray()
      .map((text) => $(text).text());
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatch(/…$/);
    expect(
      $('text')
        .toArray()
        .map((text) => $(text).text()),
    ).toContain('<b>kg</b> & "CO2e"');
    expect(escapeXml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
  });

  it('draws one point, all-equal values and negative values without breaking', () => {
    const cases: [SpcResult, string][] = [
      [resultOf([{ value: 5 }], [{ lpl: null, upl: null }]), '1 point on 6 Jan 2025; mean 5 kg'],
      [
        resultOf(
          Array.from({ length: 12 }, () => ({ value: 7 })),
          [{ lpl: 7, upl: 7 }],
        ),
        'mean 7 kg',
      ],
      [
        resultOf(
          Array.from({ length: 12 }, () => ({ value: 0 })),
          [{ lpl: 0, upl: 0 }],
        ),
        'mean 0 kg',
      ],
      [resultOf([{ value: -40 }, { value: -35.5 }, { value: -42 }]), 'mean -39.17 kg'],
    ];
    for (const [result, summary] of cases) {
      const svg = spcChartSvg(result, meta);
      expectWellFormed(svg);
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(parse(svg)('#chart1-desc').text()).toContain(summary);
      expect(markers(parse(svg))).toHaveLength(result.points.length);
    }
    const negative = parse(spcChartSvg(cases[3]![0], meta));
    expect(negative('text[text-anchor]').length).toBeGreaterThan(0);
    expect(
      negative('text')
        .toArray()
        .map((text) => negative(text).text()),
    ).toContain('-40');
  });

  it('says when there is nothing to draw yet', () => {
    const svg = spcChartSvg({ points: [], segments: [], assurance: null, warnings: [] }, meta);
    expectWellFormed(svg);
    expect(svg).toContain('No data points yet');
    expect(parse(svg)('#chart1-desc').text()).toBe('No data points yet.');
  });

  it('draws 250 daily points with smaller markers and month ticks, the same bytes every time', () => {
    const given = Array.from({ length: 250 }, (_, index) => ({ value: Math.round(Math.sin(index / 10) * 500) / 10 }));
    const result = resultOf(given, [], '2024-04-01', 1);
    const svg = spcChartSvg(result, { ...meta, width: 900 });
    expectWellFormed(svg);
    const $ = parse(svg);
    expect(markers($)).toHaveLength(250);
    expect(Number($('circle').first().attr('r'))).toBeLessThan(4);
    expect(
      $('text')
        .toArray()
        .map((text) => $(text).text()),
    ).toContain('Jun 24');
    expect(spcChartSvg(result, { ...meta, width: 900 })).toBe(svg);
    const other = spcChartSvg(result, { ...meta, width: 900, idPrefix: 'chart2' });
    expect(other.replaceAll('chart2', 'chart1')).toBe(svg);
  });

  it('is well formed with no stray numbers for any series', () => {
    const given = fc.record({
      value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      type: fc.constantFrom<PointType>('common_cause', 'special_cause_improvement', 'special_cause_concern'),
      rebase: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(given, { minLength: 1, maxLength: 40 }),
        fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.string(),
        (points, target, title) => {
          const result = resultOf(points);
          const svg = spcChartSvg(result, { ...meta, title, target });
          expect(svg).not.toMatch(/NaN|Infinity|undefined/);
          expectWellFormed(svg);
          expect(markers(parse(svg))).toHaveLength(points.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('chartSummary', () => {
  it('counts special causes by kind and says when there are none', () => {
    expect(chartSummary(resultOf([{ value: 1 }, { value: 2 }]), { unit: '%' })).toBe(
      '2 points from 6 Jan 2025 to 13 Jan 2025; mean 1.5%; no special cause variation.',
    );
    const neutral = resultOf([{ value: 1, type: 'special_cause_neutral_low', cause: 'shift-below' }, { value: 2 }]);
    expect(chartSummary(neutral, { unit: '' })).toContain('1 point of special cause variation');
  });
});

describe('spcTableRows', () => {
  it('gives each point its date, value, mean and limits with the unit, and its special cause in words', () => {
    const given: Given[] = [
      { value: 12 },
      { value: 20, type: 'special_cause_concern', cause: 'above-limit' },
      { value: 5, type: 'special_cause_improvement', cause: 'below-limit' },
      { value: 10.25, type: 'special_cause_improvement', cause: 'trend-down', rebase: true },
    ];
    const rows = spcTableRows(
      resultOf(given, [
        { mean: 12.3333333, lpl: 6.05, upl: 18.6 },
        { lpl: null, upl: null },
      ]),
      'kg',
    );
    expect(rows[0]).toEqual({
      date: '2025-01-06',
      dateLabel: '6 January 2025',
      value: '12 kg',
      mean: '12.333 kg',
      lowerLimit: '6.050 kg',
      upperLimit: '18.600 kg',
      specialCause: '—',
      variation: 'Common cause',
      rebase: false,
      cells: ['6 January 2025', '12 kg', '12.333 kg', '6.050 kg', '18.600 kg', '—', 'Common cause'],
    });
    expect(rows.map((row) => [row.specialCause, row.variation, row.rebase])).toEqual([
      ['—', 'Common cause', false],
      ['Above the upper limit', 'Special cause concern', false],
      ['Below the lower limit', 'Special cause improvement', false],
      ['Part of a run of 7 or more falling points', 'Special cause improvement', true],
    ]);
    expect(rows[3]).toMatchObject({ value: '10.25 kg', lowerLimit: '—', upperLimit: '—' });
    expect(rows[0]!.cells).toHaveLength(SPC_TABLE_HEADINGS.length);
  });

  it('words every special cause, and writes percentages and thousands as people do', () => {
    const causes: SpecialCause[] = [
      'trend-up',
      'two-in-three-above',
      'two-in-three-below',
      'shift-above',
      'shift-below',
    ];
    const rows = spcTableRows(resultOf(causes.map((cause) => ({ value: 1234.5, cause }))), '%');
    expect(rows.map((row) => row.specialCause)).toEqual([
      'Part of a run of 7 or more rising points',
      '2 of 3 points near the upper limit',
      '2 of 3 points near the lower limit',
      'Part of 7 or more points in a row above the mean',
      'Part of 7 or more points in a row below the mean',
    ]);
    expect(rows[0]!.value).toBe('1,234.5%');
    expect(rows[0]!.mean).toBe('1,234.50%');
    expect(spcTableRows(resultOf([{ value: 0.1 + 0.2 }]), '')[0]!.value).toBe('0.3');
  });
});

describe('variationSummary', () => {
  const last = (given: Given): SpcResult => resultOf([{ value: 1 }, given]);

  it('is the latest point’s variation: improvement or concern, higher or lower by its rule', () => {
    expect(variationSummary(last({ value: 1 }), 'increase')).toBe('common_cause');
    const up = { value: 9, type: 'special_cause_improvement', cause: 'shift-above' } as const;
    expect(variationSummary(last(up), 'increase')).toBe('improvement_high');
    const down = { value: 0, type: 'special_cause_improvement', cause: 'trend-down' } as const;
    expect(variationSummary(last(down), 'decrease')).toBe('improvement_low');
    const worse = { value: 9, type: 'special_cause_concern', cause: 'above-limit' } as const;
    expect(variationSummary(last(worse), 'decrease')).toBe('concern_high');
    const lower = { value: 0, type: 'special_cause_concern', cause: 'two-in-three-below' } as const;
    expect(variationSummary(last(lower), 'increase')).toBe('concern_low');
    expect(variationSummary(last({ value: 9, type: 'special_cause_neutral_high' }), 'neutral')).toBe('neutral_high');
    expect(variationSummary(last({ value: 0, type: 'special_cause_neutral_low' }), 'neutral')).toBe('neutral_low');
  });

  it('takes the direction from which way is better when no rule is named, and is null with no points', () => {
    expect(variationSummary(last({ value: 9, type: 'special_cause_improvement' }), 'decrease')).toBe('improvement_low');
    expect(variationSummary(last({ value: 9, type: 'special_cause_concern' }), 'decrease')).toBe('concern_high');
    expect(variationSummary({ points: [], segments: [], assurance: null, warnings: [] }, 'increase')).toBeNull();
  });
});

describe('axis ticks', () => {
  it('steps by 1, 2, 2.5 or 5 times a power of ten, covering the values', () => {
    expect(niceTicks(0, 10, 5)).toEqual({ min: 0, max: 10, values: [0, 2, 4, 6, 8, 10], decimals: 0 });
    expect(niceTicks(0.12, 0.87, 4).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0.9, 4).values).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(7, 7, 5).values).toEqual([6, 6.5, 7, 7.5, 8]);
    expect(niceTicks(-42, -35.5, 4).values).toEqual([-42, -40, -38, -36, -34]);
    expect(niceTicks(1e9, 1e9 + 1e-7, 5).values).toEqual([9e8, 9.5e8, 1e9, 1.05e9, 1.1e9]);
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 2, max: 10 }),
        (low, span, count) => {
          const ticks = niceTicks(low, low + span, count);
          // Within floating point noise of the axis's own range.
          const noise = (ticks.max - ticks.min) * 1e-6;
          expect(ticks.min).toBeLessThanOrEqual(low + noise);
          expect(ticks.max).toBeGreaterThanOrEqual(low + span - noise);
          expect(ticks.values.length).toBeGreaterThanOrEqual(2);
          expect(ticks.values.length).toBeLessThanOrEqual(count * 3 + 2);
        },
      ),
    );
  });

  it('labels dates as "6 Jan" over weeks, "Jan 25" over months and years beyond', () => {
    const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect(dateTicks(day('2025-01-06'), day('2025-01-10'), 10).map((tick) => tick.label)).toEqual([
      '6 Jan',
      '7 Jan',
      '8 Jan',
      '9 Jan',
      '10 Jan',
    ]);
    // Weekly ticks fall on Mondays.
    expect(dateTicks(day('2025-01-01'), day('2025-02-20'), 8).map((tick) => tick.label)).toEqual([
      '6 Jan',
      '13 Jan',
      '20 Jan',
      '27 Jan',
      '3 Feb',
      '10 Feb',
      '17 Feb',
    ]);
    expect(dateTicks(day('2024-11-15'), day('2025-06-15'), 8).map((tick) => tick.label)).toEqual([
      'Dec 24',
      'Jan 25',
      'Feb 25',
      'Mar 25',
      'Apr 25',
      'May 25',
      'Jun 25',
    ]);
    expect(dateTicks(day('2015-03-01'), day('2025-06-15'), 8).map((tick) => tick.label)).toEqual([
      '2016',
      '2018',
      '2020',
      '2022',
      '2024',
    ]);
  });

  it('writes numbers with thousands separators and a minus sign', () => {
    expect(formatNumber(-1234.5, 2)).toBe('-1,234.50');
    expect(formatNumber(-0.001, 1)).toBe('0.0');
    expect(formatNumber(1e6, 0)).toBe('1,000,000');
  });
});
