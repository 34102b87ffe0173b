import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
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
import { ENTRY_KINDS, ENTRY_STATUSES } from './domain/entries.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One portfolio entry: what every kind shares in columns, the kind's own fields in `document`, checked by the kind's
 * schema in domain/entries.ts (ADR 13). `search_text` is the entry's free text, joined by the service, so that the
 * search index needs no knowledge of each kind's document.
 */
export const portfolioEntries = pgTable(
  'portfolio_entries',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ENTRY_STATUSES }).notNull(),
    /** A reflection the learner keeps to themself and their educational supervisor. */
    private: boolean('private').notNull().default(false),
    /** The day the entry is about (the journey's first contact, the meeting, the assessment). */
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    // placements.id (placements), on delete set null: in SQL
    placementId: uuid('placement_id'),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    searchText: text('search_text').notNull().default(''),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('english', "title" || ' ' || "search_text")`),
    /** Raised on every change, so that a save from a page that is out of date is refused rather than lost. */
    revision: integer('revision').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    signedOffBy: uuid('signed_off_by').references(() => users.id, { onDelete: 'set null' }),
    signOffComment: text('sign_off_comment'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('portfolio_entries_learner_idx').on(table.learnerUserId, table.occurredOn),
    index('portfolio_entries_status_idx').on(table.status, table.regionId),
    index('portfolio_entries_search_idx').using('gin', table.search),
  ],
);

/**
 * What someone was writing when a save failed or the page autosaved: the form as typed, with any patient identifier
 * the guard found taken out first, so that a draft never holds what the portfolio must not.
 */
export const portfolioDrafts = pgTable(
  'portfolio_drafts',
  {
    id: uuid('id').primaryKey(),
    /** Who was writing (the learner, or a supervisor recording a meeting). */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** 'new:<kind>' for an entry not yet saved, or the entry's id. */
    draftKey: text('draft_key').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    savedAt: timestamp('saved_at', { withTimezone: true }).notNull(),
  },
  (table) => [unique('portfolio_drafts_key_unique').on(table.userId, table.learnerUserId, table.draftKey)],
);

/** A comment in the thread under an entry. */
export const portfolioComments = pgTable(
  'portfolio_comments',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => portfolioEntries.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('portfolio_comments_entry_idx').on(table.entryId, table.createdAt)],
);

/** A file attached to an entry: stored by its content hash under the data directory, never in the web root. */
export const portfolioAttachments = pgTable(
  'portfolio_attachments',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => portfolioEntries.id, { onDelete: 'cascade' }),
    fileKey: text('file_key').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('portfolio_attachments_entry_idx').on(table.entryId)],
);

/**
 * A supervised learning event's assessor, who may have no account: the emailed link's token is kept only as its
 * hash, expires and is spent on use.
 */
export const portfolioAssessorLinks = pgTable(
  'portfolio_assessor_links',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => portfolioEntries.id, { onDelete: 'cascade' }),
    assessorName: text('assessor_name').notNull(),
    assessorEmail: text('assessor_email').notNull(),
    assessorRole: text('assessor_role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('portfolio_assessor_links_entry_idx').on(table.entryId)],
);

/** A person invited to give multi-source feedback: whether they answered, never what they answered. */
export const msfRaters = pgTable(
  'msf_raters',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => portfolioEntries.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (table) => [unique('msf_raters_entry_email_unique').on(table.entryId, table.email)],
);

/**
 * One multi-source feedback response, with nothing that leads back to its rater: a random (not time-ordered) id, the
 * rater's staff group and the day it came, but no rater id and no time of day.
 */
export const msfResponses = pgTable(
  'msf_responses',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => portfolioEntries.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
  },
  (table) => [index('msf_responses_entry_idx').on(table.entryId)],
);

/** A goal of a learner's personal development plan, set at a supervisor meeting and reviewed at the next. */
export const pdpGoals = pgTable(
  'pdp_goals',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The meeting that set (or carried over) the goal. */
    entryId: uuid('entry_id').references(() => portfolioEntries.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    targetDate: date('target_date', { mode: 'string' }),
    status: text('status', { enum: ['open', 'achieved', 'dropped'] }).notNull(),
    /** The goal this one carries over from an earlier meeting. */
    carriedFrom: uuid('carried_from'),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('pdp_goals_learner_idx').on(table.learnerUserId, table.status)],
);
