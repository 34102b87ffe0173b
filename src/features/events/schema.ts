import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { ACTIVITY_TYPES } from '../curriculum/index.ts';
import type { FeedbackQuestion } from './domain/events.ts';

export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;

/** A learning event: a day, a taster or a session, with places, a waiting list, a register and feedback. */
export const learningEvents = pgTable(
  'learning_events',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    // curricula.id (curriculum), on delete set null: in SQL
    curriculumId: uuid('curriculum_id'),
    // learning_activities.id (curriculum), on delete set null: in SQL
    activityId: uuid('activity_id'),
    type: text('type', { enum: ACTIVITY_TYPES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    venue: text('venue'),
    onlineUrl: text('online_url'),
    /** Null: no limit. */
    capacity: integer('capacity'),
    /** Stage codes the event is for; empty: every stage. */
    stages: jsonb('stages').$type<string[]>().notNull(),
    /** Cohort ids the event is for; empty: every cohort. */
    cohortIds: jsonb('cohort_ids').$type<string[]>().notNull(),
    /** Outcomes attending evidences (at most three). */
    outcomeCodes: jsonb('outcome_codes').$type<string[]>().notNull(),
    facilitatorUserId: uuid('facilitator_user_id').references(() => users.id, { onDelete: 'set null' }),
    checkInCode: text('check_in_code').notNull(),
    feedbackQuestions: jsonb('feedback_questions').$type<FeedbackQuestion[]>().notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancellationReason: text('cancellation_reason'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('learning_events_region_idx').on(table.regionId, table.startsAt)],
);

export const REGISTRATION_STATUSES = ['registered', 'waiting', 'cancelled'] as const;

/** A learner's place (or place in the queue) at an event, and whether they attended. */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => learningEvents.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: REGISTRATION_STATUSES }).notNull(),
    /** When they asked for a place: their place in the queue. */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    attended: boolean('attended').notNull().default(false),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    /** 'self' with the code, or the facilitator marking the register. */
    checkedInBy: text('checked_in_by', { enum: ['self', 'register'] }),
  },
  (table) => [
    primaryKey({ columns: [table.eventId, table.learnerUserId] }),
    index('event_registrations_learner_idx').on(table.learnerUserId),
  ],
);

/** One learner's feedback on one event. */
export const eventFeedback = pgTable(
  'event_feedback',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => learningEvents.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').$type<Record<string, number | string | null>>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.learnerUserId] })],
);

/** A learner's private calendar feed of the events they have a place at. */
export const eventCalendarTokens = pgTable('event_calendar_tokens', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
