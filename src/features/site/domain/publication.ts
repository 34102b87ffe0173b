/**
 * When a news post shows on the public pages. A post with no publication time is a draft; one whose time is still
 * to come is scheduled; from its time on it is published. The team types a London wall-clock date and time, stored
 * as the instant it names, so a post scheduled for 9:00 shows at 9:00 in London in summer and in winter alike.
 */
import { readDateInput, readTime } from '../../../shared/dates.ts';
import { londonTime } from '../../../shared/london-time.ts';

export type PublicationState = 'draft' | 'scheduled' | 'published';

export function publicationState(publishAt: Date | null, now: Date): PublicationState {
  if (publishAt === null) return 'draft';
  return publishAt.getTime() <= now.getTime() ? 'published' : 'scheduled';
}

export const PUBLICATION_STATES: readonly PublicationState[] = ['draft', 'scheduled', 'published'];

export const PUBLICATION_STATE_LABELS: Record<PublicationState, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
};

/** What the editor chose to do with the post. */
export const PUBLICATION_CHOICES = ['draft', 'now', 'schedule'] as const;
export type PublicationChoice = (typeof PUBLICATION_CHOICES)[number];

export interface PublicationProblem {
  field: string;
  href: string;
  message: string;
}

/**
 * The post's publication time from the form: none for a draft, `now` to publish at once (or the time it already
 * had, so a published post edited keeps its date), the London date and time typed for a schedule, which must be
 * in the future.
 */
export function readPublication(
  values: Readonly<Record<string, unknown>>,
  now: Date,
  current: Date | null,
): { ok: true; publishAt: Date | null } | { ok: false; problems: PublicationProblem[] } {
  const choice = PUBLICATION_CHOICES.find((value) => value === values.publication);
  if (choice === undefined) {
    return {
      ok: false,
      problems: [{ field: 'publication', href: '#publication', message: 'Choose when to publish the post' }],
    };
  }
  if (choice === 'draft') return { ok: true, publishAt: null };
  if (choice === 'now') {
    return { ok: true, publishAt: current !== null && current.getTime() <= now.getTime() ? current : now };
  }
  const problems: PublicationProblem[] = [];
  const date = readDateInput(values, 'publishOn', 'The publication date', {
    empty: 'Enter the date to publish the post',
    example: '27 11 2026',
  });
  if (!date.ok) problems.push({ field: 'publishOn', href: '#publishOn-day', message: date.message });
  const typed = typeof values.publishTime === 'string' ? values.publishTime.trim() : '';
  const time = readTime(typed);
  if (typed === '')
    problems.push({ field: 'publishTime', href: '#publishTime', message: 'Enter the time to publish the post' });
  else if (time === null) {
    problems.push({ field: 'publishTime', href: '#publishTime', message: 'Enter a real time, like 9:30 or 14:00' });
  }
  if (!date.ok || time === null) return { ok: false, problems };
  const [year, month, day] = date.date.split('-').map(Number);
  const publishAt = londonTime(year ?? 1970, month ?? 1, day ?? 1, time.hour, time.minute);
  if (publishAt.getTime() <= now.getTime()) {
    return {
      ok: false,
      problems: [
        {
          field: 'publishOn',
          href: '#publishOn-day',
          message: 'The publication time must be in the future. To publish the post now, choose ‘Publish now’',
        },
      ],
    };
  }
  return { ok: true, publishAt };
}

/** Moves an item one place up or down a list in order; the list unchanged at either end or for an unknown id. */
export function moved<T extends { id: string }>(items: readonly T[], id: string, direction: 'up' | 'down'): T[] {
  const list = [...items];
  const at = list.findIndex((item) => item.id === id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= list.length) return list;
  const item = list[at];
  const other = list[to];
  if (item === undefined || other === undefined) return list;
  list[at] = other;
  list[to] = item;
  return list;
}
