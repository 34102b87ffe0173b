import { expect, type Locator, type Page } from '@playwright/test';

/** The person's account page: two-factor authentication, the organisation account linked for single sign-on. */
export class AccountPage {
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Your account' });
  }

  async goto(): Promise<void> {
    await this.page.goto('/account');
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }
}
