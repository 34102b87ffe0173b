import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const directory = mkdtempSync(path.join(os.tmpdir(), 'breadth-check-identifiers-'));
let files = 0;

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as other tools do, with the given arguments. */
function cliWith(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/check-identifiers.ts', ...args],
      { cwd: root },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI on a file holding `content` (a string is written as is). */
function cli(content: unknown): Promise<Outcome> {
  const file = path.join(directory, `input-${files++}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return cliWith(['--input', file]);
}

describe('npm run check-identifiers', () => {
  it.concurrent('prints one result per string, in order, with only kind, text, start and end in findings', async () => {
    const texts = [
      'NHS number 943 476 5919; Mrs Quillfeather, DOB 12/03/1954, at IP4 5PD.',
      'CRP 145, amoxicillin 500 mg tds, seen on 12/03/2024 by the Dr on call.',
      '',
      '👩‍⚕️ rang 07700 900123 and wrote to jo@example.com; hospital number RM12345',
    ];
    const outcome = await cli(texts);
    expect(outcome.stderr).toBe('');
    expect(outcome.status).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual([
      {
        blocked: true,
        findings: [
          { kind: 'nhs-number', text: '943 476 5919', start: 11, end: 23 },
          { kind: 'name', text: 'Mrs Quillfeather', start: 25, end: 41 },
          { kind: 'date-of-birth', text: '12/03/1954', start: 47, end: 57 },
          { kind: 'postcode', text: 'IP4 5PD', start: 62, end: 69 },
        ],
      },
      { blocked: false, findings: [] },
      { blocked: false, findings: [] },
      {
        blocked: true,
        findings: [
          { kind: 'phone', text: '07700 900123', start: 11, end: 23 },
          { kind: 'email', text: 'jo@example.com', start: 37, end: 51 },
          { kind: 'hospital-number', text: 'RM12345', start: 69, end: 76 },
        ],
      },
    ]);
    // Offsets are UTF-16 code units: the emoji before the phone number counts for five.
    const results = JSON.parse(outcome.stdout) as { findings: { text: string; start: number; end: number }[] }[];
    results.forEach((result, i) => {
      for (const f of result.findings) expect(texts[i]!.slice(f.start, f.end)).toBe(f.text);
    });
  });

  it.concurrent('prints an empty list for an empty list', async () => {
    const outcome = await cli([]);
    expect(outcome.status).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual([]);
  });

  const bad: [string, () => Promise<Outcome>, RegExp][] = [
    ['no --input', () => cliWith([]), /usage: check-identifiers --input FILE/],
    ['--input without a file', () => cliWith(['--input']), /--input/],
    ['an unknown option', () => cliWith(['--input', 'x.json', '--verbose']), /--verbose/],
    [
      'an unreadable file',
      () => cliWith(['--input', path.join(directory, 'missing.json')]),
      /cannot read .*missing\.json/,
    ],
    ['malformed JSON', () => cli('["Mrs Smith", '), /malformed JSON/],
    ['an object', () => cli({ texts: ['Mrs Smith'] }), /holds an object, not a list of strings/],
    ['a string', () => cli('"Mrs Smith"'), /holds a string, not a list of strings/],
    ['null', () => cli('null'), /holds null, not a list of strings/],
    ['a number in the list', () => cli(['Mrs Smith', 42]), /\[1\]: a number, not a string/],
    ['a list in the list', () => cli([['Mrs Smith']]), /\[0\]: a list, not a string/],
  ];
  for (const [problem, run, message] of bad) {
    it.concurrent(`exits 2 with one line naming ${problem}, and prints nothing on standard output`, async () => {
      const outcome = await run();
      expect(outcome.status).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr).toMatch(message);
      expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(outcome.stderr.endsWith('\n')).toBe(true);
    });
  }
});
