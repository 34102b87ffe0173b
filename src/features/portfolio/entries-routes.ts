/**
 * Writing entries: the form of each kind (new and edit), with "add another step" for journeys, a server-side draft
 * whenever a save fails, and the anonymisation guard's findings shown at the fields they are in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { postedBody, postedText, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { ENTRY_KIND_LABELS, kindFromSlug } from './domain/entries.ts';
import { isWrittenKind, KIND_FORMS, type WrittenKind } from './domain/kind-forms.ts';
import { withStepAdded, withStepRemoved } from './domain/journey.ts';
import { formModel, storedValues } from './form-view.ts';
import { entryAccess } from './policy.ts';
import type { Entry } from './repository.ts';
import * as service from './service.ts';

const learners = ['learner'] as const;
const kindParams = z.object({ kind: z.string().max(40) });
const idParams = z.object({ id: z.uuid() });

function writtenKind(slug: string): WrittenKind {
  const kind = kindFromSlug(slug);
  if (kind === undefined || !isWrittenKind(kind)) throw new NotFoundError();
  return kind;
}

/** "Add another step" and "Remove step N": the form comes back changed, nothing is saved but the draft. */
function stepAction(values: FormValues): FormValues | null {
  const action = postedText(values.action);
  if (action === 'add-step') return withStepAdded(values);
  const remove = /^remove-step-(\d{1,2})$/.exec(action);
  if (remove !== null) return withStepRemoved(values, Number(remove[1]));
  return null;
}

/** An entry of a written kind the signed-in learner may still change; anything else is not found. */
async function editableEntry(ctx: Context, id: string): Promise<Entry & { kind: WrittenKind }> {
  const { entry, mayEdit } = await entryAccess(ctx, ctx.db, id);
  const { kind } = entry;
  if (!mayEdit || !isWrittenKind(kind)) throw new NotFoundError();
  return { ...entry, kind };
}

export function entriesRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    kind: WrittenKind,
    entryId: string | null,
    options: { values: FormValues; errors?: FormErrors; revision?: number; draftSavedAt?: Date; status?: number },
  ) {
    const { context: readContext } = await service.newEntryContext(ctx);
    const model = formModel({
      kind,
      values: options.values,
      errors: options.errors,
      context: readContext,
      entryId,
      revision: options.revision,
      draftSavedAt: options.draftSavedAt,
    });
    return reply.page(
      'portfolio/views/form.njk',
      { title: `${entryId === null ? 'New' : 'Change'} ${ENTRY_KIND_LABELS[kind].toLowerCase()}`, ...model },
      options.status ?? 200,
    );
  }

  /** The shared save path of a new entry and a changed one. */
  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: WrittenKind,
    entryId: string | null,
    command: (data: service.ReadOutcome & { ok: true }) => Promise<{ id: string }>,
  ) {
    const ctx = context(request);
    const posted = postedBody(request);
    const { learnerId, context: readContext } = await service.newEntryContext(ctx);
    const revision = Number(postedText(posted.revision)) || undefined;
    const changed = stepAction(posted);
    if (changed !== null) {
      await service.keepDraft(ctx, learnerId, kind, entryId, changed);
      return renderForm(reply, ctx, kind, entryId, { values: changed, revision });
    }
    return submitForm(request.body, {
      dateFields: ['occurredOn'],
      schema: (values) => {
        const read = service.readEntryForm(kind, values, readContext, ctx.now);
        return read.ok ? { ok: true, data: read } : read;
      },
      run: async (read) => command(read),
      done: (entry) => {
        reply.flash('success', 'Your entry is saved. Choose the outcomes it evidences, or come back to it later.');
        return reply.redirect(`/portfolio/entries/${entry.id}/outcomes`);
      },
      again: async (values, errors) => {
        await service.keepDraft(ctx, learnerId, kind, entryId, posted);
        return renderForm(reply, ctx, kind, entryId, { values, errors, revision, status: 400 });
      },
      ruleField: 'title',
    });
  }

  routes.get(
    '/portfolio/new/:kind',
    { config: { access: learners }, schema: { params: kindParams } },
    async (request, reply) => {
      const ctx = context(request);
      const kind = writtenKind(request.params.kind);
      const { learnerId } = await service.newEntryContext(ctx);
      const draft = await service.draftFor(ctx, learnerId, kind, null);
      const values = draft === undefined ? {} : { ...draft.values };
      return renderForm(reply, ctx, kind, null, {
        values: { ...values },
        ...(draft ? { draftSavedAt: draft.savedAt } : {}),
      });
    },
  );

  routes.post(
    '/portfolio/new/:kind',
    { config: { access: learners }, schema: { params: kindParams } },
    async (request, reply) => {
      const kind = writtenKind(request.params.kind);
      return save(request, reply, kind, null, (read) => service.createEntry(context(request), kind, read.data));
    },
  );

  /** The autosave island's save: the draft kept (identifiers taken out) and what the guard found, as JSON. */
  async function autosave(request: FastifyRequest, kind: WrittenKind, entryId: string | null) {
    const ctx = context(request);
    const posted = postedBody(request);
    const { learnerId } = await service.newEntryContext(ctx);
    await service.keepDraft(ctx, learnerId, kind, entryId, posted);
    return { savedAt: ctx.now.toISOString(), findings: service.draftFindings(kind, posted) };
  }

  routes.post(
    '/portfolio/new/:kind/draft',
    { config: { access: learners }, schema: { params: kindParams } },
    async (request) => autosave(request, writtenKind(request.params.kind), null),
  );

  routes.post(
    '/portfolio/entries/:id/draft',
    { config: { access: learners }, schema: { params: idParams } },
    async (request) => {
      const ctx = context(request);
      const entry = await editableEntry(ctx, request.params.id);
      return autosave(request, entry.kind, entry.id);
    },
  );

  routes.post(
    '/portfolio/new/:kind/discard-draft',
    { config: { access: learners }, schema: { params: kindParams } },
    async (request, reply) => {
      const kind = writtenKind(request.params.kind);
      await service.discardDraft(context(request), kind, null);
      reply.flash('success', 'Your unsaved draft was deleted.');
      return reply.redirect('/portfolio');
    },
  );

  routes.get(
    '/portfolio/entries/:id/edit',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const entry = await editableEntry(ctx, request.params.id);
      const kind = entry.kind;
      const draft = await service.draftFor(ctx, entry.learnerUserId, kind, entry.id);
      const stored = storedValues(
        KIND_FORMS[kind].values({
          title: entry.title,
          occurredOn: entry.occurredOn,
          private: entry.private,
          document: entry.document,
        }),
        entry.occurredOn,
      );
      return renderForm(reply, ctx, kind, entry.id, {
        values: draft === undefined ? stored : { ...draft.values },
        revision: entry.revision,
        ...(draft ? { draftSavedAt: draft.savedAt } : {}),
      });
    },
  );

  routes.post(
    '/portfolio/entries/:id/edit',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const entry = await editableEntry(ctx, request.params.id);
      const revision = Number(postedText(postedBody(request).revision));
      return save(request, reply, entry.kind, entry.id, (read) =>
        service.updateEntry(ctx, entry.id, revision, read.data),
      );
    },
  );

  routes.post(
    '/portfolio/entries/:id/discard-draft',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const { entry, own } = await entryAccess(ctx, ctx.db, request.params.id);
      if (!own) throw new NotFoundError();
      await service.discardDraft(ctx, entry.kind, entry.id);
      reply.flash('success', 'Your unsaved changes were deleted.');
      return reply.redirect(`/portfolio/entries/${entry.id}`);
    },
  );
}
