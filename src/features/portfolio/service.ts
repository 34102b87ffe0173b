/**
 * Writing portfolio entries: the learner's own patient journeys, reflections and MDT meetings, kept as drafts when a
 * save fails, scanned by the anonymisation guard before anything is written, sent for sign-off and signed off by a
 * supervisor, and discussed in a thread of comments.
 */
import { auditEntry } from './entry-audit.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { organisationsIn } from '../organisations/index.ts';
import { placementsOfLearner } from '../placements/index.ts';
import { recordEvidence } from '../curriculum/index.ts';
import { ENTRY_KIND_LABELS, isLocked, type EntryKind } from './domain/entries.ts';
import type { FormProblem, ReadContext, Values } from './domain/form-reading.ts';
import { guardFields, redactIdentifiers } from './domain/guard.ts';
import { KIND_FORMS, type WrittenKind } from './domain/kind-forms.ts';
import { entryAccess, learnerAccess, type EntryAccess } from './policy.ts';
import * as repository from './repository.ts';
import type { Entry } from './repository.ts';

/** The organisations a learner's forms offer: their region's register, NHS or not. */
export async function readContextFor(ctx: Context, regionId: string): Promise<ReadContext> {
  const organisations = await organisationsIn(ctx.db, [regionId]);
  return { organisations: organisations.map(({ id, name }) => ({ id, name })) };
}

/** The free text of an entry, joined, for the search index. */
export function searchTextOf(kind: WrittenKind, entry: { title: string; document: unknown }): string {
  return KIND_FORMS[kind]
    .texts(entry)
    .filter((field) => field.field !== 'title')
    .map((field) => field.text)
    .filter((text) => text !== '')
    .join('\n');
}

export type ReadOutcome =
  | { ok: true; data: { title: string; occurredOn: string; private: boolean; document: unknown } }
  | { ok: false; problems: FormProblem[] };

/**
 * Reads a posted form of the kind and runs the anonymisation guard over everything written in it: the form's own
 * problems first, then each field that may identify a patient, quoting what was found and why.
 */
export function readEntryForm(kind: WrittenKind, values: Values, context: ReadContext, now: Date): ReadOutcome {
  const form = KIND_FORMS[kind];
  const read = form.read(values, context);
  if (!read.ok) return read;
  const problems: FormProblem[] = guardFields(form.texts(read.data)).map((problem) => ({
    field: problem.field,
    href: `#${problem.field}`,
    message: problem.message,
  }));
  if (read.data.occurredOn > now.toISOString().slice(0, 10)) {
    problems.unshift({
      field: 'occurredOn',
      href: '#occurredOn-day',
      message: 'The date must be today or in the past',
    });
  }
  return problems.length === 0 ? read : { ok: false, problems };
}

/** The learner's placement the day falls in, if any: entries are filed under it, so the portfolio filters by placement. */
export async function placementOn(db: Db, learnerId: string, day: string): Promise<string | null> {
  const placements = await placementsOfLearner(db, learnerId);
  return placements.find((placement) => placement.startsOn <= day && placement.endsOn >= day)?.id ?? null;
}

function draftKeyFor(kind: EntryKind, entryId: string | null): string {
  return entryId ?? `new:${kind}`;
}

/**
 * Keeps what the person was writing, with anything the guard would block taken out: so a failed save or a closed
 * tab loses nothing, and no draft ever holds a patient identifier.
 */
export async function keepDraft(
  ctx: Context,
  learnerId: string,
  kind: EntryKind,
  entryId: string | null,
  values: Values,
): Promise<void> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === '_csrf' || key === 'action' || key === 'revision') continue;
    if (typeof value === 'string') kept[key] = redactIdentifiers(value);
    else if (Array.isArray(value)) kept[key] = value.filter((item): item is string => typeof item === 'string');
  }
  await repository.saveDraft(ctx.db, {
    id: newId(),
    userId: ctx.principal.userId,
    learnerUserId: learnerId,
    draftKey: draftKeyFor(kind, entryId),
    kind,
    values: kept,
    savedAt: ctx.now,
  });
}

/**
 * What the guard finds in a form as typed, field by field, for the autosave's warning: every text field posted is
 * scanned, whether or not the form is complete yet.
 */
