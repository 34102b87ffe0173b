export { register } from './routes.ts';
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
