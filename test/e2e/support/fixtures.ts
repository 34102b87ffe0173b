import { test as base, expect, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { DEMO_PASSWORD, type DemoAccount } from './demo.ts';

/** The journeys' `test`: Playwright's own (the e2e server raises the sign-in rate limit; see playwright.config.ts). */
export const test = base;

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
    const code =
      options.totpCode !== undefined ? options.totpCode() : (await page.locator('.breadth-secret').innerText()).trim();
    expect(code, 'a 6-digit two-factor code').toMatch(/^\d{6}$/);
    await page.getByLabel('Security code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.waitForLoadState();
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
