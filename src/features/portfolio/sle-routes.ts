/**
 * Supervised learning events (mini-CEX, CBD, DOPS, developing the clinical teacher): the learner's request, sending
 * it again, to someone else or withdrawing it, and the assessor's form behind the emailed link, which needs no account.
 */
import { writtenRow } from './entry-view.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import { postedBody, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { datePartsOf } from '../../shared/dates.ts';
import { CARE_SETTINGS, CARE_SETTING_LABELS } from './domain/entries.ts';
import {
  SLE_DOMAINS,
  SLE_RATINGS,
  SLE_RATING_LABELS,
  SLE_TYPES,
  SLE_TYPE_LABELS,
  ratingField,
  readAssessorForm,
  settingText,
} from './domain/sle.ts';
import { entryAccess } from './policy.ts';
import * as service from './service.ts';
import {
  LinkUnusableError,
  NEW_SLE_PATH,
  assessorLink,
  assessorRoleItems,
  completeAssessment,
  readGuardedAssessment,
  readGuardedRequest,
  sendAgain,
  sendSle,
  withdrawRequest,
  type LinkContext,
  type LinkLookup,
} from './sle-service.ts';

const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });
// Any string is looked up (by its hash), so a guessed token is "not found" like any other, never a validation error.
const tokenParams = z.object({ token: z.string().max(200) });

function textOf(values: FormValues, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value : '';
}

/** The learner's form for a new SLE. */
function requestModel(values: FormValues, errors: FormErrors | undefined, draftSavedAt?: Date) {
  const type = textOf(values, 'type');
  const setting = textOf(values, 'setting');
  return {
    title: 'New supervised learning event',
    action: NEW_SLE_PATH,
    values,
    errors,
    draftSavedAt,
    occurredOn: datePartsOf(values, 'occurredOn'),
    types: SLE_TYPES.map((value) => ({ value, text: SLE_TYPE_LABELS[value], checked: value === type })),
    settings: [
      { value: '', text: 'Choose a setting' },
      ...CARE_SETTINGS.map((value) => ({ value, text: CARE_SETTING_LABELS[value], selected: value === setting })),
    ],
    roleItems: assessorRoleItems(textOf(values, 'assessorRole')),
  };
}

/** The page an unusable link shows: 404 for a token nobody was sent, 410 for one that worked once and no longer does. */
function linkUnusable(reply: FastifyReply, state: Exclude<LinkLookup['state'], 'valid'>) {
  return reply.page(
    'portfolio/views/sle-link-unusable.njk',
    { title: state === 'unknown' ? 'This link is not recognised' : 'This link cannot be used', state },
    state === 'unknown' ? 404 : 410,
  );
}

