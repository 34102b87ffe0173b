import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonParts, londonTime, londonToday } from './london-time.ts';

describe('London wall-clock times', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonTime(2027, 1, 15, 9, 0).toISOString()).toBe('2027-01-15T09:00:00.000Z');
    expect(londonTime(2027, 7, 15, 9, 0).toISOString()).toBe('2027-07-15T08:00:00.000Z');
  });

  it('reads the hour that happens twice in autumn as its first, summer-time, instance', () => {
    // 31 October 2027: at 01:00 UTC (02:00 BST) the clocks go back to 01:00 GMT.
    expect(londonTime(2027, 10, 31, 0, 59).toISOString()).toBe('2027-10-30T23:59:00.000Z');
    expect(londonTime(2027, 10, 31, 1, 0).toISOString()).toBe('2027-10-31T00:00:00.000Z');
    expect(londonTime(2027, 10, 31, 1, 59).toISOString()).toBe('2027-10-31T00:59:00.000Z');
    expect(londonTime(2027, 10, 31, 2, 0).toISOString()).toBe('2027-10-31T02:00:00.000Z');
  });

  it('reads the hour skipped in spring as the hour after', () => {
    // 28 March 2027: at 01:00 UTC (01:00 GMT) the clocks go forward to 02:00 BST.
    expect(londonTime(2027, 3, 28, 0, 59).toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(londonTime(2027, 3, 28, 1, 0).toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(londonTime(2027, 3, 28, 1, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(londonTime(2027, 3, 28, 2, 0).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  // Every quarter of an hour over three years is checked, not a sample, so a rule wrong for one hour a year cannot
  // pass by luck.
  it('gives back the wall-clock time of every quarter hour, and the same instant outside the repeated hour', () => {
    const start = Date.UTC(2026, 0, 1);
    const end = Date.UTC(2029, 0, 1);
    const wrong: string[] = [];
    for (let instant = start; instant < end; instant += 15 * 60_000) {
      const parts = londonParts(new Date(instant));
      const [hour, minute] = parts.time.split(':').map(Number) as [number, number];
      const read = londonTime(Number(parts.year), Number(parts.month), Number(parts.day), hour, minute).getTime();
      // Only in the repeated hour may the instant differ: the second (GMT) instance reads as the first (BST) one.
      const repeatedSecond = read === instant - 3_600_000 && londonParts(new Date(read)).time === parts.time;
      if (read !== instant && !repeatedSecond) wrong.push(new Date(instant).toISOString());
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
  });

  it('names the London day of an instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), (instant) => {
        const { day, month, year } = londonParts(new Date(instant));
        expect(londonToday(new Date(instant))).toBe(`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`);
      }),
    );
  });
});
