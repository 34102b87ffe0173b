import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import type { CurriculumContent } from './domain/curriculum.ts';
import { EVIDENCE_SOURCE_TYPES } from './domain/evidence.ts';
import { ACTIVITY_TYPES } from './domain/activities.ts';

export { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS, type ActivityType } from './domain/activities.ts';

export const VERSION_STATUSES = ['draft', 'published'] as const;

/** A region's curriculum (for example its Enhance programme); its content lives in versions. */
export const curricula = pgTable(
  'curricula',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
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
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
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
