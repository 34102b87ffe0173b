/** What several allocation pages show alike: a window's status tag, its deadline and method, rates and ordinals. */
import { formatDateTime } from '../../platform/web/format.ts';
import type { Mechanism } from './domain/allocate.ts';
import { MECHANISM_DESCRIPTIONS } from './domain/mechanisms.ts';
import type { WindowStatus } from './schema.ts';

export const STATUS_TAGS: Record<WindowStatus, { text: string; colour: string }> = {
  draft: { text: 'Draft', colour: 'grey' },
  open: { text: 'Open', colour: 'blue' },
  closed: { text: 'Closed', colour: 'orange' },
  published: { text: 'Published', colour: 'green' },
};

export const percent = (rate: number) => `${String(Math.round(rate * 1000) / 10)}%`;

/** 1st, 2nd, 3rd, 11th, 21st… */
export function suffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${String(n)}th`;
  return `${String(n)}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** A window's deadline and allocation method, as its pages show them. */
export function windowSummary(window: { deadline: Date; mechanism: Mechanism; seed: number }) {
  return {
    deadline: formatDateTime(window.deadline),
    mechanismName: MECHANISM_DESCRIPTIONS[window.mechanism].name,
  };
}
