/**
 * One entry: its page (who can see it, its comments), sending it for sign-off, signing it off, commenting, the
 * outcomes it evidences, and deleting it after a confirmation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { RuleError } from '../../platform/errors.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import { postedBody, postedList, postedText, submitForm, type FormErrors } from '../../platform/web/forms.ts';
import { MAX_OUTCOMES_PER_ITEM } from '../curriculum/index.ts';
import { audienceOf, ENTRY_KIND_LABELS, ENTRY_STATUS_LABELS, ENTRY_STATUS_TAGS } from './domain/entries.ts';
import { attachmentsSection } from './attachments-service.ts';
import { entryView } from './entry-view.ts';
import { KIND_VIEWS } from './kind-views.ts';
import { isWrittenKind } from './domain/kind-forms.ts';
import { entryOutcomes, setEntryOutcomes } from './outcomes-service.ts';
import { entryAccess } from './policy.ts';
import * as repository from './repository.ts';
import * as service from './service.ts';

const viewers = ['learner', ...SUPERVISORS, ...PROGRAMME_TEAM] as const;
const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });

export function entryRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function renderEntry(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { errors?: FormErrors; values?: Record<string, unknown>; status?: number } = {},
  ) {
    const access = await entryAccess(ctx, ctx.db, id);
    const { entry, learner } = access;
    const [comments, outcomes] = await Promise.all([repository.commentsOn(ctx.db, id), entryOutcomes(ctx, id)]);
    return reply.page(
      'portfolio/views/entry.njk',
      {
        title: entry.title,
        entry,
        learner,
        access,
        kindLabel: ENTRY_KIND_LABELS[entry.kind],
        status: { text: ENTRY_STATUS_LABELS[entry.status], classes: ENTRY_STATUS_TAGS[entry.status] },
        occurredOn: formatDate(entry.occurredOn),
        audience: access.own
          ? audienceOf(entry)
          : entry.private
            ? `Only ${learner.name} and you, their educational supervisor, can see this reflection.`
            : `${learner.name}, their supervisors and their region’s programme team can see this entry.`,
        view: { ...entryView(entry), ...(await KIND_VIEWS[entry.kind]?.(ctx, access)) },
        written: isWrittenKind(entry.kind),
        signedOff:
          entry.signedOffAt === null ? null : { at: formatDateTime(entry.signedOffAt), comment: entry.signOffComment },
        outcomes: outcomes.choices.filter((choice) => choice.chosen),
        attachments: await attachmentsSection(ctx.db, access),
        comments: comments.map((comment) => ({
          ...comment,
          author: comment.authorUserId === ctx.principal.userId ? 'You' : (comment.authorName ?? 'A former user'),
          at: formatDateTime(comment.createdAt),
        })),
        backHref: access.own ? '/portfolio' : `/portfolio/learners/${learner.id}`,
        errors: options.errors,
        values: options.values ?? {},
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/portfolio/entries/:id',
    { config: { access: viewers }, schema: { params: idParams } },
    async (request, reply) => renderEntry(reply, context(request), request.params.id),
  );

  routes.post(
    '/portfolio/entries/:id/send',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        await service.sendForSignOff(context(request), request.params.id);
        reply.flash('success', 'Sent for sign-off. Your supervisors will see it in their list.');
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/portfolio/entries/${request.params.id}`);
    },
  );

  routes.post(
    '/portfolio/entries/:id/sign-off',
    { config: { access: SUPERVISORS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const comment = postedText(postedBody(request).comment);
      return submitForm(request.body, {
        schema: z.object({
          comment: z.string().max(2000, 'Your comment must be 2,000 characters or fewer').optional(),
        }),
        run: () => service.signOff(ctx, request.params.id, comment),
        done: (access) => {
          reply.flash('success', `Signed off. ${access.learner.name} can see your sign-off and any comment.`);
          return reply.redirect(`/portfolio/entries/${request.params.id}`);
        },
        again: (values, errors) => renderEntry(reply, ctx, request.params.id, { values, errors, status: 400 }),
        ruleField: 'comment',
      });
    },
  );

  routes.post(
    '/portfolio/entries/:id/comments',
    { config: { access: viewers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      return submitForm(request.body, {
        schema: z.object({
          body: z
            .string()
            .trim()
            .min(1, 'Enter your comment')
            .max(5000, 'Your comment must be 5,000 characters or fewer'),
        }),
        run: (data) => service.addComment(ctx, request.params.id, data.body),
        done: () => {
          reply.flash('success', 'Your comment was added.');
          return reply.redirect(`/portfolio/entries/${request.params.id}#comments`);
        },
        again: (values, errors) =>
          renderEntry(reply, ctx, request.params.id, {
            values,
            errors: { ...errors, list: errors.list.map((item) => ({ ...item, href: '#body' })) },
            status: 400,
          }),
        ruleField: 'body',
      });
    },
  );

  // ----- Outcomes -----

  async function renderOutcomes(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { chosen?: string[]; errors?: FormErrors; status?: number } = {},
  ) {
    const outcomes = await entryOutcomes(ctx, id);
    if (!outcomes.access.own) return reply.redirect(`/portfolio/entries/${id}`);
    const suggested = new Map(outcomes.suggestions.map((suggestion) => [suggestion.code, suggestion]));
    // The first time, the suggestions are ticked for the learner to accept or change; after that, their choice.
    const chosen =
      options.chosen ??
      (outcomes.linked.length > 0 ? outcomes.linked : outcomes.suggestions.map((suggestion) => suggestion.code));
    const item = (choice: (typeof outcomes.choices)[number]) => {
      const fp = choice.outcome.fpHlos.length > 0 ? `. Foundation Programme: ${choice.outcome.fpHlos.join(', ')}` : '';
      const why = suggested.get(choice.outcome.code)?.reasons ?? [];
      return {
        value: choice.outcome.code,
        text: `${choice.outcome.code}: ${choice.outcome.text}`,
        hint: { text: `${choice.domain}${fp}${why.length > 0 ? `. Suggested: ${why.join('; ')}` : ''}` },
        checked: chosen.includes(choice.outcome.code),
      };
    };
    const first = outcomes.suggestions.flatMap((suggestion) => {
      const choice = outcomes.choices.find((candidate) => candidate.outcome.code === suggestion.code);
      return choice === undefined ? [] : [choice];
    });
    return reply.page(
      'portfolio/views/outcomes.njk',
      {
        title: 'Outcomes this entry evidences',
        entry: outcomes.access.entry,
        curriculum: outcomes.content !== null,
        max: MAX_OUTCOMES_PER_ITEM,
        suggestedCount: first.length,
        items: [...first, ...outcomes.choices.filter((choice) => !suggested.has(choice.outcome.code))].map(item),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/portfolio/entries/:id/outcomes',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => renderOutcomes(reply, context(request), request.params.id),
  );

  routes.post(
    '/portfolio/entries/:id/outcomes',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const chosen = postedList(postedBody(request).outcomes);
      return submitForm(request.body, {
        schema: z.looseObject({}),
        run: () => setEntryOutcomes(ctx, request.params.id, chosen),
        done: () => {
          reply.flash(
            'success',
            chosen.length === 0 ? 'This entry evidences no outcomes.' : `This entry evidences ${chosen.join(', ')}.`,
          );
          return reply.redirect(`/portfolio/entries/${request.params.id}`);
        },
        again: (_values, errors) => renderOutcomes(reply, ctx, request.params.id, { chosen, errors, status: 400 }),
        ruleField: 'outcomes',
      });
    },
  );

  // ----- Deleting -----

  routes.get(
    '/portfolio/entries/:id/delete',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const { entry, mayDelete } = await entryAccess(ctx, ctx.db, request.params.id);
      if (!mayDelete) return reply.redirect(`/portfolio/entries/${entry.id}`);
      return reply.page('portfolio/views/delete.njk', {
        title: `Delete “${entry.title}”`,
        entry,
        kindLabel: ENTRY_KIND_LABELS[entry.kind].toLowerCase(),
      });
    },
  );

  routes.post(
    '/portfolio/entries/:id/delete',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      let deleted = false;
      try {
        const entry = await service.deleteEntry(context(request), request.params.id);
        reply.flash('success', `“${entry.title}” was deleted.`);
        deleted = true;
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(deleted ? '/portfolio' : `/portfolio/entries/${request.params.id}`);
    },
  );
}
