/**
 * Queries of multi-source feedback: the raters a learner invited (whether they answered, never what) and the
 * responses, which carry nothing that leads back to a rater.
 */
import { and, count, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { msfRaters, msfResponses, portfolioEntries } from './schema.ts';

export type MsfRaterRow = typeof msfRaters.$inferSelect;
export type NewMsfRater = typeof msfRaters.$inferInsert;

export async function insertRaters(db: Db, rows: readonly NewMsfRater[]): Promise<void> {
  if (rows.length > 0) await db.insert(msfRaters).values([...rows]);
}

/** The raters of a round, by name. */
export async function ratersOf(db: Db, entryId: string): Promise<MsfRaterRow[]> {
  return db.select().from(msfRaters).where(eq(msfRaters.entryId, entryId)).orderBy(msfRaters.name, msfRaters.email);
}

export interface RaterLink {
  rater: MsfRaterRow;
  entryId: string;
  learnerName: string;
}

/** The rater a link's token belongs to, with the learner the feedback is about. */
export async function raterByTokenHash(db: Db, tokenHash: string): Promise<RaterLink | undefined> {
  const [row] = await db
    .select({ rater: msfRaters, entryId: portfolioEntries.id, learnerName: users.displayName })
    .from(msfRaters)
    .innerJoin(portfolioEntries, eq(portfolioEntries.id, msfRaters.entryId))
    .innerJoin(users, eq(users.id, portfolioEntries.learnerUserId))
    .where(eq(msfRaters.tokenHash, tokenHash));
  return row;
}

/**
 * Records that the rater answered, only if they had not and their link is still live: of two submissions at once,
 * one changes the row and the other finds nothing to change. Whether this call was the one that counted.
 */
export async function markResponded(db: Db, raterId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(msfRaters)
    .set({ respondedAt: now })
    .where(and(eq(msfRaters.id, raterId), isNull(msfRaters.respondedAt), gt(msfRaters.expiresAt, now)))
    .returning({ id: msfRaters.id });
  return rows.length === 1;
}

/** A response: a random id, the staff group, the answers and the day, and nothing that names its rater. */
export async function insertResponse(
  db: Db,
  values: { id: string; entryId: string; role: string; answers: Record<string, unknown>; receivedOn: string },
): Promise<void> {
  await db.insert(msfResponses).values(values);
}

/** The answers of a round, in no meaningful order (a summary sorts what it shows). */
export async function responsesOf(
  db: Db,
  entryId: string,
): Promise<{ role: string; answers: Record<string, unknown> }[]> {
  return db
    .select({ role: msfResponses.role, answers: msfResponses.answers })
    .from(msfResponses)
    .where(eq(msfResponses.entryId, entryId));
}

export async function responseCount(db: Db, entryId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(msfResponses).where(eq(msfResponses.entryId, entryId));
  return row?.n ?? 0;
}

/** A reminder went to the rater with a new link (the old one's token is not kept, so it cannot be sent again). */
export async function setReminded(db: Db, raterId: string, tokenHash: string, now: Date): Promise<void> {
  await db.update(msfRaters).set({ tokenHash, remindedAt: now }).where(eq(msfRaters.id, raterId));
}

/** Ends every link of the round that is still live: the round has closed. */
export async function expireLinks(db: Db, entryId: string, now: Date): Promise<void> {
  await db
    .update(msfRaters)
    .set({ expiresAt: now })
    .where(and(eq(msfRaters.entryId, entryId), gt(msfRaters.expiresAt, now)));
}

export interface OpenRound {
  id: string;
  learnerUserId: string;
  learnerName: string;
  title: string;
  document: Record<string, unknown>;
  invited: number;
  responses: number;
}

/** The rounds of these learners not yet released, with how many were invited and how many answered. */
export async function unreleasedRoundsOf(db: Db, learnerIds: readonly string[]): Promise<OpenRound[]> {
  if (learnerIds.length === 0) return [];
  const invited = db
    .select({ entryId: msfRaters.entryId, n: count().as('invited') })
    .from(msfRaters)
    .groupBy(msfRaters.entryId)
    .as('invited');
  const answered = db
    .select({ entryId: msfResponses.entryId, n: count().as('answered') })
    .from(msfResponses)
    .groupBy(msfResponses.entryId)
    .as('answered');
  return db
    .select({
      id: portfolioEntries.id,
      learnerUserId: portfolioEntries.learnerUserId,
      learnerName: users.displayName,
      title: portfolioEntries.title,
      document: portfolioEntries.document,
      invited: sql<number>`coalesce(${invited.n}, 0)::int`,
      responses: sql<number>`coalesce(${answered.n}, 0)::int`,
    })
    .from(portfolioEntries)
    .innerJoin(users, eq(users.id, portfolioEntries.learnerUserId))
    .leftJoin(invited, eq(invited.entryId, portfolioEntries.id))
    .leftJoin(answered, eq(answered.entryId, portfolioEntries.id))
    .where(
      and(
        inArray(portfolioEntries.learnerUserId, [...learnerIds]),
        eq(portfolioEntries.kind, 'msf'),
        eq(portfolioEntries.status, 'in_progress'),
      ),
    )
    .orderBy(portfolioEntries.createdAt);
}
