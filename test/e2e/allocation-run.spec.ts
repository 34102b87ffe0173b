import { ConfirmationPage } from './pages/confirmation-page.ts';
import { SummaryList } from './pages/summary-list.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * The programme administrator closes a preference window every learner has ranked (built by
 * scripts/e2e-fixtures.ts: three learners, two one-place posts, everyone ranked post A first), runs the allocation,
 * previews it, compares the methods and publishes. The result explains itself: priority 1 takes post A, priority 2
 * post B, priority 3 is not placed. axe checks the window page once, closed with its run form (the draft is checked
 * in allocation-window.spec.ts).
 */
test.use({ signedInAs: demoAccount('programme.admin').email });

test('the programme administrator closes a window, runs, previews, compares and publishes the allocation', async ({
  page,
}) => {
  const { run } = journeyFixtures().allocation;
  const [codeA, codeB] = run.codes;
  const windowPath = `/allocation/windows/${run.windowId}`;
  await page.goto('/allocation');
  await expect(page.getByRole('heading', { level: 1, name: 'Allocation' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: run.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(page.getByText('Everyone has submitted.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${run.name} Open`) })).toBeVisible();

  await page.getByRole('button', { name: 'Close window now' }).click();
  await expect(page.getByText(`${run.name} is closed. Learners can no longer change their rankings.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${run.name} Closed`) })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Run the allocation' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Run allocation', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}/runs/[0-9a-f-]{36}$`));
  const runPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: /^Allocation run of / })).toBeVisible();
  await expect(
    page.getByText(/The allocation has been run with seed \d+\. Check the preview before publishing\./),
  ).toBeVisible();
  const summary = new SummaryList(page);
  await expect(summary.row('Applicants')).toContainText('3');
  await expect(summary.row('Placed')).toContainText('2 (66.7%)');
  await expect(page.getByRole('img', { name: /Bar chart of how many applicants/ })).toBeVisible();
  const byChoice = page.getByRole('table', { name: 'Applicants by the choice they were given' });
  for (const label of ['1st choice', '2nd choice', 'Not placed']) {
    await expect(byChoice.locator('tbody tr').filter({ hasText: label })).toContainText('1');
  }
  await expect(page.getByRole('heading', { level: 2, name: 'Not placed (1)' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Who the lottery placed where: priority 1 takes post A, priority 2 post B, priority 3 is not placed.
  const rows = page.getByRole('table', { name: 'Assignments in priority order' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const placed = new Map<number, string | null>();
  for (const learner of DEMO_LEARNERS) {
    const text = await rows.filter({ hasText: learner.name }).innerText();
    const code = text.includes(codeA) ? codeA : text.includes(codeB) ? codeB : null;
    placed.set(Number(/(\d)/.exec(text)?.[1]), code);
  }
  expect([placed.get(1), placed.get(2), placed.get(3)]).toEqual([codeA, codeB, null]);

  await page.getByRole('button', { name: 'Compare methods' }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}/compare$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Compare allocation methods' })).toBeVisible();
  const comparison = page.getByRole('table', { name: 'Share of applicants, by method' });
  await expect(comparison.getByRole('row')).toHaveCount(4);
  await expect(comparison).toContainText("Priority order (serial dictatorship) (this window's method)");
  await expectNoAxeViolations(page);

  await page.goto(runPath);
  await page.getByRole('button', { name: 'Publish this allocation' }).click();
  await expect(page).toHaveURL(new RegExp(`${runPath}/publish$`));
  const confirmation = new ConfirmationPage(page);
  await confirmation.expectOpen(`Are you sure you want to publish this allocation for ${run.name}?`);
  await expect(page.getByText('2 of 3 applicants will be placed in their posts')).toBeVisible();
  await expectNoAxeViolations(page);
  await confirmation.confirm('Publish allocation');
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(
    page.getByText(`The allocation for ${run.name} has been published and learners have been emailed.`),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${run.name} Published`) })).toBeVisible();
});
