/**
 * Supervised learning events: the learner asks an assessor, the assessor completes the form through an emailed
 * single-use link without an account, and the learner's supervisor signs it off through the entry's own sign-off.
 *
 * The link's token is stored only as its hash (ADR 10, 13), expires after a fortnight, and is spent by the first
 * completed form: the link's row is locked and marked used only if it still is not, so two submissions at once
 * cannot both be saved. Sending it again (or to someone else) withdraws the link before it.
 */
import { writtenRow } from './entry-view.ts';
import { auditEntry } from './entry-audit.ts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { ENTRY_KIND_SLUGS } from './domain/entries.ts';
import type { FormProblem, Values } from './domain/form-reading.ts';
import { guardFields } from './domain/guard.ts';
import {
  ASSESSOR_ROLE_LABELS,
  SLE_DOMAINS,
  SLE_RATING_LABELS,
  SLE_TYPE_LABELS,
  assessmentTexts,
  assessorLinkExpiry,
  assessorLinkState,
  parseSleDocument,
  readAssessment,
  readSleRequest,
  settingText,
  sleDocumentSchema,
  sleRequestTexts,
  sleSearchText,
  type AssessmentForm,
  type Assessor,
  type AssessorLinkState,
  type SleDocument,
  type SleRead,
  type SleRequest,
} from './domain/sle.ts';
import { entryAccess, type EntryAccess } from './policy.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';
import { portfolioAssessorLinks } from './schema.ts';
import * as service from './service.ts';

/** The path of the form for a new SLE. */
export const NEW_SLE_PATH = `/portfolio/new/${ENTRY_KIND_SLUGS.sle}`;

type AssessorLink = typeof portfolioAssessorLinks.$inferSelect;

function guarded<T>(read: SleRead<T>, texts: (data: T) => ReturnType<typeof guardFields>): SleRead<T> {
  if (!read.ok) return read;
  const problems: FormProblem[] = texts(read.data).map((problem) => ({
    field: problem.field,
    href: `#${problem.field}`,
    message: problem.message,
  }));
  return problems.length === 0 ? read : { ok: false, problems };
}

/** The learner's posted request, read, then scanned by the guard; the event must not be in the future. */
export function readGuardedRequest(values: Values, now: Date): SleRead<SleRequest> {
  const read = guarded(readSleRequest(values), (data) => guardFields(sleRequestTexts(data)));
  if (read.ok && read.data.occurredOn > now.toISOString().slice(0, 10)) {
    return {
      ok: false,
      problems: [{ field: 'occurredOn', href: '#occurredOn-day', message: 'The date must be today or in the past' }],
    };
  }
  return read;
}

/** The assessor's posted form for the type, read, then scanned by the guard. */
export function readGuardedAssessment(type: SleDocument['type'], values: Values): SleRead<AssessmentForm> {
  return guarded(readAssessment(type, values), (data) => guardFields(assessmentTexts(data)));
}

// ---------------------------------------------------------------------------------------------------------------
// Links

async function insertLink(tx: Db, ctx: { now: Date; userId: string }, entryId: string, assessor: Assessor) {
  const token = newToken();
  const link = {
    id: newId(),
    entryId,
    assessorName: assessor.name,
    assessorEmail: assessor.email,
    assessorRole: assessor.role,
    tokenHash: hashToken(token),
    expiresAt: assessorLinkExpiry(ctx.now),
    createdBy: ctx.userId,
    createdAt: ctx.now,
  };
  await tx.insert(portfolioAssessorLinks).values(link);
  return { token, link };
}

/** Withdraws every link of the entry that is still open; returns how many. */
async function withdrawLinks(tx: Db, entryId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(portfolioAssessorLinks)
    .set({ withdrawnAt: now })
    .where(
      and(
        eq(portfolioAssessorLinks.entryId, entryId),
        isNull(portfolioAssessorLinks.usedAt),
        isNull(portfolioAssessorLinks.withdrawnAt),
      ),
    )
    .returning({ id: portfolioAssessorLinks.id });
  return rows.length;
}

async function newestLink(db: Db, entryId: string): Promise<AssessorLink | undefined> {
  const [row] = await db
    .select()
    .from(portfolioAssessorLinks)
    .where(eq(portfolioAssessorLinks.entryId, entryId))
    .orderBy(desc(portfolioAssessorLinks.createdAt))
    .limit(1);
  return row;
}

