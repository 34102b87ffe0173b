/**
 * The patient journey, the signature record of a generalism year: one de-identified patient followed across
 * settings. Each step says where (setting and organisation), when (a day relative to the first contact, so no real
 * date of the patient's care is needed), who was involved, what happened and what the doctor learned; a closing
 * reflection asks how the system served the patient.
 *
 * The form names a step's fields `steps-<n>-<field>`, numbered from 0, so it works without JavaScript: "Add another
 * step" posts the form and it comes back with one more.
 */
import { CARE_SETTINGS, MDT_ROLES, type CareSetting, type MdtRole } from './entries.ts';
import {
  Problems,
  list,
  readCommon,
  text,
  type EntryForm,
  type KindForm,
  type ReadContext,
  type Values,
} from './form-reading.ts';
import type { TextField } from './guard.ts';

export interface JourneyStep {
  setting: CareSetting;
  /** An organisation of the region's register, or null when it is not on it (then `place` says where). */
  organisationId: string | null;
  /** The organisation's name as it was when saved, or what the learner wrote. */
  place: string;
  /** Days from the first contact: 0 is the first, negative is before it. */
  day: number;
  involved: MdtRole[];
  happened: string;
  learned: string;
}

export interface PatientJourney {
  /** The patient without identifiers: "a woman in her eighties living alone with heart failure". */
  patient: string;
  steps: JourneyStep[];
  /** How the system served the patient. */
  systemReflection: string;
}

export const MIN_STEPS = 2;
export const MAX_STEPS = 30;
const DAY_LIMIT = 3650;

/** How many step rows the form shows: those posted, at least MIN_STEPS. */
export function postedStepCount(values: Values): number {
  let highest = -1;
  for (const key of Object.keys(values)) {
    const match = /^steps-(\d{1,2})-/.exec(key);
    if (match !== null) highest = Math.max(highest, Number(match[1]));
  }
  return Math.min(MAX_STEPS, Math.max(MIN_STEPS, highest + 1));
}

function stepIsBlank(values: Values, n: number): boolean {
  return ['setting', 'organisationId', 'place', 'day', 'happened', 'learned'].every(
    (field) => text(values, `steps-${String(n)}-${field}`) === '',
  );
}

function readDay(problems: Problems, values: Values, field: string, label: string): number {
  const raw = text(values, field)
    .replace(/^day\s*/i, '')
    .replace(/[\u2212\u2013]/g, '-');
  if (raw === '') {
    problems.add(field, `Enter the day of ${label}, for example 0 for the first contact or 3 for three days later`);
    return 0;
  }
  if (!/^[+-]?\d{1,4}$/.test(raw) || Math.abs(Number(raw)) > DAY_LIMIT) {
    problems.add(field, `The day of ${label} must be a whole number of days from the first contact, like 0, 3 or -2`);
    return 0;
  }
  return Number(raw);
}

function readStep(problems: Problems, values: Values, n: number, context: ReadContext): JourneyStep {
  const at = (field: string) => `steps-${String(n)}-${field}`;
  const label = `step ${String(n + 1)}`;
  const setting = problems.choice(values, at('setting'), CARE_SETTINGS, `Choose the setting of ${label}`);
  const organisationId = text(values, at('organisationId'));
  const organisation = context.organisations.find((choice) => choice.id === organisationId);
  if (organisationId !== '' && organisation === undefined) {
    problems.add(at('organisationId'), `Choose the organisation of ${label} from the list, or leave it empty`);
  }
  const placeText = problems.text(values, at('place'), `Where ${label} happened`, { max: 200 });
  if (organisation === undefined && placeText === '' && organisationId === '') {
    problems.add(
      at('organisationId'),
      `Choose the organisation of ${label}, or say where it happened if it is not listed`,
    );
  }
  return {
    setting,
    organisationId: organisation?.id ?? null,
    place: organisation?.name ?? placeText,
    day: readDay(problems, values, at('day'), label),
    involved: problems.choices(values, at('involved'), MDT_ROLES),
    happened: problems.text(values, at('happened'), `What happened at ${label}`, {
      required: `Enter what happened at ${label}`,
    }),
    learned: problems.text(values, at('learned'), `What you learned at ${label}`),
  };
}

