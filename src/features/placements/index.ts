import type { FastifyInstance } from 'fastify';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { placementsRoutes } from './routes.ts';
import { erasePlacementData, personalData, placementsPersonalData } from './personal-data.ts';

export { seedDemoPlacements } from './demo.ts';
export { SETTINGS, SETTING_LABELS, type Setting } from './domain/rotation.ts';
/** Programme years, posts, rotations and assignments for other features, instead of the tables (ADR 12). */
export { listYears as programmeYearsIn } from './repository.ts';
export {
  assignPosts,
  clinicallySupervisedLearnerIds,
  movePostAssignment,
  postCodesOf,
  postRotation,
  postsOfYear,
  postsWithIds,
  programmeYearNamesOf,
  type OfferedPost,
  type RotationRow,
} from './assignments-repository.ts';
export { placementsOfLearner, placementsOfLearners, type LearnerPlacement } from './my-year-repository.ts';

/** The placements feature: programme years, posts and their rotations, the year overview, and "my year". */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('placements', personalData);
  registerErasureStep('placements', erasePlacementData);
  registerPersonalDataTables('placements', placementsPersonalData);
  placementsRoutes(app);
  await Promise.resolve();
}
