import { expect, type Locator, type Page } from '@playwright/test';
import { serverNow } from '../support/dates.ts';

/** The page that asks for a two-factor security code after the password (or after single sign-on). */
export class TwoFactorPage {
  static readonly path = '/auth/two-factor';
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Enter your security code' });
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

  /**
   * Enters the code the demo shows, until the page lets the person in. A code works once, and only within a step of
   * its own 30-second step: when other journeys signed in as the same demo account meanwhile, the demo shows the
   * next unused code, which may be too far ahead to be accepted yet. Then the journey waits for the next step, as a
   * person with an authenticator app would, and tries the code the page shows then.
   */
  async enterShownCode(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const code = await this.shownCode();
      expect(code, 'a 6-digit two-factor code').toMatch(/^\d{6}$/);
      await this.enter(code);
      await this.page.waitForLoadState();
      if (!(await this.heading.isVisible())) return;
      // Time, not a page state: the server's code steps are 30 seconds of its clock (which is not today's).
      await this.page.waitForTimeout(30_000 - (serverNow().getTime() % 30_000) + 500);
      await this.page.goto(TwoFactorPage.path);
    }
  }
}
