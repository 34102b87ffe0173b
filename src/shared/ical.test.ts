import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendar, escapeText, foldLine, utcDateTime, type CalendarEvent } from './ical.ts';

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

  it('names the product in PRODID, keeping the placements feed as it was by default', () => {
    expect(calendar('x', [], now)).toContain('\r\nPRODID:-//Breadth//My year//EN\r\n');
    expect(calendar('x', [], now, { product: 'Learning events' })).toContain(
      '\r\nPRODID:-//Breadth//Learning events//EN\r\n',
    );
  });

  it('writes the calendar with no events', () => {
    expect(calendar('Empty', [], now)).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Breadth//My year//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Empty',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });
});

describe('timed events', () => {
  const session: CalendarEvent = {
    uid: 'event-42@breadth',
    startsAt: new Date('2026-11-25T09:30:00.000Z'),
    endsAt: new Date('2026-11-25T16:45:30.999Z'),
    summary: 'Learning day: population health',
    location: 'Postgraduate centre, room 2',
  };

  it('gives a link, and marks a cancelled event so that calendars drop it', () => {
    const now = new Date('2026-11-20T12:00:00Z');
    const text = calendar('x', [{ ...session, url: 'https://breadth.example/events/42', cancelled: true }], now);
    expect(text).toContain('\r\nURL:https://breadth.example/events/42\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(calendar('x', [session], now)).not.toContain('STATUS:');
  });

  it.each([
    ['2026-11-25T09:30:00.000Z', '20261125T093000Z'],
    ['2027-01-01T00:00:00.000Z', '20270101T000000Z'],
    ['2026-03-29T01:59:59.999Z', '20260329T015959Z'],
    ['2026-07-01T10:00:00+01:00', '20260701T090000Z'],
  ])('writes %s in UTC as %s', (instant, text) => {
    expect(utcDateTime(new Date(instant))).toBe(text);
  });

  it('refuses an invalid date', () => {
    expect(() => utcDateTime(new Date('not a date'))).toThrow(RangeError);
  });

  it('writes start and end as UTC date-times and shows the time as busy', () => {
    const text = calendar('Learning events', [session], now);
    const lines = text.split('\r\n');
    const begin = lines.indexOf('BEGIN:VEVENT');
    expect(lines.slice(begin, lines.indexOf('END:VEVENT') + 1)).toEqual([
      'BEGIN:VEVENT',
      'UID:event-42@breadth',
      'DTSTAMP:20260720T093015Z',
      'DTSTART:20261125T093000Z',
      'DTEND:20261125T164530Z',
      'SUMMARY:Learning day: population health',
      'LOCATION:Postgraduate centre\\, room 2',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    ]);
  });

  it('writes all-day and timed events side by side, in the order given', () => {
    const text = calendar('Mixed', [{ uid: 'a', date: '2026-11-24', summary: 'Day' }, session], now);
    expect(text.indexOf('DTSTART;VALUE=DATE:20261124')).toBeLessThan(text.indexOf('DTSTART:20261125T093000Z'));
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('TRANSP:TRANSPARENT');
    expect(text).toContain('TRANSP:OPAQUE');
  });

  it('accepts an event that ends as it starts and refuses one that ends before', () => {
    const instant = new Date('2026-11-25T09:30:00Z');
    expect(calendar('x', [{ uid: 'u', startsAt: instant, endsAt: instant, summary: 's' }], now)).toContain(
      'DTEND:20261125T093000Z',
    );
    expect(() =>
      calendar('x', [{ uid: 'u', startsAt: instant, endsAt: new Date('2026-11-25T09:29:59Z'), summary: 's' }], now),
    ).toThrow('Event u ends before it starts');
  });

  it('writes any instant as 16 characters that read back to the same second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (instant) => {
          const text = utcDateTime(instant);
          expect(text).toMatch(/^\d{8}T\d{6}Z$/);
          const back = new Date(
            `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}Z`,
          );
          expect(back.getTime()).toBe(Math.floor(instant.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});
