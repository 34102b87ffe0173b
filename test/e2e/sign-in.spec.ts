import { ErrorSummary } from './pages/error-summary.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { SignInPage, signInAsDemo } from './pages/sign-in-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * Sign-in for every role, with and without JavaScript; a wrong password; a forgotten password. The tests are
 * independent (each signs in and out with a session of its own), so they run at once. axe checks each role's home
 * page, and the sign-in and two-factor pages once (with the platform administrator, who is asked for a code).
 */
test.describe.configure({ mode: 'parallel' });

test('the sign-in page lists a demo account for every role, and these journeys cover every role', async ({ page }) => {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  const rows = signInPage.demoAccountRows();
  const emails = (await rows.locator('td').allInnerTexts()).map((text) => text.trim());
  const roles = new Set((await rows.locator('th').allInnerTexts()).map((text) => text.trim()));
  expect(emails).toEqual(expect.arrayContaining(DEMO_ACCOUNTS.map((account) => account.email)));
  expect([...roles].sort(), 'a role with a demo account but no journey here').toEqual(
    DEMO_ACCOUNTS.map((account) => account.role).sort(),
  );
});

for (const account of DEMO_ACCOUNTS) {
  test(`${account.role} signs in, sees their home page and signs out`, async ({ page }) => {
    const header = new Header(page);
    const home = new HomePage(page);
    const checkEveryPage = account.email.startsWith('platform.admin@');
    await signInAsDemo(page, account, { checkAccessibility: checkEveryPage });
    if (!checkEveryPage) await expectNoAxeViolations(page);
    await expect(header.banner).toContainText(account.name);
    await header.signOut();
    await home.goto();
    await expect(home.greeting(account.name)).toHaveCount(0);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  for (const account of DEMO_ACCOUNTS) {
    test(`${account.role} signs in and out`, async ({ page }) => {
      await signInAsDemo(page, account);
      await new Header(page).signOut();
    });
  }
});

test('a wrong password shows the error summary and keeps the email address', async ({ page }) => {
  const account = demoAccount('learner');
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(account.email, `${DEMO_PASSWORD} but wrong`);

  await expect(page).toHaveTitle(/^Error: /);
  const summary = new ErrorSummary(page);
  await summary.expectVisible();
  await expect(summary.link(/Enter a correct email address and password/)).toBeVisible();
  await expect(signInPage.emailAddress).toHaveValue(account.email);
  await expect(signInPage.password).toHaveValue('');
  await expectNoAxeViolations(page);

  // The error summary's link takes the user to the field in question.
  await summary.followFirstLink();
  await expect(signInPage.emailAddress).toBeFocused();
});

test('forgotten password: asking for a reset link says to check email', async ({ page }) => {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.forgottenPassword();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Email address', { exact: true }).fill(demoAccount('learner').email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(demoAccount('learner').email)).toBeVisible();
  await expectNoAxeViolations(page);
});
