/**
 * Multi-source feedback (a team assessment of behaviour): the learner starts a round by inviting colleagues, who
 * answer through an emailed link with no account; the learner follows who has not answered yet and may remind them,
 * add raters or close the round early; their educational supervisor reads the anonymous summary and releases it.
 *
 * Anonymity is kept by what is stored, not only by what is shown: a response holds no rater id and no time of day,
 * and the learner sees nothing of the answers until the summary is released.
 */
import { auditEntry } from './entry-audit.ts';
import { placementOn } from './service.ts';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/audit/audit.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { hasRole, type Principal } from '../../platform/auth/roles.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { formatDate } from '../../platform/web/format.ts';
import type { FieldProblem } from '../../platform/web/forms.ts';
import type { Task } from '../../platform/web/navigation.ts';
import { readDateInput } from '../../shared/dates.ts';
import { londonTime, londonToday } from '../../shared/london-time.ts';
import { currentSupervisorOf, educationalSuperviseesOf } from '../people/index.ts';
import { TITLE_MAX } from './domain/entries.ts';
import { guardFields } from './domain/guard.ts';
import {
  closingDateProblem,
  defaultMsfTitle,
  mayRelease,
  mayRemind,
  msfResponseTexts,
  msfState,
  readMsfResponse,
  readRaterLines,
  summariseMsf,
  type MsfRater,
  type MsfResponse,
  type MsfState,
  type MsfSummary,
} from './domain/msf.ts';
import { entryAccess, learnerAccess, type EntryAccess } from './policy.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';
import * as msfRepository from './msf-repository.ts';

/** What an MSF entry's document holds: the closing date, and when it was closed early and released. */
export interface MsfDocument {
  closesOn: string;
  /** When the learner (or the release) closed the round before its closing date. */
  closedAt: string | null;
  releasedAt: string | null;
}

export function msfDocumentOf(entry: { document: Record<string, unknown> }): MsfDocument {
  const document = entry.document;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    closesOn: text(document.closesOn) ?? '',
    closedAt: text(document.closedAt),
    releasedAt: text(document.releasedAt),
  };
}

/** The end of a London day: the first instant of the next. */
function endOfLondonDay(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number);
  return londonTime(year ?? 1970, month ?? 1, (day ?? 1) + 1, 0, 0);
}

/** When the round closes or closed: early if it was closed early, otherwise at the end of its closing date. */
export function closingTime(document: MsfDocument): Date {
  return document.closedAt === null ? endOfLondonDay(document.closesOn) : new Date(document.closedAt);
}

export interface RoundStanding {
  document: MsfDocument;
  state: MsfState;
  invited: number;
  responses: number;
  /** Still taking responses: neither closed nor released. */
  open: boolean;
}

function standingOf(entry: { document: Record<string, unknown> }, invited: number, responses: number, now: Date) {
  const document = msfDocumentOf(entry);
  const closedAt = closingTime(document);
  const releasedAt = document.releasedAt === null ? null : new Date(document.releasedAt);
  return {
    document,
    state: msfState({ invited, responses, closedAt, releasedAt, now }),
    invited,
    responses,
    open: releasedAt === null && closedAt.getTime() > now.getTime(),
  };
}

function isMsf(entry: Entry): boolean {
  return entry.kind === 'msf';
}

// ----- Starting a round -----

export interface StartForm {
  title: string;
  closesOn: string;
  raters: MsfRater[];
}

export interface ReadStart {
  ok: boolean;
  data: StartForm;
  /** Problems at fields; every line of the rater list with a problem has its own, all at the list. */
  problems: FieldProblem[];
  /** Advice about the rater list that does not stop the round (validateRaterList's warnings). */
  warnings: string[];
}

/** What the start form needs to show: the default title and the earliest closing date. */
export function startDefaults(now: Date): { title: string; earliest: string } {
  const today = londonToday(now);
  return { title: defaultMsfTitle(today), earliest: formatDate(new Date(Date.parse(today) + 14 * 86_400_000)) };
}

