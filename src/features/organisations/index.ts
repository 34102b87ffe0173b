export { regions, organisations, sites, ORGANISATION_KINDS, type OrganisationKind } from './schema.ts';
export { register } from './routes.ts';
export { ensureRegions, NHS_ENGLAND_REGIONS } from './reference.ts';
export { seedDemoOrganisations } from './demo.ts';
export { KIND_LABELS } from './domain/organisation.ts';
export { normalisePostcode, parsePostcode } from './domain/postcode.ts';
export { organisationsPersonalData } from './personal-data.ts';
