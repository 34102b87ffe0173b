/**
 * A learner's progress and the learners a person may list: the use cases behind /progress and /learners, and the
 * learner's part of their personal data download. Progress is computed from evidence links alone
 * (domain/progress.ts).
 */
import type { Db } from '../../platform/db/client.ts';
import { computeProgress, unmatchedEvidenceMessage, type Progress } from './domain/progress.ts';
import * as repository from './repository.ts';
import type { EvidenceRow } from './repository.ts';
import { type Context } from '../../platform/context.ts';
import {
  learnerVersion,
  regionCurriculum,
  type Curriculum,
  type CurriculumVersion,
  type LearnerRecord,
  DEFAULT_STAGES,
  stageIndex,
  type Stage,
  normaliseOutcomeCode,
  EVIDENCE_SOURCE_LABELS,
  type EvidenceLink,
  cohortIdsOf,
  cohortsInRegions,
  memberIdsOf,
  type CohortChoice,
} from '../curriculum/index.ts';
import { visibleLearners } from '../learners/index.ts';
import { registrationStatusesOf, upcomingEventsInRegion } from '../events/index.ts';

export interface EvidenceItem {
  sourceType: string;
  sourceLabel: string;
  label: string;
  href: string | null;
  recordedAt: Date;
}

export interface LearnerProgress {
  curriculum: Curriculum | null;
  version: CurriculumVersion | null;
  /** Null when there is no curriculum, or the learner's stage is not a stage of their version. */
  progress: Progress | null;
  /** True when the version exists but does not have the learner's stage. */
  stageMissing: boolean;
  stages: readonly Stage[];
  /** Evidence items per outcome code (normal form), newest first; one item per source. */
  evidence: Map<string, EvidenceItem[]>;
  unmatchedMessage: string | null;
}

function linksOf(rows: readonly EvidenceRow[]): EvidenceLink[] {
  return rows.map((row) => ({
    outcomeCode: row.outcomeCode,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    recordedAt: row.recordedAt,
  }));
}

function evidenceItems(rows: readonly EvidenceRow[]): Map<string, EvidenceItem[]> {
  const byCode = new Map<string, Map<string, EvidenceItem>>();
  for (const row of rows) {
    const code = normaliseOutcomeCode(row.outcomeCode) ?? row.outcomeCode.trim();
    const items = byCode.get(code) ?? new Map<string, EvidenceItem>();
    const key = `${row.sourceType}\u0000${row.sourceId}`;
    const earlier = items.get(key);
    if (earlier === undefined || earlier.recordedAt.getTime() < row.recordedAt.getTime()) {
      items.set(key, {
        sourceType: row.sourceType,
        sourceLabel: EVIDENCE_SOURCE_LABELS[row.sourceType],
        label: row.label,
        href: row.href,
        recordedAt: row.recordedAt,
      });
    }
    byCode.set(code, items);
  }
  return new Map(
    [...byCode].map(([code, items]) => [
      code,
      [...items.values()].sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime()),
    ]),
  );
}

function progressOf(
  version: CurriculumVersion,
  stage: string,
  rows: readonly EvidenceRow[],
): { progress: Progress | null; stageMissing: boolean } {
  if (stageIndex(version.content, stage) < 0) return { progress: null, stageMissing: true };
  return {
    progress: computeProgress({ content: version.content, currentStage: stage, evidence: linksOf(rows) }),
    stageMissing: false,
  };
}

/** A learner's progress in their region's curriculum, on the version they follow. */
export async function learnerProgress(db: Db, learner: LearnerRecord): Promise<LearnerProgress> {
  const curriculum = (await regionCurriculum(db, learner.regionId)) ?? null;
  const version = curriculum === null ? undefined : await learnerVersion(db, learner.id, curriculum.id);
  if (curriculum === null || version === undefined) {
    return {
      curriculum,
      version: null,
      progress: null,
      stageMissing: false,
      stages: DEFAULT_STAGES,
      evidence: new Map(),
      unmatchedMessage: null,
    };
  }
  const rows = await repository.evidenceOf(db, learner.id, curriculum.id);
  const { progress, stageMissing } = progressOf(version, learner.stage, rows);
  return {
    curriculum,
    version,
    progress,
    stageMissing,
    stages: version.content.stages,
    evidence: evidenceItems(rows),
    unmatchedMessage: progress === null ? null : unmatchedEvidenceMessage(progress.unmatched),
  };
}

/**
 * Progress of many learners at once, for lists and the cohort heatmap: one query for their evidence per
 * curriculum. Learners whose region has no published curriculum, or whose stage their version lacks, get null.
 */
