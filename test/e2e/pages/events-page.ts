import { expect, type Locator, type Page } from '@playwright/test';

/** The Events page: cards of events for a learner, a filtered table for the programme team and facilitators. */
export class EventsPage {
  readonly heading: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Events' });
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  async createEvent(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create an event' }).click();
  }

  /** Filters the table to past events. */
  async showPast(): Promise<void> {
    await this.page.getByLabel('Show', { exact: true }).selectOption('past');
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }

  /** Opens an event by its title: its first link on the page, or its link in the table. */
  async openEvent(title: string, where: 'first' | 'table' = 'first'): Promise<void> {
    const link =
      where === 'table'
        ? this.page.getByRole('table').getByRole('link', { name: title, exact: true })
        : this.page.getByRole('link', { name: title, exact: true }).first();
    await link.click();
  }
}
