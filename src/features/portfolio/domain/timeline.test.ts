import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  JOURNEY_SETTINGS,
  JOURNEY_SETTING_LABELS,
  type JourneyStep,
  formatRelativeDay,
  layoutTimeline,
  validateJourneySteps,
} from './timeline.ts';

const JOURNEY: JourneyStep[] = [
  { setting: 'general_practice', day: -2, title: 'GP visit: increasing falls' },
  { setting: 'ambulance', day: 0, title: 'Found on the floor, conveyed' },
  { setting: 'hospital', day: 0, title: 'Admitted with a hip fracture' },
  { setting: 'hospital', day: 3, title: 'Surgery' },
  { setting: 'social_care', day: 3, title: 'Care needs assessment' },
  { setting: 'hospital', day: 3, title: 'Physiotherapy' },
  { setting: 'patient_home', day: 9, title: 'Home with a package of care' },
  { setting: 'general_practice', day: 12, title: 'GP review of medicines' },
];

describe('formatting days', () => {
  it.each([
    [0, 'Day 0'],
    [3, 'Day 3'],
    [-2, 'Day −2'],
    [-0, 'Day 0'],
    [1.6, 'Day 2'],
    [Number.NaN, 'Day 0'],
    [365, 'Day 365'],
  ])('%s → %s', (day, label) => {
    expect(formatRelativeDay(day)).toBe(label);
  });
});

describe('the timeline layout', () => {
  const layout = layoutTimeline(JOURNEY);

  it('labels every setting', () => {
    expect(Object.keys(JOURNEY_SETTING_LABELS)).toEqual([...JOURNEY_SETTINGS]);
  });

  it('has a lane per setting used, in the order first written', () => {
    expect(layout.lanes.map((l) => [l.setting, l.label, l.index])).toEqual([
      ['general_practice', 'General practice', 0],
      ['ambulance', 'Ambulance service', 1],
      ['hospital', 'Hospital', 2],
      ['social_care', 'Social care', 3],
      ['patient_home', 'Patient’s home', 4],
    ]);
  });

  it('has a column per day used, in day order', () => {
    expect(layout.columns).toEqual([
      { day: -2, label: 'Day −2', index: 0 },
      { day: 0, label: 'Day 0', index: 1 },
      { day: 3, label: 'Day 3', index: 2 },
      { day: 9, label: 'Day 9', index: 3 },
      { day: 12, label: 'Day 12', index: 4 },
    ]);
  });

  it('places each step in its cell, stacking steps that share one, and makes the lane tall enough', () => {
    expect(layout.items.map((i) => [i.stepIndex, i.lane, i.column, i.slot, i.row])).toEqual([
      [0, 0, 0, 0, 0],
      [1, 1, 1, 0, 1],
      [2, 2, 1, 0, 2],
      [3, 2, 2, 0, 2],
      [4, 3, 2, 0, 4],
      [5, 2, 2, 1, 3],
      [6, 4, 3, 0, 5],
      [7, 0, 4, 0, 0],
    ]);
    expect(layout.lanes.map((l) => [l.slots, l.firstRow])).toEqual([
      [1, 0],
      [1, 1],
      [2, 2],
      [1, 4],
      [1, 5],
    ]);
    expect(layout.rowCount).toBe(6);
  });

  it('lists the steps by day, then as written', () => {
    expect(layout.ordered.map((s) => [s.stepIndex, s.dayLabel, s.settingLabel])).toEqual([
      [0, 'Day −2', 'General practice'],
      [1, 'Day 0', 'Ambulance service'],
      [2, 'Day 0', 'Hospital'],
      [3, 'Day 3', 'Hospital'],
      [4, 'Day 3', 'Social care'],
      [5, 'Day 3', 'Hospital'],
      [6, 'Day 9', 'Patient’s home'],
      [7, 'Day 12', 'General practice'],
    ]);
  });

  it('counts the moves between settings in time order', () => {
    // GP → ambulance → hospital, hospital → social care → hospital → home → GP.
    expect(layout.moves).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 3, to: 4 },
      { from: 4, to: 5 },
      { from: 5, to: 6 },
      { from: 6, to: 7 },
    ]);
    expect(layout.crossings).toBe(6);
  });

  it('sorts steps written out of order', () => {
    const steps: JourneyStep[] = [
      { setting: 'hospital', day: 5, title: 'Discharged' },
      { setting: 'general_practice', day: -1, title: 'Referred' },
      { setting: 'hospital', day: 0, title: 'Admitted' },
    ];
    const l = layoutTimeline(steps);
    expect(l.lanes.map((x) => x.setting)).toEqual(['hospital', 'general_practice']);
    expect(l.ordered.map((s) => s.title)).toEqual(['Referred', 'Admitted', 'Discharged']);
    expect(l.crossings).toBe(1);
  });

  it('draws an unknown setting in the other lane', () => {
    const l = layoutTimeline([
      { setting: 'dentist', day: 0, title: 'A' },
      { setting: 'other', day: 1, title: 'B' },
    ]);
    expect(l.lanes.map((x) => x.setting)).toEqual(['other']);
    expect(l.crossings).toBe(0);
  });

  it('lays out nothing for no steps', () => {
    expect(layoutTimeline([])).toEqual({
      lanes: [],
      columns: [],
      items: [],
      ordered: [],
      moves: [],
      crossings: 0,
      rowCount: 0,
    });
  });

  const step = fc.record({
    setting: fc.constantFrom<string>(...JOURNEY_SETTINGS, 'unknown'),
    day: fc.integer({ min: -10, max: 30 }),
    title: fc.string({ maxLength: 10 }),
  });

  it('places every step exactly once, in a cell no other step has, in its own setting and day', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const l = layoutTimeline(steps);
        expect(l.items.map((i) => i.stepIndex)).toEqual(steps.map((_, i) => i));
        expect(l.ordered.map((s) => s.stepIndex).sort((a, b) => a - b)).toEqual(steps.map((_, i) => i));
        const places = new Set(l.items.map((i) => `${String(i.row)}:${String(i.column)}`));
        expect(places.size).toBe(steps.length);
        for (const item of l.items) {
          const s = steps[item.stepIndex]!;
          expect(l.lanes[item.lane]?.setting).toBe(s.setting === 'unknown' ? 'other' : s.setting);
          expect(l.columns[item.column]?.day).toBe(s.day);
          const lane = l.lanes[item.lane]!;
          expect(item.row).toBeGreaterThanOrEqual(lane.firstRow);
          expect(item.row).toBeLessThan(lane.firstRow + lane.slots);
          expect(item.row).toBeLessThan(l.rowCount);
        }
      }),
    );
  });

  it('has distinct lanes, strictly ascending columns, a day-ordered list, and fewer crossings than steps', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const l = layoutTimeline(steps);
        expect(new Set(l.lanes.map((x) => x.setting)).size).toBe(l.lanes.length);
        l.lanes.forEach((lane, i) => expect(lane.index).toBe(i));
        l.columns.forEach((column, i) => {
          expect(column.index).toBe(i);
          if (i > 0) expect(column.day).toBeGreaterThan(l.columns[i - 1]!.day);
        });
        for (let i = 1; i < l.ordered.length; i++) {
          const [a, b] = [l.ordered[i - 1]!, l.ordered[i]!];
          expect(a.day < b.day || (a.day === b.day && a.stepIndex < b.stepIndex)).toBe(true);
        }
        expect(l.crossings).toBeLessThanOrEqual(Math.max(steps.length - 1, 0));
        expect(l.crossings).toBeGreaterThanOrEqual(Math.max(l.lanes.length - 1, 0));
      }),
    );
  });
});

