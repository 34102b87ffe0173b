/**
 * Enquiries: one sent through a region's contact form, the team's assigning, status and replies, the region's
 * retention setting and the deletion of closed enquiries kept their full time. Every change is written in one
 * transaction with its audit record and its mail (the outbox delivers it after commit), on the enquiry's row locked
 * first, so two saves at once are taken in turn and a page read before a change is refused.
 *
 * The audit log records what happened to an enquiry, never the sender's name, address or words: those are deleted
 * with the enquiry when its region's retention ends, and the log is kept longer.
 */
import { randomBytes } from 'node:crypto';
import { audit, SYSTEM_ACTOR, type Actor } from '../../platform/audit/audit.ts';
import { REGIONAL_MANAGERS, type Principal } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { regionNamesOf } from '../organisations/index.ts';
import { roleHoldersIn } from '../people/index.ts';
import {
  RETENTION_DEFAULT_MONTHS,
  STATUS_LABELS,
  TOPIC_LABELS,
  expiryCandidatesBefore,
  isExpired,
  monthsText,
  referenceFrom,
  replySubject,
  statusAfterReply,
  statusChange,
  type EnquiryForm,
  type EnquiryStatus,
} from './domain/enquiries.ts';
import { managedRegion, visibleEnquiry } from './policy.ts';
import * as repository from './repository.ts';
import type { Enquiry } from './repository.ts';

/** What sending an enquiry needs: nobody is signed in, so the actor is the contact form itself. */
export type PublicContext = Pick<Context, 'db' | 'now' | 'mailer' | 'publicUrl'> & { actor: Actor };

async function regionName(db: Db, regionId: string): Promise<string> {
  return (await regionNamesOf(db, [regionId])).get(regionId)?.name ?? 'the region';
}

/** The region's programme directors and administrators with a live account: who answers its enquiries. */
export async function regionTeam(db: Db, regionId: string): Promise<{ id: string; name: string; email: string }[]> {
  return roleHoldersIn(db, regionId, REGIONAL_MANAGERS, ['active']);
}

/** A reference no other enquiry has (a clash is one in a billion, but the reference must be unique). */
async function newReference(db: Db, random: (size: number) => Uint8Array): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const reference = referenceFrom(random(6));
    if (!(await repository.referenceTaken(db, reference))) return reference;
  }
  throw new Error('No free enquiry reference was found');
}

/** A reference shown for a trapped automated sender: it looks like any other and names nothing. */
export function decoyReference(random: (size: number) => Uint8Array = randomBytes): string {
  return referenceFrom(random(6));
}

/**
 * Saves an enquiry from the contact form with its first message, acknowledges it to the sender and tells the
 * region's team. Returns the reference quoted to the sender.
 */
export async function submitEnquiry(
  ctx: PublicContext,
  regionId: string,
  form: EnquiryForm,
  random: (size: number) => Uint8Array = randomBytes,
): Promise<{ reference: string }> {
  const [region, team] = await Promise.all([regionName(ctx.db, regionId), regionTeam(ctx.db, regionId)]);
  return ctx.db.transaction(async (tx) => {
    const reference = await newReference(tx, random);
    const enquiry = await repository.insertEnquiry(tx, {
      id: newId(),
      regionId,
      reference,
      topic: form.topic,
      name: form.name,
      email: form.email,
      subject: form.subject,
      status: 'new',
      receivedAt: ctx.now,
      updatedAt: ctx.now,
    });
    await repository.insertMessage(tx, {
      id: newId(),
      enquiryId: enquiry.id,
      direction: 'in',
      body: form.message,
      sentAt: ctx.now,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'enquiry',
        entityId: enquiry.id,
        regionId,
        summary: `Enquiry ${reference} received through the contact form`,
        after: { reference, topic: form.topic },
      },
      ctx.now,
    );
    await ctx.mailer.queue(
      tx,
      {
        to: form.email,
        subject: `We have received your enquiry [${reference}]`,
        regionId,
        // Nothing the sender typed is repeated: the form takes any address, so words of a stranger's choosing
        // must not reach someone else's inbox in the programme's name.
        text: [
          'Hello,',
          '',
          `Thank you for contacting the ${region} School of Generalism.`,
          '',
          `Your reference is ${reference}.`,
          '',
          'What happens next: a member of the programme team will read your message and reply to this email address,',
          'usually within 5 working days. If you write to us again about it, please quote your reference.',
          '',
          'Please do not send patient details or other confidential information by email.',
          '',
          'This is an automatic message.',
        ].join('\n'),
      },
      ctx.now,
    );
    for (const member of team) {
      await ctx.mailer.queue(
        tx,
        {
          to: member.email,
          subject: `New enquiry ${reference}: ${TOPIC_LABELS[form.topic]}`,
          regionId,
          text: [
            `Dear ${member.name},`,
            '',
            `A new enquiry about ${TOPIC_LABELS[form.topic].toLowerCase()} came through the ${region} contact form.`,
            '',
            `Read and answer it in Breadth: ${ctx.publicUrl}/enquiries/${enquiry.id}`,
          ].join('\n'),
        },
        ctx.now,
      );
    }
    return { reference };
  });
}

