/** Inviting a person, sending them a new invitation link, and the home page's task of invitations not yet accepted. */
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { audit, type Actor } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/errors.ts';
import { hasRole, REGIONAL_MANAGERS, ROLE_LABELS, type Principal, type Role } from '../../platform/auth/roles.ts';
import { INVITATION_DAYS, issueUserToken, normaliseEmail } from '../../platform/auth/store.ts';
import type { Task } from '../../platform/web/navigation.ts';
import type { Person } from './domain/people.ts';
import * as repo from './repository.ts';
import {
  assertMayChangeAccount,
  assertMayManage,
  EMAIL_IN_USE,
  GMC_IN_USE,
  personFor,
  resolveRole,
  type Command,
  type Invitation,
  type Mail,
  type Outcome,
  type Problem,
} from './service.ts';
import { enrolLearner } from './personal-data-service.ts';

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
