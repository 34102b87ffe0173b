import { ErrorSummary } from './pages/error-summary.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * A member of the public sends an enquiry through the East of England contact form, with no account and no session
 * (the form first turns away an NHS number in the message, keeping what was typed), and is given a reference; the region's programme administrator finds it in the inbox by that reference, replies by
 * email from the app and sees the reply kept in the thread, the enquiry now in progress. Two steps of one story, run
 * in order: the second answers the enquiry the first sent.
 */
test.describe.configure({ mode: 'serial' });

const subject = `Visiting a Generalism practice ${String(Date.now())}`;
let reference = '';

test('a member of the public sends an enquiry and is given its reference', async ({ page }) => {
  await page.goto('/school/east-of-england/contact');
  await expect(page.getByRole('heading', { level: 1, name: 'Contact us' })).toBeVisible();
  await expect(page.getByText('Do not include patient details')).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Send your enquiry' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Select what your enquiry is about' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole('radio', { name: 'Generalism F2 posts' }).check();
  await page.getByRole('textbox', { name: 'Your name' }).fill('Maya Lindqvist');
  await page.getByRole('textbox', { name: /^Email address/ }).fill('maya.journey@example.com');
  await page.getByRole('textbox', { name: 'Subject' }).fill(subject);
  const message = page.getByRole('textbox', { name: /^Your message/ });
  await message.fill('I am applying for an F2 post next year. My NHS number is 943 476 5919, if you need it.');
  await page.getByRole('button', { name: 'Send your enquiry' }).click();

  // The message is refused: the summary says what was found and leads to the field, which keeps what was typed.
  const summary = new ErrorSummary(page);
  await summary.link(/^Your message may identify a patient: “943 476 5919”/).click();
  await expect(message).toBeFocused();
  await expect(message).toHaveValue(/My NHS number is 943 476 5919/);
  await expect(message).toHaveAccessibleDescription(/Do not include patient details.*Remove it before sending/);
  await expect(page.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
  await message.fill('I am applying for an F2 post next year. Could I visit one of your practices first?');
  await page.getByRole('button', { name: 'Send your enquiry' }).click();

  await expect(page).toHaveURL(/\/school\/east-of-england\/contact\/sent$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your enquiry has been sent' })).toBeVisible();
  const panel = await page.locator('.nhsuk-panel').innerText();
  reference = /ENQ-[0-9A-Z]{6}/.exec(panel)?.[0] ?? '';
  expect(reference, panel).not.toBe('');
  await expectNoAxeViolations(page);
});

test('the programme administrator finds the enquiry, replies by email and sees the thread', async ({ pageAs }) => {
  expect(reference, 'the enquiry sent by the step before').not.toBe('');
  const admin = await pageAs(demoAccount('programme.admin').email);
  await admin.goto('/enquiries');
  await expect(admin.getByRole('heading', { level: 1, name: 'Enquiries' })).toBeVisible();
  await expectNoAxeViolations(admin);
  await admin.getByRole('searchbox', { name: 'Name, email address, subject or reference' }).fill(reference);
  await admin.getByRole('button', { name: 'Apply filters' }).click();
  await expect(admin.getByRole('caption')).toHaveText('1 enquiry');
  await admin.getByRole('link', { name: subject }).click();

  await expect(admin.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  await expect(admin.getByText('Maya Lindqvist wrote')).toBeVisible();
  await expectNoAxeViolations(admin);

  await admin
    .getByRole('textbox', { name: 'Your reply' })
    .fill('Thank you for your interest. You are welcome to visit Riverside Surgery; we will email you some dates.');
  await admin.getByRole('button', { name: 'Send the reply' }).click();

  await expect(admin.getByText('Your reply was sent to maya.journey@example.com.')).toBeVisible();
  await expect(admin.getByText('Sam Okafor replied')).toBeVisible();
  await expect(admin.getByText('You are welcome to visit Riverside Surgery')).toBeVisible();
  await expect(admin.locator('.nhsuk-summary-list')).toContainText('In progress');
  await expectNoAxeViolations(admin);
});
