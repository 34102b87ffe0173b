/**
 * What the handbook holds about a person: that they acknowledged a version, and when they were reminded to. The
 * handbook's words are the programme's, written for the public, not about anyone. Erasure deletes the person's
 * acknowledgements and reminders.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal } from '../../platform/db/personal-data.ts';
import { handbookAcknowledgements, handbookReminders, handbookSections, handbookVersions } from './schema.ts';

const PROGRAMME_TEXT = 'the programme’s public handbook, not about a person';

export const handbookPersonalData = [
  declareTable(handbookSections, {
    key: notPersonal('one of a fixed list of section keys'),
    title: notPersonal(PROGRAMME_TEXT),
    bodyMarkdown: notPersonal(PROGRAMME_TEXT),
  }),
  declareTable(handbookVersions, {
    changeSummary: notPersonal(PROGRAMME_TEXT),
    content: notPersonal(`${PROGRAMME_TEXT}, with the programme’s modules, posts, events and project areas`),
  }),
];

/** The versions the person acknowledged and the reminders they were sent. */
export async function handbookPersonalDataOf(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [acknowledged, reminded] = await Promise.all([
    db
      .select({
        regionId: handbookVersions.regionId,
        version: handbookVersions.number,
        acknowledgedAt: handbookAcknowledgements.acknowledgedAt,
      })
      .from(handbookAcknowledgements)
      .innerJoin(handbookVersions, eq(handbookVersions.id, handbookAcknowledgements.versionId))
      .where(eq(handbookAcknowledgements.userId, userId)),
    db
      .select({
        regionId: handbookVersions.regionId,
        version: handbookVersions.number,
        sentAt: handbookReminders.sentAt,
      })
      .from(handbookReminders)
      .innerJoin(handbookVersions, eq(handbookVersions.id, handbookReminders.versionId))
      .where(eq(handbookReminders.userId, userId)),
  ]);
  return { handbookAcknowledgements: acknowledged, handbookReminders: reminded };
}

/** Deletes the person's acknowledgements and reminders. */
export async function eraseHandbookData(db: Db, userId: string): Promise<string | null> {
  const acknowledgements = await db
    .delete(handbookAcknowledgements)
    .where(eq(handbookAcknowledgements.userId, userId))
    .returning({ id: handbookAcknowledgements.id });
  const reminders = await db
    .delete(handbookReminders)
    .where(eq(handbookReminders.userId, userId))
    .returning({ id: handbookReminders.id });
  if (acknowledgements.length === 0 && reminders.length === 0) return null;
  return `${String(acknowledgements.length)} handbook acknowledgements and ${String(reminders.length)} reminders deleted`;
}
