/**
 * Texts outside the portfolio (change projects, enquiries) never hold what points at one patient: an NHS number, a
 * date of birth or a hospital number, found by the portfolio's detector (identifiers.ts). Those texts rightly name
 * staff, partners, sites and their postcodes and contact details, which that detector would also find, so names after
 * titles, postcodes, phone numbers and email addresses are not looked for here.
 */
import { detectIdentifiers, type IdentifierKind } from './identifiers.ts';

const PATIENT_KINDS: readonly IdentifierKind[] = ['nhs-number', 'date-of-birth', 'hospital-number'];

/**
 * The problem to show at a field whose text may identify a patient, or null when it holds nothing of the kind. It
 * ends by saying what to do: to remove it before saving, unless the form says otherwise (a text that is sent).
 */
export function patientIdentifierProblem(
  label: string,
  text: string,
  whatToDo = 'Remove it before saving.',
): string | null {
  if (text.trim() === '') return null;
  const [first] = detectIdentifiers(text).findings.filter((finding) => PATIENT_KINDS.includes(finding.kind));
  if (first === undefined) return null;
  return `${label} may identify a patient: “${first.text}”. ${first.reason} ${whatToDo}`;
}
