/**
 * A learner's stage history (F1, F2, ST1…): where they are and since when, and the programme team moving them on.
 */
import { runsProgrammeIn } from '../../platform/policy.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import { STAGES } from '../people/index.ts';
import * as repository from './repository.ts';
import type { StageHistoryRow } from './repository.ts';
import { managedLearner, visibleLearner } from '../learners/index.ts';
import { type Context } from '../../platform/context.ts';
import {
  learnerVersion,
  regionCurriculum,
  type LearnerRecord,
  DEFAULT_STAGES,
  type Stage,
} from '../curriculum/index.ts';
import { londonToday } from '../../shared/london-time.ts';

export async function currentStageSince(db: Db, learner: LearnerRecord): Promise<string | null> {
  const open = await repository.openStage(db, learner.id);
  return open !== undefined && open.stage === learner.stage ? open.startedOn : null;
}

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

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export interface StageMove {
  stage: string;
  /** 'YYYY-MM-DD', already a real date (the stage form, forms.ts). */
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
