import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, signInAsDemo, test } from './support/fixtures.ts';

/**
 * The people around a learner: the educational supervisor follows a supervisee's progress and annual reviews; the
 * educational fellow, who facilitates the demo's learning days, reads the feedback on the latest that has happened. Both
 * only read, so the journeys do not depend on, or change, what other journeys do.
 */

test('the educational supervisor follows a supervisee’s progress and annual reviews', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsDemo(page, demoAccount('educational.supervisor'), { checkAccessibility: true });
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Learners' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Learners' })).toBeVisible();
  // The demo supervisor supervises the F2 and F1 learners, not the ST1 learner.
  await expect(page.getByRole('link', { name: 'Dr Jamie Lee' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Dr Owen Fairweather' })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Dr Jamie Lee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dr Jamie Lee' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Upcoming events that would help' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Environmental sustainability' }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page
    .getByRole('link', { name: /annual review/i })
    .first()
    .click();
  await expect(page.getByText('Satisfactory progress').first()).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the educational fellow reads the feedback on a learning day they facilitated', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsDemo(page, demoAccount('educational.fellow'));
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Events' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await page.getByLabel('Show', { exact: true }).selectOption('past');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expectNoAxeViolations(page);
  // The most recent learning day or taster that has happened: the demo's learners attended and gave feedback.
  const past = page.getByRole('table').getByRole('link');
  test.skip((await past.count()) === 0, 'No demo event has happened yet this academic year (early August)');
  const title = (await past.first().innerText()).trim();
  await past.first().click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('link', { name: 'Feedback', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Feedback' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Overall, how would you rate this event?' })).toBeVisible();
  await expectNoAxeViolations(page);
});
