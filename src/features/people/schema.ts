import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/schema.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { STAGES } from './domain/people.ts';

/** What a person may do: a role, held in a region (or, for a provider contact, for an organisation). */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id'),
    // organisations.id (organisations), on delete no action: in SQL
    organisationId: uuid('organisation_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
  },
  (table) => [
    index('role_assignments_user_idx').on(table.userId),
    index('role_assignments_region_idx').on(table.regionId, table.role),
  ],
);

export { STAGES, type Stage } from './domain/people.ts';

/** A foundation doctor or specialty trainee on the programme. */
export const learnerProfiles = pgTable(
  'learner_profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    // regions.id (organisations), on delete no action: in SQL
    regionId: uuid('region_id').notNull(),
    /** GMC reference number: 7 digits. Null once the person is erased. */
    gmcNumber: text('gmc_number'),
    stage: text('stage', { enum: STAGES }).notNull(),
    programme: text('programme').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('learner_profiles_gmc_unique').on(table.gmcNumber),
    index('learner_profiles_region_idx').on(table.regionId),
  ],
);

/**
 * A learner's educational supervisor, who oversees their progress for the whole year. (Clinical supervisors come
 * from the placements a learner is in.) The open row, without an end, is the current one.
 */
export const educationalSupervisions = pgTable(
  'educational_supervisions',
  {
    id: uuid('id').primaryKey(),
    learnerUserId: uuid('learner_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    supervisorUserId: uuid('supervisor_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [
    index('educational_supervisions_supervisor_idx').on(table.supervisorUserId),
    index('educational_supervisions_learner_idx').on(table.learnerUserId),
  ],
);
