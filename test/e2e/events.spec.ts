import { ConfirmationPage } from './pages/confirmation-page.ts';
import { DateInput } from './pages/date-input.ts';
import { ErrorSummary } from './pages/error-summary.ts';
import { EventPage } from './pages/event-page.ts';
import { EventsPage } from './pages/events-page.ts';
import { Header } from './pages/header.ts';
import { HomePage } from './pages/home-page.ts';
import { ProgressPage } from './pages/progress-page.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { londonInMinutes } from './support/dates.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';
import { journeyFixtures } from './support/journey-fixtures.ts';

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
    const events = new EventsPage(page);
    await new HomePage(page).goto();
    await new Header(page).openMenu('Events');
    await events.expectOpen();
    await expectNoAxeViolations(page);
    await events.createEvent();
    await expect(page.getByRole('heading', { level: 1, name: 'Create an event' })).toBeVisible();
    await expectNoAxeViolations(page);
    // A week on, from 10:00 to 11:00.
    const day = londonInMinutes(7 * 24 * 60);
    await page.getByLabel('Type of event', { exact: true }).selectOption({ label: 'Learning-event day' });
    await page.getByLabel('Title', { exact: true }).fill(title);
    await new DateInput(page, 'Date').fill(day);
    await page.getByLabel('Start time', { exact: true }).fill('10:00');
    await page.getByLabel('End time', { exact: true }).fill('11:00');
    await page.getByLabel('Venue', { exact: true }).fill('Seminar room 2, West Suffolk Hospital, Bury St Edmunds');
    await page.getByLabel('Number of places', { exact: true }).fill('1');
    await page.getByRole('checkbox', { name: /SJE-F2-01:/ }).check();
    await page.getByRole('button', { name: 'Create event', exact: true }).click();
    await new EventPage(page, title).expectOpen();
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
    const event = new EventPage(page, waitingList.title);

    // The F1 learner takes the only place, from the Events page.
    const f1 = await pageAs(F1?.email ?? '');
    const f1Event = new EventPage(f1, waitingList.title);
    await new HomePage(f1).goto();
    await new Header(f1).openMenu('Events');
    await new EventsPage(f1).openEvent(waitingList.title);
    await f1Event.expectOpen();
    await f1Event.bookPlace();
    await expect(f1Event.hasPlace).toBeVisible();

    // The F2 learner finds it full and joins the waiting list.
    await event.goto(waitingList.eventId);
    await event.expectOpen();
    await expect(page.getByText('This event is full.')).toBeVisible();
    await event.joinWaitingList();
    await expect(page.getByText('You are number 1 on the waiting list.')).toBeVisible();
    await expectNoAxeViolations(page);

    // The F1 learner cancels, after confirming.
    await f1Event.cancelPlace();
    await expectNoAxeViolations(f1);
    await new ConfirmationPage(f1).confirm(/Cancel my place/);
    await expect(f1.getByText('Not booked', { exact: true })).toBeVisible();

    // The F2 learner has the place now, and the programme team sees them registered.
    await page.reload();
    await expect(event.hasPlace).toBeVisible();
    const admin = await pageAs(ADMIN.email);
    await new EventPage(admin, waitingList.title).goto(waitingList.eventId);
    await expect(admin.getByRole('heading', { level: 3, name: 'Registered (1)' })).toBeVisible();
    await expect(admin.getByRole('listitem').filter({ hasText: F2?.name ?? '' })).toBeVisible();
  });

  test('checks in with the code shown in the room, and sees the event counted in their progress', async ({
    page,
    pageAs,
  }) => {
    const { checkIn } = journeyFixtures().events;
    const event = new EventPage(page, checkIn.title);
    const progress = new ProgressPage(page);
    const asEvidence = progress.attendedEvent(checkIn.title);
    await progress.goto();
    await progress.expectOpen();
    await expect(asEvidence).toHaveCount(0);

    // The programme administrator shows the code in the room.
    const admin = await pageAs(ADMIN.email);
    const adminEvent = new EventPage(admin, checkIn.title);
    await adminEvent.goto(checkIn.eventId);
    await adminEvent.showCheckInCode();
    await expect(admin.getByRole('heading', { level: 1, name: 'Check-in code' })).toBeVisible();
    await expectNoAxeViolations(admin);
    const code = (await admin.locator('#check-in-code [aria-hidden="true"]').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);

    // A typing slip first: explained, with what was typed kept.
    await event.goto(checkIn.eventId);
    await expect(event.hasPlace).toBeVisible();
    await event.checkIn('ZZZ-ZZZ');
    await new ErrorSummary(page).expectVisible();
    await expect(event.checkInCode).toHaveValue('ZZZ-ZZZ');
    await expectNoAxeViolations(page);
    await event.checkIn(code.toLowerCase());
    await expect(page.getByText('You attended this event. It counts towards your progress.')).toBeVisible();
    await new Header(page).openMenu('My progress');
    await expect(asEvidence).toHaveCount(1);
    await expect(asEvidence.getByRole('link', { name: checkIn.title })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
