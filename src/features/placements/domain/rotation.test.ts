import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayNumber, daysInclusive, fromDay, nhsDate, parseDateParts, toDay } from '../../../shared/dates.ts';
import {
  checkRotation,
  FEW_SETTINGS_WARNING,
  placementProblems,
  SETTINGS,
  settingShares,
  settingWeights,
  yearProblems,
  type RotationPlacement,
  type Setting,
} from './rotation.ts';
import { barFor, monthTicks } from './timeline.ts';

const year = { startsOn: '2026-08-05', endsOn: '2027-08-03' };

function placement(
  setting: Setting,
  startsOn: string,
  endsOn: string,
  sessionsPerWeek: number,
  label?: string,
): RotationPlacement {
  return { setting, startsOn, endsOn, sessionsPerWeek, ...(label === undefined ? {} : { label }) };
}

/** The usual East of England shape: two 6-month hospital jobs alongside a year-long community day a week. */
const typical = [
  placement('acute_hospital', '2026-08-05', '2027-02-02', 8),
  placement('acute_hospital', '2027-02-03', '2027-08-03', 8),
  placement('general_practice', '2026-08-05', '2027-08-03', 2),
];

describe('dates', () => {
  it.each([
    ['2026-08-01', '1 August 2026'],
    ['2027-01-31', '31 January 2027'],
    ['2028-02-29', '29 February 2028'],
  ])('writes %s as %s', (iso, text) => {
    expect(nhsDate(iso)).toBe(text);
  });

  it.each(['2027-02-29', '2026-13-01', '2026-00-10', '26-08-01', '', 'yesterday'])('rejects %s', (iso) => {
    expect(dayNumber(iso)).toBeNull();
  });

  it('counts days with both ends included, across a leap day', () => {
    expect(daysInclusive('2027-08-01', '2028-07-31')).toBe(366);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('reads the three boxes of a date input', () => {
    expect(parseDateParts('Start date', { day: '1', month: '8', year: '2026' })).toEqual({
      ok: true,
      date: '2026-08-01',
    });
    expect(parseDateParts('Start date', {})).toEqual({ ok: false, message: 'Enter the start date' });
    expect(parseDateParts('Start date', { day: '1', year: '2026' })).toEqual({
      ok: false,
      message: 'Start date must include a month',
    });
    expect(parseDateParts('Start date', { day: '31', month: '2', year: '2027' })).toEqual({
      ok: false,
      message: 'Start date must be a real date',
    });
    expect(parseDateParts('End date', { day: 'x', month: '2', year: '2027' }).ok).toBe(false);
  });

  it('round-trips every day number through ISO', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (day) => {
        expect(toDay(fromDay(day))).toBe(day);
      }),
    );
  });
});

describe('one placement on its own', () => {
  it('accepts a placement inside the year', () => {
    expect(placementProblems(typical[0]!, year)).toEqual([]);
  });

  it('refuses a start before the year, naming the year in NHS style', () => {
    const problems = placementProblems(placement('community', '2026-08-01', '2026-12-01', 2, 'Community'), year);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'outside-year',
        field: 'startsOn',
        message: 'Community must start within the programme year, 5 August 2026 to 3 August 2027',
      }),
    ]);
  });

  it('refuses an end after the year', () => {
    const problems = placementProblems(placement('community', '2026-09-01', '2027-08-04', 2), year);
    expect(problems.map((problem) => problem.field)).toEqual(['endsOn']);
  });

  it('refuses a start after the end', () => {
    const problems = placementProblems(placement('community', '2027-01-02', '2027-01-01', 2), year);
    expect(problems).toEqual([
      expect.objectContaining({
        kind: 'start-after-end',
        message: 'The placement must end on or after its start date, 2 January 2027',
      }),
    ]);
  });

  it.each([0, 11, 2.5, -1, Number.NaN])('refuses %s sessions a week', (sessions) => {
    const problems = placementProblems(placement('community', '2026-09-01', '2026-10-01', sessions), year);
    expect(problems.map((problem) => problem.kind)).toEqual(['sessions']);
  });

  it.each([1, 10])('accepts %s sessions a week', (sessions) => {
    expect(placementProblems(placement('community', '2026-09-01', '2026-10-01', sessions), year)).toEqual([]);
  });

  it('accepts a one-day placement on the last day of the year', () => {
    expect(placementProblems(placement('other', '2027-08-03', '2027-08-03', 10), year)).toEqual([]);
  });
});

