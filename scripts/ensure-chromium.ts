import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Finds a Chromium for the Playwright journeys, installing one if the machine has none.
 *
 * Playwright's own browser download is the usual route, but some machines (this project's build machine among
 * them) cannot reach Playwright's download host, while Debian's packages work everywhere Debian's mirrors do. So:
 * an explicit CHROMIUM_PATH, then the system's Chromium, then Playwright's; failing all three, Debian's package (as
 * root on Debian), then `npx playwright install chromium`.
 *
 * Chromium's headless shell comes first: the journeys need no window, and without the full browser's interface and
 * GPU process they take about 40 % less time on a 2-core machine (3 min 27 s against 5 min 47 s when measured).
 *
 * Run on its own (`node --import tsx scripts/ensure-chromium.ts`) it prints the path it found.
 */

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const SYSTEM_PATHS = [HEADLESS_SHELL, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

type Log = (line: string) => void;

async function playwrightChromiumPath(): Promise<string | undefined> {
  try {
    const { chromium } = await import('@playwright/test');
    const found = chromium.executablePath();
    return existsSync(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

async function findInstalled(): Promise<string | undefined> {
  const system = SYSTEM_PATHS.find((candidate) => existsSync(candidate));
  return system ?? (await playwrightChromiumPath());
}

/** Runs a command with its output shown, killing it after the time limit. Resolves true on exit code 0. */
function runWithLimit(command: string, args: string[], timeoutMs: number, log: Log): Promise<boolean> {
  return new Promise((resolve) => {
    log(`$ ${[command, ...args].join(' ')}`);
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const timer = setTimeout(() => {
      log(`${command} took longer than ${String(Math.round(timeoutMs / 60_000))} minutes; stopping it`);
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      log(`${command} could not run: ${error.message}`);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

function isRootOnDebian(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version');
}

async function installWithApt(log: Log): Promise<boolean> {
  const started = Date.now();
  const remaining = () => Math.max(1000, INSTALL_TIMEOUT_MS - (Date.now() - started));
  if (!(await runWithLimit('apt-get', ['update'], remaining(), log))) return false;
  return runWithLimit(
    'apt-get',
    ['install', '-y', '--no-install-recommends', 'chromium-headless-shell'],
    remaining(),
    log,
  );
}

async function installWithPlaywright(log: Log): Promise<boolean> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  return runWithLimit(npx, ['playwright', 'install', 'chromium'], INSTALL_TIMEOUT_MS, log);
}

/** The path of a Chromium executable; installs one when none is found. Throws ChromiumNotFoundError otherwise. */
export async function ensureChromium(log: Log = (line) => process.stdout.write(`${line}\n`)): Promise<string> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (existsSync(explicit)) return explicit;
    throw new ChromiumNotFoundError(`CHROMIUM_PATH is ${explicit}, but there is no file there.`);
  }
  const installed = await findInstalled();
  if (installed !== undefined) return installed;

  log(`No Chromium found (looked at CHROMIUM_PATH, ${SYSTEM_PATHS.join(', ')}, Playwright).`);
  if (isRootOnDebian()) {
    log("Installing Debian's chromium-headless-shell package.");
    if ((await installWithApt(log)) && existsSync(HEADLESS_SHELL)) return HEADLESS_SHELL;
    log("Debian's chromium-headless-shell package could not be installed; trying Playwright's download instead.");
  }
  log("Installing Playwright's Chromium.");
  if (await installWithPlaywright(log)) {
    const downloaded = await playwrightChromiumPath();
    if (downloaded !== undefined) return downloaded;
  }
  throw new ChromiumNotFoundError(
    'No Chromium for the browser tests, and installing one failed. Install it with `sudo apt-get install chromium-headless-shell` ' +
      '(Debian/Ubuntu) or `npx playwright install --with-deps chromium`, or set CHROMIUM_PATH to a Chromium executable.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureChromium((line) => process.stderr.write(`${line}\n`)).then(
    (found) => process.stdout.write(`${found}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
