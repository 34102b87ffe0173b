import { and, inArray, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { keptForms, sessions, userTokens } from '../auth/schema.ts';
import { outbox } from '../mail/schema.ts';

const DAY_MS = 86_400_000;

/** The scheduled task's name; it runs hourly, and once as soon as the schedule starts. */
export const HOUSEKEEPING = 'housekeeping';

/**
 * A used or expired link is kept this long, so that someone following an old link is told it has been used or has
 * expired rather than that it is unknown.
 */
export const SPENT_LINK_DAYS = 7;

export interface Purged {
  sessions: number;
  links: number;
  keptForms: number;
  mails: number;
}

/**
 * Deletes what is kept only for a while: ended sessions, spent sign-in links, kept forms past their time, and
 * copies of mail older than the retention period. Mail still waiting to be sent is never deleted. Safe to run
 * twice, and from several processes at once.
 */
export async function purgeExpired(db: Db, now: Date, options: { mailRetentionDays: number }): Promise<Purged> {
  const linksBefore = new Date(now.getTime() - SPENT_LINK_DAYS * DAY_MS);
  const mailBefore = new Date(now.getTime() - options.mailRetentionDays * DAY_MS);
  const [endedSessions, links, forms, mails] = [
    await db
      .delete(sessions)
      .where(or(lt(sessions.idleExpiresAt, now), lt(sessions.absoluteExpiresAt, now)))
      .returning({ id: sessions.id }),
    await db
      .delete(userTokens)
      .where(or(lt(userTokens.usedAt, linksBefore), lt(userTokens.expiresAt, linksBefore)))
      .returning({ id: userTokens.id }),
    await db.delete(keptForms).where(lt(keptForms.expiresAt, now)).returning({ id: keptForms.id }),
    await db
      .delete(outbox)
      .where(
        or(
          lt(outbox.sentAt, mailBefore),
          // Held (no SMTP: read on the outbox page) and failed mail will not be sent again.
          and(inArray(outbox.status, ['held', 'failed']), lt(outbox.createdAt, mailBefore)),
        ),
      )
      .returning({ id: outbox.id }),
  ];
  return { sessions: endedSessions.length, links: links.length, keptForms: forms.length, mails: mails.length };
}
