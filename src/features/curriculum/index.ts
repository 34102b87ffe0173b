import type { FastifyInstance } from 'fastify';
import { eventsRoutes } from './events-routes.ts';
import { progressRoutes } from './progress-routes.ts';
import { versionsRoutes } from './versions-routes.ts';
import {
  registerEnrolmentStep,
  registerErasureStep,
  registerPersonalDataSource,
  registerPersonalDataTables,
} from '../people/index.ts';
import { startsOnCurrentVersion } from './core.ts';
import { curriculumPersonalData } from './personal-data.ts';
import { evidencePersonalData } from './evidence.ts';
import { eraseEventData, eventPersonalData } from './events-service.ts';

export { seedDemoCurriculum } from './demo.ts';
export { recordEvidence, type EvidenceInput, type EvidenceSource } from './evidence.ts';
export { MAX_OUTCOMES_PER_ITEM, EVIDENCE_SOURCE_TYPES, type EvidenceSourceType } from './domain/progress.ts';
export {
  curricula,
  curriculumVersions,
  evidenceLinks,
  learningEvents,
  eventRegistrations,
  cohorts,
  cohortMembers,
} from './schema.ts';

/** The curriculum feature: versions and outcomes, learning activities and events, cohorts, progress and reviews. */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('curriculumEvidence', evidencePersonalData);
  registerPersonalDataSource('learningEvents', eventPersonalData);
  registerErasureStep('learningEvents', eraseEventData);
  registerEnrolmentStep('curriculumVersion', startsOnCurrentVersion);
  registerPersonalDataTables('curriculum', curriculumPersonalData);
  versionsRoutes(app);
  eventsRoutes(app);
  progressRoutes(app);
  await Promise.resolve();
}
