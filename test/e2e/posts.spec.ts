import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, signInAsDemo, test } from './support/fixtures.ts';

/**
 * Generalism posts as the programme team and a learner see them: the list, a post's year-long rotation (timeline
 * and table), the programme-year overview, and the learner's own year with its calendar feed.
 */
test('the programme administrator reviews the demo posts, a rotation and the year overview', async ({ page }) => {
  await signInAsDemo(page, demoAccount('programme.admin'));
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Posts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Posts' })).toBeVisible();
  // Other journeys may have added posts of their own; the demo's 38 are there whatever else is.
  const caption =
    (await page
      .getByText(/^\d+ posts/)
      .first()
      .textContent()) ?? '';
  expect(Number(/^(\d+)/.exec(caption)?.[1] ?? 0)).toBeGreaterThanOrEqual(38);
  await expectNoAxeViolations(page);

  await page.getByLabel('Post code or title').fill('EOE-GEN-01');
  await page
    .getByRole('button', { name: /filter|search/i })
    .first()
    .click();

  await page
    .getByRole('link', { name: /EOE-GEN-01/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^EOE-GEN-01/ })).toBeVisible();
  await expect(page.getByRole('table').first()).toContainText('General practice');
  await expectNoAxeViolations(page);

  await page.goto('/posts/overview');
  await expect(page.getByRole('heading', { level: 1, name: /overview/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the learner sees their year and gets a private calendar link', async ({ page }) => {
  await signInAsDemo(page, demoAccount('learner'));
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My year' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My year' })).toBeVisible();
  await expect(page.getByText('EOE-GEN-01').first()).toBeVisible();
  await expectNoAxeViolations(page);

  // The private link is shown once, on the first visit; it is the only credential the feed needs. If another
  // journey has already visited this learner's year, the link is made afresh, as the learner would.
  if ((await page.locator('#calendar-link').count()) === 0) {
    await page.getByRole('button', { name: 'Reset the calendar link' }).click();
  }
  const link = (await page.locator('#calendar-link').textContent())?.trim() ?? '';
  expect(link).toMatch(/\/my-year\/calendar\/[^/]+\.ics$/);
  const url = new URL(link, page.url());
  const response = await page.request.get(url.toString());
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/calendar');
  expect(await response.text()).toContain('BEGIN:VEVENT');
});
