import { DateInput } from './pages/date-input.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { serverNow } from './support/dates.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * A change project from start to poster: a learner starts one, adds a measure, uploads its data as CSV and sees a
 * shift flagged on the chart; on their team’s project (demo data) they record a PDSA cycle, count the carbon saved and
 * download the poster; the region’s educational fellow finds projects on their caseload, one flagged for having had
 * no update.
 */
test.describe.configure({ mode: 'parallel' });

/** Twelve weeks around 42, then eight just under the mean: a run of points below it (a shift), inside the limits. */
function csvOf(start: Date): string {
  const values = [41, 43, 40, 44, 41, 43, 40, 44, 41, 43, 40, 44, 40, 39, 41, 40, 39, 41, 40, 39];
  const rows = values.map((value, index) => {
    const day = new Date(start.getTime() + index * 7 * 86_400_000).toISOString().slice(0, 10);
    return `${day},${String(value)},${index === 12 ? 'Dry-powder inhalers offered' : ''}`;
  });
  return ['date,value,note', ...rows].join('\n');
}

test.describe('a learner’s change project', () => {
  test.use({ signedInAs: demoAccount('learner').email });

  test('starts a project, adds a measure, uploads its data and sees a shift flagged on the chart', async ({ page }) => {
    const title = `Lower-carbon inhalers at Riverside ${String(Date.now())}`;
    await page.goto('/projects');
    await expect(page.getByRole('heading', { level: 1, name: 'Change projects' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Start a change project' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Start a change project' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('radio', { name: 'Environmental sustainability', exact: true }).check();
    await page
      .getByRole('textbox', { name: /^Aim/ })
      .fill('Reduce salbutamol metered-dose inhalers prescribed each week by 30% by March 2027.');
    await page.getByRole('combobox', { name: /Educational fellow/ }).selectOption({ label: 'Dr Aisha Karim' });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Start the project' }).click();

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('Dr Jamie Lee – Learner')).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Add a measure' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Salbutamol inhalers prescribed a week');
    await page.getByRole('radio', { name: 'Outcome measure' }).check();
    await page.getByRole('textbox', { name: 'Unit' }).fill('inhalers');
    await page.getByRole('radio', { name: 'Lower is better' }).check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Save the measure' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Salbutamol inhalers prescribed a week' })).toBeVisible();
    await expect(page.getByText('No data yet.')).toBeVisible();

    const start = new Date(serverNow().getTime() - 24 * 7 * 86_400_000);
    await page.locator('input[type="file"][name="file"]').setInputFiles({
      name: 'inhalers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csvOf(start)),
    });
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await expect(page.getByText('20 data points were saved (20 new, 0 replaced).')).toBeVisible();
    // The chart, its words and its table: the last eight points are a run below the mean, an improvement.
    await expect(page.getByRole('img', { name: /20 points from/ })).toBeVisible();
    await expect(page.locator('.breadth-spc-summary').first()).toContainText(/improving nature/);
    await page.getByText('The chart as a table').click();
    await expect(
      page.getByRole('row').filter({ hasText: 'Part of 7 or more points in a row below the mean' }),
    ).toHaveCount(8);
    await expectNoAxeViolations(page);
  });

  test('records a PDSA cycle on their team’s project, counts the carbon saved and downloads its poster', async ({
    page,
  }) => {
    await page.goto('/projects');
    await page.getByRole('link', { name: 'Switching to lower-carbon inhalers' }).click();
    await page.getByRole('button', { name: 'Record a PDSA cycle' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill('Offer dry-powder inhalers at asthma reviews');
    await page
      .getByRole('textbox', { name: 'Plan' })
      .fill('The practice nurse offers a dry-powder inhaler at each review for two weeks.');
    await page.getByRole('textbox', { name: 'Prediction' }).fill('Half of those reviewed will switch.');
    const began = new Date(serverNow().getTime() - 14 * 86_400_000);
    await new DateInput(page, 'Start date').fill({
      day: String(began.getUTCDate()),
      month: String(began.getUTCMonth() + 1),
      year: String(began.getUTCFullYear()),
    });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /Save/ }).click();
    await expect(page.getByText('Offer dry-powder inhalers at asthma reviews').first()).toBeVisible();
    await page.getByRole('link', { name: /Back to the project/ }).click();
    await page.getByRole('link', { name: 'See the carbon account' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Carbon');
    const headline = page.getByText(/^A saving of [\d.,]+ (kg|t)CO2e a year$/);
    const before = await headline.textContent();
    const pmdi = await page
      .locator('#factorId option', { hasText: /salbutamol/i })
      .first()
      .getAttribute('value');
    await page.getByRole('radio', { name: 'Before the change' }).check();
    await page.getByLabel('Item').selectOption(pmdi ?? '');
    await page.getByRole('textbox', { name: 'Quantity a year' }).fill('1,200');
    await page.getByRole('textbox', { name: 'Note (optional)' }).fill('A third practice joined');
    await page.getByRole('button', { name: 'Add the line' }).click();
    await expect(page.getByText('A third practice joined').first()).toBeVisible();
    await expect(headline).not.toHaveText(before ?? '');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: /Back to the project/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Carbon' })).toBeVisible();
    const poster = page.waitForEvent('download');
    await page.getByRole('link', { name: /poster/i }).click();
    const download = await poster;
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await (await download.createReadStream()).toArray();
    expect(
      Buffer.concat(bytes as Buffer[])
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});

test.describe('the educational fellow’s caseload', () => {
  test.use({ signedInAs: demoAccount('educational.fellow').email });

  test('shows the projects the fellow supports by stage, one flagged for no recent update', async ({ page }) => {
    await page.goto('/projects');
    await page.getByRole('link', { name: 'The fellows’ caseload' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Switching to lower-carbon inhalers' })).toBeVisible();
    await expect(page.getByText(/No update for \d+ weeks/).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Switching to lower-carbon inhalers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Switching to lower-carbon inhalers' })).toBeVisible();
    await expect(page.getByText(/Special cause variation/).first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
