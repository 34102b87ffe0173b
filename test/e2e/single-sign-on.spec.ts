import type { Page } from '@playwright/test';
import { AccountPage } from './pages/account-page.ts';
import { ConfirmationPage } from './pages/confirmation-page.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { SummaryList } from './pages/summary-list.ts';
import { TwoFactorPage } from './pages/two-factor-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { E2E_OIDC_BUTTON } from './support/oidc.ts';

/**
 * Single sign-on with an organisation account, against a real OpenID Connect provider running beside the app
 * (scripts/oidc-test-provider.ts): the person presses the button, picks who they are on the provider's page, and
 * comes back signed in. Axe checks each page this feature adds or changes, once (not the test provider's page; the
 * home and two-factor pages are checked by sign-in.spec.ts).
 */

async function signInWithOrganisation(
  page: Page,
  name: string,
  options: { multiFactor?: boolean; checkAccessibility?: boolean } = {},
) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.expectOpen();
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
  await signInPage.signInWithOrganisation(E2E_OIDC_BUTTON);
  await expect(page.getByRole('heading', { level: 1, name: 'Test identity provider' })).toBeVisible();
  const choice =
    options.multiFactor === true ? `Sign in as ${name} with multi-factor authentication` : `Sign in as ${name}`;
  await page.getByRole('button', { name: choice, exact: true }).click();
  await page.waitForLoadState();
}

test('a learner signs in with their organisation account, sees it linked, signs in again and unlinks it', async ({
  page,
}) => {
  const learner = demoAccount('learner');
  const home = new HomePage(page);
  const account = new AccountPage(page);
  await signInWithOrganisation(page, learner.name, { checkAccessibility: true });
  await home.expectGreets(learner.name);

  await account.goto();
  await expect(page.getByRole('heading', { level: 2, name: 'Organisation account' })).toBeVisible();
  await expect(new SummaryList(page).row('Email address when linked')).toContainText(learner.email);
  await expectNoAxeViolations(page);
  await new Header(page).signOut();

  // Now found by the provider's subject; the provider remembers the person, so they come straight back in.
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signInWithOrganisation(E2E_OIDC_BUTTON);
  await home.expectGreets(learner.name);

  await account.goto();
  await page.getByRole('link', { name: 'Unlink organisation account' }).click();
  const confirmation = new ConfirmationPage(page);
  await confirmation.expectOpen('Unlink your organisation account');
  await expectNoAxeViolations(page);
  await confirmation.confirm('Unlink organisation account');
  await expect(page.getByText('Your organisation account is unlinked.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Link your organisation account' })).toBeVisible();
});

test('an administrator goes straight in when the provider asserts multi-factor, and is asked for a code when not', async ({
  page,
}) => {
  const admin = demoAccount('platform.admin');
  const home = new HomePage(page);
  await signInWithOrganisation(page, admin.name, { multiFactor: true });
  await home.expectGreets(admin.name);
  await new Header(page).signOut();
  // A new sign-in at the provider too (its session would otherwise remember the multi-factor one).
  await page.context().clearCookies();

  await signInWithOrganisation(page, admin.name);
  const twoFactor = new TwoFactorPage(page);
  await twoFactor.expectOpen();
  await twoFactor.enterShownCode();
  await home.expectGreets(admin.name);
});

test('someone with no Breadth account is told to ask their programme team for an invitation', async ({ page }) => {
  await signInWithOrganisation(page, 'Nell Newcomer');
  await expect(
    page.getByRole('heading', { level: 1, name: 'There is no Breadth account for this email address' }),
  ).toBeVisible();
  await expect(page.getByText('nell.newcomer@nhs.net')).toBeVisible();
  await expect(page.getByText(/Ask them to send you an invitation/)).toBeVisible();
  await expectNoAxeViolations(page);
  await new AccountPage(page).goto();
  await new SignInPage(page).expectAt();
});
