import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';

export const ENQUIRY_TOPICS = ['posts', 'enhance', 'projects', 'volunteering', 'vr', 'other'] as const;
export const ENQUIRY_STATUSES = ['new', 'in_progress', 'closed'] as const;
export const MESSAGE_DIRECTIONS = ['in', 'out'] as const;

/** A question sent through a region's public contact form, and where the region's team has got to with it. */
export const enquiries = pgTable(
  'enquiries',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    /** Quoted to the sender and in replies' subjects, e.g. "ENQ-7KQ2M4". */
    reference: text('reference').notNull().unique(),
    topic: text('topic', { enum: ENQUIRY_TOPICS }).notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ENQUIRY_STATUSES }).notNull().default('new'),
    assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    revision: integer('revision').notNull().default(1),
  },
  (table) => [
    index('enquiries_region_idx').on(table.regionId, table.status, table.receivedAt),
    index('enquiries_assigned_idx').on(table.assignedTo),
    index('enquiries_closed_idx').on(table.closedAt),
  ],
);

/** The thread: the sender's message and each reply the team sent from the app (with its outbox mail). */
export const enquiryMessages = pgTable(
  'enquiry_messages',
  {
    id: uuid('id').primaryKey(),
    enquiryId: uuid('enquiry_id')
      .notNull()
      .references(() => enquiries.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: MESSAGE_DIRECTIONS }).notNull(),
    body: text('body').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** The outbox message that carried a reply. */
    mailId: uuid('mail_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('enquiry_messages_enquiry_idx').on(table.enquiryId, table.sentAt)],
);

/** A region's own choice of how long closed enquiries are kept. */
export const enquirySettings = pgTable('enquiry_settings', {
  // regions.id (organisations), on delete no action: in SQL
  regionId: uuid('region_id').primaryKey(),
  retentionMonths: integer('retention_months').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
});
