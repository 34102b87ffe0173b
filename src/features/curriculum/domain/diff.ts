import {
  compareOutcomeCodes,
  sortedDomains,
  type CurriculumContent,
  type Domain,
  type Outcome,
  type Stage,
} from './curriculum.ts';

/**
 * What changed between two versions of a curriculum, matched by code (the identity that survives versions): for
 * a "what's new" page and a side-by-side view. Every list comes out in one fixed order for the same two inputs.
 */

export type FieldValue = string | number | readonly string[];

export interface FieldChange {
  field: string;
  before: FieldValue;
  after: FieldValue;
}

export type RowStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One line of a side-by-side view: the item in the earlier version on the left, the later on the right. */
export interface DiffRow<T> {
  code: string;
  status: RowStatus;
  before: T | null;
  after: T | null;
  /** The fields that differ; empty unless status is 'changed'. */
  changes: FieldChange[];
}

export interface ItemChange<T> {
  code: string;
  before: T;
  after: T;
  changes: FieldChange[];
}

export interface SectionDiff<T> {
  /** Every item of either version, unchanged ones included, in the side-by-side order (see diffCurriculum). */
  rows: DiffRow<T>[];
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
  unchanged: number;
}

export interface CurriculumDiff {
  stages: SectionDiff<Stage>;
  domains: SectionDiff<Domain>;
  outcomes: SectionDiff<Outcome>;
  /**
   * True when the stages both versions have come in a different order. Stage order has no field of its own, so a
   * reorder shows here rather than as a change to each stage.
   */
  stageOrderChanged: boolean;
  /** No addition, removal, change or reorder anywhere. */
  identical: boolean;
  counts: { added: number; removed: number; changed: number; unchanged: number };
}

/**
 * Puts the removed items among the kept and added ones: each removed item straight after the nearest item before
 * it (in the earlier version) that is still there, or first when there is none. So a side-by-side view shows a
 * removed item where it used to be.
 */
export function mergeOrder(beforeCodes: readonly string[], afterCodes: readonly string[]): string[] {
  const kept = new Set(afterCodes);
  const anchored = new Map<string | null, string[]>();
  let anchor: string | null = null;
  for (const code of beforeCodes) {
    if (kept.has(code)) {
      anchor = code;
    } else {
      const list = anchored.get(anchor) ?? [];
      list.push(code);
      anchored.set(anchor, list);
    }
  }
  const order = [...(anchored.get(null) ?? [])];
  for (const code of afterCodes) {
    order.push(code, ...(anchored.get(code) ?? []));
  }
  return order;
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (typeof a === 'string' || typeof a === 'number' || typeof b === 'string' || typeof b === 'number') {
    return a === b;
  }
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function fieldChanges<T>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
  read: (item: T, field: keyof T & string) => FieldValue,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const left = read(before, field);
    const right = read(after, field);
    if (!sameValue(left, right)) changes.push({ field, before: left, after: right });
  }
  return changes;
}

function section<T extends { code: string }>(
  before: readonly T[],
  after: readonly T[],
  order: readonly string[],
  compare: (a: T, b: T) => FieldChange[],
): SectionDiff<T> {
  const beforeByCode = new Map(before.map((item) => [item.code, item]));
  const afterByCode = new Map(after.map((item) => [item.code, item]));
  const result: SectionDiff<T> = { rows: [], added: [], removed: [], changed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const code of order) {
    if (seen.has(code)) continue;
    seen.add(code);
    const left = beforeByCode.get(code);
    const right = afterByCode.get(code);
    if (left === undefined && right !== undefined) {
      result.rows.push({ code, status: 'added', before: null, after: right, changes: [] });
      result.added.push(right);
    } else if (left !== undefined && right === undefined) {
      result.rows.push({ code, status: 'removed', before: left, after: null, changes: [] });
      result.removed.push(left);
    } else if (left !== undefined && right !== undefined) {
      const changes = compare(left, right);
      if (changes.length === 0) {
        result.rows.push({ code, status: 'unchanged', before: left, after: right, changes });
        result.unchanged += 1;
      } else {
        result.rows.push({ code, status: 'changed', before: left, after: right, changes });
        result.changed.push({ code, before: left, after: right, changes });
      }
    }
  }
  return result;
}

