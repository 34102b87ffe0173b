import { and, eq, gt, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { keptForms, sessions, users, userTokens } from './schema.ts';
import { hashToken, newToken } from './tokens.ts';

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/** Idle sessions end after 30 minutes; any session ends after 12 hours. */
export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_SECONDS = 15 * 60;
export const INVITATION_DAYS = 7;
export const PASSWORD_RESET_HOURS = 2;
const KEPT_FORM_HOURS = 24;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return rows[0];
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

/** People's display names by account id, for names in lists and on records (ids not found, and nulls, are left out). */
export async function displayNamesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function createSession(
  db: Db,
  userId: string,
  stage: Session['stage'],
  now: Date,
  userAgent: string | undefined,
): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    stage,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000),
    absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000),
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export type SessionLookup =
  | { state: 'live'; session: Session; user: User }
  /** The session existed but has ended (idle, absolute limit, or the account is no longer active); now deleted. */
  | { state: 'ended'; userId: string }
  | { state: 'none' };

/** The session for a cookie token, with its user; an ended session is deleted on sight. */
export async function findSession(db: Db, token: string, now: Date): Promise<SessionLookup> {
  const rows = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, hashToken(token)))
    .limit(1);
  const row = rows[0];
  if (row === undefined) return { state: 'none' };
  if (row.session.idleExpiresAt <= now || row.session.absoluteExpiresAt <= now || row.user.status !== 'active') {
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    return { state: 'ended', userId: row.user.id };
  }
  return { state: 'live', session: row.session, user: row.user };
}

/** Extends the idle timeout. Written at most once a minute per session to spare the database. */
export async function touchSession(db: Db, session: Session, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < 60_000) return;
  await db
    .update(sessions)
    .set({ lastSeenAt: now, idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000) })
    .where(eq(sessions.id, session.id));
}

export async function forceTouchSession(db: Db, session: Session, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, idleExpiresAt: new Date(now.getTime() + SESSION_IDLE_SECONDS * 1000) })
    .where(eq(sessions.id, session.id));
}

export async function setSessionStage(db: Db, sessionId: string, stage: Session['stage']): Promise<void> {
  await db.update(sessions).set({ stage }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptSessionId === undefined
        ? eq(sessions.userId, userId)
        : and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`),
    );
}

/**
 * Counts a wrong password or a wrong code in one statement, so that guesses sent in parallel each count (a count read
 * first and written back would let them overwrite one another). The fifth in a row locks the account and starts the
 * count again. Returns the lock, if this failure set one.
 */
async function recordFailure(db: Db, userId: string, factor: 'password' | 'code', now: Date): Promise<Date | null> {
  const counter = factor === 'password' ? users.failedLoginCount : users.failedTotpCount;
  const lockUntil = new Date(now.getTime() + LOCKOUT_SECONDS * 1000);
  const reachesLimit = sql`${counter} + 1 >= ${MAX_FAILED_LOGINS}`;
  const count = sql`CASE WHEN ${reachesLimit} THEN 0 ELSE ${counter} + 1 END`;
  const [row] = await db
    .update(users)
    .set({
      ...(factor === 'password' ? { failedLoginCount: count } : { failedTotpCount: count }),
      lockedUntil: sql`CASE WHEN ${reachesLimit} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${users.lockedUntil} END`,
      updatedAt: now,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil });
  return row?.lockedUntil !== undefined && row.lockedUntil !== null && row.lockedUntil > now ? row.lockedUntil : null;
}

/** A wrong password: see recordFailure. */
export async function recordFailedLogin(db: Db, userId: string, now: Date): Promise<Date | null> {
  return recordFailure(db, userId, 'password', now);
}

/** A wrong two-factor code, counted apart from wrong passwords: see recordFailure. */
export async function recordFailedCode(db: Db, userId: string, now: Date): Promise<Date | null> {
  return recordFailure(db, userId, 'code', now);
}

/**
 * Sign-in has completed (every factor it needed): only now do the failure counts start again. A right password alone
 * resets nothing, or anyone who has it could guess codes for ever by signing in again between guesses.
 */
export async function recordSuccessfulLogin(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ failedLoginCount: 0, failedTotpCount: 0, lockedUntil: null, lastLoginAt: now })
    .where(eq(users.id, userId));
}

/**
 * Accepts a two-factor code's time step for the user, once: only if it is later than the last step accepted and the
 * account is not locked, checked and written in one statement so that two requests with the same code cannot both
 * pass. Returns false when the code was already used (or an earlier one was) or the account is locked.
 */
export async function acceptTotpStep(db: Db, userId: string, step: number, now: Date): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ totpLastStep: step, updatedAt: now })
    .where(
      and(
        eq(users.id, userId),
        or(isNull(users.totpLastStep), lt(users.totpLastStep, step)),
        or(isNull(users.lockedUntil), lte(users.lockedUntil, now)),
      ),
    )
    .returning({ id: users.id });
  return updated.length === 1;
}

export function isLocked(user: Pick<User, 'lockedUntil'>, now: Date): boolean {
  return user.lockedUntil !== null && user.lockedUntil > now;
}

/** Issues a single-use link token; earlier unused tokens of the same purpose for the user stop working. */
export async function issueUserToken(
  db: Db,
  userId: string,
  purpose: 'invitation' | 'password_reset',
  now: Date,
  createdBy: string | null,
): Promise<string> {
  await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
  const token = newToken();
  const lifetimeMs = purpose === 'invitation' ? INVITATION_DAYS * 86_400_000 : PASSWORD_RESET_HOURS * 3_600_000;
  await db.insert(userTokens).values({
    id: newId(),
    userId,
    purpose,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + lifetimeMs),
    createdBy,
  });
  return token;
}

export type TokenLookup =
  | { state: 'valid'; user: User; tokenId: string; purpose: 'invitation' | 'password_reset' }
  | { state: 'expired' | 'used' | 'unknown' };

export async function lookUpUserToken(db: Db, token: string, now: Date): Promise<TokenLookup> {
  const rows = await db
    .select({ token: userTokens, user: users })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(eq(userTokens.tokenHash, hashToken(token)))
    .limit(1);
  const row = rows[0];
  if (row === undefined || row.user.status === 'erased' || row.user.status === 'disabled') return { state: 'unknown' };
  if (row.token.usedAt !== null) return { state: 'used' };
  if (row.token.expiresAt <= now) return { state: 'expired' };
  return { state: 'valid', user: row.user, tokenId: row.token.id, purpose: row.token.purpose };
}

export async function useUserToken(db: Db, tokenId: string, now: Date): Promise<boolean> {
  const updated = await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.id, tokenId), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
    .returning({ id: userTokens.id });
  return updated.length === 1;
}

export async function keepForm(
  db: Db,
  url: string,
  fields: Record<string, string | string[]>,
  userId: string | null,
  now: Date,
): Promise<string> {
  const token = newToken();
  await db.insert(keptForms).values({
    id: hashToken(token),
    userId,
    url,
    fields,
    createdAt: now,
    expiresAt: new Date(now.getTime() + KEPT_FORM_HOURS * 3_600_000),
  });
  return token;
}

export async function findKeptForm(
  db: Db,
  token: string,
  now: Date,
): Promise<typeof keptForms.$inferSelect | undefined> {
  const rows = await db
    .select()
    .from(keptForms)
    .where(and(eq(keptForms.id, hashToken(token)), gt(keptForms.expiresAt, now)))
    .limit(1);
  return rows[0];
}

export async function discardKeptForm(db: Db, token: string): Promise<void> {
  await db.delete(keptForms).where(eq(keptForms.id, hashToken(token)));
}
