/** The measure form and the single data point form: how they are read and what they show. */
import { z } from 'zod';
import { trimmed, type FormValues } from '../../platform/web/forms.ts';
import { readDateInput } from '../../shared/dates.ts';
import { patientIdentifierProblem } from '../portfolio/index.ts';
import { MAX_NOTE_LENGTH, readDataValue, type DataPoint } from './domain/measure-data.ts';
import { MEASURE_KIND_HINTS, MEASURE_KIND_LABELS, MEASURE_KINDS } from './domain/projects.ts';
import { IMPROVEMENTS } from './domain/spc-types.ts';
import type { Measure } from './repository.ts';
import type { MeasureDetails } from './service.ts';

const IMPROVEMENT_LABELS = {
  increase: 'Higher is better',
  decrease: 'Lower is better',
  neutral: 'Neither: watch for change either way',
} as const;

const optionalNumber = (message: string) =>
  z.preprocess(
    (value) => {
      if (typeof value !== 'string' || value.trim() === '') return null;
      return readDataValue(value) ?? Number.NaN;
    },
    z.number({ error: message }).refine(Number.isFinite, message).nullable(),
  );

export const measureSchema = z.object({
  name: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter the measure’s name' })
      .min(1, 'Enter the measure’s name')
      .max(150, 'The name must be 150 characters or fewer'),
  ),
  kind: z.enum(MEASURE_KINDS, { error: 'Choose whether it is an outcome, process or balancing measure' }),
  unit: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter the unit, for example “inhalers a month” or “%”' })
      .min(1, 'Enter the unit, for example “inhalers a month” or “%”')
      .max(60, 'The unit must be 60 characters or fewer'),
  ),
  improvement: z.enum(IMPROVEMENTS, { error: 'Choose which direction is better' }),
  definition: z.preprocess(
    trimmed,
    z
      .string()
      .max(1000, 'The definition must be 1000 characters or fewer')
      .default('')
      .superRefine((definition, context) => {
        const identifier = patientIdentifierProblem('The definition', definition);
        if (identifier !== null) context.addIssue({ code: 'custom', message: identifier });
      }),
  ),
  target: optionalNumber('Enter the target as a number, like 25 or 12.5'),
  fixAfter: z.preprocess(
    (value) => (typeof value !== 'string' || value.trim() === '' ? null : Number(value.trim())),
    z
      .number({ error: 'Enter a whole number of points, 12 or more' })
      .int('Enter a whole number of points, 12 or more')
      .min(12, 'Fix the limits after 12 points or more: fewer gives unreliable limits')
      .max(1000, 'Enter a number of points up to 1000')
      .nullable(),
  ),
}) satisfies z.ZodType<MeasureDetails>;

export function measureValues(measure: Measure): FormValues {
  return {
    name: measure.name,
    kind: measure.kind,
    unit: measure.unit,
    improvement: measure.improvement,
    definition: measure.definition,
    target: measure.target === null ? '' : String(measure.target),
    fixAfter: measure.fixAfter === null ? '' : String(measure.fixAfter),
  };
}

export function measureItems(values: FormValues) {
  return {
    kindItems: MEASURE_KINDS.map((value) => ({
      value,
      text: MEASURE_KIND_LABELS[value],
      hint: { text: MEASURE_KIND_HINTS[value] },
      checked: values.kind === value,
    })),
    improvementItems: IMPROVEMENTS.map((value) => ({
      value,
      text: IMPROVEMENT_LABELS[value],
      checked: values.improvement === value,
    })),
  };
}

export { IMPROVEMENT_LABELS };

/** One data point typed into the form: the date boxes, the value and a note. */
export function readPointForm(
  values: FormValues,
): { ok: true; data: DataPoint } | { ok: false; problems: { field: string; href: string; message: string }[] } {
  const problems: { field: string; href: string; message: string }[] = [];
  const date = readDateInput(values, 'day', 'The date', { example: '6 1 2025' });
  if (!date.ok) problems.push({ field: 'day', href: '#day-day', message: date.message });
  const valueText = typeof values.value === 'string' ? values.value.trim() : '';
  const value = readDataValue(valueText);
  if (valueText === '') problems.push({ field: 'value', href: '#value', message: 'Enter the value' });
  else if (value === null)
    problems.push({ field: 'value', href: '#value', message: 'Enter the value as a number, like 12 or 12.5' });
  const note = typeof values.note === 'string' ? values.note.trim() : '';
  if (note.length > MAX_NOTE_LENGTH)
    problems.push({
      field: 'note',
      href: '#note',
      message: `The note must be ${String(MAX_NOTE_LENGTH)} characters or fewer`,
    });
  const identifier = patientIdentifierProblem('The note', note);
  if (identifier !== null) problems.push({ field: 'note', href: '#note', message: identifier });
  if (problems.length > 0 || !date.ok || value === null) return { ok: false, problems };
  return { ok: true, data: { day: date.date, value, note } };
}
