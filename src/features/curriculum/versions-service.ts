/**
 * Curriculum versions: the region's curriculum as each person sees it, its history, the versions two can be compared
 * from, and which version each learner follows. The draft and its publishing are in draft-service.ts.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { mayRead, requireManager } from './policy.ts';
import { visibleLearners } from '../learners/index.ts';
import * as repository from './repository.ts';
import type { Curriculum, CurriculumVersion, LearnerRecord } from './repository.ts';
import * as versionsRepository from './versions-repository.ts';

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

/**
 * The learners of the region and the published version a move would take, for the page that asks to confirm it;
 * a move that names none of the region's learners, or no published version, is refused.
 */
export async function learnersToMove(
  ctx: Context,
  regionId: string,
  learnerIds: readonly string[],
  versionId: string,
): Promise<{ chosen: LearnerVersionRow[]; version: CurriculumVersion }> {
  const view = await learnersWithVersions(ctx, regionId);
  const chosen = view.learners.filter((learner) => learnerIds.includes(learner.id));
  if (chosen.length === 0) throw new RuleError('Select at least one learner to move', 'learners');
  const version = view.published.find((candidate) => candidate.id === versionId);
  if (version === undefined) throw new RuleError('Select a published version', 'versionId');
  return { chosen, version };
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
