import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateParts, datePartsOf, fromDay, readDateInput } from './dates.ts';

describe('reading an NHS date input from a posted form', () => {
  it('reads the boxes as the NHS date input names them, or as field-day, and anything else as empty', () => {
    expect(datePartsOf({ 'startsOn[day]': '1', 'startsOn[month]': '8', 'startsOn[year]': '2026' }, 'startsOn')).toEqual(
      { day: '1', month: '8', year: '2026' },
    );
    expect(datePartsOf({ 'startsOn-day': '1', 'startsOn-month': '8', 'startsOn-year': '2026' }, 'startsOn')).toEqual({
      day: '1',
      month: '8',
      year: '2026',
    });
    expect(datePartsOf({ 'startsOn[day]': ['1'], 'startsOn[month]': 8 }, 'startsOn')).toEqual({
      day: '',
      month: '',
      year: '',
    });
  });

  it('names the field in every message, with an example where the form asks for one', () => {
    const message = (values: Record<string, string>, example?: string) => {
      const result = readDateInput(values, 'd', 'Start date', example === undefined ? {} : { example });
      return result.ok ? result.date : result.message;
    };
    expect(message({})).toBe('Enter the start date');
    expect(readDateInput({}, 'd', 'Date', { empty: 'Enter the date of the event' })).toEqual({
      ok: false,
      message: 'Enter the date of the event',
    });
    expect(message({ 'd[day]': '1', 'd[year]': '2026' })).toBe('Start date must include a month');
    expect(message({ 'd[day]': '31', 'd[month]': '2', 'd[year]': '2026' })).toBe('Start date must be a real date');
    expect(message({ 'd[day]': '31', 'd[month]': '2', 'd[year]': '2026' }, '27 3 2027')).toBe(
      'Start date must be a real date, like 27 3 2027',
    );
    expect(message({ 'd[day]': ' 7 ', 'd[month]': '03', 'd[year]': '2027' })).toBe('2027-03-07');
  });

  it('reads back every date it shows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), (day) => {
        const iso = fromDay(day);
        const parts = dateParts(iso);
        const values = { 'd[day]': parts.day, 'd[month]': parts.month, 'd[year]': parts.year };
        expect(readDateInput(values, 'd', 'Date')).toEqual({ ok: true, date: iso });
      }),
    );
  });
});
