import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { DEMO_LEARNERS, demoAccount } from './support/demo.ts';
import { fillDate, londonInMinutes } from './support/forms.ts';
import { expect, signInAsDemo, signOut, test } from './support/fixtures.ts';

/**
 * A learning event with one place: the programme administrator creates it to start in a few minutes; the F1
 * learner books the place; the F2 learner finds it full and joins the waiting list; the F1 learner cancels and
 * the F2 learner is given the place automatically; the administrator shows the check-in code; the F2 learner
 * checks in with it and sees the event counted in their progress. The event's title is new on every run, so the
 * journey does not depend on what other journeys did to the shared demo database.
 */

const [SECOND, FIRST] = DEMO_LEARNERS;

async function openEvent(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Events' }).click();
  await page.getByRole('link', { name: title, exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('a learner on the waiting list is given the place when it frees, checks in and sees their progress change', async ({
  page,
}) => {
  test.setTimeout(240_000);
  if (FIRST === undefined || SECOND === undefined) throw new Error('The demo learners are missing');
  const title = `Inclusion health huddle ${String(Date.now()).slice(-6)}`;
  const admin = demoAccount('programme.admin');

  // The administrator creates an event with one place, starting in ten minutes, that evidences SJE-F2-01.
  await signInAsDemo(page, admin);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Events' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Create an event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an event' })).toBeVisible();
  await expectNoAxeViolations(page);
  const start = londonInMinutes(10);
  const end = londonInMinutes(70);
  await page.getByLabel('Type of event', { exact: true }).selectOption({ label: 'Learning-event day' });
  await page.getByLabel('Title', { exact: true }).fill(title);
  await fillDate(page, 'Date', start);
  await page.getByLabel('Start time', { exact: true }).fill(start.time);
  // An hour, or to the end of the day when the hour would cross midnight.
  await page.getByLabel('End time', { exact: true }).fill(end.day === start.day ? end.time : '23:59');
  await page.getByLabel('Venue', { exact: true }).fill('Seminar room 2, West Suffolk Hospital, Bury St Edmunds');
  await page.getByLabel('Number of places', { exact: true }).fill('1');
  await page.getByRole('checkbox', { name: /SJE-F2-01:/ }).check();
  await page.getByRole('button', { name: 'Create event', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const eventPath = new URL(page.url()).pathname;
  expect(eventPath).toMatch(/^\/events\/[0-9a-f-]{36}$/);
  await expectNoAxeViolations(page);
  await signOut(page);

  // The F1 learner takes the only place.
  await signInAsDemo(page, FIRST);
  await openEvent(page, title);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Book a place', exact: true }).click();
  await expect(page.getByText('You have a place', { exact: true })).toBeVisible();
  await signOut(page);

  // The F2 learner finds it full, joins the waiting list, and has no evidence from it yet.
  await signInAsDemo(page, SECOND);
  await page.goto('/progress');
  await expect(page.getByRole('heading', { level: 1, name: 'My progress' })).toBeVisible();
  // Listed as an event that would help, not yet as evidence.
  const asEvidence = page
    .getByRole('listitem')
    .filter({ hasText: title })
    .filter({ hasText: 'Learning event attended' });
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Would evidence: SJE-F2-01');
  await expect(asEvidence).toHaveCount(0);
  await openEvent(page, title);
  await expect(page.getByText('This event is full.')).toBeVisible();
  await page.getByRole('button', { name: 'Join the waiting list', exact: true }).click();
  await expect(page.getByText('You are number 1 on the waiting list.')).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);

  // The F1 learner cancels, after confirming.
  await signInAsDemo(page, FIRST);
  await page.goto(eventPath);
  await page.getByRole('link', { name: 'Cancel my place' }).click();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /Cancel my place/ }).click();
  await expect(page.getByText('Not booked', { exact: true })).toBeVisible();
  await signOut(page);

  // The administrator sees the F2 learner has the place now, and shows the check-in code.
  await signInAsDemo(page, admin);
  await page.goto(eventPath);
  await expect(page.getByRole('heading', { level: 3, name: 'Registered (1)' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: SECOND.name })).toBeVisible();
  await page.getByRole('link', { name: 'Show the check-in code' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check-in code' })).toBeVisible();
  await expectNoAxeViolations(page);
  const code = (await page.locator('#check-in-code [aria-hidden="true"]').innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
  await signOut(page);

  // The F2 learner was promoted, checks in (a typing slip first), and the event now evidences their progress.
  await signInAsDemo(page, SECOND);
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
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My progress' }).click();
  await expect(asEvidence).toHaveCount(1);
  await expect(asEvidence.getByRole('link', { name: title })).toBeVisible();
  await expectNoAxeViolations(page);
});
