/**
 * A published handbook's content, frozen in handbook_versions.content: each section's written Markdown and, for
 * the generated sections, the programme's data as it was on the day. Everything a version shows (page, PDF,
 * difference) is made from this alone, so an older version reads the same for ever.
 */
import type { ProgrammeFacts } from './facts.ts';
import { SECTIONS, type GeneratedKind } from './sections.ts';

export type GeneratedPart =
  | { kind: 'modules'; curriculum: ProgrammeFacts['curriculum'] }
  | { kind: 'posts'; year: ProgrammeFacts['year'] }
  | { kind: 'events'; yearName: string | null; events: ProgrammeFacts['events'] }
  | { kind: 'projects'; areas: ProgrammeFacts['projectAreas'] };

export interface HandbookSectionContent {
  key: string;
  title: string;
  markdown: string;
  generated: GeneratedPart | null;
}

export interface HandbookContent {
  regionCode: string;
  regionName: string;
  sections: HandbookSectionContent[];
}

/** A written section as the draft holds it. */
export interface WrittenSection {
  key: string;
  title: string;
  bodyMarkdown: string;
}

function generatedPart(kind: GeneratedKind, facts: ProgrammeFacts): GeneratedPart {
  switch (kind) {
    case 'modules':
      return { kind, curriculum: facts.curriculum };
    case 'posts':
      return { kind, year: facts.year };
    case 'events':
      return { kind, yearName: facts.year?.name ?? null, events: facts.events };
    case 'projects':
      return { kind, areas: facts.projectAreas };
  }
}

/**
 * The content to publish: every section in the handbook's order, with the draft's title and words (a section the
 * team has not written yet has its default title and no words) and the generated parts from today's facts.
 */
export function buildContent(written: readonly WrittenSection[], facts: ProgrammeFacts): HandbookContent {
  const byKey = new Map(written.map((section) => [section.key, section]));
  return {
    regionCode: facts.regionCode,
    regionName: facts.regionName,
    sections: SECTIONS.map((definition) => {
      const draft = byKey.get(definition.key);
      return {
        key: definition.key,
        title: draft?.title.trim() === undefined || draft.title.trim() === '' ? definition.title : draft.title.trim(),
        markdown: draft?.bodyMarkdown ?? '',
        generated: definition.generated === null ? null : generatedPart(definition.generated, facts),
      };
    }),
  };
}
