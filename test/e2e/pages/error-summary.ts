import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The NHS error summary a form shows above itself when something needs fixing ("There is a problem"), one link per
 * message to the field in question.
 */
export class ErrorSummary {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  }

  async expectVisible(): Promise<void> {
    await expect(this.root).toBeVisible();
  }

  /** A message's link, by its text. */
  link(name: string | RegExp): Locator {
    return this.root.getByRole('link', { name });
  }

  /** A message, by its text. */
  message(text: string): Locator {
    return this.root.getByText(text);
  }

  /** Follows the first message's link (to its field). */
  async followFirstLink(): Promise<void> {
    await this.root.getByRole('link').first().click();
  }
}
