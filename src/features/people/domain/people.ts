/** Learner stages: foundation years 1 and 2, then specialty training years 1 to 3. */
export const STAGES = ['F1', 'F2', 'ST1', 'ST2', 'ST3'] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** The platform administrator's role name; the platform's role list is passed in as plain strings. */
const PLATFORM_ADMIN = 'platform_admin';

export type AccountStatus = 'invited' | 'active' | 'disabled' | 'erased';
export const LISTED_STATUSES = ['invited', 'active', 'disabled', 'erased'] as const satisfies readonly AccountStatus[];

export const STATUS_LABELS: Record<AccountStatus, string> = {
  invited: 'Invited',
  active: 'Active',
  disabled: 'Disabled',
  erased: 'Erased',
};

export interface PersonRole<R extends string = string> {
  id: string;
  role: R;
  regionId: string | null;
  regionName: string | null;
  organisationId: string | null;
  organisationName: string | null;
}

export interface LearnerProfile {
  regionId: string;
  regionName: string;
  gmcNumber: string | null;
  stage: Stage;
  programme: string;
}

export interface Person<R extends string = string> {
  id: string;
  email: string;
  displayName: string;
  status: AccountStatus;
  lastLoginAt: Date | null;
  createdAt: Date;
  hasPassword: boolean;
  roles: PersonRole<R>[];
  learner: LearnerProfile | null;
}

export interface PersonListItem<R extends string = string> {
  id: string;
  email: string;
  displayName: string;
  status: AccountStatus;
  gmcNumber: string | null;
  roles: { role: R; regionName: string | null }[];
}

export interface PeopleFilter<R extends string = string> {
  /** Regions the list is limited to: 'all' (platform administrators, no region chosen) or a list. */
  regions: 'all' | string[];
  search?: string | undefined;
  role?: R | undefined;
  status?: AccountStatus | undefined;
}

/** What an erased account's email becomes: unique (the column is), and saying nothing about the person. */
export function erasedEmail(userId: string): string {
  return `erased-${userId}@erased.invalid`;
}

export const ERASED_NAME = 'Erased person';

/** The regions in which a person holds a role. */
export function regionsOfPerson(roles: readonly { regionId: string | null }[]): string[] {
  return [...new Set(roles.map((role) => role.regionId).filter((id): id is string => id !== null))];
}

/**
 * Whether someone who manages the given regions may see a person: platform administrators see everyone,
 * a regional manager sees only people holding a role in one of their regions.
 */
export function canSeePerson(managed: 'all' | readonly string[], personRoles: readonly { regionId: string | null }[]) {
  if (managed === 'all') return true;
  return personRoles.some((role) => role.regionId !== null && managed.includes(role.regionId));
}

/** Why a regional manager sees a person's account but may not change it. */
export const ACCOUNT_HELD_ELSEWHERE =
  'This person also has a role in another region, so only that region’s team or a platform administrator can change their name or account.';

/**
 * Whether someone who manages the given regions may change the person's account itself (name, email, access):
 * only when every region the person belongs to is theirs. An account is shared by all the person's roles, so
 * one region's team must not be able to rename, disable or re-invite someone another region depends on.
 */
export function canChangeAccount(
  managed: 'all' | readonly string[],
  person: { roles: readonly { regionId: string | null }[]; learner: { regionId: string } | null },
): boolean {
  if (managed === 'all') return true;
  const managedHere = (regionId: string | null) => regionId !== null && managed.includes(regionId);
  return (
    person.roles.every((role) => managedHere(role.regionId)) &&
    (person.learner === null || managedHere(person.learner.regionId))
  );
}

/** Whether someone who manages the given regions may change the learner record (stage, programme). */
export function canChangeLearnerRecord(managed: 'all' | readonly string[], learner: { regionId: string } | null) {
  return learner !== null && (managed === 'all' || managed.includes(learner.regionId));
}

/** The roles the person may give: only platform administrators may make another. */
export function grantableRoles<R extends string>(allRoles: readonly R[], isPlatformAdmin: boolean): R[] {
  return allRoles.filter((role) => isPlatformAdmin || role !== PLATFORM_ADMIN);
}

/** A platform administrator's role is held everywhere; every other role in one region. */
export function roleNeedsRegion(role: string): boolean {
  return role !== PLATFORM_ADMIN;
}

/** The personal data download's name, from the date in London on the day it is made. */
export function personalDataFilename(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `breadth-my-data-${part('year')}-${part('month')}-${part('day')}.json`;
}

/** Sign-in links in copies of emails are removed from a download: a file left lying around must not open an account. */
export function redactLinks(text: string): string {
  return text.replace(/\/auth\/set-password\/[A-Za-z0-9_-]+/g, '/auth/set-password/[link removed]');
}