/** Reads the start form: the title (guarded), the closing date and the rater list, one rater a line. */
export function readStartForm(values: Readonly<Record<string, unknown>>, learnerEmail: string, now: Date): ReadStart {
  const problems: FieldProblem[] = [];
  const title = typeof values.title === 'string' ? values.title.trim() : '';
  if (title === '') problems.push({ field: 'title', href: '#title', message: 'Enter a title' });
  else if (title.length > TITLE_MAX) {
    problems.push({
      field: 'title',
      href: '#title',
      message: `Title must be ${String(TITLE_MAX)} characters or fewer`,
    });
  } else {
    const [guarded] = guardFields([{ field: 'title', label: 'Title', text: title }]);
    if (guarded !== undefined) problems.push({ field: 'title', href: '#title', message: guarded.message });
  }
  const date = readDateInput(values, 'closesOn', 'Closing date');
  const closesOn = date.ok ? date.date : '';
  const dateProblem = date.ok ? closingDateProblem(closesOn, londonToday(now)) : date.message;
  if (dateProblem !== null) problems.push({ field: 'closesOn', href: '#closesOn-day', message: dateProblem });
  const text = typeof values.raters === 'string' ? values.raters : '';
  const raters = readRaterLines(text, learnerEmail);
  raters.errors.forEach((message, n) => problems.push({ field: `raters-${String(n)}`, href: '#raters', message }));
  return {
    ok: problems.length === 0,
    data: { title, closesOn, raters: raters.raters },
    problems,
    warnings: raters.warnings,
  };
}

function normalisedRaters(raters: readonly MsfRater[]): MsfRater[] {
  return raters.map((rater) => ({
    name: rater.name.trim(),
    email: rater.email.trim().toLowerCase(),
    role: rater.role,
  }));
}

interface InviteInput {
  entryId: string;
  regionId: string;
  learnerName: string;
  closesAt: Date;
  closesOn: string;
}

/** Adds raters to a round and queues each one's email with their own link (kept only as a hash). */
async function invite(tx: Db, ctx: Context, round: InviteInput, raters: readonly MsfRater[]): Promise<void> {
  const sends: { rater: MsfRater; token: string }[] = [];
  const rows = normalisedRaters(raters).map((rater) => {
    const token = newToken();
    sends.push({ rater, token });
    return {
      id: newId(),
      entryId: round.entryId,
      name: rater.name,
      email: rater.email,
      role: rater.role,
      tokenHash: hashToken(token),
      expiresAt: round.closesAt,
      invitedAt: ctx.now,
    };
  });
  await msfRepository.insertRaters(tx, rows);
  for (const { rater, token } of sends) {
    await ctx.mailer.queue(
      tx,
      {
        to: rater.email,
        subject: `${round.learnerName} asks for your feedback`,
        regionId: round.regionId,
        secrets: [token],
        text: [
          `Dear ${rater.name},`,
          '',
          `${round.learnerName}, a doctor you work with, has asked for your feedback on how they work with patients and colleagues (multi-source feedback, also called a team assessment of behaviour).`,
          '',
          `It takes about 5 minutes and is anonymous: ${round.learnerName} will see only a summary of everyone’s answers, after their educational supervisor has read it, and never who said what.`,
          '',
          `Please give your feedback by ${formatDate(round.closesOn)}, using this link (you do not need an account):`,
          '',
          `${ctx.publicUrl}/feedback/msf/${token}`,
          '',
          'The link is for you alone and works once: please do not pass it on.',
        ].join('\n'),
      },
      ctx.now,
    );
  }
}

