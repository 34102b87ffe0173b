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
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { detectIdentifiers } from '../src/features/portfolio/domain/identifiers.ts';

class UsageError extends Error {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function run(argv: readonly string[]): string {
  let file: string | undefined;
  try {
    file = parseArgs({ args: [...argv], options: { input: { type: 'string' } }, strict: true }).values.input;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (file === undefined) throw new UsageError('usage: check-identifiers --input FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`malformed JSON in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(json)) throw new UsageError(`${file} holds ${describe(json)}, not a list of strings`);
  const items: unknown[] = json;
  const bad = items.findIndex((item) => typeof item !== 'string');
  if (bad !== -1) throw new UsageError(`[${bad}]: ${describe(items[bad])}, not a string`);
  const results = (items as string[]).map((item) => {
    const { blocked, findings } = detectIdentifiers(item);
    return { blocked, findings: findings.map(({ kind, text, start, end }) => ({ kind, text, start, end })) };
  });
  return JSON.stringify(results) + '\n';
}

try {
  process.stdout.write(run(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`check-identifiers: ${error.message.replace(/\s+/g, ' ')}\n`);
  process.exitCode = 2;
}
