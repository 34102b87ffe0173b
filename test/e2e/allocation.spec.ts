import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { fillDate, londonInMinutes, type DateParts } from './support/forms.ts';
import { expect, signInAsDemo, signOut, test } from './support/fixtures.ts';

/**
 * Allocation from end to end: the programme administrator adds a programme year and two posts with year-long
 * rotations, opens a preference window to the three demo learners, who rank the posts (one first makes a
 * mistake, one drags the posts into order, one reorders them by keyboard); the administrator closes the window,
 * runs the allocation, previews it, compares the methods and publishes; a learner who was placed sees why and
 * finds the post in their year, and the one who was not placed sees why not. Both posts have one place and
 * everyone ranks the same post first, so the result explains itself.
 */

const REGION = 'East of England';
const ACUTE_TRUST = 'Cambridge University Hospitals NHS Foundation Trust';
const PRACTICE = 'Granta Vale Medical Practice';
const COMMUNITY_TRUST = 'Norfolk Community Health and Care NHS Trust';
const MENTAL_HEALTH_TRUST = 'Cambridgeshire and Peterborough NHS Foundation Trust';

const LEARNERS = DEMO_LEARNERS;

/** A row of the page's summary list, by its key. */
function summaryRow(page: Page, key: string) {
  return page
    .locator('.nhsuk-summary-list__row')
    .filter({ has: page.locator('.nhsuk-summary-list__key', { hasText: new RegExp(`^\\s*${key}\\s*$`) }) });
}

interface PlacementInput {
  provider: string;
  setting: string;
  specialty: string;
  startsOn: DateParts;
  endsOn: DateParts;
  sessions: number;
}