/** The learner starts a round: the entry, its raters, and an email to each with their own link. */
export async function startRound(ctx: Context, form: StartForm): Promise<Entry> {
  const access = await learnerAccess(ctx, ctx.principal.userId);
  if (!access.own) throw new NotFoundError();
  const { learner } = access;
  const document: MsfDocument = { closesOn: form.closesOn, closedAt: null, releasedAt: null };
  return ctx.db.transaction(async (tx) => {
    const entry = await repository.insertEntry(tx, {
      id: newId(),
      learnerUserId: learner.id,
      regionId: learner.regionId,
      kind: 'msf',
      title: form.title,
      status: 'in_progress',
      private: false,
      occurredOn: londonToday(ctx.now),
      placementId: await placementOn(tx, learner.id, londonToday(ctx.now)),
      document: { ...document },
      searchText: '',
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await invite(
      tx,
      ctx,
      {
        entryId: entry.id,
        regionId: learner.regionId,
        learnerName: learner.name,
        closesAt: closingTime(document),
        closesOn: form.closesOn,
      },
      form.raters,
    );
    await auditEntry(
      tx,
      ctx,
      'create',
      { id: entry.id, regionId: learner.regionId },
      `Started a round of multi-source feedback, inviting ${String(form.raters.length)} raters`,
    );
    return entry;
  });
}

// ----- The learner's round: reminders, more raters, closing early -----

/** The learner's own MSF entry, locked, with where the round stands; anyone else is told it does not exist. */
async function ownRound(ctx: Context, tx: Db, id: string) {
  const access = await entryAccess(ctx, tx, id, true);
  if (!access.own || !isMsf(access.entry)) throw new NotFoundError();
  const raters = await msfRepository.ratersOf(tx, id);
  const responses = await msfRepository.responseCount(tx, id);
  return { access, raters, standing: standingOf(access.entry, raters.length, responses, ctx.now) };
}

const CLOSED = 'This round of feedback has closed.';

/**
 * Reminds every rater who has not answered and was not reminded in the last few days, each with a new link (only a
 * hash of the first was kept). How many were reminded.
 */
export async function remindRaters(ctx: Context, id: string): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const { access, raters, standing } = await ownRound(ctx, tx, id);
    if (!standing.open) throw new RuleError(CLOSED);
    const due = raters.filter((rater) => mayRemind(rater, ctx.now));
    if (due.length === 0) {
      throw new RuleError(
        raters.every((rater) => rater.respondedAt !== null)
          ? 'Everyone you invited has responded.'
          : 'Everyone who has not responded was reminded in the last 3 days. You can remind them again later.',
      );
    }
    for (const rater of due) {
      const token = newToken();
      await msfRepository.setReminded(tx, rater.id, hashToken(token), ctx.now);
      await ctx.mailer.queue(
        tx,
        {
          to: rater.email,
          subject: `Reminder: ${access.learner.name} asks for your feedback`,
          regionId: access.entry.regionId,
          secrets: [token],
          text: [
            `Dear ${rater.name},`,
            '',
            `A reminder that ${access.learner.name} would value your feedback. It takes about 5 minutes and is anonymous: they will see only a summary of everyone’s answers, never who said what.`,
            '',
            `Please give it by ${formatDate(standing.document.closesOn)}, using this link (the one in our earlier email no longer works):`,
            '',
            `${ctx.publicUrl}/feedback/msf/${token}`,
          ].join('\n'),
        },
        ctx.now,
      );
    }
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      `Reminded ${String(due.length)} ${due.length === 1 ? 'rater' : 'raters'} to give multi-source feedback`,
    );
    return due.length;
  });
}

export type AddRatersOutcome =
  { ok: true; added: number; warnings: string[] } | { ok: false; problems: FieldProblem[]; warnings: string[] };

/** Adds raters to an open round, checked with those already invited; each is emailed their link. */
export async function addRaters(ctx: Context, id: string, text: string): Promise<AddRatersOutcome> {
  return ctx.db.transaction(async (tx) => {
    const { access, raters, standing } = await ownRound(ctx, tx, id);
    if (!standing.open) throw new RuleError(CLOSED, 'raters');
    const read = readRaterLines(text, ctx.principal.email, raters);
    if (!read.ok) {
      return {
        ok: false as const,
        warnings: read.warnings,
        problems: read.errors.map((message, n) => ({ field: `raters-${String(n)}`, href: '#raters', message })),
      };
    }
    await invite(
      tx,
      ctx,
      {
        entryId: id,
        regionId: access.entry.regionId,
        learnerName: access.learner.name,
        closesAt: closingTime(standing.document),
        closesOn: standing.document.closesOn,
      },
      read.raters,
    );
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      `Invited ${String(read.raters.length)} more ${read.raters.length === 1 ? 'rater' : 'raters'} to give multi-source feedback`,
    );
    return { ok: true as const, added: read.raters.length, warnings: read.warnings };
  });
}

/** The learner closes the round before its closing date: no more responses, and every link stops working. */
/**
 * The learner's round as they decide whether to close it early: its title and how many have answered. Not found for
 * anyone else's; refused once it has closed.
 */
export async function roundToClose(
  ctx: Context,
  id: string,
): Promise<{ entry: { id: string; title: string }; standing: RoundStanding }> {
  const { access, standing } = await ownRound(ctx, ctx.db, id);
  if (!standing.open) throw new RuleError(CLOSED);
  return { entry: { id: access.entry.id, title: access.entry.title }, standing };
}

export async function closeRound(ctx: Context, id: string): Promise<RoundStanding> {
  return ctx.db.transaction(async (tx) => {
    const { access, raters, standing } = await ownRound(ctx, tx, id);
    if (!standing.open) throw new RuleError(CLOSED);
    const document: MsfDocument = { ...standing.document, closedAt: ctx.now.toISOString() };
    await repository.updateEntry(tx, id, { document: { ...document }, updatedAt: ctx.now });
    await msfRepository.expireLinks(tx, id, ctx.now);
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      'Closed a round of multi-source feedback early',
    );
    return standingOf({ document: { ...document } }, raters.length, standing.responses, ctx.now);
  });
}

