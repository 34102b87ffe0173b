import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedList as list,
  postedText as text,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { resolveRegion, type RegionChoice } from './policy.ts';
import { contentView, problemsView, versionLabel } from './content-view.ts';
import { FP_HLOS, LIMITS, sortedDomains } from './domain/curriculum.ts';
import * as service from './draft-service.ts';
import { EditProblems } from './draft-service.ts';
import { idParams, pickRegion, problemErrors, regionLinks, regionQuery, VIEWS } from './pages.ts';

const managers = PROGRAMME_TEAM;

// The code is looked up in the draft, where an unknown one is not found; the CSRF check comes before any lookup.
const codeParams = z.object({ id: z.uuid(), code: z.string().max(40) });

function hloItems(selected: readonly string[]) {
  return FP_HLOS.map((hlo) => ({
    value: hlo.code,
    text: `${hlo.code}: ${hlo.title}`,
    checked: selected.includes(hlo.code),
  }));
}

/**
 * The draft a programme team edits: starting the curriculum or a draft, changing its stages, domains and outcomes,
 * and discarding it. Publishing it is with the versions (versions-routes.ts).
 */
export function draftRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // ----- Starting the curriculum -----

  routes.post('/curriculum/start', { config: { access: managers } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const { region, choices } = await resolveRegion(ctx, text(body(request).region));
    if (region === null) throw new NotFoundError();
    const draftPage = `/curriculum/draft${regionLinks(region, choices).q1}`;
    return submitForm(request.body, {
      schema: z.object({}),
      run: () => service.startCurriculum(ctx, region.id),
      done: () => {
        reply.flash(
          'success',
          'The curriculum has been started as a draft with the default stages and the six Enhance domains. Add learning outcomes, then publish it as version 1.',
        );
        return reply.redirect(draftPage);
      },
      // A refusal (the region has a curriculum already) is told on the draft's page: the form is only a button.
      again: (_values, errors) => {
        reply.flash('information', errors.list.map((error) => error.text).join(' '));
        return reply.redirect(draftPage);
      },
      ruleField: 'region',
    });
  });

  // ----- The draft -----

  async function renderDraft(
    reply: FastifyReply,
    ctx: Context,
    picked: { region: RegionChoice; links: ReturnType<typeof regionLinks> },
  ) {
    const view = await service.regionDraft(ctx, picked.region.id);
    const draft = view.draft;
    const problems = draft === undefined ? null : problemsView(draft.content);
    return reply.page(`${VIEWS}/draft.njk`, {
      title: 'Draft curriculum',
      region: picked.region,
      ...picked.links,
      curriculum: view.curriculum,
      draft,
      base: view.base,
      baseLabel: versionLabel(view.base),
      current: view.current,
      currentLabel: versionLabel(view.current),
      problems,
      blocked: problems !== null && problems.errors.length > 0,
      content: draft === undefined ? null : contentView(draft.content),
      updatedOn: formatDate(draft?.updatedAt),
    });
  }

  routes.get(
    '/curriculum/draft',
    { config: { access: managers }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const picked = await pickRegion(reply, ctx, request.query.region, '/curriculum/draft', 'Draft curriculum');
      if (picked === null) return reply;
      return renderDraft(reply, ctx, picked);
    },
  );

  routes.post('/curriculum/draft', { config: { access: managers } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const { region, choices } = await resolveRegion(ctx, text(body(request).region));
    if (region === null) throw new NotFoundError();
    const links = regionLinks(region, choices);
    const { created } = await service.createDraft(ctx, region.id);
    reply.flash(
      'success',
      created
        ? 'A new draft has been started from the current version. Learners see no change until you publish it.'
        : 'There is already a draft: carry on with it.',
    );
    return reply.redirect(`/curriculum/draft${links.q1}`);
  });

  /** Shows an edit form with its errors and the values typed, or redirects to the draft with a message. */
  async function saveEdit(
    reply: FastifyReply,
    draftId: string,
    action: () => Promise<string>,
    again: (errors: FormErrors) => Promise<FastifyReply>,
  ) {
    try {
      reply.flash('success', await action());
      return await reply.redirect(`/curriculum/drafts/${draftId}`);
    } catch (error) {
      if (error instanceof EditProblems) return again(problemErrors(error.fields));
      throw error;
    }
  }

  /** The draft by its id: the page edits return to, so that their message is shown on it. */
  routes.get(
    '/curriculum/drafts/:id',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getDraft(ctx, request.params.id);
      const { region, choices } = await resolveRegion(ctx, view.curriculum.regionId);
      if (region === null) throw new NotFoundError();
      return renderDraft(reply, ctx, { region, links: regionLinks(region, choices) });
    },
  );

  // Stages

  async function renderStages(reply: FastifyReply, ctx: Context, id: string, values: FormValues, errors?: FormErrors) {
    const view = await service.getDraft(ctx, id);
    return reply.page(
      `${VIEWS}/stages-form.njk`,
      {
        title: 'Change the stages',
        draftId: id,
        stages: view.draft.content.stages.map((stage) => ({
          ...stage,
          value: values[`name-${stage.code}`] ?? stage.name,
        })),
        values,
        errors,
        limit: LIMITS.stageName,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/curriculum/drafts/:id/stages',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => renderStages(reply, contextOf(request, app), request.params.id, {}),
  );

  routes.post(
    '/curriculum/drafts/:id/stages',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const values = body(request);
      const names: Record<string, string> = {};
      for (const [key, value] of Object.entries(values)) {
        if (key.startsWith('name-')) names[key.slice(5)] = text(value);
      }
      const newCode = text(values.newCode).toUpperCase();
      const newName = text(values.newName);
      const added = newCode === '' && newName === '' ? null : { code: newCode, name: newName };
      return saveEdit(
        reply,
        request.params.id,
        async () => {
          await service.updateStages(ctx, request.params.id, { names, added });
          return added === null ? 'The stages have been saved.' : `Stage ${added.code} has been added.`;
        },
        (errors) => renderStages(reply, ctx, request.params.id, values, errors),
      );
    },
  );

  // Domains

  async function renderDomain(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    code: string,
    values: FormValues | null,
    errors?: FormErrors,
  ) {
    const view = await service.getDraft(ctx, id);
    const domain = view.draft.content.domains.find((candidate) => candidate.code === code);
    if (domain === undefined) throw new NotFoundError();
    return reply.page(
      `${VIEWS}/domain-form.njk`,
      {
        title: `Change the domain ${domain.title}`,
        draftId: id,
        domain,
        values: values ?? { title: domain.title, description: domain.description, whyItMatters: domain.whyItMatters },
        errors,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/curriculum/drafts/:id/domains/:code',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) =>
      renderDomain(reply, contextOf(request, app), request.params.id, request.params.code, null),
  );

  routes.post(
    '/curriculum/drafts/:id/domains/:code',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const values = body(request);
      const { id, code } = request.params;
      return saveEdit(
        reply,
        id,
        async () => {
          await service.updateDomain(ctx, id, code, {
            title: text(values.title),
            description: text(values.description),
            whyItMatters: text(values.whyItMatters),
          });
          return `The domain ${text(values.title)} has been saved.`;
        },
        (errors) => renderDomain(reply, ctx, id, code, values, errors),
      );
    },
  );

  // Outcomes

  async function renderOutcome(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    code: string | null,
    values: FormValues,
    errors?: FormErrors,
  ) {
    const view = await service.getDraft(ctx, id);
    const content = view.draft.content;
    const outcome = code === null ? undefined : content.outcomes.find((candidate) => candidate.code === code);
    if (code !== null && outcome === undefined) throw new NotFoundError();
    const domainCode = text(values.domainCode) || outcome?.domainCode || '';
    const stageCode = text(values.stageCode) || outcome?.stageCode || '';
    const known =
      content.domains.some((domain) => domain.code === domainCode) &&
      content.stages.some((stage) => stage.code === stageCode);
    const hlos = values.fpHlos === undefined ? [...(outcome?.fpHlos ?? [])] : list(values.fpHlos);
    return reply.page(
      `${VIEWS}/outcome-form.njk`,
      {
        title: outcome === undefined ? 'Add a learning outcome' : `Change outcome ${outcome.code}`,
        draftId: id,
        outcome,
        domain: content.domains.find((domain) => domain.code === (outcome?.domainCode ?? domainCode)),
        nextCode: outcome === undefined && known ? service.codeForNewOutcome(view, domainCode, stageCode) : null,
        values: { text: values.text ?? outcome?.text ?? '' },
        domainItems: [
          { value: '', text: 'Select a domain' },
          ...sortedDomains(content).map((domain) => ({
            value: domain.code,
            text: `${domain.title} (${domain.code})`,
            selected: domain.code === domainCode,
          })),
        ],
        stageItems: [
          { value: '', text: 'Select a stage' },
          ...content.stages.map((stage) => ({
            value: stage.code,
            text: `${stage.name} (${stage.code})`,
            selected: stage.code === stageCode,
          })),
        ],
        hloItems: hloItems(hlos),
        limit: LIMITS.outcomeText,
        errors,
      },
      errors === undefined ? 200 : 400,
    );
  }

  function outcomeInput(values: FormValues) {
    const errors = emptyErrors();
    const input = {
      domainCode: text(values.domainCode),
      stageCode: text(values.stageCode),
      text: text(values.text),
      fpHlos: list(values.fpHlos),
    };
    return { input, errors };
  }

  routes.get(
    '/curriculum/drafts/:id/outcomes/new',
    {
      config: { access: managers },
      schema: {
        params: idParams,
        querystring: z.object({ domain: z.string().max(20).optional(), stage: z.string().max(20).optional() }),
      },
    },
    async (request, reply) =>
      renderOutcome(reply, contextOf(request, app), request.params.id, null, {
        domainCode: request.query.domain,
        stageCode: request.query.stage,
      }),
  );

  routes.post(
    '/curriculum/drafts/:id/outcomes/new',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const values = body(request);
      const { input, errors } = outcomeInput(values);
      if (input.domainCode === '') addError(errors, 'domainCode', 'Select the domain of the outcome');
      if (input.stageCode === '') addError(errors, 'stageCode', 'Select the stage of the outcome');
      if (input.text === '') addError(errors, 'text', 'Enter what the learner will be able to do');
      const again = (found: FormErrors) => renderOutcome(reply, ctx, request.params.id, null, values, found);
      if (errors.list.length > 0) return again(errors);
      return saveEdit(
        reply,
        request.params.id,
        async () => {
          const code = await service.addOutcome(ctx, request.params.id, input);
          return `Outcome ${code} has been added. Its code stays the same in every later version.`;
        },
        again,
      );
    },
  );

  routes.get(
    '/curriculum/drafts/:id/outcomes/:code',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) => renderOutcome(reply, contextOf(request, app), request.params.id, request.params.code, {}),
  );

  routes.post(
    '/curriculum/drafts/:id/outcomes/:code',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const values = body(request);
      const { id, code } = request.params;
      const { input, errors } = outcomeInput(values);
      if (input.stageCode === '') addError(errors, 'stageCode', 'Select the stage of the outcome');
      if (input.text === '') addError(errors, 'text', 'Enter what the learner will be able to do');
      const again = (found: FormErrors) => renderOutcome(reply, ctx, id, code, values, found);
      if (errors.list.length > 0) return again(errors);
      return saveEdit(
        reply,
        id,
        async () => {
          await service.updateOutcome(ctx, id, code, {
            stageCode: input.stageCode,
            text: input.text,
            fpHlos: input.fpHlos,
          });
          return `Outcome ${code} has been saved.`;
        },
        again,
      );
    },
  );

  routes.get(
    '/curriculum/drafts/:id/outcomes/:code/remove',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) => {
      const { id, code } = request.params;
      const view = await service.getDraft(contextOf(request, app), id);
      const outcome = view.draft.content.outcomes.find((candidate) => candidate.code === code);
      if (outcome === undefined) throw new NotFoundError();
      const published = view.usedOutcomes.some((used) => used.code === code);
      return reply.page(`${VIEWS}/confirm.njk`, {
        title: `Remove outcome ${code}`,
        caption: 'Draft curriculum',
        heading: `Are you sure you want to remove outcome ${code}?`,
        quote: outcome.text,
        body: published
          ? 'It will not be in the next version. Learners on earlier versions keep it, and their evidence for it is kept. Its code will not be given to another outcome.'
          : 'It has not been published, so nobody has used it yet.',
        buttonText: 'Remove outcome',
        warning: true,
        action: `/curriculum/drafts/${id}/outcomes/${code}/remove`,
        cancelHref: `/curriculum/drafts/${id}`,
      });
    },
  );

  routes.post(
    '/curriculum/drafts/:id/outcomes/:code/remove',
    { config: { access: managers }, schema: { params: codeParams } },
    async (request, reply) => {
      const { id, code } = request.params;
      await service.removeOutcome(contextOf(request, app), id, code);
      reply.flash('success', `Outcome ${code} has been removed from the draft.`);
      return reply.redirect(`/curriculum/drafts/${id}`);
    },
  );

  // Discarding

  routes.get(
    '/curriculum/drafts/:id/discard',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const { id } = request.params;
      const view = await service.getDraft(contextOf(request, app), id);
      return reply.page(`${VIEWS}/confirm.njk`, {
        title: 'Discard the draft',
        caption: 'Draft curriculum',
        heading: 'Are you sure you want to discard this draft?',
        body:
          view.base === undefined
            ? 'Every change in it will be lost. You can start a new draft afterwards.'
            : `Every change made since ${versionLabel(view.base).toLowerCase()} will be lost. Published versions are not affected.`,
        buttonText: 'Discard draft',
        warning: true,
        action: `/curriculum/drafts/${id}/discard`,
        cancelHref: `/curriculum/drafts/${id}`,
      });
    },
  );

  routes.post(
    '/curriculum/drafts/:id/discard',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.discardDraft(ctx, request.params.id);
      const { choices } = await resolveRegion(ctx, view.curriculum.regionId);
      reply.flash('success', 'The draft has been discarded.');
      return reply.redirect(`/curriculum${choices.length > 1 ? `?region=${view.curriculum.regionId}` : ''}`);
    },
  );
}
