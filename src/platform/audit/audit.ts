import type { Db } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { auditEvents } from './schema.ts';

export type AuditAction =
  | 'create'
  | 'update'
  | 'archive'
  | 'restore'
  | 'delete'
  | 'erase'
  | 'import'
  | 'invite'
  | 'sign-in'
  | 'sign-out'
  | 'security';

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
export async function audit(tx: Db, actor: Actor, entry: AuditEntry, now: Date = new Date()): Promise<void> {
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
