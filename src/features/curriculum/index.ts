import type { FastifyInstance } from 'fastify';
import { versionsRoutes } from './versions-routes.ts';
import { registerEnrolmentStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { startsOnCurrentVersion } from './repository.ts';
import { curriculumPersonalData } from './personal-data.ts';
import { evidencePersonalData } from './evidence.ts';

export { seedDemoCurriculum, demoSetting, demoCurriculum, type DemoSetting, type DemoLearner } from './demo.ts';
export { recordEvidence, type EvidenceInput, type EvidenceSource } from './evidence.ts';
export {
  MAX_OUTCOMES_PER_ITEM,
  EVIDENCE_SOURCE_TYPES,
  EVIDENCE_SOURCE_LABELS,
  validateEvidenceOutcomes,
  type EvidenceSourceType,
  type EvidenceLink,
} from './domain/evidence.ts';
export {
  DEFAULT_STAGES,
  normaliseOutcomeCode,
  sortedDomains,
  sortedOutcomes,
  stageIndex,
  stagesUpTo,
  type CurriculumContent,
  type Outcome,
  type Stage,
} from './domain/curriculum.ts';
export {
  createCurriculum,
  currentVersion,
  findLearner,
  learnerVersion,
  recordLearnerVersion,
  regionCurriculum,
  type Curriculum,
  type CurriculumVersion,
  type LearnerRecord,
} from './repository.ts';
export { ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS, type ActivityType } from './domain/activities.ts';
/** Evidence links and cohorts for other features, instead of the tables (ADR 12). */
export { evidenceOf, evidenceOfLearners, type EvidenceLinkRow } from './repository.ts';
export {
  cohortIdsOf,
  cohortMembershipsOf,
  cohortNamed,
  cohortsInRegions,
  deleteMember,
  findCohort,
  insertCohort,
  insertMembers,
  listCohorts,
  memberIdsOf,
  type Cohort,
  type CohortChoice,
  type CohortListItem,
  type NewCohort,
} from './cohorts-repository.ts';

/** The curriculum feature: versions, outcomes and stages, learning activities, cohorts and the evidence interface. */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('curriculumEvidence', evidencePersonalData);
  registerEnrolmentStep('curriculumVersion', startsOnCurrentVersion);
  registerPersonalDataTables('curriculum', curriculumPersonalData);
  versionsRoutes(app);
  await Promise.resolve();
}
