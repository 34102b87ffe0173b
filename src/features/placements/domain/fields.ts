import { z } from 'zod';
import { readDateInput } from '../../../shared/dates.ts';
import { SETTINGS, type Setting } from './rotation.ts';

/**
 * What programme years, posts and placements are made of, checked the same way whether typed into a form or read
 * from a spreadsheet. Dates arrive as the three boxes of the NHS date input ("startsOn[day]", …; "startsOn-day" is accepted too).
 */

const requiredText = (empty: string, max: number, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, tooLong);

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? null : value))
  .pipe(z.uuid({ error: 'Select an option from the list' }).nullable());

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}`)
    .regex(/^\d+$/, `${label} must be a whole number`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${label} must be ${String(min)} or more`)
        .max(max, `${label} must be ${String(max)} or fewer`),
    );

export const POST_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,29}$/;

export const yearFields = z.object({
  name: requiredText('Enter the name of the programme year', 100, 'Name must be 100 characters or fewer'),
});

export const postFields = z.object({
  code: requiredText('Enter the post code', 30, 'Post code must be 30 characters or fewer')
    .transform((value) => value.toUpperCase().replace(/\s+/g, '-'))
    .refine((value) => POST_CODE_PATTERN.test(value), 'Post code must contain only letters, numbers and hyphens'),
  title: requiredText('Enter the post title', 200, 'Post title must be 200 characters or fewer'),
  leadEmployerId: z.uuid({ error: 'Select the lead employer' }),
  capacity: wholeNumber('Number of places', 1, 50),
});
export type PostFields = z.infer<typeof postFields>;

export const placementFields = z.object({
  organisationId: z.uuid({ error: 'Select the placement provider' }),
  siteId: optionalId,
  setting: z.enum(SETTINGS, { error: 'Select the setting' }),
  specialty: requiredText('Enter the specialty or service', 200, 'Specialty must be 200 characters or fewer'),
  sessionsPerWeek: z
    .string({ error: 'Enter the sessions a week' })
    .trim()
    .min(1, 'Enter the sessions a week')
    .regex(/^\d+$/, 'Sessions a week must be a whole number, like 2')
    .transform(Number),
  clinicalSupervisorUserId: optionalId,
});

export interface PlacementValues {
  organisationId: string;
  siteId: string | null;
  setting: Setting;
  specialty: string;
  startsOn: string;
  endsOn: string;
  sessionsPerWeek: number;
  clinicalSupervisorUserId: string | null;
}

export interface FieldProblem {
  field: string;
  /** Where the error summary links to: the day box for a date. */
  href: string;
  message: string;
}

export type Read<T> = { ok: true; data: T } | { ok: false; problems: FieldProblem[] };

function body(values: unknown): Record<string, string | undefined> {
  if (typeof values !== 'object' || values === null) return {};
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Fields in the order the form shows them, so the error summary reads top to bottom. */
const PLACEMENT_ORDER = [
  'organisationId',
  'siteId',
  'setting',
  'specialty',
  'startsOn',
  'endsOn',
  'sessionsPerWeek',
  'clinicalSupervisorUserId',
];

function ordered(problems: FieldProblem[], order: readonly string[]): FieldProblem[] {
  return problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

export function readPlacement(input: unknown): Read<PlacementValues> {
  const values = body(input);
  const problems: FieldProblem[] = [];
  const parsed = placementFields.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      if (!problems.some((problem) => problem.field === field))
        problems.push({ field, href: `#${field}`, message: issue.message });
    }
  }
  const startsOn = readDateInput(values, 'startsOn', 'Start date');
  const endsOn = readDateInput(values, 'endsOn', 'End date');
  if (!startsOn.ok) problems.push({ field: 'startsOn', href: '#startsOn-day', message: startsOn.message });
  if (!endsOn.ok) problems.push({ field: 'endsOn', href: '#endsOn-day', message: endsOn.message });
  if (!parsed.success || !startsOn.ok || !endsOn.ok) return { ok: false, problems: ordered(problems, PLACEMENT_ORDER) };
  return { ok: true, data: { ...parsed.data, startsOn: startsOn.date, endsOn: endsOn.date } };
}

export function readYear(input: unknown): Read<{ name: string; startsOn: string; endsOn: string }> {
  const values = body(input);
  const problems: FieldProblem[] = [];
  const parsed = yearFields.safeParse(values);
  if (!parsed.success) problems.push({ field: 'name', href: '#name', message: parsed.error.issues[0]?.message ?? '' });
  const startsOn = readDateInput(values, 'startsOn', 'Start date');
  const endsOn = readDateInput(values, 'endsOn', 'End date');
  if (!startsOn.ok) problems.push({ field: 'startsOn', href: '#startsOn-day', message: startsOn.message });
  if (!endsOn.ok) problems.push({ field: 'endsOn', href: '#endsOn-day', message: endsOn.message });
  if (!parsed.success || !startsOn.ok || !endsOn.ok) return { ok: false, problems };
  return { ok: true, data: { name: parsed.data.name, startsOn: startsOn.date, endsOn: endsOn.date } };
}
