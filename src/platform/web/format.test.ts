import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from './format.ts';

describe('NHS date and time style, in Europe/London', () => {
  it('writes times with am and pm, from 1 to 12', () => {
    expect(formatTime(new Date('2026-10-14T08:30:00Z'))).toBe('9:30am');
    expect(formatTime(new Date('2026-10-14T13:05:00Z'))).toBe('2:05pm');
    expect(formatTime(new Date('2026-10-14T11:30:00Z'))).toBe('12:30pm');
    expect(formatTime(new Date('2026-12-14T00:30:00Z'))).toBe('12:30am');
  });

  it('says midday and midnight for 12 o’clock', () => {
    expect(formatTime(new Date('2026-10-14T11:00:00Z'))).toBe('midday');
    expect(formatTime(new Date('2026-12-14T00:00:00Z'))).toBe('midnight');
  });

  it('writes dates in full, in London’s day', () => {
    expect(formatDate(new Date('2026-10-14T23:30:00Z'))).toBe('15 October 2026');
    expect(formatDateTime(new Date('2026-11-25T14:30:00Z'))).toBe('25 November 2026 at 2:30pm');
    expect(formatDateTime(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });
});
