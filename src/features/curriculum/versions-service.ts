/**
 * Curriculum versions: the region's curriculum as each person sees it, its history, the one draft the programme
 * team edits and publishes, the difference between two versions, and which version each learner follows.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { mayRead, requireManager, visibleLearners } from './access.ts';
import {
  FP_HLOS,
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
import type { Curriculum, CurriculumVersion, LearnerRecord } from './repository.ts';
import * as versionsRepository from './versions-repository.ts';

/** The name a region's curriculum is created with; the programme may be named differently elsewhere. */
const DEFAULT_CURRICULUM_NAME = 'Enhance';

// ----- Reading -----

export interface Overview {
  curriculum: Curriculum | undefined;
  /** The version shown: the learner's own, or the current published one. */
  shown: CurriculumVersion | undefined;
  current: CurriculumVersion | undefined;
  draft: CurriculumVersion | undefined;
  /** Set when the person is a learner of this region. */
  learner: { stage: string } | null;
  manage: boolean;
  publishedCount: number;
}

export async function overview(ctx: Context, regionId: string): Promise<Overview> {
  const manage = runsProgrammeIn(ctx.principal, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  const stage = await repository.learnerStageIn(ctx.db, ctx.principal.userId, regionId);
  const learner = stage === null ? null : { stage };
  if (curriculum === undefined) {
    return { curriculum, shown: undefined, current: undefined, draft: undefined, learner, manage, publishedCount: 0 };
  }
  const current = await repository.currentVersion(ctx.db, curriculum.id);
  const shown =
    learner !== null && !manage
      ? await repository.learnerVersion(ctx.db, ctx.principal.userId, curriculum.id)
      : current;
  const draft = manage ? await versionsRepository.draftOf(ctx.db, curriculum.id) : undefined;
  const publishedCount = (await versionsRepository.versionsOf(ctx.db, curriculum.id)).filter(
    (v) => v.status === 'published',
  ).length;
  return { curriculum, shown, current, draft, learner, manage, publishedCount };
}

export interface VersionRow extends CurriculumVersion {
  publishedByName: string | null;
  previousId: string | null;
}

/** Published versions, newest first, with the draft on top for the programme team. */
export async function history(
  ctx: Context,
  regionId: string,
): Promise<{ curriculum: Curriculum | undefined; versions: VersionRow[]; manage: boolean }> {
  const manage = runsProgrammeIn(ctx.principal, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  if (curriculum === undefined) return { curriculum, versions: [], manage };
  const all = (await versionsRepository.versionsOf(ctx.db, curriculum.id)).filter(
    (v) => manage || v.status === 'published',
  );
  const names = await repository.namesOf(
    ctx.db,
    all.flatMap((v) => (v.publishedBy === null ? [] : [v.publishedBy])),
  );
  const published = all.filter((v) => v.status === 'published');
  const drafts = all.filter((v) => v.status === 'draft');
  const rows = [...drafts, ...published].map((version) => {
    const previous =
      version.status === 'draft'
        ? (all.find((v) => v.id === version.basedOnId) ?? null)
        : (published.find((v) => (v.number ?? 0) < (version.number ?? 0)) ?? null);
    return {
      ...version,
      publishedByName: version.publishedBy === null ? null : (names.get(version.publishedBy) ?? null),
      previousId: previous?.id ?? null,
    };
  });
  return { curriculum, versions: rows, manage };
}

export interface VersionView {
  version: CurriculumVersion;
  curriculum: Curriculum;
  manage: boolean;
  publishedByName: string | null;
  /** The published version before this one, to compare with. */
  previous: CurriculumVersion | undefined;
  current: CurriculumVersion | undefined;
}

/** One version: any published version of a region the person may read; a draft for its programme team only. */
export async function getVersion(ctx: Context, id: string): Promise<VersionView> {
  const row = await versionsRepository.findVersionWithCurriculum(ctx.db, id);
  if (row === undefined || !(await mayRead(ctx, row.curriculum.regionId))) throw new NotFoundError();
  const manage = runsProgrammeIn(ctx.principal, row.curriculum.regionId);
  if (row.version.status === 'draft' && !manage) throw new NotFoundError();
  const versions = await versionsRepository.versionsOf(ctx.db, row.curriculum.id);
  const published = versions.filter((v) => v.status === 'published');
  const previous =
    row.version.status === 'draft'
      ? versions.find((v) => v.id === row.version.basedOnId)
      : published.find((v) => (v.number ?? 0) < (row.version.number ?? 0));
  const names = await repository.namesOf(ctx.db, row.version.publishedBy === null ? [] : [row.version.publishedBy]);
  return {
    ...row,
    manage,
    publishedByName: row.version.publishedBy === null ? null : (names.get(row.version.publishedBy) ?? null),
    previous,
    current: published[0],
  };
}

/** The versions two can be compared from: published ones, and the draft for its programme team. */
export async function comparable(
  ctx: Context,
  regionId: string,
): Promise<{ curriculum: Curriculum | undefined; versions: CurriculumVersion[] }> {
  const manage = runsProgrammeIn(ctx.principal, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  if (curriculum === undefined) return { curriculum, versions: [] };
  const versions = (await versionsRepository.versionsOf(ctx.db, curriculum.id)).filter(
    (v) => manage || v.status === 'published',
  );
  return {
    curriculum,
    versions: [...versions.filter((v) => v.status === 'draft'), ...versions.filter((v) => v.status === 'published')],
  };
}

// ----- Starting and drafting -----

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

// ----- Learners' versions -----

export interface LearnerVersionRow extends LearnerRecord {
  versionId: string | null;
  versionNumber: number | null;
}

/** The region's learners and the version each follows (null: not yet given one; they start on the current). */
export async function learnersWithVersions(
  ctx: Context,
  regionId: string,
): Promise<{ curriculum: Curriculum | undefined; learners: LearnerVersionRow[]; published: CurriculumVersion[] }> {
  requireManager(ctx, regionId);
  const curriculum = await repository.regionCurriculum(ctx.db, regionId);
  const learners = (await visibleLearners(ctx.db, ctx.principal, ctx.now)).filter(
    (learner) => learner.regionId === regionId,
  );
  if (curriculum === undefined) {
    return {
      curriculum,
      learners: learners.map((l) => ({ ...l, versionId: null, versionNumber: null })),
      published: [],
    };
  }
  const published = (await versionsRepository.versionsOf(ctx.db, curriculum.id)).filter(
    (v) => v.status === 'published',
  );
  const assigned = await versionsRepository.assignedVersions(
    ctx.db,
    curriculum.id,
    learners.map((l) => l.id),
  );
  const byLearner = new Map(assigned.map((row) => [row.learnerId, row.versionId]));
  const numbers = new Map(published.map((v) => [v.id, v.number]));
  return {
    curriculum,
    published,
    learners: learners.map((learner) => {
      const versionId = byLearner.get(learner.id) ?? null;
      return { ...learner, versionId, versionNumber: versionId === null ? null : (numbers.get(versionId) ?? null) };
    }),
  };
}

/** Moves learners of the region to a published version; learners already on it are left as they are. */
export async function moveLearners(
  ctx: Context,
  regionId: string,
  learnerIds: readonly string[],
  versionId: string,
): Promise<{ moved: string[]; number: number }> {
  requireManager(ctx, regionId);
  return ctx.db.transaction(async (tx) => {
    const curriculum = await repository.regionCurriculum(tx, regionId);
    if (curriculum === undefined) throw new NotFoundError();
    const version = await versionsRepository.findPublishedVersion(tx, curriculum.id, versionId);
    if (version === undefined) throw new RuleError('Select a published version', 'versionId');
    const known = new Map(
      (await visibleLearners(tx, ctx.principal, ctx.now))
        .filter((learner) => learner.regionId === regionId)
        .map((learner) => [learner.id, learner]),
    );
    const chosen = [...new Set(learnerIds)].filter((learnerId) => known.has(learnerId));
    if (chosen.length === 0) throw new RuleError('Select at least one learner to move', 'learners');
    const before = await versionsRepository.assignedVersions(tx, curriculum.id, chosen);
    const previous = new Map(before.map((row) => [row.learnerId, row.versionId]));
    const moved = chosen.filter((learnerId) => previous.get(learnerId) !== version.id);
    for (const learnerId of moved) {
      await versionsRepository.moveLearnerTo(
        tx,
        { learnerId, curriculumId: curriculum.id, versionId: version.id, assignedBy: ctx.principal.userId },
        ctx.now,
      );
      await audit(
        tx,
        ctx.actor,
        {
          action: 'update',
          entityType: 'learner_curriculum',
          entityId: learnerId,
          regionId,
          summary: `Moved ${known.get(learnerId)?.name ?? 'a learner'} to version ${String(version.number)} of the curriculum`,
          before: { versionId: previous.get(learnerId) ?? null },
          after: { versionId: version.id },
        },
        ctx.now,
      );
    }
    return { moved: moved.map((learnerId) => known.get(learnerId)?.name ?? ''), number: version.number ?? 0 };
  });
}

/** The Foundation Programme outcomes by code, for labels. */
export const HLO_TITLES: ReadonlyMap<string, string> = new Map(FP_HLOS.map((hlo) => [hlo.code, hlo.title]));
