/** The kinds of learning activity a curriculum lists (and a learning event is one of). */
export const ACTIVITY_TYPES = [
  'learning-event-day',
  'taster',
  'e-learning',
  'reading',
  'vr-scenario',
  'project-milestone',
  'reflective-writing',
  'mdt-observation',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** How each type reads on pages, in the programme's own words. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  'learning-event-day': 'Learning-event day',
  taster: 'Taster experience',
  'e-learning': 'E-learning link',
  reading: 'Reading',
  'vr-scenario': '360° scenario',
  'project-milestone': 'Project milestone',
  'reflective-writing': 'Reflective writing',
  'mdt-observation': 'Multidisciplinary team (MDT) observation',
};
