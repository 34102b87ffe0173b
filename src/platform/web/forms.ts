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
