import type { Locator, Page } from '@playwright/test';

/** The NHS summary lists of a page (key and value rows). */
export class SummaryList {
  constructor(private readonly page: Page) {}

  /** A row, by its key (the whole key, not part of it). */
  row(key: string): Locator {
    return this.page
      .locator('.nhsuk-summary-list__row')
      .filter({ has: this.page.locator('.nhsuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
  }
}
