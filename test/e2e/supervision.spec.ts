import { EventPage } from './pages/event-page.ts';
import { EventsPage } from './pages/events-page.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { ProgressPage } from './pages/progress-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

/**
 * The people around a learner: the educational supervisor follows a supervisee's progress and annual reviews; the
 * educational fellow reads the feedback on a learning day they facilitated two days ago (built, with its attendance
 * and feedback, by scripts/e2e-fixtures.ts, so there is one whatever today's date). Both only read.
 */
test.describe.configure({ mode: 'parallel' });

test.describe('the educational supervisor', () => {
  test.use({ signedInAs: demoAccount('educational.supervisor').email });

  test('follows a supervisee’s progress and annual reviews', async ({ page }) => {
    await new HomePage(page).goto();
    await new Header(page).openMenu('Learners');
    await expect(page.getByRole('heading', { level: 1, name: 'Learners' })).toBeVisible();
    // The demo supervisor supervises the F2 and F1 learners, not the ST1 learner.
    await expect(page.getByRole('link', { name: 'Dr Jamie Lee' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Dr Owen Fairweather' })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Dr Jamie Lee' }).click();
    await new ProgressPage(page).expectOpen('Dr Jamie Lee');
    await expect(page.getByRole('heading', { level: 2, name: 'Upcoming events that would help' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Environmental sustainability' }).first()).toBeVisible();
    await expectNoAxeViolations(page);

    await page
      .getByRole('link', { name: /annual review/i })
      .first()
      .click();
    await expect(page.getByText('Satisfactory progress').first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('the educational fellow', () => {
  test.use({ signedInAs: demoAccount('educational.fellow').email });

  test('reads the feedback on a learning day they facilitated', async ({ page }) => {
    const { past } = journeyFixtures().events;
    const events = new EventsPage(page);
    const event = new EventPage(page, past.title);
    await new HomePage(page).goto();
    await new Header(page).openMenu('Events');
    await events.expectOpen();
    await events.showPast();
    await expectNoAxeViolations(page);
    await events.openEvent(past.title, 'table');
    await event.expectOpen();
    await event.openFeedback();
    await expect(page.getByRole('heading', { level: 1, name: 'Feedback' })).toBeVisible();
    await expect(
      page.getByRole('heading', { level: 2, name: 'Overall, how would you rate this event?' }),
    ).toBeVisible();
    await expect(page.getByText('Practical and kind.')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
