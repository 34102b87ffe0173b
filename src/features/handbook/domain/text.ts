/**
 * A handbook section as lines of text, for the difference between two versions: its written Markdown line by line
 * (blank lines left out, since they only separate paragraphs) and then its generated part, one line per fact, so
 * that a reworded outcome or a new post shows as one changed line.
 */
import type { GeneratedPart, HandbookSectionContent } from './content.ts';

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** An ISO time as the day it falls on in London, in the NHS style ("20 October 2026"). */
export function dayOf(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** The generated part's facts, one line each. */
export function generatedLines(part: GeneratedPart): string[] {
  switch (part.kind) {
    case 'modules': {
      if (part.curriculum === null) return ['No curriculum has been published yet.'];
      return part.curriculum.modules.flatMap((module) => [
        `${module.code}: ${module.title}`,
        ...(module.description.trim() === '' ? [] : [module.description.trim()]),
        ...module.stages.flatMap((stage) =>
          stage.outcomes.map((outcome) => `${stage.name}, ${outcome.code}: ${outcome.text}`),
        ),
      ]);
    }
    case 'posts': {
      if (part.year === null) return ['No programme year has been set up yet.'];
      return [
        `Posts in ${part.year.name}`,
        ...part.year.posts.map(
          (post) =>
            `${post.code} ${post.title}, led by ${post.leadEmployer === '' ? 'an employer not named' : post.leadEmployer}: ${post.settings.join(', ')}`,
        ),
        ...part.year.settings.map(
          (setting) => `${setting.label}: ${String(setting.posts)} ${setting.posts === 1 ? 'post' : 'posts'}`,
        ),
      ];
    }
    case 'events':
      if (part.events.length === 0) return ['No learning events are scheduled yet.'];
      return part.events.map(
        (event) =>
          `${dayOf(event.startsAt)}: ${event.title} (${event.type}), ${event.online ? (event.venue === null ? 'online' : `${event.venue} and online`) : (event.venue ?? 'venue to be confirmed')}`,
      );
    case 'projects':
      return part.areas.map((area) => area.label);
  }
}

/** The written Markdown's lines, trimmed at the end, blank ones left out. */
export function markdownLines(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

/** The whole section as lines: its written words, then its generated facts. */
export function sectionLines(section: HandbookSectionContent): string[] {
  return [...markdownLines(section.markdown), ...(section.generated === null ? [] : generatedLines(section.generated))];
}
