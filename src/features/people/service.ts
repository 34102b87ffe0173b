/**
 * People: who is acting and what the commands take, reading people, and the rules every change to a person checks
 * (which role the principal may grant where, and who may change what). Inviting, roles, accounts and personal data
 * are in invitations-service.ts, roles-service.ts, accounts-service.ts and personal-data-service.ts.
 */
import { teamRegions } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../platform/errors.ts';
import { isPlatformAdmin, ROLE_LABELS, ROLES, type Principal, type Role } from '../../platform/auth/roles.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import {
  ACCOUNT_HELD_ELSEWHERE,
  canChangeAccount,
  canChangeLearnerRecord,
  canSeePerson,
  grantableRoles,
  roleNeedsRegion,
  type AccountStatus,
  type Person,
  type PersonListItem,
  type Stage,
} from './domain/people.ts';
import * as repo from './repository.ts';

/** Who is acting, and when: what every command needs. */
/** What these services use of the request's context (platform/context.ts). */
export type Command = Pick<Context, 'db' | 'principal' | 'actor' | 'now'>;

/** Sending invitations needs the outbox and the address links point to. */
export interface Mail {
  mailer: Mailer;
  publicUrl: string;
}

/** A rule broken by the input, shown beside the field it concerns. */
export interface Problem {
  field: string;
  text: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** The role part of an invitation or of adding a role; learner and organisation fields apply to some roles only. */
export interface RoleInput {
  role: Role;
  regionId: string | null;
  organisationId: string | null;
  learner: { gmcNumber: string; stage: Stage; programme: string } | null;
}

export interface Invitation extends RoleInput {
  displayName: string;
  email: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

export interface PeopleQuery {
  search?: string | undefined;
  role?: Role | undefined;
  status?: AccountStatus | undefined;
  regionId?: string | undefined;
  page: number;
}

export async function listPeopleFor(
  db: Db,
  principal: Principal,
  query: PeopleQuery,
): Promise<{ page: Page<PersonListItem<Role>>; regions: { id: string; name: string }[] }> {
  const managed = teamRegions(principal);
  const allRegions = await repo.listRegions(db);
  let regions: 'all' | string[] = managed;
  if (query.regionId !== undefined && query.regionId !== '') {
    // A region filter narrows what the principal may see; it never widens it.
    regions = managed === 'all' || managed.includes(query.regionId) ? [query.regionId] : [];
  }
  const { items, total } = await repo.listPeople(
    db,
    { regions, search: query.search, role: query.role, status: query.status },
    DEFAULT_PAGE_SIZE,
    offsetFor(query.page),
  );
  const visibleRegions = managed === 'all' ? allRegions : allRegions.filter((region) => managed.includes(region.id));
  return { page: toPage(items, total, query.page), regions: visibleRegions };
}

/** The person, if the principal may see them; anyone else is "not found", whether or not they exist. */
export async function personFor(db: Db, principal: Principal, id: string): Promise<Person<Role>> {
  const person = await repo.findPerson(db, id);
  if (person === undefined || !canSeePerson(teamRegions(principal), person.roles)) throw new NotFoundError();
  return person;
}

/** What the role fields of a form offer the principal. */
export async function roleChoices(db: Db, principal: Principal) {
  const managed = teamRegions(principal);
  const allRegions = await repo.listRegions(db);
  return {
    roles: grantableRoles(ROLES, isPlatformAdmin(principal)).map((role) => ({ value: role, text: ROLE_LABELS[role] })),
    regions: managed === 'all' ? allRegions : allRegions.filter((region) => managed.includes(region.id)),
    organisations: await repo.listOrganisations(db, managed),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules shared by inviting and adding a role

/** Checks a role against what the principal may grant, and works out its region. */
export async function resolveRole(
  db: Db,
  principal: Principal,
  input: RoleInput,
  problems: Problem[],
): Promise<{ regionId: string | null; organisationId: string | null }> {
  const managed = teamRegions(principal);
  if (!grantableRoles(ROLES, isPlatformAdmin(principal)).includes(input.role)) {
    problems.push({ field: 'role', text: 'Only a platform administrator can give the platform administrator role' });
    return { regionId: null, organisationId: null };
  }
  if (!roleNeedsRegion(input.role)) return { regionId: null, organisationId: null };
  let regionId = input.regionId;
  if (regionId === null && managed !== 'all' && managed.length === 1) regionId = managed[0] ?? null;
  if (regionId === null) {
    problems.push({ field: 'regionId', text: 'Select a region' });
    return { regionId: null, organisationId: null };
  }
  const regionAllowed =
    managed === 'all'
      ? (await repo.listRegions(db)).some((region) => region.id === regionId)
      : managed.includes(regionId);
  if (!regionAllowed) {
    problems.push({ field: 'regionId', text: 'Select a region you manage' });
    return { regionId: null, organisationId: null };
  }
  let organisationId: string | null = null;
  if (input.role === 'provider_contact') {
    const organisation =
      input.organisationId === null ? undefined : await repo.findOrganisation(db, input.organisationId);
    if (organisation?.regionId !== regionId) {
      problems.push({ field: 'organisationId', text: 'Select an organisation in the region' });
    } else {
      organisationId = organisation.id;
    }
  }
  return { regionId, organisationId };
}

export const EMAIL_IN_USE = 'This email address already belongs to someone on Breadth. Find them in the list of people';
export const GMC_IN_USE = 'This GMC number already belongs to someone on Breadth. Check the number';
// ---------------------------------------------------------------------------------------------------------------
// Changing a person

/** Checks that the principal may change this person at all (seeing them is checked by personFor). */
export function assertMayManage(principal: Principal, person: Person<Role>): void {
  if (person.status === 'erased')
    throw new RuleError('This person’s data has been erased. Their record cannot be changed.');
  // A regional manager may see a platform administrator who also holds a regional role, but not change them.
  if (!isPlatformAdmin(principal) && person.roles.some((role) => role.role === 'platform_admin'))
    throw new ForbiddenError();
}

/** What of a person the principal may change, for the pages to offer only that. */
export interface Changeable {
  /** Anything at all: roles in the principal's regions, at least. */
  person: boolean;
  /** The account every role shares: name, email, access, invitations. */
  account: boolean;
  /** The learner record: stage and programme. */
  learnerRecord: boolean;
}

export function changeableFor(principal: Principal, person: Person<Role>): Changeable {
  const managed = teamRegions(principal);
  const any =
    person.status !== 'erased' &&
    (isPlatformAdmin(principal) || !person.roles.some((role) => role.role === 'platform_admin'));
  return {
    person: any,
    account: any && canChangeAccount(managed, person),
    learnerRecord: any && canChangeLearnerRecord(managed, person.learner),
  };
}

export function assertMayChangeAccount(principal: Principal, person: Person<Role>): void {
  if (!canChangeAccount(teamRegions(principal), person)) throw new RuleError(ACCOUNT_HELD_ELSEWHERE);
}

/** The person, if the principal may change their account (for the pages that confirm a change to it). */
export async function accountFor(db: Db, principal: Principal, id: string): Promise<Person<Role>> {
  const person = await personFor(db, principal, id);
  assertMayManage(principal, person);
  assertMayChangeAccount(principal, person);
  return person;
}

/** The person and the parts of the edit form they may fill in; when there are none, the reason. */
export async function editableFor(
  db: Db,
  principal: Principal,
  id: string,
): Promise<{ person: Person<Role>; fields: { name: boolean; learner: boolean } }> {
  const person = await personFor(db, principal, id);
  assertMayManage(principal, person);
  const may = changeableFor(principal, person);
  const fields = { name: may.account, learner: may.learnerRecord };
  if (!fields.name && !fields.learner) throw new RuleError(ACCOUNT_HELD_ELSEWHERE);
  return { person, fields };
}

export function assertNotSelf(principal: Principal, person: Person<Role>, what: string): void {
  if (principal.userId === person.id)
    throw new RuleError(`You cannot ${what} your own account. Ask another administrator.`);
}

export function regionOf(person: Person<Role>): string | null {
  return person.learner?.regionId ?? person.roles.find((role) => role.regionId !== null)?.regionId ?? null;
}
