/**
 * Reads the input of an SPC calculation from JSON (the `spc` command line, and any import that hands over the same
 * shape):
 *   { "improvement": "increase" | "decrease" | "neutral",
 *     "points": [{ "date": "2025-01-06", "value": 12.5, "rebase": false }],
 *     "fixAfter": 20, "target": 15, "screenOutliers": true }
 * `fixAfter`, `target` and `screenOutliers` may be left out (or, for the first two, null); points may come in any
 * order. Anything wrong is a SpcInputError whose message names the problem in one short line.
 */
import { dayNumber } from '../../../shared/dates.ts';
import { IMPROVEMENTS, type Improvement, type SpcOptions, type SpcPointInput } from './spc-types.ts';

/** A problem with the input of an SPC calculation, told in one line. */
export class SpcInputError extends Error {
  override name = 'SpcInputError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as a person would recognise it in a message, cut short if long. */
function shown(value: unknown): string {
  // Numbers as JavaScript writes them (NaN, Infinity); anything else from JSON.parse has a JSON text.
  const text = value === undefined ? 'nothing' : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const isImprovement = (value: unknown): value is Improvement =>
  typeof value === 'string' && (IMPROVEMENTS as readonly string[]).includes(value);

function readPoint(raw: unknown, index: number): SpcPointInput {
  const where = `point ${String(index + 1)}`;
  if (!isRecord(raw)) throw new SpcInputError(`${where} is not an object with a date and a value`);
  const { date, value, rebase } = raw;
  if (date === undefined) throw new SpcInputError(`${where} has no date`);
  if (typeof date !== 'string' || dayNumber(date) === null) {
    throw new SpcInputError(`${where} has date ${shown(date)}, which is not a real day written YYYY-MM-DD`);
  }
  const named = `the point of ${date}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpcInputError(
      value === undefined ? `${named} has no value` : `${named} has value ${shown(value)}, which is not a number`,
    );
  }
  if (rebase !== undefined && typeof rebase !== 'boolean') {
    throw new SpcInputError(`${named} has rebase ${shown(rebase)}, which is not true or false`);
  }
  return rebase === undefined ? { date, value } : { date, value, rebase };
}

function readPoints(raw: unknown): SpcPointInput[] {
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    throw new SpcInputError('no points: give "points" as a list of { "date", "value" }');
  }
  if (!Array.isArray(raw)) throw new SpcInputError(`"points" must be a list, not ${shown(raw)}`);
  const seen = new Set<string>();
  return raw.map((item: unknown, index) => {
    const point = readPoint(item, index);
    if (seen.has(point.date)) throw new SpcInputError(`the date ${point.date} appears more than once`);
    seen.add(point.date);
    return point;
  });
}

function readOptions(input: Record<string, unknown>): SpcOptions {
  const { improvement, fixAfter, target, screenOutliers } = input;
  const allowed = IMPROVEMENTS.join(', ');
  if (improvement === undefined) throw new SpcInputError(`no improvement direction: give one of ${allowed}`);
  if (!isImprovement(improvement)) {
    throw new SpcInputError(`unknown improvement direction ${shown(improvement)}: give one of ${allowed}`);
  }
  const options: SpcOptions = { improvement };
  if (fixAfter !== undefined && fixAfter !== null) {
    if (typeof fixAfter !== 'number' || !Number.isInteger(fixAfter) || fixAfter < 1) {
      throw new SpcInputError(`fixAfter ${shown(fixAfter)} is not a positive whole number`);
    }
    options.fixAfter = fixAfter;
  }
  if (target !== undefined && target !== null) {
    if (typeof target !== 'number' || !Number.isFinite(target)) {
      throw new SpcInputError(`target ${shown(target)} is not a number`);
    }
    options.target = target;
  }
  if (screenOutliers !== undefined) {
    if (typeof screenOutliers !== 'boolean') {
      throw new SpcInputError(`screenOutliers ${shown(screenOutliers)} is not true or false`);
    }
    options.screenOutliers = screenOutliers;
  }
  return options;
}

/** The points and options of an SPC calculation, read from parsed JSON; a SpcInputError names the first problem. */
export function readSpcInput(json: unknown): { points: SpcPointInput[]; options: SpcOptions } {
  if (!isRecord(json)) {
    throw new SpcInputError(`the input must be an object with "improvement" and "points", not ${shown(json)}`);
  }
  const points = readPoints(json.points);
  return { points, options: readOptions(json) };
}
