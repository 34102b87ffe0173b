import * as OTPAuth from 'otpauth';
import type { Page } from '@playwright/test';
import { AccountPage } from './pages/account-page.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { SignInPage, signIn } from './pages/sign-in-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { serverNow } from './support/dates.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * The platform administrator adds a trust and one of its sites; and invites an educational supervisor, who
 * accepts: follows the emailed link (read in the outbox, as there is no SMTP server), creates a password, signs in,
 * turns on two-factor authentication and signs in again with a code from their app. Each with and without
 * JavaScript; the four run at once.
 */
test.describe.configure({ mode: 'parallel' });

const REGION = 'East of England';
const SUPERVISOR_PASSWORD = 'violet quarry saddle ninety';

/**
 * The code an authenticator app shows now, or `steps` codes later (a code works once; the next one is accepted
 * early): now by the server's clock, which checks the code (an app on a phone would follow the real time).
 */
function totpNow(secret: string, steps = 0): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({ timestamp: serverNow().getTime() + steps * 30_000 });
}

async function selectRegionIfAsked(page: Page): Promise<void> {
  const region = page.getByLabel('Region', { exact: true });
  if ((await region.count()) > 0) await region.selectOption({ label: REGION });
}

interface Variant {
  checkAccessibility: boolean;
  variant: string;
}

interface InvitationVariant extends Variant {
  /** Run axe on the administrator's pages (invite, outbox, mail) rather than the invited person's. */
  checkAdminPages?: boolean;
  /** End once the invitation is found in the outbox. */
  stopAtInvitation?: boolean;
}

function uniqueName(options: Variant): string {
  return `${options.variant} ${Date.now().toString(36)}`;
}

/** The platform administrator adds a trust, then one of its sites. */
async function addTrustAndSite(page: Page, options: Variant): Promise<void> {
  const check = async () => {
    if (options.checkAccessibility) await expectNoAxeViolations(page);
  };
  const unique = uniqueName(options);
  const trustName = `Breadth Journey ${unique} NHS Foundation Trust`;
  const siteName = `Journey Hospital ${unique}`;

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
  const organisationPath = new URL(page.url()).pathname;

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
}

/**
 * The platform administrator (in `admin`, a browser of their own) invites an educational supervisor, who accepts
 * in `page` and turns on two-factor authentication.
 */
async function inviteSupervisor(admin: Page, page: Page, options: InvitationVariant): Promise<void> {
  const check = async (on: Page = page) => {
    if (on === admin ? options.checkAdminPages === true : options.checkAccessibility) await expectNoAxeViolations(on);
  };
  const unique = uniqueName(options);
  const supervisorName = `Dr Journey Supervisor ${unique}`;
  const supervisorEmail = `journey.supervisor.${unique.replace(/\s+/g, '.')}@example.nhs.uk`.toLowerCase();
  const home = new HomePage(page);
  const account = new AccountPage(page);

  await admin.goto('/people/invite');
  await expect(admin.getByRole('heading', { level: 1, name: 'Invite a person' })).toBeVisible();
  await check(admin);
  await admin.getByLabel('Full name', { exact: true }).fill(supervisorName);
  await admin.getByLabel('Email address', { exact: true }).fill(supervisorEmail);
  await admin.getByRole('group', { name: /^Role/ }).getByLabel('Educational supervisor', { exact: true }).check();
  await selectRegionIfAsked(admin);
  await admin.getByRole('button', { name: 'Send invitation' }).click();
  await expect(admin.getByText(`Invitation sent to ${supervisorName} at ${supervisorEmail}`)).toBeVisible();
  await check(admin);

  // Reads the invitation in the outbox.
  await admin.goto('/admin/outbox');
  await expect(admin.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await check(admin);
  const row = admin.getByRole('row').filter({ hasText: supervisorEmail });
  await expect(row).toHaveCount(1);
  await row.getByRole('link').first().click();
  await expect(admin.getByText(`Mail to ${supervisorEmail}`)).toBeVisible();
  await check(admin);
  const invitationUrl = await admin
    .getByRole('main')
    .locator('a[href*="/auth/set-password/"]')
    .first()
    .getAttribute('href');
  expect(invitationUrl, 'the invitation links to the set-password page').not.toBeNull();
  if (options.stopAtInvitation === true) return;

  // The supervisor follows the link and creates a password.
  await page.goto(invitationUrl!);
  await expect(page.getByRole('heading', { level: 1, name: 'Create your password' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(supervisorEmail);
  await check();
  await page.getByLabel('New password', { exact: true }).fill(SUPERVISOR_PASSWORD);
  await page.getByLabel('Confirm new password', { exact: true }).fill(SUPERVISOR_PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await new SignInPage(page).expectAt();
  await expect(page.getByText('Your password is set.')).toBeVisible();
  await check();

  // Signs in with the new password: no two-factor step yet, as an educational supervisor does not need one.
  await signIn(page, supervisorEmail, { password: SUPERVISOR_PASSWORD });
  await home.expectGreets(supervisorName);

  // Turns on two-factor authentication from their account page.
  await account.goto();
  await account.expectOpen();
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

  // Signs out, and back in with a code from their app: the next one, since the one just used works only once.
  await new Header(page).signOut();
  await signIn(page, supervisorEmail, { password: SUPERVISOR_PASSWORD, totpCode: () => totpNow(secret!, 1) });
  await home.expectGreets(supervisorName);
  await check();
}

const PLATFORM_ADMIN = demoAccount('platform.admin').email;

test.describe('the platform administrator', () => {
  test.use({ signedInAs: PLATFORM_ADMIN });

  test('adds a trust and one of its sites', async ({ page }) => {
    await addTrustAndSite(page, { checkAccessibility: true, variant: 'js' });
  });
});

// Two journeys, so that each stays short: axe on the administrator's pages in one, on the supervisor's in the other.
test('the platform administrator invites a supervisor and finds the invitation in the outbox', async ({
  page,
  pageAs,
}) => {
  await inviteSupervisor(await pageAs(PLATFORM_ADMIN), page, {
    checkAccessibility: false,
    checkAdminPages: true,
    stopAtInvitation: true,
    variant: 'js invite',
  });
});

test('an invited supervisor sets a password, turns on two-factor and signs in with it', async ({ page, pageAs }) => {
  await inviteSupervisor(await pageAs(PLATFORM_ADMIN), page, { checkAccessibility: true, variant: 'js' });
});

// axe runs inside the page, so it cannot run where JavaScript is off; the journeys above have checked these pages.
test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test.describe('the platform administrator', () => {
    test.use({ signedInAs: PLATFORM_ADMIN });

    test('adds a trust and a site through the same forms', async ({ page }) => {
      await addTrustAndSite(page, { checkAccessibility: false, variant: 'nojs' });
    });
  });

  test('the invitation, password and two-factor set-up through the same forms', async ({ page, pageAs }) => {
    await inviteSupervisor(await pageAs(PLATFORM_ADMIN), page, { checkAccessibility: false, variant: 'nojs' });
  });
});
