import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  QUIET_WEEKS_DEFAULT,
  QUIET_WEEKS_MAX,
  QUIET_WEEKS_MIN,
  caseloadOf,
  lastUpdateText,
  meetingDateProblem,
  quietWeekChoices,
  readQuietWeeks,
  weeksSince,
  type CaseloadItem,
} from './caseload.ts';
import { PROJECT_STAGES, isQuiet } from './projects.ts';
import { londonToday } from '../../../shared/london-time.ts';

const NOW = new Date('2026-10-14T09:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY - extraMs);

function project(id: string, stage: CaseloadItem['stage'], lastActivityAt: Date, title = `Project ${id}`) {
  return { id, title, stage, lastActivityAt };
}

describe('readQuietWeeks', () => {
  it.each([
    ['2', 2],
    ['4', 4],
    ['12', 12],
    [' 6 ', 6],
    ['06', 6],
  ])('reads %j as %i', (value, weeks) => {
    expect(readQuietWeeks(value)).toBe(weeks);
  });

  it.each([undefined, null, '', '1', '0', '13', '100', '-3', '4.5', 'four', '4 weeks', 4, ['4']])(
    'falls back to four weeks for %j',
    (value) => {
      expect(readQuietWeeks(value)).toBe(QUIET_WEEKS_DEFAULT);
    },
  );

  it('always gives a number of the choices', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer().map(String)), (value) => {
        expect(quietWeekChoices()).toContain(readQuietWeeks(value));
      }),
    );
  });

  it('offers 2 to 12 weeks', () => {
    expect(quietWeekChoices()).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(QUIET_WEEKS_MIN).toBe(2);
    expect(QUIET_WEEKS_MAX).toBe(12);
  });
});

describe('lastUpdateText and weeksSince', () => {
  it.each([
    [0, 0, 'less than a day ago', 0],
    [0, 23 * 3_600_000, 'less than a day ago', 0],
    [1, 0, '1 day ago', 0],
    [2, 0, '2 days ago', 0],
    [6, 23 * 3_600_000, '6 days ago', 0],
    [7, 0, '1 week ago', 1],
    [13, 0, '1 week ago', 1],
    [14, 0, '2 weeks ago', 2],
    [21, 0, '3 weeks ago', 3],
    [27, 23 * 3_600_000, '3 weeks ago', 3],
    [28, 0, '4 weeks ago', 4],
    [400, 0, '57 weeks ago', 57],
  ])('%i days and %i ms ago reads "%s"', (days, extra, text, weeks) => {
    expect(lastUpdateText(ago(days, extra), NOW)).toBe(text);
    expect(weeksSince(ago(days, extra), NOW)).toBe(weeks);
  });

  it('reads an update in the future (a clock set wrong) as just now', () => {
    const later = new Date(NOW.getTime() + 3 * DAY);
    expect(lastUpdateText(later, NOW)).toBe('less than a day ago');
    expect(weeksSince(later, NOW)).toBe(0);
  });
});

