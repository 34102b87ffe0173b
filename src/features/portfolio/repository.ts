/** Queries of portfolio entries, their drafts and their comment threads. */
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/auth/schema.ts';
import type { EntryKind, EntryStatus } from './domain/entries.ts';
import { portfolioComments, portfolioDrafts, portfolioEntries } from './schema.ts';

export type PortfolioEntry = typeof portfolioEntries.$inferSelect;
export type NewPortfolioEntry = Omit<typeof portfolioEntries.$inferInsert, 'search'>;

const entryColumns = {
  id: portfolioEntries.id,
  learnerUserId: portfolioEntries.learnerUserId,
  regionId: portfolioEntries.regionId,
  kind: portfolioEntries.kind,
  title: portfolioEntries.title,
  status: portfolioEntries.status,
  private: portfolioEntries.private,
  occurredOn: portfolioEntries.occurredOn,
  placementId: portfolioEntries.placementId,
  document: portfolioEntries.document,
  searchText: portfolioEntries.searchText,
  revision: portfolioEntries.revision,
  submittedAt: portfolioEntries.submittedAt,
  signedOffAt: portfolioEntries.signedOffAt,
  signedOffBy: portfolioEntries.signedOffBy,
  signOffComment: portfolioEntries.signOffComment,
  createdBy: portfolioEntries.createdBy,
  createdAt: portfolioEntries.createdAt,
  updatedAt: portfolioEntries.updatedAt,
};

/** An entry without its search vector, which only the database reads. */
export type Entry = Omit<PortfolioEntry, 'search'>;

export async function findEntry(db: Db, id: string): Promise<Entry | undefined> {
  const [row] = await db.select(entryColumns).from(portfolioEntries).where(eq(portfolioEntries.id, id));
  return row;
}

/** The entry locked until the transaction ends: a sign-off and an edit cannot cross. */
export async function lockEntry(db: Db, id: string): Promise<Entry | undefined> {
  const [row] = await db.select(entryColumns).from(portfolioEntries).where(eq(portfolioEntries.id, id)).for('update');
  return row;
}

export async function insertEntry(db: Db, values: NewPortfolioEntry): Promise<Entry> {
  const [row] = await db.insert(portfolioEntries).values(values).returning(entryColumns);
  if (row === undefined) throw new Error('The entry was not saved');
  return row;
}

/** Changes an entry and raises its revision. */
export async function updateEntry(db: Db, id: string, values: Partial<NewPortfolioEntry>): Promise<Entry> {
  const [row] = await db
    .update(portfolioEntries)
    .set({ ...values, revision: sql`${portfolioEntries.revision} + 1` })
    .where(eq(portfolioEntries.id, id))
    .returning(entryColumns);
  if (row === undefined) throw new Error('The entry was not updated');
  return row;
}

export async function deleteEntry(db: Db, id: string): Promise<void> {
  await db.delete(portfolioEntries).where(eq(portfolioEntries.id, id));
}

export interface EntryFilters {
  kind?: EntryKind | undefined;
  status?: EntryStatus | undefined;
  placementId?: string | undefined;
  /** Only these entries (those linked to an outcome, say). */
  ids?: readonly string[] | undefined;
  /** Words to search for, as a person types them into a search box. */
  q?: string | undefined;
  /** Whether private reflections are included (the learner and their educational supervisor only). */
  includePrivate: boolean;
}

function filterCondition(learnerId: string, filters: EntryFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(portfolioEntries.learnerUserId, learnerId)];
  if (filters.kind !== undefined) conditions.push(eq(portfolioEntries.kind, filters.kind));
  if (filters.status !== undefined) conditions.push(eq(portfolioEntries.status, filters.status));
  if (filters.placementId !== undefined) conditions.push(eq(portfolioEntries.placementId, filters.placementId));
  if (filters.ids !== undefined) {
    conditions.push(filters.ids.length === 0 ? sql`false` : inArray(portfolioEntries.id, [...filters.ids]));
  }
  if (!filters.includePrivate) conditions.push(eq(portfolioEntries.private, false));
  if (filters.q !== undefined && filters.q.trim() !== '') {
    conditions.push(sql`${portfolioEntries.search} @@ websearch_to_tsquery('english', ${filters.q})`);
  }
  return and(...conditions);
}

export interface EntryListItem {
  id: string;
  kind: EntryKind;
  title: string;
  status: EntryStatus;
  private: boolean;
  occurredOn: string;
  updatedAt: Date;
  /** Where the search words were found, with them marked by « and » (the page escapes and then marks them). */
  snippet: string | null;
}

/** A learner's entries, newest first, filtered; a search ranks by relevance and says where the words were found. */
export async function listEntries(
  db: Db,
  learnerId: string,
  filters: EntryFilters,
  limit: number,
  offset: number,
): Promise<{ items: EntryListItem[]; total: number }> {
  const where = filterCondition(learnerId, filters);
  const searching = filters.q !== undefined && filters.q.trim() !== '';
  const query = sql`websearch_to_tsquery('english', ${filters.q ?? ''})`;
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: portfolioEntries.id,
        kind: portfolioEntries.kind,
        title: portfolioEntries.title,
        status: portfolioEntries.status,
        private: portfolioEntries.private,
        occurredOn: portfolioEntries.occurredOn,
        updatedAt: portfolioEntries.updatedAt,
        snippet: searching
          ? sql<string>`ts_headline('english', ${portfolioEntries.searchText}, ${query}, 'StartSel=«, StopSel=», MaxWords=30, MinWords=12')`
          : sql<null>`null`,
      })
      .from(portfolioEntries)
      .where(where)
      .orderBy(
        ...(searching ? [desc(sql`ts_rank(${portfolioEntries.search}, ${query})`)] : []),
        desc(portfolioEntries.occurredOn),
        desc(portfolioEntries.createdAt),
      )
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(portfolioEntries).where(where),
  ]);
  return { items: rows, total: totals?.n ?? 0 };
}

