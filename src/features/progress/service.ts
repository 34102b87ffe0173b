/**
 * A learner's progress, the learners a person may list, stage history and the educational supervisor: the use
 * cases behind /progress and /learners. Progress is computed from evidence links alone (domain/progress.ts).
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import { STAGES } from '../people/index.ts';
import * as cohortsRepository from './cohorts-repository.ts';
import type { CohortChoice } from './cohorts-repository.ts';
import { computeProgress, unmatchedEvidenceMessage, type Progress } from './domain/progress.ts';
import * as repository from './repository.ts';
import type { CurrentSupervisor, EvidenceRow, Review, StageHistoryRow, SupervisorChoice } from './repository.ts';
import { type Context } from '../../platform/context.ts';
import {
  findLearner,
  learnerVersion,
  maySeeLearner,
  regionCurriculum,
  visibleLearners,
  type Curriculum,
  type CurriculumVersion,
  type LearnerRecord,
  DEFAULT_STAGES,
  stageIndex,
  type Stage,
  normaliseOutcomeCode,
  EVIDENCE_SOURCE_LABELS,
  type EvidenceLink,
} from '../curriculum/index.ts';

export type { CurrentSupervisor, SupervisorChoice, StageHistoryRow };

/** A learner seen by someone allowed to: out of scope (or unknown) is "not found", never "forbidden". */
export async function visibleLearner(ctx: Context, learnerId: string): Promise<LearnerRecord> {
  const learner = await findLearner(ctx.db, learnerId);
  if (learner === undefined || !(await maySeeLearner(ctx.db, ctx.principal, learner, ctx.now)))
    throw new NotFoundError();
  return learner;
}

/** A learner the person manages (their region's programme team); everyone else is told it does not exist. */
export async function managedLearner(db: Db, ctx: Context, learnerId: string): Promise<LearnerRecord> {
  const learner = await findLearner(db, learnerId);
  if (learner === undefined || !runsProgrammeIn(ctx.principal, learner.regionId)) throw new NotFoundError();
  return learner;
}

