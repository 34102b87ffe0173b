import { signInAsDemo } from './pages/sign-in-page.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { sessionFile, test } from './support/fixtures.ts';

/**
 * Signs in once as each demo account the journeys act as, and keeps the browser's session for them
 * (`test.use({ signedInAs })` and `pageAs`), so only the journeys about signing in go through its pages.
 */
const ACCOUNTS = [
  demoAccount('platform.admin'),
  demoAccount('programme.director'),
  demoAccount('programme.admin'),
  demoAccount('educational.supervisor'),
  demoAccount('educational.fellow'),
  ...DEMO_LEARNERS,
];

for (const account of ACCOUNTS) {
  test(`sign in as ${account.email}`, async ({ page }) => {
    await signInAsDemo(page, account);
    await page.context().storageState({ path: sessionFile(account.email) });
  });
}
