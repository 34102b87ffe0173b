import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { TEST_NOW } from './src/testing/now.ts';
import { oidcAppEnvironment, oidcProviderServer } from './test/e2e/support/oidc.ts';

/**
 * Browser journeys against the real server on an empty embedded database: scripts/e2e-server.ts starts the app as
 * `npm start` does (src/server.ts), so the demo region and its demo log-ins are loaded exactly as there, then builds
 * each journey's starting state through the app's services (scripts/e2e-fixtures.ts). The setup project signs in
 * once as each demo account the journeys act as; journeys not about signing in start from those sessions.
 *
 * The server's clock starts at TEST_NOW, the day the route tests run on (BREADTH_CLOCK_START), and runs on at the real
 * pace: the demo, the fixtures and every request happen on that day, and the journeys type dates and compute one-time
 * codes by that clock (test/e2e/support/dates.ts), so no journey depends on today's date. The browser and the single
 * sign-on provider keep the real time: cookies' lifetimes and tokens' times are between them and the server's real
 * time, not the app's clock (src/platform/auth/oidc.ts).
 *
 * `npm test` finds or installs a Chromium and passes it as CHROMIUM_PATH; Playwright's own browser download is
 * not needed. E2E_PORT (default 3100) is the app's port; `npm test` picks a free one.
 */

// `npm test` passes the Chromium it found or installed; `npx playwright test` on its own uses the system's Chromium
// if there is one (its headless shell first, which is much lighter), otherwise Playwright's own (installed with
// `npx playwright install chromium`).
const executablePath =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) =>
    existsSync(file),
  );

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${String(port)}`;
// The test identity provider for single sign-on runs beside the app (test/e2e/single-sign-on.spec.ts).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1000);

// This file is loaded by the runner and again by every worker. Only the runner (which sets the variable for the
// workers it forks) chooses and empties the data directory; a worker must never delete the running server's data.
if (process.env.BREADTH_E2E_DATA_DIR === undefined) {
  process.env.BREADTH_E2E_DATA_DIR = path.join(os.tmpdir(), `breadth-e2e-${String(port)}`);
  rmSync(process.env.BREADTH_E2E_DATA_DIR, { recursive: true, force: true });
}
const dataDir = process.env.BREADTH_E2E_DATA_DIR;

// The web server inherits this process's environment: the journeys always use the embedded database and the
// outbox (no real mail), whatever the shell that runs them has set.
delete process.env.DATABASE_URL;
delete process.env.SMTP_URL;

export default defineConfig({
  testDir: 'test/e2e',
  // Two journey files at a time: the server waits on the embedded database while a browser runs axe, so two
  // workers keep both cores busy. Journeys share the demo database and must not depend on each other's data
  // (each creates what it changes, with unique names, or starts from a fixture of its own) nor on running alone.
  // A file whose tests are independent says so with test.describe.configure({ mode: 'parallel' }).
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: process.env.CI !== undefined,
  // The limit for any one journey: each should take well under half of it on a quiet machine.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  outputDir: 'test-results',
  use: {
    baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'sign in once', testMatch: /\.setup\.ts$/, fullyParallel: true },
    { name: 'chromium', dependencies: ['sign in once'] },
  ],
  // The app, and beside it the identity provider of the single sign-on journey.
  webServer: [
    oidcProviderServer(oidcPort, baseURL),
    {
      command: 'node --import tsx scripts/e2e-server.ts',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      env: {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: baseURL,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'true',
        BREADTH_CLOCK_START: TEST_NOW.toISOString(),
        // Every journey signs in from the same address, far more often than one person would in a minute.
        SIGN_IN_RATE_LIMIT: '1000',
        ...oidcAppEnvironment(oidcPort),
      },
    },
  ],
});
