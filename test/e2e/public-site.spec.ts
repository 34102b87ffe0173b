import { DateInput } from './pages/date-input.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { londonInMinutes } from './support/dates.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * The public School of Generalism pages: a member of the public, not signed in, reads the East of England school's
 * page, its posts, Enhance, news and questions; the programme director schedules one news post and publishes another
 * at once, and only the published one reaches the public news page.
 */
test.describe.configure({ mode: 'parallel' });

test.describe('a member of the public', () => {
  test('finds the East of England School of Generalism and reads its page', async ({ page }) => {
    await page.goto('/school');
    await expect(page.getByRole('heading', { level: 1, name: 'School of Generalism' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'East of England School of Generalism' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'East of England School of Generalism' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Latest news' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('reads the year’s posts', async ({ page }) => {
    await page.goto('/school/east-of-england');
    await page.getByRole('link', { name: /^See the \d+ posts? with their lead employers/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Generalism posts in East of England' })).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Lead employer' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('reads what the Enhance modules cover at each stage', async ({ page }) => {
    await page.goto('/school/east-of-england');
    await page.getByRole('link', { name: /Read what each module covers/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enhance: the six modules' })).toBeVisible();
    await page.locator('details summary').first().click();
    await expectNoAxeViolations(page);
  });

  test('reads the news', async ({ page }) => {
    await page.goto('/school/east-of-england');
    await page.getByRole('link', { name: 'Welcome to our new generalism doctors' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to our new generalism doctors' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'All news' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^News from the East of England/ })).toBeVisible();
    await expect(page.getByText('Learning event day: frailty across settings')).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test('subscribes to the news in a feed reader', async ({ page }) => {
    await page.goto('/school/east-of-england/news');
    const link = page.getByRole('link', { name: 'Subscribe to news (Atom feed)' });
    const feed = await page.request.get((await link.getAttribute('href')) ?? '');
    expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = await feed.text();
    expect(xml).toContain('<title type="text">Welcome to our new generalism doctors</title>');
    expect(xml).not.toContain('Learning event day: frailty across settings');
  });

  test('reads the pages on a phone without loading any script', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    for (const url of ['/school', '/school/east-of-england', '/school/east-of-england/enhance']) {
      await page.goto(url);
      await expect(page.locator('script')).toHaveCount(0);
    }
    // The outcomes still open: they are the browser's own <details>.
    await page.locator('details summary').first().click();
    await expect(page.locator('details').first()).toHaveAttribute('open', '');
    expect(scripts).toEqual([]);
  });

  test('reads the questions and answers', async ({ page }) => {
    await page.goto('/school/east-of-england');
    await page.getByRole('link', { name: 'Questions and answers' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'How are posts allocated?' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('the programme director’s news', () => {
  test.use({ signedInAs: demoAccount('programme.director').email });

  test('schedules one post and publishes another; only the published one is public', async ({ page, browser }) => {
    const stamp = String(Date.now());
    const later = `Open day next month ${stamp}`;
    const now = `Posts for next year announced ${stamp}`;

    await page.goto('/site/news');
    await expect(page.getByRole('heading', { level: 1, name: 'News' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Write a news post' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill(later);
    await page.getByRole('textbox', { name: 'Text' }).fill('Come and meet the programme team.');
    await page.getByRole('radio', { name: 'Schedule it' }).check();
    const when = londonInMinutes(3 * 24 * 60);
    await new DateInput(page, 'Date').fill(when);
    await page.getByRole('textbox', { name: 'Time (UK time)' }).fill(when.time);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Save the post' }).click();
    await expect(page.getByRole('row').filter({ hasText: later })).toContainText('Scheduled for');

    await page.getByRole('button', { name: 'Write a news post' }).click();
    await page.getByRole('textbox', { name: 'Title' }).fill(now);
    await page.getByRole('textbox', { name: 'Text' }).fill('The **posts** for next year are on the posts page.');
    await page.getByRole('radio', { name: 'Publish now' }).check();
    await page.getByRole('button', { name: 'Save the post' }).click();
    await expect(page.getByRole('row').filter({ hasText: now })).toContainText('Published');

    const publicContext = await browser.newContext();
    const visitor = await publicContext.newPage();
    await visitor.goto('/school/east-of-england/news');
    await expect(visitor.getByRole('link', { name: now })).toBeVisible();
    await expect(visitor.getByText(later)).toHaveCount(0);
    const feed = await (await visitor.request.get('/school/east-of-england/news.atom')).text();
    expect(feed).toContain(now);
    expect(feed).not.toContain(later);
    await publicContext.close();
  });
});
