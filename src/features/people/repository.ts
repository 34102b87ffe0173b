import { and, asc, count, desc, eq, exists, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Role, RoleAssignment } from '../../platform/auth/roles.ts';
import { keptForms, sessions, users, userTokens } from '../../platform/auth/schema.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { normaliseEmail } from '../../platform/auth/store.ts';
import { containsPattern } from '../../platform/db/like.ts';
import {
  liveOrganisation,
  organisationNamesOf,
  organisationsIn,
  regionNamesOf,
  regionsIn,
} from '../organisations/index.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';
import {
  type AccountStatus,
  type PeopleFilter,
  type Person,
  type PersonListItem,
  type PersonRole,
  type Stage,
} from './domain/people.ts';

export async function loadRoles(db: Db, userId: string): Promise<RoleAssignment[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      regionId: roleAssignments.regionId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  return rows;
}

/** The condition "the user holds a role (optionally a given one) in one of these regions". */
function holdsRole(db: Db, regionIds: 'all' | string[], role: Role | undefined): SQL | undefined {
  if (regionIds === 'all' && role === undefined) return undefined;
  if (regionIds !== 'all' && regionIds.length === 0) return sql`false`;
  return exists(
    db
      .select({ one: sql`1` })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, users.id),
          regionIds === 'all' ? undefined : inArray(roleAssignments.regionId, regionIds),
          role === undefined ? undefined : eq(roleAssignments.role, role),
        ),
      ),
  );
}

function listConditions(db: Db, filter: PeopleFilter<Role>): SQL | undefined {
  const conditions: (SQL | undefined)[] = [holdsRole(db, filter.regions, filter.role)];
  if (filter.status !== undefined) conditions.push(eq(users.status, filter.status));
  else conditions.push(ne(users.status, 'erased'));
  const search = filter.search?.trim();
  if (search !== undefined && search !== '') {
    const pattern = containsPattern(search);
    conditions.push(
      or(
        ilike(users.displayName, pattern),
        ilike(users.email, pattern),
        ilike(learnerProfiles.gmcNumber, containsPattern(search.replace(/\s/g, ''))),
      ),
    );
  }
  return and(...conditions);
}

export async function listPeople(
  db: Db,
  filter: PeopleFilter<Role>,
  limit: number,
  offset: number,
): Promise<{ items: PersonListItem<Role>[]; total: number }> {
  const where = listConditions(db, filter);
  const [totalRow] = await db
    .select({ n: count() })
    .from(users)
    .leftJoin(learnerProfiles, eq(learnerProfiles.userId, users.id))
    .where(where);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      gmcNumber: learnerProfiles.gmcNumber,
    })
    .from(users)
    .leftJoin(learnerProfiles, eq(learnerProfiles.userId, users.id))
    .where(where)
    .orderBy(asc(users.displayName), asc(users.email))
    .limit(limit)
    .offset(offset);
  const roles =
    rows.length === 0
      ? []
      : await db
          .select({ userId: roleAssignments.userId, role: roleAssignments.role, regionId: roleAssignments.regionId })
          .from(roleAssignments)
          .where(
            inArray(
              roleAssignments.userId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(asc(roleAssignments.createdAt));
  const regionNames = await regionNamesOf(
    db,
    roles.map((role) => role.regionId),
  );
  return {
    total: totalRow?.n ?? 0,
    items: rows.map((row) => ({
      ...row,
      roles: roles
        .filter((role) => role.userId === row.id)
        .map((role) => ({
          role: role.role,
          regionName: role.regionId === null ? null : (regionNames.get(role.regionId)?.name ?? null),
        })),
    })),
  };
}

export async function countInvited(db: Db, regionIds: 'all' | string[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.status, 'invited'), holdsRole(db, regionIds, undefined)));
  return row?.n ?? 0;
}

