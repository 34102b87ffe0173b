import { eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { auditEvents } from './schema.ts';
import { containsPattern } from '../db/like.ts';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'archive',
  'restore',
  'delete',
  'erase',
  'import',
  'invite',
  'download',
  'sign-in',
  'sign-out',
  'security',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How each action reads in the audit log's filter and tables. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  archive: 'Archived',
  restore: 'Restored',
  delete: 'Deleted',
  erase: 'Erased',
  import: 'Imported',
  invite: 'Invited',
  download: 'Downloaded',
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  security: 'Security',
};

export interface Actor {
  userId: string | null;
  label: string;
  requestId?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'System' };

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  regionId?: string | null;
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Fields never written into the log, whatever table they come from. */
const SECRET_FIELDS = new Set(['passwordHash', 'totpSecret', 'tokenHash', 'password']);

function scrub(values: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (values === null || values === undefined) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (SECRET_FIELDS.has(key)) {
      out[key] = value === null ? null : '[hidden]';
    } else {
      out[key] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return out;
}

/**
 * Records one change. Call it inside the same transaction as the change itself, so that a change is never
 * saved without its audit record (and an audit record never names a change that was rolled back).
 */
export async function audit(tx: Db, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
  await tx.insert(auditEvents).values({
    id: newId(),
    occurredAt: now,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    regionId: entry.regionId ?? null,
    summary: entry.summary,
    before: scrub(entry.before),
    after: scrub(entry.after),
    requestId: actor.requestId ?? null,
  });
}

/** Only the fields that changed, for an update's before and after. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const a = before[key] instanceof Date ? before[key].toISOString() : before[key];
    const b = after[key] instanceof Date ? after[key].toISOString() : after[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key];
    }
  }
  return { before: changedBefore, after: changedAfter };
}

const ERASED = '[erased]';

function replaceDeep(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') {
    return needles.some((needle) => value.toLowerCase().includes(needle.toLowerCase())) ? ERASED : value;
  }
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, needles));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceDeep(item, needles)]));
  }
  return value;
}

/**
 * Keeps the audit trail after a person is erased but takes their personal data out of it: events they made are
 * relabelled, and any value or summary that contains one of their identifiers (name, email, GMC number) is
 * replaced by "[erased]". What happened, when, and to which record stays.
 */
export async function pseudonymiseAuditTrail(
  tx: Db,
  userId: string,
  identifiers: readonly string[],
  label: string,
): Promise<number> {
  const needles = identifiers.filter((identifier) => identifier.trim().length >= 3);
  await tx.update(auditEvents).set({ actorLabel: label }).where(eq(auditEvents.actorUserId, userId));
  if (needles.length === 0) return 0;
  const matches = or(
    ...needles.flatMap((needle) => {
      const pattern = containsPattern(needle);
      return [
        ilike(auditEvents.summary, pattern),
        ilike(sql`coalesce(${auditEvents.before}::text, '')`, pattern),
        ilike(sql`coalesce(${auditEvents.after}::text, '')`, pattern),
      ];
    }),
  );
  const rows = await tx.select().from(auditEvents).where(matches);
  for (const row of rows) {
    let summary = row.summary;
    for (const needle of needles) summary = summary.split(needle).join(label);
    await tx
      .update(auditEvents)
      .set({
        summary,
        before: replaceDeep(row.before, needles) as Record<string, unknown> | null,
        after: replaceDeep(row.after, needles) as Record<string, unknown> | null,
      })
      .where(eq(auditEvents.id, row.id));
  }
  return rows.length;
}
