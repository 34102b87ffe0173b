import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, signOut, test } from './support/fixtures.ts';
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
  await page.goto('/auth/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Breadth' })).toBeVisible();
  if (options.checkAccessibility === true) await expectNoAxeViolations(page);
  await page.getByRole('button', { name: E2E_OIDC_BUTTON }).click();
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
  await signInWithOrganisation(page, learner.name, { checkAccessibility: true });
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${learner.name}` })).toBeVisible();

  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 2, name: 'Organisation account' })).toBeVisible();
  await expect(page.locator('.nhsuk-summary-list__row', { hasText: 'Email address when linked' })).toContainText(
    learner.email,
  );
  await expectNoAxeViolations(page);
  await signOut(page);

  // Now found by the provider's subject; the provider remembers the person, so they come straight back in.
  await page.goto('/auth/sign-in');
  await page.getByRole('button', { name: E2E_OIDC_BUTTON }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${learner.name}` })).toBeVisible();

  await page.goto('/account');
  await page.getByRole('link', { name: 'Unlink organisation account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Unlink your organisation account' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Unlink organisation account' }).click();
  await expect(page.getByText('Your organisation account is unlinked.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Link your organisation account' })).toBeVisible();
});

test('an administrator goes straight in when the provider asserts multi-factor, and is asked for a code when not', async ({
  page,
}) => {
  const admin = demoAccount('platform.admin');
  await signInWithOrganisation(page, admin.name, { multiFactor: true });
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${admin.name}` })).toBeVisible();
  await signOut(page);
  // A new sign-in at the provider too (its session would otherwise remember the multi-factor one).
  await page.context().clearCookies();

  await signInWithOrganisation(page, admin.name);
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your security code' })).toBeVisible();
  const code = (await page.locator('.breadth-secret').innerText()).trim();
  await page.getByLabel('Security code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${admin.name}` })).toBeVisible();
});

test('someone with no Breadth account is told to ask their programme team for an invitation', async ({ page }) => {
  await signInWithOrganisation(page, 'Nell Newcomer');
  await expect(
    page.getByRole('heading', { level: 1, name: 'There is no Breadth account for this email address' }),
  ).toBeVisible();
  await expect(page.getByText('nell.newcomer@nhs.net')).toBeVisible();
  await expect(page.getByText(/Ask them to send you an invitation/)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/auth\/sign-in/);
});
