import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ChromiumNotFoundError, ensureChromium } from './ensure-chromium.ts';

/**
 * `npm test`: every check the project has, in order, stopping at the first failure.
 *
 *   lint and typecheck (side by side) → unit tests on PGlite → unit tests on PostgreSQL (when TEST_DATABASE_URL
 *   is set) → Chromium (found or installed) → Playwright journeys
 *
 * Each runner prints its own output and summary; this script adds a line per step and a table of durations. Lint
 * and the type check each use one core, so they run at once; their output is held and printed whole as each ends.
 * `npm test -- --keep-going` runs every step even after one fails (still exiting non-zero), to see all problems.
 */

interface StepOutcome {
  ok: boolean;
  detail?: string;
}

interface Step {
  name: string;
  /** Why the step is skipped, or undefined to run it. */
  skip?: () => string | undefined;
  run: () => Promise<StepOutcome>;
  /** Run at the same time as the steps next to it that also say so (their output is held until each ends). */
  alongside?: boolean;
}

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) =>
  path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('error', (error) => resolve({ ok: false, detail: `could not start ${command}: ${error.message}` }));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, detail: signal === null ? `exit code ${String(code)}` : `stopped by ${signal}` });
    });
  });
}

/** As run, but holds the command's output and prints it in one piece when it ends, for steps run side by side. */
function runHeld(command: string, args: string[]): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ ok: false, detail: `could not start ${command}: ${error.message}` }));
    child.on('close', (code, signal) => {
      process.stdout.write(Buffer.concat(chunks));
      if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, detail: signal === null ? `exit code ${String(code)}` : `stopped by ${signal}` });
    });
  });
}

function withoutKeys(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of keys) Reflect.deleteProperty(copy, key);
  return copy;
}

/** A port nothing listens on now, for the app the journeys run against. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let chromiumPath: string | undefined;

/** Test counts from each runner's JSON report, for the closing "N passed, N failed" line. */
const counts = { passed: 0, failed: 0, skipped: 0 };
const reports = mkdtempSync(path.join(os.tmpdir(), 'breadth-test-reports-'));

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function countVitest(file: string): void {
  const report = readJson(file);
  if (report === undefined) return;
  counts.passed += Number(report.numPassedTests ?? 0);
  counts.failed += Number(report.numFailedTests ?? 0);
  counts.skipped += Number(report.numPendingTests ?? 0) + Number(report.numTodoTests ?? 0);
}

function countPlaywright(file: string): void {
  const stats = readJson(file)?.stats as Record<string, unknown> | undefined;
  if (stats === undefined) return;
  counts.passed += Number(stats.expected ?? 0) + Number(stats.flaky ?? 0);
  counts.failed += Number(stats.unexpected ?? 0);
  counts.skipped += Number(stats.skipped ?? 0);
}

async function vitest(name: string, env: NodeJS.ProcessEnv): Promise<StepOutcome> {
  const file = path.join(reports, `vitest-${name}.json`);
  const outcome = await run(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`],
    env,
  );
  countVitest(file);
  return outcome;
}

const steps: Step[] = [
  { name: 'lint', alongside: true, run: () => runHeld(npm, ['run', '--silent', 'lint']) },
  { name: 'typecheck', alongside: true, run: () => runHeld(bin('tsc'), ['--noEmit']) },
  {
    name: 'unit tests (PGlite)',
    run: () => vitest('pglite', withoutKeys(process.env, ['BREADTH_TEST_BACKEND'])),
  },
  {
    name: 'unit tests (PostgreSQL)',
    skip: () => (process.env.TEST_DATABASE_URL ? undefined : 'TEST_DATABASE_URL is not set'),
    run: () => vitest('postgres', { ...process.env, BREADTH_TEST_BACKEND: 'postgres' }),
  },
  {
    name: 'Chromium',
    run: async () => {
      try {
        chromiumPath = await ensureChromium(say);
        return { ok: true, detail: chromiumPath };
      } catch (error) {
        if (error instanceof ChromiumNotFoundError) return { ok: false, detail: error.message };
        throw error;
      }
    },
  },
  {
    name: 'browser journeys (Playwright)',
    run: async () => {
      const env: NodeJS.ProcessEnv = {
        ...withoutKeys(process.env, ['BREADTH_TEST_BACKEND']),
        ...(chromiumPath === undefined ? {} : { CHROMIUM_PATH: chromiumPath }),
        E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
        E2E_OIDC_PORT: process.env.E2E_OIDC_PORT ?? String(await freePort()),
      };
      const file = path.join(reports, 'playwright.json');
      const outcome = await run(bin('playwright'), ['test', '--reporter=list,json'], {
        ...env,
        PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      });
      countPlaywright(file);
      return outcome;
    },
  },
];

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${String(Math.floor(whole / 60))} min ${String(whole % 60)} s`;
}

interface SummaryLine {
  name: string;
  mark: string;
  note: string;
}

const keepGoing = process.argv.includes('--keep-going');

async function main(): Promise<void> {
  const records: SummaryLine[] = [];
  const started = Date.now();
  let failed: string | undefined;

  // Steps in order; neighbouring steps marked `alongside` start together, and the next waits for all of them.
  const batches: Step[][] = [];
  for (const step of steps) {
    const last = batches.at(-1);
    if (step.alongside === true && last?.[0]?.alongside === true) last.push(step);
    else batches.push([step]);
  }

  for (const batch of batches) {
    const outcomes = await Promise.all(
      batch.map(async (step): Promise<SummaryLine> => {
        if (failed !== undefined && !keepGoing) return { name: step.name, mark: '·', note: 'not run' };
        const skipped = step.skip?.();
        if (skipped !== undefined) {
          say(`\n– ${step.name}: skipped (${skipped})`);
          return { name: step.name, mark: '–', note: `skipped: ${skipped}` };
        }
        say(`\n▶ ${step.name}`);
        const stepStarted = Date.now();
        const outcome = await step.run();
        const took = seconds(Date.now() - stepStarted);
        if (outcome.ok) {
          say(`✓ ${step.name} passed in ${took}${outcome.detail ? ` (${outcome.detail})` : ''}`);
          return { name: step.name, mark: '✓', note: took };
        }
        say(`✗ ${step.name} FAILED after ${took}${outcome.detail ? `: ${outcome.detail}` : ''}`);
        return { name: step.name, mark: '✗', note: `${took}, failed` };
      }),
    );
    records.push(...outcomes);
    failed ??= outcomes.find((outcome) => outcome.mark === '✗')?.name;
  }

  const width = Math.max(...records.map((record) => record.name.length));
  say('\nnpm test summary');
  for (const record of records) say(`  ${record.mark} ${record.name.padEnd(width)}  ${record.note}`);
  say(`  total ${seconds(Date.now() - started)}`);
  if (failed !== undefined) {
    say(
      keepGoing
        ? `\nnpm test failed (first failure: "${failed}").`
        : `\nnpm test failed at "${failed}"; the steps after it did not run.`,
    );
    process.exitCode = 1;
  } else {
    say('\nnpm test passed.');
  }
  // Last, alone on its line: the totals of every runner (unit tests on each database and browser journeys).
  say(`Tests: ${String(counts.passed)} passed, ${String(counts.failed)} failed, ${String(counts.skipped)} skipped`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm test could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
