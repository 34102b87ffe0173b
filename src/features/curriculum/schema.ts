import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { regions } from '../organisations/index.ts';
import type { CurriculumContent } from './domain/curriculum.ts';
import { REVIEW_OUTCOMES } from './domain/review.ts';
import type { FeedbackQuestion } from './domain/events.ts';
import { EVIDENCE_SOURCE_TYPES } from './domain/progress.ts';

export const VERSION_STATUSES = ['draft', 'published'] as const;

/** A region's curriculum (for example its Enhance programme); its content lives in versions. */
export const curricula = pgTable(
  'curricula',
  {
    id: uuid('id').primaryKey(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('curricula_region_name_unique').on(table.regionId, table.name)],
);

/**
 * One version of a curriculum's content. A published version never changes: learners and evidence refer to it. At
 * most one draft per curriculum is edited at a time; publishing gives it the next number.
 */
export const curriculumVersions = pgTable(
  'curriculum_versions',
  {
    id: uuid('id').primaryKey(),
    curriculumId: uuid('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… once published; null while a draft. */
    number: integer('number'),
    status: text('status', { enum: VERSION_STATUSES }).notNull(),
    content: jsonb('content').$type<CurriculumContent>().notNull(),
    changeSummary: text('change_summary').notNull().default(''),
    /** The version this draft started from, for the difference shown before publishing. */
    basedOnId: uuid('based_on_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('curriculum_versions_number_unique').on(table.curriculumId, table.number),
    index('curriculum_versions_curriculum_idx').on(table.curriculumId, table.status),
  ],
);

/** The version a learner follows: the one current when they started, until the programme team moves them. */
export const learnerCurricula = pgTable(
  'learner_curricula',
  {
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    curriculumId: uuid('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => curriculumVersions.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [primaryKey({ columns: [table.learnerUserId, table.curriculumId] })],
);

/**
 * That something (a portfolio entry, an attended event, a completed 360° scenario, a project) evidences an outcome
 * for a learner. Progress is computed from these rows alone. Links are by outcome code, which is stable across
 * versions, so evidence survives a version change wherever the outcome does.
 */
export const evidenceLinks = pgTable(
  'evidence_links',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    curriculumId: uuid('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    outcomeCode: text('outcome_code').notNull(),
    sourceType: text('source_type', { enum: EVIDENCE_SOURCE_TYPES }).notNull(),
    sourceId: text('source_id').notNull(),
    /** What the learner and supervisor see, and where it links to. */
    label: text('label').notNull(),
    href: text('href'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    uniqueIndex('evidence_links_unique').on(
      table.learnerUserId,
      table.curriculumId,
      table.sourceType,
      table.sourceId,
      table.outcomeCode,
    ),
    index('evidence_links_learner_idx').on(table.learnerUserId, table.curriculumId),
  ],
);

/** An intake: learners who started the programme in the same year. */
export const cohorts = pgTable(
  'cohorts',
  {
    id: uuid('id').primaryKey(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    intakeYear: integer('intake_year').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [uniqueIndex('cohorts_region_name_unique').on(table.regionId, table.name)],
);

export const cohortMembers = pgTable(
  'cohort_members',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.cohortId, table.learnerUserId] }),
    index('cohort_members_learner_idx').on(table.learnerUserId),
  ],
);

/** A learner's stages over time: F1 → F2 → ST1…; the open row (no end) is the current stage. */
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

export const ACTIVITY_TYPES = [
  'learning-event-day',
  'taster',
  'e-learning',
  'reading',
  'vr-scenario',
  'project-milestone',
  'reflective-writing',
  'mdt-observation',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** How each type reads on pages, in the programme's own words. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  'learning-event-day': 'Learning-event day',
  taster: 'Taster experience',
  'e-learning': 'E-learning link',
  reading: 'Reading',
  'vr-scenario': '360° scenario',
  'project-milestone': 'Project milestone',
  'reflective-writing': 'Reflective writing',
  'mdt-observation': 'Multidisciplinary team (MDT) observation',
};

/** Required or optional at each stage; a stage not listed does not include the activity. */
export type StageRequirements = Record<string, 'required' | 'optional'>;

/** A learning activity of the curriculum, mapped to outcomes and required or optional per stage. */
export const learningActivities = pgTable(
  'learning_activities',
  {
    id: uuid('id').primaryKey(),
    curriculumId: uuid('curriculum_id')
      .notNull()
      .references(() => curricula.id, { onDelete: 'cascade' }),
    type: text('type', { enum: ACTIVITY_TYPES }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    url: text('url'),
    outcomeCodes: jsonb('outcome_codes').$type<string[]>().notNull(),
    stages: jsonb('stages').$type<StageRequirements>().notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('learning_activities_curriculum_idx').on(table.curriculumId)],
);

export const EVENT_STATUSES = ['scheduled', 'cancelled'] as const;

/** A learning event: a day, a taster or a session, with places, a waiting list, a register and feedback. */
export const learningEvents = pgTable(
  'learning_events',
  {
    id: uuid('id').primaryKey(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    curriculumId: uuid('curriculum_id').references(() => curricula.id, { onDelete: 'set null' }),
    activityId: uuid('activity_id').references(() => learningActivities.id, { onDelete: 'set null' }),
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

/** The annual review panel's outcome for a learner for one training year, which the learner can read. */
export const annualReviews = pgTable(
  'annual_reviews',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
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
