import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
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

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.idleExpiresAt, now), lt(sessions.absoluteExpiresAt, now)));
  await db.delete(keptForms).where(lt(keptForms.expiresAt, now));
}

export async function recordFailedLogin(db: Db, user: User, now: Date): Promise<void> {
  const failures = user.failedLoginCount + 1;
  await db
    .update(users)
    .set({
      failedLoginCount: failures >= MAX_FAILED_LOGINS ? 0 : failures,
      lockedUntil: failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_SECONDS * 1000) : user.lockedUntil,
      updatedAt: now,
    })
    .where(eq(users.id, user.id));
}

export async function recordSuccessfulLogin(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, userId));
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
