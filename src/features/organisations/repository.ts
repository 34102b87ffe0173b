import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rankedNames, type RankedName } from '../../platform/db/order.ts';
import type { OrganisationKind } from './domain/organisation.ts';
import type { OrganisationFields, SiteFields } from './domain/fields.ts';
import { organisations, regions, sites } from './schema.ts';
import { containsPattern } from '../../platform/db/like.ts';

export type Organisation = typeof organisations.$inferSelect;
export type Site = typeof sites.$inferSelect;
export type Region = typeof regions.$inferSelect;

/** Regions a person may see: every region, or the listed ones (possibly none). */
export type RegionScope = 'all' | readonly string[];

export interface OrganisationFilter {
  scope: RegionScope;
  regionId?: string | undefined;
  q?: string | undefined;
  kind?: OrganisationKind | undefined;
  isNhs?: boolean | undefined;
  includeArchived: boolean;
}

export interface OrganisationListItem {
  id: string;
  name: string;
  kind: OrganisationKind;
  isNhs: boolean;
  isPlacementProvider: boolean;
  odsCode: string | null;
  archivedAt: Date | null;
  regionId: string;
  regionName: string;
  siteCount: number;
}

function scopeCondition(scope: RegionScope): SQL | undefined {
  if (scope === 'all') return undefined;
  return inArray(organisations.regionId, scope.length > 0 ? [...scope] : ['00000000-0000-0000-0000-000000000000']);
}

function filterCondition(filter: OrganisationFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [scopeCondition(filter.scope)];
  if (filter.regionId !== undefined) conditions.push(eq(organisations.regionId, filter.regionId));
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = containsPattern(filter.q);
    conditions.push(or(sql`${organisations.name} ilike ${pattern}`, sql`${organisations.odsCode} ilike ${pattern}`));
  }
  if (filter.kind !== undefined) conditions.push(eq(organisations.kind, filter.kind));
  if (filter.isNhs !== undefined) conditions.push(eq(organisations.isNhs, filter.isNhs));
  if (!filter.includeArchived) conditions.push(isNull(organisations.archivedAt));
  return and(...conditions);
}

export async function listOrganisations(
  db: Db,
  filter: OrganisationFilter,
  limit: number,
  offset: number,
): Promise<{ items: OrganisationListItem[]; total: number }> {
  const where = filterCondition(filter);
  const siteCount = db
    .select({ organisationId: sites.organisationId, n: count().as('n') })
    .from(sites)
    .where(isNull(sites.archivedAt))
    .groupBy(sites.organisationId)
    .as('site_count');
  const [items, totals] = await Promise.all([
    db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        isNhs: organisations.isNhs,
        isPlacementProvider: organisations.isPlacementProvider,
        odsCode: organisations.odsCode,
        archivedAt: organisations.archivedAt,
        regionId: organisations.regionId,
        regionName: regions.name,
        siteCount: sql<number>`coalesce(${siteCount.n}, 0)`.mapWith(Number),
      })
      .from(organisations)
      .innerJoin(regions, eq(regions.id, organisations.regionId))
      .leftJoin(siteCount, eq(siteCount.organisationId, organisations.id))
      .where(where)
      .orderBy(asc(organisations.name), asc(regions.name))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(organisations).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

export async function findOrganisation(
  db: Db,
  id: string,
): Promise<(Organisation & { regionName: string }) | undefined> {
  const [row] = await db
    .select({ organisation: organisations, regionName: regions.name })
    .from(organisations)
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .where(eq(organisations.id, id));
  return row === undefined ? undefined : { ...row.organisation, regionName: row.regionName };
}

/** The same normalisation as the domain's nameKey: trimmed, single spaces, lower case. */
const nameKeySql = sql`lower(regexp_replace(trim(${organisations.name}), '\\s+', ' ', 'g'))`;

/** An organisation in the region with the same name, whatever its case and spacing (archived ones too). */
export async function findOrganisationByNameKey(
  db: Db,
  regionId: string,
  key: string,
): Promise<Organisation | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.regionId, regionId), sql`${nameKeySql} = ${key}`))
    .limit(1);
  return row;
}

export async function organisationsInRegion(db: Db, regionId: string): Promise<Organisation[]> {
  return db.select().from(organisations).where(eq(organisations.regionId, regionId));
}

export async function insertOrganisation(
  db: Db,
  values: OrganisationFields & { id: string; regionId: string; now: Date },
): Promise<Organisation> {
  const { now, ...fields } = values;
  const [row] = await db
    .insert(organisations)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  if (row === undefined) throw new Error('Organisation was not saved');
  return row;
}

export async function updateOrganisation(
  db: Db,
  id: string,
  values: Partial<OrganisationFields> & { archivedAt?: Date | null },
  now: Date,
): Promise<void> {
  await db
    .update(organisations)
    .set({ ...values, updatedAt: now })
    .where(eq(organisations.id, id));
}

export async function listSites(db: Db, organisationId: string): Promise<Site[]> {
  return db
    .select()
    .from(sites)
    .where(eq(sites.organisationId, organisationId))
    .orderBy(sql`${sites.archivedAt} is not null`, asc(sites.name));
}

export async function findSite(
  db: Db,
  id: string,
): Promise<(Site & { organisationName: string; regionId: string }) | undefined> {
  const [row] = await db
    .select({ site: sites, organisationName: organisations.name, regionId: organisations.regionId })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(eq(sites.id, id));
  return row === undefined
    ? undefined
    : { ...row.site, organisationName: row.organisationName, regionId: row.regionId };
}

