import { describe, expect, it } from 'vitest';
import { clinicalSupervisionSpan, londonDate, monthsBefore } from './supervision.ts';

describe('how long a clinical supervisor sees a learner', () => {
  it('counts calendar months back, keeping to the end of a shorter month', () => {
    expect(monthsBefore('2026-06-15', 3)).toBe('2026-03-15');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2028-05-31', 3)).toBe('2028-02-29');
    expect(monthsBefore('2026-02-10', 3)).toBe('2025-11-10');
  });

  it('reads the date in London', () => {
    expect(londonDate(new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
    expect(londonDate(new Date('2026-12-14T23:30:00Z'))).toBe('2026-12-14');
  });

  it('gives today and the earliest end still in the span', () => {
    expect(clinicalSupervisionSpan(new Date('2026-06-15T11:00:00Z'))).toEqual({
      today: '2026-06-15',
      endedSince: '2026-03-15',
    });
  });
});
