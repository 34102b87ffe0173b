/**
 * `npm run --silent spc -- --input FILE`: the XmR chart of a series, computed as NHS-R's NHSRplotthedots computes it,
 * so that the calculation can be checked against other tools.
 *
 * The interface is fixed by issue 12:
 *   input  { "improvement": "increase" | "decrease" | "neutral", "points": [{ "date", "value", "rebase"? }],
 *            "fixAfter"?, "target"?, "screenOutliers"? }
 *   output { "points": [{ "date", "value", "mean", "lpl", "upl", "specialCause", "type" }], "assurance", "warnings" }
 * Points are printed in date order and numbers unrounded. Bad input exits with status 2 and one line on standard
 * error naming the problem; nothing is printed on standard output then.
 */
import { computeSpc } from '../src/features/projects/domain/spc.ts';
import { readSpcInput, SpcInputError } from '../src/features/projects/domain/spc-input.ts';
import { runJsonCommand } from './json-command.ts';

runJsonCommand(
  'spc',
  (json) => {
    const { points, options } = readSpcInput(json);
    const result = computeSpc(points, options);
    return {
      points: result.points.map(({ date, value, mean, lpl, upl, specialCause, type }) => ({
        date,
        value,
        mean,
        lpl,
        upl,
        specialCause,
        type,
      })),
      assurance: result.assurance,
      warnings: result.warnings,
    };
  },
  [SpcInputError],
);
