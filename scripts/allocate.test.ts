import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const directory = mkdtempSync(path.join(os.tmpdir(), 'breadth-allocate-'));
let files = 0;

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as other tools do, on a file holding `content` (a string is written as is). */
function cli(content: unknown): Promise<Outcome> {
  const file = path.join(directory, `input-${files++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/allocate.ts', '--input', file],
      { cwd: root },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

const valid = {
  mechanism: 'serial-dictatorship',
  seed: 42,
  applicants: [
    { id: 'a1', preferences: ['p2', 'p1'], rank: 1 },
    { id: 'a2', preferences: ['p2'] },
  ],
  posts: [
    { id: 'p1', capacity: 2, preferences: ['a2', 'a1'] },
    { id: 'p2', capacity: 1 },
  ],
};

describe('npm run allocate', () => {
  it.concurrent('prints the assignments and statistics in the documented shape', async () => {
    const outcome = await cli(valid);
    expect(outcome.stderr).toBe('');
    expect(outcome.status).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({
      assignments: { a1: 'p2', a2: null },
      stats: { applicants: 2, assigned: 1, byChoice: [1, 0] },
    });
  });

  it.concurrent('runs deferred acceptance with post preferences', async () => {
    const outcome = await cli({ ...valid, mechanism: 'deferred-acceptance' });
    expect(outcome.status).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({
      assignments: { a1: 'p2', a2: null },
      stats: { applicants: 2, assigned: 1, byChoice: [1, 0] },
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ['malformed JSON', '{ "mechanism": ', /malformed JSON/],
    [
      'a duplicate applicant id',
      { ...valid, applicants: [valid.applicants[0], valid.applicants[0]] },
      /duplicate applicant id "a1"/,
    ],
    ['a duplicate post id', { ...valid, posts: [valid.posts[1], valid.posts[1]] }, /duplicate post id "p2"/],
    [
      'an unknown post id',
      { ...valid, applicants: [{ id: 'a1', preferences: ['p9'] }] },
      /applicant "a1" ranks unknown post "p9"/,
    ],
    [
      'an unknown applicant id',
      { ...valid, posts: [{ id: 'p1', capacity: 1, preferences: ['a9'] }, valid.posts[1]] },
      /post "p1" ranks unknown applicant "a9"/,
    ],
    ['a capacity below 1', { ...valid, posts: [{ id: 'p1', capacity: 0 }, valid.posts[1]] }, /posts\[0\]\.capacity/],
    [
      'a missing field',
      { ...valid, applicants: [{ id: 'a1' }, valid.applicants[1]] },
      /applicants\[0\]\.preferences: missing/,
    ],
    ['a missing seed', { ...valid, seed: undefined }, /seed: missing/],
    ['an unknown mechanism', { ...valid, mechanism: 'lottery' }, /mechanism: /],
  ];
  for (const [problem, input, message] of bad) {
    it.concurrent(`exits 2 with one line naming ${problem}, and prints nothing on standard output`, async () => {
      const outcome = await cli(input);
      expect(outcome.status).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});
