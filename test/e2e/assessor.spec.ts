import { ErrorSummary } from './pages/error-summary.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * A supervised learning event from the assessor's side: a GP with no account follows the link the learner's request
 * emailed them (scripts/e2e-fixtures.ts sent it), completes the case-based discussion, is stopped once by a phone
 * number in their feedback, and cannot use the link again; the learner's educational supervisor then signs it off.
 */
test('an assessor with no account completes a case-based discussion through the emailed link, and it is signed off', async ({
  page,
  pageAs,
}) => {
  const { title, assessorLink } = journeyFixtures().portfolio.sle;
  await page.goto(assessorLink);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Case-based discussion');
  await expect(page.getByText('Dr Jamie Lee has asked you to assess this event')).toBeVisible();
  await expectNoAxeViolations(page);

  for (const group of await page
    .getByRole('group')
    .filter({ has: page.getByRole('radio') })
    .all()) {
    await group.getByRole('radio', { name: 'Meets expectations for stage' }).check();
  }
  await page.getByLabel('What went well', { exact: true }).fill('A careful, shared decision. Call me on 07700 900123.');
  await page
    .getByLabel('Suggested areas for development', { exact: true })
    .fill('Write down the bleeding risk score you used, so the next clinician can see it.');
  await page.getByLabel('Your name', { exact: true }).fill('Journey Assessor');
  await page.getByRole('button', { name: 'Submit assessment' }).click();

  const errors = new ErrorSummary(page);
  await errors.expectVisible();
  await expect(errors.root).toContainText('07700 900123');
  await expect(page.getByLabel('What went well', { exact: true })).toHaveValue(/A careful, shared decision/);
  await page.getByLabel('What went well', { exact: true }).fill('A careful, shared decision about anticoagulation.');
  await page.getByRole('button', { name: 'Submit assessment' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/thank you/i);
  await expectNoAxeViolations(page);

  // The link is spent.
  const again = await page.goto(assessorLink);
  expect(again?.status()).toBe(410);
  await expect(page.getByText(/already been used/)).toBeVisible();

  const supervisor = await pageAs(demoAccount('educational.supervisor').email);
  await supervisor.goto('/portfolio');
  await supervisor.getByRole('link', { name: title }).click();
  await expect(supervisor.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(supervisor.getByText('A careful, shared decision about anticoagulation.')).toBeVisible();
  await supervisor.getByRole('button', { name: 'Sign off' }).click();
  await expect(supervisor.getByText(/Signed off on/)).toBeVisible();
  await expectNoAxeViolations(supervisor);
});
