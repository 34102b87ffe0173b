/**
 * What the placements pages share: the parameters and form fields they read, the choices their lists offer, and
 * a rotation drawn as a timeline (a post's page and "my year").
 */
import { z } from 'zod';
import { nhsDateRange } from '../../shared/dates.ts';
import { SETTING_LABELS, SETTINGS, type Setting, type YearSpan } from './domain/rotation.ts';
import { barFor, monthTicks } from './domain/timeline.ts';
import type { PlacementDetail } from './repository.ts';

export const idParams = z.object({ id: z.uuid() });

export const settingItems = SETTINGS.map((setting) => ({ value: setting, text: SETTING_LABELS[setting] }));

/** Bar colours by setting, from the NHS colour palette (attributes on SVG shapes, which the CSP allows). */
export const SETTING_COLOURS: Record<Setting, string> = {
  acute_hospital: '#005eb8',
  general_practice: '#007f3b',
  community: '#330072',
  mental_health: '#ae2573',
  social_care: '#8a1538',
  public_health: '#00a499',
  voluntary_charity: '#ed8b00',
  other: '#425563',
};

const CHART_WIDTH = 1000;

/** The date inputs of the year and placement forms. */
export const DATE_FIELDS = ['startsOn', 'endsOn'];

export function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function choiceItems(choices: readonly { id: string; name: string }[], empty: string) {
  return [{ value: '', text: empty }, ...choices.map((choice) => ({ value: choice.id, text: choice.name }))];
}

export interface TimelineRow {
  label: string;
  detail: string;
  colour: string;
  y: number;
  bar: { x: number; width: number } | null;
}

/** The rotation drawn as rows of bars across the year's months, for an inline SVG. */
export function timeline(year: YearSpan, placements: readonly PlacementDetail[]) {
  const rowHeight = 56;
  const top = 28;
  const rows: TimelineRow[] = placements.map((placement, index) => ({
    label: `${placement.specialty}, ${placement.organisationName}`,
    detail: `${SETTING_LABELS[placement.setting]}, ${String(placement.sessionsPerWeek)} sessions a week`,
    colour: SETTING_COLOURS[placement.setting],
    y: top + index * rowHeight,
    bar: barFor(year, placement.startsOn, placement.endsOn, CHART_WIDTH),
  }));
  return { width: CHART_WIDTH, height: top + rows.length * rowHeight + 4, ticks: monthTicks(year, CHART_WIDTH), rows };
}

export function placementRows(placements: readonly PlacementDetail[]) {
  return placements.map((placement) => ({
    ...placement,
    settingLabel: SETTING_LABELS[placement.setting],
    dates: nhsDateRange(placement.startsOn, placement.endsOn),
  }));
}