async function learnerOf(db: Db, userId: string): Promise<{ name: string; email: string }> {
  const [row] = await db
    .select({ name: users.displayName, email: users.email })
    .from(users)
    .where(eq(users.id, userId));
  if (row === undefined) throw new NotFoundError();
  return row;
}

async function mailAssessor(
  tx: Db,
  mailer: Mailer,
  message: { publicUrl: string; now: Date; token: string; expiresAt: Date; regionId: string },
  learner: string,
  entry: { title: string; occurredOn: string },
  document: SleDocument,
): Promise<void> {
  const type = SLE_TYPE_LABELS[document.type];
  await mailer.queue(
    tx,
    {
      to: document.assessor.email,
      subject: `${learner} asks you to complete a supervised learning event`,
      regionId: message.regionId,
      secrets: [message.token],
      text: [
        `Dear ${document.assessor.name},`,
        '',
        `${learner} has asked you to assess a supervised learning event in their training portfolio: ${type}, “${entry.title}”, on ${formatDate(entry.occurredOn)}.`,
        '',
        'Open this link to read their summary and complete the form. You do not need an account. The link works once',
        `and stops working on ${formatDate(message.expiresAt)}:`,
        '',
        `${message.publicUrl}/assess/${message.token}`,
        '',
        'If you were not expecting this email, you can ignore it.',
      ].join('\n'),
    },
    message.now,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The learner

/** Saves the learner's SLE and sends its assessor a link. */
export async function sendSle(ctx: Context, request: SleRequest): Promise<Entry> {
  const { learnerId, regionId } = await service.newEntryContext(ctx);
  const document = sleDocumentSchema.parse(request.document);
  return ctx.db.transaction(async (tx) => {
    const entry = await repository.insertEntry(tx, {
      id: newId(),
      learnerUserId: learnerId,
      regionId,
      kind: 'sle',
      title: request.title,
      status: 'with_assessor',
      private: false,
      occurredOn: request.occurredOn,
      placementId: await service.placementOn(tx, learnerId, request.occurredOn),
      document,
      searchText: sleSearchText(document),
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const { token, link } = await insertLink(
      tx,
      { now: ctx.now, userId: ctx.principal.userId },
      entry.id,
      document.assessor,
    );
    await repository.deleteDraft(tx, ctx.principal.userId, learnerId, 'new:sle');
    await mailAssessor(
      tx,
      ctx.mailer,
      { publicUrl: ctx.publicUrl, now: ctx.now, token, expiresAt: link.expiresAt, regionId },
      ctx.principal.displayName,
      entry,
      document,
    );
    await auditEntry(
      tx,
      ctx,
      'create',
      { id: entry.id, regionId: regionId },
      `Asked ${document.assessor.name} to assess a supervised learning event (${SLE_TYPE_LABELS[document.type]})`,
    );
    return entry;
  });
}

/** The learner's own SLE that has not been assessed yet, locked; anything else is not theirs to send. */
async function ownOpenSle(ctx: Context, tx: Db, id: string): Promise<{ access: EntryAccess; document: SleDocument }> {
  const access = await entryAccess(ctx, tx, id, true);
  const document = access.entry.kind === 'sle' ? parseSleDocument(access.entry.document) : null;
  if (!access.own || document === null) throw new NotFoundError();
  if (document.assessment !== null || !['in_progress', 'with_assessor'].includes(access.entry.status)) {
    throw new RuleError('The assessor has already completed this event: it cannot be sent again');
  }
  return { access, document };
}

/**
 * Sends a new link, to the same assessor or (given) another: any link still open is withdrawn first, so only the
 * newest works.
 */
export async function sendAgain(ctx: Context, id: string, assessor: Assessor | null): Promise<Assessor> {
  return ctx.db.transaction(async (tx) => {
    const { access, document: before } = await ownOpenSle(ctx, tx, id);
    const document: SleDocument = { ...before, assessor: assessor ?? before.assessor };
    await withdrawLinks(tx, id, ctx.now);
    const { token, link } = await insertLink(tx, { now: ctx.now, userId: ctx.principal.userId }, id, document.assessor);
    const entry = await repository.updateEntry(tx, id, {
      status: 'with_assessor',
      document,
      updatedAt: ctx.now,
    });
    await mailAssessor(
      tx,
      ctx.mailer,
      { publicUrl: ctx.publicUrl, now: ctx.now, token, expiresAt: link.expiresAt, regionId: entry.regionId },
      access.learner.name,
      entry,
      document,
    );
    const changed = before.assessor.email !== document.assessor.email;
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: entry.regionId },
      changed
        ? `Asked ${document.assessor.name} instead of ${before.assessor.name} to assess a supervised learning event`
        : `Sent ${document.assessor.name} a new link to assess a supervised learning event`,
    );
    return document.assessor;
  });
}

/** Withdraws the request: the assessor's link stops working and the event waits for the learner to send it again. */
export async function withdrawRequest(ctx: Context, id: string): Promise<Assessor> {
  return ctx.db.transaction(async (tx) => {
    const { access, document } = await ownOpenSle(ctx, tx, id);
    if (access.entry.status !== 'with_assessor') throw new RuleError('This request has already been withdrawn');
    await withdrawLinks(tx, id, ctx.now);
    await repository.updateEntry(tx, id, { status: 'in_progress', updatedAt: ctx.now });
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      `Withdrew the request to ${document.assessor.name} to assess a supervised learning event`,
    );
    return document.assessor;
  });
}

/** The entry page's part for an SLE: the request, whom it waits for, and the assessment once it is done. */
export async function sleView(ctx: Context, access: EntryAccess): Promise<Record<string, unknown>> {
  const { entry } = access;
  const document = parseSleDocument(entry.document);
  if (document === null) return { sle: null };
  const link = entry.status === 'with_assessor' ? await newestLink(ctx.db, entry.id) : undefined;
  const state = link === undefined ? null : assessorLinkState(link, ctx.now);
  const assessment = document.assessment;
  const row = writtenRow;
  return {
    sle: {
      typeLabel: SLE_TYPE_LABELS[document.type],
      rows: [
        row('Type', SLE_TYPE_LABELS[document.type]),
        row('Setting', settingText(document.setting, document.place)),
        row('Summary of the case, procedure or session', document.caseSummary),
        row('Feedback wanted on', document.feedbackWanted),
        row('Assessor', `${document.assessor.name}, ${ASSESSOR_ROLE_LABELS[document.assessor.role]}`),
      ],
      waiting:
        link !== undefined && (state === 'valid' || state === 'expired')
          ? {
              name: link.assessorName,
              since: formatDate(link.createdAt),
              expires: formatDate(link.expiresAt),
              expired: state === 'expired',
            }
          : null,
      withdrawn: entry.status === 'in_progress' && assessment === null,
      mayManage: access.own && assessment === null && ['in_progress', 'with_assessor'].includes(entry.status),
      assessor: document.assessor,
      roleItems: assessorRoleItems(document.assessor.role),
      assessment:
        assessment === null
          ? null
          : {
              ratings: SLE_DOMAINS[document.type].map((domain) => {
                const rating = assessment.ratings[domain.key];
                return row(domain.label, rating === undefined ? '' : SLE_RATING_LABELS[rating]);
              }),
              feedback: [
                row('What went well', assessment.wentWell),
                row('Suggested areas for development', assessment.development),
                ...(assessment.agreedAction === '' ? [] : [row('Agreed action', assessment.agreedAction)]),
              ],
              by: `${assessment.assessorName}, ${ASSESSOR_ROLE_LABELS[assessment.assessorRole]}`,
              at: formatDateTime(assessment.completedAt),
            },
    },
  };
}

/** The job roles an assessor may have, for a select, with the chosen one selected. */
export function assessorRoleItems(chosen: string) {
  return [
    { value: '', text: 'Choose a job role' },
    ...Object.entries(ASSESSOR_ROLE_LABELS).map(([value, text]) => ({ value, text, selected: value === chosen })),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The assessor, by link

/** What an assessor's request works with: no one is signed in, so there is no principal, only the link. */
export interface LinkContext {
  db: Db;
  now: Date;
  mailer: Mailer;
  publicUrl: string;
  requestId?: string | undefined;
}

export type LinkLookup =
  | { state: 'unknown' }
  | { state: Exclude<AssessorLinkState, 'valid'> }
  | {
      state: 'valid';
      link: AssessorLink;
      entry: Entry;
      document: SleDocument;
      learnerName: string;
    };

/** The link of a token, and what the assessor may see through it: the event, and whose it is. */
async function lookUp(db: Db, token: string, now: Date, lock: boolean): Promise<LinkLookup> {
  const query = db
    .select()
    .from(portfolioAssessorLinks)
    .where(eq(portfolioAssessorLinks.tokenHash, hashToken(token)));
  const [link] = await (lock ? query.for('update') : query);
  if (link === undefined) return { state: 'unknown' };
  const state = assessorLinkState(link, now);
  if (state !== 'valid') return { state };
  const entry = await (lock ? repository.lockEntry(db, link.entryId) : repository.findEntry(db, link.entryId));
  const document = entry?.kind === 'sle' ? parseSleDocument(entry.document) : null;
  // A link to an entry already assessed (or no longer waiting) cannot be used, whatever its own row says.
  if (entry === undefined || document === null || entry.status !== 'with_assessor' || document.assessment !== null) {
    return { state: 'withdrawn' };
  }
  const learner = await learnerOf(db, entry.learnerUserId);
  return { state: 'valid', link, entry, document, learnerName: learner.name };
}

export async function assessorLink(db: Db, token: string, now: Date): Promise<LinkLookup> {
  return lookUp(db, token, now, false);
}

/** Thrown when a link turns out to be spent by the time its form is saved (another submission got there first). */
export class LinkUnusableError extends Error {
  constructor(readonly state: Exclude<LinkLookup['state'], 'valid'>) {
    super(`The assessor link cannot be used: ${state}`);
  }
}

/**
 * Saves the assessor's form: the assessment goes into the entry's document, the link is spent, the entry waits for
 * sign-off, and the learner is told. All in one transaction with the link's row locked; the link is marked used only
 * where it is not yet, so of two submissions at once one is saved and the other is told the link was used.
 */
export async function completeAssessment(
  lctx: LinkContext,
  token: string,
  form: AssessmentForm,
): Promise<{ entry: Entry; learnerName: string }> {
  const outcome = await lctx.db.transaction(async (tx) => {
    const found = await lookUp(tx, token, lctx.now, true);
    if (found.state !== 'valid') return found;
    const { link, entry, document: before } = found;
    const spent = await tx
      .update(portfolioAssessorLinks)
      .set({ usedAt: lctx.now })
      .where(
        and(
          eq(portfolioAssessorLinks.id, link.id),
          isNull(portfolioAssessorLinks.usedAt),
          isNull(portfolioAssessorLinks.withdrawnAt),
        ),
      )
      .returning({ id: portfolioAssessorLinks.id });
    if (spent.length === 0) return { state: 'used' as const };
    const document = sleDocumentSchema.parse({
      ...before,
      assessment: {
        ...form,
        assessorRole: before.assessor.role,
        completedAt: lctx.now.toISOString(),
      },
    });
    const updated = await repository.updateEntry(tx, entry.id, {
      document,
      searchText: sleSearchText(document),
      status: 'awaiting_sign_off',
      submittedAt: lctx.now,
      updatedAt: lctx.now,
    });
    const actor: Actor = { userId: null, label: `Assessor ${form.assessorName} (by link)`, requestId: lctx.requestId };
    await auditEntry(
      tx,
      { actor: actor, now: lctx.now },
      'update',
      { id: entry.id, regionId: entry.regionId },
      `Completed ${found.learnerName}’s supervised learning event (${SLE_TYPE_LABELS[before.type]}) through the emailed link`,
    );
    const learner = await learnerOf(tx, entry.learnerUserId);
    await lctx.mailer.queue(
      tx,
      {
        to: learner.email,
        subject: `${form.assessorName} has completed your supervised learning event`,
        regionId: entry.regionId,
        text: [
          `Dear ${learner.name},`,
          '',
          `${form.assessorName} has completed your ${SLE_TYPE_LABELS[before.type]}, “${entry.title}”.`,
          'Read their feedback and choose the outcomes it evidences; your supervisor can now sign it off:',
          '',
          `${lctx.publicUrl}/portfolio/entries/${entry.id}`,
        ].join('\n'),
      },
      lctx.now,
    );
    return { state: 'valid' as const, entry: updated, learnerName: learner.name };
  });
  if (outcome.state !== 'valid') throw new LinkUnusableError(outcome.state);
  return outcome;
}
