/** The audit record of a change to a portfolio entry: what every use case writes in its transaction. */
import { audit, type Actor, type AuditAction } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';

/**
 * Records the change to the entry (its id and region) with a summary that names no patient and quotes nothing the
 * learner wrote: the log outlives the entry, and its text is not checked by the guard.
 */
export async function auditEntry(
  tx: Db,
  ctx: { actor: Actor; now: Date },
  action: AuditAction,
  entry: { id: string; regionId: string },
  summary: string,
): Promise<void> {
  await audit(
    tx,
    ctx.actor,
    { action, entityType: 'portfolio_entry', entityId: entry.id, regionId: entry.regionId, summary },
    ctx.now,
  );
}
