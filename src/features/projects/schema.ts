import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { IMPROVEMENTS } from './domain/spc-types.ts';
import {
  MEASURE_KINDS,
  MEMBER_ROLES,
  PDSA_DECISIONS,
  PROJECT_AREAS,
  PROJECT_STAGES,
  PROJECT_STATUSES,
  SUPPORT_STATUSES,
} from './domain/projects.ts';

/**
 * A change project in population health or environmental sustainability: the Model for Improvement's aim, the
 * SusQI stage it has reached, the triple bottom line's financial and social parts (the environmental part is its
 * carbon lines), and what the team learned.
 */
export const changeProjects = pgTable(
  'change_projects',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    title: text('title').notNull(),
    area: text('area', { enum: PROJECT_AREAS }).notNull(),
    /** Where the change happens, in the team's words (a practice, a ward, a pathway across both). */
    setting: text('setting').notNull().default(''),
    stage: text('stage', { enum: PROJECT_STAGES }).notNull().default('set_goals'),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('active'),
    /** The educational fellow supporting the team. */
    fellowUserId: uuid('fellow_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The Model for Improvement's aim: what, by how much, by when, for whom. */
    aim: text('aim').notNull().default(''),
    targetPopulation: text('target_population').notNull().default(''),
    /** A Core20PLUS5 area key (domain/core20plus5.ts), or null. */
    core20Area: text('core20_area'),
    /** The postcode of the project's main site, for its deprivation decile. */
    postcode: text('postcode'),
    financialBeforeGbp: doublePrecision('financial_before_gbp'),
    financialAfterGbp: doublePrecision('financial_after_gbp'),
    socialImpact: text('social_impact').notNull().default(''),
    patientOutcome: text('patient_outcome').notNull().default(''),
    learning: text('learning').notNull().default(''),
    /** The curriculum outcomes a completed project evidences for each learner on the team. */
    outcomeCodes: jsonb('outcome_codes').$type<string[]>().notNull().default([]),
    /** The team chose to show the completed project on the region's public showcase. */
    published: boolean('published').notNull().default(false),
    revision: integer('revision').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** The last time anything in the project changed (its measures, data, cycles, carbon, notes). */
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (table) => [
    index('change_projects_region_idx').on(table.regionId, table.status),
    index('change_projects_fellow_idx').on(table.fellowUserId),
  ],
);

/** Who is on a project's team: learners and supervisors with accounts, partners named in words. */
export const projectMembers = pgTable(
  'project_members',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    /** A partner's name and organisation (a charity, a council team); empty for members with accounts. */
    name: text('name').notNull().default(''),
    organisation: text('organisation').notNull().default(''),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('project_members_user_unique').on(table.projectId, table.userId),
    index('project_members_user_idx').on(table.userId),
  ],
);

/** The organisations from the region's register a project works across. */
export const projectOrganisations = pgTable(
  'project_organisations',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    // organisations.id (organisations), on delete cascade: in SQL
    organisationId: uuid('organisation_id').notNull(),
  },
  (table) => [unique('project_organisations_unique').on(table.projectId, table.organisationId)],
);

/** An outcome, process or balancing measure, with its unit and which direction is better. */
export const projectMeasures = pgTable(
  'project_measures',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: MEASURE_KINDS }).notNull(),
    unit: text('unit').notNull(),
    improvement: text('improvement', { enum: IMPROVEMENTS }).notNull(),
    definition: text('definition').notNull().default(''),
    target: doublePrecision('target'),
    /** Fix each segment's mean and limits after this many points ("fix after n points"). */
    fixAfter: integer('fix_after'),
    position: integer('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('project_measures_project_idx').on(table.projectId, table.position)],
);

/** One data point of a measure: one value a day; `rebase` starts a new segment of the chart from this point. */
export const measurePoints = pgTable(
  'measure_points',
  {
    id: uuid('id').primaryKey(),
    measureId: uuid('measure_id')
      .notNull()
      .references(() => projectMeasures.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    note: text('note').notNull().default(''),
    rebase: boolean('rebase').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [unique('measure_points_day_unique').on(table.measureId, table.day)],
);

/** A change idea the team might test. */
export const changeIdeas = pgTable(
  'change_ideas',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    position: integer('position').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('change_ideas_project_idx').on(table.projectId, table.position)],
);

/** A Plan-Do-Study-Act cycle testing a change idea. */
export const pdsaCycles = pgTable(
  'pdsa_cycles',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    changeIdeaId: uuid('change_idea_id').references(() => changeIdeas.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    /** Plan: what will be tried, by whom, and what the team predicts. */
    plan: text('plan').notNull(),
    prediction: text('prediction').notNull(),
    /** Do: what happened. */
    happened: text('happened').notNull().default(''),
    /** Study: what the data showed against the prediction. */
    study: text('study').notNull().default(''),
    /** Act: what was learned and what comes next. */
    learned: text('learned').notNull().default(''),
    decision: text('decision', { enum: PDSA_DECISIONS }),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('pdsa_cycles_project_idx').on(table.projectId, table.startsOn)],
);

/**
 * The versioned library of emission factors: one row per item and year, never changed once used, so a project's
 * results stay as they were when a new year's factors are added.
 */
export const carbonFactors = pgTable(
  'carbon_factors',
  {
    id: uuid('id').primaryKey(),
    key: text('key').notNull(),
    year: integer('year').notNull(),
    category: text('category').notNull(),
    item: text('item').notNull(),
    unit: text('unit').notNull(),
    kgCo2ePerUnit: doublePrecision('kg_co2e_per_unit').notNull(),
    source: text('source').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [unique('carbon_factors_key_year_unique').on(table.key, table.year)],
);

/** One line of a project's carbon account: a quantity a year of one factor, before or after the change. */
export const projectCarbonLines = pgTable(
  'project_carbon_lines',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    phase: text('phase', { enum: ['before', 'after'] }).notNull(),
    factorId: uuid('factor_id')
      .notNull()
      .references(() => carbonFactors.id, { onDelete: 'restrict' }),
    quantityPerYear: doublePrecision('quantity_per_year').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('project_carbon_lines_project_idx').on(table.projectId)],
);

/** A fellow's note of a meeting with a project's team. */
export const fellowNotes = pgTable(
  'fellow_notes',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => changeProjects.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    metOn: date('met_on', { mode: 'string' }).notNull(),
    notes: text('notes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('fellow_notes_project_idx').on(table.projectId, table.metOn)],
);

/** A learner asking the region's educational fellows for support, about a project or about starting one. */
export const supportRequests = pgTable(
  'support_requests',
  {
    id: uuid('id').primaryKey(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => changeProjects.id, { onDelete: 'set null' }),
    fellowUserId: uuid('fellow_user_id').references(() => users.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    status: text('status', { enum: SUPPORT_STATUSES }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [index('support_requests_region_idx').on(table.regionId, table.status)],
);

/** The English Indices of Deprivation by LSOA, as last imported (national data, shared by every region). */
export const imdLsoas = pgTable('imd_lsoas', {
  lsoaCode: text('lsoa_code').primaryKey(),
  name: text('name').notNull(),
  rank: integer('rank').notNull(),
  decile: integer('decile').notNull(),
  edition: text('edition').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
});

/** Postcode to LSOA, from the national lookup; the key is the postcode in capitals without spaces. */
export const postcodeLsoas = pgTable('postcode_lsoas', {
  postcodeKey: text('postcode_key').primaryKey(),
  lsoaCode: text('lsoa_code').notNull(),
});