export function draftFindings(kind: WrittenKind, values: Values): { field: string; message: string }[] {
  const fields = Object.entries(values).flatMap(([field, value]) =>
    typeof value === 'string' && field !== '_csrf' && field !== 'revision'
      ? [{ field, label: labelOf(kind, field), text: value }]
      : [],
  );
  return guardFields(fields).map((problem) => ({ field: problem.field, message: problem.message }));
}

/** A form field's label as the guard's messages name it, from the kind's own list where it is there. */
function labelOf(kind: WrittenKind, field: string): string {
  const step = /^steps-(\d+)-(\w+)$/.exec(field);
  if (step !== null) return `Step ${String(Number(step[1]) + 1)}`;
  return KIND_LABELS_BY_FIELD[field] ?? (kind === 'reflection' ? 'Your reflection' : 'What you wrote');
}

const KIND_LABELS_BY_FIELD: Record<string, string> = {
  title: 'The title',
  patient: 'About the patient',
  systemReflection: 'How the system served the patient',
  meeting: 'The kind of meeting',
  place: 'Where the meeting was',
  discussion: 'What was discussed and decided',
  contribution: 'Your contribution',
  learned: 'What you learned',
};

export async function draftFor(
  ctx: Context,
  learnerId: string,
  kind: EntryKind,
  entryId: string | null,
): Promise<repository.Draft | undefined> {
  return repository.findDraft(ctx.db, ctx.principal.userId, learnerId, draftKeyFor(kind, entryId));
}

export async function discardDraft(ctx: Context, kind: EntryKind, entryId: string | null): Promise<void> {
  await repository.deleteDraft(ctx.db, ctx.principal.userId, ctx.principal.userId, draftKeyFor(kind, entryId));
}

/** What the signed-in learner needs to write a new entry; anyone else is told the page does not exist. */
export async function newEntryContext(
  ctx: Context,
): Promise<{ learnerId: string; regionId: string; context: ReadContext }> {
  const access = await learnerAccess(ctx, ctx.principal.userId);
  return {
    learnerId: access.learner.id,
    regionId: access.learner.regionId,
    context: await readContextFor(ctx, access.learner.regionId),
  };
}

/** Saves a new entry of the learner's own, read and guarded already (readEntryForm). */
export async function createEntry(
  ctx: Context,
  kind: WrittenKind,
  data: { title: string; occurredOn: string; private: boolean; document: unknown },
): Promise<Entry> {
  const { learnerId, regionId } = await newEntryContext(ctx);
  return ctx.db.transaction(async (tx) => {
    const entry = await repository.insertEntry(tx, {
      id: newId(),
      learnerUserId: learnerId,
      regionId,
      kind,
      title: data.title,
      status: 'in_progress',
      private: kind === 'reflection' && data.private,
      occurredOn: data.occurredOn,
      placementId: await placementOn(tx, learnerId, data.occurredOn),
      document: data.document as Record<string, unknown>,
      searchText: searchTextOf(kind, data),
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await repository.deleteDraft(tx, ctx.principal.userId, learnerId, draftKeyFor(kind, null));
    await auditEntry(
      tx,
      ctx,
      'create',
      { id: entry.id, regionId: regionId },
      `Wrote a ${ENTRY_KIND_LABELS[kind].toLowerCase()} in their portfolio`,
    );
    return entry;
  });
}

/**
 * Saves changes to an entry, from the page at `revision`: a save from a page that is out of date (another tab, a
 * supervisor's sign-off in between) is refused with a message, never applied over the newer record.
 */
export async function updateEntry(
  ctx: Context,
  id: string,
  revision: number,
  data: { title: string; occurredOn: string; private: boolean; document: unknown },
): Promise<Entry> {
  return ctx.db.transaction(async (tx) => {
    const { entry, mayEdit } = await entryAccess(ctx, tx, id, true);
    if (!mayEdit || !isWrittenKindEntry(entry)) throw new NotFoundError();
    if (entry.revision !== revision) {
      throw new RuleError(
        'This entry was changed in another window or tab after you opened it. Copy anything you need, then open it again.',
        'title',
      );
    }
    const kind = entry.kind as WrittenKind;
    const updated = await repository.updateEntry(tx, id, {
      title: data.title,
      occurredOn: data.occurredOn,
      placementId: await placementOn(tx, entry.learnerUserId, data.occurredOn),
      private: kind === 'reflection' && data.private,
      document: data.document as Record<string, unknown>,
      searchText: searchTextOf(kind, data),
      updatedAt: ctx.now,
    });
    await repository.deleteDraft(tx, ctx.principal.userId, entry.learnerUserId, draftKeyFor(kind, id));
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: entry.regionId },
      `Changed a ${ENTRY_KIND_LABELS[kind].toLowerCase()} in their portfolio`,
    );
    return updated;
  });
}