/** Every entry of a learner (for their export and data download), oldest first. */
export async function entriesOf(db: Db, learnerId: string): Promise<Entry[]> {
  return db
    .select(entryColumns)
    .from(portfolioEntries)
    .where(eq(portfolioEntries.learnerUserId, learnerId))
    .orderBy(portfolioEntries.occurredOn, portfolioEntries.createdAt);
}

/** How many of a learner's entries are in each state, for the "what needs action" panel. */
export async function statusCounts(db: Db, learnerId: string): Promise<Partial<Record<EntryStatus, number>>> {
  const rows = await db
    .select({ status: portfolioEntries.status, n: count() })
    .from(portfolioEntries)
    .where(eq(portfolioEntries.learnerUserId, learnerId))
    .groupBy(portfolioEntries.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

export interface AwaitingSignOff {
  id: string;
  learnerUserId: string;
  kind: EntryKind;
  title: string;
  private: boolean;
  submittedAt: Date | null;
}

/** Entries of these learners waiting for a supervisor's sign-off, longest waiting first. */
export async function awaitingSignOff(db: Db, learnerIds: readonly string[]): Promise<AwaitingSignOff[]> {
  if (learnerIds.length === 0) return [];
  return db
    .select({
      id: portfolioEntries.id,
      learnerUserId: portfolioEntries.learnerUserId,
      kind: portfolioEntries.kind,
      title: portfolioEntries.title,
      private: portfolioEntries.private,
      submittedAt: portfolioEntries.submittedAt,
    })
    .from(portfolioEntries)
    .where(
      and(inArray(portfolioEntries.learnerUserId, [...learnerIds]), eq(portfolioEntries.status, 'awaiting_sign_off')),
    )
    .orderBy(portfolioEntries.submittedAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts

export type Draft = typeof portfolioDrafts.$inferSelect;

export async function findDraft(
  db: Db,
  userId: string,
  learnerId: string,
  draftKey: string,
): Promise<Draft | undefined> {
  const [row] = await db
    .select()
    .from(portfolioDrafts)
    .where(
      and(
        eq(portfolioDrafts.userId, userId),
        eq(portfolioDrafts.learnerUserId, learnerId),
        eq(portfolioDrafts.draftKey, draftKey),
      ),
    );
  return row;
}

export async function saveDraft(
  db: Db,
  values: {
    id: string;
    userId: string;
    learnerUserId: string;
    draftKey: string;
    kind: EntryKind;
    values: Record<string, unknown>;
    savedAt: Date;
  },
): Promise<void> {
  await db
    .insert(portfolioDrafts)
    .values(values)
    .onConflictDoUpdate({
      target: [portfolioDrafts.userId, portfolioDrafts.learnerUserId, portfolioDrafts.draftKey],
      set: { values: values.values, savedAt: values.savedAt },
    });
}

export async function deleteDraft(db: Db, userId: string, learnerId: string, draftKey: string): Promise<void> {
  await db
    .delete(portfolioDrafts)
    .where(
      and(
        eq(portfolioDrafts.userId, userId),
        eq(portfolioDrafts.learnerUserId, learnerId),
        eq(portfolioDrafts.draftKey, draftKey),
      ),
    );
}

/** A person's unsaved drafts, for their portfolio's "carry on writing" list. */
export async function draftsOf(db: Db, userId: string, learnerId: string): Promise<Draft[]> {
  return db
    .select()
    .from(portfolioDrafts)
    .where(and(eq(portfolioDrafts.userId, userId), eq(portfolioDrafts.learnerUserId, learnerId)))
    .orderBy(desc(portfolioDrafts.savedAt));
}

// ---------------------------------------------------------------------------------------------------------------
// Comments

export interface Comment {
  id: string;
  authorUserId: string | null;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

export async function commentsOn(db: Db, entryId: string): Promise<Comment[]> {
  return db
    .select({
      id: portfolioComments.id,
      authorUserId: portfolioComments.authorUserId,
      authorName: users.displayName,
      body: portfolioComments.body,
      createdAt: portfolioComments.createdAt,
    })
    .from(portfolioComments)
    .leftJoin(users, eq(users.id, portfolioComments.authorUserId))
    .where(eq(portfolioComments.entryId, entryId))
    .orderBy(portfolioComments.createdAt);
}

export async function insertComment(
  db: Db,
  values: { id: string; entryId: string; authorUserId: string; body: string; createdAt: Date },
): Promise<void> {
  await db.insert(portfolioComments).values(values);
}

/** Comments a person wrote, for their data download. */
export async function commentsBy(
  db: Db,
  userId: string,
): Promise<{ entryId: string; body: string; createdAt: Date }[]> {
  return db
    .select({
      entryId: portfolioComments.entryId,
      body: portfolioComments.body,
      createdAt: portfolioComments.createdAt,
    })
    .from(portfolioComments)
    .where(eq(portfolioComments.authorUserId, userId))
    .orderBy(portfolioComments.createdAt);
}

/** Deletes a learner's whole portfolio and every draft the person kept; returns how many entries went. */
export async function deletePortfolioOf(db: Db, userId: string): Promise<number> {
  await db.delete(portfolioDrafts).where(eq(portfolioDrafts.userId, userId));
  const removed = await db
    .delete(portfolioEntries)
    .where(eq(portfolioEntries.learnerUserId, userId))
    .returning({ id: portfolioEntries.id });
  return removed.length;
}
