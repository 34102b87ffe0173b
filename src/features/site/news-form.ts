/** The news post form: how it is read, and the values it shows for a post. */
import { postedText, type FieldProblem, type FormReader, type FormValues } from '../../platform/web/forms.ts';
import { londonParts } from '../../shared/london-time.ts';
import { publicationState, readPublication } from './domain/publication.ts';
import type { NewsPost } from './repository.ts';
import type { NewsInput } from './service.ts';

export const NEWS_LIMITS = { title: 150, summary: 300, body: 20_000 } as const;

/** The posted form as a news post, or what is wrong with it; `current` is the post's time so far, when editing. */
export function newsReader(now: Date, current: Date | null): FormReader<NewsInput> {
  return (values) => {
    const problems: FieldProblem[] = [];
    const title = postedText(values.title);
    const summary = postedText(values.summary);
    const bodyMarkdown = postedText(values.bodyMarkdown);
    if (title === '') problems.push({ field: 'title', href: '#title', message: 'Enter a title for the post' });
    else if (title.length > NEWS_LIMITS.title) {
      problems.push({ field: 'title', href: '#title', message: 'The title must be 150 characters or fewer' });
    }
    if (summary.length > NEWS_LIMITS.summary) {
      problems.push({ field: 'summary', href: '#summary', message: 'The summary must be 300 characters or fewer' });
    }
    if (bodyMarkdown === '') {
      problems.push({ field: 'bodyMarkdown', href: '#bodyMarkdown', message: 'Enter the text of the post' });
    } else if (bodyMarkdown.length > NEWS_LIMITS.body) {
      problems.push({
        field: 'bodyMarkdown',
        href: '#bodyMarkdown',
        message: 'The text must be 20,000 characters or fewer',
      });
    }
    const publication = readPublication(values, now, current);
    if (!publication.ok) problems.push(...publication.problems);
    if (!publication.ok || problems.length > 0) return { ok: false, problems };
    return { ok: true, data: { title, summary, bodyMarkdown, publishAt: publication.publishAt } };
  };
}

/** A post's values for its form: a scheduled post shows its London date and time. */
export function newsValues(post: NewsPost, now: Date): FormValues {
  const state = publicationState(post.publishAt, now);
  const parts = post.publishAt === null ? null : londonParts(post.publishAt);
  return {
    title: post.title,
    summary: post.summary,
    bodyMarkdown: post.bodyMarkdown,
    revision: String(post.revision),
    publication: state === 'draft' ? 'draft' : state === 'published' ? 'now' : 'schedule',
    publishOn: state === 'scheduled' && parts !== null ? { day: parts.day, month: parts.month, year: parts.year } : {},
    publishTime: state === 'scheduled' && parts !== null ? parts.time : '',
  };
}
