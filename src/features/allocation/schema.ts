import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import {
  MECHANISMS,
  type AllocationInput,
  type AllocationStats,
  type ApplicantExplanation,
} from './domain/allocate.ts';

/** Stored states; "closed" is also shown for an open window whose deadline has passed. */
export const WINDOW_STATUSES = ['draft', 'open', 'closed', 'published'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

/** A preference window: a set of posts, the learners who may rank them, a deadline and how they are allocated. */
export const preferenceWindows = pgTable(
  'preference_windows',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    // programme_years.id (placements), on delete no action: in SQL
    programmeYearId: uuid('programme_year_id').notNull(),
    name: text('name').notNull(),
    mechanism: text('mechanism', { enum: MECHANISMS }).notNull(),
    /** The lottery's seed, recorded so that anyone can check the priority order. */
    seed: integer('seed').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: text('status', { enum: WINDOW_STATUSES }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedRunId: uuid('published_run_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('preference_windows_region_idx').on(table.regionId, table.createdAt)],
);

export const preferenceWindowPosts = pgTable(
  'preference_window_posts',
  {
    windowId: uuid('window_id')
      .notNull()
      .references(() => preferenceWindows.id, { onDelete: 'cascade' }),
    // posts.id (placements), on delete cascade: in SQL
    postId: uuid('post_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.windowId, table.postId] })],
);

export const preferenceWindowLearners = pgTable(
  'preference_window_learners',
  {
    windowId: uuid('window_id')
      .notNull()
      .references(() => preferenceWindows.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Special circumstances: the post this learner takes before anyone else is allocated. */
    // posts.id (placements), on delete set null: in SQL
    preallocatedPostId: uuid('preallocated_post_id'),
    preallocationReason: text('preallocation_reason'),
    /** A linked application: the other learner, who names this one back; allocated together in one trust. */
    linkedWithUserId: uuid('linked_with_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    primaryKey({ columns: [table.windowId, table.learnerUserId] }),
    index('preference_window_learners_learner_idx').on(table.learnerUserId),
  ],
);

/** A learner's ranking: post ids, best first. A draft until submitted; changeable until the deadline. */
export const preferenceSubmissions = pgTable(
  'preference_submissions',
  {
    windowId: uuid('window_id')
      .notNull()
      .references(() => preferenceWindows.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ranking: jsonb('ranking').$type<string[]>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.windowId, table.learnerUserId] })],
);

export interface StoredResult {
  assignments: Record<string, string | null>;
  unplaced: string[];
  /** Eligible learners who submitted nothing: not placed, and not in the input. */
  notSubmitted: string[];
  explanations: ApplicantExplanation[];
}

/** Every run is kept, with the exact input the engine was given, so any result can be reproduced. */
export const allocationRuns = pgTable(
  'allocation_runs',
  {
    id: uuid('id').primaryKey(),
    windowId: uuid('window_id')
      .notNull()
      .references(() => preferenceWindows.id, { onDelete: 'cascade' }),
    mechanism: text('mechanism', { enum: MECHANISMS }).notNull(),
    seed: integer('seed').notNull(),
    input: jsonb('input').$type<AllocationInput>().notNull(),
    result: jsonb('result').$type<StoredResult>().notNull(),
    stats: jsonb('stats').$type<AllocationStats>().notNull(),
    runBy: uuid('run_by').references(() => users.id, { onDelete: 'set null' }),
    runByName: text('run_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('allocation_runs_window_idx').on(table.windowId, table.createdAt)],
);

/** Two learners exchanging their allocated posts after publication, with the reason. */
export const allocationSwaps = pgTable('allocation_swaps', {
  id: uuid('id').primaryKey(),
  windowId: uuid('window_id')
    .notNull()
    .references(() => preferenceWindows.id, { onDelete: 'cascade' }),
  firstLearnerUserId: uuid('first_learner_user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  secondLearnerUserId: uuid('second_learner_user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  // posts.id (placements), on delete cascade: in SQL
  firstPostId: uuid('first_post_id').notNull(),
  // posts.id (placements), on delete cascade: in SQL
  secondPostId: uuid('second_post_id').notNull(),
  reason: text('reason').notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
