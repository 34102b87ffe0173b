/**
 * GMC reference numbers are 7 digits. People often type them with spaces or copy a "GMC 1234567" label, so
 * the form accepts those and stores only the digits.
 */
export function normaliseGmcNumber(value: string): string {
  return value.replace(/^\s*gmc\s*(no\.?|number)?\s*:?/i, '').replace(/[\s-]/g, '');
}

export function isValidGmcNumber(value: string): boolean {
  return /^\d{7}$/.test(value);
}

/** The message to show beside the field, or null when the number is acceptable. */
export function gmcNumberProblem(value: string): string | null {
  const digits = normaliseGmcNumber(value);
  if (digits === '') return 'Enter a GMC number';
  if (!/^\d+$/.test(digits)) return 'GMC number must only include numbers 0 to 9';
  if (digits.length !== 7) return 'GMC number must be 7 digits';
  return null;
}
