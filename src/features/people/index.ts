export { loadRoles } from './repository.ts';
export { roleAssignments, learnerProfiles, educationalSupervisions, STAGES, type Stage } from './schema.ts';
export { demoAccounts, seedDemoPeople, DEMO_PASSWORD, DEMO_DOMAIN } from './demo.ts';
export {
  exportPersonalData,
  registerErasureStep,
  registerEnrolmentStep,
  registerPersonalDataSource,
  registerPersonalDataTables,
  personalDataRegistry,
  type PersonalDataSource,
  type Enrolment,
} from './service.ts';
export { isValidGmcNumber } from './domain/gmc.ts';
export { register } from './routes.ts';
