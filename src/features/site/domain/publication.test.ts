import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonParts } from '../../../shared/london-time.ts';
import { moved, publicationState, readPublication } from './publication.ts';

const NOW = new Date('2026-10-14T09:00:00Z');

function schedule(day: string, month: string, year: string, time: string) {
  return {
    publication: 'schedule',
    'publishOn[day]': day,
    'publishOn[month]': month,
    'publishOn[year]': year,
    publishTime: time,
  };
}

describe('the publication state of a post', () => {
  it('is a draft with no time, scheduled before its time and published from it', () => {
    expect(publicationState(null, NOW)).toBe('draft');
    expect(publicationState(new Date(NOW.getTime() + 1), NOW)).toBe('scheduled');
    expect(publicationState(NOW, NOW)).toBe('published');
    expect(publicationState(new Date(NOW.getTime() - 1), NOW)).toBe('published');
  });

  it('never goes back: once published, it stays published at every later time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        (at, later, more) => {
          const publishAt = new Date(NOW.getTime() + at);
          const first = new Date(NOW.getTime() + later);
          const second = new Date(first.getTime() + more);
          if (publicationState(publishAt, first) === 'published') {
            expect(publicationState(publishAt, second)).toBe('published');
          }
          // Scheduled and published split time at exactly the publication instant.
          expect(publicationState(publishAt, first) === 'published').toBe(publishAt.getTime() <= first.getTime());
        },
      ),
    );
  });
});

describe('reading when to publish', () => {
  it('asks for a choice', () => {
    const read = readPublication({}, NOW, null);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems[0]?.message).toBe('Choose when to publish the post');
  });

  it('reads a draft as no time and “publish now” as now', () => {
    expect(readPublication({ publication: 'draft' }, NOW, null)).toEqual({ ok: true, publishAt: null });
    expect(readPublication({ publication: 'now' }, NOW, null)).toEqual({ ok: true, publishAt: NOW });
  });

  it('keeps the date of a post already published, and publishes a scheduled one now', () => {
    const before = new Date('2026-09-01T08:00:00Z');
    expect(readPublication({ publication: 'now' }, NOW, before)).toEqual({ ok: true, publishAt: before });
    const later = new Date('2026-11-01T08:00:00Z');
    expect(readPublication({ publication: 'now' }, NOW, later)).toEqual({ ok: true, publishAt: NOW });
  });

  it('reads a scheduled London time as the instant it names, in summer and in winter', () => {
    // BST (UTC+1) until 25 October 2026, GMT from then.
    expect(readPublication(schedule('21', '10', '2026', '9:00'), NOW, null)).toEqual({
      ok: true,
      publishAt: new Date('2026-10-21T08:00:00Z'),
    });
    expect(readPublication(schedule('28', '10', '2026', '9:00'), NOW, null)).toEqual({
      ok: true,
      publishAt: new Date('2026-10-28T09:00:00Z'),
    });
    expect(readPublication(schedule('1', '4', '2027', '2pm'), NOW, null)).toEqual({
      ok: true,
      publishAt: new Date('2027-04-01T13:00:00Z'),
    });
  });

  it('reads the times around the clock changes', () => {
    // 25 October 2026: 01:00–02:00 BST happens, then the clocks go back to 01:00 GMT.
    const autumn = readPublication(schedule('25', '10', '2026', '00:30'), NOW, null);
    expect(autumn).toEqual({ ok: true, publishAt: new Date('2026-10-24T23:30:00Z') });
    const afterBack = readPublication(schedule('25', '10', '2026', '02:30'), NOW, null);
    expect(afterBack).toEqual({ ok: true, publishAt: new Date('2026-10-25T02:30:00Z') });
    // 28 March 2027: 01:00 GMT becomes 02:00 BST; 01:30 does not exist and is read as the hour after.
    const skipped = readPublication(schedule('28', '3', '2027', '01:30'), NOW, null);
    expect(skipped).toEqual({ ok: true, publishAt: new Date('2027-03-28T01:30:00Z') });
    const afterForward = readPublication(schedule('28', '3', '2027', '03:00'), NOW, null);
    expect(afterForward).toEqual({ ok: true, publishAt: new Date('2027-03-28T02:00:00Z') });
  });

  it('gives back the London wall-clock time typed, for every minute of two years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), (minutes) => {
        const instant = new Date(Date.UTC(2026, 10, 1) + minutes * 60_000);
        const parts = londonParts(instant);
        const read = readPublication(schedule(parts.day, parts.month, parts.year, parts.time), NOW, null);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        // The one hour that happens twice each autumn is read as its first (BST) instance.
        const difference = (read.publishAt?.getTime() ?? 0) - instant.getTime();
        expect([0, -3_600_000]).toContain(difference);
        expect(londonParts(read.publishAt ?? instant)).toEqual(parts);
      }),
    );
  });

  it('refuses a time in the past or now, with a message that says what to do', () => {
    for (const values of [schedule('14', '10', '2026', '10:00'), schedule('13', '10', '2026', '23:00')]) {
      const read = readPublication(values, NOW, null);
      expect(read.ok).toBe(false);
      if (!read.ok) {
        expect(read.problems).toEqual([
          {
            field: 'publishOn',
            href: '#publishOn-day',
            message: 'The publication time must be in the future. To publish the post now, choose ‘Publish now’',
          },
        ]);
      }
    }
    expect(readPublication(schedule('14', '10', '2026', '10:01'), NOW, null).ok).toBe(true);
  });

  it('says what is wrong with the date and the time', () => {
    const empty = readPublication(schedule('', '', '', ''), NOW, null);
    expect(empty.ok ? [] : empty.problems.map((problem) => problem.message)).toEqual([
      'Enter the date to publish the post',
      'Enter the time to publish the post',
    ]);
    const wrong = readPublication(schedule('31', '2', '2027', '25:00'), NOW, null);
    expect(wrong.ok ? [] : wrong.problems.map((problem) => problem.message)).toEqual([
      'The publication date must be a real date, like 27 11 2026',
      'Enter a real time, like 9:30 or 14:00',
    ]);
    const partly = readPublication(schedule('3', '', '2027', '9'), NOW, null);
    expect(partly.ok ? [] : partly.problems.map((problem) => problem.field)).toEqual(['publishOn', 'publishTime']);
  });
});

describe('moving an item in a list', () => {
  const list = ['a', 'b', 'c', 'd'].map((id) => ({ id }));
  const ids = (items: { id: string }[]) => items.map((item) => item.id).join('');

  it('swaps it with its neighbour, and leaves the ends and unknown ids alone', () => {
    expect(ids(moved(list, 'c', 'up'))).toBe('acbd');
    expect(ids(moved(list, 'c', 'down'))).toBe('abdc');
    expect(ids(moved(list, 'a', 'up'))).toBe('abcd');
    expect(ids(moved(list, 'd', 'down'))).toBe('abcd');
    expect(ids(moved(list, 'x', 'up'))).toBe('abcd');
  });

  it('keeps every item once, and up then down is no move', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 12 }),
        fc.nat(),
        (names, pick) => {
          const items = names.map((id) => ({ id }));
          const id = names.length === 0 ? 'none' : (names[pick % names.length] ?? 'none');
          const once = moved(items, id, 'up');
          expect([...once].map((item) => item.id).sort()).toEqual([...names].sort());
          const index = names.indexOf(id);
          if (index > 0) expect(ids(moved(once, id, 'down'))).toBe(ids(items));
        },
      ),
    );
  });
});
