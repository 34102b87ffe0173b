/** The enquiries' tables, read and written; no rules here (those are in domain/, policy.ts and the service). */
import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import type { EnquiryStatus, EnquiryTopic } from './domain/enquiries.ts';
import { enquiries, enquiryMessages, enquirySettings } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

export type Enquiry = typeof enquiries.$inferSelect;
export type NewEnquiry = typeof enquiries.$inferInsert;
export type EnquiryMessage = typeof enquiryMessages.$inferSelect;
export type NewEnquiryMessage = typeof enquiryMessages.$inferInsert;

export async function findEnquiry(db: Db, id: string): Promise<Enquiry | undefined> {
  const [row] = await db.select().from(enquiries).where(eq(enquiries.id, id));
  return row;
}

/** The enquiry locked for a change, so that two saves at once are taken one after the other. */
export async function lockEnquiry(db: Db, id: string): Promise<Enquiry | undefined> {
  const [row] = await db.select().from(enquiries).where(eq(enquiries.id, id)).for('update');
  return row;
}

export async function referenceTaken(db: Db, reference: string): Promise<boolean> {
  const [row] = await db
    .select({ id: enquiries.id })
    .from(enquiries)
    .where(eq(enquiries.reference, reference))
    .limit(1);
  return row !== undefined;
}

export async function insertEnquiry(db: Db, values: NewEnquiry): Promise<Enquiry> {
  const [row] = await db.insert(enquiries).values(values).returning();
  if (row === undefined) throw new Error('The enquiry was not saved');
  return row;
}

export async function insertMessage(db: Db, values: NewEnquiryMessage): Promise<void> {
  await db.insert(enquiryMessages).values(values);
}

/** Changes an enquiry and moves its revision on, so a page read before the change is known to be out of date. */
export async function updateEnquiry(
  db: Db,
  id: string,
  values: Partial<Pick<NewEnquiry, 'status' | 'closedAt' | 'assignedTo'>>,
  now: Date,
): Promise<Enquiry> {
  const [row] = await db
    .update(enquiries)
    .set({ ...values, updatedAt: now, revision: sql`${enquiries.revision} + 1` })
    .where(eq(enquiries.id, id))
    .returning();
  if (row === undefined) throw new Error('The enquiry was not saved');
  return row;
}

export interface InboxFilters {
  regions: 'all' | readonly string[];
  status?: EnquiryStatus | undefined;
  topic?: EnquiryTopic | undefined;
  /** Assigned to this person, or to nobody; anyone's when not given. */
  assignee?: { userId: string } | 'unassigned' | undefined;
  /** Part of the sender's name or email address, the subject or the reference. */
  q?: string | undefined;
}

export interface InboxRow {
  id: string;
  regionId: string;
  reference: string;
  topic: EnquiryTopic;
  name: string;
  email: string;
  subject: string;
  status: EnquiryStatus;
  receivedAt: Date;
  assigneeName: string | null;
}

function inboxWhere(filters: Omit<InboxFilters, 'status'>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.regions !== 'all') conditions.push(inArray(enquiries.regionId, [...filters.regions]));
  if (filters.topic !== undefined) conditions.push(eq(enquiries.topic, filters.topic));
  if (filters.assignee === 'unassigned') conditions.push(isNull(enquiries.assignedTo));
  else if (filters.assignee !== undefined) conditions.push(eq(enquiries.assignedTo, filters.assignee.userId));
  const q = filters.q?.trim() ?? '';
  if (q !== '') {
    const pattern = containsPattern(q);
    conditions.push(
      or(
        ilike(enquiries.name, pattern),
        ilike(enquiries.email, pattern),
        ilike(enquiries.subject, pattern),
        ilike(enquiries.reference, pattern),
      ),
    );
  }
  return and(...conditions);
}

