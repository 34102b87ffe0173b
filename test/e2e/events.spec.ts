import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { fillDate, londonInMinutes } from './support/forms.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';
import { openMenu } from './support/pages.ts';

/**
 * Learning events: the programme administrator creates one; a learner on the waiting list is given the place when
 * it frees; a learner checks in with the code shown in the room and sees the event counted in their progress. The
 * events the last two start from are built by scripts/e2e-fixtures.ts, each for this journey alone.
 */
test.describe.configure({ mode: 'parallel' });

const [F2, F1] = DEMO_LEARNERS;
const ADMIN = demoAccount('programme.admin');

test.describe('the programme administrator', () => {
  test.use({ signedInAs: ADMIN.email });

  test('creates an event with one place that evidences an outcome', async ({ page }) => {
    const title = `Inclusion health huddle ${String(Date.now()).slice(-6)}`;
    await page.goto('/');
    await openMenu(page, 'Events');
    await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Create an event' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Create an event' })).toBeVisible();
    await expectNoAxeViolations(page);
    // A week on, from 10:00 to 11:00.
    const day = londonInMinutes(7 * 24 * 60);
    await page.getByLabel('Type of event', { exact: true }).selectOption({ label: 'Learning-event day' });
    await page.getByLabel('Title', { exact: true }).fill(title);
    await fillDate(page, 'Date', day);
    await page.getByLabel('Start time', { exact: true }).fill('10:00');
    await page.getByLabel('End time', { exact: true }).fill('11:00');
    await page.getByLabel('Venue', { exact: true }).fill('Seminar room 2, West Suffolk Hospital, Bury St Edmunds');
    await page.getByLabel('Number of places', { exact: true }).fill('1');
    await page.getByRole('checkbox', { name: /SJE-F2-01:/ }).check();
    await page.getByRole('button', { name: 'Create event', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    expect(new URL(page.url()).pathname).toMatch(/^\/events\/[0-9a-f-]{36}$/);
    await expect(page.getByText('SJE-F2-01').first()).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('the F2 learner', () => {
  test.use({ signedInAs: F2?.email });

  test('joins the waiting list of a full event and is given the place when the F1 learner cancels', async ({
    page,
    pageAs,
  }) => {
    const { waitingList } = journeyFixtures().events;
    const eventPath = `/events/${waitingList.eventId}`;
    const heading = (on: typeof page) => on.getByRole('heading', { level: 1, name: waitingList.title });

    // The F1 learner takes the only place, from the Events page.
    const f1 = await pageAs(F1?.email ?? '');
    await f1.goto('/');
    await openMenu(f1, 'Events');
    await f1.getByRole('link', { name: waitingList.title, exact: true }).first().click();
    await expect(heading(f1)).toBeVisible();
    await f1.getByRole('button', { name: 'Book a place', exact: true }).click();
    await expect(f1.getByText('You have a place', { exact: true })).toBeVisible();

    // The F2 learner finds it full and joins the waiting list.
    await page.goto(eventPath);
    await expect(heading(page)).toBeVisible();
    await expect(page.getByText('This event is full.')).toBeVisible();
    await page.getByRole('button', { name: 'Join the waiting list', exact: true }).click();
    await expect(page.getByText('You are number 1 on the waiting list.')).toBeVisible();
    await expectNoAxeViolations(page);

    // The F1 learner cancels, after confirming.
    await f1.getByRole('link', { name: 'Cancel my place' }).click();
    await expectNoAxeViolations(f1);
    await f1.getByRole('button', { name: /Cancel my place/ }).click();
    await expect(f1.getByText('Not booked', { exact: true })).toBeVisible();

    // The F2 learner has the place now, and the programme team sees them registered.
    await page.reload();
    await expect(page.getByText('You have a place', { exact: true })).toBeVisible();
    const admin = await pageAs(ADMIN.email);
    await admin.goto(eventPath);
    await expect(admin.getByRole('heading', { level: 3, name: 'Registered (1)' })).toBeVisible();
    await expect(admin.getByRole('listitem').filter({ hasText: F2?.name ?? '' })).toBeVisible();
  });

  test('checks in with the code shown in the room, and sees the event counted in their progress', async ({
    page,
    pageAs,
  }) => {
    const { checkIn } = journeyFixtures().events;
    const eventPath = `/events/${checkIn.eventId}`;
    const asEvidence = page
      .getByRole('listitem')
      .filter({ hasText: checkIn.title })
      .filter({ hasText: 'Learning event attended' });
    await page.goto('/progress');
    await expect(page.getByRole('heading', { level: 1, name: 'My progress' })).toBeVisible();
    await expect(asEvidence).toHaveCount(0);

    // The programme administrator shows the code in the room.
    const admin = await pageAs(ADMIN.email);
    await admin.goto(eventPath);
    await admin.getByRole('link', { name: 'Show the check-in code' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Check-in code' })).toBeVisible();
    await expectNoAxeViolations(admin);
    const code = (await admin.locator('#check-in-code [aria-hidden="true"]').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);

    // A typing slip first: explained, with what was typed kept.
    await page.goto(eventPath);
    await expect(page.getByText('You have a place', { exact: true })).toBeVisible();
    await page.getByLabel('Check-in code', { exact: true }).fill('ZZZ-ZZZ');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByLabel('Check-in code', { exact: true })).toHaveValue('ZZZ-ZZZ');
    await expectNoAxeViolations(page);
    await page.getByLabel('Check-in code', { exact: true }).fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByText('You attended this event. It counts towards your progress.')).toBeVisible();
    await openMenu(page, 'My progress');
    await expect(asEvidence).toHaveCount(1);
    await expect(asEvidence.getByRole('link', { name: checkIn.title })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
