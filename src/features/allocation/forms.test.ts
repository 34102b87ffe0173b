import { describe, expect, it } from 'vitest';
import { parseForm, problemErrors } from '../../platform/web/forms.ts';
import {
  eachMessageOnce,
  londonParts,
  londonTime,
  preallocationForm,
  rankField,
  rankingForm,
  readDeadline,
  readRanking,
  readSeed,
  swapForm,
  windowForm,
} from './forms.ts';
import type { WindowChoices } from './service.ts';

const posts = [
  { id: 'a', code: 'P-A' },
  { id: 'b', code: 'P-B' },
  { id: 'c', code: 'P-C' },
];
const form = (ranks: Record<string, string>) =>
  Object.fromEntries(Object.entries(ranks).map(([id, value]) => [rankField(id), value]));

describe('readRanking', () => {
  it('orders the posts by their numbers and leaves blanks out', () => {
    expect(readRanking(form({ a: '2', b: '', c: '1' }), posts, { submitting: true })).toEqual({
      ok: true,
      ranking: ['c', 'a'],
    });
  });

  it('refuses numbers that are not whole, or out of range', () => {
    const result = readRanking(form({ a: '1.5', b: 'x', c: '4' }), posts, { submitting: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'The number for P-A must be a whole number, like 1, or blank',
      'The number for P-B must be a whole number, like 1, or blank',
      'The number for P-C must be from 1 to 3, or blank',
    ]);
  });

  it('refuses the same number twice', () => {
    const result = readRanking(form({ a: '1', b: '1' }), posts, { submitting: false });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]?.message).toBe('P-A and P-B both have number 1: give each post a different number');
  });

  it('refuses gaps', () => {
    const result = readRanking(form({ a: '1', b: '3' }), posts, { submitting: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.field, problem.href])).toEqual([
      [rankField('b'), `#${rankField('b')}`],
    ]);
    expect(result.problems[0]?.message).toContain('no post with number 2');
  });

  it('lets a draft be empty but not a submission', () => {
    expect(readRanking({}, posts, { submitting: false })).toEqual({ ok: true, ranking: [] });
    const result = readRanking({}, posts, { submitting: true });
    expect(result.ok).toBe(false);
  });
});

describe('deadline and seed', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('reads a London time in summer and winter', () => {
    expect(londonTime(2026, 7, 1, 17, 0).toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(londonTime(2026, 12, 1, 17, 0).toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(londonParts(new Date('2026-07-01T16:00:00Z'))).toEqual({
      day: '1',
      month: '7',
      year: '2026',
      time: '17:00',
    });
  });

  it('accepts 24-hour and am/pm times in the future', () => {
    const fields = { 'deadline[day]': '1', 'deadline[month]': '7', 'deadline[year]': '2026' };
    expect(readDeadline({ ...fields, deadlineTime: '5pm' }, now)).toEqual({
      ok: true,
      deadline: new Date('2026-07-01T16:00:00Z'),
    });
    expect(readDeadline({ ...fields, deadlineTime: '09:30' }, now)).toEqual({
      ok: true,
      deadline: new Date('2026-07-01T08:30:00Z'),
    });
  });

  it('explains what is wrong', () => {
    const message = (values: Record<string, string>) => {
      const result = readDeadline(values, now);
      return result.ok ? null : result.problem.message;
    };
    expect(message({})).toBe('Enter the deadline date');
    expect(
      message({ 'deadline[day]': '31', 'deadline[month]': '2', 'deadline[year]': '2026', deadlineTime: '17:00' }),
    ).toBe('Deadline date must be a real date, like 27 3 2027');
    expect(message({ 'deadline[day]': '1', 'deadline[month]': '7', 'deadline[year]': '2026', deadlineTime: '' })).toBe(
      'Enter the deadline time',
    );
    expect(
      message({ 'deadline[day]': '1', 'deadline[month]': '7', 'deadline[year]': '2026', deadlineTime: '25:00' }),
    ).toBe('Deadline time must be a real time, like 17:00 or 5pm');
    expect(
      message({ 'deadline[day]': '1', 'deadline[month]': '1', 'deadline[year]': '2026', deadlineTime: '17:00' }),
    ).toBe('The deadline must be in the future');
  });

  it('reads seeds', () => {
    expect(readSeed('42')).toEqual({ ok: true, seed: 42 });
    expect(readSeed('-1').ok).toBe(false);
    expect(readSeed('99999999999').ok).toBe(false);
  });
});

describe('the forms as submitForm reads them', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('lists a message shared by two posts once in the summary, and at both posts', () => {
    const read = rankingForm(posts, { submitting: false })(form({ a: '1', b: '1' }));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const errors = eachMessageOnce(problemErrors(read.problems));
    expect(errors.list).toHaveLength(1);
    expect(Object.keys(errors.fields)).toEqual([rankField('a'), rankField('b')]);
  });

  it('reads a new window, its learners by stage', () => {
    const choices: WindowChoices = {
      year: { id: 'y', name: 'F2 2026/27', regionId: 'r', regionName: 'East of England' },
      posts: [],
      learners: [
        { id: 'l1', name: 'A', email: 'a@example.nhs.uk', stage: 'F2' },
        { id: 'l2', name: 'B', email: 'b@example.nhs.uk', stage: 'F1' },
      ],
    };
    const values = {
      name: ' F2 allocation ',
      posts: ['p1', 'p2'],
      learnerMode: 'stage',
      stage: 'F2',
      'deadline[day]': '1',
      'deadline[month]': '7',
      'deadline[year]': '2026',
      deadlineTime: '17:00',
      mechanism: 'deferred-acceptance',
      seed: '7',
    };
    expect(windowForm(choices, now)(values)).toEqual({
      ok: true,
      data: {
        yearId: 'y',
        name: 'F2 allocation',
        postIds: ['p1', 'p2'],
        learnerIds: ['l1'],
        deadline: new Date('2026-07-01T16:00:00Z'),
        mechanism: 'deferred-acceptance',
        seed: 7,
      },
    });
    const read = windowForm(undefined, now)({ ...values, learnerMode: '' });
    expect(read.ok ? [] : read.problems.map((problem) => problem.message)).toEqual([
      'Select the programme year',
      'Select who may rank the posts',
    ]);
  });

  it('asks for each field of a pre-allocation and a swap, in the order they appear', () => {
    const messages = (result: ReturnType<typeof parseForm>) => (result.ok ? [] : result.errors.list.map((e) => e.text));
    expect(messages(parseForm(preallocationForm, { reason: ' ' }))).toEqual([
      'Select the learner',
      'Select the post',
      'Enter the special circumstances the panel agreed',
    ]);
    expect(
      messages(parseForm(swapForm, { firstLearnerId: 'a', secondLearnerId: 'b', reason: 'x'.repeat(2001) })),
    ).toEqual(['Reason must be 2000 characters or fewer']);
  });
});
