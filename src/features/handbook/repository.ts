import { and, asc, desc, eq, gte, inArray, max } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
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

/** Who has acknowledged the version, and when. */
export async function acknowledgementsOf(db: Db, versionId: string): Promise<Map<string, Date>> {
  const rows = await db
    .select({ userId: handbookAcknowledgements.userId, at: handbookAcknowledgements.acknowledgedAt })
    .from(handbookAcknowledgements)
    .where(eq(handbookAcknowledgements.versionId, versionId));
  return new Map(rows.map((row) => [row.userId, row.at]));
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

/** The people reminded about the version since the time given. */
export async function remindedSince(db: Db, versionId: string, since: Date): Promise<Set<string>> {
  const rows = await db
    .select({ userId: handbookReminders.userId })
    .from(handbookReminders)
    .where(and(eq(handbookReminders.versionId, versionId), gte(handbookReminders.sentAt, since)));
  return new Set(rows.map((row) => row.userId));
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