/** The signed-in learner's own record, or undefined when the programme has not set it up yet. */
export async function ownLearner(ctx: Context): Promise<LearnerRecord | undefined> {
  return findLearner(ctx.db, ctx.principal.userId);
}

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
    repository.upcomingEventsIn(db, learner.regionId, now),
    cohortsRepository.cohortIdsOf(db, learner.id),
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
  const statusOf = await repository.registrationStatuses(
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

export async function currentSupervisor(db: Db, learnerId: string): Promise<CurrentSupervisor | null> {
  return repository.currentSupervisor(db, learnerId);
}

export async function currentStageSince(db: Db, learner: LearnerRecord): Promise<string | null> {
  const open = await repository.openStage(db, learner.id);
  return open !== undefined && open.stage === learner.stage ? open.startedOn : null;
}

export async function latestReview(db: Db, learnerId: string): Promise<Review | undefined> {
  return repository.latestReview(db, learnerId);
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
  return cohortsRepository.cohortsInRegions(db, regionIds);
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
    const members = new Set(await cohortsRepository.memberIdsOf(ctx.db, filters.cohortId));
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

// ----- Stage history -----

export interface StageHistoryView {
  learner: LearnerRecord;
  rows: (StageHistoryRow & { recordedByName: string | null })[];
  /** When the current stage started, or null when not recorded. */
  currentSince: string | null;
  stages: readonly Stage[];
  canManage: boolean;
}

/** The stages a learner can be moved to: their curriculum version's (or the default ones) that a profile can hold. */
async function stagesFor(db: Db, learner: LearnerRecord): Promise<readonly Stage[]> {
  const curriculum = await regionCurriculum(db, learner.regionId);
  const version = curriculum === undefined ? undefined : await learnerVersion(db, learner.id, curriculum.id);
  const stages = version?.content.stages ?? DEFAULT_STAGES;
  return stages.filter((stage) => (STAGES as readonly string[]).includes(stage.code));
}

export async function stageHistoryOf(ctx: Context, learnerId: string): Promise<StageHistoryView> {
  const learner = await visibleLearner(ctx, learnerId);
  return {
    learner,
    rows: await repository.stageHistoryOf(ctx.db, learner.id),
    currentSince: await currentStageSince(ctx.db, learner),
    stages: await stagesFor(ctx.db, learner),
    canManage: runsProgrammeIn(ctx.principal, learner.regionId),
  };
}

/** 'YYYY-MM-DD' of a real date from the three boxes of a date input, or a message saying what is wrong. */
export function readDate(
  parts: { day: string; month: string; year: string },
  label: string,
): string | { error: string } {
  const { day, month, year } = parts;
  if (day === '' && month === '' && year === '') return { error: `Enter the ${label}` };
  const missing = [day === '' ? 'day' : '', month === '' ? 'month' : '', year === '' ? 'year' : ''].filter(Boolean);
  if (missing.length > 0) return { error: `The ${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { error: `The ${label} must be a real date, for example 1 8 2026` };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `The ${label} must be a real date` };
  }
  if (y < 2000) return { error: `The ${label} must be in 2000 or later` };
  return date.toISOString().slice(0, 10);
}

/** Today's date in Europe/London as 'YYYY-MM-DD'. */
export function londonToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export interface StageMove {
  stage: string;
  /** 'YYYY-MM-DD', already a real date (readDate). */
  startedOn: string;
}

/**
 * Moves a learner to a new stage from a date: the open row of their history ends the day before, a new one opens,
 * and their profile's current stage changes. Rules broken throw a RuleError at 'stage' or 'startedOn'.
 */
export async function moveStage(ctx: Context, learnerId: string, move: StageMove): Promise<LearnerRecord> {
  return ctx.db.transaction(async (tx) => {
    const learner = await managedLearner(tx, ctx, learnerId);
    const stages = await stagesFor(tx, learner);
    const stage = stages.find((candidate) => candidate.code === move.stage);
    if (stage === undefined) throw new RuleError('Select a stage of the learner’s curriculum', 'stage');
    if (stage.code === learner.stage) {
      throw new RuleError(`${learner.name} is already at ${stage.code}; select the stage they are moving to`, 'stage');
    }
    if (move.startedOn > londonToday(ctx.now)) {
      throw new RuleError(
        'The start date must be today or in the past: record the move on or after the day it happens',
        'startedOn',
      );
    }
    const open = await repository.openStage(tx, learner.id);
    if (open !== undefined && move.startedOn <= open.startedOn) {
      throw new RuleError(
        `The start date must be after ${formatDate(open.startedOn)}, when their current stage (${open.stage}) started`,
        'startedOn',
      );
    }
    if (open !== undefined) await repository.endStage(tx, open.id, dayBefore(move.startedOn));
    await repository.insertStageHistory(tx, [
      {
        id: newId(),
        learnerUserId: learner.id,
        stage: stage.code,
        startedOn: move.startedOn,
        endedOn: null,
        recordedBy: ctx.actor.userId,
        recordedAt: ctx.now,
      },
    ]);
    await repository.setProfileStage(tx, learner.id, stage.code as (typeof STAGES)[number], ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'learner_stage',
        entityId: learner.id,
        regionId: learner.regionId,
        summary: `Moved ${learner.name} from ${learner.stage} to ${stage.code} from ${formatDate(move.startedOn)}`,
        before: { stage: learner.stage, startedOn: open?.startedOn ?? null },
        after: { stage: stage.code, startedOn: move.startedOn },
      },
      ctx.now,
    );
    return learner;
  });
}

// ----- The educational supervisor -----

/** People who hold the educational supervisor role in the learner's region (not the learner themself). */
async function supervisorChoicesIn(db: Db, learner: LearnerRecord): Promise<SupervisorChoice[]> {
  return repository.supervisorsIn(db, learner.regionId, learner.id);
}

export async function supervisorForm(
  ctx: Context,
  learnerId: string,
): Promise<{ learner: LearnerRecord; current: CurrentSupervisor | null; choices: SupervisorChoice[] }> {
  const learner = await managedLearner(ctx.db, ctx, learnerId);
  const [current, choices] = await Promise.all([
    currentSupervisor(ctx.db, learner.id),
    supervisorChoicesIn(ctx.db, learner),
  ]);
  return { learner, current, choices };
}

/** Gives a learner a new educational supervisor: the current supervision ends now and the new one starts. */
export async function assignSupervisor(
  ctx: Context,
  learnerId: string,
  supervisorId: string,
): Promise<{ learner: LearnerRecord; supervisor: SupervisorChoice; unchanged: boolean }> {
  return ctx.db.transaction(async (tx) => {
    const learner = await managedLearner(tx, ctx, learnerId);
    const supervisor = (await supervisorChoicesIn(tx, learner)).find((choice) => choice.id === supervisorId);
    if (supervisor === undefined) {
      throw new RuleError('Select an educational supervisor from the list', 'supervisorId');
    }
    const current = await currentSupervisor(tx, learner.id);
    if (current?.id === supervisor.id) return { learner, supervisor, unchanged: true };
    await repository.endSupervisions(tx, learner.id, ctx.now);
    await repository.insertSupervision(tx, {
      id: newId(),
      learnerUserId: learner.id,
      supervisorUserId: supervisor.id,
      startedAt: ctx.now,
      endedAt: null,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'educational_supervision',
        entityId: learner.id,
        regionId: learner.regionId,
        summary: `${supervisor.name} is now the educational supervisor of ${learner.name}`,
        before: { supervisorUserId: current?.id ?? null },
        after: { supervisorUserId: supervisor.id },
      },
      ctx.now,
    );
    return { learner, supervisor, unchanged: false };
  });
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
