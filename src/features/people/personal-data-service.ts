/**
 * A person's personal data: their download (UK GDPR article 15), their erasure (article 17), and the registries
 * other features add to: the parts of the download, the steps of an erasure and of an enrolment, and the tables
 * whose columns erasure goes through.
 */
import type { Db } from '../../platform/db/client.ts';
import { audit, pseudonymiseAuditTrail } from '../../platform/audit/audit.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { isPlatformAdmin, ROLE_LABELS } from '../../platform/auth/roles.ts';
import { normaliseEmail } from '../../platform/auth/store.ts';
import { eraseOrganisationAccounts, organisationAccountData } from '../../platform/auth/oidc-store.ts';
import { ERASED_NAME, erasedEmail, redactLinks } from './domain/people.ts';
import * as repo from './repository.ts';
import { removeIdentifiers, type TablePersonalData } from '../../platform/db/personal-data.ts';
import { peoplePersonalData, platformPersonalData } from './personal-data.ts';
import { organisationsPersonalData } from '../organisations/index.ts';
import { assertMayManage, assertNotSelf, personFor, regionOf, type Command, type Outcome } from './service.ts';

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
  const afterCommit: AfterErasure[] = [];
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
      const done = await step(tx, person.id, (work) => afterCommit.push(work));
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
  // The erasure is committed: what steps left for then (stored files) is done now, each on its own.
  for (const work of afterCommit) await work(db);
  return { ok: true, value: null };
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
export async function enrolLearner(tx: Db, learner: repo.LearnerProfileInput): Promise<void> {
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
export type ErasureStep = (db: Db, userId: string, afterCommit: (work: AfterErasure) => void) => Promise<string | null>;

/**
 * Work a step leaves until the erasure has been committed, such as deleting stored files: a rolled-back erasure
 * must not lose them. It is given the database outside the transaction, and must not throw (log and carry on).
 */
export type AfterErasure = (db: Db) => Promise<void>;

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
