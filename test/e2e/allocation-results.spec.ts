import { Header } from './pages/header.ts';
import { SummaryList } from './pages/summary-list.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * Learners read the result of a published allocation (built by scripts/e2e-fixtures.ts: three learners ranked post
 * A then post B, one place each, priority order): the learner with first priority sees their post, why, and finds
 * it in their year; the learner with the last priority sees why they were not placed.
 */
test.describe.configure({ mode: 'parallel' });

// Read when a test runs, not when the file is loaded (the server writes the file as it starts).
const result = () => journeyFixtures().allocation.result;

test.describe('the learner with first priority', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads what a fixture needs from this pattern; it needs nothing
  test.use({ signedInAs: async ({}, use) => use(result().firstPriority) });

  test('sees the post they were given and why, and finds it in their year', async ({ page }) => {
    const [codeA] = result().codes;
    const summary = new SummaryList(page);
    await page.goto(`/preferences/${result().windowId}/result`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your allocation' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'You were given your 1st choice' })).toBeVisible();
    await expect(page.getByText(`${codeA}: Generalism F2: acute medicine`)).toBeVisible();
    await expect(summary.row('Your priority number')).toContainText('1 of 3');
    await expect(summary.row('Method')).toContainText('Priority order (serial dictatorship)');
    await expect(page.getByText('You were given your first choice.')).toBeVisible();
    await expectNoAxeViolations(page);

    await new Header(page).openMenu('My year');
    await expect(page.getByRole('heading', { level: 1, name: 'My year' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(codeA);
    await expect(page.getByRole('main')).toContainText('Acute medicine');
    await expect(page.getByRole('main')).toContainText('Granta Vale Medical Practice');
  });
});

test.describe('the learner with the last priority', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads what a fixture needs from this pattern; it needs nothing
  test.use({ signedInAs: async ({}, use) => use(result().unplaced) });

  test('sees why they were not given a post', async ({ page }) => {
    const [codeA, codeB] = result().codes;
    expect(DEMO_LEARNERS.map((learner) => learner.email)).toContain(result().unplaced);
    await page.goto(`/preferences/${result().windowId}/result`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your allocation' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'You were not given a post' })).toBeVisible();
    await expect(new SummaryList(page).row('Your priority number')).toContainText('3 of 3');
    await expect(
      page.getByText('All 2 posts you ranked were filled by applicants with higher priority.'),
    ).toBeVisible();
    await expect(page.getByText(new RegExp(`Your 1st choice, ${codeA}`))).toBeVisible();
    await expect(page.getByText(new RegExp(`Your 2nd choice, ${codeB}`))).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
