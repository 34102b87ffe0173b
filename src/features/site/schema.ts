import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';

/**
 * A news post on a region's public School of Generalism pages. It shows from its publication time: a post with
 * none is a draft, one with a time to come is scheduled.
 */
export const newsPosts = pgTable(
  'news_posts',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    bodyMarkdown: text('body_markdown').notNull().default(''),
    publishAt: timestamp('publish_at', { withTimezone: true }),
    revision: integer('revision').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [index('news_posts_region_idx').on(table.regionId, table.publishAt)],
);

/** A question and answer on a region's public pages, in the order the team gives them. */
export const faqItems = pgTable(
  'faq_items',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    question: text('question').notNull(),
    answerMarkdown: text('answer_markdown').notNull(),
    position: integer('position').notNull(),
    revision: integer('revision').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [index('faq_items_region_idx').on(table.regionId, table.position)],
);