describe('checking the steps', () => {
  it('accepts a journey across settings', () => {
    expect(validateJourneySteps(JOURNEY)).toEqual([]);
  });

  it('needs at least two steps and at most forty', () => {
    expect(validateJourneySteps([]).map((p) => p.message)).toEqual(['Add at least 2 steps to the journey']);
    expect(validateJourneySteps([JOURNEY[0]!]).map((p) => p.message)).toEqual(['Add at least 2 steps to the journey']);
    const many = Array.from({ length: 41 }, (_, i) => JOURNEY[i % JOURNEY.length]!);
    expect(validateJourneySteps(many).map((p) => p.path)).toEqual(['steps']);
  });

  it('checks each step, naming the field', () => {
    expect(
      validateJourneySteps([
        { setting: 'dentist', day: 0, title: 'A' },
        { setting: 'hospital', day: 1.5, title: 'B' },
        { setting: 'hospital', day: -4000, title: ' ' },
        { setting: 'hospital', day: 2, title: 'x'.repeat(201) },
      ]).map((p) => [p.path, p.message]),
    ).toEqual([
      ['steps[0].setting', 'Select where this step happened'],
      ['steps[1].day', 'Day must be a whole number, like 0 for admission or -2 for two days before'],
      ['steps[2].day', 'Day must be between -3650 and 3650'],
      ['steps[2].title', 'Enter what happened at this step'],
      ['steps[3].title', 'What happened must be 200 characters or fewer'],
    ]);
  });

  it('warns, without refusing, when the journey never leaves one setting', () => {
    expect(
      validateJourneySteps([
        { setting: 'hospital', day: 0, title: 'Admitted' },
        { setting: 'hospital', day: 4, title: 'Discharged' },
      ]),
    ).toEqual([
      {
        path: 'steps',
        severity: 'warning',
        message:
          'Every step is in the same setting: a patient journey usually shows the patient moving between settings',
      },
    ]);
  });
});