export async function progressOfMany(
  db: Db,
  learners: readonly LearnerRecord[],
): Promise<Map<string, Progress | null>> {
  const result = new Map<string, Progress | null>();
  const byRegion = new Map<string, LearnerRecord[]>();
  for (const learner of learners) byRegion.set(learner.regionId, [...(byRegion.get(learner.regionId) ?? []), learner]);
  for (const [regionId, group] of byRegion) {
    const curriculum = await regionCurriculum(db, regionId);
    if (curriculum === undefined) {
      for (const learner of group) result.set(learner.id, null);
      continue;
    }
    const rows = await repository.evidenceOfLearners(
      db,
      curriculum.id,
      group.map((learner) => learner.id),
    );
    for (const learner of group) {
      const version = await learnerVersion(db, learner.id, curriculum.id);
      if (version === undefined) {
        result.set(learner.id, null);
        continue;
      }
      const mine = rows.filter((row) => row.learnerUserId === learner.id);
      result.set(learner.id, progressOf(version, learner.stage, mine).progress);
    }
  }
  return result;
}

export interface HelpfulEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  online: boolean;
  /** The still-needed outcomes attending would evidence. */
  outcomeCodes: string[];
  registration: 'registered' | 'waiting' | null;
}

export const HELPFUL_EVENTS_SHOWN = 5;

/**
 * Scheduled events still to come in the learner's region that would evidence an outcome they still need, and
 * whose audience includes them (every stage or theirs; every cohort or one of theirs), soonest first.
 */
export async function helpfulEvents(
  db: Db,
  learner: LearnerRecord,
  stillNeeded: readonly string[],
  now: Date,
): Promise<HelpfulEvent[]> {
  if (stillNeeded.length === 0) return [];
  const needed = new Set(stillNeeded);
  const [events, memberships] = await Promise.all([
    upcomingEventsInRegion(db, learner.regionId, now),
    cohortIdsOf(db, learner.id),
  ]);
  const myCohorts = new Set(memberships);
  const fitting = events
    .map((event) => ({
      event,
      codes: event.outcomeCodes.map((code) => normaliseOutcomeCode(code) ?? code).filter((code) => needed.has(code)),
    }))
    .filter(
      ({ event, codes }) =>
        codes.length > 0 &&
        (event.stages.length === 0 || event.stages.includes(learner.stage)) &&
        (event.cohortIds.length === 0 || event.cohortIds.some((id) => myCohorts.has(id))),
    )
    .slice(0, HELPFUL_EVENTS_SHOWN);
  if (fitting.length === 0) return [];
  const statusOf = await registrationStatusesOf(
    db,
    learner.id,
    fitting.map(({ event }) => event.id),
  );
  return fitting.map(({ event, codes }) => {
    const status = statusOf.get(event.id);
    return {
      id: event.id,
      title: event.title,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      venue: event.venue,
      online: event.onlineUrl !== null && event.onlineUrl !== '',
      outcomeCodes: codes,
      registration: status === 'registered' || status === 'waiting' ? status : null,
    };
  });
}

// ----- The list of learners -----

export interface LearnerFilters {
  q: string;
  stage: string;
  cohortId: string;
}

export interface LearnerListItem {
  learner: LearnerRecord;
  progress: Progress | null;
}

/** Cohorts of the regions whose learners the person sees, for the list's filter. */
export async function cohortChoices(db: Db, learners: readonly LearnerRecord[]): Promise<CohortChoice[]> {
  const regionIds = [...new Set(learners.map((learner) => learner.regionId))];
  if (regionIds.length === 0) return [];
  return cohortsInRegions(db, regionIds);
}

export async function listLearners(
  ctx: Context,
  filters: LearnerFilters,
  page: number,
  pageSize: number,
): Promise<{ items: LearnerListItem[]; total: number; cohorts: CohortChoice[]; anyLearners: boolean }> {
  const all = await visibleLearners(ctx.db, ctx.principal, ctx.now);
  const choices = await cohortChoices(ctx.db, all);
  let matching = all;
  const q = filters.q.toLowerCase();
  if (q !== '') {
    matching = matching.filter(
      (learner) => learner.name.toLowerCase().includes(q) || learner.email.toLowerCase().includes(q),
    );
  }
  if (filters.stage !== '') matching = matching.filter((learner) => learner.stage === filters.stage);
  if (filters.cohortId !== '' && choices.some((choice) => choice.id === filters.cohortId)) {
    const members = new Set(await memberIdsOf(ctx.db, filters.cohortId));
    matching = matching.filter((learner) => members.has(learner.id));
  }
  const shown = matching.slice((page - 1) * pageSize, page * pageSize);
  const progress = await progressOfMany(ctx.db, shown);
  return {
    items: shown.map((learner) => ({ learner, progress: progress.get(learner.id) ?? null })),
    total: matching.length,
    cohorts: choices,
    anyLearners: all.length > 0,
  };
}

/** The learner's part of their personal data download: stages, supervisors, cohorts and annual reviews. */
export async function personalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [stages, supervisions, memberships, reviews] = await Promise.all([
    repository.stagesToDownload(db, userId),
    repository.supervisorsToDownload(db, userId),
    repository.cohortsToDownload(db, userId),
    repository.reviewsToDownload(db, userId),
  ]);
  return { stages, educationalSupervisors: supervisions, cohorts: memberships, annualReviews: reviews };
}
