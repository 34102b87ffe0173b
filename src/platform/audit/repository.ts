import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../auth/schema.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../web/pagination.ts';
import type { AuditFilters } from './filters.ts';
import { auditEvents } from './schema.ts';
import { containsPattern } from '../db/like.ts';

/** The regions whose records a person may see ('all' for platform administrators), from regionsWhere. */
export type RegionScope = 'all' | readonly string[];

export type AuditEvent = typeof auditEvents.$inferSelect & { actorEmail: string | null };

/** Events of other regions, and events belonging to no region, are visible only to platform administrators. */
export function regionCondition(column: typeof auditEvents.regionId, scope: RegionScope): SQL | undefined {
  if (scope === 'all') return undefined;
  if (scope.length === 0) return sql`false`;
  return inArray(column, [...scope]);
}

function conditions(scope: RegionScope, filters: AuditFilters): SQL | undefined {
  const pattern = filters.actor === undefined ? undefined : containsPattern(filters.actor);
  return and(
    regionCondition(auditEvents.regionId, scope),
    pattern === undefined ? undefined : or(ilike(auditEvents.actorLabel, pattern), ilike(users.email, pattern)),
    filters.entityType === undefined ? undefined : eq(auditEvents.entityType, filters.entityType),
    filters.action === undefined ? undefined : eq(auditEvents.action, filters.action),
    filters.entityId === undefined ? undefined : eq(auditEvents.entityId, filters.entityId),
    filters.from === undefined ? undefined : gte(auditEvents.occurredAt, filters.from),
    filters.before === undefined ? undefined : lt(auditEvents.occurredAt, filters.before),
  );
}

const eventColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorUserId: auditEvents.actorUserId,
  actorLabel: auditEvents.actorLabel,
  actorEmail: users.email,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  regionId: auditEvents.regionId,
  summary: auditEvents.summary,
  before: auditEvents.before,
  after: auditEvents.after,
  requestId: auditEvents.requestId,
};

/** One page of events the scope allows, newest first. */
export async function listAuditEvents(
  db: Db,
  scope: RegionScope,
  filters: AuditFilters,
  page: number,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Promise<Page<AuditEvent>> {
  const where = conditions(scope, filters);
  const [items, totals] = await Promise.all([
    db
      .select(eventColumns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
      .limit(pageSize)
      .offset(offsetFor(page, pageSize)),
    db.select({ total: count() }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorUserId)).where(where),
  ]);
  return toPage(items, totals[0]?.total ?? 0, page, pageSize);
}

/** One event, or undefined when it does not exist or lies outside the scope (the two look the same). */
export async function findAuditEvent(db: Db, scope: RegionScope, id: string): Promise<AuditEvent | undefined> {
  const rows = await db
    .select(eventColumns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.id, id), regionCondition(auditEvents.regionId, scope)))
    .limit(1);
  return rows[0];
}

/** The kinds of record named in the events the scope allows, for the filter's choices. */
export async function auditEntityTypes(db: Db, scope: RegionScope): Promise<string[]> {
  const rows = await db
    .selectDistinct({ entityType: auditEvents.entityType })
    .from(auditEvents)
    .where(regionCondition(auditEvents.regionId, scope))
    .orderBy(asc(auditEvents.entityType));
  return rows.map((row) => row.entityType);
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function show(values: Record<string, unknown> | null, field: string): string {
  if (values === null || !(field in values)) return '';
  const value = values[field];
  if (value === null || value === undefined) return '(empty)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every field named before or after, in order of first appearance, with both values as text. */
export function fieldChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const was = show(before, field);
    const now = show(after, field);
    return { field, before: was, after: now, changed: was !== now };
  });
}
