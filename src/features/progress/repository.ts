/**
 * Queries of learners' progress: their evidence, their stage history, their educational supervisors, their annual
 * reviews, and what of it each learner downloads. The events that would help them are the events feature's.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import {
  currentSupervisorOf,
  endSupervisions as endEducationalSupervisions,
  insertSupervision as insertEducationalSupervision,
  roleHoldersIn,
  setLearnerStage,
  supervisionHistoryOf,
  type CurrentSupervisor,
  type NewSupervision,
  type Stage,
} from '../people/index.ts';
import { cohortMembershipsOf, type EvidenceLinkRow } from '../curriculum/index.ts';
import { annualReviews, stageHistory } from './schema.ts';

export type EvidenceRow = EvidenceLinkRow;
export type StageHistoryRow = typeof stageHistory.$inferSelect;
export type NewStageHistoryRow = typeof stageHistory.$inferInsert;
export type { CurrentSupervisor, NewSupervision };
export type Review = typeof annualReviews.$inferSelect;
export type NewReview = typeof annualReviews.$inferInsert;

// ----- Evidence -----

// A learner's evidence links in one curriculum, and many learners' in one query, are the curriculum feature's.
export { evidenceOf, evidenceOfLearners } from '../curriculum/index.ts';

// ----- The educational supervisor -----

export async function currentSupervisor(db: Db, learnerId: string): Promise<CurrentSupervisor | null> {
  return currentSupervisorOf(db, learnerId);
}

export interface SupervisorChoice {
  id: string;
  name: string;
  email: string;
}

/** Active people who hold the educational supervisor role in a region, leaving out one (the learner themself). */
export async function supervisorsIn(db: Db, regionId: string, exceptUserId: string): Promise<SupervisorChoice[]> {
  return roleHoldersIn(db, regionId, ['educational_supervisor'], ['active'], exceptUserId);
}

/** Ends the learner's open supervisions at a time. */
export async function endSupervisions(db: Db, learnerId: string, at: Date): Promise<void> {
  await endEducationalSupervisions(db, learnerId, at);
}

export async function insertSupervision(db: Db, values: NewSupervision): Promise<void> {
  await insertEducationalSupervision(db, values);
}

// ----- Stage history -----

/** The open row of a learner's stage history: their current stage and when it started. */
export async function openStage(db: Db, learnerId: string): Promise<StageHistoryRow | undefined> {
  const [row] = await db
    .select()
    .from(stageHistory)
    .where(and(eq(stageHistory.learnerUserId, learnerId), isNull(stageHistory.endedOn)))
    .orderBy(desc(stageHistory.startedOn))
    .limit(1);
  return row;
}

/** A learner's stage history, latest first, with the name of whoever recorded each move. */
export async function stageHistoryOf(
  db: Db,
  learnerId: string,
): Promise<(StageHistoryRow & { recordedByName: string | null })[]> {
  const rows = await db
    .select({ row: stageHistory, recordedByName: users.displayName })
    .from(stageHistory)
    .leftJoin(users, eq(users.id, stageHistory.recordedBy))
    .where(eq(stageHistory.learnerUserId, learnerId))
    .orderBy(desc(stageHistory.startedOn), desc(stageHistory.recordedAt));
  return rows.map(({ row, recordedByName }) => ({ ...row, recordedByName }));
}

export async function endStage(db: Db, id: string, endedOn: string): Promise<void> {
  await db.update(stageHistory).set({ endedOn }).where(eq(stageHistory.id, id));
}

export async function insertStageHistory(db: Db, rows: NewStageHistoryRow[]): Promise<void> {
  await db.insert(stageHistory).values(rows);
}

/** The current stage on the learner's profile, which lists and the learner's pages read. */
export async function setProfileStage(db: Db, learnerId: string, stage: Stage, at: Date): Promise<void> {
  await setLearnerStage(db, learnerId, stage, at);
}

// ----- Annual reviews -----

export interface ReviewWithNames extends Review {
  recordedByName: string | null;
}

export async function latestReview(db: Db, learnerId: string): Promise<Review | undefined> {
  const [row] = await db
    .select()
    .from(annualReviews)
    .where(eq(annualReviews.learnerUserId, learnerId))
    .orderBy(desc(annualReviews.year))
    .limit(1);
  return row;
}

/** A learner's reviews, latest year first, with the name of whoever recorded each. */
export async function reviewsOf(db: Db, learnerId: string): Promise<ReviewWithNames[]> {
  const rows = await db
    .select({ review: annualReviews, recordedByName: users.displayName })
    .from(annualReviews)
    .leftJoin(users, eq(users.id, annualReviews.recordedBy))
    .where(eq(annualReviews.learnerUserId, learnerId))
    .orderBy(desc(annualReviews.year));
  return rows.map(({ review, recordedByName }) => ({ ...review, recordedByName }));
}

export async function findReview(db: Db, learnerId: string, year: string): Promise<Review | undefined> {
  const [row] = await db
    .select()
    .from(annualReviews)
    .where(and(eq(annualReviews.learnerUserId, learnerId), eq(annualReviews.year, year)));
  return row;
}

export async function insertReview(db: Db, values: NewReview): Promise<Review> {
  const [row] = await db.insert(annualReviews).values(values).returning();
  if (row === undefined) throw new Error('The annual review was not saved');
  return row;
}

export async function updateReview(db: Db, id: string, values: Partial<NewReview>): Promise<Review> {
  const [row] = await db.update(annualReviews).set(values).where(eq(annualReviews.id, id)).returning();
  if (row === undefined) throw new Error('The annual review was not saved');
  return row;
}

/** Many reviews at once, for the demo. */
export async function insertReviews(db: Db, rows: NewReview[]): Promise<void> {
  await db.insert(annualReviews).values(rows);
}

// ----- A learner's personal data download -----

export async function stagesToDownload(db: Db, userId: string) {
  return db
    .select({ stage: stageHistory.stage, startedOn: stageHistory.startedOn, endedOn: stageHistory.endedOn })
    .from(stageHistory)
    .where(eq(stageHistory.learnerUserId, userId))
    .orderBy(asc(stageHistory.startedOn));
}

export async function supervisorsToDownload(db: Db, userId: string) {
  return supervisionHistoryOf(db, userId);
}

export async function cohortsToDownload(db: Db, userId: string) {
  return cohortMembershipsOf(db, userId);
}

export async function reviewsToDownload(db: Db, userId: string) {
  return db
    .select({
      year: annualReviews.year,
      stage: annualReviews.stage,
      outcome: annualReviews.outcome,
      comments: annualReviews.comments,
      actions: annualReviews.actions,
      panel: annualReviews.panel,
      recordedAt: annualReviews.recordedAt,
      updatedAt: annualReviews.updatedAt,
    })
    .from(annualReviews)
    .where(eq(annualReviews.learnerUserId, userId))
    .orderBy(asc(annualReviews.year));
}
