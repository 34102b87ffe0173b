import { ConfirmationPage } from './pages/confirmation-page.ts';
import { ErrorSummary } from './pages/error-summary.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * The programme director reads the curriculum and compares a version with the one before (the version built by
 * scripts/e2e-fixtures.ts); and publishes a new version, adding an outcome (first making a mistake on the form)
 * and writing the change summary. The outcome's text is new on every run, and a draft left by an earlier run is
 * carried on rather than assumed away, so the journey works whichever journeys ran before it.
 */
test.describe.configure({ mode: 'parallel' });
test.use({ signedInAs: demoAccount('programme.director').email });

test('the programme director reads the curriculum and compares a version with the one before', async ({ page }) => {
  const { version, outcomeText } = journeyFixtures().curriculum;
  await page.goto('/curriculum');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Enhance');
  await expect(page.getByRole('heading', { level: 2, name: 'Population health' }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto('/curriculum/versions');
  await expect(page.getByRole('heading', { level: 1, name: 'Curriculum versions' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: `Compare with the one before Version ${String(version)}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare curriculum versions' })).toBeVisible();
  const added = page.getByRole('row').filter({ hasText: outcomeText });
  await expect(added).toBeVisible();
  await expect(added.getByText('Added', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the programme director adds an outcome to a draft and publishes it as a new version', async ({ page }) => {
  const outcomeText = `Map the community assets a patient could use, ${String(Date.now()).slice(-6)}`;
  await page.goto('/curriculum');
  const startDraft = page.getByRole('link', { name: 'Edit the curriculum (start a draft)' });
  if ((await startDraft.count()) > 0) await startDraft.click();
  else await page.getByRole('link', { name: 'Carry on with the draft of the next version' }).click();
  const newDraft = page.getByRole('button', { name: 'Start a new draft' });
  if ((await newDraft.count()) > 0) await newDraft.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft curriculum' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Adding an outcome: the missing text is explained, with the domain and stage kept.
  await page.getByRole('link', { name: 'Add a learning outcome', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a learning outcome' })).toBeVisible();
  await page.getByLabel('Domain', { exact: true }).selectOption('POP');
  await page.getByLabel('Stage', { exact: true }).selectOption('F2');
  await page.getByRole('button', { name: 'Add outcome', exact: true }).click();
  await new ErrorSummary(page).expectVisible();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveValue('POP');
  await expect(page.getByLabel('Stage', { exact: true })).toHaveValue('F2');
  await expectNoAxeViolations(page);
  await page.getByLabel('Outcome', { exact: true }).fill(outcomeText);
  await page.getByRole('button', { name: 'Add outcome', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft curriculum' })).toBeVisible();
  await expect(page.getByText(outcomeText)).toBeVisible();

  // Publishing: the change summary, then a confirmation showing what is different.
  await page.getByRole('button', { name: 'Publish this draft' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Publish the draft' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page
    .getByLabel('What changed in this version', { exact: true })
    .fill('Added an F2 population health outcome on community assets.');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const confirmation = new ConfirmationPage(page);
  const confirm = confirmation.heading(/^Publish version \d+\?$/);
  await expect(confirm).toBeVisible();
  const version = /(\d+)/.exec(await confirm.innerText())?.[1] ?? '';
  await expect(page.getByText(outcomeText)).toBeVisible();
  await expectNoAxeViolations(page);
  await confirmation.confirm(`Publish version ${version}`);
  await expect(page.getByText(`Version ${version}`).first()).toBeVisible();
});