export function sleRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);
  const linkContext = (request: FastifyRequest): LinkContext => ({
    db: app.db,
    now: request.now,
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
    requestId: request.id,
  });

  // ----- The learner's request -----

  routes.get(NEW_SLE_PATH, { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const { learnerId } = await service.newEntryContext(ctx);
    const draft = await service.draftFor(ctx, learnerId, 'sle', null);
    return reply.page('portfolio/views/sle-new.njk', requestModel({ ...draft?.values }, undefined, draft?.savedAt));
  });

  routes.post(NEW_SLE_PATH, { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const { learnerId } = await service.newEntryContext(ctx);
    return submitForm(request.body, {
      dateFields: ['occurredOn'],
      schema: (values) => readGuardedRequest(values, ctx.now),
      run: (data) => sendSle(ctx, data),
      done: (entry, data) => {
        reply.flash(
          'success',
          `Sent to ${data.document.assessor.name}. They have 14 days to complete it; you can send it again from this page.`,
        );
        return reply.redirect(`/portfolio/entries/${entry.id}`);
      },
      again: async (values, errors) => {
        await service.keepDraft(ctx, learnerId, 'sle', null, postedBody(request));
        return reply.page('portfolio/views/sle-new.njk', requestModel(values, errors), 400);
      },
      ruleField: 'title',
    });
  });

  routes.post(`${NEW_SLE_PATH}/discard-draft`, { config: { access: learners } }, async (request, reply) => {
    await service.discardDraft(context(request), 'sle', null);
    reply.flash('success', 'Your unsaved draft was deleted.');
    return reply.redirect('/portfolio');
  });

  // ----- Sending it again, to someone else, or withdrawing it -----

  routes.post(
    '/portfolio/entries/:id/assessor',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const { id } = request.params;
      const { own, entry } = await entryAccess(ctx, ctx.db, id);
      if (!own || entry.kind !== 'sle') throw new NotFoundError();
      return submitForm(request.body, {
        schema: (values) => readAssessorForm(values),
        run: (assessor) => sendAgain(ctx, id, assessor),
        done: (assessor) => {
          reply.flash('success', `Sent to ${assessor.name}. Any earlier link no longer works.`);
          return reply.redirect(`/portfolio/entries/${id}`);
        },
        again: (values, errors) =>
          reply.page(
            'portfolio/views/sle-assessor.njk',
            {
              title: 'Send to an assessor',
              entryId: id,
              values,
              errors,
              roleItems: assessorRoleItems(textOf(values, 'assessorRole')),
            },
            400,
          ),
        ruleField: 'assessorName',
      });
    },
  );

  async function flashed(reply: FastifyReply, id: string, command: () => Promise<string>) {
    try {
      reply.flash('success', await command());
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      reply.flash('information', error.message);
    }
    return reply.redirect(`/portfolio/entries/${id}`);
  }

  routes.post(
    '/portfolio/entries/:id/assessor/resend',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) =>
      flashed(reply, request.params.id, async () => {
        const assessor = await sendAgain(context(request), request.params.id, null);
        return `A new link was sent to ${assessor.name}. The earlier one no longer works.`;
      }),
  );

  routes.post(
    '/portfolio/entries/:id/assessor/withdraw',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) =>
      flashed(reply, request.params.id, async () => {
        const assessor = await withdrawRequest(context(request), request.params.id);
        return `The request to ${assessor.name} was withdrawn: their link no longer works. Send it to an assessor when you are ready.`;
      }),
  );

  // ----- The assessor, by link, without an account -----

  function renderAssessment(
    reply: FastifyReply,
    found: LinkLookup & { state: 'valid' },
    token: string,
    values: FormValues,
    errors?: FormErrors,
  ) {
    const { document, entry } = found;
    return reply.page(
      'portfolio/views/sle-assess.njk',
      {
        title: `${SLE_TYPE_LABELS[document.type]} for ${found.learnerName}`,
        action: `/assess/${token}`,
        learnerName: found.learnerName,
        typeLabel: SLE_TYPE_LABELS[document.type],
        rows: (
          [
            ['Doctor', found.learnerName],
            ['Type', SLE_TYPE_LABELS[document.type]],
            ['Date', formatDate(entry.occurredOn)],
            ['Title', entry.title],
            ['Setting', settingText(document.setting, document.place)],
            ['Summary of the case, procedure or session', document.caseSummary],
            ['Feedback wanted on', document.feedbackWanted],
          ] as const
        ).map(([key, value]) => writtenRow(key, value)),
        domains: SLE_DOMAINS[document.type].map((domain) => ({
          field: ratingField(domain.key),
          label: domain.label,
          items: SLE_RATINGS.map((rating) => ({
            value: rating,
            text: SLE_RATING_LABELS[rating],
            checked: textOf(values, ratingField(domain.key)) === rating,
          })),
        })),
        values: { assessorName: found.link.assessorName, ...values },
        errors,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/assess/:token',
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const found = await assessorLink(app.db, request.params.token, request.now);
      if (found.state !== 'valid') return linkUnusable(reply, found.state);
      return renderAssessment(reply, found, request.params.token, {});
    },
  );

  routes.post(
    '/assess/:token',
    { config: { access: 'public' }, schema: { params: tokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const found = await assessorLink(app.db, token, request.now);
      if (found.state !== 'valid') return linkUnusable(reply, found.state);
      try {
        return await submitForm(request.body, {
          schema: (values) => readGuardedAssessment(found.document.type, values),
          run: (form) => completeAssessment(linkContext(request), token, form),
          done: (done) =>
            reply.page('portfolio/views/sle-assessed.njk', {
              title: 'Thank you: your assessment is saved',
              learnerName: done.learnerName,
            }),
          again: (values, errors) => renderAssessment(reply, found, token, values, errors),
          ruleField: 'wentWell',
        });
      } catch (error) {
        if (error instanceof LinkUnusableError) return linkUnusable(reply, error.state);
        throw error;
      }
    },
  );
}