// ----- The inbox -----

export interface EnquiryChange {
  /** The team member it is assigned to, or nobody. */
  assignedTo: string | null;
  status: EnquiryStatus;
}

/** What a save from a page read before someone else's change is told. */
export const STALE_MESSAGE = 'Someone else changed this enquiry while you had it open. Check the enquiry and try again';

async function lockCurrent(tx: Db, enquiry: Enquiry, revision: number, field: string): Promise<Enquiry> {
  const current = await repository.lockEnquiry(tx, enquiry.id);
  if (current === undefined) throw new NotFoundError();
  if (current.revision !== revision) throw new RuleError(STALE_MESSAGE, field);
  return current;
}

/** Assigns an enquiry (to a member of its region's team, or nobody) and sets its status, as one change. */
export async function changeEnquiry(
  ctx: Context,
  enquiryId: string,
  change: EnquiryChange,
  revision: number,
): Promise<Enquiry> {
  const enquiry = await visibleEnquiry(ctx.db, ctx.principal, enquiryId);
  if (change.assignedTo !== null) {
    const team = await regionTeam(ctx.db, enquiry.regionId);
    if (!team.some((member) => member.id === change.assignedTo)) {
      throw new RuleError('Choose a member of the region’s programme team, or nobody', 'assignedTo');
    }
  }
  return ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, enquiry, revision, 'assignedTo');
    const status = statusChange(current, change.status, ctx.now);
    if (current.assignedTo === change.assignedTo && current.status === status.status) return current;
    const updated = await repository.updateEnquiry(
      tx,
      current.id,
      { ...status, assignedTo: change.assignedTo },
      ctx.now,
    );
    const parts: string[] = [];
    if (current.assignedTo !== change.assignedTo) {
      const name = await repository.userName(tx, change.assignedTo);
      parts.push(name === null ? 'unassigned it' : `assigned it to ${name}`);
    }
    if (current.status !== status.status) {
      parts.push(
        current.status === 'closed' ? 'reopened it' : `set its status to ${STATUS_LABELS[status.status].toLowerCase()}`,
      );
    }
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'enquiry',
        entityId: current.id,
        regionId: current.regionId,
        summary: `Enquiry ${current.reference}: ${parts.join(' and ')}`,
        before: { assignedTo: current.assignedTo, status: current.status, closedAt: current.closedAt },
        after: { assignedTo: updated.assignedTo, status: updated.status, closedAt: updated.closedAt },
      },
      ctx.now,
    );
    return updated;
  });
}

/**
 * Emails a reply to the sender from the app and keeps it in the thread with its outbox mail; a new enquiry moves on
 * to "in progress". Returns the outbox mail's id.
 */
export async function replyToEnquiry(
  ctx: Context,
  enquiryId: string,
  body: string,
  revision: number,
): Promise<{ mailId: string; enquiry: Enquiry }> {
  const enquiry = await visibleEnquiry(ctx.db, ctx.principal, enquiryId);
  return ctx.db.transaction(async (tx) => {
    const current = await lockCurrent(tx, enquiry, revision, 'body');
    const mailId = await ctx.mailer.queue(
      tx,
      {
        to: current.email,
        subject: replySubject(current.subject, current.reference),
        regionId: current.regionId,
        text: [body, '', '—', `${ctx.principal.displayName}, programme team`, `Reference: ${current.reference}`].join(
          '\n',
        ),
      },
      ctx.now,
    );
    await repository.insertMessage(tx, {
      id: newId(),
      enquiryId: current.id,
      direction: 'out',
      body,
      authorId: ctx.principal.userId,
      mailId,
      sentAt: ctx.now,
    });
    const status = statusAfterReply(current.status);
    const updated = await repository.updateEnquiry(tx, current.id, { status }, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'enquiry',
        entityId: current.id,
        regionId: current.regionId,
        // The reply's words are correspondence with a member of the public: the log says one was sent, not what.
        summary: `Enquiry ${current.reference}: replied by email`,
        before: { status: current.status },
        after: { status, mailId },
      },
      ctx.now,
    );
    return { mailId, enquiry: updated };
  });
}