export async function findPerson(db: Db, id: string): Promise<Person<Role> | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (user === undefined) return undefined;
  const roleRows = await db
    .select({
      id: roleAssignments.id,
      role: roleAssignments.role,
      regionId: roleAssignments.regionId,
      organisationId: roleAssignments.organisationId,
    })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, id))
    .orderBy(asc(roleAssignments.createdAt));
  const [profile] = await db
    .select({
      regionId: learnerProfiles.regionId,
      gmcNumber: learnerProfiles.gmcNumber,
      stage: learnerProfiles.stage,
      programme: learnerProfiles.programme,
    })
    .from(learnerProfiles)
    .where(eq(learnerProfiles.userId, id))
    .limit(1);
  const [regionNames, organisationNames] = await Promise.all([
    regionNamesOf(db, [...roleRows.map((role) => role.regionId), profile?.regionId ?? null]),
    organisationNamesOf(
      db,
      roleRows.map((role) => role.organisationId),
    ),
  ]);
  const roles: PersonRole<Role>[] = roleRows.map((role) => ({
    id: role.id,
    role: role.role,
    regionId: role.regionId,
    regionName: role.regionId === null ? null : (regionNames.get(role.regionId)?.name ?? null),
    organisationId: role.organisationId,
    organisationName: role.organisationId === null ? null : (organisationNames.get(role.organisationId)?.name ?? null),
  }));
  // A profile's region always exists (a foreign key in SQL), as the join that read it before required.
  const profileRegion = profile === undefined ? undefined : regionNames.get(profile.regionId);
  const learner =
    profile === undefined || profileRegion === undefined
      ? undefined
      : {
          regionId: profile.regionId,
          regionName: profileRegion.name,
          gmcNumber: profile.gmcNumber,
          stage: profile.stage,
          programme: profile.programme,
        };
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    hasPassword: user.passwordHash !== null,
    roles,
    learner: learner ?? null,
  };
}

export async function emailInUse(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .limit(1);
  return rows.length > 0;
}

export async function gmcNumberInUse(db: Db, gmcNumber: string, exceptUserId?: string): Promise<boolean> {
  const rows = await db
    .select({ userId: learnerProfiles.userId })
    .from(learnerProfiles)
    .where(
      exceptUserId === undefined
        ? eq(learnerProfiles.gmcNumber, gmcNumber)
        : and(eq(learnerProfiles.gmcNumber, gmcNumber), ne(learnerProfiles.userId, exceptUserId)),
    )
    .limit(1);
  return rows.length > 0;
}

export async function listRegions(db: Db): Promise<{ id: string; name: string }[]> {
  const regions = await regionsIn(db, 'all');
  return regions.map((region) => ({ id: region.id, name: region.name }));
}

/** Organisations (not archived) in the given regions, for choosing a provider contact's organisation. */
export async function listOrganisations(
  db: Db,
  regionIds: 'all' | string[],
): Promise<{ id: string; name: string; regionId: string; regionName: string }[]> {
  const choices = await organisationsIn(db, regionIds);
  return choices.map(({ id, name, regionId, regionName }) => ({ id, name, regionId, regionName }));
}

export async function findOrganisation(db: Db, id: string): Promise<{ id: string; regionId: string } | undefined> {
  return liveOrganisation(db, id);
}

export async function insertUser(
  db: Db,
  values: { id: string; email: string; displayName: string; now: Date },
): Promise<void> {
  await db.insert(users).values({
    id: values.id,
    email: normaliseEmail(values.email),
    displayName: values.displayName,
    status: 'invited',
    createdAt: values.now,
    updatedAt: values.now,
  });
}

export async function insertRole(
  db: Db,
  values: {
    userId: string;
    role: Role;
    regionId: string | null;
    organisationId: string | null;
    now: Date;
    createdBy: string;
  },
): Promise<string> {
  const id = newId();
  await db.insert(roleAssignments).values({
    id,
    userId: values.userId,
    role: values.role,
    regionId: values.regionId,
    organisationId: values.organisationId,
    createdAt: values.now,
    createdBy: values.createdBy,
  });
  return id;
}

export async function deleteRole(db: Db, roleAssignmentId: string): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.id, roleAssignmentId));
}

export interface LearnerProfileInput {
  userId: string;
  regionId: string;
  gmcNumber: string;
  stage: Stage;
  programme: string;
  now: Date;
}

export async function insertLearnerProfile(db: Db, values: LearnerProfileInput): Promise<void> {
  await db.insert(learnerProfiles).values({
    userId: values.userId,
    regionId: values.regionId,
    gmcNumber: values.gmcNumber,
    stage: values.stage,
    programme: values.programme,
    createdAt: values.now,
    updatedAt: values.now,
  });
}

export async function updateName(db: Db, userId: string, displayName: string, now: Date): Promise<void> {
  await db.update(users).set({ displayName, updatedAt: now }).where(eq(users.id, userId));
}

