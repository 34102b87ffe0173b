/**
 * Who may see and change a learner's records, written once for every feature that keeps records about a learner
 * (progress, stages and reviews today; the portfolio next):
 *
 * - the learner themself;
 * - their supervisors: their educational supervisor, and the clinical supervisor of a placement under way or ended
 *   less than three months ago (domain/supervision.ts), while the supervisor still holds the role in the region;
 * - the programme team of the learner's region (and platform administrators).
 *
 * Nobody else. To anyone else the learner does not exist: the answer is "not found", never "forbidden", so that a
 * guessed id gives nothing away. Changes that only the programme team makes (a learner's stage, supervisors, an
 * annual review's outcome) ask `managedLearner` instead.
 */
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { runsProgrammeIn, SUPERVISORS, teamRegions } from '../../platform/policy.ts';
import { findLearner, learnersIn, type LearnerRecord } from '../people/index.ts';
import { supervisedLearnerIds } from './repository.ts';

/** Whether the person may see the learner's records: the learner, their current supervisors, their programme team. */
export async function maySeeLearner(db: Db, principal: Principal, learner: LearnerRecord, now: Date): Promise<boolean> {
  if (principal.userId === learner.id) return true;
  if (runsProgrammeIn(principal, learner.regionId)) return true;
  if (hasRole(principal, ...SUPERVISORS)) {
    return (await supervisedLearnerIds(db, principal.userId, now)).includes(learner.id);
  }
  return false;
}

/** The learners a person may list: a region's for its programme team, their own for a supervisor. */
export async function visibleLearners(db: Db, principal: Principal, now: Date): Promise<LearnerRecord[]> {
  const supervised = hasRole(principal, ...SUPERVISORS) ? await supervisedLearnerIds(db, principal.userId, now) : [];
  return learnersIn(db, teamRegions(principal), supervised);
}

/** A learner whose records the person may see; an unknown learner, or one out of their sight, is "not found". */
export async function visibleLearner(ctx: Context, learnerId: string): Promise<LearnerRecord> {
  const learner = await findLearner(ctx.db, learnerId);
  if (learner === undefined || !(await maySeeLearner(ctx.db, ctx.principal, learner, ctx.now)))
    throw new NotFoundError();
  return learner;
}

/**
 * A learner the person manages (their region's programme team), read through `db` (a transaction when the change
 * that follows must see the same row); everyone else, the learner included, is told it does not exist.
 */
export async function managedLearner(db: Db, ctx: Context, learnerId: string): Promise<LearnerRecord> {
  const learner = await findLearner(db, learnerId);
  if (learner === undefined || !runsProgrammeIn(ctx.principal, learner.regionId)) throw new NotFoundError();
  return learner;
}

/** The signed-in person's own learner record, or undefined when they are not (yet) a learner. */
export async function ownLearner(ctx: Context): Promise<LearnerRecord | undefined> {
  return findLearner(ctx.db, ctx.principal.userId);
}
