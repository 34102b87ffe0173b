import type { Page } from '@playwright/test';
import { ErrorSummary } from './pages/error-summary.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * Learners rank the posts of an open preference window (built by scripts/e2e-fixtures.ts): with the number fields
 * (a mistake first), by dragging, and by keyboard. Each learner ranks alone, so the three run at once.
 */
test.describe.configure({ mode: 'parallel' });

const [F2, F1, ST1] = DEMO_LEARNERS;
// Read when a test runs, not when the file is loaded (the server writes the file as it starts).
const ranking = () => journeyFixtures().allocation.ranking;
const codeA = () => ranking().codes[0];
const codeB = () => ranking().codes[1];

function numberFor(page: Page, code: string) {
  return page.getByLabel(`Your number for ${code}`, { exact: true });
}

async function fromHomeTask(page: Page): Promise<void> {
  await new HomePage(page).goto();
  await page.getByRole('link', { name: `Rank the posts for ${ranking().name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/preferences/${ranking().windowId}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Rank the posts for ${ranking().name}` })).toBeVisible();
}

async function submitAndCheck(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Submit preferences', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/preferences/${ranking().windowId}$`));
  await expect(page.getByText(`Your preferences for ${ranking().name} have been submitted.`)).toBeVisible();
  await expect(numberFor(page, codeA())).toHaveValue('1');
  await expect(numberFor(page, codeB())).toHaveValue('2');
}

test.describe('the F2 learner', () => {
  test.use({ signedInAs: F2?.email });

  test('numbers the posts, is told of a mistake with what they typed kept, and submits', async ({ page }) => {
    await fromHomeTask(page);
    await expectNoAxeViolations(page);
    await numberFor(page, codeA()).fill('1');
    await numberFor(page, codeB()).fill('1');
    await page.getByRole('button', { name: 'Submit preferences', exact: true }).click();
    const summary = new ErrorSummary(page);
    await summary.expectVisible();
    await expect(summary.root).toContainText(
      `${codeA()} and ${codeB()} both have number 1: give each post a different number`,
    );
    await expect(numberFor(page, codeA())).toHaveValue('1');
    await expect(numberFor(page, codeB())).toHaveValue('1');
    await expectNoAxeViolations(page);
    await numberFor(page, codeB()).fill('2');
    await submitAndCheck(page);
    await expectNoAxeViolations(page);
  });
});

test.describe('the F1 learner', () => {
  test.use({ signedInAs: F1?.email });

  test('drags a post by its grip below another, then above it, and submits', async ({ page }) => {
    await fromHomeTask(page);
    // Post B is numbered 1 and post A left blank, so A sits below B, unranked. A is dragged by its grip onto the
    // bottom of B's row, which ranks it 2nd; then onto the top of B's row, which moves it to 1st.
    await numberFor(page, codeB()).fill('1');
    await numberFor(page, codeB()).press('Tab');
    const rowFor = (code: string) => page.locator(`[data-rank-row][data-rank-label="${code}"]`);
    const gripFor = (code: string) => rowFor(code).locator('[data-rank-grip]');
    const status = page.locator('[data-rank-status]');
    await expect(page.locator('[data-rank-row]').first()).toHaveAttribute('data-rank-label', codeB());
    await expect(numberFor(page, codeA())).toHaveValue('');
    const rowB = await rowFor(codeB()).boundingBox();
    if (rowB === null) throw new Error(`The row for ${codeB()} is not visible`);
    await gripFor(codeA()).dragTo(rowFor(codeB()), { targetPosition: { x: 24, y: rowB.height - 4 } });
    await expect(numberFor(page, codeB())).toHaveValue('1');
    await expect(numberFor(page, codeA())).toHaveValue('2');
    await expect(status).toHaveText(`${codeA()} is now number 2`);
    await gripFor(codeA()).dragTo(rowFor(codeB()), { targetPosition: { x: 24, y: 4 } });
    await expect(numberFor(page, codeA())).toHaveValue('1');
    await expect(numberFor(page, codeB())).toHaveValue('2');
    await expect(status).toHaveText(`${codeA()} is now number 1`);
    await expect(page.locator('[data-rank-row]').first()).toHaveAttribute('data-rank-label', codeA());
    await submitAndCheck(page);
  });
});

test.describe('the ST1 learner', () => {
  test.use({ signedInAs: ST1?.email });

  test('finds the window on the Preferences page, moves a post up by keyboard, and submits', async ({ page }) => {
    await new HomePage(page).goto();
    await new Header(page).openMenu('Preferences');
    await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: ranking().name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/preferences/${ranking().windowId}$`));
    // Typed the wrong way round, then post A is moved up with its button, which renumbers both.
    await numberFor(page, codeA()).fill('2');
    await numberFor(page, codeB()).fill('1');
    await numberFor(page, codeB()).press('Tab');
    const moveUp = page.getByRole('button', { name: `Move up ${codeA()}` });
    await moveUp.focus();
    await page.keyboard.press('Enter');
    await expect(numberFor(page, codeA())).toHaveValue('1');
    await expect(numberFor(page, codeB())).toHaveValue('2');
    await expect(moveUp).toBeFocused();
    await expect(page.locator('[data-rank-status]')).toHaveText(`${codeA()} is now number 1`);
    await submitAndCheck(page);
  });
});
