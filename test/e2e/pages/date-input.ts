import type { Locator, Page } from '@playwright/test';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** One NHS date input: a fieldset of Day, Month and Year boxes, found by its legend. */
export class DateInput {
  readonly group: Locator;

  constructor(page: Page, legend: string) {
    this.group = page.getByRole('group', { name: legend, exact: true });
  }

  async fill(date: DateParts): Promise<void> {
    await this.group.getByLabel('Day', { exact: true }).fill(date.day);
    await this.group.getByLabel('Month', { exact: true }).fill(date.month);
    await this.group.getByLabel('Year', { exact: true }).fill(date.year);
  }
}