describe('caseloadOf', () => {
  it('groups the projects by stage in the SusQI order, every stage listed', () => {
    const result = caseloadOf(
      [
        project('a', 'design', ago(3)),
        project('b', 'set_goals', ago(40)),
        project('c', 'design', ago(30)),
        project('d', 'measure_impact', ago(1)),
      ],
      NOW,
      4,
    );
    expect(result.stages.map((group) => group.label)).toEqual([
      '1. Set goals',
      '2. Study the system',
      '3. Design the improvement',
      '4. Measure impact',
    ]);
    expect(result.stages.map((group) => group.entries.map((entry) => entry.project.id))).toEqual([
      ['b'],
      [],
      ['c', 'a'],
      ['d'],
    ]);
    expect(result.total).toBe(4);
    expect(result.quiet).toBe(2);
  });

  it('flags a project with no update for the chosen weeks, from the exact moment', () => {
    const justQuiet = project('q', 'design', ago(28));
    const almost = project('r', 'design', ago(27, 23 * 3_600_000 + 59 * 60_000));
    const result = caseloadOf([justQuiet, almost], NOW, 4);
    const entries = result.stages[2]?.entries ?? [];
    expect(entries.map((entry) => [entry.project.id, entry.quiet, entry.flag, entry.lastUpdate])).toEqual([
      ['q', true, 'No update for 4 weeks', '4 weeks ago'],
      ['r', false, null, '3 weeks ago'],
    ]);
  });

  it('says how many weeks it has really been, not the setting', () => {
    const result = caseloadOf([project('x', 'set_goals', ago(45))], NOW, 2);
    expect(result.stages[0]?.entries[0]?.flag).toBe('No update for 6 weeks');
  });

  it('orders projects updated at the same moment by title', () => {
    const when = ago(10);
    const result = caseloadOf(
      [project('1', 'design', when, 'Walking groups'), project('2', 'design', when, 'Asthma reviews')],
      NOW,
      4,
    );
    expect(result.stages[2]?.entries.map((entry) => entry.project.title)).toEqual(['Asthma reviews', 'Walking groups']);
  });

  it('keeps the caller’s own fields on each project', () => {
    const result = caseloadOf([{ ...project('z', 'study_system', ago(2)), team: 'Ana, Ben' }], NOW, 4);
    expect(result.stages[1]?.entries[0]?.project.team).toBe('Ana, Ben');
  });

  it('is empty, with every stage, for no projects', () => {
    const result = caseloadOf([], NOW, 4);
    expect(result.total).toBe(0);
    expect(result.quiet).toBe(0);
    expect(result.stages.map((group) => group.entries.length)).toEqual([0, 0, 0, 0]);
  });

  const projects = fc.array(
    fc.record({
      id: fc.uuid(),
      title: fc.string({ maxLength: 20 }),
      stage: fc.constantFrom(...PROJECT_STAGES),
      lastActivityAt: fc.integer({ min: -30 * DAY, max: 200 * DAY }).map((ms) => new Date(NOW.getTime() - ms)),
    }),
    { maxLength: 40 },
  );
  const weeks = fc.integer({ min: QUIET_WEEKS_MIN, max: QUIET_WEEKS_MAX });

  it('puts each project in exactly one group, the group of its stage', () => {
    fc.assert(
      fc.property(projects, weeks, (list, n) => {
        const result = caseloadOf(list, NOW, n);
        const listed = result.stages.flatMap((group) => group.entries.map((entry) => entry.project));
        expect(listed).toHaveLength(list.length);
        expect(new Set(listed)).toEqual(new Set(list));
        for (const group of result.stages) {
          for (const entry of group.entries) expect(entry.project.stage).toBe(group.stage);
        }
        expect(result.stages.map((group) => group.stage)).toEqual([...PROJECT_STAGES]);
      }),
    );
  });

  it('flags exactly the quiet projects, agreeing with isQuiet and with the weeks shown', () => {
    fc.assert(
      fc.property(projects, weeks, (list, n) => {
        const result = caseloadOf(list, NOW, n);
        const entries = result.stages.flatMap((group) => group.entries);
        for (const entry of entries) {
          expect(entry.quiet).toBe(isQuiet(entry.project.lastActivityAt, NOW, n));
          expect(entry.quiet).toBe(entry.weeks >= n);
          expect(entry.flag !== null).toBe(entry.quiet);
        }
        expect(result.quiet).toBe(entries.filter((entry) => entry.quiet).length);
      }),
    );
  });

  it('lists the longest without an update first within each stage', () => {
    fc.assert(
      fc.property(projects, weeks, (list, n) => {
        for (const group of caseloadOf(list, NOW, n).stages) {
          const times = group.entries.map((entry) => entry.project.lastActivityAt.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('never flags more projects when the fellow allows more weeks', () => {
    fc.assert(
      fc.property(projects, weeks, weeks, (list, a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        expect(caseloadOf(list, NOW, more).quiet).toBeLessThanOrEqual(caseloadOf(list, NOW, fewer).quiet);
      }),
    );
  });

  it('does not depend on the order the projects come in', () => {
    fc.assert(
      fc.property(projects, weeks, (list, n) => {
        const ids = (input: typeof list) =>
          caseloadOf(input, NOW, n).stages.map((group) => group.entries.map((entry) => entry.project.id));
        expect(ids([...list].reverse())).toEqual(ids(list));
      }),
    );
  });
});

describe('meeting dates', () => {
  it('reads today in London, across midnight and the clock change', () => {
    expect(londonToday(new Date('2026-10-14T09:00:00Z'))).toBe('2026-10-14');
    // 23:30 UTC in summer is already the next day in London.
    expect(londonToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    // In winter London is on UTC.
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(londonToday(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
  });

  it.each([
    ['2026-10-14', null],
    ['2026-10-13', null],
    ['2025-01-01', null],
    ['2026-10-15', 'The date you met must be today or in the past'],
    ['2027-01-01', 'The date you met must be today or in the past'],
  ])('a meeting on %s at TEST_NOW: %j', (metOn, problem) => {
    expect(meetingDateProblem(metOn, NOW)).toBe(problem);
  });

  it('takes a meeting late in the evening in London on the day it is there', () => {
    const lateEvening = new Date('2026-07-01T23:30:00Z');
    expect(meetingDateProblem('2026-07-02', lateEvening)).toBeNull();
    expect(meetingDateProblem('2026-07-03', lateEvening)).not.toBeNull();
  });
});
