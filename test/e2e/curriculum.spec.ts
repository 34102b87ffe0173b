import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, signInAsDemo, test } from './support/fixtures.ts';

/**
 * The programme director publishes a new version of the curriculum (adding an outcome, first making a mistake on
 * the form, then writing the change summary), and compares it with the version before. The outcome's text is new
 * on every run, and a draft left by an earlier run is carried on rather than assumed away, so the journey works
 * whichever journeys ran before it on the shared demo database.
 */
test('the programme director publishes a new curriculum version and compares it with the previous one', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const outcomeText = `Map the community assets a patient could use, ${String(Date.now()).slice(-6)}`;
  await signInAsDemo(page, demoAccount('programme.director'));

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Curriculum' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Enhance');
  await expect(page.getByRole('heading', { level: 2, name: 'Population health' }).first()).toBeVisible();
  await expectNoAxeViolations(page);

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
  await expect(page.getByRole('alert')).toBeVisible();
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
  const confirm = page.getByRole('heading', { level: 1, name: /^Publish version \d+\?$/ });
  await expect(confirm).toBeVisible();
  const version = /(\d+)/.exec(await confirm.innerText())?.[1] ?? '';
  await expect(page.getByText(outcomeText)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: `Publish version ${version}`, exact: true }).click();
  await expect(page.getByText(`Version ${version}`).first()).toBeVisible();

  // Comparing the new version with the one before it.
  await page.goto('/curriculum/versions');
  await expect(page.getByRole('heading', { level: 1, name: 'Curriculum versions' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: `Compare with the one before Version ${version}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare curriculum versions' })).toBeVisible();
  const added = page.getByRole('row').filter({ hasText: outcomeText });
  await expect(added).toBeVisible();
  await expect(added.getByText('Added', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page);
});
