export {
  programmeYears,
  posts,
  placements,
  postAssignments,
  calendarTokens,
  SETTINGS,
  type Setting,
} from './schema.ts';
export { register } from './routes.ts';
export { seedDemoPlacements } from './demo.ts';
export { SETTING_LABELS } from './domain/rotation.ts';
