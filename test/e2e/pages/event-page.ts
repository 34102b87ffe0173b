import { expect, type Locator, type Page } from '@playwright/test';

/** One event's page: its details, and the booking, check-in, waiting list and staff links that apply. */
export class EventPage {
  readonly heading: Locator;
  /** What a learner with a place sees. */
  readonly hasPlace: Locator;
  readonly checkInCode: Locator;

  constructor(
    private readonly page: Page,
    title: string,
  ) {
    this.heading = page.getByRole('heading', { level: 1, name: title });
    this.hasPlace = page.getByText('You have a place', { exact: true });
    this.checkInCode = page.getByLabel('Check-in code', { exact: true });
  }

  async goto(eventId: string): Promise<void> {
    await this.page.goto(`/events/${eventId}`);
  }

  async expectOpen(): Promise<void> {
    await expect(this.heading).toBeVisible();
  }

  async bookPlace(): Promise<void> {
    await this.page.getByRole('button', { name: 'Book a place', exact: true }).click();
  }

  async joinWaitingList(): Promise<void> {
    await this.page.getByRole('button', { name: 'Join the waiting list', exact: true }).click();
  }

  /** Follows the link to cancel the place, which asks for confirmation (ConfirmationPage). */
  async cancelPlace(): Promise<void> {
    await this.page.getByRole('link', { name: 'Cancel my place' }).click();
  }

  async checkIn(code: string): Promise<void> {
    await this.checkInCode.fill(code);
    await this.page.getByRole('button', { name: 'Check in', exact: true }).click();
  }

  async showCheckInCode(): Promise<void> {
    await this.page.getByRole('link', { name: 'Show the check-in code' }).click();
  }

  async openFeedback(): Promise<void> {
    await this.page.getByRole('link', { name: 'Feedback', exact: true }).click();
  }
}
