/**
 * What every portfolio entry shares: its kinds, the states it moves through, who may see it, and the small
 * vocabularies the forms offer (settings of care, members of a multidisciplinary team). Each kind's own fields are
 * a document read by that kind's form (journey.ts, reflection.ts, mdt.ts, …). Pure.
 */
import { ENTRY_KINDS, type EntryKind } from './kinds.ts';

export { ENTRY_KINDS, ENTRY_KIND_LABELS, isEntryKind, type EntryKind } from './kinds.ts';

/** How each kind is named in an address: /portfolio/new/patient-journey. */
export const ENTRY_KIND_SLUGS: Record<EntryKind, string> = {
  patient_journey: 'patient-journey',
  reflection: 'reflection',
  mdt_meeting: 'mdt-meeting',
  sle: 'supervised-learning-event',
  msf: 'multi-source-feedback',
  supervisor_meeting: 'supervisor-meeting',
};

export function kindFromSlug(slug: string): EntryKind | undefined {
  return ENTRY_KINDS.find((kind) => ENTRY_KIND_SLUGS[kind] === slug);
}

/**
 * An entry's states: being written (saved, changeable), with its assessor (a supervised learning event waiting for
 * the assessor's form), awaiting sign-off by a supervisor, signed off (locked: a record others have relied on).
 */
export const ENTRY_STATUSES = ['in_progress', 'with_assessor', 'awaiting_sign_off', 'signed_off'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_STATUS_LABELS: Record<EntryStatus, string> = {
  in_progress: 'In progress',
  with_assessor: 'With assessor',
  awaiting_sign_off: 'Awaiting sign-off',
  signed_off: 'Signed off',
};

/** The NHS tag colour of each state. */
export const ENTRY_STATUS_TAGS: Record<EntryStatus, string> = {
  in_progress: 'nhsuk-tag--grey',
  with_assessor: 'nhsuk-tag--blue',
  awaiting_sign_off: 'nhsuk-tag--yellow',
  signed_off: 'nhsuk-tag--green',
};

export function isLocked(status: EntryStatus): boolean {
  return status === 'signed_off';
}

/** Whether the learner may still change an entry in this state (an assessor's form, once sent, is theirs). */
export function learnerMayEdit(status: EntryStatus): boolean {
  return status === 'in_progress' || status === 'awaiting_sign_off';
}

/** Settings of care a patient passes through: a journey's lanes, an MDT meeting's place (timeline.ts). */
export {
  JOURNEY_SETTINGS as CARE_SETTINGS,
  JOURNEY_SETTING_LABELS as CARE_SETTING_LABELS,
  type JourneySetting as CareSetting,
} from './timeline.ts';

/** Who may be involved in a patient's care or round an MDT table. */
export const MDT_ROLES = [
  'hospital_doctor',
  'gp',
  'nurse',
  'district_nurse',
  'pharmacist',
  'physiotherapist',
  'occupational_therapist',
  'speech_and_language_therapist',
  'dietitian',
  'paramedic',
  'mental_health_practitioner',
  'social_worker',
  'care_coordinator',
  'healthcare_assistant',
  'voluntary_sector_worker',
  'family_or_carer',
] as const;
export type MdtRole = (typeof MDT_ROLES)[number];

export const MDT_ROLE_LABELS: Record<MdtRole, string> = {
  hospital_doctor: 'Hospital doctor',
  gp: 'GP',
  nurse: 'Nurse',
  district_nurse: 'District or community nurse',
  pharmacist: 'Pharmacist',
  physiotherapist: 'Physiotherapist',
  occupational_therapist: 'Occupational therapist',
  speech_and_language_therapist: 'Speech and language therapist',
  dietitian: 'Dietitian',
  paramedic: 'Paramedic',
  mental_health_practitioner: 'Mental health practitioner',
  social_worker: 'Social worker',
  care_coordinator: 'Care coordinator',
  healthcare_assistant: 'Healthcare assistant',
  voluntary_sector_worker: 'Voluntary sector worker',
  family_or_carer: 'Family member or carer',
};

/** The longest text a field takes: generous for writing, bounded so a page cannot be made to carry a book. */
export const LONG_TEXT_MAX = 10_000;
export const TITLE_MAX = 150;

/** Who can see an entry, in words the page shows under it (GMC guidance: a learner should know where a reflection goes). */
export function audienceOf(entry: { kind: EntryKind; private: boolean }): string {
  if (entry.private) return 'Only you and your educational supervisor can see this reflection.';
  return 'You, your supervisors and your region’s programme team can see this entry.';
}
