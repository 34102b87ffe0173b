import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/**
 * Where the setup project (test/e2e/sign-in-once.setup.ts) keeps each demo account's signed-in browser state, in the
 * run's data directory (playwright.config.ts), so journeys that are not about signing in start signed in.
 */
export function sessionFile(email: string): string {
  const dataDir = process.env.BREADTH_E2E_DATA_DIR;
  if (dataDir === undefined) throw new Error('Run the journeys with `npx playwright test` (playwright.config.ts)');
  return path.join(dataDir, 'sessions', `${email}.json`);
}

export interface JourneyOptions {
  /**
   * The demo account whose saved session the test's `page` starts with (its email address); none by default. The
   * session is shared by every journey signed in as that account, so a journey that signs out signs in itself.
   */
  signedInAs: string | undefined;
  /** Another browser signed in as a demo account, for journeys where two people take turns; closed after the test. */
  pageAs: (email: string) => Promise<Page>;
}

/** The journeys' `test`: Playwright's own, with the saved sessions (the e2e server raises the sign-in rate limit). */
export const test = base.extend<JourneyOptions>({
  signedInAs: [undefined, { option: true }],
  storageState: async ({ signedInAs }, use) => {
    await use(signedInAs === undefined ? undefined : sessionFile(signedInAs));
  },
  pageAs: async ({ browser, baseURL, locale, timezoneId, javaScriptEnabled }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (email) => {
      const context = await browser.newContext({
        baseURL,
        locale,
        timezoneId,
        javaScriptEnabled,
        storageState: sessionFile(email),
      });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
