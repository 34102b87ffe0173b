/**
 * What the JSON command lines share (`allocate`, `check-identifiers`, and the SPC and other checks to come): read
 * `--input FILE`, parse it as JSON, hand it to the command, print what it returns on standard output. Any problem with
 * the input (no --input, an unknown option, a file that cannot be read, text that is not JSON, or whatever the command
 * throws as a UsageError) exits with status 2 and one line on standard error, `name: problem`, with nothing printed
 * on standard output.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** A problem with the input, told to the person in one line. */
export class UsageError extends Error {}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The JSON in the file named by `--input`; a UsageError for anything in the way. */
export function readJsonInput(name: string, argv: readonly string[]): { file: string; json: unknown } {
  let file: string | undefined;
  try {
    file = parseArgs({ args: [...argv], options: { input: { type: 'string' } }, strict: true }).values.input;
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (file === undefined) throw new UsageError(`usage: ${name} --input FILE`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${messageOf(error)}`);
  }
  try {
    return { file, json: JSON.parse(text) as unknown };
  } catch (error) {
    throw new UsageError(`malformed JSON in ${file}: ${messageOf(error)}`);
  }
}

/**
 * Runs a JSON command line: `run` gets the parsed input and returns the value to print as JSON. Errors that are the
 * input's fault (UsageError, or any class in `inputErrors`) exit 2 with one line; anything else is a bug and throws.
 */
export function runJsonCommand(
  name: string,
  run: (json: unknown, file: string) => unknown,
  inputErrors: readonly (new (...args: never[]) => Error)[] = [],
): void {
  try {
    const { file, json } = readJsonInput(name, process.argv.slice(2));
    process.stdout.write(JSON.stringify(run(json, file)) + '\n');
  } catch (error) {
    const known = error instanceof UsageError || inputErrors.some((kind) => error instanceof kind);
    if (!known || !(error instanceof Error)) throw error;
    process.stderr.write(`${name}: ${error.message.replace(/\s+/g, ' ')}\n`);
    process.exitCode = 2;
  }
}
