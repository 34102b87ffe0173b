/**
 * The learners feature: who may see and change a learner's records (policy.ts), asked by every feature that keeps
 * records about a learner. It has no tables or pages of its own; a learner's account and region are the people
 * feature's, their placements the placements feature's.
 */
export { managedLearner, maySeeLearner, ownLearner, visibleLearner, visibleLearners } from './policy.ts';
export { supervisedLearnerIds } from './repository.ts';
export { CLINICAL_SUPERVISION_MONTHS_AFTER } from './domain/supervision.ts';
export type { LearnerRecord } from '../people/index.ts';
