import type { Page } from '@playwright/test';

/** A row of the page's summary list, by its key. */
export function summaryRow(page: Page, key: string) {
  return page
    .locator('.nhsuk-summary-list__row')
    .filter({ has: page.locator('.nhsuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
}

/** Follows a link of the header's menu. */
export async function openMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name }).click();
}
