/**
 * The one draft of a region's curriculum that its programme team edits: starting the curriculum, starting a draft
 * from the current version, changing its stages, domains and outcomes, discarding it, and publishing it as the next
 * version.
 */
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { requireManager } from './policy.ts';
import {
  nextOutcomeCode,
  nextVersionNumber,
  publishProblems,
  starterCurriculum,
  validateCurriculum,
  type CurriculumContent,
  type Domain,
  type Outcome,
  type Problem,
  type Stage,
} from './domain/curriculum.ts';
import * as repository from './repository.ts';
import type { Curriculum, CurriculumVersion } from './repository.ts';
import * as versionsRepository from './versions-repository.ts';

/** The name a region's curriculum is created with; the programme may be named differently elsewhere. */
const DEFAULT_CURRICULUM_NAME = 'Enhance';

/** Creates the region's curriculum with a draft of the default stages and the six Enhance domains. */
export async function startCurriculum(ctx: Context, regionId: string): Promise<CurriculumVersion> {
  requireManager(ctx, regionId);
  return ctx.db.transaction(async (tx) => {
    if ((await repository.regionCurriculum(tx, regionId)) !== undefined) {
      throw new RuleError('This region already has a curriculum');
    }
    const now = ctx.now;
    const curriculum = await versionsRepository.insertCurriculum(tx, { regionId, name: DEFAULT_CURRICULUM_NAME }, now);
    const draft = await versionsRepository.insertDraft(
      tx,
      { curriculumId: curriculum.id, content: starterCurriculum(), basedOnId: null, createdBy: ctx.principal.userId },
      now,
    );
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'curriculum',
        entityId: curriculum.id,
        regionId,
        summary: `Started the ${curriculum.name} curriculum with a draft of the default stages and domains`,
        after: { name: curriculum.name, draftId: draft.id },
      },
      now,
    );
    return draft;
  });
}

/** Locks the region's curriculum row so that drafts and version numbers are given out one at a time. */
async function lockedCurriculum(tx: Db, regionId: string): Promise<Curriculum> {
  const curriculum = await repository.regionCurriculum(tx, regionId);
  if (curriculum === undefined) throw new NotFoundError();
  await versionsRepository.lockCurriculum(tx, curriculum.id);
  return curriculum;
}

/** The region's draft, copied from the newest published version when there is none; returns it either way. */
export async function createDraft(
  ctx: Context,
  regionId: string,
): Promise<{ draft: CurriculumVersion; created: boolean }> {
  requireManager(ctx, regionId);
  return ctx.db.transaction(async (tx) => {
    const curriculum = await lockedCurriculum(tx, regionId);
    const existing = await versionsRepository.draftOf(tx, curriculum.id);
    if (existing !== undefined) return { draft: existing, created: false };
    const current = await repository.currentVersion(tx, curriculum.id);
    const draft = await versionsRepository.insertDraft(
      tx,
      {
        curriculumId: curriculum.id,
        content: current?.content ?? starterCurriculum(),
        basedOnId: current?.id ?? null,
        createdBy: ctx.principal.userId,
      },
      ctx.now,
    );
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'curriculum_version',
        entityId: draft.id,
        regionId,
        summary:
          current === undefined
            ? 'Started a draft of the curriculum'
            : `Started a draft of the curriculum from version ${String(current.number)}`,
        after: { basedOnId: draft.basedOnId },
      },
      ctx.now,
    );
    return { draft, created: true };
  });
}

