export { loadRoles } from './repository.ts';
export { STAGES, type Stage } from './domain/people.ts';
/** Learners, role holders and educational supervisions for other features, instead of the tables (ADR 12). */
export {
  currentSupervisorOf,
  educationalSuperviseesOf,
  endSupervisions,
  findLearner,
  insertSupervision,
  learnerIdsInRegion,
  learnerRegionOf,
  learnerRoleHoldersIn,
  learnersIn,
  learnersInRegion,
  learnerStageIn,
  learnersWhereHolds,
  roleHoldersIn,
  setLearnerStage,
  stagesOf,
  supervisionHistoryOf,
  type CurrentSupervisor,
  type LearnerRecord,
  type NewSupervision,
} from './learners-repository.ts';
export { demoAccounts, seedDemoPeople, DEMO_PASSWORD, DEMO_DOMAIN } from './demo.ts';
export { demoCohortEmails, DEMO_COHORT_DOMAIN } from './demo.ts';
export {
  exportPersonalData,
  registerErasureStep,
  registerEnrolmentStep,
  registerPersonalDataSource,
  registerPersonalDataTables,
  personalDataRegistry,
  type PersonalDataSource,
  type Enrolment,
  type ErasureStep,
} from './personal-data-service.ts';
export { isValidGmcNumber } from './domain/gmc.ts';
export { register } from './routes.ts';