// ----- Retention -----

export interface RetentionView {
  months: number;
  /** Whether the region chose it (false: the default applies). */
  chosen: boolean;
  /** The saved setting's time, which a save must match: '' when none is saved. */
  version: string;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** How many months the region keeps closed enquiries (the default when it chose none): told to the public. */
export async function retentionMonthsOf(db: Db, regionId: string): Promise<number> {
  return (await repository.retentionOf(db, regionId))?.retentionMonths ?? RETENTION_DEFAULT_MONTHS;
}

export async function retentionFor(ctx: Context, regionId: string): Promise<RetentionView> {
  managedRegion(ctx.principal, regionId);
  const row = await repository.retentionOf(ctx.db, regionId);
  if (row === undefined) {
    return { months: RETENTION_DEFAULT_MONTHS, chosen: false, version: '', updatedAt: null, updatedBy: null };
  }
  return {
    months: row.retentionMonths,
    chosen: true,
    version: row.updatedAt.toISOString(),
    updatedAt: row.updatedAt,
    updatedBy: await repository.userName(ctx.db, row.updatedBy),
  };
}

/** Saves how many months the region keeps closed enquiries; refused when someone saved it since the page was read. */
export async function saveRetention(ctx: Context, regionId: string, months: number, version: string): Promise<void> {
  managedRegion(ctx.principal, regionId);
  await ctx.db.transaction(async (tx) => {
    const current = await repository.lockRetention(tx, regionId);
    const currentVersion = current === undefined ? '' : current.updatedAt.toISOString();
    if (currentVersion !== version) {
      throw new RuleError('Someone else changed this setting while you had it open. Check it and try again', 'months');
    }
    const before = current?.retentionMonths ?? RETENTION_DEFAULT_MONTHS;
    await repository.saveRetention(tx, regionId, months, ctx.principal.userId, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'enquiry_settings',
        entityId: regionId,
        regionId,
        summary: `Closed enquiries are kept for ${monthsText(months)}`,
        before: { retentionMonths: before },
        after: { retentionMonths: months },
      },
      ctx.now,
    );
  });
}

/**
 * Deletes closed enquiries kept their region's number of months (12 where the region chose none), with their threads,
 * and records how many went in each region. Safe to run twice, and by two processes at once: only enquiries still
 * closed are deleted, and a second run finds none left.
 */
export async function deleteExpiredEnquiries(db: Db, now: Date): Promise<number> {
  const retentions = await repository.allRetentions(db);
  const shortest = Math.min(RETENTION_DEFAULT_MONTHS, ...retentions.values());
  const candidates = await repository.closedBefore(db, expiryCandidatesBefore(now, shortest));
  const due = candidates.filter((row) =>
    isExpired(row.closedAt, retentions.get(row.regionId) ?? RETENTION_DEFAULT_MONTHS, now),
  );
  if (due.length === 0) return 0;
  const byRegion = new Map<string, string[]>();
  for (const row of due) byRegion.set(row.regionId, [...(byRegion.get(row.regionId) ?? []), row.id]);
  let deleted = 0;
  for (const [regionId, ids] of byRegion) {
    await db.transaction(async (tx) => {
      const n = await repository.deleteClosed(tx, ids);
      if (n === 0) return;
      deleted += n;
      const months = retentions.get(regionId) ?? RETENTION_DEFAULT_MONTHS;
      await audit(
        tx,
        SYSTEM_ACTOR,
        {
          action: 'delete',
          entityType: 'enquiry',
          regionId,
          summary: `Deleted ${n === 1 ? '1 closed enquiry' : `${String(n)} closed enquiries`} kept for ${monthsText(months)}`,
        },
        now,
      );
    });
  }
  return deleted;
}

// ----- The home page -----

/** "N new enquiries" for the programme team of the regions that have them. */
export async function enquiryTasks(db: Db, principal: Principal, _now: Date): Promise<Task[]> {
  const regions = teamRegions(principal);
  if (regions !== 'all' && regions.length === 0) return [];
  const n = await repository.countNew(db, regions);
  if (n === 0) return [];
  return [
    {
      text: n === 1 ? '1 new enquiry' : `${String(n)} new enquiries`,
      href: '/enquiries?status=new',
      hint: 'Sent through the contact form: assign and answer them',
      status: 'to do',
    },
  ];
}
