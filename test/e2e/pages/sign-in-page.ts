import { expect, type Locator, type Page } from '@playwright/test';
import { expectNoAxeViolations } from '../support/axe.ts';
import { DEMO_PASSWORD, type DemoAccount } from '../support/demo.ts';
import { HomePage } from './home-page.ts';
import { TwoFactorPage } from './two-factor-page.ts';

/** The sign-in page: email address and password, the demo accounts' table, and single sign-on's button. */
export class SignInPage {
  static readonly path = '/auth/sign-in';
  readonly heading: Locator;
  readonly emailAddress: Locator;
  readonly password: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Sign in to Breadth' });
    this.emailAddress = page.getByLabel('Email address', { exact: true });
    this.password = page.getByLabel('Password', { exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto(SignInPage.path);
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  /** Fills the email address and password and presses Sign in (what follows is the caller's to check). */
  async signIn(email: string, password: string): Promise<void> {
    await this.emailAddress.fill(email);
    await this.password.fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** The rows of the demo accounts' table (a role heading and an email address each). */
  demoAccountRows(): Locator {
    return this.page.getByRole('table', { name: 'Demo accounts by role' }).locator('tbody tr');
  }

  async forgottenPassword(): Promise<void> {
    await this.page.getByRole('link', { name: 'Forgotten your password?' }).click();
  }

  /** Presses the single sign-on button (labelled with the organisation's name). */
  async signInWithOrganisation(button: string): Promise<void> {
    await this.page.getByRole('button', { name: button }).click();
  }

  /** Where signing out, or a page that needs a session, leaves the person. */
  async expectAt(): Promise<void> {
    await expect(this.page).toHaveURL(/\/auth\/sign-in/);
  }

  async expectSignedOut(): Promise<void> {
    await this.expectAt();
    await expect(this.page.getByText('You have signed out.')).toBeVisible();
  }
}

export interface SignInOptions {
  password?: string;
  /** Run axe on every page of the sign-in (sign-in page, two-factor page, the page it lands on). */
  checkAccessibility?: boolean;
  /** A two-factor code, for accounts whose code the demo does not show (those not created by the demo). */
  totpCode?: () => string;
}

/**
 * Signs in through the pages, as a person would: email address and password, then the two-factor code when asked
 * (read from the demo's hint on the page, or made by `totpCode`). Ends on the page sign-in leads to.
 */
export async function signIn(page: Page, email: string, options: SignInOptions = {}): Promise<void> {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.expectOpen();
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
  await signInPage.signIn(email, options.password ?? DEMO_PASSWORD);
  await page.waitForLoadState();

  if (new URL(page.url()).pathname === TwoFactorPage.path) {
    const twoFactor = new TwoFactorPage(page);
    await twoFactor.expectOpen();
    if (options.checkAccessibility === true) await expectNoAxeViolations(page);
    if (options.totpCode === undefined) await twoFactor.enterShownCode();
    else await twoFactor.enter(options.totpCode());
  }
  await expect(page, 'sign-in should leave the sign-in pages').not.toHaveURL(/\/auth\/(sign-in|two-factor)(\?|$)/);
}

/** Signs in as a demo account and checks that their home page greets them. */
export async function signInAsDemo(page: Page, account: DemoAccount, options: SignInOptions = {}): Promise<void> {
  await signIn(page, account.email, options);
  await expect(page).toHaveURL(/\/$/);
  await new HomePage(page).expectGreets(account.name);
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
}
