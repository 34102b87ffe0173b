/** A version's frozen content as its pages show it: each section's Markdown made safe HTML, its facts as rows. */
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { renderMarkdown } from '../../platform/web/markdown.ts';
import type { ComparedSection } from './domain/compare.ts';
import type { GeneratedPart, HandbookContent } from './domain/content.ts';

export type GeneratedView =
  | Exclude<GeneratedPart, { kind: 'events' }>
  | {
      kind: 'events';
      yearName: string | null;
      events: { title: string; type: string; day: string; when: string; where: string }[];
    };

export interface SectionView {
  key: string;
  /** The section's anchor on the page. */
  anchor: string;
  title: string;
  /** Safe HTML from renderMarkdown; empty when the section has no words. */
  html: string;
  generated: GeneratedView | null;
}

function generatedView(part: GeneratedPart): GeneratedView {
  if (part.kind !== 'events') return part;
  return {
    kind: 'events',
    yearName: part.yearName,
    events: part.events.map((event) => ({
      title: event.title,
      type: event.type,
      day: formatDate(event.startsAt),
      when: formatDateTime(event.startsAt),
      where: event.online
        ? event.venue === null
          ? 'Online'
          : `${event.venue} and online`
        : (event.venue ?? 'To be confirmed'),
    })),
  };
}

export function anchorOf(key: string): string {
  return key.replace(/_/g, '-');
}

export function sectionsView(content: HandbookContent): SectionView[] {
  return content.sections.map((section) => ({
    key: section.key,
    anchor: anchorOf(section.key),
    title: section.title,
    html: section.markdown.trim() === '' ? '' : renderMarkdown(section.markdown, { topHeadingLevel: 3 }),
    generated: section.generated === null ? null : generatedView(section.generated),
  }));
}

/** The difference between two versions as the compare pages show it. */
export function comparisonView(sections: readonly ComparedSection[]) {
  return sections.map((section) => ({ ...section, anchor: anchorOf(section.key) }));
}
