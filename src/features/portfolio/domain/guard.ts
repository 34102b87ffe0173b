/**
 * The anonymisation guard as a save sees it: every free-text field of an entry is scanned (identifiers.ts), and each
 * finding becomes a problem at its field that quotes what was found, where and why, so the writer can find it and
 * change it. The text itself is never changed by the guard; only a draft kept on the server has findings taken out
 * (`redactIdentifiers`), so that not even a draft holds what the portfolio must not.
 */
import { detectIdentifiers, type DetectorOptions, type IdentifierFinding, type IdentifierKind } from './identifiers.ts';

/** One free-text field of a form: its name (the form field's id) and the label the writer sees. */
export interface TextField {
  field: string;
  label: string;
  text: string;
}

export interface GuardProblem {
  field: string;
  message: string;
  findings: IdentifierFinding[];
}

export const IDENTIFIER_KIND_LABELS: Record<IdentifierKind, string> = {
  'nhs-number': 'an NHS number',
  'date-of-birth': 'a date of birth',
  postcode: 'a postcode',
  'hospital-number': 'a hospital number',
  phone: 'a phone number',
  email: 'an email address',
  name: 'a name',
};

/** Where in the text a finding is, as a writer would look for it: "at the start", "after ‘admitted with’". */
function whereIn(text: string, finding: IdentifierFinding): string {
  const before = text.slice(0, finding.start).trimEnd();
  if (before === '') return 'at the start';
  const words = before.split(/\s+/).slice(-3).join(' ');
  return `after “${words}”`;
}

function describe(text: string, finding: IdentifierFinding): string {
  return `“${finding.text}” ${whereIn(text, finding)}: ${finding.reason}`;
}

/** The guard's problems with a form's text fields, one per field that holds an identifier; [] when none does. */
export function guardFields(fields: readonly TextField[], options: DetectorOptions = {}): GuardProblem[] {
  const problems: GuardProblem[] = [];
  for (const { field, label, text } of fields) {
    if (text.trim() === '') continue;
    const { findings } = detectIdentifiers(text, options);
    const [first, ...rest] = findings;
    if (first === undefined) continue;
    const more =
      rest.length === 0 ? '' : ` And ${String(rest.length)} more: ${rest.map((f) => `“${f.text}”`).join(', ')}.`;
    problems.push({
      field,
      findings,
      message: `${label} may identify a patient. ${describe(text, first)}${more} Remove it before saving.`,
    });
  }
  return problems;
}

/** The text with each finding replaced by a marker naming what was taken out, for a draft kept on the server. */
export function redactIdentifiers(text: string, options: DetectorOptions = {}): string {
  const { findings } = detectIdentifiers(text, options);
  let result = text;
  for (const finding of [...findings].reverse()) {
    result = `${result.slice(0, finding.start)}[${IDENTIFIER_KIND_LABELS[finding.kind]} removed]${result.slice(finding.end)}`;
  }
  return result;
}
