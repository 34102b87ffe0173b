import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  max,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { containsPattern } from '../../platform/db/like.ts';
import type { HandbookContent } from './domain/content.ts';
import { handbookAcknowledgements, handbookReminders, handbookSections, handbookVersions } from './schema.ts';

export interface PublishedHandbookSummary {
  id: string;
  number: number;
  publishedAt: Date;
  changeSummary: string;
}

/** The region's latest published handbook, or null when none has been published. */
export async function currentHandbookOf(db: Db, regionId: string): Promise<PublishedHandbookSummary | null> {
  const [row] = await db
    .select({
      id: handbookVersions.id,
      number: handbookVersions.number,
      publishedAt: handbookVersions.publishedAt,
      changeSummary: handbookVersions.changeSummary,
    })
    .from(handbookVersions)
    .where(eq(handbookVersions.regionId, regionId))
    .orderBy(desc(handbookVersions.number))
    .limit(1);
  return row ?? null;
}

/** The current handbook of each of these regions that has one. */
export async function currentHandbooksOf(
  db: Db,
  regionIds: readonly string[],
): Promise<Map<string, PublishedHandbookSummary>> {
  const found = new Map<string, PublishedHandbookSummary>();
  for (const regionId of new Set(regionIds)) {
    const current = await currentHandbookOf(db, regionId);
    if (current !== null) found.set(regionId, current);
  }
  return found;
}

export interface HandbookVersion extends PublishedHandbookSummary {
  regionId: string;
  content: HandbookContent;
  publishedByName: string | null;
}

export interface VersionListItem extends PublishedHandbookSummary {
  publishedByName: string | null;
}

/** Every published version of the region's handbook, newest first. */
export async function versionsOf(db: Db, regionId: string): Promise<VersionListItem[]> {
  return db
    .select({
      id: handbookVersions.id,
      number: handbookVersions.number,
      publishedAt: handbookVersions.publishedAt,
      changeSummary: handbookVersions.changeSummary,
      publishedByName: users.displayName,
    })
    .from(handbookVersions)
    .leftJoin(users, eq(users.id, handbookVersions.publishedBy))
    .where(eq(handbookVersions.regionId, regionId))
    .orderBy(desc(handbookVersions.number));
}

/** One version of the region's handbook by its number, with its frozen content. */
export async function versionByNumber(db: Db, regionId: string, number: number): Promise<HandbookVersion | undefined> {
  const [row] = await db
    .select({
      id: handbookVersions.id,
      regionId: handbookVersions.regionId,
      number: handbookVersions.number,
      publishedAt: handbookVersions.publishedAt,
      changeSummary: handbookVersions.changeSummary,
      content: handbookVersions.content,
      publishedByName: users.displayName,
    })
    .from(handbookVersions)
    .leftJoin(users, eq(users.id, handbookVersions.publishedBy))
    .where(and(eq(handbookVersions.regionId, regionId), eq(handbookVersions.number, number)))
    .limit(1);
  return row === undefined ? undefined : { ...row, content: row.content as HandbookContent };
}

/** The highest version number the region has published (0 for none). */
export async function latestNumber(db: Db, regionId: string): Promise<number> {
  const [row] = await db
    .select({ n: max(handbookVersions.number) })
    .from(handbookVersions)
    .where(eq(handbookVersions.regionId, regionId));
  return row?.n ?? 0;
}

export async function insertVersion(
  db: Db,
  values: { regionId: string; number: number; changeSummary: string; content: HandbookContent; by: string | null },
  now: Date,
): Promise<string> {
  const id = newId();
  await db.insert(handbookVersions).values({
    id,
    regionId: values.regionId,
    number: values.number,
    changeSummary: values.changeSummary,
    content: values.content,
    publishedAt: now,
    publishedBy: values.by,
  });
  return id;
}

// ----- The draft's written sections -----

export interface DraftSection {
  id: string;
  key: string;
  title: string;
  bodyMarkdown: string;
  revision: number;
  updatedAt: Date;
  updatedByName: string | null;
}

const draftColumns = {
  id: handbookSections.id,
  key: handbookSections.key,
  title: handbookSections.title,
  bodyMarkdown: handbookSections.bodyMarkdown,
  revision: handbookSections.revision,
  updatedAt: handbookSections.updatedAt,
  updatedByName: users.displayName,
};

/** The written sections the region's draft holds (those never written have no row). */
export async function draftSectionsOf(db: Db, regionId: string): Promise<DraftSection[]> {
  return db
    .select(draftColumns)
    .from(handbookSections)
    .leftJoin(users, eq(users.id, handbookSections.updatedBy))
    .where(eq(handbookSections.regionId, regionId))
    .orderBy(asc(handbookSections.key));
}

export async function draftSection(db: Db, regionId: string, key: string): Promise<DraftSection | undefined> {
  const [row] = await db
    .select(draftColumns)
    .from(handbookSections)
    .leftJoin(users, eq(users.id, handbookSections.updatedBy))
    .where(and(eq(handbookSections.regionId, regionId), eq(handbookSections.key, key)))
    .limit(1);
  return row;
}

/**
 * Saves a section's words if nobody saved it since the editor opened it (its revision then; 0 for a section not yet
 * written). Gives the new revision, or null when the section has moved on.
 */
