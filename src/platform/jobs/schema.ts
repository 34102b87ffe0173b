import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Long-running work started by a person (an import, an allocation run, a PDF build), and how far it has got. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    /** What sort of work, for logs and for features to find their own jobs: 'allocation-run', 'posts-import'. */
    kind: text('kind').notNull(),
    /** What the person sees: "Allocation for F2 2027/28". */
    title: text('title').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull(),
    stepsDone: integer('steps_done').notNull().default(0),
    /** 0 until the work says how many steps it has; the page shows a progress bar without a value meanwhile. */
    stepsTotal: integer('steps_total').notNull().default(0),
    /** The current step in plain English. */
    message: text('message').notNull(),
    /** Where to go when the work has succeeded: a path on this site. */
    resultHref: text('result_href'),
    /** Why the work failed, in words for the person who started it; the real error is in the logs. */
    error: text('error'),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    regionId: uuid('region_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [
    index('jobs_status_idx').on(table.status),
    index('jobs_owner_idx').on(table.ownerUserId, table.createdAt),
  ],
);
