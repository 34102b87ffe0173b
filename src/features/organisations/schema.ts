import { ORGANISATION_KINDS, type OrganisationKind } from './domain/organisation.ts';
import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The seven NHS England regions; each runs its own trailblazer on the one installation. */
export const regions = pgTable('regions', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export { ORGANISATION_KINDS, type OrganisationKind };

/** Placement providers and partner organisations (NHS or not) in a region. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
    isNhs: boolean('is_nhs').notNull(),
    /** Hosts learners on placement (as opposed to a partner that works with them). */
    isPlacementProvider: boolean('is_placement_provider').notNull().default(true),
    /** NHS Organisation Data Service code, where there is one. */
    odsCode: text('ods_code'),
    website: text('website'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('organisations_region_idx').on(table.regionId, table.name),
    uniqueIndex('organisations_region_name_unique').on(table.regionId, table.name),
  ],
);

export const sites = pgTable(
  'sites',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    addressLine1: text('address_line_1').notNull(),
    addressLine2: text('address_line_2'),
    town: text('town').notNull(),
    postcode: text('postcode').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sites_organisation_idx').on(table.organisationId)],
);
