import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every email Breadth sends is written here first, in the transaction that caused it, then delivered. */
export const outbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    /** The text as anyone may read it: the token of a sign-in link is masked (see sealed.ts). */
    textBody: text('text_body').notNull(),
    /** The text as it must be sent, when it differs (a sign-in link), encrypted; deleted once sent. */
    sealedText: text('sealed_text'),
    /** queued: waiting to send; sent: accepted by the SMTP server; failed: gave up after retries; held: no SMTP configured, shown on the outbox page. */
    status: text('status', { enum: ['queued', 'sent', 'failed', 'held'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    regionId: uuid('region_id'),
  },
  (table) => [index('mail_outbox_status_idx').on(table.status, table.createdAt)],
);
