import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A page that asks the person to confirm something before it is done (publishing, cancelling, unlinking): a heading
 * that asks, and a button that does it.
 */
export class ConfirmationPage {
  constructor(private readonly page: Page) {}

  /** The heading that asks. */
  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }

  async expectOpen(heading: string | RegExp): Promise<void> {
    await expect(this.heading(heading)).toBeVisible();
  }

  /** Presses the button that does it: a string is its whole name, a pattern part of it. */
  async confirm(button: string | RegExp): Promise<void> {
    await this.page.getByRole('button', { name: button, exact: typeof button === 'string' }).click();
  }
}
