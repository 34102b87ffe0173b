import type { Locator, Page } from '@playwright/test';
import { DateInput, type DateParts } from './date-input.ts';

/** The form of a new patient journey: the patient, its steps (two to start with) and the closing reflection. */
export class PatientJourneyForm {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/portfolio/new/patient-journey');
  }

  step(number: number): Locator {
    return this.page.getByRole('group', { name: `Step ${String(number)}`, exact: true });
  }

  async fillStep(
    number: number,
    step: { setting: string; organisation?: string; place?: string; day: string; happened: string; learned?: string },
  ): Promise<void> {
    const group = this.step(number);
    await group.getByLabel('Setting', { exact: true }).selectOption({ label: step.setting });
    if (step.organisation !== undefined) {
      await group.getByLabel('Organisation', { exact: true }).selectOption({ label: step.organisation });
    }
    if (step.place !== undefined)
      await group.getByRole('textbox', { name: /Where, if the organisation/ }).fill(step.place);
    await group.getByLabel('Day', { exact: true }).fill(step.day);
    await group.getByLabel('What happened', { exact: true }).fill(step.happened);
    if (step.learned !== undefined) await group.getByRole('textbox', { name: /What you learned/ }).fill(step.learned);
  }

  async fill(journey: { title: string; firstContact: DateParts; patient: string; systemReflection: string }) {
    await this.page.getByLabel('Title', { exact: true }).fill(journey.title);
    await new DateInput(this.page, 'Date of the first contact').fill(journey.firstContact);
    await this.page.getByLabel('About the patient', { exact: true }).fill(journey.patient);
    await this.page.getByLabel('How the system served the patient', { exact: true }).fill(journey.systemReflection);
  }

  async addStep(): Promise<void> {
    await this.page.getByRole('button', { name: 'Add another step' }).click();
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save entry' }).click();
  }
}
