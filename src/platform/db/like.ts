/**
 * Text a person typed, made safe inside a LIKE or ILIKE pattern: their `%`, `_` and `\` match themselves rather than
 * any text, any character or an escape (backslash is PostgreSQL's default LIKE escape).
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** A LIKE or ILIKE pattern matching the typed text literally, anywhere in the value (for searches). */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
