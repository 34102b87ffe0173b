/** A learner's educational supervisor: who it is, and the programme team giving them another. */
import { audit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { RuleError } from '../../platform/errors.ts';
import * as repository from './repository.ts';
import type { CurrentSupervisor, SupervisorChoice } from './repository.ts';
import { managedLearner } from '../learners/index.ts';
import { type Context } from '../../platform/context.ts';
import { type LearnerRecord } from '../curriculum/index.ts';

export async function currentSupervisor(db: Db, learnerId: string): Promise<CurrentSupervisor | null> {
  return repository.currentSupervisor(db, learnerId);
}

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
