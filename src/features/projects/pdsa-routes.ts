/**
 * A project's change ideas (added on a page of their own, removed after a confirmation) and its PDSA cycles: recording
 * one, its page in four parts (Plan, Do, Study, Act), coming back to fill in what happened and what was learned, and
 * deleting it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { postedText, problemErrors, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { dateParts, datePartsOf } from '../../shared/dates.ts';
import { readCycleForm, readIdeaForm } from './domain/pdsa.ts';
import { PDSA_DECISION_LABELS, PDSA_DECISIONS } from './domain/projects.ts';
import { PROJECT_VIEWERS, editableProject, projectAccess, type ProjectAccess } from './policy.ts';
import * as pdsa from './pdsa-repository.ts';
import type { ChangeIdea, PdsaCycle } from './pdsa-repository.ts';
import { cycleView } from './pdsa-section.ts';
import * as service from './pdsa-service.ts';
import { londonToday } from '../../shared/london-time.ts';

const idParams = z.object({ id: z.uuid() });
const ideaParams = z.object({ id: z.uuid(), ideaId: z.uuid() });
const cycleParams = z.object({ id: z.uuid(), cycleId: z.uuid() });
const newCycleQuery = z.object({ idea: z.string().max(100).optional() });

function cycleValues(cycle: PdsaCycle): FormValues {
  return {
    changeIdeaId: cycle.changeIdeaId ?? '',
    title: cycle.title,
    plan: cycle.plan,
    prediction: cycle.prediction,
    startsOn: dateParts(cycle.startsOn),
    endsOn: dateParts(cycle.endsOn),
    happened: cycle.happened,
    study: cycle.study,
    learned: cycle.learned,
    decision: cycle.decision ?? '',
  };
}

/** The date boxes as the form shows them: kept from what was posted, or from the cycle. */
function partsOf(values: FormValues, field: string) {
  const kept = values[field];
  if (typeof kept === 'object' && kept !== null && 'day' in kept) return kept;
  return datePartsOf(values, field);
}

