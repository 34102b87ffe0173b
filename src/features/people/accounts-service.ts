/** Changing a person's details (name, stage and programme) and enabling or disabling their account. */
import { audit, changedFields } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/errors.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { ACCOUNT_HELD_ELSEWHERE, type AccountStatus, type Person, type Stage } from './domain/people.ts';
import * as repo from './repository.ts';
import {
  assertMayChangeAccount,
  assertMayManage,
  assertNotSelf,
  changeableFor,
  personFor,
  regionOf,
  type Command,
} from './service.ts';

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
