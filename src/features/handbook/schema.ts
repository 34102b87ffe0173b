import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';

/**
 * The draft of a region's handbook: one row per written section (background, expectations, support…), in
 * Markdown. The generated sections (modules and outcomes, posts, events, project areas) have no row: they are
 * drawn from the programme's own data when a version is published.
 */
export const handbookSections = pgTable(
  'handbook_sections',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    /** A written section's key (domain/sections.ts). */
    key: text('key').notNull(),
    title: text('title').notNull(),
    bodyMarkdown: text('body_markdown').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [unique('handbook_sections_region_key_unique').on(table.regionId, table.key)],
);

/**
 * A published version of a region's handbook, frozen: its content holds every section as it read on the day,
 * written and generated, so an older version reads the same for ever and two versions can be compared.
 */
export const handbookVersions = pgTable(
  'handbook_versions',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    /** 1, 2, 3… within the region. */
    number: integer('number').notNull(),
    changeSummary: text('change_summary').notNull(),
    /** The frozen sections (domain/content.ts: HandbookContent). */
    content: jsonb('content').$type<unknown>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [unique('handbook_versions_region_number_unique').on(table.regionId, table.number)],
);

/** A learner or supervisor has read a version. */
export const handbookAcknowledgements = pgTable(
  'handbook_acknowledgements',
  {
    id: uuid('id').primaryKey(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => handbookVersions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('handbook_acknowledgements_unique').on(table.versionId, table.userId),
    index('handbook_acknowledgements_user_idx').on(table.userId),
  ],
);

/** When the programme team last reminded people to read a version, so a second click does not mail them twice. */
export const handbookReminders = pgTable(
  'handbook_reminders',
  {
    id: uuid('id').primaryKey(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => handbookVersions.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    sentBy: uuid('sent_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [index('handbook_reminders_version_idx').on(table.versionId, table.userId)],
);