const STAGE_FIELDS = ['name'] as const;
const DOMAIN_FIELDS = ['title', 'description', 'whyItMatters', 'order'] as const;
const OUTCOME_FIELDS = ['domainCode', 'stageCode', 'text', 'fpHlos'] as const;

/** HLO lists are sets: order and repeats mean nothing, so they are compared sorted and de-duplicated. */
function hloSet(hlos: readonly string[]): string[] {
  return [...new Set(hlos)].sort();
}

/**
 * The difference between two versions' content. Items are matched by code; a code in only one version is added
 * or removed, never renamed. Orders:
 * - stages: the later version's order, with removed stages where they were;
 * - domains: by `order` then code in the later version, with removed domains where they were;
 * - outcomes: grouped by domain, then by stage, in the two orders above, then by code; an outcome that moved
 *   domain or stage is listed where it now is.
 * Compared fields: a stage's name; a domain's title, description, why it matters and order; an outcome's domain,
 * stage, text and HLOs (as a set). Text is compared exactly, so a change of spacing or punctuation counts.
 */
export function diffCurriculum(before: CurriculumContent, after: CurriculumContent): CurriculumDiff {
  const stageOrder = mergeOrder(
    before.stages.map((stage) => stage.code),
    after.stages.map((stage) => stage.code),
  );
  const domainOrder = mergeOrder(
    sortedDomains(before).map((domain) => domain.code),
    sortedDomains(after).map((domain) => domain.code),
  );
  const stages = section(before.stages, after.stages, stageOrder, (a, b) =>
    fieldChanges(a, b, STAGE_FIELDS, (item, field) => item[field]),
  );
  const domains = section(before.domains, after.domains, domainOrder, (a, b) =>
    fieldChanges(a, b, DOMAIN_FIELDS, (item, field) => item[field]),
  );

  const stageRank = new Map(stageOrder.map((code, index) => [code, index]));
  const domainRank = new Map(domainOrder.map((code, index) => [code, index]));
  const missing = Number.MAX_SAFE_INTEGER;
  const placeOf = new Map<string, Outcome>();
  for (const outcome of before.outcomes) placeOf.set(outcome.code, outcome);
  for (const outcome of after.outcomes) placeOf.set(outcome.code, outcome);
  const outcomeOrder = [...placeOf.values()]
    .sort(
      (a, b) =>
        (domainRank.get(a.domainCode) ?? missing) - (domainRank.get(b.domainCode) ?? missing) ||
        (stageRank.get(a.stageCode) ?? missing) - (stageRank.get(b.stageCode) ?? missing) ||
        compareOutcomeCodes(a.code, b.code),
    )
    .map((outcome) => outcome.code);
  const outcomes = section(before.outcomes, after.outcomes, outcomeOrder, (a, b) =>
    fieldChanges(a, b, OUTCOME_FIELDS, (item, field) => (field === 'fpHlos' ? hloSet(item.fpHlos) : item[field])),
  );

  const afterCodes = new Set(after.stages.map((stage) => stage.code));
  const beforeCodes = new Set(before.stages.map((stage) => stage.code));
  const commonBefore = before.stages.map((stage) => stage.code).filter((code) => afterCodes.has(code));
  const commonAfter = after.stages.map((stage) => stage.code).filter((code) => beforeCodes.has(code));
  const stageOrderChanged = commonBefore.some((code, index) => commonAfter[index] !== code);

  const sections = [stages, domains, outcomes];
  const counts = {
    added: sections.reduce((sum, part) => sum + part.added.length, 0),
    removed: sections.reduce((sum, part) => sum + part.removed.length, 0),
    changed: sections.reduce((sum, part) => sum + part.changed.length, 0),
    unchanged: sections.reduce((sum, part) => sum + part.unchanged, 0),
  };
  return {
    stages,
    domains,
    outcomes,
    stageOrderChanged,
    identical: counts.added === 0 && counts.removed === 0 && counts.changed === 0 && !stageOrderChanged,
    counts,
  };
}