/** A page of the inbox, newest first; new ones before the rest when no status is chosen. */
export async function listEnquiries(
  db: Db,
  filters: InboxFilters,
  limit: number,
  offset: number,
): Promise<{ items: InboxRow[]; total: number }> {
  if (filters.regions !== 'all' && filters.regions.length === 0) return { items: [], total: 0 };
  const where = and(
    inboxWhere(filters),
    filters.status === undefined ? undefined : eq(enquiries.status, filters.status),
  );
  const [items, totals] = await Promise.all([
    db
      .select({
        id: enquiries.id,
        regionId: enquiries.regionId,
        reference: enquiries.reference,
        topic: enquiries.topic,
        name: enquiries.name,
        email: enquiries.email,
        subject: enquiries.subject,
        status: enquiries.status,
        receivedAt: enquiries.receivedAt,
        assigneeName: users.displayName,
      })
      .from(enquiries)
      .leftJoin(users, eq(users.id, enquiries.assignedTo))
      .where(where)
      .orderBy(
        sql`case ${enquiries.status} when 'new' then 0 when 'in_progress' then 1 else 2 end`,
        desc(enquiries.receivedAt),
        asc(enquiries.id),
      )
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(enquiries).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

/** How many enquiries of each status match the other filters: the counts beside the status filter. */
export async function statusCounts(
  db: Db,
  filters: Omit<InboxFilters, 'status'>,
): Promise<Record<EnquiryStatus, number>> {
  const out: Record<EnquiryStatus, number> = { new: 0, in_progress: 0, closed: 0 };
  if (filters.regions !== 'all' && filters.regions.length === 0) return out;
  const rows = await db
    .select({ status: enquiries.status, n: count() })
    .from(enquiries)
    .where(inboxWhere(filters))
    .groupBy(enquiries.status);
  for (const row of rows) out[row.status] = row.n;
  return out;
}

export interface ThreadMessage {
  id: string;
  direction: 'in' | 'out';
  body: string;
  sentAt: Date;
  authorName: string | null;
  mailId: string | null;
}

/** The thread, oldest first, with who sent each reply. */
export async function messagesOf(db: Db, enquiryId: string): Promise<ThreadMessage[]> {
  return db
    .select({
      id: enquiryMessages.id,
      direction: enquiryMessages.direction,
      body: enquiryMessages.body,
      sentAt: enquiryMessages.sentAt,
      authorName: users.displayName,
      mailId: enquiryMessages.mailId,
    })
    .from(enquiryMessages)
    .leftJoin(users, eq(users.id, enquiryMessages.authorId))
    .where(eq(enquiryMessages.enquiryId, enquiryId))
    .orderBy(asc(enquiryMessages.sentAt), asc(enquiryMessages.id));
}

/** Who an enquiry is assigned to, by name. */
export async function userName(db: Db, userId: string | null): Promise<string | null> {
  if (userId === null) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/** New enquiries in the regions, for the team's home page. */
export async function countNew(db: Db, regions: 'all' | readonly string[]): Promise<number> {
  if (regions !== 'all' && regions.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(enquiries)
    .where(and(eq(enquiries.status, 'new'), regions === 'all' ? undefined : inArray(enquiries.regionId, [...regions])));
  return row?.n ?? 0;
}

// ----- Retention -----

export interface RetentionSetting {
  regionId: string;
  retentionMonths: number;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function retentionOf(db: Db, regionId: string): Promise<RetentionSetting | undefined> {
  const [row] = await db.select().from(enquirySettings).where(eq(enquirySettings.regionId, regionId));
  return row;
}

/** The row locked (when there is one), so that two saves of the setting at once are taken in turn. */
export async function lockRetention(db: Db, regionId: string): Promise<RetentionSetting | undefined> {
  const [row] = await db.select().from(enquirySettings).where(eq(enquirySettings.regionId, regionId)).for('update');
  return row;
}

export async function saveRetention(
  db: Db,
  regionId: string,
  months: number,
  userId: string | null,
  now: Date,
): Promise<void> {
  await db
    .insert(enquirySettings)
    .values({ regionId, retentionMonths: months, updatedAt: now, updatedBy: userId })
    .onConflictDoUpdate({
      target: enquirySettings.regionId,
      set: { retentionMonths: months, updatedAt: now, updatedBy: userId },
    });
}

export async function allRetentions(db: Db): Promise<Map<string, number>> {
  const rows = await db.select().from(enquirySettings);
  return new Map(rows.map((row) => [row.regionId, row.retentionMonths]));
}

/** Closed enquiries closed before the time: those that may have been kept long enough. */
export async function closedBefore(db: Db, before: Date): Promise<{ id: string; regionId: string; closedAt: Date }[]> {
  const rows = await db
    .select({ id: enquiries.id, regionId: enquiries.regionId, closedAt: enquiries.closedAt })
    .from(enquiries)
    .where(and(eq(enquiries.status, 'closed'), lt(enquiries.closedAt, before)));
  return rows.flatMap((row) => (row.closedAt === null ? [] : [{ ...row, closedAt: row.closedAt }]));
}

/** Deletes enquiries (their threads go with them), only those still closed. */
export async function deleteClosed(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db
    .delete(enquiries)
    .where(and(inArray(enquiries.id, [...ids]), eq(enquiries.status, 'closed')))
    .returning({ id: enquiries.id });
  return rows.length;
}