export function pdsaRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  async function ideaOf(ctx: Context, access: ProjectAccess, ideaId: string): Promise<ChangeIdea> {
    const idea = await pdsa.findIdea(ctx.db, access.project.id, ideaId);
    if (idea === undefined) throw new NotFoundError();
    return idea;
  }

  async function cycleOf(ctx: Context, access: ProjectAccess, cycleId: string): Promise<PdsaCycle> {
    const cycle = await pdsa.findCycle(ctx.db, access.project.id, cycleId);
    if (cycle === undefined) throw new NotFoundError();
    return cycle;
  }

  // ----- Change ideas -----

  function renderIdeaForm(
    reply: FastifyReply,
    access: ProjectAccess,
    options: { values: FormValues; errors?: FormErrors; status?: number },
  ) {
    return reply.page(
      'projects/views/idea-form.njk',
      { title: 'Add a change idea', project: access.project, values: options.values, errors: options.errors },
      options.status ?? 200,
    );
  }

  routes.get(
    '/projects/:id/ideas/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const access = await editableProject(context(request), request.params.id);
      return renderIdeaForm(reply, access, { values: {} });
    },
  );

  routes.post(
    '/projects/:id/ideas',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: readIdeaForm,
        ruleField: 'description',
        run: ({ description }) => service.createIdea(ctx, access, description),
        done: () => {
          reply.flash('success', 'The change idea was added. Test it in a PDSA cycle.');
          return reply.redirect(`/projects/${access.project.id}#ideas`);
        },
        again: (values, errors) => renderIdeaForm(reply, access, { values, errors, status: 400 }),
      });
    },
  );

  async function renderIdeaRemove(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    idea: ChangeIdea,
    errors?: FormErrors,
  ) {
    const cycles = await pdsa.cyclesOf(ctx.db, access.project.id);
    return reply.page(
      'projects/views/idea-remove.njk',
      {
        title: 'Remove this change idea?',
        project: access.project,
        idea,
        cycles: cycles.filter((cycle) => cycle.changeIdeaId === idea.id).length,
        errors,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/projects/:id/ideas/:ideaId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: ideaParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return renderIdeaRemove(reply, ctx, access, await ideaOf(ctx, access, request.params.ideaId));
    },
  );

  routes.post(
    '/projects/:id/ideas/:ideaId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: ideaParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const idea = await ideaOf(ctx, access, request.params.ideaId);
      try {
        await service.removeIdea(ctx, access, idea);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderIdeaRemove(
          reply,
          ctx,
          access,
          idea,
          problemErrors([{ field: 'form', href: '#', message: error.message }]),
        );
      }
      reply.flash('success', 'The change idea was removed.');
      return reply.redirect(`/projects/${access.project.id}#ideas`);
    },
  );

  // ----- PDSA cycles -----

  async function renderCycleForm(
    reply: FastifyReply,
    ctx: Context,
    access: ProjectAccess,
    options: { cycle?: PdsaCycle; version?: string; values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const ideas = await pdsa.ideasOf(ctx.db, access.project.id);
    const { values, cycle } = options;
    const base = `/projects/${access.project.id}/pdsa`;
    return reply.page(
      'projects/views/pdsa-form.njk',
      {
        title: cycle === undefined ? 'Record a PDSA cycle' : `Change the cycle “${cycle.title}”`,
        project: access.project,
        action: cycle === undefined ? `${base}/new` : `${base}/${cycle.id}/edit`,
        back: cycle === undefined ? `/projects/${access.project.id}#pdsa` : `${base}/${cycle.id}`,
        version: options.version ?? null,
        values,
        errors: options.errors,
        startsOn: partsOf(values, 'startsOn'),
        endsOn: partsOf(values, 'endsOn'),
        ideaCount: ideas.length,
        ideaItems: [
          { value: '', text: 'No change idea' },
          ...ideas.map((idea) => ({
            value: idea.id,
            text: idea.description.length > 120 ? `${idea.description.slice(0, 117)}…` : idea.description,
            selected: values.changeIdeaId === idea.id,
          })),
        ],
        decisionItems: [
          ...PDSA_DECISIONS.map((value) => ({
            value,
            text: PDSA_DECISION_LABELS[value],
            checked: values.decision === value,
          })),
          { divider: 'or' },
          {
            value: '',
            text: 'Not decided yet',
            checked: typeof values.decision !== 'string' || values.decision === '',
          },
        ],
      },
      options.status ?? 200,
    );
  }

  /** The cycle form's reader, with today's date and the project's change ideas. */
  async function cycleReader(ctx: Context, access: ProjectAccess) {
    const ideas = await pdsa.ideasOf(ctx.db, access.project.id);
    const formContext = { today: londonToday(ctx.now), ideaIds: ideas.map((idea) => idea.id) };
    return (values: FormValues) => readCycleForm(values, formContext);
  }

  routes.get(
    '/projects/:id/pdsa/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams, querystring: newCycleQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return renderCycleForm(reply, ctx, access, { values: { changeIdeaId: request.query.idea ?? '' } });
    },
  );

  routes.post(
    '/projects/:id/pdsa/new',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: await cycleReader(ctx, access),
        dateFields: ['startsOn', 'endsOn'],
        ruleField: 'title',
        run: (details) => service.createCycle(ctx, access, details),
        done: (cycle) => {
          reply.flash(
            'success',
            'The PDSA cycle was recorded. Come back to write what happened once the test has run.',
          );
          return reply.redirect(`/projects/${access.project.id}/pdsa/${cycle.id}`);
        },
        again: (values, errors) => renderCycleForm(reply, ctx, access, { values, errors, status: 400 }),
      });
    },
  );

  routes.get(
    '/projects/:id/pdsa/:cycleId',
    { config: { access: PROJECT_VIEWERS }, schema: { params: cycleParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      const cycle = await cycleOf(ctx, access, request.params.cycleId);
      const ideas = await pdsa.ideasOf(ctx.db, access.project.id);
      return reply.page('projects/views/pdsa-cycle.njk', {
        title: cycle.title,
        project: access.project,
        edit: access.edit,
        cycle: cycleView(cycle, londonToday(ctx.now), ideas),
      });
    },
  );

  routes.get(
    '/projects/:id/pdsa/:cycleId/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: cycleParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const cycle = await cycleOf(ctx, access, request.params.cycleId);
      return renderCycleForm(reply, ctx, access, {
        cycle,
        version: service.versionOf(cycle),
        values: cycleValues(cycle),
      });
    },
  );

  routes.post(
    '/projects/:id/pdsa/:cycleId/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: cycleParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const cycle = await cycleOf(ctx, access, request.params.cycleId);
      const version = postedText((request.body as Record<string, unknown> | undefined)?.version);
      return submitForm(request.body, {
        schema: await cycleReader(ctx, access),
        dateFields: ['startsOn', 'endsOn'],
        ruleField: 'title',
        run: (details) => service.updateCycle(ctx, access, cycle.id, details, version),
        done: () => {
          reply.flash('success', 'The PDSA cycle was saved.');
          return reply.redirect(`/projects/${access.project.id}/pdsa/${cycle.id}`);
        },
        again: (values, errors) => renderCycleForm(reply, ctx, access, { cycle, version, values, errors, status: 400 }),
      });
    },
  );

  async function renderCycleDelete(reply: FastifyReply, access: ProjectAccess, cycle: PdsaCycle, errors?: FormErrors) {
    return reply.page(
      'projects/views/pdsa-delete.njk',
      { title: `Delete the cycle “${cycle.title}”?`, project: access.project, cycle, errors },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/projects/:id/pdsa/:cycleId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: cycleParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return renderCycleDelete(reply, access, await cycleOf(ctx, access, request.params.cycleId));
    },
  );

  routes.post(
    '/projects/:id/pdsa/:cycleId/delete',
    { config: { access: PROJECT_VIEWERS }, schema: { params: cycleParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const cycle = await cycleOf(ctx, access, request.params.cycleId);
      try {
        await service.deleteCycle(ctx, access, cycle);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderCycleDelete(
          reply,
          access,
          cycle,
          problemErrors([{ field: 'form', href: '#', message: error.message }]),
        );
      }
      reply.flash('success', `The PDSA cycle “${cycle.title}” was deleted.`);
      return reply.redirect(`/projects/${access.project.id}#pdsa`);
    },
  );
}