async function addPlacement(page: Page, postPath: string, code: string, placement: PlacementInput): Promise<void> {
  await page.getByRole('button', { name: 'Add a placement' }).click();
  await expect(page).toHaveURL(new RegExp(`${postPath}/placements/new$`));
  await expect(page.getByRole('heading', { level: 1, name: `Add a placement to post ${code}` })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Placement provider', { exact: true }).selectOption({ label: placement.provider });
  await page
    .getByRole('group', { name: 'Setting', exact: true })
    .getByLabel(placement.setting, { exact: true })
    .check();
  await page.getByLabel('Specialty or service', { exact: true }).fill(placement.specialty);
  await fillDate(page, 'Start date', placement.startsOn);
  await fillDate(page, 'End date', placement.endsOn);
  await page.getByLabel('Sessions a week', { exact: true }).fill(String(placement.sessions));
  await page.getByRole('button', { name: 'Add placement', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${postPath}$`));
  await expect(page.getByText(`${placement.specialty} has been added to post ${code}.`)).toBeVisible();
  await expectNoAxeViolations(page);
}

/** Adds a post with one place to the year and its placements; returns the post's path. */
async function addPost(
  page: Page,
  yearId: string,
  post: { code: string; title: string; placements: readonly PlacementInput[] },
): Promise<string> {
  await page.goto(`/posts/new?year=${yearId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Add a post' })).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(page.getByLabel('Programme year', { exact: true })).toHaveValue(yearId);
  await page.getByLabel('Post code', { exact: true }).fill(post.code);
  await page.getByLabel('Post title', { exact: true }).fill(post.title);
  await page.getByLabel('Lead employer', { exact: true }).selectOption({ label: ACUTE_TRUST });
  await page.getByLabel('Number of places', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Add post', exact: true }).click();
  await expect(page).toHaveURL(/\/posts\/[0-9a-f-]{36}$/);
  await expect(page.getByText(`Post ${post.code} has been added. Now add its placements.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `${post.code}: ${post.title}` })).toBeVisible();
  await expectNoAxeViolations(page);
  const postPath = new URL(page.url()).pathname;

  for (const placement of post.placements) await addPlacement(page, postPath, post.code, placement);
  await expect(page.getByText(/The rotation covers the whole year across \d settings\./)).toBeVisible();
  await expect(page.getByText('This rotation is not complete')).toHaveCount(0);
  return postPath;
}

test('the administrator allocates two posts to three learners, who see their result and their year', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36).toUpperCase();
  const yearName = `F2 journey ${suffix}`;
  const windowName = `${yearName} allocation`;
  const codeA = `JRN-${suffix}-A`;
  const codeB = `JRN-${suffix}-B`;

  // The next academic year, so the new year never overlaps the demo's posts.
  const today = new Date();
  const start = (today.getUTCMonth() >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1) + 1;
  const date = (day: number, month: number, year: number): DateParts => ({
    day: String(day),
    month: String(month),
    year: String(year),
  });
  const yearStart = date(1, 8, start);
  const lastOfJanuary = date(31, 1, start + 1);
  const firstOfFebruary = date(1, 2, start + 1);
  const yearEnd = date(31, 7, start + 1);

  // ----- The administrator adds a programme year and its two posts -----

  const admin = demoAccount('programme.admin');
  await signInAsDemo(page, admin, { checkAccessibility: true });

  await page.goto('/posts/years/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Add a programme year' })).toBeVisible();
  await expectNoAxeViolations(page);
  const region = page.getByLabel('Region', { exact: true });
  if ((await region.count()) > 0) await region.selectOption({ label: REGION });
  await page.getByLabel('Name', { exact: true }).fill(yearName);
  await fillDate(page, 'Start date', yearStart);
  await fillDate(page, 'End date', yearEnd);
  await page.getByRole('button', { name: 'Add programme year', exact: true }).click();
  await expect(page).toHaveURL(/\/posts\?year=[0-9a-f-]{36}$/);
  await expect(page.getByText(`${yearName} has been added. Now add its posts.`)).toBeVisible();
  await expectNoAxeViolations(page);
  const yearId = new URL(page.url()).searchParams.get('year') ?? '';

  // Post A: six months of acute medicine then six in general practice, with a community day a week all year.
  await addPost(page, yearId, {
    code: codeA,
    title: 'Generalism F2: acute medicine and general practice with community care',
    placements: [
      {
        provider: ACUTE_TRUST,
        setting: 'Acute hospital',
        specialty: 'Acute medicine',
        startsOn: yearStart,
        endsOn: lastOfJanuary,
        sessions: 8,
      },
      {
        provider: PRACTICE,
        setting: 'General practice',
        specialty: 'General practice',
        startsOn: firstOfFebruary,
        endsOn: yearEnd,
        sessions: 8,
      },
      {
        provider: COMMUNITY_TRUST,
        setting: 'Community',
        specialty: 'Community frailty and virtual ward',
        startsOn: yearStart,
        endsOn: yearEnd,
        sessions: 2,
      },
    ],
  });

  // Post B: six months in mental health, then six in an acute hospital, full time.
  await addPost(page, yearId, {
    code: codeB,
    title: 'Generalism F2: liaison psychiatry and care of older people',
    placements: [
      {
        provider: MENTAL_HEALTH_TRUST,
        setting: 'Mental health',
        specialty: 'Liaison psychiatry',
        startsOn: yearStart,
        endsOn: lastOfJanuary,
        sessions: 10,
      },
      {
        provider: ACUTE_TRUST,
        setting: 'Acute hospital',
        specialty: 'Care of older people',
        startsOn: firstOfFebruary,
        endsOn: yearEnd,
        sessions: 10,
      },
    ],
  });

  // ----- Opens a preference window for the three learners -----

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Allocation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Allocation' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/allocation/windows/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Create a preference window' })).toBeVisible();
  const yearSelect = page.getByLabel('Programme year', { exact: true });
  if ((await yearSelect.count()) > 0) {
    // More than one year: the form first asks which.
    await expectNoAxeViolations(page);
    await yearSelect.selectOption({ label: `${yearName}, ${REGION}` });
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  await expect(page.getByText(`${yearName}, ${REGION}`)).toBeVisible();
  await expectNoAxeViolations(page);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(windowName);
  const postsGroup = page.getByRole('group', { name: 'Posts to rank' });
  await expect(postsGroup.getByRole('checkbox')).toHaveCount(2);
  await expect(postsGroup.getByRole('checkbox', { name: new RegExp(`^${codeA}:`) })).toBeChecked();
  await expect(postsGroup.getByRole('checkbox', { name: new RegExp(`^${codeB}:`) })).toBeChecked();
  await page
    .getByRole('group', { name: 'Who may rank the posts' })
    .getByLabel('Learners I choose', { exact: true })
    .check();
  const learnersGroup = page.getByRole('group', { name: 'Learners', exact: true });
  for (const learner of LEARNERS) {
    await learnersGroup.getByLabel(`${learner.name} (${learner.stage})`, { exact: true }).check();
  }
  await expectNoAxeViolations(page);
  const deadline = londonInMinutes(20);
  await fillDate(page, 'Deadline', deadline);
  await page.getByLabel('Time', { exact: true }).fill(deadline.time);
  await page
    .getByRole('group', { name: 'How the posts will be allocated' })
    .getByLabel('Priority order (serial dictatorship)', { exact: true })
    .check();
  await page.getByRole('button', { name: 'Create window', exact: true }).click();
  await expect(page).toHaveURL(/\/allocation\/windows\/[0-9a-f-]{36}$/);
  const windowPath = new URL(page.url()).pathname;
  const windowId = windowPath.split('/').pop() ?? '';
  await expect(page.getByText(`${windowName} has been created. Check it, then open it to learners.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Draft`) })).toBeVisible();
  await expectNoAxeViolations(page);

  // Special circumstances and linked applications: nobody here needs either, but the page is checked, and a
  // mistake on its form is explained with what was chosen kept.
  await page.getByRole('link', { name: 'Special circumstances and linked applications' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Special circumstances and linked applications' }),
  ).toBeVisible();
  await expect(page.getByText('Nobody is pre-allocated.')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel('Special circumstances the panel agreed', { exact: true }).fill('Caring responsibilities');
  await page.getByRole('button', { name: 'Pre-allocate', exact: true }).click();
  await expect(page.getByRole('alert').getByText('Select the learner')).toBeVisible();
  await expect(page.getByLabel('Special circumstances the panel agreed', { exact: true })).toHaveValue(
    'Caring responsibilities',
  );
  await expectNoAxeViolations(page);
  await page.goto(windowPath);

  await page.getByRole('button', { name: 'Open window and email learners' }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(page.getByText(`${windowName} is open.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Open`) })).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);

  // ----- The three learners rank both posts, all with post A first -----

  const rankingHeading = page.getByRole('heading', { level: 1, name: `Rank the posts for ${windowName}` });
  const numberFor = (code: string) => page.getByLabel(`Your number for ${code}`, { exact: true });
  const submitted = page.getByText(`Your preferences for ${windowName} have been submitted.`);

  for (const [index, learner] of LEARNERS.entries()) {
    await signInAsDemo(page, learner);
    if (index < 2) {
      // From the task on their home page.
      await page.getByRole('link', { name: `Rank the posts for ${windowName}` }).click();
    } else {
      // From the Preferences page.
      await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Preferences' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.getByRole('link', { name: windowName, exact: true }).click();
    }
    await expect(page).toHaveURL(new RegExp(`/preferences/${windowId}$`));
    await expect(rankingHeading).toBeVisible();
    await expectNoAxeViolations(page);

    if (index === 0) {
      // A mistake first: both posts numbered 1. The page says so and keeps what was typed.
      await numberFor(codeA).fill('1');
      await numberFor(codeB).fill('1');
      await page.getByRole('button', { name: 'Submit preferences', exact: true }).click();
      const summary = page.locator('.nhsuk-error-summary');
      await expect(summary).toBeVisible();
      await expect(summary).toContainText(
        `${codeA} and ${codeB} both have number 1: give each post a different number`,
      );
      await expect(rankingHeading).toBeVisible();
      await expect(numberFor(codeA)).toHaveValue('1');
      await expect(numberFor(codeB)).toHaveValue('1');
      await expectNoAxeViolations(page);
    }

    if (index === 2) {
      // By keyboard: typed the wrong way round, then post A is moved up with its button, which renumbers both.
      await numberFor(codeA).fill('2');
      await numberFor(codeB).fill('1');
      await numberFor(codeB).press('Tab');
      const moveUp = page.getByRole('button', { name: `Move up ${codeA}` });
      await moveUp.focus();
      await page.keyboard.press('Enter');
      await expect(numberFor(codeA)).toHaveValue('1');
      await expect(numberFor(codeB)).toHaveValue('2');
      await expect(moveUp).toBeFocused();
      await expect(page.locator('[data-rank-status]')).toHaveText(`${codeA} is now number 1`);
      await expectNoAxeViolations(page);
    } else if (index === 1) {
      // By dragging: post B is numbered 1 and post A left blank, so A sits below B, unranked. A is dragged by its
      // grip onto the bottom of B's row, which ranks it 2nd; then onto the top of B's row, which moves it to 1st.
      await numberFor(codeB).fill('1');
      await numberFor(codeB).press('Tab');
      const rowFor = (code: string) => page.locator(`[data-rank-row][data-rank-label="${code}"]`);
      const gripFor = (code: string) => rowFor(code).locator('[data-rank-grip]');
      const status = page.locator('[data-rank-status]');
      await expect(page.locator('[data-rank-row]').first()).toHaveAttribute('data-rank-label', codeB);
      await expect(numberFor(codeA)).toHaveValue('');
      const rowB = await rowFor(codeB).boundingBox();
      if (rowB === null) throw new Error(`The row for ${codeB} is not visible`);
      await gripFor(codeA).dragTo(rowFor(codeB), { targetPosition: { x: 24, y: rowB.height - 4 } });
      await expect(numberFor(codeB)).toHaveValue('1');
      await expect(numberFor(codeA)).toHaveValue('2');
      await expect(status).toHaveText(`${codeA} is now number 2`);
      await gripFor(codeA).dragTo(rowFor(codeB), { targetPosition: { x: 24, y: 4 } });
      await expect(numberFor(codeA)).toHaveValue('1');
      await expect(numberFor(codeB)).toHaveValue('2');
      await expect(status).toHaveText(`${codeA} is now number 1`);
      await expect(page.locator('[data-rank-row]').first()).toHaveAttribute('data-rank-label', codeA);
      await expectNoAxeViolations(page);
    } else {
      await numberFor(codeA).fill('1');
      await numberFor(codeB).fill('2');
    }
    await page.getByRole('button', { name: 'Submit preferences', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/preferences/${windowId}$`));
    await expect(submitted).toBeVisible();
    await expect(numberFor(codeA)).toHaveValue('1');
    await expect(numberFor(codeB)).toHaveValue('2');
    await expectNoAxeViolations(page);
    await signOut(page);
  }

  // ----- The administrator closes the window, runs, previews, compares and publishes -----

  await signInAsDemo(page, admin);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Allocation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Allocation' })).toBeVisible();
  await page.getByRole('link', { name: windowName, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(page.getByText('Everyone has submitted.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Close window now' }).click();
  await expect(page.getByText(`${windowName} is closed. Learners can no longer change their rankings.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Closed`) })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Run the allocation' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Run allocation', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}/runs/[0-9a-f-]{36}$`));
  const runPath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: /^Allocation run of / })).toBeVisible();
  await expect(
    page.getByText(/The allocation has been run with seed \d+\. Check the preview before publishing\./),
  ).toBeVisible();
  await expect(summaryRow(page, 'Applicants')).toContainText('3');
  await expect(summaryRow(page, 'Placed')).toContainText('2 (66.7%)');
  await expect(page.getByRole('img', { name: /Bar chart of how many applicants/ })).toBeVisible();
  const byChoice = page.getByRole('table', { name: 'Applicants by the choice they were given' });
  for (const label of ['1st choice', '2nd choice', 'Not placed']) {
    await expect(byChoice.locator('tbody tr').filter({ hasText: label })).toContainText('1');
  }
  await expect(page.getByRole('heading', { level: 2, name: 'Not placed (1)' })).toBeVisible();
  await expectNoAxeViolations(page);

  // Who the lottery placed where: priority 1 takes post A, priority 2 post B, priority 3 is not placed.
  const assignments = page.getByRole('table', { name: 'Assignments in priority order' });
  const rows = assignments.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const outcome = new Map<string, { priority: number; code: string | null }>();
  for (const learner of LEARNERS) {
    const text = await rows.filter({ hasText: learner.name }).innerText();
    const priority = Number(/(\d)/.exec(text)?.[1]);
    const code = text.includes(codeA) ? codeA : text.includes(codeB) ? codeB : null;
    outcome.set(learner.name, { priority, code });
  }
  const byPriority = (priority: number) => {
    const found = LEARNERS.find((learner) => outcome.get(learner.name)?.priority === priority);
    if (found === undefined) throw new Error(`No learner with priority ${String(priority)}`);
    return found;
  };
  const first = byPriority(1);
  const unplaced = byPriority(3);
  expect(outcome.get(first.name)?.code).toBe(codeA);
  expect(outcome.get(byPriority(2).name)?.code).toBe(codeB);
  expect(outcome.get(unplaced.name)?.code).toBeNull();

  await page.getByRole('button', { name: 'Compare methods' }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}/compare$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Compare allocation methods' })).toBeVisible();
  const comparison = page.getByRole('table', { name: 'Share of applicants, by method' });
  await expect(comparison.getByRole('row')).toHaveCount(4);
  await expect(comparison).toContainText("Priority order (serial dictatorship) (this window's method)");
  await expectNoAxeViolations(page);

  await page.goto(runPath);
  await expect(page.getByRole('heading', { level: 1, name: /^Allocation run of / })).toBeVisible();
  await page.getByRole('button', { name: 'Publish this allocation' }).click();
  await expect(page).toHaveURL(new RegExp(`${runPath}/publish$`));
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: `Are you sure you want to publish this allocation for ${windowName}?`,
    }),
  ).toBeVisible();
  await expect(page.getByText('2 of 3 applicants will be placed in their posts')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Publish allocation', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${windowPath}$`));
  await expect(
    page.getByText(`The allocation for ${windowName} has been published and learners have been emailed.`),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${windowName} Published`) })).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);

  // ----- The learner with first priority sees their post, why, and their year -----

  await signInAsDemo(page, first);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
  await page.getByRole('link', { name: 'See your allocation and why' }).click();
  await expect(page).toHaveURL(new RegExp(`/preferences/${windowId}/result$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Your allocation' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'You were given your 1st choice' })).toBeVisible();
  await expect(page.getByText(`${codeA}: Generalism F2: acute medicine`)).toBeVisible();
  await expect(summaryRow(page, 'Your priority number')).toContainText('1 of 3');
  await expect(summaryRow(page, 'Method')).toContainText('Priority order (serial dictatorship)');
  await expect(page.getByText('You were given your first choice.')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My year' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My year' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(codeA);
  await expect(page.getByRole('main')).toContainText('Acute medicine');
  await expect(page.getByRole('main')).toContainText(PRACTICE);
  await expectNoAxeViolations(page);
  await signOut(page);

  // ----- The learner with the last priority sees why they were not placed -----

  await signInAsDemo(page, unplaced);
  await page.goto(`/preferences/${windowId}/result`);
  await expect(page.getByRole('heading', { level: 1, name: 'Your allocation' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'You were not given a post' })).toBeVisible();
  await expect(summaryRow(page, 'Your priority number')).toContainText('3 of 3');
  await expect(page.getByText('All 2 posts you ranked were filled by applicants with higher priority.')).toBeVisible();
  await expect(page.getByText(new RegExp(`Your 1st choice, ${codeA}`))).toBeVisible();
  await expect(page.getByText(new RegExp(`Your 2nd choice, ${codeB}`))).toBeVisible();
  await expectNoAxeViolations(page);
});