export async function insertSite(
  db: Db,
  values: SiteFields & { id: string; organisationId: string; now: Date },
): Promise<Site> {
  const { now, ...fields } = values;
  const [row] = await db
    .insert(sites)
    .values({ ...fields, createdAt: now, updatedAt: now })
    .returning();
  if (row === undefined) throw new Error('Site was not saved');
  return row;
}

export async function updateSite(
  db: Db,
  id: string,
  values: Partial<SiteFields> & { archivedAt?: Date | null },
  now: Date,
): Promise<void> {
  await db
    .update(sites)
    .set({ ...values, updatedAt: now })
    .where(eq(sites.id, id));
}

export async function listRegions(db: Db, scope: RegionScope): Promise<Region[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select()
    .from(regions)
    .where(scope === 'all' ? undefined : inArray(regions.id, [...scope]))
    .orderBy(asc(regions.name));
}

/** Everything the export writes: visible organisations that are not archived, with their sites that are not. */
export async function organisationsWithSites(
  db: Db,
  scope: RegionScope,
): Promise<{ organisation: Organisation; regionName: string; sites: Site[] }[]> {
  const rows = await db
    .select({ organisation: organisations, regionName: regions.name, site: sites })
    .from(organisations)
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .leftJoin(sites, and(eq(sites.organisationId, organisations.id), isNull(sites.archivedAt)))
    .where(and(scopeCondition(scope), isNull(organisations.archivedAt)))
    .orderBy(asc(regions.name), asc(organisations.name), asc(sites.name));
  const byId = new Map<string, { organisation: Organisation; regionName: string; sites: Site[] }>();
  for (const row of rows) {
    let entry = byId.get(row.organisation.id);
    if (entry === undefined) {
      entry = { organisation: row.organisation, regionName: row.regionName, sites: [] };
      byId.set(row.organisation.id, entry);
    }
    if (row.site !== null) entry.sites.push(row.site);
  }
  return [...byId.values()];
}

// ----- Query functions other features use (through index.ts) instead of the tables -----

/** Region names by id, ranked by name among those asked for: what another feature shows or orders by. */
export async function regionNamesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, RankedName>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      id: regions.id,
      name: regions.name,
      rank: sql<number>`dense_rank() over (order by ${regions.name})`.mapWith(Number),
    })
    .from(regions)
    .where(inArray(regions.id, wanted));
  return rankedNames(rows);
}

/** Organisation names by id (archived ones too), ranked by name among those asked for. */
export async function organisationNamesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, RankedName>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      rank: sql<number>`dense_rank() over (order by ${organisations.name})`.mapWith(Number),
    })
    .from(organisations)
    .where(inArray(organisations.id, wanted));
  return rankedNames(rows);
}

/** The id of the region with this code (as `east-of-england`), if there is one. */
export async function regionIdByCode(db: Db, code: string): Promise<string | undefined> {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.code, code)).limit(1);
  return row?.id;
}

export interface OrganisationChoice {
  id: string;
  name: string;
  kind: OrganisationKind;
  regionId: string;
  regionName: string;
}

/**
 * Organisations in the regions, by region name and then name: those not archived, or with `archived: true` all of
 * them. For choosing a lead employer, a provider or a provider contact's organisation.
 */
export async function organisationsIn(
  db: Db,
  scope: RegionScope,
  options: { archived?: boolean } = {},
): Promise<OrganisationChoice[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      regionId: regions.id,
      regionName: regions.name,
    })
    .from(organisations)
    .innerJoin(regions, eq(regions.id, organisations.regionId))
    .where(and(scopeCondition(scope), options.archived === true ? undefined : isNull(organisations.archivedAt)))
    .orderBy(asc(regions.name), asc(organisations.name));
}

/** An organisation that is not archived, with its region. */
export async function liveOrganisation(db: Db, id: string): Promise<{ id: string; regionId: string } | undefined> {
  const [row] = await db
    .select({ id: organisations.id, regionId: organisations.regionId })
    .from(organisations)
    .where(and(eq(organisations.id, id), isNull(organisations.archivedAt)))
    .limit(1);
  return row;
}

export interface SiteChoice {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
}

/**
 * Sites of a region's organisations that are not archived (neither site nor organisation), by organisation name
 * and then site name, or with `by: 'site'` by site name alone; with `archived: true` every site of the region's
 * organisations, archived or not, by site name.
 */
export async function sitesIn(
  db: Db,
  regionId: string,
  options: { by?: 'organisation' | 'site'; archived?: boolean } = {},
): Promise<SiteChoice[]> {
  const query = db
    .select({
      id: sites.id,
      name: sites.name,
      organisationId: sites.organisationId,
      organisationName: organisations.name,
    })
    .from(sites)
    .innerJoin(organisations, eq(organisations.id, sites.organisationId))
    .where(
      options.archived === true
        ? eq(organisations.regionId, regionId)
        : and(eq(organisations.regionId, regionId), isNull(sites.archivedAt), isNull(organisations.archivedAt)),
    );
  return options.by === 'site' || options.archived === true
    ? query.orderBy(asc(sites.name))
    : query.orderBy(asc(organisations.name), asc(sites.name));
}

export interface SiteAddress {
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
}

/** Sites by id with their names and addresses (archived ones too). */
export async function siteAddressesOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, SiteAddress>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({
      id: sites.id,
      name: sites.name,
      addressLine1: sites.addressLine1,
      addressLine2: sites.addressLine2,
      town: sites.town,
      postcode: sites.postcode,
    })
    .from(sites)
    .where(inArray(sites.id, wanted));
  return new Map(rows.map(({ id, ...address }) => [id, address]));
}
