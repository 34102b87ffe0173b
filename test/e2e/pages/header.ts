import type { Locator, Page } from '@playwright/test';
import { SignInPage } from './sign-in-page.ts';

/** The header every signed-in page shares: the person's name, the menu and the Sign out button. */
export class Header {
  readonly banner: Locator;

  constructor(private readonly page: Page) {
    this.banner = page.getByRole('banner');
  }

  /** Follows a link of the header's menu. */
  async openMenu(name: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name }).click();
  }

  /** Signs out with the Sign out button and checks the sign-in page says so. */
  async signOut(): Promise<void> {
    await this.banner.getByRole('button', { name: 'Sign out' }).click();
    await new SignInPage(this.page).expectSignedOut();
  }
}
