import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chooseYear, settingCounts, type PostFacts } from './facts.ts';

const year = (name: string, startsOn: string, endsOn: string) => ({ name, startsOn, endsOn });

describe('chooseYear', () => {
  const years = [year('2025/26', '2025-08-06', '2026-08-04'), year('2026/27', '2026-08-05', '2027-08-03')];

  it('takes the year running today', () => {
    expect(chooseYear(years, '2026-10-14')?.name).toBe('2026/27');
    expect(chooseYear(years, '2026-08-04')?.name).toBe('2025/26');
    expect(chooseYear(years, '2026-08-05')?.name).toBe('2026/27');
  });

  it('takes the next to start between years or before them all', () => {
    expect(chooseYear(years, '2020-01-01')?.name).toBe('2025/26');
  });

  it('takes the latest to end after them all, and nothing from none', () => {
    expect(chooseYear(years, '2030-01-01')?.name).toBe('2026/27');
    expect(chooseYear([], '2026-10-14')).toBeNull();
  });

  it('always gives one of the years when there are any', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.integer({ min: 0, max: 400 })), { minLength: 1 }), day, (spans, today) => {
        const list = spans.map(([start, days], i) => {
          const end = new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10);
          return year(String(i), start, end);
        });
        const chosen = chooseYear(list, today);
        expect(chosen === null ? undefined : list.includes(chosen)).toBe(true);
      }),
    );
  });
});

describe('settingCounts', () => {
  const post = (code: string, settings: string[]): PostFacts => ({
    code,
    title: code,
    capacity: 1,
    leadEmployer: 'Trust',
    settings,
  });

  it('counts each post once per setting, most first', () => {
    expect(
      settingCounts([post('A', ['Hospital', 'General practice', 'Hospital']), post('B', ['General practice'])]),
    ).toEqual([
      { label: 'General practice', posts: 2 },
      { label: 'Hospital', posts: 1 },
    ]);
    expect(settingCounts([])).toEqual([]);
  });
});
