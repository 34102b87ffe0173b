/**
 * The programme team's pages: the draft with each section's state, editing a section, publishing a version, and who
 * has acknowledged the current version with reminders for those who have not.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { RuleError } from '../../platform/errors.ts';
import {
  postedBody,
  postedText,
  submitForm,
  trimmed,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { renderMarkdown } from '../../platform/web/markdown.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import * as acknowledgements from './acknowledgements-service.ts';
import { ACKNOWLEDGEMENT_FILTERS, type AcknowledgementFilter } from './acknowledgements-service.ts';
import { comparisonView, sectionsView } from './content-view.ts';
import * as manage from './manage-service.ts';
import { BODY_MAX_LENGTH, SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, type SectionForEdit } from './manage-service.ts';
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { EDITORS } from './policy.ts';

const codeParams = z.object({ regionCode: z.string().regex(/^[a-z0-9-]{1,60}$/) });
// Any key reaches the service, which answers an unknown one with "not found" (after the form token is checked).
const sectionParams = codeParams.extend({ key: z.string().max(60) });
const listQuery = z.object({
  status: z.string().max(10).optional(),
  q: z.string().max(100).optional(),
  page: z.string().max(6).optional(),
});

const sectionSchema = z.object({
  title: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter a title for the section' })
      .min(1, 'Enter a title for the section')
      .max(TITLE_MAX_LENGTH, `The title must be ${String(TITLE_MAX_LENGTH)} characters or fewer`),
  ),
  bodyMarkdown: z.preprocess(
    (value) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trimEnd() : ''),
    z.string().max(BODY_MAX_LENGTH, 'The section must be 20,000 characters or fewer'),
  ),
  revision: z.coerce.number({ error: 'Reload the section and try again' }).int().min(0),
});

const publishSchema = z.object({
  changeSummary: z.preprocess(
    trimmed,
    z
      .string({ error: 'Enter a summary of what changed' })
      .min(1, 'Enter a summary of what changed')
      .max(SUMMARY_MAX_LENGTH, `The summary must be ${String(SUMMARY_MAX_LENGTH)} characters or fewer`),
  ),
  number: z.coerce.number({ error: 'Check the preview again, then publish' }).int().min(1),
});

export function manageRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  function renderOverview(reply: FastifyReply, overview: manage.DraftOverview) {
    return reply.page('handbook/views/manage.njk', {
      title: `The ${overview.region.name} handbook`,
      ...overview,
      changedCount: overview.sections.filter((section) => section.differs).length,
    });
  }

  // A person who runs one region's programme sees its draft at once; others choose the region.
  routes.get('/handbook/manage', { config: { access: PROGRAMME_TEAM } }, async (request, reply) => {
    const ctx = context(request);
    const regions = await manage.editableRegions(ctx);
    if (regions.length === 1 && regions[0] !== undefined) {
      return renderOverview(reply, await manage.draftOverview(ctx, regions[0].code));
    }
    return reply.page('handbook/views/manage-choose.njk', { title: 'Edit a handbook', regions });
  });

  routes.get(
    '/handbook/manage/:regionCode',
    { config: { access: EDITORS }, schema: { params: codeParams } },
    async (request, reply) =>
      renderOverview(reply, await manage.draftOverview(context(request), request.params.regionCode)),
  );

  // ----- A section -----

  function renderSection(
    reply: FastifyReply,
    section: SectionForEdit,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
    preview: string | null = null,
  ) {
    return reply.page(
      'handbook/views/section-form.njk',
      {
        title: `Edit “${section.title}”`,
        section,
        values,
        errors,
        preview,
        titleMax: TITLE_MAX_LENGTH,
        bodyMax: BODY_MAX_LENGTH,
      },
      status,
    );
  }

  routes.get(
    '/handbook/manage/:regionCode/sections/:key',
    { config: { access: EDITORS }, schema: { params: sectionParams } },
    async (request, reply) => {
      const section = await manage.sectionForEdit(context(request), request.params.regionCode, request.params.key);
      return renderSection(reply, section, {
        title: section.title,
        bodyMarkdown: section.bodyMarkdown,
        revision: String(section.revision),
      });
    },
  );

  routes.post(
    '/handbook/manage/:regionCode/sections/:key',
    { config: { access: EDITORS }, schema: { params: sectionParams } },
    async (request, reply) => {
      const ctx = context(request);
      const section = await manage.sectionForEdit(ctx, request.params.regionCode, request.params.key);
      const posted = postedBody(request);
      if (posted.action === 'preview') {
        const body = postedText(posted.bodyMarkdown);
        return renderSection(
          reply,
          section,
          posted,
          undefined,
          200,
          body === '' ? '' : renderMarkdown(body, { topHeadingLevel: 3 }),
        );
      }
      return submitForm(request.body, {
        schema: sectionSchema,
        ruleField: 'bodyMarkdown',
        run: (input) => manage.saveSection(ctx, section, input),
        done: (_result, input) => {
          reply.flash('success', `“${input.title}” has been saved. It will be in the next version you publish.`);
          return reply.redirect(`/handbook/manage/${section.region.code}#section-${section.definition.key}`);
        },
        again: (values, errors) => renderSection(reply, section, values, errors, 400),
      });
    },
  );

  // ----- Publishing -----

  async function renderPublish(
    reply: FastifyReply,
    ctx: Context,
    code: string,
    values: FormValues,
    errors?: FormErrors,
  ) {
    const preview = await manage.publishPreview(ctx, code);
    return reply.page(
      'handbook/views/publish.njk',
      {
        title: `Publish version ${String(preview.number)} of the ${preview.region.name} handbook`,
        region: preview.region,
        number: preview.number,
        current: preview.current,
        sections: sectionsView(preview.content),
        differences: preview.sections === null ? null : comparisonView(preview.sections),
        changed: (preview.sections ?? []).filter((section) => section.status !== 'unchanged').length,
        values: { ...values, number: String(preview.number) },
        errors,
        summaryMax: SUMMARY_MAX_LENGTH,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/handbook/manage/:regionCode/publish',
    { config: { access: EDITORS }, schema: { params: codeParams } },
    async (request, reply) => renderPublish(reply, context(request), request.params.regionCode, {}),
  );

  routes.post(
    '/handbook/manage/:regionCode/publish',
    { config: { access: EDITORS }, schema: { params: codeParams } },
    async (request, reply) => {
      const ctx = context(request);
      const code = request.params.regionCode;
      return submitForm(request.body, {
        schema: publishSchema,
        ruleField: 'changeSummary',
        run: (input) => manage.publish(ctx, code, input.changeSummary, input.number),
        done: ({ number }) => {
          reply.flash('success', `Version ${String(number)} of the handbook has been published.`);
          return reply.redirect(`/school/${code}/handbook`);
        },
        again: (values, errors) => renderPublish(reply, ctx, code, values, errors),
      });
    },
  );

  // ----- Acknowledgements and reminders -----

  routes.get(
    '/handbook/manage/:regionCode/acknowledgements',
    { config: { access: EDITORS }, schema: { params: codeParams, querystring: listQuery } },
    async (request, reply) => {
      const status: AcknowledgementFilter = ACKNOWLEDGEMENT_FILTERS.find((f) => f === request.query.status) ?? 'all';
      const q = (request.query.q ?? '').trim();
      const view = await acknowledgements.acknowledgementsView(context(request), request.params.regionCode, {
        filter: status,
        q,
        page: pageNumber(request.query.page),
      });
      return reply.page('handbook/views/acknowledgements.njk', {
        title: `Who has read the ${view.region.name} handbook`,
        ...view,
        q,
        status,
        statusItems: [
          { value: 'all', text: 'Everyone', selected: status === 'all' },
          { value: 'has', text: 'Have acknowledged', selected: status === 'has' },
          { value: 'has-not', text: 'Have not acknowledged', selected: status === 'has-not' },
        ],
        pagination: paginationParams(view.page, `/handbook/manage/${view.region.code}/acknowledgements`, {
          status: status === 'all' ? undefined : status,
          q,
        }),
      });
    },
  );

  routes.get(
    '/handbook/manage/:regionCode/acknowledgements/remind',
    { config: { access: EDITORS }, schema: { params: codeParams } },
    async (request, reply) => {
      const plan = await acknowledgements.reminderPlan(context(request), request.params.regionCode);
      return reply.page('handbook/views/remind.njk', {
        title:
          plan.toRemind.length === 0
            ? 'There is nobody to remind'
            : `Send a reminder to ${String(plan.toRemind.length)} ${plan.toRemind.length === 1 ? 'person' : 'people'}?`,
        ...plan,
      });
    },
  );

  routes.post(
    '/handbook/manage/:regionCode/acknowledgements/remind',
    { config: { access: EDITORS }, schema: { params: codeParams } },
    async (request, reply) => {
      const ctx = context(request);
      const code = request.params.regionCode;
      try {
        const { sent, skipped } = await acknowledgements.sendReminders(
          ctx,
          code,
          postedText(postedBody(request).versionId),
        );
        void app.mailer.deliverPending();
        const people = (n: number) => `${String(n)} ${n === 1 ? 'person' : 'people'}`;
        reply.flash(
          'success',
          `A reminder was sent to ${people(sent)}.${skipped > 0 ? ` ${people(skipped)} reminded in the last 24 hours ${skipped === 1 ? 'was' : 'were'} not sent another.` : ''}`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/handbook/manage/${code}/acknowledgements`);
    },
  );
}
