import { DateInput } from './pages/date-input.ts';
import { ErrorSummary } from './pages/error-summary.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { londonInMinutes } from './support/dates.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * The programme administrator creates a preference window for a programme year's posts (the year and its posts
 * built by scripts/e2e-fixtures.ts) and chosen learners, looks at special circumstances and linked applications
 * (a mistake on that form is explained with what was chosen kept), and opens the window to the learners.
 */
test.use({ signedInAs: demoAccount('programme.admin').email });

const REGION = 'East of England';
test('the programme administrator creates a preference window and opens it to three learners', async ({ page }) => {
  const { newWindow } = journeyFixtures().allocation;
  const [codeA, codeB] = newWindow.codes;
  const windowName = `${newWindow.yearName} allocation`;
  await page.goto('/allocation/windows/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Create a preference window' })).toBeVisible();
  // The demo and the other journeys have several years: the form first asks which.
  await expectNoAxeViolations(page);
  await page.getByLabel('Programme year', { exact: true }).selectOption({ label: `${newWindow.yearName}, ${REGION}` });
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByText(`${newWindow.yearName}, ${REGION}`)).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill(windowName);
  const postsGroup = page.getByRole('group', { name: 'Posts to rank' });
  await expect(postsGroup.getByRole('checkbox')).toHaveCount(2);
  await expect(postsGroup.getByRole('checkbox', { name: new RegExp(`^${codeA}:`) })).toBeChecked();
  await expect(postsGroup.getByRole('checkbox', { name: new RegExp(`^${codeB}:`) })).toBeChecked();
  await page
    .getByRole('group', { name: 'Who may rank the posts' })
    .getByLabel('Learners I choose', { exact: true })
    .check();
  const learnersGroup = page.getByRole('group', { name: 'Learners', exact: true });
  for (const learner of DEMO_LEARNERS) {
    await learnersGroup.getByLabel(`${learner.name} (${learner.stage})`, { exact: true }).check();
  }
  await expectNoAxeViolations(page);
  const deadline = londonInMinutes(24 * 60);
  await new DateInput(page, 'Deadline').fill(deadline);
  await page.getByLabel('Time', { exact: true }).fill(deadline.time);
  await page
    .getByRole('group', { name: 'How the posts will be allocated' })
    .getByLabel('Priority order (serial dictatorship)', { exact: true })
    .check();
  await page.getByRole('button', { name: 'Create window', exact: true }).click();
  await expect(page).toHaveURL(/\/allocation\/windows\/[0-9a-f-]{36}$/);
  const windowPath = new URL(page.url()).pathname;
  await expect(page.getByText(`${windowName} has been created. Check it, then open it to learners.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Draft`) })).toBeVisible();
  await expectNoAxeViolations(page);

  // Nobody here needs special circumstances or a linked application, but a mistake on the form is explained.
  await page.getByRole('link', { name: 'Special circumstances and linked applications' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Special circumstances and linked applications' }),
  ).toBeVisible();
  await expect(page.getByText('Nobody is pre-allocated.')).toBeVisible();
  await page.getByLabel('Special circumstances the panel agreed', { exact: true }).fill('Caring responsibilities');
  await page.getByRole('button', { name: 'Pre-allocate', exact: true }).click();
  await expect(new ErrorSummary(page).message('Select the learner')).toBeVisible();
  await expect(page.getByLabel('Special circumstances the panel agreed', { exact: true })).toHaveValue(
    'Caring responsibilities',
  );
  await expectNoAxeViolations(page);

  await page.goto(windowPath);
  await page.getByRole('button', { name: 'Open window and email learners' }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(page.getByText(`${windowName} is open.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Open`) })).toBeVisible();
});
