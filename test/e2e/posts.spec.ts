import type { Page } from '@playwright/test';
import { DateInput, type DateParts } from './pages/date-input.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { serverNow } from './support/dates.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * Generalism posts as the programme team and a learner see them: the list, a post's year-long rotation (timeline
 * and table), the programme-year overview, adding a year and a post with its rotation, and the learner's own year
 * with its calendar feed.
 */
test.describe.configure({ mode: 'parallel' });

const ADMIN = demoAccount('programme.admin');

test.describe('the programme administrator', () => {
  test.use({ signedInAs: ADMIN.email });

  test('reviews the demo posts, a rotation and the year overview', async ({ page }) => {
    await page.goto('/posts');
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

  test('adds a programme year, a post, and the placements of its year-long rotation', async ({ page }) => {
    // Five years on, after the demo's year and the years scripts/e2e-fixtures.ts adds.
    const now = serverNow();
    const start = (now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1) + 5;
    const date = (day: number, month: number, year: number): DateParts => ({
      day: String(day),
      month: String(month),
      year: String(year),
    });
    const yearName = 'Journey year added with the form';
    const code = 'JRN-FORM-A';

    await page.goto('/posts/years/new');
    await expect(page.getByRole('heading', { level: 1, name: 'Add a programme year' })).toBeVisible();
    await expectNoAxeViolations(page);
    const region = page.getByLabel('Region', { exact: true });
    if ((await region.count()) > 0) await region.selectOption({ label: 'East of England' });
    await page.getByLabel('Name', { exact: true }).fill(yearName);
    await new DateInput(page, 'Start date').fill(date(1, 8, start));
    await new DateInput(page, 'End date').fill(date(31, 7, start + 1));
    await page.getByRole('button', { name: 'Add programme year', exact: true }).click();
    await expect(page).toHaveURL(/\/posts\?year=[0-9a-f-]{36}$/);
    await expect(page.getByText(`${yearName} has been added. Now add its posts.`)).toBeVisible();
    const yearId = new URL(page.url()).searchParams.get('year') ?? '';

    await page.goto(`/posts/new?year=${yearId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Add a post' })).toBeVisible();
    await expectNoAxeViolations(page);
    await expect(page.getByLabel('Programme year', { exact: true })).toHaveValue(yearId);
    await page.getByLabel('Post code', { exact: true }).fill(code);
    await page.getByLabel('Post title', { exact: true }).fill('Generalism F2: liaison psychiatry and older people');
    await page
      .getByLabel('Lead employer', { exact: true })
      .selectOption({ label: 'Cambridge University Hospitals NHS Foundation Trust' });
    await page.getByLabel('Number of places', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Add post', exact: true }).click();
    await expect(page).toHaveURL(/\/posts\/[0-9a-f-]{36}$/);
    await expect(page.getByText(`Post ${code} has been added. Now add its placements.`)).toBeVisible();
    const postPath = new URL(page.url()).pathname;

    // Six months in mental health, then six in an acute hospital, full time.
    await addPlacement(page, postPath, code, {
      provider: 'Cambridgeshire and Peterborough NHS Foundation Trust',
      setting: 'Mental health',
      specialty: 'Liaison psychiatry',
      startsOn: date(1, 8, start),
      endsOn: date(31, 1, start + 1),
      check: true,
    });
    await addPlacement(page, postPath, code, {
      provider: 'Cambridge University Hospitals NHS Foundation Trust',
      setting: 'Acute hospital',
      specialty: 'Care of older people',
      startsOn: date(1, 2, start + 1),
      endsOn: date(31, 7, start + 1),
      check: false,
    });
    await expect(page.getByText(/The rotation covers the whole year across \d settings\./)).toBeVisible();
    await expect(page.getByText('This rotation is not complete')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

async function addPlacement(
  page: Page,
  postPath: string,
  code: string,
  placement: {
    provider: string;
    setting: string;
    specialty: string;
    startsOn: DateParts;
    endsOn: DateParts;
    check: boolean;
  },
): Promise<void> {
  await page.getByRole('button', { name: 'Add a placement' }).click();
  await expect(page).toHaveURL(new RegExp(`${postPath}/placements/new$`));
  await expect(page.getByRole('heading', { level: 1, name: `Add a placement to post ${code}` })).toBeVisible();
  if (placement.check) await expectNoAxeViolations(page);
  await page.getByLabel('Placement provider', { exact: true }).selectOption({ label: placement.provider });
  await page
    .getByRole('group', { name: 'Setting', exact: true })
    .getByLabel(placement.setting, { exact: true })
    .check();
  await page.getByLabel('Specialty or service', { exact: true }).fill(placement.specialty);
  await new DateInput(page, 'Start date').fill(placement.startsOn);
  await new DateInput(page, 'End date').fill(placement.endsOn);
  await page.getByLabel('Sessions a week', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Add placement', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${postPath}$`));
  await expect(page.getByText(`${placement.specialty} has been added to post ${code}.`)).toBeVisible();
}

test.describe('the learner', () => {
  test.use({ signedInAs: demoAccount('learner').email });

  test('sees their year and gets a private calendar link', async ({ page }) => {
    await new HomePage(page).goto();
    await new Header(page).openMenu('My year');
    await expect(page.getByRole('heading', { level: 1, name: 'My year' })).toBeVisible();
    await expect(page.getByText('EOE-GEN-01').first()).toBeVisible();
    await expectNoAxeViolations(page);

    // The private link is made only when asked for, and shown once; it is the only credential the feed needs. If
    // another journey has already made this learner's link, it is made afresh, as the learner would.
    const create = page.getByRole('button', { name: 'Create a calendar link' });
    await ((await create.count()) > 0 ? create : page.getByRole('button', { name: 'Reset the calendar link' })).click();
    await expect(page.locator('#calendar-link')).toBeVisible();
    const link = (await page.locator('#calendar-link').textContent())?.trim() ?? '';
    expect(link).toMatch(/\/my-year\/calendar\/[^/]+\.ics$/);
    const url = new URL(link, page.url());
    const response = await page.request.get(url.toString());
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('BEGIN:VEVENT');
  });
});