export async function updateLearnerProfile(
  db: Db,
  userId: string,
  values: { stage: Stage; programme: string },
  now: Date,
): Promise<void> {
  await db
    .update(learnerProfiles)
    .set({ ...values, updatedAt: now })
    .where(eq(learnerProfiles.userId, userId));
}

export async function setStatus(db: Db, userId: string, status: AccountStatus, now: Date): Promise<void> {
  await db.update(users).set({ status, updatedAt: now }).where(eq(users.id, userId));
}

export async function deleteSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes the personal data of an account, keeping the rows that programme records point to. */
export async function eraseAccount(
  db: Db,
  userId: string,
  values: { email: string; displayName: string; previousEmails: string[] },
  now: Date,
): Promise<{ mailsDeleted: number }> {
  await db
    .update(users)
    .set({
      status: 'erased',
      email: values.email,
      displayName: values.displayName,
      passwordHash: null,
      totpSecret: null,
      totpEnabledAt: null,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      updatedAt: now,
    })
    .where(eq(users.id, userId));
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await db.delete(userTokens).where(eq(userTokens.userId, userId));
  await db.delete(keptForms).where(eq(keptForms.userId, userId));
  await db.update(learnerProfiles).set({ gmcNumber: null, updatedAt: now }).where(eq(learnerProfiles.userId, userId));
  // Copies of the emails sent to the person, at any address they have had, carry their name and address.
  const deleted =
    values.previousEmails.length === 0
      ? []
      : await db
          .delete(outbox)
          .where(inArray(sql`lower(${outbox.toAddress})`, values.previousEmails.map(normaliseEmail)))
          .returning({ id: outbox.id });
  return { mailsDeleted: deleted.length };
}

/** The account's own fields for a personal data download: never the password hash or two-factor secret. */
export async function accountData(db: Db, userId: string): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      twoFactorEnabledAt: users.totpEnabledAt,
      lastLoginAt: users.lastLoginAt,
      createdAt: users.createdAt,
      updatedAt: users.updatedAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function auditEventsAsActor(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  // What the person did to other records: the values changed can be other people's data, so only the summary.
  return db
    .select({
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      summary: auditEvents.summary,
    })
    .from(auditEvents)
    .where(eq(auditEvents.actorUserId, userId))
    .orderBy(desc(auditEvents.occurredAt));
}

export async function auditEventsAsSubject(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  return db
    .select({
      occurredAt: auditEvents.occurredAt,
      actor: auditEvents.actorLabel,
      action: auditEvents.action,
      summary: auditEvents.summary,
      before: auditEvents.before,
      after: auditEvents.after,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId)))
    .orderBy(desc(auditEvents.occurredAt));
}

export async function emailsTo(
  db: Db,
  address: string,
): Promise<{ createdAt: Date; subject: string; textBody: string; status: string; sentAt: Date | null }[]> {
  return db
    .select({
      createdAt: outbox.createdAt,
      subject: outbox.subject,
      textBody: outbox.textBody,
      status: outbox.status,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .where(eq(outbox.toAddress, address))
    .orderBy(desc(outbox.createdAt));
}

/**
 * The names, email addresses and GMC numbers the person had before their current ones, from the values recorded
 * when they changed, and the names they acted under (each event keeps the actor's name at the time).
 */
export async function earlierIdentifiers(
  db: Db,
  userId: string,
): Promise<{ names: string[]; emails: string[]; gmcNumbers: string[] }> {
  const [aboutThem, labels] = await Promise.all([
    db
      .select({ before: auditEvents.before, after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'user'), eq(auditEvents.entityId, userId))),
    db.selectDistinct({ label: auditEvents.actorLabel }).from(auditEvents).where(eq(auditEvents.actorUserId, userId)),
  ]);
  const found = { names: new Set<string>(), emails: new Set<string>(), gmcNumbers: new Set<string>() };
  const fields = { displayName: found.names, email: found.emails, gmcNumber: found.gmcNumbers } as const;
  for (const values of aboutThem.flatMap((row) => [row.before, row.after])) {
    if (values === null) continue;
    for (const [field, into] of Object.entries(fields)) {
      const value = values[field];
      if (typeof value === 'string' && value !== '') into.add(value);
    }
  }
  for (const { label } of labels) found.names.add(label);
  return { names: [...found.names], emails: [...found.emails], gmcNumbers: [...found.gmcNumbers] };
}
