/** The project details form: how it is read, and the values and choices it shows. */
import { z } from 'zod';
import { postedList, trimmed, type FormValues } from '../../platform/web/forms.ts';
import { normalisePostcode } from '../organisations/index.ts';
import { CORE20_CHOICES } from './domain/core20plus5.ts';
import { patientIdentifierProblem } from '../portfolio/index.ts';
import {
  PROJECT_AREA_LABELS,
  PROJECT_AREAS,
  PROJECT_STAGE_HINTS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
} from './domain/projects.ts';
import type { ProjectDetails } from './service.ts';
import type { ChangeProject } from './repository.ts';

const text = (max: number, label: string) =>
  z.preprocess(
    (value) => (value === undefined ? '' : trimmed(value)),
    z.string().max(max, `${label} must be ${String(max)} characters or fewer`),
  );

export const detailsSchema = z
  .object({
    title: z.preprocess(
      trimmed,
      z
        .string({ error: 'Enter a title for the project' })
        .min(1, 'Enter a title for the project')
        .max(150, 'The title must be 150 characters or fewer'),
    ),
    area: z.enum(PROJECT_AREAS, { error: 'Choose the area of the project' }),
    setting: text(300, 'The setting'),
    stage: z.enum(PROJECT_STAGES, { error: 'Choose the stage the project has reached' }).default('set_goals'),
    aim: text(1000, 'The aim'),
    targetPopulation: text(500, 'The target population'),
    core20Area: z.preprocess(
      (value) => (value === '' || value === undefined ? null : value),
      z
        .enum(CORE20_CHOICES.map((area) => area.key) as [string, ...string[]], {
          error: 'Choose a Core20PLUS5 area from the list',
        })
        .nullable(),
    ),
    postcode: z.preprocess(trimmed, z.string().max(10, 'Enter a full postcode, like CB2 0QQ').optional()),
    fellowUserId: z.preprocess(
      (value) => (value === '' || value === undefined ? null : value),
      z.uuid({ error: 'Choose a fellow from the list' }).nullable(),
    ),
    organisationIds: z.preprocess(postedList, z.array(z.uuid({ error: 'Choose organisations from the list' })).max(30)),
  })
  .transform((values, context): ProjectDetails => {
    for (const [field, label] of [
      ['title', 'The title'],
      ['aim', 'The aim'],
      ['setting', 'The setting'],
      ['targetPopulation', 'The target population'],
    ] as const) {
      const identifier = patientIdentifierProblem(label, values[field]);
      if (identifier !== null) context.addIssue({ code: 'custom', path: [field], message: identifier });
    }
    let postcode: string | null = null;
    if (values.postcode !== undefined && values.postcode !== '') {
      postcode = normalisePostcode(values.postcode);
      if (postcode === null) {
        context.addIssue({ code: 'custom', path: ['postcode'], message: 'Enter a full postcode, like CB2 0QQ' });
        return z.NEVER;
      }
    }
    return {
      title: values.title,
      area: values.area,
      setting: values.setting,
      stage: values.stage,
      aim: values.aim,
      targetPopulation: values.targetPopulation,
      core20Area: values.core20Area,
      postcode,
      fellowUserId: values.fellowUserId,
      organisationIds: [...new Set(values.organisationIds)],
    };
  });

export function detailsValues(project: ChangeProject, organisationIds: readonly string[]): FormValues {
  return {
    title: project.title,
    area: project.area,
    setting: project.setting,
    stage: project.stage,
    aim: project.aim,
    targetPopulation: project.targetPopulation,
    core20Area: project.core20Area ?? '',
    postcode: project.postcode ?? '',
    fellowUserId: project.fellowUserId ?? '',
    organisationIds: [...organisationIds],
    revision: String(project.revision),
  };
}

const valueOf = (values: FormValues, field: string): string => {
  const value = values[field];
  return typeof value === 'string' ? value : '';
};

/** The radios, selects and checkboxes of the form, with what is chosen. */
export function detailItems(
  values: FormValues,
  choices: { fellows: { id: string; name: string }[]; organisations: { id: string; name: string }[] },
) {
  const chosen = new Set(postedList(values.organisationIds));
  return {
    areaItems: PROJECT_AREAS.map((value) => ({
      value,
      text: PROJECT_AREA_LABELS[value],
      checked: valueOf(values, 'area') === value,
    })),
    stageItems: PROJECT_STAGES.map((value) => ({
      value,
      text: PROJECT_STAGE_LABELS[value],
      hint: { text: PROJECT_STAGE_HINTS[value] },
      checked: (valueOf(values, 'stage') || 'set_goals') === value,
    })),
    core20Items: [
      { value: '', text: 'None chosen' },
      ...CORE20_CHOICES.map((area) => ({
        value: area.key,
        text: area.label,
        selected: valueOf(values, 'core20Area') === area.key,
      })),
    ],
    fellowItems: [
      { value: '', text: choices.fellows.length === 0 ? 'No fellows in this region yet' : 'Not chosen yet' },
      ...choices.fellows.map((fellow) => ({
        value: fellow.id,
        text: fellow.name,
        selected: valueOf(values, 'fellowUserId') === fellow.id,
      })),
    ],
    organisationItems: choices.organisations.map((organisation) => ({
      value: organisation.id,
      text: organisation.name,
      checked: chosen.has(organisation.id),
    })),
  };
}
