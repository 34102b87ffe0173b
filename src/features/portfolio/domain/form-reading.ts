/**
 * Reading an entry's posted form: the fields every kind shares (title, the day it is about) and small readers for
 * text, choices and lists, each problem at the field it belongs to. Pure; the routes turn problems into the NHS
 * error summary.
 */
import { readDateInput } from '../../../shared/dates.ts';
import { LONG_TEXT_MAX, TITLE_MAX } from './entries.ts';
import type { TextField } from './guard.ts';

/** A problem with one field of a posted form (the shape of the platform's FieldProblem). */
export interface FormProblem {
  field: string;
  href: string;
  message: string;
}

export type Values = Readonly<Record<string, unknown>>;

/** What every kind's form gives: the common columns and the kind's document. */
export interface EntryForm<D> {
  title: string;
  occurredOn: string;
  document: D;
  /** Only reflections may be private. */
  private: boolean;
}

export type ReadResult<D> = { ok: true; data: EntryForm<D> } | { ok: false; problems: FormProblem[] };

/** What a form may choose from beyond its own fixed lists: the organisations of the learner's region. */
export interface ReadContext {
  organisations: readonly { id: string; name: string }[];
}

/** How a kind's form is read, shown again and scanned; one per kind (journey.ts, reflection.ts, mdt.ts). */
export interface KindForm<D> {
  read: (values: Values, context: ReadContext) => ReadResult<D>;
  /** The stored entry as the form's values, for editing it. */
  values: (entry: EntryForm<D>) => Record<string, unknown>;
  /** Every free-text field with its form field name and label: what the guard scans and the search indexes. */
  texts: (entry: { title: string; document: D }) => TextField[];
}

export function text(values: Values, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value.trim() : '';
}

export function list(values: Values, field: string): string[] {
  const value = values[field];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export class Problems {
  readonly list: FormProblem[] = [];

  add(field: string, message: string, href = `#${field}`): void {
    if (!this.list.some((problem) => problem.field === field)) this.list.push({ field, href, message });
  }

  /** A text field: required (with the message given) or optional, never longer than `max`. */
  text(values: Values, field: string, label: string, options: { required?: string; max?: number } = {}): string {
    const value = text(values, field);
    const max = options.max ?? LONG_TEXT_MAX;
    if (value === '' && options.required !== undefined) this.add(field, options.required);
    else if (value.length > max) {
      this.add(field, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
    }
    return value;
  }

  /** One choice of a fixed list. */
  choice<T extends string>(values: Values, field: string, options: readonly T[], required: string): T {
    const value = text(values, field);
    if (!(options as readonly string[]).includes(value)) {
      this.add(field, required);
      return options[0] as T;
    }
    return value as T;
  }

  /** Checkboxes of a fixed list; unknown values are dropped (a hand-made form cannot add a role). */
  choices<T extends string>(values: Values, field: string, options: readonly T[]): T[] {
    return list(values, field).filter((value): value is T => (options as readonly string[]).includes(value));
  }

  get ok(): boolean {
    return this.list.length === 0;
  }
}

/** The title and the day, which every kind's form asks first. */
export function readCommon(
  problems: Problems,
  values: Values,
  dateLabel: string,
): { title: string; occurredOn: string } {
  const title = problems.text(values, 'title', 'Title', { required: 'Enter a title', max: TITLE_MAX });
  const date = readDateInput(values, 'occurredOn', dateLabel);
  if (!date.ok) problems.add('occurredOn', date.message, '#occurredOn-day');
  return { title, occurredOn: date.ok ? date.date : '' };
}
