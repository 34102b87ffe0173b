import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readDataDate, readDataPoints, readDataValue } from './measure-data.ts';

describe('readDataDate', () => {
  it.each([
    ['2025-01-06', '2025-01-06'],
    ['2025-1-6', '2025-01-06'],
    ['06/01/2025', '2025-01-06'],
    ['6/1/2025', '2025-01-06'],
    ['6/1/25', '2025-01-06'],
    ['06-01-2025', '2025-01-06'],
    ['06.01.2025', '2025-01-06'],
    ['6 Jan 2025', '2025-01-06'],
    ['6 January 2025', '2025-01-06'],
    ['06-Jan-2025', '2025-01-06'],
    ['29 Feb 2024', '2024-02-29'],
    [' 2025-03-31 ', '2025-03-31'],
    ['2025-03-31T00:00:00Z', '2025-03-31'],
    ['6 Sept 2025', '2025-09-06'],
  ])('reads %s', (text, iso) => {
    expect(readDataDate(text)).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '31/02/2025',
    '2025-13-01',
    '29 Feb 2025',
    '6 Janx 2025',
    '1/1/1800',
    '45678',
    '6 Foo 2025',
  ])('refuses %s', (text) => {
    expect(readDataDate(text)).toBeNull();
  });

  it('reads every ISO day back to itself', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2150-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          expect(readDataDate(iso)).toBe(iso);
          const [y, m, d] = iso.split('-');
          expect(readDataDate(`${d ?? ''}/${m ?? ''}/${y ?? ''}`)).toBe(iso);
        },
      ),
    );
  });
});

describe('readDataValue', () => {
  it.each([
    ['12', 12],
    ['12.5', 12.5],
    [' 7 ', 7],
    ['1,234', 1234],
    ['1,234,567.5', 1234567.5],
    ['45%', 45],
    ['-3', -3],
    ['−3', -3],
    ['+4', 4],
    ['.5', 0.5],
    ['0', 0],
  ])('reads %s', (text, value) => {
    expect(readDataValue(text)).toBe(value);
  });

  it.each(['', 'twelve', '1,23', '12..5', '1e400', 'NaN', 'Infinity', '12 kg', '-', '%'])('refuses %s', (text) => {
    expect(readDataValue(text)).toBeNull();
  });
});

describe('readDataPoints', () => {
  it('reads tab-separated rows pasted from a spreadsheet, with a header and notes', () => {
    const result = readDataPoints('Week\tInhalers\tNote\n06/01/2025\t42\t\n13/01/2025\t39\tPDSA 1 started\n');
    expect(result).toEqual({
      ok: true,
      points: [
        { day: '2025-01-06', value: 42, note: '' },
        { day: '2025-01-13', value: 39, note: 'PDSA 1 started' },
      ],
    });
  });

  it('reads CSV with quoted values holding commas and columns in another order', () => {
    const result = readDataPoints('note,value,date\n"first, week","1,200",2025-01-06\n,1100,2025-01-13\n');
    expect(result).toEqual({
      ok: true,
      points: [
        { day: '2025-01-06', value: 1200, note: 'first, week' },
        { day: '2025-01-13', value: 1100, note: '' },
      ],
    });
  });

  it('reads rows with no header, skipping blank lines and a byte order mark', () => {
    const result = readDataPoints('\ufeff2025-01-06,5\n\n2025-01-13,6\r\n');
    expect(result.ok && result.points.map((point) => point.value)).toEqual([5, 6]);
  });

  it('reads semicolon-separated rows as some spreadsheets export them', () => {
    const result = readDataPoints('2025-01-06;5\n2025-01-13;6');
    expect(result.ok && result.points).toHaveLength(2);
  });

  it('tells every bad line by its number and saves nothing', () => {
    const result = readDataPoints(
      'date,value\n2025-01-06,5\n31/02/2025,6\n2025-01-20,six\n2025-01-06,7\n2025-01-27,\n',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6]);
    expect(result.problems[0]?.message).toContain('“31/02/2025” is not a date');
    expect(result.problems[1]?.message).toContain('“six” is not a number');
    expect(result.problems[2]?.message).toBe('Line 5 has the same date as line 2 (2025-01-06)');
    expect(result.problems[3]?.message).toBe('Line 6 has no value');
  });

  it('says when there is nothing to read', () => {
    expect(readDataPoints('  \n')).toEqual({
      ok: false,
      problems: [{ line: 1, message: 'There are no data points to read' }],
    });
    expect(readDataPoints('date,value\n')).toEqual({
      ok: false,
      problems: [{ line: 1, message: 'There are no data points to read' }],
    });
  });

  it('refuses a note longer than 500 characters', () => {
    const result = readDataPoints(`2025-01-06,5,${'x'.repeat(501)}`);
    expect(result.ok).toBe(false);
  });

  it('reads back any set of points it is given as CSV', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 20000 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 40, maxLength: 40 }),
        (days, values) => {
          const rows = days.map((day, i) => {
            const iso = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
            return { day: iso, value: Math.round((values[i] ?? 0) * 100) / 100 + 0 };
          });
          const text = ['date,value', ...rows.map((row) => `${row.day},${String(row.value)}`)].join('\n');
          const result = readDataPoints(text);
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.points.map(({ day, value }) => ({ day, value }))).toEqual(rows);
        },
      ),
    );
  });
});

describe('patient identifiers in data notes', () => {
  it('are refused by line, and nothing is read', () => {
    const result = readDataPoints('2025-01-06,5,first week\n2025-01-13,6,patient 943 476 5919 readmitted\n');
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          line: 2,
          message: expect.stringContaining('Line 2: the note may identify a patient: “943 476 5919”.') as string,
        },
      ],
    });
  });
});