function read(values: Values, context: ReadContext) {
  const problems = new Problems();
  const common = readCommon(problems, values, 'Date of the first contact');
  const patient = problems.text(values, 'patient', 'About the patient', {
    required: 'Describe the patient without anything that could identify them, for example “a man in his seventies”',
    max: 500,
  });
  const steps: JourneyStep[] = [];
  const count = postedStepCount(values);
  let firstBlank: number | null = null;
  for (let n = 0; n < count; n += 1) {
    // Rows left empty (the form always offers at least two) are not steps.
    if (stepIsBlank(values, n)) {
      firstBlank ??= n;
      continue;
    }
    steps.push(readStep(problems, values, n, context));
  }
  if (steps.length < MIN_STEPS) {
    problems.add(
      `steps-${String(firstBlank ?? 0)}-setting`,
      `Add at least ${String(MIN_STEPS)} steps: a journey follows the patient from one setting to another`,
    );
  }
  const systemReflection = problems.text(values, 'systemReflection', 'How the system served the patient', {
    required: 'Say how the system served the patient: what joined up, and what did not',
  });
  if (!problems.ok) return { ok: false as const, problems: problems.list };
  const data: EntryForm<PatientJourney> = { ...common, private: false, document: { patient, steps, systemReflection } };
  return { ok: true as const, data };
}

function values(entry: EntryForm<PatientJourney>): Record<string, unknown> {
  const result: Record<string, unknown> = {
    title: entry.title,
    patient: entry.document.patient,
    systemReflection: entry.document.systemReflection,
  };
  entry.document.steps.forEach((step, n) => {
    const at = (field: string) => `steps-${String(n)}-${field}`;
    result[at('setting')] = step.setting;
    result[at('organisationId')] = step.organisationId ?? '';
    result[at('place')] = step.organisationId === null ? step.place : '';
    result[at('day')] = String(step.day);
    result[at('involved')] = step.involved;
    result[at('happened')] = step.happened;
    result[at('learned')] = step.learned;
  });
  return result;
}

function texts(entry: { title: string; document: PatientJourney }): TextField[] {
  const fields: TextField[] = [
    { field: 'title', label: 'The title', text: entry.title },
    { field: 'patient', label: 'About the patient', text: entry.document.patient },
  ];
  entry.document.steps.forEach((step, n) => {
    const at = (field: string) => `steps-${String(n)}-${field}`;
    const label = `Step ${String(n + 1)}`;
    if (step.organisationId === null) fields.push({ field: at('place'), label: `${label}, where`, text: step.place });
    fields.push({ field: at('happened'), label: `${label}, what happened`, text: step.happened });
    fields.push({ field: at('learned'), label: `${label}, what you learned`, text: step.learned });
  });
  fields.push({
    field: 'systemReflection',
    label: 'How the system served the patient',
    text: entry.document.systemReflection,
  });
  return fields;
}

export const journeyForm: KindForm<PatientJourney> = { read, values, texts };

/** Posted step rows with one more, or one taken out: the "add another" pattern without JavaScript. */
export function withStepAdded(values: Values): Record<string, unknown> {
  const count = postedStepCount(values);
  const result: Record<string, unknown> = { ...values };
  if (count < MAX_STEPS) result[`steps-${String(count)}-setting`] = '';
  return result;
}

export function withStepRemoved(values: Values, removed: number): Record<string, unknown> {
  const count = postedStepCount(values);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!key.startsWith('steps-')) result[key] = value;
  let to = 0;
  for (let from = 0; from < count; from += 1) {
    if (from === removed) continue;
    for (const field of ['setting', 'organisationId', 'place', 'day', 'happened', 'learned']) {
      result[`steps-${String(to)}-${field}`] = values[`steps-${String(from)}-${field}`] ?? '';
    }
    result[`steps-${String(to)}-involved`] = list(values, `steps-${String(from)}-involved`);
    to += 1;
  }
  return result;
}
