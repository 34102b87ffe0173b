import { ErrorSummary } from './pages/error-summary.ts';
import { PatientJourneyForm } from './pages/journey-form.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { serverNow } from './support/dates.ts';
import { demoAccount } from './support/demo.ts';
import { expect, test } from './support/fixtures.ts';

/**
 * The portfolio's signature record: a learner writes a patient journey across settings, is stopped by an NHS number
 * the anonymisation guard finds, takes it out, saves, links two outcomes and sends it for sign-off; their educational
 * supervisor signs off the journey the demo learner sent earlier (demo data), so the two journeys run side by side.
 */
test.describe.configure({ mode: 'parallel' });

test.describe('the learner’s portfolio', () => {
  test.use({ signedInAs: demoAccount('learner').email });

  test('a patient journey, blocked by an NHS number, saved without it, linked to outcomes and sent for sign-off', async ({
    page,
  }) => {
    const title = `Sepsis from home to ward to hospice ${String(Date.now())}`;
    const week = new Date(serverNow().getTime() - 7 * 86_400_000);
    const form = new PatientJourneyForm(page);

    await page.goto('/portfolio');
    await expect(page.getByRole('heading', { level: 1, name: 'My portfolio' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Heart failure from practice to ward to home' })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Patient journey', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New patient journey' })).toBeVisible();
    await form.fill({
      title,
      firstContact: {
        day: String(week.getUTCDate()),
        month: String(week.getUTCMonth() + 1),
        year: String(week.getUTCFullYear()),
      },
      patient: 'A man in his sixties with lung cancer, living with his partner',
      systemReflection: 'Three teams shared one plan because the GP called the ward on day 1.',
    });
    await form.fillStep(1, {
      setting: 'Patient’s home',
      place: 'Out-of-hours visit',
      day: '0',
      happened: 'Fever and confusion; the out-of-hours GP arranged admission. NHS number 943 476 5919 on the referral.',
    });
    await form.fillStep(2, {
      setting: 'Hospital',
      organisation: 'Cambridge University Hospitals NHS Foundation Trust',
      day: '1',
      happened: 'Treated for neutropenic sepsis within the hour.',
    });
    await form.addStep();
    await expect(form.step(3)).toBeVisible();
    await form.fillStep(3, {
      setting: 'Hospice',
      organisation: 'Fenland Lantern Hospice',
      day: '9',
      happened: 'Moved for symptom control and to plan care with his partner.',
      learned: 'The hospice team started the conversation the ward had avoided.',
    });
    await form.save();

    const errors = new ErrorSummary(page);
    await errors.expectVisible();
    await expect(errors.link(/Step 1, what happened may identify a patient/)).toBeVisible();
    await expect(errors.root).toContainText('“943 476 5919”');
    await expectNoAxeViolations(page);
    await errors.followFirstLink();
    const happened = form.step(1).getByLabel('What happened', { exact: true });
    await expect(happened).toBeFocused();
    // What was written is still there, for the learner to change.
    await expect(happened).toHaveValue(/NHS number 943 476 5919/);
    await happened.fill('Fever and confusion; the out-of-hours GP arranged admission.');
    await form.save();

    await expect(page.getByRole('heading', { level: 1, name: 'Outcomes this entry evidences' })).toBeVisible();
    await expectNoAxeViolations(page);
    const outcomes = page.getByRole('group', { name: /Choose up to 3 outcomes/ });
    // The suggestions come ticked, each with its reason; the learner changes them to the two they mean.
    const ticked = outcomes.getByRole('checkbox', { checked: true });
    while ((await ticked.count()) > 0) await ticked.first().uncheck();
    await outcomes.getByRole('checkbox', { name: /^SYS-F2-01/ }).check();
    await outcomes.getByRole('checkbox', { name: /^PCP-F2-01/ }).check();
    await page.getByRole('button', { name: 'Save outcomes' }).click();

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('3 steps across 3 settings')).toBeVisible();
    const linked = page.locator('h2', { hasText: 'Outcomes it evidences' }).locator('xpath=following-sibling::ul[1]');
    await expect(linked).toContainText('SYS-F2-01');
    await expect(linked).toContainText('PCP-F2-01');
    await page.getByRole('button', { name: 'Send for sign-off' }).click();
    await expect(page.getByText('Sent for sign-off')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('the educational supervisor', () => {
  test.use({ signedInAs: demoAccount('educational.supervisor').email });

  test('signs off a supervisee’s patient journey from their list', async ({ page }) => {
    const title = 'Falls and Parkinson’s disease: five services in twelve days';
    await page.goto('/portfolio');
    await expect(page.getByRole('heading', { level: 1, name: 'Portfolios' })).toBeVisible();
    await expectNoAxeViolations(page);
    const waiting = page.locator('h2', { hasText: 'Awaiting your sign-off' }).locator('xpath=following-sibling::ul[1]');
    await waiting.getByRole('listitem').filter({ hasText: 'Dr Jamie Lee' }).getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText('4 steps across 4 settings')).toBeVisible();
    await page.getByRole('textbox', { name: /Comment for/ }).fill('A clear account of a joined-up journey.');
    await page.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByText(/Signed off on/)).toBeVisible();
    await expect(page.getByText('A clear account of a joined-up journey.')).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
