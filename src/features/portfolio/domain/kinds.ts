/**
 * The kinds of portfolio entry. Kept apart from the rules that use them so the schema, the forms and the domain
 * modules share one list: a new kind is added here and the compiler then points at every place that must know it.
 */

export const ENTRY_KINDS = [
  'patient_journey',
  'reflection',
  'mdt_meeting',
  'sle',
  'msf',
  'supervisor_meeting',
] as const;

export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Names for pages, in sentence case as the NHS style asks. */
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  patient_journey: 'Patient journey',
  reflection: 'Reflection',
  mdt_meeting: 'MDT meeting',
  sle: 'Supervised learning event',
  msf: 'Multi-source feedback',
  supervisor_meeting: 'Supervisor meeting',
};

export function isEntryKind(value: string): value is EntryKind {
  return (ENTRY_KINDS as readonly string[]).includes(value);
}

/**
 * A problem with something a person submitted, for a form's error summary: the same shape as the curriculum's
 * `Problem`, declared here so the portfolio's domain stands alone. Errors block saving; warnings are advice.
 */
export interface Problem {
  /** Where the problem is, as a path into the value checked: 'raters[3].email', 'goals[0].text'. */
  path: string;
  severity: 'error' | 'warning';
  message: string;
}
