import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CYCLE_STATES,
  CYCLE_STATE_TAGS,
  DECISION_TAGS,
  cycleState,
  cyclesPerIdea,
  readCycleForm,
  readIdeaForm,
  type CycleState,
} from './pdsa.ts';
import { PDSA_DECISIONS } from './projects.ts';

const TODAY = '2026-10-14';
const IDEA = '0192a4c1-0000-7000-8000-000000000001';
const OTHER_IDEA = '0192a4c1-0000-7000-8000-000000000002';
const context = { today: TODAY, ideaIds: [IDEA] };

/** A plan the form accepts, with its start date typed as the NHS date input posts it. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    changeIdeaId: IDEA,
    title: 'Offer a dry-powder inhaler at asthma reviews',
    plan: 'Practice nurse offers a DPI to five patients at their review this week',
    prediction: 'Three of five will switch',
    'startsOn[day]': '5',
    'startsOn[month]': '10',
    'startsOn[year]': '2026',
    ...overrides,
  };
}

function problemsOf(values: Record<string, string>, today = TODAY): { field: string; message: string }[] {
  const read = readCycleForm(values, { today, ideaIds: [IDEA] });
  return read.ok ? [] : read.problems.map(({ field, message }) => ({ field, message }));
}

describe('a cycle’s state', () => {
  const cases: [
    string,
    { startsOn: string; study: string; decision: 'adopt' | 'adapt' | 'abandon' | null },
    CycleState,
  ][] = [
    ['starting tomorrow', { startsOn: '2026-10-15', study: '', decision: null }, 'planned'],
    ['starting next year', { startsOn: '2027-01-01', study: '', decision: null }, 'planned'],
    ['starting today', { startsOn: TODAY, study: '', decision: null }, 'running'],
    ['started last week', { startsOn: '2026-10-07', study: '', decision: null }, 'running'],
    ['started, with only spaces as its study', { startsOn: '2026-10-07', study: '  \n ', decision: null }, 'running'],
    ['studied, no decision', { startsOn: '2026-10-07', study: 'Two of five switched', decision: null }, 'studied'],
    ['decided to adopt', { startsOn: '2026-10-07', study: 'Four of five', decision: 'adopt' }, 'done'],
    ['decided to adapt', { startsOn: '2026-10-07', study: 'Two of five', decision: 'adapt' }, 'done'],
    ['decided to abandon', { startsOn: '2026-10-07', study: 'None', decision: 'abandon' }, 'done'],
    ['decided without a study (older data)', { startsOn: '2026-10-07', study: '', decision: 'adapt' }, 'done'],
    ['studied but dated in the future (older data)', { startsOn: '2026-12-01', study: 'x', decision: null }, 'studied'],
  ];
  it.each(cases)('%s', (_, cycle, state) => {
    expect(cycleState(cycle, TODAY)).toBe(state);
  });

  it('every state and decision has a tag with words', () => {
    for (const state of CYCLE_STATES) expect(CYCLE_STATE_TAGS[state].text).not.toBe('');
    for (const decision of PDSA_DECISIONS) expect(DECISION_TAGS[decision].text).not.toBe('');
    expect(new Set(CYCLE_STATES.map((state) => CYCLE_STATE_TAGS[state].text)).size).toBe(CYCLE_STATES.length);
  });

  it('a decision always means done, and a cycle with nothing written is planned exactly when it starts later', () => {
    const day = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
      .map((time) => new Date(time).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.constantFrom(...PDSA_DECISIONS), (startsOn, today, decision) => {
        expect(cycleState({ startsOn, study: '', decision }, today)).toBe('done');
        expect(cycleState({ startsOn, study: '', decision: null }, today)).toBe(
          startsOn > today ? 'planned' : 'running',
        );
      }),
    );
  });
});

describe('reading a cycle’s form', () => {
  it('reads a plan with its prediction and start date: Do, Study and Act may wait', () => {
    expect(readCycleForm(form(), context)).toEqual({
      ok: true,
      data: {
        changeIdeaId: IDEA,
        title: 'Offer a dry-powder inhaler at asthma reviews',
        plan: 'Practice nurse offers a DPI to five patients at their review this week',
        prediction: 'Three of five will switch',
        startsOn: '2026-10-05',
        endsOn: null,
        happened: '',
        study: '',
        learned: '',
        decision: null,
      },
    });
  });

  it('reads a whole cycle, trimmed, with Windows line breaks made plain', () => {
    const read = readCycleForm(
      form({
        title: '  Offer a DPI  ',
        'endsOn[day]': '9',
        'endsOn[month]': '10',
        'endsOn[year]': '2026',
        happened: 'Five offered,\r\nfour switched',
        study: 'Better than predicted',
        learned: 'Patients value fewer puffs',
        decision: 'adopt',
      }),
      context,
    );
    expect(read.ok && read.data).toMatchObject({
      title: 'Offer a DPI',
      endsOn: '2026-10-09',
      happened: 'Five offered,\nfour switched',
      decision: 'adopt',
    });
  });

  it('tests no change idea when none is chosen', () => {
    const read = readCycleForm(form({ changeIdeaId: '' }), context);
    expect(read.ok && read.data.changeIdeaId).toBeNull();
    const missing = readCycleForm({ ...form(), changeIdeaId: undefined }, context);
    expect(missing.ok && missing.data.changeIdeaId).toBeNull();
  });

  it('names every missing part of the plan, in the order of the page', () => {
    expect(problemsOf({})).toEqual([
      { field: 'title', message: 'Enter a title for the cycle' },
      { field: 'plan', message: 'Write the plan: what will be tried, by whom, where and when' },
      { field: 'prediction', message: 'Write what you predict will happen, before the test starts' },
      { field: 'startsOn', message: 'Enter the start date' },
    ]);
  });

  it('counts only spaces as empty', () => {
    expect(problemsOf(form({ title: '   ', prediction: '\n\t' })).map((p) => p.field)).toEqual(['title', 'prediction']);
  });

  it.each([
    ['title', 151, 'The title must be 150 characters or fewer'],
    ['plan', 2001, 'The plan must be 2000 characters or fewer'],
    ['prediction', 2001, 'The prediction must be 2000 characters or fewer'],
  ])('refuses a %s of %i characters', (field, length, message) => {
    expect(problemsOf(form({ [field]: 'x'.repeat(length) }))).toEqual([{ field, message }]);
    expect(problemsOf(form({ [field]: 'x'.repeat(length - 1) }))).toEqual([]);
  });

  it.each([
    ['happened', {}, 'What happened must be 3000 characters or fewer'],
    ['study', { happened: 'x' }, 'The study must be 3000 characters or fewer'],
    ['learned', { happened: 'x', study: 'x', decision: 'adapt' }, 'What was learned must be 3000 characters or fewer'],
  ])('refuses %s over 3000 characters', (field, before, message) => {
    expect(problemsOf(form({ ...before, [field]: 'x'.repeat(3001) }))).toEqual([{ field, message }]);
    expect(problemsOf(form({ ...before, [field]: 'x'.repeat(3000) }))).toEqual([]);
  });

  it.each([
    [{ day: '31', month: '2', year: '2026' }, 'Start date must be a real date, like 2 11 2026'],
    [{ day: '5', month: '', year: '2026' }, 'Start date must include a month'],
    [{ day: '5', month: '10', year: '26' }, 'Start date must be a real date, like 2 11 2026'],
    [{ day: 'x', month: '10', year: '2026' }, 'Start date must be a real date, like 2 11 2026'],
  ])('explains a start date it cannot read: %o', (parts, message) => {
    const values = form({ 'startsOn[day]': parts.day, 'startsOn[month]': parts.month, 'startsOn[year]': parts.year });
    expect(problemsOf(values)).toEqual([{ field: 'startsOn', message }]);
    const read = readCycleForm(values, context);
    expect(!read.ok && read.problems[0]?.href).toBe('#startsOn-day');
  });

  it('reads the date boxes as a form built by hand names them too', () => {
    const read = readCycleForm(
      {
        title: 'T',
        plan: 'P',
        prediction: 'Q',
        'startsOn-day': '1',
        'startsOn-month': '9',
        'startsOn-year': '2026',
        'endsOn-day': '2',
        'endsOn-month': '9',
        'endsOn-year': '2026',
      },
      context,
    );
    expect(read.ok && [read.data.startsOn, read.data.endsOn]).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('takes an end date on the start date or after it, and refuses one before it', () => {
    const end = (day: string, month = '10') =>
      form({ 'endsOn[day]': day, 'endsOn[month]': month, 'endsOn[year]': '2026' });
    const same = readCycleForm(end('5'), context);
    expect(same.ok && same.data.endsOn).toBe('2026-10-05');
    expect(problemsOf(end('4'))).toEqual([
      { field: 'endsOn', message: 'End date must be the same as or after the start date' },
    ]);
    expect(problemsOf(end('30', '2'))).toEqual([
      { field: 'endsOn', message: 'End date must be a real date, like 16 11 2026' },
    ]);
    expect(problemsOf(form({ 'endsOn[day]': '9' }))).toEqual([
      { field: 'endsOn', message: 'End date must include a month and year' },
    ]);
  });

  it('leaves an end date alone when the start date cannot be read', () => {
    const values = form({ 'startsOn[day]': '', 'endsOn[day]': '1', 'endsOn[month]': '1', 'endsOn[year]': '2020' });
    expect(problemsOf(values).map((p) => p.field)).toEqual(['startsOn']);
  });

  it('lets a planned cycle start in the future, but nothing can have happened in it yet', () => {
    const future = { 'startsOn[day]': '2', 'startsOn[month]': '11', 'startsOn[year]': '2026' };
    expect(problemsOf(form(future))).toEqual([]);
    expect(problemsOf(form({ ...future, happened: 'Four switched' }))).toEqual([
      {
        field: 'happened',
        message:
          'The test starts in the future, so nothing can have happened yet: leave this empty or change the start date',
      },
    ]);
    // Starting today, the test may have happened already.
    expect(problemsOf(form({ 'startsOn[day]': '14', happened: 'Four switched' }))).toEqual([]);
  });

  it('takes the steps in order: Study needs Do, Act needs Study', () => {
    expect(problemsOf(form({ study: 'Better than predicted' }))).toEqual([
      { field: 'study', message: 'Write what happened before studying it against the prediction' },
    ]);
    expect(problemsOf(form({ happened: 'x', learned: 'Patients value fewer puffs', decision: 'adopt' }))).toEqual([
      {
        field: 'learned',
        message: 'Write the study before what was learned: compare what happened with the prediction',
      },
    ]);
    expect(problemsOf(form({ happened: 'x', study: 'y' }))).toEqual([]);
  });

  it('keeps what was learned with the decision it led to', () => {
    const studied = { happened: 'Four switched', study: 'Better than predicted' };
    expect(problemsOf(form({ ...studied, learned: 'Patients value fewer puffs' }))).toEqual([
      {
        field: 'decision',
        message: 'Choose whether to adopt, adapt or abandon the change, now that you have written what was learned',
      },
    ]);
    expect(problemsOf(form({ ...studied, decision: 'adopt' }))).toEqual([
      { field: 'learned', message: 'Write what was learned that led to the decision' },
    ]);
    for (const decision of PDSA_DECISIONS) {
      expect(problemsOf(form({ ...studied, learned: 'Fewer puffs', decision }))).toEqual([]);
    }
  });

  it('refuses a decision that is not one of the three', () => {
    expect(
      problemsOf(form({ happened: 'x', study: 'y', learned: 'z', decision: 'keep going' })).map((p) => p.message),
    ).toEqual(['Choose whether to adopt, adapt or abandon the change']);
  });

  it('refuses a change idea that is not the project’s', () => {
    expect(problemsOf(form({ changeIdeaId: OTHER_IDEA }))).toEqual([
      { field: 'changeIdeaId', message: 'Choose a change idea from the list, or “No change idea”' },
    ]);
    expect(problemsOf(form({ changeIdeaId: 'not-an-id' })).map((p) => p.field)).toEqual(['changeIdeaId']);
  });

  it('reads anything that is not text as empty', () => {
    const read = readCycleForm({ ...form(), title: ['a', 'b'], happened: 42 }, context);
    expect(!read.ok && read.problems.map((p) => p.field)).toEqual(['title']);
  });

  it('never accepts a form whose steps are out of order, and always keeps the dates it accepts in order', () => {
    const text = fc.constantFrom('', '  ', 'something');
    const day = fc.integer({ min: 1, max: 31 }).map(String);
    const month = fc.integer({ min: 1, max: 12 }).map(String);
    fc.assert(
      fc.property(
        fc.record({
          happened: text,
          study: text,
          learned: text,
          decision: fc.constantFrom('', ...PDSA_DECISIONS),
          startDay: day,
          startMonth: month,
          endDay: fc.option(day),
          endMonth: month,
        }),
        (input) => {
          const read = readCycleForm(
            form({
              happened: input.happened,
              study: input.study,
              learned: input.learned,
              decision: input.decision,
              'startsOn[day]': input.startDay,
              'startsOn[month]': input.startMonth,
              'endsOn[day]': input.endDay ?? '',
              'endsOn[month]': input.endDay === null ? '' : input.endMonth,
              'endsOn[year]': input.endDay === null ? '' : '2026',
            }),
            context,
          );
          if (!read.ok) return;
          const cycle = read.data;
          if (cycle.study !== '') expect(cycle.happened).not.toBe('');
          if (cycle.learned !== '') expect(cycle.study).not.toBe('');
          expect(cycle.learned === '').toBe(cycle.decision === null);
          if (cycle.happened !== '') expect(cycle.startsOn <= TODAY).toBe(true);
          if (cycle.endsOn !== null) expect(cycle.endsOn >= cycle.startsOn).toBe(true);
        },
      ),
    );
  });
});

describe('reading a change idea', () => {
  it('takes a description, trimmed', () => {
    expect(readIdeaForm({ description: '  Offer DPIs at asthma reviews ' })).toEqual({
      ok: true,
      data: { description: 'Offer DPIs at asthma reviews' },
    });
  });

  it.each([
    [{}, 'Describe the change idea'],
    [{ description: '   ' }, 'Describe the change idea'],
    [{ description: 'x'.repeat(501) }, 'The change idea must be 500 characters or fewer'],
  ])('refuses %o', (values, message) => {
    expect(readIdeaForm(values)).toEqual({
      ok: false,
      problems: [{ field: 'description', href: '#description', message }],
    });
  });

  it('takes 500 characters', () => {
    expect(readIdeaForm({ description: 'x'.repeat(500) }).ok).toBe(true);
  });
});

describe('cycles per change idea', () => {
  it('counts the cycles testing each idea and leaves out cycles testing none', () => {
    const counts = cyclesPerIdea([
      { changeIdeaId: IDEA },
      { changeIdeaId: null },
      { changeIdeaId: IDEA },
      { changeIdeaId: OTHER_IDEA },
    ]);
    expect([...counts.entries()]).toEqual([
      [IDEA, 2],
      [OTHER_IDEA, 1],
    ]);
    expect(cyclesPerIdea([]).size).toBe(0);
  });
});

describe('patient identifiers in a cycle', () => {
  it('are refused in every text, each at its own field', () => {
    const problems = problemsOf(
      form({
        plan: 'Call the patient with NHS number 943 476 5919 first',
        happened: 'Seen on the day; DOB 3.4.51',
        study: 'As predicted.',
        learned: 'Keep going.',
        decision: 'adopt',
      }),
    );
    expect(problems.map((problem) => problem.field)).toEqual(['plan', 'happened']);
    expect(problems[0]?.message).toContain('The plan may identify a patient: “943 476 5919”.');
    expect(problems[1]?.message).toContain('What happened may identify a patient: “3.4.51”.');
  });

  it('leave staff names and sites alone', () => {
    expect(
      problemsOf(form({ plan: 'Dr Karim and the nurse at Riverside Surgery, CB2 0QQ, test it for a week' })),
    ).toEqual([]);
  });
});