// ----- A rater's answer, through their link -----

export type LinkState =
  { state: 'valid'; learnerName: string } | { state: 'unknown' } | { state: 'answered' } | { state: 'closed' };

async function linkOf(db: Db, token: string, now: Date): Promise<{ link?: msfRepository.RaterLink; state: LinkState }> {
  const link = await msfRepository.raterByTokenHash(db, hashToken(token));
  if (link === undefined) return { state: { state: 'unknown' } };
  if (link.rater.respondedAt !== null) return { link, state: { state: 'answered' } };
  if (link.rater.expiresAt.getTime() <= now.getTime()) return { link, state: { state: 'closed' } };
  return { link, state: { state: 'valid', learnerName: link.learnerName } };
}

/** What a rater's link leads to now. */
export async function raterLink(db: Db, token: string, now: Date): Promise<LinkState> {
  return (await linkOf(db, token, now)).state;
}

export type ResponseOutcome =
  { ok: true } | { ok: false; problems: FieldProblem[] } | { ok: false; link: Exclude<LinkState, { state: 'valid' }> };

/**
 * A rater returns their form. It is read and guarded first; then, in one transaction, the rater is marked as having
 * answered (only if they had not: of two submissions at once, one counts) and the answers are stored with their
 * staff group and the day only.
 */
export async function submitResponse(
  sources: { db: Db; mailer: Mailer },
  actor: Actor,
  token: string,
  values: Readonly<Record<string, unknown>>,
  now: Date,
): Promise<ResponseOutcome> {
  const first = await linkOf(sources.db, token, now);
  if (first.state.state !== 'valid' || first.link === undefined) {
    return { ok: false, link: first.state as Exclude<LinkState, { state: 'valid' }> };
  }
  const read = readMsfResponse(values);
  if (!read.ok) {
    return {
      ok: false,
      problems: read.problems.map((problem) => ({
        field: problem.path,
        href: `#${problem.path}`,
        message: problem.message,
      })),
    };
  }
  const guarded = guardFields(msfResponseTexts(read.response));
  if (guarded.length > 0) {
    return {
      ok: false,
      problems: guarded.map((problem) => ({
        field: problem.field,
        href: `#${problem.field}`,
        message: problem.message,
      })),
    };
  }
  const { rater, entryId } = first.link;
  return sources.db.transaction(async (tx) => {
    const entry = await repository.lockEntry(tx, entryId);
    if (entry === undefined) return { ok: false as const, link: { state: 'unknown' as const } };
    const standing = standingOf(entry, 0, 0, now);
    if (!standing.open) return { ok: false as const, link: { state: 'closed' as const } };
    if (!(await msfRepository.markResponded(tx, rater.id, now))) {
      return { ok: false as const, link: { state: 'answered' as const } };
    }
    const answers: MsfResponse = read.response;
    await msfRepository.insertResponse(tx, {
      // A random id, not the time-ordered kind: the order of ids must not tell when a response came.
      id: randomUUID(),
      entryId,
      role: rater.role,
      answers: { ratings: answers.ratings, comment: answers.comment ?? '' },
      receivedOn: londonToday(now),
    });
    await auditEntry(
      tx,
      { actor: actor, now: now },
      'create',
      { id: entryId, regionId: entry.regionId },
      'A rater returned multi-source feedback',
    );
    return { ok: true as const };
  });
}

// ----- What each person sees, and the supervisor's release -----

export interface RoundView {
  standing: RoundStanding;
  raters: msfRepository.MsfRaterRow[];
  /** The summary, when this person may see it; its `anonymityOk` says whether more than counts may be shown. */
  summary: MsfSummary | null;
}

/**
 * The round as the person sees it. The summary: to the learner's educational supervisor once the round is ready
 * for review (or closed with too few, as counts only); to the learner and everyone else who may see the entry only
 * once it is released. Never the responses one by one.
 */