describe('a whole rotation', () => {
  it('finds nothing wrong with the typical shape', () => {
    const check = checkRotation(typical, year);
    expect(check.problems).toEqual([]);
    expect(check.complete).toBe(true);
  });

  it('says an empty rotation has no placements yet', () => {
    const check = checkRotation([], year);
    expect(check.complete).toBe(false);
    expect(check.errors).toEqual([
      expect.objectContaining({
        kind: 'gap',
        from: '2026-08-05',
        to: '2027-08-03',
        message: 'The rotation has no placements yet: add placements covering 5 August 2026 to 3 August 2027',
      }),
    ]);
    expect(check.warnings).toEqual([]);
  });

  it('reports the first uncovered gap as a date range', () => {
    const check = checkRotation(
      [
        placement('acute_hospital', '2026-08-05', '2026-12-31', 10),
        placement('general_practice', '2027-01-10', '2027-05-31', 10),
        placement('community', '2027-07-01', '2027-08-03', 10),
      ],
      year,
    );
    expect(check.errors).toEqual([
      expect.objectContaining({
        kind: 'gap',
        from: '2027-01-01',
        to: '2027-01-09',
        message:
          'No placement covers 1 January 2027 to 9 January 2027: every day of the programme year must be in a placement',
      }),
    ]);
  });

  it('reports a gap of one day at the very start or end', () => {
    const start = checkRotation(
      [
        placement('acute_hospital', '2026-08-06', '2027-08-03', 8),
        placement('community', '2026-08-06', '2027-08-03', 2),
      ],
      year,
    );
    expect(start.errors[0]).toMatchObject({ from: '2026-08-05', to: '2026-08-05' });
    expect(start.errors[0]?.message).toContain('No placement covers 5 August 2026:');
    const end = checkRotation(
      [
        placement('acute_hospital', '2026-08-05', '2027-08-02', 8),
        placement('community', '2026-08-05', '2027-08-02', 2),
      ],
      year,
    );
    expect(end.errors[0]).toMatchObject({ from: '2027-08-03', to: '2027-08-03' });
  });

  it('reports the first period above full time, with the most sessions in it', () => {
    const check = checkRotation(
      [
        placement('acute_hospital', '2026-08-05', '2027-02-10', 8),
        placement('acute_hospital', '2027-02-03', '2027-08-03', 8),
        placement('general_practice', '2026-08-05', '2027-08-03', 2),
      ],
      year,
    );
    expect(check.errors).toEqual([
      expect.objectContaining({
        kind: 'overloaded',
        from: '2027-02-03',
        to: '2027-02-10',
        message:
          'From 3 February 2027 to 10 February 2027 placements add up to 18 sessions a week, more than a full-time week of 10',
      }),
    ]);
  });

  it('allows exactly full time and parallel placements that add up to it', () => {
    const check = checkRotation(
      [
        placement('acute_hospital', '2026-08-05', '2027-08-03', 5),
        placement('mental_health', '2026-08-05', '2027-08-03', 3),
        placement('voluntary_charity', '2026-08-05', '2027-08-03', 2),
      ],
      year,
    );
    expect(check.complete).toBe(true);
  });

  it('warns, without an error, when a post spans fewer than two settings', () => {
    const check = checkRotation([placement('acute_hospital', '2026-08-05', '2027-08-03', 10)], year);
    expect(check.complete).toBe(true);
    expect(check.warnings).toEqual([expect.objectContaining({ severity: 'warning', message: FEW_SETTINGS_WARNING })]);
  });

  it('includes each placement’s own problems, and ignores the parts outside the year when looking for gaps', () => {
    const check = checkRotation(
      [
        placement('acute_hospital', '2026-07-01', '2027-08-03', 8),
        placement('community', '2026-08-05', '2027-08-03', 2),
      ],
      year,
    );
    expect(check.errors.map((problem) => problem.kind)).toEqual(['outside-year']);
  });

  it('checks a programme year’s own dates', () => {
    expect(yearProblems({ startsOn: '2026-08-05', endsOn: '2026-08-05' })).toHaveLength(1);
    expect(yearProblems({ startsOn: '2026-08-05', endsOn: '2028-08-05' })).toEqual([
      { field: 'endsOn', message: 'A programme year must be no longer than 13 months' },
    ]);
    expect(yearProblems(year)).toEqual([]);
  });
});

/** Any placement inside the year. */
const yearDays = daysInclusive(year.startsOn, year.endsOn);
const placementInYear = fc
  .record({
    a: fc.integer({ min: 0, max: yearDays - 1 }),
    b: fc.integer({ min: 0, max: yearDays - 1 }),
    sessions: fc.integer({ min: 1, max: 10 }),
    setting: fc.constantFrom(...SETTINGS),
  })
  .map(({ a, b, sessions, setting }) =>
    placement(setting, addDays(year.startsOn, Math.min(a, b)), addDays(year.startsOn, Math.max(a, b)), sessions),
  );

