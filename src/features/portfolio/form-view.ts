/** What an entry's form page shows: the kind's fields with the values as typed, the choices and the errors. */
import type { FormErrors, FormValues } from '../../platform/web/forms.ts';
import { datePartsOf, dateParts } from '../../shared/dates.ts';
import {
  CARE_SETTINGS,
  CARE_SETTING_LABELS,
  ENTRY_KIND_LABELS,
  ENTRY_KIND_SLUGS,
  MDT_ROLES,
  MDT_ROLE_LABELS,
} from './domain/entries.ts';
import type { ReadContext } from './domain/form-reading.ts';
import { MAX_STEPS, postedStepCount } from './domain/journey.ts';
import type { WrittenKind } from './domain/kind-forms.ts';
import { REFLECTION_TEMPLATES, TEMPLATE_LABELS, TEMPLATE_PROMPTS } from './domain/reflection.ts';

function textOf(values: FormValues, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value : '';
}

function listOf(values: FormValues, field: string): string[] {
  const value = values[field];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

function settingItems(chosen: string) {
  return [
    { value: '', text: 'Choose a setting' },
    ...CARE_SETTINGS.map((setting) => ({
      value: setting,
      text: CARE_SETTING_LABELS[setting],
      selected: setting === chosen,
    })),
  ];
}

function organisationItems(context: ReadContext, chosen: string) {
  return [
    { value: '', text: 'Not on the list' },
    ...context.organisations.map((organisation) => ({
      value: organisation.id,
      text: organisation.name,
      selected: organisation.id === chosen,
    })),
  ];
}

function roleItems(chosen: readonly string[]) {
  return MDT_ROLES.map((role) => ({ value: role, text: MDT_ROLE_LABELS[role], checked: chosen.includes(role) }));
}

export interface FormPage {
  kind: WrittenKind;
  values: FormValues;
  errors?: FormErrors | undefined;
  context: ReadContext;
  /** The entry being changed, or null for a new one. */
  entryId: string | null;
  revision?: number | undefined;
  /** When a draft kept on the server was loaded into the form. */
  draftSavedAt?: Date | undefined;
}

/** The form page's model for the kind. */
export function formModel(page: FormPage) {
  const { kind, values, context } = page;
  const label = ENTRY_KIND_LABELS[kind];
  const occurred = values.occurredOn;
  const common = {
    kind,
    kindLabel: label,
    action:
      page.entryId === null ? `/portfolio/new/${ENTRY_KIND_SLUGS[kind]}` : `/portfolio/entries/${page.entryId}/edit`,
    entryId: page.entryId,
    draftAction:
      page.entryId === null
        ? `/portfolio/new/${ENTRY_KIND_SLUGS[kind]}/draft`
        : `/portfolio/entries/${page.entryId}/draft`,
    revision: page.revision,
    values,
    occurredOn: typeof occurred === 'object' && occurred !== null ? occurred : datePartsOf(values, 'occurredOn'),
    errors: page.errors,
    draftSavedAt: page.draftSavedAt,
  };
  if (kind === 'patient_journey') {
    const count = postedStepCount(values);
    return {
      ...common,
      mayAddStep: count < MAX_STEPS,
      steps: Array.from({ length: count }, (_, n) => {
        const at = (field: string) => `steps-${String(n)}-${field}`;
        return {
          n,
          number: n + 1,
          id: (field: string) => at(field),
          setting: settingItems(textOf(values, at('setting'))),
          organisation: organisationItems(context, textOf(values, at('organisationId'))),
          place: textOf(values, at('place')),
          day: textOf(values, at('day')),
          involved: roleItems(listOf(values, at('involved'))),
          happened: textOf(values, at('happened')),
          learned: textOf(values, at('learned')),
        };
      }),
    };
  }
  if (kind === 'reflection') {
    const template = textOf(values, 'template');
    return {
      ...common,
      templates: REFLECTION_TEMPLATES.map((value) => ({
        value,
        text: TEMPLATE_LABELS[value],
        hint: { text: TEMPLATE_PROMPTS[value].map((prompt) => prompt.label).join(' · ') },
        checked: value === template,
      })),
      prompts: REFLECTION_TEMPLATES.map((value) => ({
        template: value,
        label: TEMPLATE_LABELS[value],
        shown: value === template,
        prompts: TEMPLATE_PROMPTS[value].map((prompt) => ({
          ...prompt,
          field: `answer-${prompt.key}`,
          value: textOf(values, `answer-${prompt.key}`),
        })),
      })),
      private: textOf(values, 'private') === 'yes',
    };
  }
  return {
    ...common,
    setting: settingItems(textOf(values, 'setting')),
    organisation: organisationItems(context, textOf(values, 'organisationId')),
    attendees: roleItems(listOf(values, 'attendees')),
  };
}

/** A stored entry's values for its form, with its date in the three boxes. */
export function storedValues(values: Record<string, unknown>, occurredOn: string): FormValues {
  return { ...values, occurredOn: dateParts(occurredOn) };
}
