import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { pseudonymiseAuditTrail } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import type { OidcChecks } from './oidc.ts';
import { oidcIdentities, oidcRequests, users, userTokens } from './schema.ts';
import type { User } from './store.ts';
import { hashToken, newToken } from './tokens.ts';

export type OidcIdentity = typeof oidcIdentities.$inferSelect;

/** A sign-in begun at the provider must come back within this time. */
export const OIDC_REQUEST_MINUTES = 10;

export interface PendingSignIn extends OidcChecks {
  purpose: 'sign-in' | 'link';
  /** Linking: whose account the organisation account is to be linked to. */
  userId: string | null;
}

/** Saves what the callback must check; returns the token for the browser's cookie (only its hash is stored). */
export async function savePendingSignIn(db: Db, pending: PendingSignIn, now: Date): Promise<string> {
  await db.delete(oidcRequests).where(lt(oidcRequests.expiresAt, now));
  const token = newToken();
  await db.insert(oidcRequests).values({
    id: hashToken(token),
    purpose: pending.purpose,
    state: pending.state,
    nonce: pending.nonce,
    codeVerifier: pending.codeVerifier,
    userId: pending.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + OIDC_REQUEST_MINUTES * 60_000),
  });
  return token;
}

/**
 * Takes the pending sign-in for the cookie's token, deleting it in the same statement, so each can be completed
 * once only whatever comes back; undefined when there is none (expired, used, or begun in another browser).
 */
export async function takePendingSignIn(db: Db, token: string, now: Date): Promise<PendingSignIn | undefined> {
  const [row] = await db
    .delete(oidcRequests)
    .where(eq(oidcRequests.id, hashToken(token)))
    .returning();
  if (row === undefined || row.expiresAt <= now) return undefined;
  return {
    purpose: row.purpose,
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.codeVerifier,
    userId: row.userId,
  };
}

/** The account linked to the provider's subject, with the link. */
export async function findLinkedAccount(
  db: Db,
  issuer: string,
  subject: string,
): Promise<{ identity: OidcIdentity; user: User } | undefined> {
  const [row] = await db
    .select({ identity: oidcIdentities, user: users })
    .from(oidcIdentities)
    .innerJoin(users, eq(users.id, oidcIdentities.userId))
    .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)))
    .limit(1);
  return row;
}

/** The person's link to the provider, if any. */
export async function findOrganisationAccount(
  db: Db,
  userId: string,
  issuer: string,
): Promise<OidcIdentity | undefined> {
  const [row] = await db
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.userId, userId), eq(oidcIdentities.issuer, issuer)))
    .limit(1);
  return row;
}

export async function linkOrganisationAccount(
  db: Db,
  link: { userId: string; issuer: string; subject: string; email: string | null },
  now: Date,
): Promise<OidcIdentity> {
  const [row] = await db
    .insert(oidcIdentities)
    .values({ id: newId(), ...link, linkedAt: now, lastUsedAt: null })
    .returning();
  if (row === undefined) throw new Error('The link was not saved');
  return row;
}

export async function recordOrganisationSignIn(db: Db, identityId: string, now: Date): Promise<void> {
  await db.update(oidcIdentities).set({ lastUsedAt: now }).where(eq(oidcIdentities.id, identityId));
}

/** Removes the person's link to the provider; returns what was removed. */
export async function unlinkOrganisationAccount(
  db: Db,
  userId: string,
  issuer: string,
): Promise<OidcIdentity | undefined> {
  const [row] = await db
    .delete(oidcIdentities)
    .where(and(eq(oidcIdentities.userId, userId), eq(oidcIdentities.issuer, issuer)))
    .returning();
  return row;
}

/**
 * An invited person who signs in by single sign-on has accepted the invitation: the provider has verified the
 * address the invitation went to. The account becomes active (with no password) and the invitation link stops
 * working.
 */
export async function acceptInvitationBySingleSignOn(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(users)
    .set({ status: 'active', updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.status, 'invited')));
  await db
    .update(userTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(userTokens.userId, userId),
        eq(userTokens.purpose, 'invitation'),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, now),
      ),
    );
}

// -------------------------------------------------------------------------------------------------------------
// Personal data: the people feature adds these to every person's data download and erasure.

/** The person's organisation accounts, for their data download. */
export async function organisationAccountData(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  const rows = await db.select().from(oidcIdentities).where(eq(oidcIdentities.userId, userId));
  return rows.map((row) => ({
    issuer: row.issuer,
    subject: row.subject,
    emailWhenLinked: row.email,
    linkedAt: row.linkedAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/**
 * Erasure: the links to organisation accounts, and any sign-in under way, are deleted, and the organisation
 * account's email address (which may differ from the Breadth one) is taken out of the audit trail.
 */
export async function eraseOrganisationAccounts(db: Db, userId: string): Promise<string | null> {
  await db.delete(oidcRequests).where(eq(oidcRequests.userId, userId));
  const removed = await db
    .delete(oidcIdentities)
    .where(eq(oidcIdentities.userId, userId))
    .returning({ email: oidcIdentities.email });
  if (removed.length === 0) return null;
  const emails = removed.map((row) => row.email).filter((email) => email !== null);
  // The erasure relabels the person's events afterwards; this label is only a placeholder until then.
  await pseudonymiseAuditTrail(db, userId, emails, '[erased]');
  return `${String(removed.length)} linked organisation account(s)`;
}
