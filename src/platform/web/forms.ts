import type { z } from 'zod';

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
