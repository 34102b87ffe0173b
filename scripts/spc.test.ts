import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const directory = mkdtempSync(path.join(os.tmpdir(), 'breadth-spc-'));
let files = 0;

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as other tools do, on a file holding `content` (a string is written as is). */
function cli(content: unknown): Promise<Outcome> {
  const file = path.join(directory, `input-${String(files++)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/spc.ts', '--input', file],
      { cwd: root },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

const week = (i: number): string => new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10);

/** 8, 12 × 5, 8, 30, then a rebased single point of 5; given last to first. */
const valid = {
  improvement: 'decrease',
  target: 25,
  points: [
    ...[8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 30].map((value, i) => ({ date: week(i), value })),
    {
      date: week(12),
      value: 5,
      rebase: true,
    },
  ].reverse(),
};

describe('npm run spc', () => {
  it.concurrent('prints the points in date order with exactly the documented keys, unrounded', async () => {
    const outcome = await cli(valid);
    expect(outcome.stderr).toBe('');
    expect(outcome.status).toBe(0);
    // Segment 1: mean 11.5; mr ten 4s and 22, which is screened; amr 4; limits 11.5 ∓ 2.66 × 4, the doubles
    // 0.8599999999999994 and 22.14. 30 is above the upper limit: a concern when lower is better. Segment 2 is one
    // point: mean 5, no limits; the target of 25 against no limits is inconsistent.
    const common = { mean: 11.5, lpl: 0.8599999999999994, upl: 22.14, specialCause: null, type: 'common_cause' };
    const expected = {
      points: [
        ...[8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8].map((value, i) => ({ date: week(i), value, ...common })),
        {
          date: week(11),
          value: 30,
          ...common,
          specialCause: 'above-limit',
          type: 'special_cause_concern',
        },
        { date: week(12), value: 5, mean: 5, lpl: null, upl: null, specialCause: null, type: 'common_cause' },
      ],
      assurance: 'inconsistent',
      warnings: [`Segment 2 (from ${week(12)}) has 1 point: its limits are unreliable until it has 12.`],
    };
    expect(outcome.stdout).toBe(JSON.stringify(expected) + '\n');
  });

  it.concurrent('gives assurance from the last point, and no warnings for 12 points or more', async () => {
    // 8, 12 × 6: mean 10, amr 4, limits −0.64 and 20.64 (the doubles −0.6400000000000006 and 20.64); a target of
    // 21 lies above the upper limit, so when higher is better it consistently fails.
    const points = [8, 12, 8, 12, 8, 12, 8, 12, 8, 12, 8, 12].map((value, i) => ({ date: week(i), value }));
    const outcome = await cli({ improvement: 'increase', target: 21, points });
    expect(outcome.status).toBe(0);
    const output = JSON.parse(outcome.stdout) as { points: Record<string, unknown>[]; assurance: string };
    expect(Object.keys(output)).toEqual(['points', 'assurance', 'warnings']);
    expect(Object.keys(output.points[0] ?? {})).toEqual([
      'date',
      'value',
      'mean',
      'lpl',
      'upl',
      'specialCause',
      'type',
    ]);
    expect(output.points[0]).toMatchObject({ mean: 10, lpl: -0.6400000000000006, upl: 20.64 });
    expect(output).toMatchObject({ assurance: 'consistent_fail', warnings: [] });
  });

  const point = { date: '2025-01-06', value: 1 };
  const bad: [string, unknown, RegExp][] = [
    ['text that is not JSON', '{ "improvement": ', /^spc: malformed JSON in /],
    ['no points', { improvement: 'increase', points: [] }, /^spc: no points/],
    [
      'a value that is not a number',
      { improvement: 'increase', points: [{ date: '2025-01-06', value: 'twelve' }] },
      /^spc: the point of 2025-01-06 has value "twelve", which is not a number$/,
    ],
    [
      'a duplicate date',
      { improvement: 'increase', points: [point, { ...point, value: 2 }] },
      /^spc: the date 2025-01-06 appears more than once$/,
    ],
    [
      'an unknown improvement direction',
      { improvement: 'higher', points: [point] },
      /^spc: unknown improvement direction "higher": give one of increase, decrease, neutral$/,
    ],
    [
      'a date that is not a day',
      { improvement: 'increase', points: [{ date: '2025-13-01', value: 1 }] },
      /^spc: point 1 has date "2025-13-01"/,
    ],
    ['a bad fixAfter', { improvement: 'increase', points: [point], fixAfter: -3 }, /^spc: fixAfter -3 is not/],
  ];
  for (const [problem, input, message] of bad) {
    it.concurrent(`exits 2 with one line naming ${problem}, and prints nothing on standard output`, async () => {
      const outcome = await cli(input);
      expect(outcome.status).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.trimEnd()).toMatch(message);
      expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});
