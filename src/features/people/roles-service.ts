/** Giving a person a role (enrolling them when it is the learner role) and taking one away. */
import { teamRegions } from '../../platform/policy.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { audit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { ROLE_LABELS, type Principal, type Role } from '../../platform/auth/roles.ts';
import type { Person } from './domain/people.ts';
import * as repo from './repository.ts';
import {
  assertMayManage,
  assertNotSelf,
  GMC_IN_USE,
  personFor,
  resolveRole,
  type Command,
  type Outcome,
  type Problem,
  type RoleInput,
} from './service.ts';
import { enrolLearner } from './personal-data-service.ts';

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
