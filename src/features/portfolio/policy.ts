/**
 * Who may see and do what with a portfolio entry. Sight of a learner's entries is the learners feature's one rule
 * (the learner, their current supervisors, their region's programme team); this file narrows it for the portfolio:
 *
 * - a private reflection is seen by the learner and their educational supervisor only;
 * - the learner writes and changes their own entries until they are signed off;
 * - their current supervisors sign entries off (a private reflection, only the educational supervisor);
 * - everyone who may see an entry may comment under it.
 *
 * An entry a person may not see is "not found", never "forbidden", so that a guessed id gives nothing away.
 */
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { supervisedLearnerIds, visibleLearner, type LearnerRecord } from '../learners/index.ts';
import { currentSupervisorOf } from '../people/index.ts';
import { isLocked, learnerMayEdit } from './domain/entries.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';

export interface LearnerAccess {
  learner: LearnerRecord;
  /** The signed-in person is the learner. */
  own: boolean;
  /** The signed-in person is the learner's current educational supervisor. */
  educationalSupervisor: boolean;
  /** The signed-in person is one of the learner's current supervisors (educational or clinical). */
  supervisor: boolean;
}

/** The learner of a portfolio, and how the signed-in person stands to them; not found when out of sight. */
export async function learnerAccess(ctx: Context, learnerId: string): Promise<LearnerAccess> {
  const learner = await visibleLearner(ctx, learnerId);
  const own = learner.id === ctx.principal.userId;
  if (own) return { learner, own, educationalSupervisor: false, supervisor: false };
  const [supervised, educational] = await Promise.all([
    supervisedLearnerIds(ctx.db, ctx.principal.userId, ctx.now),
    currentSupervisorOf(ctx.db, learner.id),
  ]);
  const supervisor = supervised.includes(learner.id);
  return { learner, own, supervisor, educationalSupervisor: supervisor && educational?.id === ctx.principal.userId };
}

/** Whether private reflections are in sight: the learner's and their educational supervisor's. */
export function seesPrivate(access: LearnerAccess): boolean {
  return access.own || access.educationalSupervisor;
}

export interface EntryAccess extends LearnerAccess {
  entry: Entry;
  mayEdit: boolean;
  maySignOff: boolean;
  mayComment: boolean;
  mayDelete: boolean;
}

/** What the person may do with the entry; an entry out of their sight is not found. */
export async function accessTo(ctx: Context, entry: Entry | undefined): Promise<EntryAccess> {
  if (entry === undefined) throw new NotFoundError();
  const access = await learnerAccess(ctx, entry.learnerUserId);
  if (entry.private && !seesPrivate(access)) throw new NotFoundError();
  const signer = entry.private ? access.educationalSupervisor : access.supervisor;
  return {
    ...access,
    entry,
    mayEdit: access.own && learnerMayEdit(entry.status),
    maySignOff: signer && entry.status === 'awaiting_sign_off',
    mayComment: true,
    mayDelete: access.own && !isLocked(entry.status),
  };
}

/**
 * The entry read through `db` (locked when `lock`, inside a transaction) and what the person may do with it; every
 * question about the learner goes through the same `db`, as the embedded database has one connection.
 */
export async function entryAccess(ctx: Context, db: Db, id: string, lock = false): Promise<EntryAccess> {
  return accessTo({ ...ctx, db }, await (lock ? repository.lockEntry(db, id) : repository.findEntry(db, id)));
}
