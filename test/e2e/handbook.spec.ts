import { extractPdfText } from '../../src/platform/files/pdf-text.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * The programme handbook: the demo programme director adds a sentence to Support and wellbeing, publishes a new
 * version with a summary, reads it on the public page and downloads its PDF; then the demo learner, who has not read
 * the current version, acknowledges it from their Handbook page.
 */
test.describe.configure({ mode: 'serial' });

const SENTENCE = `Peer support groups meet on the first Tuesday of each month (${String(Date.now())}).`;

test.describe('the programme handbook', () => {
  test.use({ signedInAs: demoAccount('programme.director').email });

  test('the director finds the draft from the Handbook page', async ({ page }) => {
    await page.goto('/handbook');
    await expect(page.getByRole('heading', { level: 1, name: 'Handbook' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Edit and publish the handbook, and see who has read it' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'The East of England handbook' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit Support and wellbeing' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('the director adds a sentence to Support and wellbeing', async ({ page }) => {
    await page.goto('/handbook/manage/east-of-england');
    await page.getByRole('link', { name: 'Edit Support and wellbeing' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Edit “Support and wellbeing”' })).toBeVisible();
    const words = page.getByRole('textbox', { name: 'The section’s words' });
    await words.fill(`${await words.inputValue()}\n\n${SENTENCE}`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Save the section' }).click();
    await expect(page.getByText('“Support and wellbeing” has been saved.')).toBeVisible();
  });

  test('the director publishes a new version with a summary and reads it on the public page', async ({ page }) => {
    await page.goto('/handbook/manage/east-of-england/publish');
    const heading = page.getByRole('heading', {
      level: 1,
      name: /^Publish version \d+ of the East of England handbook$/,
    });
    await expect(heading).toBeVisible();
    const number = /version (\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? '';
    // Support and wellbeing is among the changes (the generated parts may have moved on since the last version too).
    await expect(page.getByText(/^\d+ sections? changed\.$/)).toBeVisible();
    await page
      .getByRole('textbox', { name: 'What changed in this version' })
      .fill('Support and wellbeing: peer support groups.');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Publish version ${number}` }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'East of England handbook' })).toBeVisible();
    await expect(page.getByText(`Version ${number} of the handbook has been published.`)).toBeVisible();
    await expect(page.getByText(SENTENCE)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Support and wellbeing' })).toBeVisible();
  });

  test('the public handbook and its PDF have the sections', async ({ page }) => {
    await page.goto('/school/east-of-england/handbook');
    await expect(page.getByText(SENTENCE)).toBeVisible();
    await expectNoAxeViolations(page);
    const version = (await page.locator('.nhsuk-summary-list__value').first().textContent())?.trim() ?? '';
    const pdf = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download this version as a PDF' }).click();
    const download = await pdf;
    expect(download.suggestedFilename()).toBe(`east-of-england-handbook-v${version}.pdf`);
    const chunks = await (await download.createReadStream()).toArray();
    const bytes = Buffer.concat(chunks as Buffer[]);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const read = await extractPdfText(bytes);
    expect(read.ok).toBe(true);
    const text = read.ok ? read.text.replace(/\s+/g, ' ') : '';
    for (const title of ['Background', 'Support and wellbeing', 'Modules and outcomes', 'Posts and settings']) {
      expect(text).toContain(title);
    }
    expect(text).toContain('Peer support groups meet on the first Tuesday');
  });

  test('the learner acknowledges the current version', async ({ pageAs }) => {
    const page = await pageAs(demoAccount('learner').email);
    await page.goto('/');
    await page.getByRole('link', { name: /^Read and acknowledge the handbook \(version \d+\)/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Handbook' })).toBeVisible();
    await expect(page.getByText('Not acknowledged yet')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /^I have read version \d+ of the handbook$/ }).click();
    await expect(page.getByText(/You have acknowledged version \d+ of the handbook/)).toBeVisible();
    await expect(page.getByText('Acknowledged', { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
