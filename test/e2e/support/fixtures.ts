import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { DEMO_PASSWORD, type DemoAccount } from './demo.ts';

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

export interface SignInOptions {
  password?: string;
  /** Run axe on every page of the sign-in (sign-in page, two-factor page, the page it lands on). */
  checkAccessibility?: boolean;
  /** A two-factor code, for accounts whose code the demo does not show (those not created by the demo). */
  totpCode?: () => string;
}

/**
 * Signs in through the pages, as a person would: email address and password, then the two-factor code when asked
 * (read from the demo's hint on the page, or made by `totpCode`). Ends on the page sign-in leads to.
 */
export async function signIn(page: Page, email: string, options: SignInOptions = {}): Promise<void> {
  await page.goto('/auth/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Breadth' })).toBeVisible();
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();

  if (new URL(page.url()).pathname === '/auth/two-factor') {
    await expect(page.getByRole('heading', { level: 1, name: 'Enter your security code' })).toBeVisible();
    if (options.checkAccessibility === true) await expectNoAxeViolations(page);
    // A code works once: when another journey signed in as the same demo account within the same 30 seconds, the
    // page says so and shows the next code, which is tried in turn.
    for (let attempt = 0; attempt < 3; attempt++) {
      const code =
        options.totpCode !== undefined
          ? options.totpCode()
          : (await page.locator('.breadth-secret').innerText()).trim();
      expect(code, 'a 6-digit two-factor code').toMatch(/^\d{6}$/);
      await page.getByLabel('Security code', { exact: true }).fill(code);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.waitForLoadState();
      const used = page.getByText('This code has already been used', { exact: false }).first();
      if (options.totpCode !== undefined || !(await used.isVisible())) break;
    }
  }
  await expect(page, 'sign-in should leave the sign-in pages').not.toHaveURL(/\/auth\/(sign-in|two-factor)(\?|$)/);
}

/** Signs in as a demo account and checks that their home page greets them. */
export async function signInAsDemo(page: Page, account: DemoAccount, options: SignInOptions = {}): Promise<void> {
  await signIn(page, account.email, options);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${account.name}` })).toBeVisible();
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
}

/** Signs out with the header's Sign out button and checks the sign-in page says so. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in/);
  await expect(page.getByText('You have signed out.')).toBeVisible();
}
