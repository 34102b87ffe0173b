/**
 * Whether a database error (or one it wraps: Drizzle puts the driver's error in `cause`) is a unique-constraint
 * violation, SQLSTATE 23505. Services use it when two people save the same unique value at the same moment,
 * after their own check found none.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error; typeof current === 'object' && current !== null;) {
    if ('code' in current && current.code === '23505') return true;
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}
