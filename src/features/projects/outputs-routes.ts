/**
 * A project's outputs: completing it (checked on a confirmation page first), stopping and reopening it, choosing
 * whether it is on the public showcase, its A3 poster, and the showcase itself, which anyone may read signed out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { fileSlug } from '../../platform/web/downloads.ts';
import {
  postedBody,
  postedList,
  postedText,
  submitForm,
  trimmed,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { offsetFor, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { MAX_OUTCOMES_PER_ITEM } from '../curriculum/index.ts';
import { regionsIn } from '../organisations/index.ts';
import { formatKg } from './domain/carbon.ts';
import { spcTableRows } from './domain/spc-chart.ts';
import { measureSvg } from './measure-chart.ts';
import * as outputs from './outputs-service.ts';
import { LEARNING_MAX, OUTCOME_MAX, STOP_REASON_MAX, type Completion } from './outputs-service.ts';
import { PROJECT_VIEWERS, editableProject, projectAccess, type ProjectAccess } from './policy.ts';
import { bottomLineWords, posterContent, posterPdf } from './poster.ts';
import * as showcase from './showcase-repository.ts';

const idParams = z.object({ id: z.uuid() });
const PAGE_SIZE = 12;

const text = (max: number, label: string) =>
  z.preprocess(
    (value) => (value === undefined ? '' : trimmed(value)),
    z.string().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`),
  );

const completionSchema = z.object({
  learning: z.preprocess(
    trimmed,
    z
      .string({ error: 'Write what the team learned' })
      .min(1, 'Write what the team learned')
      .max(LEARNING_MAX, `What the team learned must be ${LEARNING_MAX.toLocaleString('en-GB')} characters or fewer`),
  ),
  patientOutcome: text(OUTCOME_MAX, 'The outcome for patients'),
  outcomes: z.preprocess(
    postedList,
    z
      .array(z.string().max(40))
      .max(MAX_OUTCOMES_PER_ITEM, `Choose up to ${String(MAX_OUTCOMES_PER_ITEM)} outcomes the project best shows`),
  ),
  published: z.preprocess((value) => value === 'yes', z.boolean()),
  step: z.preprocess((value) => (value === 'complete' || value === 'change' ? value : 'check'), z.string()),
});

const stopSchema = z.object({
  reason: z.preprocess(
    trimmed,
    z
      .string({ error: 'Say why the project is stopping' })
      .min(1, 'Say why the project is stopping')
      .max(STOP_REASON_MAX, `The reason must be ${STOP_REASON_MAX.toLocaleString('en-GB')} characters or fewer`),
  ),
});

const showcaseQuery = z.object({
  q: z.string().max(200).optional(),
  region: z.string().max(60).optional(),
  page: z.string().max(10).optional(),
});

export function outputsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  // ----- Completing -----

  async function renderCompletion(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const choices = await outputs.completionChoices(ctx.db, access.project);
    const chosen = postedList(values.outcomes);
    return reply.page(
      'projects/views/complete.njk',
      {
        title: 'Complete the project',
        project: access.project,
        values,
        errors,
        max: MAX_OUTCOMES_PER_ITEM,
        learnerNames: choices.learners.map((learner) => learner.name),
        outcomeItems:
          choices.outcomes === null || choices.learners.length === 0
            ? null
            : choices.outcomes.map(({ outcome, domain }) => ({
                value: outcome.code,
                text: `${outcome.code}: ${outcome.text}`,
                hint: { text: domain },
                checked: chosen.includes(outcome.code),
              })),
        published: values.published === 'yes' || values.published === true,
      },
      status,
    );
  }

  async function renderCheck(reply: FastifyReply, ctx: Context, access: ProjectAccess, completion: Completion) {
    const choices = await outputs.completionChoices(ctx.db, access.project);
    const texts = new Map((choices.outcomes ?? []).map(({ outcome }) => [outcome.code, outcome.text]));
    return reply.page('projects/views/complete-check.njk', {
      title: 'Check and complete the project',
      project: access.project,
      completion,
      learnerNames: choices.learners.map((learner) => learner.name),
      outcomes: completion.outcomeCodes.map((code) => ({ code, text: texts.get(code) ?? '' })),
    });
  }

  routes.get(
    '/projects/:id/complete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const { project } = access;
      return renderCompletion(reply, ctx, access, {
        learning: project.learning,
        patientOutcome: project.patientOutcome,
        outcomes: project.outcomeCodes,
      });
    },
  );

  routes.post(
    '/projects/:id/complete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: completionSchema,
        ruleField: 'learning',
        run: async (form) => {
          const completion: Completion = {
            learning: form.learning,
            patientOutcome: form.patientOutcome,
            outcomeCodes: form.outcomes,
            published: form.published,
          };
          if (form.step === 'change') return { step: 'change' as const, completion };
          if (form.step === 'complete') {
            await outputs.completeProject(ctx, access, completion);
            return { step: 'done' as const, completion };
          }
          await outputs.checkCompletion(ctx, access, completion);
          return { step: 'check' as const, completion };
        },
        done: ({ step, completion }) => {
          if (step === 'check') return renderCheck(reply, ctx, access, completion);
          if (step === 'change') {
            return renderCompletion(reply, ctx, access, {
              learning: completion.learning,
              patientOutcome: completion.patientOutcome,
              outcomes: completion.outcomeCodes,
              published: completion.published ? 'yes' : '',
            });
          }
          reply.flash(
            'success',
            completion.published
              ? 'The project is completed and shown on the public showcase.'
              : 'The project is completed.',
          );
          return reply.redirect(`/projects/${access.project.id}`);
        },
        again: (values, errors) => renderCompletion(reply, ctx, access, values, errors, 400),
      });
    },
  );

  // ----- Stopping and reopening -----

  function renderStop(
    reply: FastifyReply,
    access: ProjectAccess,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    return reply.page(
      'projects/views/stop.njk',
      { title: `Stop “${access.project.title}”?`, project: access.project, values, errors },
      status,
    );
  }

  routes.get(
    '/projects/:id/stop',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => renderStop(reply, await editableProject(context(request), request.params.id), {}),
  );

  routes.post(
    '/projects/:id/stop',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: stopSchema,
        ruleField: 'reason',
        run: ({ reason }) => outputs.stopProject(ctx, access, reason),
        done: () => {
          reply.flash('success', 'The project was stopped. A fellow or the programme team can reopen it.');
          return reply.redirect(`/projects/${access.project.id}`);
        },
        again: (values, errors) => renderStop(reply, access, values, errors, 400),
      });
    },
  );

  /** The project when the person supports it (the region's fellows and programme team); otherwise not found. */
  async function supportedProject(ctx: Context, id: string): Promise<ProjectAccess> {
    const access = await projectAccess(ctx, id);
    if (!access.support) throw new NotFoundError();
    return access;
  }

  function renderReopen(reply: FastifyReply, access: ProjectAccess, errors?: FormErrors, status = 200) {
    return reply.page(
      'projects/views/reopen.njk',
      { title: `Reopen “${access.project.title}”?`, project: access.project, errors },
      status,
    );
  }

  routes.get(
    '/projects/:id/reopen',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const access = await supportedProject(context(request), request.params.id);
      if (access.project.status === 'active') return reply.redirect(`/projects/${access.project.id}`);
      return renderReopen(reply, access);
    },
  );

  routes.post(
    '/projects/:id/reopen',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await supportedProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: z.object({}),
        ruleField: 'project',
        run: () => outputs.reopenProject(ctx, access),
        done: () => {
          reply.flash('success', 'The project is open again. The team can change it and complete it again.');
          return reply.redirect(`/projects/${access.project.id}`);
        },
        again: (_values, errors) => renderReopen(reply, access, errors, 400),
      });
    },
  );

  // ----- The public showcase: the team's choice -----

  routes.get(
    '/projects/:id/publish',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const access = await projectAccess(context(request), request.params.id);
      const { project } = access;
      if (!outputs.mayPublish(access, !project.published)) throw new NotFoundError();
      return reply.page('projects/views/publish.njk', {
        title: project.published ? 'Take the project off the showcase?' : 'Show the project on the public showcase?',
        project,
      });
    },
  );

  routes.post(
    '/projects/:id/publish',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      const published = postedText(postedBody(request).published) === 'yes';
      if (!outputs.mayPublish(access, published)) throw new NotFoundError();
      await outputs.setPublished(ctx, access, published);
      reply.flash(
        'success',
        published ? 'The project is on the public showcase.' : 'The project is no longer on the public showcase.',
      );
      return reply.redirect(`/projects/${access.project.id}`);
    },
  );

  // ----- The poster -----

  routes.get(
    '/projects/:id/poster.pdf',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const { project } = await projectAccess(ctx, request.params.id);
      const content = await posterContent(await outputs.projectOutputs(ctx.db, project, ctx.now));
      const pdf = await posterPdf(content, ctx.now);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileSlug(project.title) || 'project'}-poster.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  // ----- The showcase, for everyone -----

  routes.get(
    '/showcase',
    { config: { access: 'public' }, schema: { querystring: showcaseQuery } },
    async (request, reply) => {
      // Nobody need be signed in: the app's database, not a person's context.
      const db = app.db;
      const regions = await regionsIn(db, 'all');
      const regionId = regions.find((region) => region.id === request.query.region)?.id;
      const q = request.query.q?.trim() ?? '';
      const page = pageNumber(request.query.page);
      const result = await showcase.listShowcase(db, { regionId, q }, PAGE_SIZE, offsetFor(page, PAGE_SIZE));
      const listed = toPage(result.items, result.total, page, PAGE_SIZE);
      const cards = await outputs.showcaseCards(db, listed.items);
      const filters = { q, region: regionId ?? '' };
      return reply.page('projects/views/showcase.njk', {
        title: 'Change project showcase',
        page: listed,
        filters,
        filtered: q !== '' || regionId !== undefined,
        regionItems: [
          { value: '', text: 'All regions' },
          ...regions.map((region) => ({ value: region.id, text: region.name, selected: region.id === regionId })),
        ],
        cards: cards.map((card) => ({
          ...card,
          carbon:
            card.carbonSavingKg === null
              ? null
              : card.carbonSavingKg >= 0
                ? `${formatKg(card.carbonSavingKg)} a year saved`
                : `${formatKg(-card.carbonSavingKg)} a year added`,
        })),
        pager: paginationParams(listed, '/showcase', { ...filters, page: undefined }),
      });
    },
  );

  routes.get(
    '/showcase/:id',
    { config: { access: 'public' }, schema: { params: idParams } },
    async (request, reply) => {
      const project = await showcase.findShowcased(app.db, request.params.id);
      if (project === undefined) throw new NotFoundError();
      const shown = await outputs.projectOutputs(app.db, project, request.now);
      return reply.page('projects/views/showcase-project.njk', {
        title: project.title,
        project,
        area: shown.areaLabel,
        regionName: shown.regionName,
        learnerNames: shown.learnerNames,
        completedOn: shown.completedOn,
        pdsaSummary: shown.pdsaSummary,
        cycles: shown.cycles,
        bottomLine: bottomLineWords(shown),
        measures: shown.measures.map((item, index) => ({
          name: item.measure.name,
          kindLabel: item.kindLabel,
          unit: item.measure.unit,
          target: item.measure.target,
          variationText: item.variationText,
          assuranceText: item.assuranceText,
          chart: item.result === null ? null : measureSvg(item.measure, item.result, `spc-${String(index + 1)}`),
          tableRows: item.result === null ? [] : spcTableRows(item.result, item.measure.unit),
        })),
      });
    },
  );
}
