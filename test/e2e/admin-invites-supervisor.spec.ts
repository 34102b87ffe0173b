import * as OTPAuth from 'otpauth';
import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, signIn, signInAsDemo, signOut, test } from './support/fixtures.ts';

/**
 * The platform administrator adds a trust and one of its sites, invites an educational supervisor, and the
 * supervisor accepts: follows the emailed link (read in the outbox, as there is no SMTP server), creates a
 * password, signs in, turns on two-factor authentication and signs in again with a code from their app.
 */

const REGION = 'East of England';
const SUPERVISOR_PASSWORD = 'violet quarry saddle ninety';

function totpNow(secret: string): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate();
}

async function selectRegionIfAsked(page: Page): Promise<void> {
  const region = page.getByLabel('Region', { exact: true });
  if ((await region.count()) > 0) await region.selectOption({ label: REGION });
}

async function journey(page: Page, options: { checkAccessibility: boolean; variant: string }): Promise<void> {
  const check = async () => {
    if (options.checkAccessibility) await expectNoAxeViolations(page);
  };
  const unique = `${options.variant} ${Date.now().toString(36)}`;
  const trustName = `Breadth Journey ${unique} NHS Foundation Trust`;
  const siteName = `Journey Hospital ${unique}`;
  const supervisorName = `Dr Journey Supervisor ${unique}`;
  const supervisorEmail = `journey.supervisor.${unique.replace(/\s+/g, '.')}@example.nhs.uk`.toLowerCase();

  // The platform administrator signs in.
  await signInAsDemo(page, demoAccount('platform.admin'), { checkAccessibility: options.checkAccessibility });

  // Adds a trust.
  await page.goto('/organisations/new');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await check();
  await selectRegionIfAsked(page);
  await page.getByLabel('Organisation name', { exact: true }).fill(trustName);
  await page
    .getByRole('group', { name: 'What kind of organisation is it?' })
    .getByLabel('Acute trust', { exact: true })
    .check();
  await page.getByRole('group', { name: 'Is it part of the NHS?' }).getByLabel('Yes', { exact: true }).check();
  await page
    .getByRole('group', { name: /Are learners placed with this organisation\?/ })
    .getByLabel('Yes', { exact: true })
    .check();
  await page.locator('main form').getByRole('button').first().click();
  await expect(page).toHaveURL(/\/organisations\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`${trustName} has been added.`)).toBeVisible();
  await check();
  const organisationPath = new URL(page.url()).pathname;

  // Adds one of its sites.
  await page.goto(`${organisationPath}/sites/new`);
  await expect(page.getByRole('heading', { level: 1, name: 'Add a site' })).toBeVisible();
  await check();
  await page.getByLabel('Site name', { exact: true }).fill(siteName);
  await page.getByLabel('Address line 1', { exact: true }).fill('1 Hills Road');
  await page.getByLabel('Town or city', { exact: true }).fill('Cambridge');
  await page.getByLabel('Postcode', { exact: true }).fill('CB2 0QQ');
  await page.locator('main form').getByRole('button').first().click();
  await expect(page).toHaveURL(new RegExp(`${organisationPath}$`));
  await expect(page.getByText(`${siteName} has been added to ${trustName}.`)).toBeVisible();
  await expect(page.getByRole('main')).toContainText(siteName);
  await check();

  // Invites an educational supervisor.
  await page.goto('/people/invite');
  await expect(page.getByRole('heading', { level: 1, name: 'Invite a person' })).toBeVisible();
  await check();
  await page.getByLabel('Full name', { exact: true }).fill(supervisorName);
  await page.getByLabel('Email address', { exact: true }).fill(supervisorEmail);
  await page.getByRole('group', { name: /^Role/ }).getByLabel('Educational supervisor', { exact: true }).check();
  await selectRegionIfAsked(page);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${supervisorName} at ${supervisorEmail}`)).toBeVisible();
  await check();

  // Reads the invitation in the outbox.
  await page.goto('/admin/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await check();
  const row = page.getByRole('row').filter({ hasText: supervisorEmail });
  await expect(row).toHaveCount(1);
  await row.getByRole('link').first().click();
  await expect(page.getByText(`Mail to ${supervisorEmail}`)).toBeVisible();
  await check();
  const link = page.getByRole('main').locator('a[href*="/auth/set-password/"]').first();
  const invitationUrl = await link.getAttribute('href');
  expect(invitationUrl, 'the invitation links to the set-password page').not.toBeNull();

  // The administrator is done; the supervisor takes over the browser.
  await signOut(page);

  // Follows the link and creates a password.
  await page.goto(invitationUrl!);
  await expect(page.getByRole('heading', { level: 1, name: 'Create your password' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(supervisorEmail);
  await check();
  await page.getByLabel('New password', { exact: true }).fill(SUPERVISOR_PASSWORD);
  await page.getByLabel('Confirm new password', { exact: true }).fill(SUPERVISOR_PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page).toHaveURL(/\/auth\/sign-in/);
  await expect(page.getByText('Your password is set.')).toBeVisible();
  await check();

  // Signs in with the new password: no two-factor step yet, as an educational supervisor does not need one.
  await signIn(page, supervisorEmail, { password: SUPERVISOR_PASSWORD });
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${supervisorName}` })).toBeVisible();
  await check();

  // Turns on two-factor authentication from their account page.
  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await check();
  await page.getByRole('link', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' })).toBeVisible();
  await check();
  const secret = await page.locator('[data-secret]').getAttribute('data-secret');
  expect(secret, 'the setup page shows the secret').toMatch(/^[A-Z2-7]+=*$/);
  await page.getByLabel('Security code', { exact: true }).fill(totpNow(secret!));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText('Two-factor authentication is on.')).toBeVisible();
  await check();

  // Signs out, and back in with a code from their app.
  await signOut(page);
  await signIn(page, supervisorEmail, {
    password: SUPERVISOR_PASSWORD,
    totpCode: () => totpNow(secret!),
    checkAccessibility: options.checkAccessibility,
  });
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${supervisorName}` })).toBeVisible();
  await check();
}

test('the platform administrator adds a trust and a site and invites a supervisor, who signs in with two-factor', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await journey(page, { checkAccessibility: true, variant: 'js' });
});

// axe runs inside the page, so it cannot run where JavaScript is off; the journey above has checked these pages.
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the same journey through the same forms', async ({ page }) => {
    test.setTimeout(120_000);
    await journey(page, { checkAccessibility: false, variant: 'nojs' });
  });
});
