import { describe, expect, it } from 'vitest';
import { londonParts, londonTime, rankField, readDeadline, readRanking, readSeed } from './forms.ts';

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
