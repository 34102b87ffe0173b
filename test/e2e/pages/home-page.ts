import { expect, type Locator, type Page } from '@playwright/test';

/** The home page, which greets the person signed in and lists their tasks. */
export class HomePage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  /** The greeting heading for `name` ("Hello, Dr Jamie Lee"). */
  greeting(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: `Hello, ${name}` });
  }

  async expectGreets(name: string): Promise<void> {
    await expect(this.greeting(name)).toBeVisible();
  }
}
