export { register } from './routes.ts';
/** Regions by name, those in the scope only (teamRegions in platform/policy.ts gives a person's): for region choices. */
export { listRegions as regionsIn, type Region } from './repository.ts';
/** Names, choices and sites for other features, instead of the tables (ADR 12). */
export {
  liveOrganisation,
  organisationNamesOf,
  organisationsIn,
  regionIdByCode,
  regionNamesOf,
  siteAddressesOf,
  sitesIn,
  type OrganisationChoice,
  type SiteAddress,
  type SiteChoice,
} from './repository.ts';
export { ensureRegions, NHS_ENGLAND_REGIONS } from './reference.ts';
export { seedDemoOrganisations } from './demo.ts';
export { KIND_LABELS, ORGANISATION_KINDS, type OrganisationKind } from './domain/organisation.ts';
export { normalisePostcode, parsePostcode } from './domain/postcode.ts';
export { organisationsPersonalData } from './personal-data.ts';
