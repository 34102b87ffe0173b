import { and, count, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../web/pagination.ts';
import { outbox } from './schema.ts';
import { containsPattern } from '../db/like.ts';

/** The regions whose mail a person may read ('all' for platform administrators), from regionsWhere. */
export type RegionScope = 'all' | readonly string[];

export type OutboxMail = typeof outbox.$inferSelect;

export const MAIL_STATUSES = ['held', 'queued', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface OutboxFilters {
  to?: string;
  status?: MailStatus;
}

/** Mail of other regions, and mail belonging to no region, is visible only to platform administrators. */
function regionCondition(scope: RegionScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if (scope.length === 0) return sql`false`;
  return inArray(outbox.regionId, [...scope]);
}

function conditions(scope: RegionScope, filters: OutboxFilters): SQL | undefined {
  return and(
    regionCondition(scope),
    filters.to === undefined ? undefined : ilike(outbox.toAddress, containsPattern(filters.to)),
    filters.status === undefined ? undefined : eq(outbox.status, filters.status),
  );
}

/** One page of mail the scope allows, newest first. */
export async function listOutbox(
  db: Db,
  scope: RegionScope,
  filters: OutboxFilters,
  page: number,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Promise<Page<Omit<OutboxMail, 'textBody' | 'sealedText'>>> {
  const where = conditions(scope, filters);
  const [items, totals] = await Promise.all([
    db
      .select({
        id: outbox.id,
        createdAt: outbox.createdAt,
        toAddress: outbox.toAddress,
        subject: outbox.subject,
        status: outbox.status,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        sentAt: outbox.sentAt,
        regionId: outbox.regionId,
      })
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.createdAt), desc(outbox.id))
      .limit(pageSize)
      .offset(offsetFor(page, pageSize)),
    db.select({ total: count() }).from(outbox).where(where),
  ]);
  return toPage(items, totals[0]?.total ?? 0, page, pageSize);
}

/** One mail, or undefined when it does not exist or lies outside the scope (the two look the same). */
export async function findMail(db: Db, scope: RegionScope, id: string): Promise<OutboxMail | undefined> {
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, id), regionCondition(scope)))
    .limit(1);
  return rows[0];
}
