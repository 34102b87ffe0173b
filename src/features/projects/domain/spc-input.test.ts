import { describe, expect, it } from 'vitest';
import { readSpcInput, SpcInputError } from './spc-input.ts';

const points = [
  { date: '2025-01-13', value: 12.5 },
  { date: '2025-01-06', value: 10, rebase: false },
  { date: '2025-01-20', value: 11, rebase: true },
];

function problem(json: unknown): string {
  try {
    readSpcInput(json);
  } catch (error) {
    expect(error).toBeInstanceOf(SpcInputError);
    return (error as Error).message;
  }
  throw new Error('expected a SpcInputError');
}

describe('readSpcInput', () => {
  it('reads the points as given and the options, leaving out what is absent', () => {
    expect(readSpcInput({ improvement: 'increase', points })).toEqual({
      points: [
        { date: '2025-01-13', value: 12.5 },
        { date: '2025-01-06', value: 10, rebase: false },
        { date: '2025-01-20', value: 11, rebase: true },
      ],
      options: { improvement: 'increase' },
    });
  });

  it('reads every option', () => {
    expect(
      readSpcInput({ improvement: 'decrease', points, fixAfter: 20, target: 15.5, screenOutliers: false }).options,
    ).toEqual({ improvement: 'decrease', fixAfter: 20, target: 15.5, screenOutliers: false });
    expect(readSpcInput({ improvement: 'neutral', points, fixAfter: null, target: null }).options).toEqual({
      improvement: 'neutral',
    });
  });

  it('ignores fields it does not know, such as a note', () => {
    expect(
      readSpcInput({ improvement: 'increase', points: [{ date: '2025-01-06', value: 1, note: 'audit' }] }).points,
    ).toEqual([{ date: '2025-01-06', value: 1 }]);
  });

  const cases: [string, unknown, string][] = [
    ['not an object', [1, 2], 'the input must be an object with "improvement" and "points", not [1,2]'],
    ['null', null, 'the input must be an object with "improvement" and "points", not null'],
    ['no points', { improvement: 'increase' }, 'no points: give "points" as a list of { "date", "value" }'],
    [
      'empty points',
      { improvement: 'increase', points: [] },
      'no points: give "points" as a list of { "date", "value" }',
    ],
    ['points not a list', { improvement: 'increase', points: {} }, '"points" must be a list, not {}'],
    [
      'a point not an object',
      { improvement: 'increase', points: [5] },
      'point 1 is not an object with a date and a value',
    ],
    ['a point with no date', { improvement: 'increase', points: [{ value: 1 }] }, 'point 1 has no date'],
    [
      'a date that is not a day',
      { improvement: 'increase', points: [points[0], { date: '2025-02-30', value: 1 }] },
      'point 2 has date "2025-02-30", which is not a real day written YYYY-MM-DD',
    ],
    [
      'a date in another format',
      { improvement: 'increase', points: [{ date: '06/01/2025', value: 1 }] },
      'point 1 has date "06/01/2025", which is not a real day written YYYY-MM-DD',
    ],
    [
      'a number for a date',
      { improvement: 'increase', points: [{ date: 20250106, value: 1 }] },
      'point 1 has date 20250106, which is not a real day written YYYY-MM-DD',
    ],
    [
      'a value that is text',
      { improvement: 'increase', points: [{ date: '2025-01-06', value: '12.5' }] },
      'the point of 2025-01-06 has value "12.5", which is not a number',
    ],
    [
      'a missing value',
      { improvement: 'increase', points: [{ date: '2025-01-06' }] },
      'the point of 2025-01-06 has no value',
    ],
    [
      'a null value',
      { improvement: 'increase', points: [{ date: '2025-01-06', value: null }] },
      'the point of 2025-01-06 has value null, which is not a number',
    ],
    [
      'a duplicate date',
      { improvement: 'increase', points: [...points, { date: '2025-01-13', value: 3 }] },
      'the date 2025-01-13 appears more than once',
    ],
    [
      'a rebase that is not a boolean',
      { improvement: 'increase', points: [{ date: '2025-01-06', value: 1, rebase: 'yes' }] },
      'the point of 2025-01-06 has rebase "yes", which is not true or false',
    ],
    ['no improvement', { points }, 'no improvement direction: give one of increase, decrease, neutral'],
    [
      'an unknown improvement',
      { improvement: 'up', points },
      'unknown improvement direction "up": give one of increase, decrease, neutral',
    ],
    ['fixAfter of 0', { improvement: 'increase', points, fixAfter: 0 }, 'fixAfter 0 is not a positive whole number'],
    [
      'fixAfter of 2.5',
      { improvement: 'increase', points, fixAfter: 2.5 },
      'fixAfter 2.5 is not a positive whole number',
    ],
    [
      'fixAfter as text',
      { improvement: 'increase', points, fixAfter: '20' },
      'fixAfter "20" is not a positive whole number',
    ],
    ['a target as text', { improvement: 'increase', points, target: '15' }, 'target "15" is not a number'],
    [
      'screenOutliers as text',
      { improvement: 'increase', points, screenOutliers: 'no' },
      'screenOutliers "no" is not true or false',
    ],
  ];

  it.each(cases)('names the problem with %s', (_, json, message) => {
    expect(problem(json)).toBe(message);
  });

  it('refuses values and targets that are not finite, which a caller other than JSON could give', () => {
    expect(problem({ improvement: 'increase', points: [{ date: '2025-01-06', value: Number.NaN }] })).toBe(
      'the point of 2025-01-06 has value NaN, which is not a number',
    );
    expect(problem({ improvement: 'increase', points, target: Number.POSITIVE_INFINITY })).toBe(
      'target Infinity is not a number',
    );
  });

  it('cuts a long value short in a message', () => {
    const message = problem({ improvement: 'x'.repeat(100), points });
    expect(message).toBe(
      `unknown improvement direction "${'x'.repeat(36)}...: give one of increase, decrease, neutral`,
    );
  });
});
