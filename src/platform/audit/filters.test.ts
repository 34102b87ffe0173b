import { describe, expect, it } from 'vitest';
import { parseAuditFilters, parseLondonDay } from './filters.ts';

describe('parseLondonDay', () => {
  it('reads British and ISO forms as midnight in London', () => {
    expect(parseLondonDay('25/11/2026')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseLondonDay('25 11 2026')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseLondonDay('2026-11-25')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    // British Summer Time: London midnight is 23:00 UTC the day before.
    expect(parseLondonDay('1/7/2026')?.toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('refuses dates that are not real', () => {
    for (const text of ['31/02/2026', '0/1/2026', '1/13/2026', 'yesterday', '2026', '1/1/26', '']) {
      expect(parseLondonDay(text)).toBeUndefined();
    }
  });
});

describe('parseAuditFilters', () => {
  it('includes the whole of the to day, across a change of the clocks', () => {
    const { filters, errors } = parseAuditFilters({ from: '28/3/2026', to: '29/3/2026' });
    expect(errors.list).toEqual([]);
    expect(filters.from?.toISOString()).toBe('2026-03-28T00:00:00.000Z');
    expect(filters.before?.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('explains dates that are not real or are the wrong way round', () => {
    expect(parseAuditFilters({ from: '31/2/2026' }).errors.list).toEqual([
      { text: 'The ‘from’ date must be a real date, like 25/11/2026', href: '#from' },
    ]);
    expect(parseAuditFilters({ from: '2/3/2026', to: '1/3/2026' }).errors.list).toEqual([
      { text: 'The ‘to’ date must be the same as or after the ‘from’ date', href: '#to' },
    ]);
  });

  it('trims text, ignores empty fields and refuses unknown actions', () => {
    const result = parseAuditFilters({ actor: '  Sam ', entityType: '', action: 'explode' });
    expect(result.filters).toEqual({ actor: 'Sam' });
    expect(result.values.entityType).toBeUndefined();
    expect(result.errors.fields.action?.text).toBe('Select an action from the list');
    expect(parseAuditFilters({ action: 'sign-in' }).filters.action).toBe('sign-in');
  });
});
