/** News posts and FAQ items: the queries of the public pages and of the programme team's pages. */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, max, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { PublicationState } from './domain/publication.ts';
import { faqItems, newsPosts } from './schema.ts';

export type NewsPost = typeof newsPosts.$inferSelect;
export type FaqItem = typeof faqItems.$inferSelect;

function published(now: Date): SQL | undefined {
  return and(isNotNull(newsPosts.publishAt), lte(newsPosts.publishAt, now));
}

/** The region's published posts, newest first. */
export async function publishedNews(
  db: Db,
  regionId: string,
  now: Date,
  limit: number,
  offset: number,
): Promise<{ items: NewsPost[]; total: number }> {
  const where = and(eq(newsPosts.regionId, regionId), published(now));
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(newsPosts)
      .where(where)
      .orderBy(desc(newsPosts.publishAt), desc(newsPosts.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(newsPosts).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** One of the region's published posts, or undefined (unknown, another region's, a draft or still scheduled). */
export async function findPublishedNews(
  db: Db,
  regionId: string,
  id: string,
  now: Date,
): Promise<NewsPost | undefined> {
  const [row] = await db
    .select()
    .from(newsPosts)
    .where(and(eq(newsPosts.id, id), eq(newsPosts.regionId, regionId), published(now)));
  return row;
}

function stateWhere(state: PublicationState | undefined, now: Date): SQL | undefined {
  if (state === 'draft') return isNull(newsPosts.publishAt);
  if (state === 'scheduled') return gt(newsPosts.publishAt, now);
  if (state === 'published') return published(now);
  return undefined;
}

/** Posts of the regions (every state), drafts first, then the latest to publish. */
export async function teamNews(
  db: Db,
  filters: { regionIds: 'all' | readonly string[]; state?: PublicationState | undefined },
  now: Date,
  limit: number,
  offset: number,
): Promise<{ items: NewsPost[]; total: number }> {
  if (filters.regionIds !== 'all' && filters.regionIds.length === 0) return { items: [], total: 0 };
  const where = and(
    filters.regionIds === 'all' ? undefined : inArray(newsPosts.regionId, [...filters.regionIds]),
    stateWhere(filters.state, now),
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(newsPosts)
      .where(where)
      .orderBy(sql`${newsPosts.publishAt} desc nulls first`, desc(newsPosts.updatedAt), desc(newsPosts.id))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(newsPosts).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function findNews(db: Db, id: string): Promise<NewsPost | undefined> {
  const [row] = await db.select().from(newsPosts).where(eq(newsPosts.id, id));
  return row;
}

export async function lockNews(db: Db, id: string): Promise<NewsPost | undefined> {
  const [row] = await db.select().from(newsPosts).where(eq(newsPosts.id, id)).for('update');
  return row;
}

export async function insertNews(db: Db, row: typeof newsPosts.$inferInsert): Promise<NewsPost> {
  const [inserted] = await db.insert(newsPosts).values(row).returning();
  if (inserted === undefined) throw new Error('The news post was not saved');
  return inserted;
}

export async function updateNews(
  db: Db,
  id: string,
  values: Pick<NewsPost, 'title' | 'summary' | 'bodyMarkdown' | 'publishAt' | 'updatedAt' | 'updatedBy'>,
): Promise<NewsPost> {
  const [row] = await db
    .update(newsPosts)
    .set({ ...values, revision: sql`${newsPosts.revision} + 1` })
    .where(eq(newsPosts.id, id))
    .returning();
  if (row === undefined) throw new Error('The news post was not saved');
  return row;
}

export async function deleteNews(db: Db, id: string): Promise<void> {
  await db.delete(newsPosts).where(eq(newsPosts.id, id));
}

// ----- FAQ -----

/** The region's questions in their order. */
export async function faqOf(db: Db, regionId: string): Promise<FaqItem[]> {
  return db
    .select()
    .from(faqItems)
    .where(eq(faqItems.regionId, regionId))
    .orderBy(asc(faqItems.position), asc(faqItems.id));
}

export async function findFaq(db: Db, id: string): Promise<FaqItem | undefined> {
  const [row] = await db.select().from(faqItems).where(eq(faqItems.id, id));
  return row;
}

/** The region's questions locked in their order, so two moves or additions at once are taken in turn. */
export async function lockFaqOf(db: Db, regionId: string): Promise<FaqItem[]> {
  return db
    .select()
    .from(faqItems)
    .where(eq(faqItems.regionId, regionId))
    .orderBy(asc(faqItems.position), asc(faqItems.id))
    .for('update');
}

export async function nextFaqPosition(db: Db, regionId: string): Promise<number> {
  const [row] = await db
    .select({ last: max(faqItems.position) })
    .from(faqItems)
    .where(eq(faqItems.regionId, regionId));
  return (row?.last ?? 0) + 1;
}

export async function insertFaq(db: Db, row: typeof faqItems.$inferInsert): Promise<FaqItem> {
  const [inserted] = await db.insert(faqItems).values(row).returning();
  if (inserted === undefined) throw new Error('The question was not saved');
  return inserted;
}

export async function updateFaq(
  db: Db,
  id: string,
  values: Partial<Pick<FaqItem, 'question' | 'answerMarkdown' | 'position'>> & Pick<FaqItem, 'updatedAt' | 'updatedBy'>,
): Promise<FaqItem> {
  const [row] = await db
    .update(faqItems)
    .set({ ...values, revision: sql`${faqItems.revision} + 1` })
    .where(eq(faqItems.id, id))
    .returning();
  if (row === undefined) throw new Error('The question was not saved');
  return row;
}

export async function deleteFaq(db: Db, id: string): Promise<void> {
  await db.delete(faqItems).where(eq(faqItems.id, id));
}

/** How many questions each region has, for the list of regions. */
export async function faqCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ regionId: faqItems.regionId, n: count() }).from(faqItems).groupBy(faqItems.regionId);
  return new Map(rows.map((row) => [row.regionId, row.n]));
}
