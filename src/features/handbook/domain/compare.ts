/**
 * The difference between two versions of a handbook, section by section, over their text lines (text.ts): what a
 * reader needs to see what changed, with unchanged sections folded away.
 */
import { diffArrays } from 'diff';
import type { HandbookContent, HandbookSectionContent } from './content.ts';
import { sectionLines } from './text.ts';

export interface ComparedLine {
  kind: 'kept' | 'added' | 'removed';
  text: string;
}

export interface ComparedSection {
  key: string;
  /** The title in the later version (or the earlier one, for a section that went). */
  title: string;
  /** The earlier title, when the section was renamed. */
  formerTitle: string | null;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  lines: ComparedLine[];
  added: number;
  removed: number;
}

/** The lines of one section compared: every line of both appears once, as kept, added or removed. */
export function compareLines(from: readonly string[], to: readonly string[]): ComparedLine[] {
  const lines: ComparedLine[] = [];
  for (const change of diffArrays([...from], [...to])) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'kept';
    for (const text of change.value) lines.push({ kind, text });
  }
  return lines;
}

function compared(
  key: string,
  from: HandbookSectionContent | undefined,
  to: HandbookSectionContent | undefined,
): ComparedSection {
  const lines = compareLines(from === undefined ? [] : sectionLines(from), to === undefined ? [] : sectionLines(to));
  const added = lines.filter((line) => line.kind === 'added').length;
  const removed = lines.filter((line) => line.kind === 'removed').length;
  const renamed = from !== undefined && to !== undefined && from.title !== to.title;
  const status =
    from === undefined
      ? 'added'
      : to === undefined
        ? 'removed'
        : added + removed > 0 || renamed
          ? 'changed'
          : 'unchanged';
  return {
    key,
    title: to?.title ?? from?.title ?? key,
    formerTitle: renamed ? from.title : null,
    status,
    lines,
    added,
    removed,
  };
}

/**
 * Two versions compared section by section, in the later version's order, with any section only the earlier one had
 * after them.
 */
export function compareContents(from: HandbookContent, to: HandbookContent): ComparedSection[] {
  const before = new Map(from.sections.map((section) => [section.key, section]));
  const after = new Set(to.sections.map((section) => section.key));
  return [
    ...to.sections.map((section) => compared(section.key, before.get(section.key), section)),
    ...from.sections
      .filter((section) => !after.has(section.key))
      .map((section) => compared(section.key, section, undefined)),
  ];
}

/** Whether anything differs between the two. */
export function hasChanges(sections: readonly ComparedSection[]): boolean {
  return sections.some((section) => section.status !== 'unchanged');
}
