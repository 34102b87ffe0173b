/**
 * `npm run --silent check-identifiers -- --input FILE`: runs the portfolio's anonymisation guard on each string of a
 * JSON list and prints what it finds.
 *
 * The interface is fixed by the issue (other tools depend on it):
 *   input   a JSON list of strings
 *   output  a JSON list with one item per string, in the same order:
 *           { "blocked": boolean, "findings": [{ "kind", "text", "start", "end" }] }
 *           kind is one of nhs-number, date-of-birth, postcode, hospital-number, phone, email, name; start and end are
 *           UTF-16 offsets into the string, end exclusive. The plain-English reasons the pages show are left out.
 * Bad input (no --input, a file that cannot be read, text that is not JSON, JSON that is not a list of strings) exits
 * with status 2 and one line on standard error naming the problem; nothing is printed on standard output then.
 */
import { detectIdentifiers } from '../src/features/portfolio/domain/identifiers.ts';
import { runJsonCommand, UsageError } from './json-command.ts';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

runJsonCommand('check-identifiers', (json, file) => {
  if (!Array.isArray(json)) throw new UsageError(`${file} holds ${describe(json)}, not a list of strings`);
  const items: unknown[] = json;
  const bad = items.findIndex((item) => typeof item !== 'string');
  if (bad !== -1) throw new UsageError(`[${String(bad)}]: ${describe(items[bad])}, not a string`);
  return (items as string[]).map((item) => {
    const { blocked, findings } = detectIdentifiers(item);
    return { blocked, findings: findings.map(({ kind, text, start, end }) => ({ kind, text, start, end })) };
  });
});
