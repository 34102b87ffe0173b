import { teamRegions, runsProgrammeIn } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import { exportCsv, planImport, readCsv, type CsvProblem } from './domain/csv.ts';
import type { OrganisationFields, SiteFields } from './domain/fields.ts';
import { nameKey } from './domain/organisation.ts';
import * as repository from './repository.ts';
import type { Organisation, OrganisationFilter, OrganisationListItem, Region, Site } from './repository.ts';

/** Everything a use case needs from the request: the database, who is acting, and the time. */
/** What these services use of the request's context (platform/context.ts). */
export type ServiceContext = Pick<Context, 'db' | 'principal' | 'actor' | 'now'>;

/** An organisation the person may manage; one in another region is reported as not found, never as forbidden. */
async function visibleOrganisation(
  context: ServiceContext,
  db: Db,
  id: string,
): Promise<Organisation & { regionName: string }> {
  const organisation = await repository.findOrganisation(db, id);
  if (organisation === undefined || !runsProgrammeIn(context.principal, organisation.regionId))
    throw new NotFoundError();
  return organisation;
}

async function visibleSite(
  context: ServiceContext,
  db: Db,
  id: string,
): Promise<Site & { organisationName: string; regionId: string }> {
  const site = await repository.findSite(db, id);
  if (site === undefined || !runsProgrammeIn(context.principal, site.regionId)) throw new NotFoundError();
  return site;
}

function duplicateName(name: string, regionName: string): RuleError {
  return new RuleError(`There is already an organisation called ${name} in ${regionName}`, 'name');
}

function organisationValues(organisation: Organisation): Record<string, unknown> {
  return {
    name: organisation.name,
    kind: organisation.kind,
    isNhs: organisation.isNhs,
    isPlacementProvider: organisation.isPlacementProvider,
    odsCode: organisation.odsCode,
    website: organisation.website,
    regionId: organisation.regionId,
  };
}

function siteValues(site: Site): Record<string, unknown> {
  return {
    organisationId: site.organisationId,
    name: site.name,
    addressLine1: site.addressLine1,
    addressLine2: site.addressLine2,
    town: site.town,
    postcode: site.postcode,
  };
}

/** The regions the person may put organisations in: every region for platform administrators. */
export async function regionChoices(context: ServiceContext): Promise<Region[]> {
  return repository.listRegions(context.db, teamRegions(context.principal));
}

/** The region a new record goes in: the one chosen, or the person's only region. */
async function chooseRegion(context: ServiceContext, regionId: string | undefined): Promise<Region> {
  const choices = await regionChoices(context);
  if (regionId !== undefined && regionId !== '') {
    const chosen = choices.find((region) => region.id === regionId);
    if (chosen === undefined) throw new RuleError('Select a region from the list', 'regionId');
    return chosen;
  }
  const [only] = choices;
  if (choices.length === 1 && only !== undefined) return only;
  throw new RuleError('Select the region', 'regionId');
}

export type ListFilter = Omit<OrganisationFilter, 'scope'>;

