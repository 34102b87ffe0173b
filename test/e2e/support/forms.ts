import type { Page } from '@playwright/test';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Fills one NHS date input (a fieldset of Day, Month and Year boxes) found by its legend. */
export async function fillDate(page: Page, legend: string, date: DateParts): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day', { exact: true }).fill(date.day);
  await group.getByLabel('Month', { exact: true }).fill(date.month);
  await group.getByLabel('Year', { exact: true }).fill(date.year);
}

/** A date and time in London, some minutes from now, as the date boxes and a time field want them. */
export function londonInMinutes(minutes: number): DateParts & { time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return {
    day: String(Number(part('day'))),
    month: String(Number(part('month'))),
    year: part('year'),
    time: `${part('hour')}:${part('minute')}`,
  };
}
