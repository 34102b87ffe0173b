/**
 * How a curriculum version reads on pages: its label, its content grouped by domain and stage, the problems found in
 * it, and the difference between two versions in words.
 */
import {
  FP_HLOS,
  sortedDomains,
  sortedOutcomes,
  validateCurriculum,
  type CurriculumContent,
  type Domain,
  type Outcome,
  type Stage,
} from './domain/curriculum.ts';
import type { CurriculumDiff, DiffRow, FieldValue, RowStatus } from './domain/diff.ts';
import type { CurriculumVersion } from './repository.ts';

/** The Foundation Programme outcomes by code, for labels. */
const HLO_TITLES: ReadonlyMap<string, string> = new Map(FP_HLOS.map((hlo) => [hlo.code, hlo.title]));

export function versionLabel(version: CurriculumVersion | undefined | null): string {
  if (version === undefined || version === null) return '';
  return version.status === 'draft' ? 'Draft' : `Version ${String(version.number)}`;
}

function hloText(codes: readonly string[]): string {
  return codes.map((code) => `${code}: ${HLO_TITLES.get(code) ?? code}`).join('; ');
}

/** A version's content grouped for reading: domains in order, each with its outcomes by stage. */
export function contentView(content: CurriculumContent) {
  const outcomes = sortedOutcomes(content);
  return {
    stages: content.stages,
    outcomeCount: content.outcomes.length,
    domains: sortedDomains(content).map((domain) => ({
      ...domain,
      outcomeCount: outcomes.filter((outcome) => outcome.domainCode === domain.code).length,
      stages: content.stages.map((stage) => ({
        ...stage,
        outcomes: outcomes
          .filter((outcome) => outcome.domainCode === domain.code && outcome.stageCode === stage.code)
          .map((outcome) => ({ ...outcome, hlos: hloText(outcome.fpHlos) })),
      })),
    })),
  };
}

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  title: 'title',
  description: 'description',
  whyItMatters: 'why it matters',
  order: 'order',
  domainCode: 'domain',
  stageCode: 'stage',
  text: 'text',
  fpHlos: 'Foundation Programme outcomes',
};

const STATUS_TAGS: Record<RowStatus, { text: string; colour: string }> = {
  added: { text: 'Added', colour: 'green' },
  removed: { text: 'Removed', colour: 'red' },
  changed: { text: 'Changed', colour: 'yellow' },
  unchanged: { text: 'Unchanged', colour: 'grey' },
};

function fieldText(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.length === 0 ? 'none' : value.join(', ');
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function diffRows<T>(rows: readonly DiffRow<T>[], describe: (item: T) => { heading: string; lines: string[] }) {
  return rows
    .filter((row) => row.status !== 'unchanged')
    .map((row) => ({
      code: row.code,
      tag: STATUS_TAGS[row.status],
      before: row.before === null ? null : describe(row.before),
      after: row.after === null ? null : describe(row.after),
      changedText:
        row.status === 'changed'
          ? `${capitalise(listText(row.changes.map((change) => FIELD_LABELS[change.field] ?? change.field)))} changed`
          : '',
      changes: row.changes.map((change) => ({
        field: FIELD_LABELS[change.field] ?? change.field,
        before: fieldText(change.before),
        after: fieldText(change.after),
      })),
    }));
}

function counted(section: { added: unknown[]; removed: unknown[]; changed: unknown[]; unchanged: number }): string {
  const parts = [
    `${String(section.added.length)} added`,
    `${String(section.removed.length)} removed`,
    `${String(section.changed.length)} changed`,
    `${String(section.unchanged)} unchanged`,
  ];
  return parts.join(', ');
}

/** The difference as the side-by-side tables show it: only what changed, each row saying how in words. */
export function diffView(diff: CurriculumDiff) {
  return {
    identical: diff.identical,
    counts: diff.counts,
    stageOrderChanged: diff.stageOrderChanged,
    sections: [
      {
        id: 'stages',
        title: 'Stages',
        summary: counted(diff.stages),
        rows: diffRows<Stage>(diff.stages.rows, (stage) => ({ heading: stage.name, lines: [] })),
      },
      {
        id: 'domains',
        title: 'Domains',
        summary: counted(diff.domains),
        rows: diffRows<Domain>(diff.domains.rows, (domain) => ({
          heading: domain.title,
          lines: [`Description: ${domain.description}`, `Why it matters: ${domain.whyItMatters}`],
        })),
      },
      {
        id: 'outcomes',
        title: 'Learning outcomes',
        summary: counted(diff.outcomes),
        rows: diffRows<Outcome>(diff.outcomes.rows, (outcome) => ({
          heading: outcome.text,
          lines: [
            `Domain ${outcome.domainCode}, stage ${outcome.stageCode}`,
            `Foundation Programme outcomes: ${outcome.fpHlos.length === 0 ? 'none' : outcome.fpHlos.join(', ')}`,
          ],
        })),
      },
    ],
  };
}

export function problemsView(content: CurriculumContent) {
  const problems = validateCurriculum(content);
  return {
    errors: problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message),
    warnings: problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message),
  };
}
