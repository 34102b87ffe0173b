import { AccountPage } from './pages/account-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * An idle session warns two minutes before it ends (30 minutes idle) and lets the person stay signed in without
 * leaving the page. The browser's clock is fast-forwarded; the server's session is real.
 */
test.use({ signedInAs: demoAccount('learner').email });

test('an idle session warns before it ends, and "Stay signed in" keeps it', async ({ page }) => {
  const account = new AccountPage(page);
  await page.clock.install();
  await account.goto();
  const dialog = page.getByRole('dialog', { name: 'You will be signed out soon' });
  await expect(dialog).toBeHidden();

  await page.clock.fastForward('27:00');
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('01:30');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Anything you have typed is kept');
  await expectNoAxeViolations(page);

  await dialog.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await account.expectOpen();
});