export async function saveDraftSection(
  db: Db,
  values: { regionId: string; key: string; title: string; bodyMarkdown: string; revision: number; by: string },
  now: Date,
): Promise<number | null> {
  if (values.revision === 0) {
    const inserted = await db
      .insert(handbookSections)
      .values({
        id: newId(),
        regionId: values.regionId,
        key: values.key,
        title: values.title,
        bodyMarkdown: values.bodyMarkdown,
        revision: 1,
        updatedAt: now,
        updatedBy: values.by,
      })
      .onConflictDoNothing()
      .returning({ revision: handbookSections.revision });
    return inserted[0]?.revision ?? null;
  }
  const updated = await db
    .update(handbookSections)
    .set({
      title: values.title,
      bodyMarkdown: values.bodyMarkdown,
      revision: values.revision + 1,
      updatedAt: now,
      updatedBy: values.by,
    })
    .where(
      and(
        eq(handbookSections.regionId, values.regionId),
        eq(handbookSections.key, values.key),
        eq(handbookSections.revision, values.revision),
      ),
    )
    .returning({ revision: handbookSections.revision });
  return updated[0]?.revision ?? null;
}

// ----- Acknowledgements and reminders -----

export const ACKNOWLEDGEMENT_FILTERS = ['all', 'has', 'has-not'] as const;
export type AcknowledgementFilter = (typeof ACKNOWLEDGEMENT_FILTERS)[number];

/** A learner or supervisor of the region and whether they have acknowledged the version. */
export interface Reader {
  id: string;
  name: string;
  email: string;
  acknowledgedAt: Date | null;
  remindedRecently: boolean;
}

/**
 * Which of the region's readers to list against a version: the people (their ids, from the people feature, ADR 12),
 * whether they have acknowledged it, and text to find in their name or email.
 */
export interface ReaderSelection {
  versionId: string;
  readerIds: readonly string[];
  filter: AcknowledgementFilter;
  search: string;
}

/** The join of each person to their acknowledgement of the version, if any. */
function acknowledgedJoin(versionId: string): SQL | undefined {
  return and(eq(handbookAcknowledgements.versionId, versionId), eq(handbookAcknowledgements.userId, users.id));
}

/** The selection's filter and search, over `users` joined to the version's acknowledgements. */
function shownWhere(selection: ReaderSelection): SQL | undefined {
  const pattern = containsPattern(selection.search);
  return and(
    selection.filter === 'has'
      ? isNotNull(handbookAcknowledgements.id)
      : selection.filter === 'has-not'
        ? isNull(handbookAcknowledgements.id)
        : undefined,
    selection.search === '' ? undefined : or(ilike(users.displayName, pattern), ilike(users.email, pattern)),
  );
}

/** How many readers there are, how many have acknowledged the version, and how many the selection shows. */
export async function readerCounts(
  db: Db,
  selection: ReaderSelection,
): Promise<{ all: number; has: number; shown: number }> {
  if (selection.readerIds.length === 0) return { all: 0, has: 0, shown: 0 };
  const shown = shownWhere(selection);
  const [row] = await db
    .select({
      all: count(),
      has: count(handbookAcknowledgements.id),
      shown: shown === undefined ? count() : sql<number>`count(*) filter (where ${shown})`.mapWith(Number),
    })
    .from(users)
    .leftJoin(handbookAcknowledgements, acknowledgedJoin(selection.versionId))
    .where(inArray(users.id, [...new Set(selection.readerIds)]));
  return { all: row?.all ?? 0, has: row?.has ?? 0, shown: row?.shown ?? 0 };
}

/**
 * The readers the selection shows, by name (then id), with when they acknowledged and whether they were reminded
 * since the time given; a page of them when a limit is given.
 */
export async function readersShown(
  db: Db,
  selection: ReaderSelection,
  remindedSince: Date,
  page?: { limit: number; offset: number },
): Promise<Reader[]> {
  if (selection.readerIds.length === 0) return [];
  const query = db
    .select({
      id: users.id,
      name: users.displayName,
      email: users.email,
      acknowledgedAt: handbookAcknowledgements.acknowledgedAt,
      remindedRecently: exists(
        db
          .select({ one: sql`1` })
          .from(handbookReminders)
          .where(
            and(
              eq(handbookReminders.versionId, selection.versionId),
              eq(handbookReminders.userId, users.id),
              gte(handbookReminders.sentAt, remindedSince),
            ),
          ),
      ).mapWith(Boolean),
    })
    .from(users)
    .leftJoin(handbookAcknowledgements, acknowledgedJoin(selection.versionId))
    .where(and(inArray(users.id, [...new Set(selection.readerIds)]), shownWhere(selection)))
    .orderBy(asc(users.displayName), asc(users.id))
    .$dynamic();
  return page === undefined ? query : query.limit(page.limit).offset(page.offset);
}

/** When the person acknowledged each of these versions they have. */
export async function acknowledgedBy(
  db: Db,
  userId: string,
  versionIds: readonly string[],
): Promise<Map<string, Date>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db
    .select({ versionId: handbookAcknowledgements.versionId, at: handbookAcknowledgements.acknowledgedAt })
    .from(handbookAcknowledgements)
    .where(
      and(eq(handbookAcknowledgements.userId, userId), inArray(handbookAcknowledgements.versionId, [...versionIds])),
    );
  return new Map(rows.map((row) => [row.versionId, row.at]));
}

/** Records the acknowledgement; false when the person had already acknowledged the version. */
export async function insertAcknowledgement(db: Db, versionId: string, userId: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insert(handbookAcknowledgements)
    .values({ id: newId(), versionId, userId, acknowledgedAt: now })
    .onConflictDoNothing()
    .returning({ id: handbookAcknowledgements.id });
  return inserted.length > 0;
}

export async function insertReminders(
  db: Db,
  versionId: string,
  userIds: readonly string[],
  by: string | null,
  now: Date,
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insert(handbookReminders)
    .values(userIds.map((userId) => ({ id: newId(), versionId, userId, sentAt: now, sentBy: by })));
}