export async function listOrganisations(
  context: ServiceContext,
  filter: ListFilter,
  page: number,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<Page<OrganisationListItem>> {
  const scope = teamRegions(context.principal);
  const { items, total } = await repository.listOrganisations(
    context.db,
    { ...filter, scope },
    pageSize,
    offsetFor(page, pageSize),
  );
  return toPage(items, total, page, pageSize);
}

export async function getOrganisation(
  context: ServiceContext,
  id: string,
): Promise<{ organisation: Organisation & { regionName: string }; sites: Site[] }> {
  const organisation = await visibleOrganisation(context, context.db, id);
  return { organisation, sites: await repository.listSites(context.db, id) };
}

export async function createOrganisation(
  context: ServiceContext,
  regionId: string | undefined,
  fields: OrganisationFields,
): Promise<Organisation> {
  const region = await chooseRegion(context, regionId);
  try {
    return await context.db.transaction(async (tx) => {
      if ((await repository.findOrganisationByNameKey(tx, region.id, nameKey(fields.name))) !== undefined) {
        throw duplicateName(fields.name, region.name);
      }
      const organisation = await repository.insertOrganisation(tx, {
        ...fields,
        id: newId(),
        regionId: region.id,
        now: context.now,
      });
      await audit(
        tx,
        context.actor,
        {
          action: 'create',
          entityType: 'organisation',
          entityId: organisation.id,
          regionId: region.id,
          summary: `Added organisation ${organisation.name}`,
          after: organisationValues(organisation),
        },
        context.now,
      );
      return organisation;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(fields.name, region.name);
    throw error;
  }
}

export async function updateOrganisation(
  context: ServiceContext,
  id: string,
  fields: OrganisationFields,
): Promise<void> {
  try {
    await context.db.transaction(async (tx) => {
      const before = await visibleOrganisation(context, tx, id);
      const same = await repository.findOrganisationByNameKey(tx, before.regionId, nameKey(fields.name));
      if (same !== undefined && same.id !== id) throw duplicateName(fields.name, before.regionName);
      await repository.updateOrganisation(tx, id, fields, context.now);
      const changes = changedFields(organisationValues(before), { ...fields });
      await audit(
        tx,
        context.actor,
        {
          action: 'update',
          entityType: 'organisation',
          entityId: id,
          regionId: before.regionId,
          summary: `Changed organisation ${fields.name}`,
          before: changes.before,
          after: changes.after,
        },
        context.now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleError(`There is already an organisation called ${fields.name}`, 'name');
    throw error;
  }
}

/** Archives (archive true) or restores an organisation. Its sites are kept as they are. */
export async function setOrganisationArchived(
  context: ServiceContext,
  id: string,
  archive: boolean,
): Promise<Organisation> {
  return context.db.transaction(async (tx) => {
    const before = await visibleOrganisation(context, tx, id);
    const archivedAt = archive ? (before.archivedAt ?? context.now) : null;
    await repository.updateOrganisation(tx, id, { archivedAt }, context.now);
    await audit(
      tx,
      context.actor,
      {
        action: archive ? 'archive' : 'restore',
        entityType: 'organisation',
        entityId: id,
        regionId: before.regionId,
        summary: `${archive ? 'Archived' : 'Restored'} organisation ${before.name}`,
        before: { archivedAt: before.archivedAt },
        after: { archivedAt },
      },
      context.now,
    );
    return before;
  });
}

export async function getSite(
  context: ServiceContext,
  id: string,
): Promise<Site & { organisationName: string; regionId: string }> {
  return visibleSite(context, context.db, id);
}

export async function createSite(context: ServiceContext, organisationId: string, fields: SiteFields): Promise<Site> {
  return context.db.transaction(async (tx) => {
    const organisation = await visibleOrganisation(context, tx, organisationId);
    const site = await repository.insertSite(tx, { ...fields, id: newId(), organisationId, now: context.now });
    await audit(
      tx,
      context.actor,
      {
        action: 'create',
        entityType: 'site',
        entityId: site.id,
        regionId: organisation.regionId,
        summary: `Added site ${site.name} to ${organisation.name}`,
        after: siteValues(site),
      },
      context.now,
    );
    return site;
  });
}

export async function updateSite(context: ServiceContext, id: string, fields: SiteFields): Promise<Site> {
  return context.db.transaction(async (tx) => {
    const before = await visibleSite(context, tx, id);
    await repository.updateSite(tx, id, fields, context.now);
    const changes = changedFields(siteValues(before), { ...fields });
    await audit(
      tx,
      context.actor,
      {
        action: 'update',
        entityType: 'site',
        entityId: id,
        regionId: before.regionId,
        summary: `Changed site ${fields.name} of ${before.organisationName}`,
        before: changes.before,
        after: changes.after,
      },
      context.now,
    );
    return before;
  });
}

export async function setSiteArchived(context: ServiceContext, id: string, archive: boolean): Promise<Site> {
  return context.db.transaction(async (tx) => {
    const before = await visibleSite(context, tx, id);
    const archivedAt = archive ? (before.archivedAt ?? context.now) : null;
    await repository.updateSite(tx, id, { archivedAt }, context.now);
    await audit(
      tx,
      context.actor,
      {
        action: archive ? 'archive' : 'restore',
        entityType: 'site',
        entityId: id,
        regionId: before.regionId,
        summary: `${archive ? 'Archived' : 'Restored'} site ${before.name} of ${before.organisationName}`,
        before: { archivedAt: before.archivedAt },
        after: { archivedAt },
      },
      context.now,
    );
    return before;
  });
}

export type ImportResult =
  { ok: true; regionName: string; organisations: string[]; sites: number } | { ok: false; problems: CsvProblem[] };

/**
 * Imports a spreadsheet of organisations and sites into one region: all of it in one transaction, or, if any row
 * has a problem, nothing at all.
 */
export async function importOrganisations(
  context: ServiceContext,
  regionId: string | undefined,
  text: string,
): Promise<ImportResult> {
  const region = await chooseRegion(context, regionId);
  const read = readCsv(text);
  if (!read.ok) return read;
  try {
    return await context.db.transaction(async (tx): Promise<ImportResult> => {
      const existing = await repository.organisationsInRegion(tx, region.id);
      const plan = planImport(read.rows, existing);
      if (!plan.ok) return plan;
      const ids = new Map<string, string>();
      for (const planned of plan.organisations) {
        const organisation = await repository.insertOrganisation(tx, {
          ...planned.fields,
          id: newId(),
          regionId: region.id,
          now: context.now,
        });
        ids.set(planned.key, organisation.id);
        await audit(
          tx,
          context.actor,
          {
            action: 'create',
            entityType: 'organisation',
            entityId: organisation.id,
            regionId: region.id,
            summary: `Added organisation ${organisation.name} from a spreadsheet`,
            after: organisationValues(organisation),
          },
          context.now,
        );
      }
      for (const planned of plan.sites) {
        const organisationId = planned.existingOrganisationId ?? ids.get(planned.organisationKey);
        if (organisationId === undefined) throw new Error(`No organisation for row ${String(planned.row)}`);
        const site = await repository.insertSite(tx, {
          ...planned.fields,
          id: newId(),
          organisationId,
          now: context.now,
        });
        await audit(
          tx,
          context.actor,
          {
            action: 'create',
            entityType: 'site',
            entityId: site.id,
            regionId: region.id,
            summary: `Added site ${site.name} from a spreadsheet`,
            after: siteValues(site),
          },
          context.now,
        );
      }
      const names = plan.organisations.map((planned) => planned.fields.name);
      await audit(
        tx,
        context.actor,
        {
          action: 'import',
          entityType: 'organisation',
          regionId: region.id,
          summary: `Imported ${String(names.length)} organisations and ${String(plan.sites.length)} sites into ${region.name}`,
          after: {
            organisations: names,
            sites: plan.sites.map((planned) => ({ row: planned.row, name: planned.fields.name })),
          },
        },
        context.now,
      );
      return { ok: true, regionName: region.name, organisations: names, sites: plan.sites.length };
    });
  } catch (error) {
    // Someone else added an organisation of the same name while the file was being imported.
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        problems: [
          {
            row: 1,
            column: 'name',
            message: 'An organisation in the file was added by someone else at the same time. Upload the file again',
          },
        ],
      };
    }
    throw error;
  }
}

/** A CSV file of the organisations and sites the person may see (not archived). */
export async function exportOrganisations(context: ServiceContext): Promise<string> {
  const rows = await repository.organisationsWithSites(context.db, teamRegions(context.principal));
  return exportCsv(
    rows.map((row) => ({
      ...row.organisation,
      regionName: row.regionName,
      sites: row.sites,
    })),
  );
}
