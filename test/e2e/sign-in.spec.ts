import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccount } from './support/demo.ts';
import { expect, signInAsDemo, signOut, test } from './support/fixtures.ts';

/**
 * Sign-in for every role, with and without JavaScript; a wrong password; a forgotten password. The tests are
 * independent (each signs in and out with a session of its own), so they run at once. axe checks each role's home
 * page, and the sign-in and two-factor pages once (with the platform administrator, who is asked for a code).
 */
test.describe.configure({ mode: 'parallel' });

test('the sign-in page lists a demo account for every role, and these journeys cover every role', async ({ page }) => {
  await page.goto('/auth/sign-in');
  const rows = page.getByRole('table', { name: 'Demo accounts by role' }).locator('tbody tr');
  const emails = (await rows.locator('td').allInnerTexts()).map((text) => text.trim());
  const roles = new Set((await rows.locator('th').allInnerTexts()).map((text) => text.trim()));
  expect(emails).toEqual(expect.arrayContaining(DEMO_ACCOUNTS.map((account) => account.email)));
  expect([...roles].sort(), 'a role with a demo account but no journey here').toEqual(
    DEMO_ACCOUNTS.map((account) => account.role).sort(),
  );
});

for (const account of DEMO_ACCOUNTS) {
  test(`${account.role} signs in, sees their home page and signs out`, async ({ page }) => {
    const checkEveryPage = account.email.startsWith('platform.admin@');
    await signInAsDemo(page, account, { checkAccessibility: checkEveryPage });
    if (!checkEveryPage) await expectNoAxeViolations(page);
    await expect(page.getByRole('banner')).toContainText(account.name);
    await signOut(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: `Hello, ${account.name}` })).toHaveCount(0);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const account of DEMO_ACCOUNTS) {
    test(`${account.role} signs in and out`, async ({ page }) => {
      await signInAsDemo(page, account);
      await signOut(page);
    });
  }
});

test('a wrong password shows the error summary and keeps the email address', async ({ page }) => {
  const account = demoAccount('learner');
  await page.goto('/auth/sign-in');
  await page.getByLabel('Email address', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(`${DEMO_PASSWORD} but wrong`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: /Enter a correct email address and password/ })).toBeVisible();
  await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(account.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expectNoAxeViolations(page);

  // The error summary's link takes the user to the field in question.
  await summary.getByRole('link').first().click();
  await expect(page.getByLabel('Email address', { exact: true })).toBeFocused();
});

test('forgotten password: asking for a reset link says to check email', async ({ page }) => {
  await page.goto('/auth/sign-in');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Email address', { exact: true }).fill(demoAccount('learner').email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(demoAccount('learner').email)).toBeVisible();
  await expectNoAxeViolations(page);
});