export async function roundView(ctx: Context, access: EntryAccess): Promise<RoundView> {
  const { entry } = access;
  const [raters, responses] = await Promise.all([
    msfRepository.ratersOf(ctx.db, entry.id),
    msfRepository.responsesOf(ctx.db, entry.id),
  ]);
  const standing = standingOf(entry, raters.length, responses.length, ctx.now);
  const seesSummary =
    standing.state === 'released' || (access.educationalSupervisor && standing.state !== 'collecting');
  return {
    standing,
    raters,
    summary: seesSummary
      ? summariseMsf(
          responses.map((response) => response.answers as unknown as MsfResponse),
          raters.length,
        )
      : null,
  };
}

/** The educational supervisor's review page: the summary, for them only, before it is released. */
export async function reviewRound(ctx: Context, id: string): Promise<{ access: EntryAccess; view: RoundView }> {
  const access = await entryAccess(ctx, ctx.db, id);
  if (!access.educationalSupervisor || !isMsf(access.entry)) throw new NotFoundError();
  return { access, view: await roundView(ctx, access) };
}

/**
 * The educational supervisor releases the summary to the learner, with an optional comment: the round closes (so
 * the summary the learner reads is the one reviewed), the entry is signed off, and the learner is told by email.
 */
export async function releaseRound(
  ctx: Context,
  id: string,
  form: { comment: string; reviewed: boolean },
): Promise<EntryAccess> {
  return ctx.db.transaction(async (tx) => {
    const access = await entryAccess(ctx, tx, id, true);
    if (!access.educationalSupervisor || !isMsf(access.entry)) throw new NotFoundError();
    const raters = await msfRepository.ratersOf(tx, id);
    const responses = await msfRepository.responseCount(tx, id);
    const document = msfDocumentOf(access.entry);
    const decision = mayRelease({
      invited: raters.length,
      responses,
      closedAt: closingTime(document),
      releasedAt: document.releasedAt === null ? null : new Date(document.releasedAt),
      now: ctx.now,
      reviewed: form.reviewed,
    });
    if (!decision.ok) throw new RuleError(decision.reason, form.reviewed ? 'comment' : 'reviewed');
    const [guarded] = guardFields([{ field: 'comment', label: 'Your comment', text: form.comment }]);
    if (guarded !== undefined) throw new RuleError(guarded.message, 'comment');
    const closed = closingTime(document).getTime() > ctx.now.getTime() ? ctx.now.toISOString() : document.closedAt;
    const released: MsfDocument = { ...document, closedAt: closed, releasedAt: ctx.now.toISOString() };
    await repository.updateEntry(tx, id, {
      document: { ...released },
      status: 'signed_off',
      signedOffAt: ctx.now,
      signedOffBy: ctx.principal.userId,
      signOffComment: form.comment === '' ? null : form.comment,
      updatedAt: ctx.now,
    });
    await msfRepository.expireLinks(tx, id, ctx.now);
    await ctx.mailer.queue(
      tx,
      {
        to: access.learner.email,
        subject: 'Your multi-source feedback summary is ready',
        regionId: access.entry.regionId,
        text: [
          `Dear ${access.learner.name},`,
          '',
          `${ctx.principal.displayName}, your educational supervisor, has read and released the summary of your multi-source feedback, “${access.entry.title}”${form.comment === '' ? '' : ', with a comment for you'}.`,
          '',
          `Read it in your portfolio: ${ctx.publicUrl}/portfolio/entries/${id}`,
        ].join('\n'),
      },
      ctx.now,
    );
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      `Released ${access.learner.name}’s multi-source feedback summary`,
    );
    return access;
  });
}

// ----- The supervisor's task -----

/** Educational supervisors: their learners' rounds ready for review, as one task on their home page. */
export async function reviewTasks(db: Db, principal: Principal, now: Date): Promise<Task[]> {
  if (!hasRole(principal, 'educational_supervisor')) return [];
  const supervisees = await educationalSuperviseesOf(db, principal.userId);
  const mine: string[] = [];
  for (const learnerId of supervisees) {
    if ((await currentSupervisorOf(db, learnerId))?.id === principal.userId) mine.push(learnerId);
  }
  const ready = (await msfRepository.unreleasedRoundsOf(db, mine)).filter(
    (round) => standingOf(round, round.invited, round.responses, now).state === 'ready_for_review',
  );
  const [first] = ready;
  if (first === undefined) return [];
  return [
    {
      text: 'Review multi-source feedback',
      href: ready.length === 1 ? `/portfolio/entries/${first.id}` : '/portfolio',
      hint:
        ready.length === 1
          ? `${first.learnerName}’s round is ready for you to read and release`
          : `${String(ready.length)} rounds are ready for you to read and release`,
      status: 'to do',
    },
  ];
}