export async function regionDraft(
  ctx: Context,
  regionId: string,
): Promise<{
  curriculum: Curriculum | undefined;
  draft: CurriculumVersion | undefined;
  base: CurriculumVersion | undefined;
  current: CurriculumVersion | undefined;
}> {
  requireManager(ctx, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  if (curriculum === undefined) return { curriculum, draft: undefined, base: undefined, current: undefined };
  const [draft, current] = await Promise.all([
    versionsRepository.draftOf(ctx.db, curriculum.id),
    repository.currentVersion(ctx.db, curriculum.id),
  ]);
  let base: CurriculumVersion | undefined;
  if (draft?.basedOnId !== null && draft?.basedOnId !== undefined) {
    base = await versionsRepository.findVersion(ctx.db, draft.basedOnId);
  }
  return { curriculum, draft, base, current };
}

export interface DraftView {
  draft: CurriculumVersion;
  curriculum: Curriculum;
  base: CurriculumVersion | undefined;
  /** Every outcome code any version of this curriculum has used, so that a removed code is never given again. */
  usedOutcomes: Outcome[];
}

/** A draft the person may edit; anything else (published, another region's) is not found. */
export async function getDraft(ctx: Context, id: string, db: Db = ctx.db): Promise<DraftView> {
  const row = await versionsRepository.findDraftWithCurriculum(db, id);
  if (row === undefined) throw new NotFoundError();
  requireManager(ctx, row.curriculum.regionId);
  const versions = await versionsRepository.versionsOf(db, row.curriculum.id);
  const base = versions.find((v) => v.id === row.draft.basedOnId);
  return { ...row, base, usedOutcomes: versions.flatMap((v) => v.content.outcomes) };
}

/** Problems found by validating content after an edit, each at the form field it belongs to. */
export class EditProblems extends Error {
  override name = 'EditProblems';
  constructor(readonly fields: readonly { field: string; message: string }[]) {
    super(fields.map((field) => field.message).join('; '));
  }
}

interface Edit {
  content: CurriculumContent;
  summary: string;
  /** Which problems of the new content the edit is answerable for, and the form field each belongs to. */
  fieldOf: (path: string) => string | null;
}

/** Applies an edit to a draft in one transaction, refusing it when it brings errors into what it touched. */
async function editDraft(ctx: Context, id: string, edit: (view: DraftView) => Edit): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await versionsRepository.lockVersion(tx, id);
    const view = await getDraft(ctx, id, tx);
    const change = edit(view);
    const problems: { field: string; message: string }[] = [];
    for (const problem of validateCurriculum(change.content)) {
      if (problem.severity !== 'error') continue;
      const field = change.fieldOf(problem.path);
      if (field !== null) problems.push({ field, message: problem.message });
    }
    if (problems.length > 0) throw new EditProblems(problems);
    await versionsRepository.updateDraftContent(tx, id, change.content, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'curriculum_version',
        entityId: id,
        regionId: view.curriculum.regionId,
        summary: change.summary,
        before: { content: view.draft.content },
        after: { content: change.content },
      },
      ctx.now,
    );
  });
}

/** The part of a problem path after an item's own prefix: 'outcomes[3].text' → 'text'. */
function fieldAfter(path: string, prefix: string): string | null {
  if (!path.startsWith(prefix)) return null;
  const rest = path.slice(prefix.length);
  if (rest === '') return '';
  if (!rest.startsWith('.')) return null;
  return rest.slice(1).replace(/\[\d+\]$/, '');
}

export interface StageEdit {
  names: Record<string, string>;
  /** A stage to add after the last; empty code and name mean none. */
  added: { code: string; name: string } | null;
}

export async function updateStages(ctx: Context, id: string, input: StageEdit): Promise<void> {
  await editDraft(ctx, id, ({ draft }) => {
    const before = draft.content;
    const stages: Stage[] = before.stages.map((stage) => ({ ...stage, name: input.names[stage.code] ?? stage.name }));
    if (input.added !== null) stages.push({ code: input.added.code, name: input.added.name });
    const changed = before.stages.filter((stage, index) => stages[index]?.name !== stage.name).map((s) => s.code);
    const parts = [
      ...(changed.length > 0 ? [`renamed stage ${changed.join(', ')}`] : []),
      ...(input.added !== null ? [`added stage ${input.added.code}`] : []),
    ];
    return {
      content: { ...before, stages },
      summary: `Draft curriculum: ${parts.length > 0 ? parts.join(' and ') : 'stages saved unchanged'}`,
      fieldOf: (path) => {
        const match = /^stages\[(\d+)\]\.(code|name)$/.exec(path);
        if (match === null) return null;
        const index = Number(match[1]);
        if (index >= before.stages.length) return match[2] === 'code' ? 'newCode' : 'newName';
        return match[2] === 'name' ? `name-${before.stages[index]?.code ?? ''}` : null;
      },
    };
  });
}

export interface DomainEdit {
  title: string;
  description: string;
  whyItMatters: string;
}

export async function updateDomain(ctx: Context, id: string, code: string, input: DomainEdit): Promise<void> {
  await editDraft(ctx, id, ({ draft }) => {
    const index = draft.content.domains.findIndex((domain) => domain.code === code);
    if (index < 0) throw new NotFoundError();
    const domains: Domain[] = draft.content.domains.map((domain, i) =>
      i === index ? { ...domain, ...input } : domain,
    );
    return {
      content: { ...draft.content, domains },
      summary: `Draft curriculum: changed domain ${code}`,
      fieldOf: (path) => fieldAfter(path, `domains[${String(index)}]`) || null,
    };
  });
}

export interface OutcomeInput {
  domainCode: string;
  stageCode: string;
  text: string;
  fpHlos: string[];
}

/** The code a new outcome of a domain at a stage will get: never one an earlier version used. */
export function codeForNewOutcome(view: DraftView, domainCode: string, stageCode: string): string {
  return nextOutcomeCode(
    { ...view.draft.content, outcomes: [...view.usedOutcomes, ...view.draft.content.outcomes] },
    domainCode,
    stageCode,
  );
}

