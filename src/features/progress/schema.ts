import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';

/** A learner's stages over time: F1 → F2 → ST1…; the open row (no end) is the current stage. */
import { REVIEW_OUTCOMES } from './domain/review.ts';

export const stageHistory = pgTable(
  'stage_history',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('stage_history_learner_idx').on(table.learnerUserId, table.startedOn)],
);

/** The annual review panel's outcome for a learner for one training year, which the learner can read. */
export const annualReviews = pgTable(
  'annual_reviews',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    /** The training year reviewed, for example '2026/27'. */
    year: text('year').notNull(),
    stage: text('stage').notNull(),
    outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
    comments: text('comments').notNull().default(''),
    actions: jsonb('actions').$type<string[]>().notNull(),
    panel: text('panel').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('annual_reviews_learner_year_unique').on(table.learnerUserId, table.year)],
);