/** The plain reading of the rules, one day at a time: the oracle the sweep must agree with. */
function dayByDay(placements: readonly RotationPlacement[]) {
  let firstGap: string | null = null;
  let firstOverload: string | null = null;
  for (let day = 0; day < yearDays; day++) {
    const iso = addDays(year.startsOn, day);
    const running = placements.filter((p) => p.startsOn <= iso && iso <= p.endsOn);
    if (running.length === 0 && firstGap === null) firstGap = iso;
    const sessions = running.reduce((sum, p) => sum + p.sessionsPerWeek, 0);
    if (sessions > 10 && firstOverload === null) firstOverload = iso;
  }
  return { firstGap, firstOverload };
}

describe('properties', () => {
  it('agrees with a day-by-day reading on the first gap and the first overload', () => {
    fc.assert(
      fc.property(fc.array(placementInYear, { maxLength: 6 }), (placements) => {
        const check = checkRotation(placements, year);
        const oracle = dayByDay(placements);
        expect(check.errors.find((problem) => problem.kind === 'gap')?.from ?? null).toBe(oracle.firstGap);
        expect(check.errors.find((problem) => problem.kind === 'overloaded')?.from ?? null).toBe(oracle.firstOverload);
      }),
      { numRuns: 150 },
    );
  });

  it('never reports placement-level errors for placements inside the year', () => {
    fc.assert(
      fc.property(placementInYear, (p) => {
        expect(placementProblems(p, year)).toEqual([]);
      }),
    );
  });

  it('finds a reported gap really uncovered, and the day after it covered or past the year', () => {
    fc.assert(
      fc.property(fc.array(placementInYear, { maxLength: 5 }), (placements) => {
        const gap = checkRotation(placements, year).errors.find((problem) => problem.kind === 'gap');
        if (gap?.from === undefined || gap.to === undefined) return;
        const covered = (iso: string) => placements.some((p) => p.startsOn <= iso && iso <= p.endsOn);
        expect(covered(gap.from)).toBe(false);
        expect(covered(gap.to)).toBe(false);
        const after = addDays(gap.to, 1);
        expect(after > year.endsOn || covered(after)).toBe(true);
      }),
    );
  });

  it('is complete whatever order the placements come in', () => {
    fc.assert(
      fc.property(fc.array(placementInYear, { maxLength: 5 }), fc.integer(), (placements, seed) => {
        const shuffled = [...placements].sort(() => (seed % 2 === 0 ? 1 : -1));
        expect(checkRotation(shuffled, year).problems).toEqual(checkRotation(placements, year).problems);
      }),
    );
  });

  it('gives shares that add up to 1 and percentages that add up to 100', () => {
    fc.assert(
      fc.property(fc.array(placementInYear, { minLength: 1, maxLength: 6 }), (placements) => {
        const shares = settingShares(settingWeights(placements, year));
        expect(shares.reduce((sum, row) => sum + row.share, 0)).toBeCloseTo(1, 9);
        expect(shares.reduce((sum, row) => sum + row.percent, 0)).toBe(100);
      }),
    );
  });
});

describe('time in each setting', () => {
  it('weighs by sessions and days', () => {
    const weights = settingWeights(typical, year);
    expect(weights.acute_hospital).toBe(yearDays * 8);
    expect(weights.general_practice).toBe(yearDays * 2);
    const shares = settingShares(weights);
    expect(shares.map((row) => [row.setting, row.percent])).toEqual([
      ['acute_hospital', 80],
      ['general_practice', 20],
    ]);
    expect(shares[0]?.fullTimeWeeks).toBeCloseTo((yearDays * 8) / 70, 1);
  });

  it('counts only the part inside the year', () => {
    const weights = settingWeights([placement('community', '2026-07-01', '2026-08-05', 2)], year);
    expect(weights.community).toBe(2);
  });

  it('has no rows when nothing is placed', () => {
    expect(settingShares(settingWeights([], year))).toEqual([]);
  });
});

describe('the timeline', () => {
  it('draws a whole-year bar across the full width', () => {
    expect(barFor(year, year.startsOn, year.endsOn, 1000)).toEqual({ x: 0, width: 1000 });
  });

  it('draws the second half from the middle', () => {
    const academic = { startsOn: '2026-08-01', endsOn: '2027-07-31' };
    const bar = barFor(academic, '2027-02-01', '2027-07-31', 365);
    expect(bar).toEqual({ x: 184, width: 181 });
  });

  it('has no bar for a placement outside the year', () => {
    expect(barFor(year, '2025-01-01', '2025-02-01', 1000)).toBeNull();
  });

  it('marks each month', () => {
    const ticks = monthTicks({ startsOn: '2026-08-01', endsOn: '2027-07-31' }, 1000);
    expect(ticks.map((tick) => tick.label)).toEqual([
      'Aug',
      'Sep',
      'Oct',
      'Nov',
      'Dec',
      'Jan',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
    ]);
    expect(ticks[0]?.x).toBe(0);
  });
});