export async function addOutcome(ctx: Context, id: string, input: OutcomeInput): Promise<string> {
  let code = '';
  await editDraft(ctx, id, (view) => {
    const content = view.draft.content;
    if (!content.domains.some((domain) => domain.code === input.domainCode)) {
      throw new EditProblems([{ field: 'domainCode', message: 'Select the domain' }]);
    }
    if (!content.stages.some((stage) => stage.code === input.stageCode)) {
      throw new EditProblems([{ field: 'stageCode', message: 'Select the stage' }]);
    }
    code = codeForNewOutcome(view, input.domainCode, input.stageCode);
    const outcome: Outcome = { code, ...input };
    const index = content.outcomes.length;
    return {
      content: { ...content, outcomes: [...content.outcomes, outcome] },
      summary: `Draft curriculum: added outcome ${code}`,
      fieldOf: (path) => fieldAfter(path, `outcomes[${String(index)}]`) || null,
    };
  });
  return code;
}

export async function updateOutcome(
  ctx: Context,
  id: string,
  code: string,
  input: Omit<OutcomeInput, 'domainCode'>,
): Promise<void> {
  await editDraft(ctx, id, ({ draft }) => {
    const index = draft.content.outcomes.findIndex((outcome) => outcome.code === code);
    if (index < 0) throw new NotFoundError();
    if (!draft.content.stages.some((stage) => stage.code === input.stageCode)) {
      throw new EditProblems([{ field: 'stageCode', message: 'Select the stage' }]);
    }
    const outcomes = draft.content.outcomes.map((outcome, i) => (i === index ? { ...outcome, ...input } : outcome));
    return {
      content: { ...draft.content, outcomes },
      summary: `Draft curriculum: changed outcome ${code}`,
      fieldOf: (path) => fieldAfter(path, `outcomes[${String(index)}]`) || null,
    };
  });
}

export async function removeOutcome(ctx: Context, id: string, code: string): Promise<void> {
  await editDraft(ctx, id, ({ draft }) => {
    if (!draft.content.outcomes.some((outcome) => outcome.code === code)) throw new NotFoundError();
    return {
      content: { ...draft.content, outcomes: draft.content.outcomes.filter((outcome) => outcome.code !== code) },
      summary: `Draft curriculum: removed outcome ${code}`,
      fieldOf: () => null,
    };
  });
}

export async function discardDraft(ctx: Context, id: string): Promise<DraftView> {
  return ctx.db.transaction(async (tx) => {
    const view = await getDraft(ctx, id, tx);
    await versionsRepository.deleteVersion(tx, id);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'curriculum_version',
        entityId: id,
        regionId: view.curriculum.regionId,
        summary: 'Discarded the draft of the curriculum',
        before: { content: view.draft.content, basedOnId: view.draft.basedOnId },
      },
      ctx.now,
    );
    return view;
  });
}

/** Publishing problems: a missing summary, and any error left in the draft's content. */
export function problemsBeforePublishing(content: CurriculumContent, changeSummary: string): Problem[] {
  return publishProblems(content, changeSummary);
}

/**
 * Publishes the draft with the next version number. Learners of the region who have not yet been given a version
 * are given the one that was current, so that everyone who started before stays on it until moved.
 */
export async function publishDraft(ctx: Context, id: string, changeSummary: string): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const first = await getDraft(ctx, id, tx);
    await lockedCurriculum(tx, first.curriculum.regionId);
    const view = await getDraft(ctx, id, tx);
    const errors = publishProblems(view.draft.content, changeSummary).filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new EditProblems(
        errors.map((problem) => ({
          field: problem.path === 'changeSummary' ? 'changeSummary' : 'content',
          message: problem.message,
        })),
      );
    }
    const versions = await versionsRepository.versionsOf(tx, view.curriculum.id);
    const published = versions.filter((v) => v.status === 'published');
    const number = nextVersionNumber(published.map((v) => v.number ?? 0));
    const previous = published[0];
    let kept = 0;
    if (previous !== undefined) {
      const ids = await versionsRepository.learnersWithoutVersion(tx, view.curriculum);
      await versionsRepository.giveVersion(tx, ids, view.curriculum.id, previous.id, ctx.now);
      kept = ids.length;
    }
    await versionsRepository.markPublished(
      tx,
      id,
      { number, changeSummary: changeSummary.trim(), publishedBy: ctx.principal.userId },
      ctx.now,
    );
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'curriculum_version',
        entityId: id,
        regionId: view.curriculum.regionId,
        summary: `Published version ${String(number)} of the curriculum${kept > 0 ? `; ${String(kept)} learners stay on version ${String(previous?.number)}` : ''}`,
        before: { status: 'draft' },
        after: { status: 'published', number, changeSummary: changeSummary.trim() },
      },
      ctx.now,
    );
    return number;
  });
}
