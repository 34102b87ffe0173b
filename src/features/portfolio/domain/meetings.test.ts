import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MEETING_TYPES,
  MEETING_TYPE_LABELS,
  type MeetingStatus,
  type PdpGoal,
  carryOverGoals,
  currentPlacement,
  currentPlan,
  goalsOverdue,
  londonDay,
  meetingWindows,
  meetingsDue,
  validateGoalReview,
  validateGoals,
  validateMeetingRecord,
} from './meetings.ts';

/** A calendar date as a `date` column gives it. */
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Noon in London on a day (BST in summer). */
const noon = (iso: string) => new Date(`${iso}T11:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);

// A four-month placement: 5 August to 1 December 2026 (119 days; the middle day is 3 October).
const START = d('2026-08-05');
const END = d('2026-12-01');

function statuses(now: Date, held: { type: (typeof MEETING_TYPES)[number]; heldOn: Date }[] = []) {
  return meetingsDue({ placementStart: START, placementEnd: END, held, now }).map((m) => m.status);
}

describe('meeting deadlines', () => {
  it('labels every type', () => {
    expect(Object.keys(MEETING_TYPE_LABELS)).toEqual([...MEETING_TYPES]);
  });

  it('sets the initial meeting by day 28, the mid-point by the middle, the end by the last day', () => {
    const due = meetingsDue({ placementStart: START, placementEnd: END, held: [], now: noon('2026-08-05') });
    expect(due.map((m) => [m.type, iso(m.opensOn), iso(m.dueBy)])).toEqual([
      ['initial', '2026-08-05', '2026-09-01'],
      ['mid_point', '2026-09-06', '2026-10-03'],
      ['end_of_placement', '2026-11-04', '2026-12-01'],
    ]);
  });

  it.each<[string, MeetingStatus[]]>([
    ['2026-07-20', ['not_yet', 'not_yet', 'not_yet']],
    ['2026-08-05', ['due', 'not_yet', 'not_yet']],
    ['2026-09-01', ['due', 'not_yet', 'not_yet']],
    ['2026-09-02', ['overdue', 'not_yet', 'not_yet']],
    ['2026-09-06', ['overdue', 'due', 'not_yet']],
    ['2026-10-03', ['overdue', 'due', 'not_yet']],
    ['2026-10-04', ['overdue', 'overdue', 'not_yet']],
    ['2026-11-04', ['overdue', 'overdue', 'due']],
    ['2026-12-01', ['overdue', 'overdue', 'due']],
    ['2026-12-02', ['overdue', 'overdue', 'overdue']],
  ])('on %s, with nothing held: %o', (day, expected) => {
    expect(statuses(noon(day))).toEqual(expected);
  });

  it('counts a meeting held, even early or late, and shows the latest date', () => {
    const held = [
      { type: 'initial' as const, heldOn: d('2026-09-10') },
      { type: 'mid_point' as const, heldOn: d('2026-08-20') },
      { type: 'mid_point' as const, heldOn: d('2026-08-25') },
    ];
    const due = meetingsDue({ placementStart: START, placementEnd: END, held, now: noon('2026-11-20') });
    expect(due.map((m) => m.status)).toEqual(['done', 'done', 'due']);
    expect(due.map((m) => (m.heldOn === null ? null : iso(m.heldOn)))).toEqual(['2026-09-10', '2026-08-25', null]);
  });

  it('reads today in London: 23:30 UTC on 1 September is already 2 September in summer time', () => {
    expect(statuses(new Date('2026-09-01T22:30:00Z'))[0]).toBe('due');
    expect(statuses(new Date('2026-09-01T23:30:00Z'))[0]).toBe('overdue');
    expect(londonDay(new Date('2026-01-01T23:30:00Z'))).toBe(Math.floor(d('2026-01-01').getTime() / 86_400_000));
  });

  it('fits short placements: a six-week placement still has three windows in order', () => {
    const w = meetingWindows(d('2026-08-05'), d('2026-09-15'));
    // 42 days: the middle is day 21 (25 August).
    expect(iso(new Date(w.initial.dueBy * 86_400_000))).toBe('2026-08-25');
    expect(iso(new Date(w.mid_point.opensOn * 86_400_000))).toBe('2026-08-05');
    expect(iso(new Date(w.end_of_placement.opensOn * 86_400_000))).toBe('2026-08-26');
  });

  it('reads an end before the start as a one-day placement', () => {
    const w = meetingWindows(d('2026-08-05'), d('2026-08-01'));
    const day = Math.floor(d('2026-08-05').getTime() / 86_400_000);
    for (const type of MEETING_TYPES) expect(w[type]).toEqual({ opensOn: day, dueBy: day });
  });

  it('keeps every window inside the placement, opening on or before its deadline, deadlines in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18000, max: 22000 }), fc.integer({ min: 0, max: 800 }), (start, length) => {
        const w = meetingWindows(new Date(start * 86_400_000), new Date((start + length) * 86_400_000));
        for (const type of MEETING_TYPES) {
          expect(w[type].opensOn).toBeGreaterThanOrEqual(start);
          expect(w[type].dueBy).toBeLessThanOrEqual(start + length);
          expect(w[type].opensOn).toBeLessThanOrEqual(w[type].dueBy);
        }
        expect(w.initial.dueBy).toBeLessThanOrEqual(w.mid_point.dueBy);
        expect(w.mid_point.dueBy).toBeLessThanOrEqual(w.end_of_placement.dueBy);
        expect(w.end_of_placement.dueBy).toBe(start + length);
        if (length >= 1) expect(w.end_of_placement.opensOn).toBeGreaterThan(w.mid_point.dueBy);
      }),
    );
  });

  it('never moves a meeting backwards as time passes (not yet → due → overdue; done stays done)', () => {
    const rank: Record<MeetingStatus, number> = { not_yet: 0, due: 1, overdue: 2, done: 3 };
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 200 }), fc.integer({ min: 0, max: 60 }), (offset, later) => {
        const at = (days: number) => new Date(START.getTime() + days * 86_400_000 + 12 * 3_600_000);
        const before = statuses(at(offset));
        const after = statuses(at(offset + later));
        before.forEach((status, i) => expect(rank[after[i]!]).toBeGreaterThanOrEqual(rank[status]));
      }),
    );
  });
});

describe('recording a meeting', () => {
  const base = { placementStart: START, placementEnd: END, held: [], now: noon('2026-10-01') };

  it('accepts a meeting in its window', () => {
    expect(validateMeetingRecord({ ...base, type: 'initial', heldOn: d('2026-08-12') })).toEqual([]);
  });

  it('refuses an unknown type and a date in the future', () => {
    expect(validateMeetingRecord({ ...base, type: 'lunch', heldOn: d('2026-08-12') })).toEqual([
      { path: 'type', severity: 'error', message: 'Select the type of meeting' },
    ]);
    expect(validateMeetingRecord({ ...base, type: 'mid_point', heldOn: d('2026-10-02') })).toEqual([
      { path: 'heldOn', severity: 'error', message: 'Date of the meeting must be today or in the past' },
    ]);
  });

  it('warns about a date outside the placement, an early meeting, and a repeat', () => {
    expect(validateMeetingRecord({ ...base, type: 'initial', heldOn: d('2026-08-01') })).toEqual([
      { path: 'heldOn', severity: 'warning', message: 'This date is outside the placement' },
    ]);
    expect(validateMeetingRecord({ ...base, type: 'end_of_placement', heldOn: d('2026-08-20') })).toEqual([
      {
        path: 'heldOn',
        severity: 'warning',
        message: 'This is early for the end of placement review: it is usually held from 4 November 2026',
      },
    ]);
    const held = [{ type: 'mid_point' as const, heldOn: d('2026-09-20') }];
    expect(validateMeetingRecord({ ...base, held, type: 'mid_point', heldOn: d('2026-09-30') })).toEqual([
      { path: 'type', severity: 'warning', message: 'A mid-point review has already been recorded for this placement' },
    ]);
  });
});

function goal(id: string, status: PdpGoal['status'], targetDate: string | null = null, text = `Goal ${id}`): PdpGoal {
  return { id, text, targetDate: targetDate === null ? null : d(targetDate), status, carriedFrom: null };
}

describe('the personal development plan', () => {
  it('carries open goals over with new ids and a link back; closed goals stay behind', () => {
    const previous = [goal('a', 'open', '2026-09-01'), goal('b', 'achieved'), goal('c', 'dropped'), goal('d', 'open')];
    expect(carryOverGoals(previous, (g) => `new-${g.id}`)).toEqual([
      { id: 'new-a', text: 'Goal a', targetDate: d('2026-09-01'), status: 'open', carriedFrom: 'a' },
      { id: 'new-d', text: 'Goal d', targetDate: null, status: 'open', carriedFrom: 'd' },
    ]);
    expect(carryOverGoals([], () => 'x')).toEqual([]);
  });

  it('carries over exactly the open goals, each once, and leaves the previous plan untouched', () => {
    const anyGoal = fc.record({
      id: fc.uuid(),
      text: fc.string(),
      targetDate: fc.option(
        fc.integer({ min: 18000, max: 22000 }).map((n) => new Date(n * 86_400_000)),
        {
          nil: null,
        },
      ),
      status: fc.constantFrom('open' as const, 'achieved' as const, 'dropped' as const),
      carriedFrom: fc.option(fc.uuid(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(anyGoal, { maxLength: 12 }), (previous) => {
        const copy = structuredClone(previous);
        const next = carryOverGoals(previous, (g) => `${g.id}+1`);
        expect(previous).toEqual(copy);
        const open = previous.filter((g) => g.status === 'open');
        expect(next.map((g) => g.carriedFrom)).toEqual(open.map((g) => g.id));
        expect(next.every((g) => g.status === 'open')).toBe(true);
        expect(next.map((g) => g.text)).toEqual(open.map((g) => g.text));
        // Carrying over twice leads back through both plans.
        const again = carryOverGoals(next, (g) => `${g.id}+1`);
        expect(again.map((g) => g.carriedFrom)).toEqual(next.map((g) => g.id));
      }),
    );
  });

  it('finds open goals past their target date, the target day itself being on time', () => {
    const goals = [
      goal('late', 'open', '2026-09-30'),
      goal('today', 'open', '2026-10-01'),
      goal('later', 'open', '2026-11-01'),
      goal('undated', 'open'),
      goal('done', 'achieved', '2026-01-01'),
      goal('older', 'open', '2026-03-01'),
    ];
    expect(goalsOverdue(goals, noon('2026-10-01')).map((g) => g.id)).toEqual(['older', 'late']);
    // 23:30 UTC on 1 October is 2 October in London.
    expect(goalsOverdue(goals, new Date('2026-10-01T23:30:00Z')).map((g) => g.id)).toEqual(['older', 'late', 'today']);
  });

  it('checks new goals', () => {
    const now = noon('2026-10-01');
    expect(validateGoals([{ text: 'Lead a discharge MDT', targetDate: d('2026-12-01') }], now)).toEqual([]);
    expect(validateGoals([], now)).toEqual([{ path: 'goals', severity: 'error', message: 'Add at least one goal' }]);
    expect(
      validateGoals(
        [
          { text: '  ', targetDate: d('2026-10-01') },
          { text: 'x'.repeat(501), targetDate: d('2026-09-30') },
          { text: 'Shadow a social worker', targetDate: null },
        ],
        now,
      ),
    ).toEqual([
      { path: 'goals[0].text', severity: 'error', message: 'Enter the goal' },
      { path: 'goals[1].text', severity: 'error', message: 'Goal must be 500 characters or fewer' },
      { path: 'goals[1].targetDate', severity: 'error', message: 'Target date must be today or in the future' },
      {
        path: 'goals[2].targetDate',
        severity: 'warning',
        message: 'Add a target date, so you and your supervisor know when to review this goal',
      },
    ]);
    const eleven = Array.from({ length: 11 }, () => ({ text: 'Goal', targetDate: d('2026-12-01') }));
    expect(validateGoals(eleven, now).map((p) => p.path)).toEqual(['goals']);
  });

  describe('reviewing the plan', () => {
    const plan = [goal('a', 'open'), goal('b', 'open'), goal('c', 'achieved')];

    it('accepts a review of every open goal', () => {
      expect(
        validateGoalReview(plan, [
          { goalId: 'a', status: 'achieved', comment: '' },
          { goalId: 'b', status: 'dropped', comment: 'No longer relevant after changing placement' },
        ]),
      ).toEqual([]);
      expect(validateGoalReview([], [])).toEqual([]);
    });

    it('needs every open goal reviewed', () => {
      expect(validateGoalReview(plan, [{ goalId: 'a', status: 'open', comment: '' }])).toEqual([
        { path: 'goals', severity: 'error', message: 'Review every open goal: 1 has not been reviewed' },
      ]);
      expect(validateGoalReview(plan, [])).toEqual([
        { path: 'goals', severity: 'error', message: 'Review every open goal: 2 have not been reviewed' },
      ]);
    });

    it('refuses unknown and repeated goals, unknown statuses, reopened goals, and unexplained drops', () => {
      expect(
        validateGoalReview(plan, [
          { goalId: 'a', status: 'finished', comment: '' },
          { goalId: 'a', status: 'open', comment: '' },
          { goalId: 'z', status: 'open', comment: '' },
          { goalId: 'c', status: 'open', comment: '' },
          { goalId: 'b', status: 'dropped', comment: '   ' },
        ]).map((p) => [p.path, p.message]),
      ).toEqual([
        ['goals[0].status', 'Select whether the goal is still open, achieved or dropped'],
        ['goals[1]', 'This goal has been reviewed twice: reload the page and try again'],
        ['goals[2]', 'This goal is not part of the plan: reload the page and try again'],
        ['goals[3].status', 'This goal was already achieved: add a new goal instead'],
        ['goals[4].comment', 'Say why the goal was dropped'],
      ]);
    });

    it('limits comments', () => {
      expect(
        validateGoalReview(plan, [
          { goalId: 'a', status: 'open', comment: 'x'.repeat(2001) },
          { goalId: 'b', status: 'open', comment: '' },
        ]),
      ).toEqual([{ path: 'goals[0].comment', severity: 'error', message: 'Comment must be 2000 characters or fewer' }]);
    });
  });
});

describe('the plan as it stands', () => {
  const goal = (id: string, status: PdpGoal['status'], carriedFrom: string | null = null) => ({
    id,
    status,
    carriedFrom,
  });

  it('keeps open goals that nothing carried over, and leaves closed ones out', () => {
    expect(
      currentPlan([goal('a', 'open'), goal('b', 'achieved'), goal('c', 'open'), goal('d', 'open', 'c')]).map(
        (g) => g.id,
      ),
    ).toEqual(['a', 'd']);
  });

  it('follows a goal carried over twice to its last copy', () => {
    expect(currentPlan([goal('a', 'open'), goal('b', 'open', 'a'), goal('c', 'open', 'b')]).map((g) => g.id)).toEqual([
      'c',
    ]);
    expect(currentPlan([goal('a', 'open'), goal('b', 'dropped', 'a')])).toEqual([]);
  });
});

describe('the current placement', () => {
  const p = (id: string, startsOn: string, endsOn: string) => ({ id, startsOn, endsOn });
  const year = [p('one', '2026-08-05', '2026-12-01'), p('two', '2026-12-02', '2027-04-06')];

  it('is the one under way, else the next, else the last', () => {
    expect(currentPlacement(year, noon('2026-10-14'))?.id).toBe('one');
    expect(currentPlacement(year, noon('2026-12-02'))?.id).toBe('two');
    expect(currentPlacement(year, noon('2026-07-01'))?.id).toBe('one');
    expect(currentPlacement(year, noon('2027-06-01'))?.id).toBe('two');
    expect(currentPlacement(year.slice(0, 0), noon('2026-10-14'))).toBeUndefined();
  });

  it('reads the day in London: just after midnight in summer is already the next day', () => {
    const summer = [p('june', '2026-06-03', '2026-08-04'), ...year];
    expect(currentPlacement(summer, new Date('2026-08-04T22:30:00Z'))?.id).toBe('june');
    expect(currentPlacement(summer, new Date('2026-08-04T23:30:00Z'))?.id).toBe('one');
  });

  it('prefers the later of two placements under way', () => {
    expect(currentPlacement([p('long', '2026-08-05', '2027-08-01'), ...year], noon('2026-10-14'))?.id).toBe('one');
  });
});
