import { teamRegions } from '../../platform/policy.ts';
import type { Context } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, changedFields, pseudonymiseAuditTrail, type Actor } from '../../platform/audit/audit.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../platform/errors.ts';
import {
  hasRole,
  isPlatformAdmin,
  REGIONAL_MANAGERS,
  ROLE_LABELS,
  ROLES,
  type Principal,
  type Role,
} from '../../platform/auth/roles.ts';
import { INVITATION_DAYS, issueUserToken, normaliseEmail } from '../../platform/auth/store.ts';
import { eraseOrganisationAccounts, organisationAccountData } from '../../platform/auth/oidc-store.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { DEFAULT_PAGE_SIZE, offsetFor, toPage, type Page } from '../../platform/web/pagination.ts';
import {
  ACCOUNT_HELD_ELSEWHERE,
  canChangeAccount,
  canChangeLearnerRecord,
  canSeePerson,
  ERASED_NAME,
  erasedEmail,
  grantableRoles,
  redactLinks,
  roleNeedsRegion,
  type AccountStatus,
  type Person,
  type PersonListItem,
  type Stage,
} from './domain/people.ts';
import * as repo from './repository.ts';
import { removeIdentifiers, type TablePersonalData } from '../../platform/db/personal-data.ts';
import { peoplePersonalData, platformPersonalData } from './personal-data.ts';
import { organisationsPersonalData } from '../organisations/index.ts';

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
async function resolveRole(
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

const EMAIL_IN_USE = 'This email address already belongs to someone on Breadth. Find them in the list of people';
const GMC_IN_USE = 'This GMC number already belongs to someone on Breadth. Check the number';

// ---------------------------------------------------------------------------------------------------------------
// Invitations

function invitationText(name: string, inviter: string, link: string): string {
  return [
    `Dear ${name},`,
    '',
    `${inviter} has invited you to Breadth, the platform for your generalist training programme.`,
    '',
    `Create your password using this link within ${String(INVITATION_DAYS)} days:`,
    '',
    link,
    '',
    'The link works once. If it has expired, ask your programme team to send a new invitation.',
    '',
    'If you were not expecting this email, you can ignore it.',
  ].join('\n');
}

/** Issues a new single-use invitation link (earlier ones stop working) and queues the email that carries it. */
async function sendInvitation(
  tx: Db,
  mail: Mail,
  actor: Actor,
  now: Date,
  person: { id: string; email: string; displayName: string; regionId: string | null },
  subject: string,
): Promise<void> {
  const token = await issueUserToken(tx, person.id, 'invitation', now, actor.userId);
  await mail.mailer.queue(
    tx,
    {
      to: person.email,
      subject,
      text: invitationText(person.displayName, actor.label, `${mail.publicUrl}/auth/set-password/${token}`),
      secrets: [token],
      regionId: person.regionId,
    },
    now,
  );
}

export async function invitePerson(command: Command, mail: Mail, input: Invitation): Promise<Outcome<string>> {
  const { db, principal, actor, now } = command;
  const problems: Problem[] = [];
  if (await repo.emailInUse(db, input.email)) problems.push({ field: 'email', text: EMAIL_IN_USE });
  const { regionId, organisationId } = await resolveRole(db, principal, input, problems);
  if (input.role === 'learner' && input.learner !== null && (await repo.gmcNumberInUse(db, input.learner.gmcNumber)))
    problems.push({ field: 'gmcNumber', text: GMC_IN_USE });
  if (problems.length > 0) return { ok: false, problems };

  const userId = newId();
  const email = normaliseEmail(input.email);
  try {
    await db.transaction(async (tx) => {
      await repo.insertUser(tx, { id: userId, email, displayName: input.displayName, now });
      await repo.insertRole(tx, {
        userId,
        role: input.role,
        regionId,
        organisationId,
        now,
        createdBy: actor.userId ?? userId,
      });
      const learner = input.role === 'learner' && regionId !== null ? input.learner : null;
      if (learner !== null && regionId !== null) {
        await enrolLearner(tx, { userId, regionId, ...learner, now });
      }
      await sendInvitation(
        tx,
        mail,
        actor,
        now,
        { id: userId, email, displayName: input.displayName, regionId },
        'You are invited to Breadth',
      );
      await audit(
        tx,
        actor,
        {
          action: 'invite',
          entityType: 'user',
          entityId: userId,
          regionId,
          summary: `Invited ${input.displayName} as ${ROLE_LABELS[input.role]}`,
          after: { displayName: input.displayName, email, role: input.role, regionId, organisationId, ...learner },
        },
        now,
      );
    });
  } catch (error) {
    // Someone else took the email or GMC number between the check and the insert.
    if (isUniqueViolation(error)) return { ok: false, problems: [{ field: 'email', text: EMAIL_IN_USE }] };
    throw error;
  }
  void mail.mailer.deliverPending();
  return { ok: true, value: userId };
}

/** A new invitation link; the one sent before stops working. */
export async function resendInvitation(command: Command, mail: Mail, personId: string): Promise<Person<Role>> {
  const { db, principal, actor, now } = command;
  const person = await personFor(db, principal, personId);
  assertMayManage(principal, person);
  assertMayChangeAccount(principal, person);
  if (person.status !== 'invited') throw new RuleError(`${person.displayName} has already accepted their invitation.`);
  const regionId = person.roles.find((role) => role.regionId !== null)?.regionId ?? null;
  await db.transaction(async (tx) => {
    await sendInvitation(tx, mail, actor, now, { ...person, regionId }, 'Your invitation to Breadth');
    await audit(
      tx,
      actor,
      {
        action: 'invite',
        entityType: 'user',
        entityId: person.id,
        regionId,
        summary: `Sent a new invitation to ${person.displayName}`,
      },
      now,
    );
  });
  void mail.mailer.deliverPending();
  return person;
}

// ---------------------------------------------------------------------------------------------------------------
// Changing a person

/** Checks that the principal may change this person at all (seeing them is checked by personFor). */
function assertMayManage(principal: Principal, person: Person<Role>): void {
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

function assertMayChangeAccount(principal: Principal, person: Person<Role>): void {
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

function assertNotSelf(principal: Principal, person: Person<Role>, what: string): void {
  if (principal.userId === person.id)
    throw new RuleError(`You cannot ${what} your own account. Ask another administrator.`);
}

function regionOf(person: Person<Role>): string | null {
  return person.learner?.regionId ?? person.roles.find((role) => role.regionId !== null)?.regionId ?? null;
}

export interface PersonEdit {
  /** Left out when the principal may change only the learner record. */
  displayName?: string | undefined;
  stage?: Stage | undefined;
  programme?: string | undefined;
}

export async function editPerson(command: Command, personId: string, input: PersonEdit): Promise<Person<Role>> {
  const { db, principal, actor, now } = command;
  const person = await personFor(db, principal, personId);
  assertMayManage(principal, person);
  const learnerUpdate =
    person.learner !== null && input.stage !== undefined && input.programme !== undefined
      ? { stage: input.stage, programme: input.programme }
      : null;
  const displayName = input.displayName ?? person.displayName;
  const before: Record<string, unknown> = { displayName: person.displayName };
  const after: Record<string, unknown> = { displayName };
  if (person.learner !== null && learnerUpdate !== null) {
    before.stage = person.learner.stage;
    before.programme = person.learner.programme;
    Object.assign(after, learnerUpdate);
  }
  const changes = changedFields(before, after);
  if (Object.keys(changes.after).length === 0) return person;
  const may = changeableFor(principal, person);
  if (changes.after.displayName !== undefined && !may.account) throw new RuleError(ACCOUNT_HELD_ELSEWHERE);
  if ((changes.after.stage !== undefined || changes.after.programme !== undefined) && !may.learnerRecord)
    throw new RuleError('Only the team of the learner’s region or a platform administrator can change their stage.');
  await db.transaction(async (tx) => {
    if (changes.after.displayName !== undefined) await repo.updateName(tx, person.id, displayName, now);
    if (learnerUpdate !== null && (changes.after.stage !== undefined || changes.after.programme !== undefined))
      await repo.updateLearnerProfile(tx, person.id, learnerUpdate, now);
    await audit(
      tx,
      actor,
      {
        action: 'update',
        entityType: 'user',
        entityId: person.id,
        regionId: regionOf(person),
        summary: `Changed the details of ${displayName}`,
        ...changes,
      },
      now,
    );
  });
  return person;
}

export async function addRole(command: Command, personId: string, input: RoleInput): Promise<Outcome<Person<Role>>> {
  const { db, principal, actor, now } = command;
  const person = await personFor(db, principal, personId);
  assertMayManage(principal, person);
  const problems: Problem[] = [];
  const { regionId, organisationId } = await resolveRole(db, principal, input, problems);
  if (
    problems.length === 0 &&
    person.roles.some(
      (role) => role.role === input.role && role.regionId === regionId && role.organisationId === organisationId,
    )
  )
    problems.push({ field: 'role', text: `${person.displayName} already has this role` });
  const learner = input.role === 'learner' && person.learner === null ? input.learner : null;
  if (input.role === 'learner' && person.learner === null && learner === null)
    problems.push({ field: 'gmcNumber', text: 'Enter a GMC number' });
  if (learner !== null && (await repo.gmcNumberInUse(db, learner.gmcNumber)))
    problems.push({ field: 'gmcNumber', text: GMC_IN_USE });
  if (problems.length > 0) return { ok: false, problems };
  try {
    await db.transaction(async (tx) => {
      await repo.insertRole(tx, {
        userId: person.id,
        role: input.role,
        regionId,
        organisationId,
        now,
        createdBy: actor.userId ?? person.id,
      });
      if (learner !== null && regionId !== null)
        await enrolLearner(tx, { userId: person.id, regionId, ...learner, now });
      await audit(
        tx,
        actor,
        {
          action: 'create',
          entityType: 'user',
          entityId: person.id,
          regionId,
          summary: `Gave ${person.displayName} the role ${ROLE_LABELS[input.role]}`,
          after: { role: input.role, regionId, organisationId, ...learner },
        },
        now,
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, problems: [{ field: 'gmcNumber', text: GMC_IN_USE }] };
    throw error;
  }
  return { ok: true, value: person };
}

/** The role assignment, if the principal may remove it. */
export async function roleToRemove(db: Db, principal: Principal, personId: string, roleAssignmentId: string) {
  const person = await personFor(db, principal, personId);
  const assignment = person.roles.find((role) => role.id === roleAssignmentId);
  if (assignment === undefined) throw new NotFoundError();
  const managed = teamRegions(principal);
  if (managed !== 'all' && (assignment.regionId === null || !managed.includes(assignment.regionId)))
    throw new NotFoundError();
  return { person, assignment };
}

export async function removeRole(command: Command, personId: string, roleAssignmentId: string): Promise<Person<Role>> {
  const { db, principal, actor, now } = command;
  const { person, assignment } = await roleToRemove(db, principal, personId, roleAssignmentId);
  assertMayManage(principal, person);
  assertNotSelf(principal, person, 'remove a role from');
  if (person.roles.length === 1)
    throw new RuleError(`This is ${person.displayName}’s only role. Disable their account instead.`);
  await db.transaction(async (tx) => {
    await repo.deleteRole(tx, assignment.id);
    await audit(
      tx,
      actor,
      {
        action: 'delete',
        entityType: 'user',
        entityId: person.id,
        regionId: assignment.regionId,
        summary: `Removed the role ${ROLE_LABELS[assignment.role]} from ${person.displayName}`,
        before: { role: assignment.role, regionId: assignment.regionId, organisationId: assignment.organisationId },
      },
      now,
    );
  });
  return person;
}

export async function setAccountEnabled(command: Command, personId: string, enabled: boolean): Promise<Person<Role>> {
  const { db, principal, actor, now } = command;
  const person = await personFor(db, principal, personId);
  assertMayManage(principal, person);
  assertNotSelf(principal, person, enabled ? 'enable' : 'disable');
  assertMayChangeAccount(principal, person);
  if (enabled !== (person.status === 'disabled')) return person;
  const status: AccountStatus = enabled ? (person.hasPassword ? 'active' : 'invited') : 'disabled';
  await db.transaction(async (tx) => {
    await repo.setStatus(tx, person.id, status, now);
    if (!enabled) await repo.deleteSessions(tx, person.id);
    await audit(
      tx,
      actor,
      {
        action: 'security',
        entityType: 'user',
        entityId: person.id,
        regionId: regionOf(person),
        summary: `${enabled ? 'Enabled' : 'Disabled'} the account of ${person.displayName}`,
        before: { status: person.status },
        after: { status },
      },
      now,
    );
  });
  return { ...person, status };
}

/**
 * Erases a person's personal data (UK GDPR article 17), keeping the anonymised records the programme must keep:
 * role assignments and the learner profile (stage, region, programme) stay, the GMC number goes.
 */
export async function erasePerson(command: Command, personId: string, confirmEmail: string): Promise<Outcome<null>> {
  const { db, principal, actor, now } = command;
  if (!isPlatformAdmin(principal)) throw new ForbiddenError();
  const person = await personFor(db, principal, personId);
  assertMayManage(principal, person);
  assertNotSelf(principal, person, 'erase');
  if (normaliseEmail(confirmEmail) !== person.email)
    return {
      ok: false,
      problems: [{ field: 'confirmEmail', text: `Enter ${person.displayName}’s email address exactly as shown` }],
    };
  const placeholder = erasedEmail(person.id);
  await db.transaction(async (tx) => {
    // Names and addresses the person had before are still written in summaries, mail and jobs of that time: the
    // audit trail knows them, so it is read before anything is pseudonymised.
    const earlier = await repo.earlierIdentifiers(tx, person.id);
    const emails = [...new Set([person.email, ...earlier.emails])];
    const identifiers = [
      ...new Set([
        person.displayName,
        ...earlier.names,
        ...emails,
        person.learner?.gmcNumber ?? '',
        ...earlier.gmcNumbers,
      ]),
    ].filter((identifier) => identifier !== '');
    const { mailsDeleted } = await repo.eraseAccount(
      tx,
      person.id,
      { email: placeholder, displayName: ERASED_NAME, previousEmails: emails },
      now,
    );
    const removed: string[] = [];
    for (const step of erasureSteps.values()) {
      const done = await step(tx, person.id);
      if (done !== null) removed.push(done);
    }
    // The erasure is recorded without the erased values, and earlier events lose them too (pseudonymised).
    await pseudonymiseAuditTrail(tx, person.id, identifiers, ERASED_NAME);
    await removeIdentifiers(tx, [...personalDataTables.values()].flat(), identifiers, ERASED_NAME);
    await audit(
      tx,
      actor,
      {
        action: 'erase',
        entityType: 'user',
        entityId: person.id,
        regionId: regionOf(person),
        summary: `Erased the personal data of a person (${String(mailsDeleted)} emails deleted)`,
        before: {
          status: person.status,
          erasedFields: ['displayName', 'email', 'gmcNumber', 'password', 'twoFactor'],
          removedElsewhere: removed,
        },
        after: { displayName: ERASED_NAME, email: placeholder, status: 'erased', gmcNumber: null },
      },
      now,
    );
  });
  return { ok: true, value: null };
}

// ---------------------------------------------------------------------------------------------------------------
// The home page's tasks

export async function invitationTasks(db: Db, principal: Principal): Promise<Task[]> {
  if (!hasRole(principal, ...REGIONAL_MANAGERS)) return [];
  const regions = [
    ...new Set(
      principal.roles
        .filter((role) => REGIONAL_MANAGERS.includes(role.role) && role.regionId !== null)
        .map((role) => role.regionId as string),
    ),
  ];
  const n = await repo.countInvited(db, regions);
  if (n === 0) return [];
  return [
    {
      text: `${String(n)} ${n === 1 ? 'invitation' : 'invitations'} not yet accepted`,
      href: '/people?status=invited',
      hint: 'Send a new link to anyone whose invitation has expired',
      status: 'to do',
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Enrolment steps of other features

/** A learner just enrolled in a region's programme (given the learner role there with their learner details). */
export interface Enrolment {
  learnerId: string;
  regionId: string;
  now: Date;
}

/**
 * What a feature records when a learner is enrolled, run inside the enrolment's transaction (the curriculum records
 * the version the learner starts on, so that reading their progress later writes nothing).
 */
export type EnrolmentStep = (db: Db, enrolment: Enrolment) => Promise<void>;

const enrolmentSteps = new Map<string, EnrolmentStep>();

/** Adds a step to every enrolment, under the given name (registering a name again replaces it). */
export function registerEnrolmentStep(name: string, step: EnrolmentStep): void {
  enrolmentSteps.set(name, step);
}

/** Gives a learner their learner details in a region and runs every feature's enrolment step, in one transaction. */
async function enrolLearner(tx: Db, learner: repo.LearnerProfileInput): Promise<void> {
  await repo.insertLearnerProfile(tx, learner);
  for (const step of enrolmentSteps.values())
    await step(tx, { learnerId: learner.userId, regionId: learner.regionId, now: learner.now });
}

// ---------------------------------------------------------------------------------------------------------------
// Erasure steps of other features

/**
 * What a feature removes when a person is erased, run inside the erasure's transaction: free text and private
 * links that could identify them. Records the programme must keep (attendance, reviews) stay, tied to the
 * anonymised account. Returns a short description of what was removed, for the audit record.
 */
export type ErasureStep = (db: Db, userId: string) => Promise<string | null>;

const erasureSteps = new Map<string, ErasureStep>();

/** Adds a step to every erasure, under the given name (registering a name again replaces it). */
export function registerErasureStep(name: string, step: ErasureStep): void {
  erasureSteps.set(name, step);
}

const personalDataTables = new Map<string, readonly TablePersonalData[]>();

/**
 * Declares a feature's tables: every text and JSON column, personal or not. Erasure takes the person's
 * identifiers out of each column declared "identifiers removed"; a test checks the declarations cover the schema.
 */
export function registerPersonalDataTables(name: string, tables: readonly TablePersonalData[]): void {
  personalDataTables.set(name, tables);
}

registerPersonalDataTables('platform', platformPersonalData);
registerPersonalDataTables('people', peoplePersonalData);
// Organisations cannot register themselves: people depends on them, not the other way round.
registerPersonalDataTables('organisations', organisationsPersonalData);

/** Everything registered, for the tests that check the declarations against the schema and the download. */
export function personalDataRegistry(): { sources: string[]; tables: TablePersonalData[] } {
  return { sources: [...personalDataSources.keys()], tables: [...personalDataTables.values()].flat() };
}

// ---------------------------------------------------------------------------------------------------------------
// Personal data (UK GDPR article 15: the right of access)

/** A part of a person's data download; features add theirs with registerPersonalDataSource. */
export type PersonalDataSource = (db: Db, userId: string) => Promise<unknown>;

const personalDataSources = new Map<string, PersonalDataSource>();

/**
 * Adds a part to every person's data download, under the given name. Registering a name again replaces the
 * source, so a feature can register when it is loaded or in its register(app).
 */
export function registerPersonalDataSource(name: string, source: PersonalDataSource): void {
  personalDataSources.set(name, source);
}

registerPersonalDataSource('account', repo.accountData);
// Single sign-on links live in platform/auth, which may not know this feature: they are added from here.
registerPersonalDataSource('organisationAccounts', organisationAccountData);
registerErasureStep('organisationAccounts', eraseOrganisationAccounts);
registerPersonalDataSource('roles', async (db, userId) => {
  const person = await repo.findPerson(db, userId);
  return (person?.roles ?? []).map((role) => ({
    role: role.role,
    roleName: ROLE_LABELS[role.role],
    region: role.regionName,
    organisation: role.organisationName,
  }));
});
registerPersonalDataSource('learnerProfile', async (db, userId) => {
  const person = await repo.findPerson(db, userId);
  const learner = person?.learner ?? null;
  return learner === null
    ? null
    : { gmcNumber: learner.gmcNumber, stage: learner.stage, programme: learner.programme, region: learner.regionName };
});
registerPersonalDataSource('auditEvents', async (db, userId) => ({
  aboutYou: await repo.auditEventsAsSubject(db, userId),
  byYou: await repo.auditEventsAsActor(db, userId),
}));
registerPersonalDataSource('emails', async (db, userId) => {
  const account = await repo.accountData(db, userId);
  if (account === null || typeof account.email !== 'string') return [];
  const mails = await repo.emailsTo(db, account.email);
  return mails.map((mail) => ({ ...mail, textBody: redactLinks(mail.textBody) }));
});

/** Everything Breadth holds about the person, from every registered source. */
export async function exportPersonalData(db: Db, userId: string, now: Date): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {
    about:
      'Everything Breadth holds about you, as at the time shown. Passwords and security secrets are never included.',
    exportedAt: now.toISOString(),
  };
  for (const [name, source] of personalDataSources) data[name] = await source(db, userId);
  return data;
}
