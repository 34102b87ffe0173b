import type { z } from 'zod';
import { RuleError } from '../errors.ts';
import { datePartsOf } from '../../shared/dates.ts';

/** What the NHS error summary and each field's inline error need. */
export interface FormErrors {
  /** For the error summary, in the order the fields appear. */
  list: { text: string; href: string }[];
  /** For each field's errorMessage, by field name. */
  fields: Record<string, { text: string }>;
}

export type FormValues = Record<string, unknown>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: FormValues };

export function emptyErrors(): FormErrors {
  return { list: [], fields: {} };
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.list.length > 0;
}

/** Adds one error for a field (the first error per field wins). */
export function addError(errors: FormErrors, field: string, text: string): FormErrors {
  if (errors.fields[field] === undefined) {
    errors.fields[field] = { text };
    errors.list.push({ text, href: `#${field}` });
  }
  return errors;
}

/**
 * Validates a posted form with a zod schema. On failure it returns the errors in the NHS design system's
 * shape and the values as typed, so that the page can be shown again with nothing lost.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = typeof body === 'object' && body !== null ? { ...(body as FormValues) } : {};
  delete values._csrf;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors = emptyErrors();
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('-') || 'form';
    addError(errors, field, issue.message);
  }
  return { ok: false, errors, values };
}

/** A required text field: trimmed, with the NHS-style message when empty. */
export function trimmed(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** The fields of a posted form, without the CSRF token; {} when nothing was posted. */
export function postedBody(request: { body: unknown }): Record<string, unknown> {
  const value = request.body;
  if (typeof value !== 'object' || value === null) return {};
  const copy = { ...(value as Record<string, unknown>) };
  delete copy._csrf;
  return copy;
}

/** A posted text field, trimmed; '' when it is missing or not text. */
export function postedText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A field that may be posted more than once (checkboxes): its non-empty values. */
export function postedList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/** Both sets of errors, the first's first; a field keeps the first message it was given. */
export function mergeErrors(first: FormErrors, second: FormErrors): FormErrors {
  return {
    list: [...first.list, ...second.list.filter((item) => !first.list.some((seen) => seen.href === item.href))],
    fields: { ...second.fields, ...first.fields },
  };
}

/** A field's problem as a domain reader reports it: the field, where the summary links to, the message. */
export interface FieldProblem {
  field: string;
  href: string;
  message: string;
}

/** A form read by a domain reader rather than a zod schema (one shared with a spreadsheet import, say). */
export type FormReader<T> = (values: FormValues) => { ok: true; data: T } | { ok: false; problems: FieldProblem[] };

/** Problems in the NHS error summary's shape; a field keeps its first. */
export function problemErrors(problems: readonly FieldProblem[]): FormErrors {
  const errors = emptyErrors();
  for (const problem of problems) {
    if (errors.fields[problem.field] !== undefined) continue;
    errors.fields[problem.field] = { text: problem.message };
    errors.list.push({ text: problem.message, href: problem.href });
  }
  return errors;
}

/** One posted form, from validation to the page that follows. */
export interface FormSubmission<T, R> {
  /** How the form is read: its zod schema, or a domain reader of the posted values. */
  schema: z.ZodType<T> | FormReader<T>;
  /**
   * NHS date inputs of the form: their three boxes are kept together for the page (datePartsOf), and a problem
   * with one links to its day box.
   */
  dateFields?: readonly string[];
  /**
   * Problems the schema cannot see (a choice that depends on who is asking), found before anything is written.
   * They are listed before the schema's own, so put such a field first on the page.
   */
  check?: (values: FormValues) => FormErrors | Promise<FormErrors>;
  /** The command: a service call that writes in one transaction with its audit record (and any mail, by the outbox). */
  run: (data: T) => Promise<R>;
  /** What follows success, usually a flash message and a redirect. */
  done: (result: R, data: T) => unknown;
  /**
   * The form again, with what was typed and what is wrong (shown with status 400); `refusedBy` says whether the form
   * itself was not filled in right ('form': the schema or a check) or the command's rules refused it ('rule').
   */
  again: (values: FormValues, errors: FormErrors, refusedBy: 'form' | 'rule') => unknown;
  /** The field a rule's refusal belongs to when it names none. */
  ruleField: string;
}

function readWith<T>(schema: z.ZodType<T> | FormReader<T>, body: unknown): FormResult<T> {
  if (typeof schema !== 'function') return parseForm(schema, body);
  const values = postedBody({ body });
  const read = schema(values);
  return read.ok ? read : { ok: false, errors: problemErrors(read.problems), values };
}

/**
 * The request path every form handler shares: validate with the form's schema and any checks → run the command →
 * follow on; a RuleError from the command (the service's own rules, checked on what it loaded) shows the form again
 * with the typed values kept, as a schema error would. Other errors are not the user's to fix and go to the error page.
 */
export async function submitForm<T, R>(body: unknown, submission: FormSubmission<T, R>): Promise<unknown> {
  const form = readWith(submission.schema, body);
  const posted = postedBody({ body });
  const dateFields = submission.dateFields ?? [];
  const kept: FormValues = { ...posted };
  for (const field of dateFields) kept[field] = datePartsOf(posted, field);
  const extra = submission.check === undefined ? emptyErrors() : await submission.check(posted);
  if (!form.ok || hasErrors(extra)) {
    return submission.again(kept, form.ok ? extra : mergeErrors(extra, form.errors), 'form');
  }
  let result: R;
  try {
    result = await submission.run(form.data);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    const field = error.field ?? submission.ruleField;
    const href = dateFields.includes(field) ? `#${field}-day` : `#${field}`;
    return submission.again(kept, problemErrors([{ field, href, message: error.message }]), 'rule');
  }
  return submission.done(result, form.data);
}
