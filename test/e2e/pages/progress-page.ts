import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A learner's progress through the curriculum: "My progress" for the learner, headed with the learner's name for
 * the people around them.
 */
export class ProgressPage {
  constructor(private readonly page: Page) {}

  /** The learner's own progress page. */
  async goto(): Promise<void> {
    await this.page.goto('/progress');
  }

  /** `heading` is "My progress" on the learner's own page, the learner's name on anyone else's. */
  async expectOpen(heading = 'My progress'): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  /** The evidence an attended learning event gives, by the event's title. */
  attendedEvent(title: string): Locator {
    return this.page.getByRole('listitem').filter({ hasText: title }).filter({ hasText: 'Learning event attended' });
  }
}
