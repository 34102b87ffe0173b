import { expect, type Locator, type Page } from '@playwright/test';

/** The page that asks for a two-factor security code after the password (or after single sign-on). */
export class TwoFactorPage {
  static readonly path = '/auth/two-factor';
  readonly heading: Locator;
  /** Said when the code was used already (by another sign-in within the same 30 seconds). */
  readonly alreadyUsed: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Enter your security code' });
    this.alreadyUsed = page.getByText('This code has already been used', { exact: false }).first();
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  /** The code the demo shows on the page for its own accounts (there is no authenticator app in a journey). */
  async shownCode(): Promise<string> {
    return (await this.page.locator('.breadth-secret').innerText()).trim();
  }

  /** Types a code and continues. */
  async enter(code: string): Promise<void> {
    await this.page.getByLabel('Security code', { exact: true }).fill(code);
    await this.page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
}
