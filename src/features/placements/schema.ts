import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { SETTINGS } from './domain/rotation.ts';

export { SETTINGS, type Setting } from './domain/rotation.ts';

/** A year of the programme in a region, for example "F2 2026/27": the span every rotation must cover. */
export const programmeYears = pgTable(
  'programme_years',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('programme_years_region_name_unique').on(table.regionId, table.name)],
);

/** A generalism post: one learner's (or, with capacity above 1, several learners') year-long rotation. */
export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey(),
    programmeYearId: uuid('programme_year_id')
      .notNull()
      .references(() => programmeYears.id),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    // organisations.id (organisations), on delete no action: in SQL
    leadEmployerId: uuid('lead_employer_id').notNull(),
    capacity: integer('capacity').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('posts_year_code_unique').on(table.programmeYearId, table.code),
    index('posts_region_idx').on(table.regionId, table.programmeYearId),
    index('posts_lead_employer_idx').on(table.leadEmployerId),
  ],
);

/** One part of a post's rotation: a setting, a provider, dates and sessions a week (10 is full time). */
export const placements = pgTable(
  'placements',
  {
    id: uuid('id').primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    // organisations.id (organisations), on delete no action: in SQL
    organisationId: uuid('organisation_id').notNull(),
    // sites.id (organisations), on delete no action: in SQL
    siteId: uuid('site_id'),
    setting: text('setting', { enum: SETTINGS }).notNull(),
    specialty: text('specialty').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    sessionsPerWeek: integer('sessions_per_week').notNull(),
    clinicalSupervisorUserId: uuid('clinical_supervisor_user_id').references(() => users.id, {
      onDelete: 'set null',
    }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('placements_post_idx').on(table.postId, table.startsOn),
    index('placements_supervisor_idx').on(table.clinicalSupervisorUserId),
  ],
);

export const ASSIGNMENT_SOURCES = ['manual', 'allocation'] as const;
export type AssignmentSource = (typeof ASSIGNMENT_SOURCES)[number];

/** A learner in a post for its year, placed by hand or by an allocation run. */
export const postAssignments = pgTable(
  'post_assignments',
  {
    id: uuid('id').primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    source: text('source', { enum: ASSIGNMENT_SOURCES }).notNull(),
  },
  (table) => [
    uniqueIndex('post_assignments_post_learner_unique').on(table.postId, table.learnerUserId),
    index('post_assignments_learner_idx').on(table.learnerUserId),
  ],
);

/** The private link of a learner's calendar feed: only the token's SHA-256 is kept. */
export const calendarTokens = pgTable('calendar_tokens', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