function isWrittenKindEntry(entry: Entry): boolean {
  return entry.kind in KIND_FORMS;
}

/** The learner asks their supervisors to sign the entry off. */
export async function sendForSignOff(ctx: Context, id: string): Promise<Entry> {
  return ctx.db.transaction(async (tx) => {
    const { entry, own } = await entryAccess(ctx, tx, id, true);
    if (!own) throw new NotFoundError();
    // The other kinds reach sign-off by their own path: an assessor's form, a supervisor's release, a meeting record.
    if (!isWrittenKindEntry(entry)) throw new RuleError('This entry goes for sign-off by its own steps, not from here');
    if (entry.status !== 'in_progress') throw new RuleError('This entry has already been sent for sign-off');
    const updated = await repository.updateEntry(tx, id, {
      status: 'awaiting_sign_off',
      submittedAt: ctx.now,
      updatedAt: ctx.now,
    });
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: entry.regionId },
      `Sent a ${ENTRY_KIND_LABELS[entry.kind].toLowerCase()} for sign-off`,
    );
    return updated;
  });
}

/** A supervisor signs the entry off, with an optional comment; from then on it is locked. */
export async function signOff(ctx: Context, id: string, comment: string): Promise<EntryAccess> {
  return ctx.db.transaction(async (tx) => {
    const access = await entryAccess(ctx, tx, id, true);
    if (!access.maySignOff) {
      if (access.entry.status === 'signed_off') throw new RuleError('This entry has already been signed off');
      throw new NotFoundError();
    }
    const guarded = guardFields([{ field: 'comment', label: 'Your comment', text: comment }]);
    if (guarded[0] !== undefined) throw new RuleError(guarded[0].message, 'comment');
    await repository.updateEntry(tx, id, {
      status: 'signed_off',
      signedOffAt: ctx.now,
      signedOffBy: ctx.principal.userId,
      signOffComment: comment === '' ? null : comment,
      updatedAt: ctx.now,
    });
    await auditEntry(
      tx,
      ctx,
      'update',
      { id: id, regionId: access.entry.regionId },
      `Signed off ${access.learner.name}’s ${ENTRY_KIND_LABELS[access.entry.kind].toLowerCase()}`,
    );
    return access;
  });
}

/** Adds a comment under an entry; the guard reads it first, as it reads everything written in the portfolio. */
export async function addComment(ctx: Context, id: string, body: string): Promise<EntryAccess> {
  return ctx.db.transaction(async (tx) => {
    const access = await entryAccess(ctx, tx, id);
    const [problem] = guardFields([{ field: 'comment', label: 'Your comment', text: body }]);
    if (problem !== undefined) throw new RuleError(problem.message, 'comment');
    await repository.insertComment(tx, {
      id: newId(),
      entryId: id,
      authorUserId: ctx.principal.userId,
      body,
      createdAt: ctx.now,
    });
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'portfolio_comment',
        entityId: id,
        regionId: access.entry.regionId,
        summary: `Commented on ${access.own ? 'their own' : `${access.learner.name}’s`} ${ENTRY_KIND_LABELS[
          access.entry.kind
        ].toLowerCase()}`,
      },
      ctx.now,
    );
    return access;
  });
}

/** The learner deletes an entry that is not signed off; its outcome links go with it. */
export async function deleteEntry(ctx: Context, id: string): Promise<Entry> {
  return ctx.db.transaction(async (tx) => {
    const { entry, mayDelete } = await entryAccess(ctx, tx, id, true);
    if (!mayDelete) {
      if (isLocked(entry.status)) throw new RuleError('A signed-off entry cannot be deleted');
      throw new NotFoundError();
    }
    await recordEvidence(
      tx,
      ctx.actor,
      { learnerId: entry.learnerUserId, source: { type: 'portfolio-entry', id, label: entry.title }, outcomeCodes: [] },
      ctx.now,
    );
    await repository.deleteEntry(tx, id);
    await auditEntry(
      tx,
      ctx,
      'delete',
      { id: id, regionId: entry.regionId },
      `Deleted a ${ENTRY_KIND_LABELS[entry.kind].toLowerCase()} from their portfolio`,
    );
    return entry;
  });
}
