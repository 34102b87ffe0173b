import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendar, escapeText, foldLine } from './ical.ts';

const now = new Date('2026-07-20T09:30:15.123Z');

describe('iCalendar', () => {
  it('escapes commas, semicolons, backslashes and new lines', () => {
    expect(escapeText('A, B; C\\D\nE')).toBe('A\\, B\\; C\\\\D\\nE');
  });

  it('writes all-day events with CRLF line endings', () => {
    const text = calendar(
      'My year',
      [
        {
          uid: 'p1-start@breadth',
          date: '2026-08-05',
          summary: 'Starts: Acute medicine, Addenbrooke’s',
          location: 'Hills Road; Cambridge',
        },
      ],
      now,
    );
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('\r\nUID:p1-start@breadth\r\n');
    expect(text).toContain('\r\nDTSTAMP:20260720T093015Z\r\n');
    expect(text).toContain('\r\nDTSTART;VALUE=DATE:20260805\r\n');
    expect(text).toContain('\r\nDTEND;VALUE=DATE:20260806\r\n');
    expect(text).toContain('SUMMARY:Starts: Acute medicine\\, Addenbrooke’s');
    expect(text).toContain('LOCATION:Hills Road\\; Cambridge');
  });

  it('ends an event on the last day of a year as the next day', () => {
    expect(calendar('x', [{ uid: 'u', date: '2026-12-31', summary: 's' }], now)).toContain('DTEND;VALUE=DATE:20270101');
  });

  it('folds long lines at 75 octets without splitting characters', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const part of lines) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(lines.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('folds any text into lines of at most 75 octets that unfold to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const folded = foldLine(`DESCRIPTION:${text}`);
        for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${text}`);
      }),
    );
  });
});
