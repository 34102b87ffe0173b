/**
 * An iCalendar (RFC 5545) file of all-day and timed events. Written by hand because the format needed is small:
 * lines end in CRLF, text values escape backslash, semicolon, comma and newlines, and lines longer than 75 octets
 * are folded. Pure (the stamp time is passed in), so any feature's domain code may use it.
 */

interface EventDetails {
  /** Stable across feeds, so that a calendar updates an event instead of adding a copy. */
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  /** A page about the event; calendars show it as a link. */
  url?: string;
  /** A cancelled event stays in a feed marked CANCELLED, so calendars that had it remove or strike it. */
  cancelled?: boolean;
}

/** An event that is the whole of one day: a placement starting, a deadline. */
export interface AllDayEvent extends EventDetails {
  /** 'YYYY-MM-DD'; the event is the whole of that day. */
  date: string;
}

/** An event with a start and end time: a teaching session, a learning-event day. */
export interface TimedEvent extends EventDetails {
  startsAt: Date;
  /** On or after startsAt. */
  endsAt: Date;
}

export type CalendarEvent = AllDayEvent | TimedEvent;

export interface CalendarOptions {
  /**
   * The product part of PRODID. Defaults to 'My year', the feed this module was first written for, so that the
   * placements feed stays byte-for-byte as it was.
   */
  product?: string;
}

export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line so that no line is longer than 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      // Continuation lines begin with a space, which counts towards their 75 octets.
      limit = 74;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function basicDate(iso: string): string {
  return iso.replace(/-/g, '');
}

function nextDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * An instant as a UTC date-time, 'YYYYMMDDTHHMMSSZ'. UTC rather than a local time with a TZID, because a UTC time
 * needs no VTIMEZONE block and every calendar shows it in the reader's own zone (Europe/London for most users).
 * Seconds are kept and milliseconds dropped.
 */
export function utcDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Not a valid date and time');
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function isAllDay(event: CalendarEvent): event is AllDayEvent {
  return 'date' in event;
}

function eventLines(event: CalendarEvent, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${stamp}`];
  if (isAllDay(event)) {
    lines.push(`DTSTART;VALUE=DATE:${basicDate(event.date)}`, `DTEND;VALUE=DATE:${basicDate(nextDay(event.date))}`);
  } else {
    if (event.endsAt.getTime() < event.startsAt.getTime()) {
      throw new RangeError(`Event ${event.uid} ends before it starts`);
    }
    lines.push(`DTSTART:${utcDateTime(event.startsAt)}`, `DTEND:${utcDateTime(event.endsAt)}`);
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url !== undefined) lines.push(`URL:${event.url}`);
  if (event.cancelled === true) lines.push('STATUS:CANCELLED');
  // A day marker (a placement starting) must not show the whole day as busy; a session the learner attends should.
  lines.push(isAllDay(event) ? 'TRANSP:TRANSPARENT' : 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

export function calendar(
  name: string,
  events: readonly CalendarEvent[],
  now: Date,
  options: CalendarOptions = {},
): string {
  const stamp = utcDateTime(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Breadth//${options.product ?? 'My year'}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
  ];
  for (const event of events) lines.push(...eventLines(event, stamp));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
