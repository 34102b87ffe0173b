import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf, type Context } from '../../platform/context.ts';
import { z } from 'zod';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import { addError, emptyErrors, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { pageNumber, paginationParams, toPage, offsetFor } from '../../platform/web/pagination.ts';
import {
  activitiesRoutes,
  body,
  CURRICULUM_READERS,
  list,
  pickRegion,
  problemErrors,
  regionLinks,
  text,
} from './activities-routes.ts';
import { resolveRegion, type RegionChoice } from './access.ts';
import {
  FP_HLOS,
  hasErrors as contentHasErrors,
  LIMITS,
  sortedDomains,
  sortedOutcomes,
  validateCurriculum,
  type CurriculumContent,
  type Domain,
  type Outcome,
  type Stage,
} from './domain/curriculum.ts';
import { diffCurriculum, type CurriculumDiff, type DiffRow, type FieldValue, type RowStatus } from './domain/diff.ts';
import type { CurriculumVersion } from './repository.ts';
import * as draftService from './draft-service.ts';
import { EditProblems } from './draft-service.ts';
import * as service from './versions-service.ts';
import { HLO_TITLES } from './versions-service.ts';

const managers = PROGRAMME_TEAM;

const VIEWS = 'curriculum/views';
const regionQuery = z.object({ region: z.string().max(50).optional() });
const idParams = z.object({ id: z.uuid() });
// The code is looked up in the draft, where an unknown one is not found; the CSRF check comes before any lookup.
const codeParams = z.object({ id: z.uuid(), code: z.string().max(40) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ----- Presenting content and differences -----

export function versionLabel(version: CurriculumVersion | undefined | null): string {
  if (version === undefined || version === null) return '';
  return version.status === 'draft' ? 'Draft' : `Version ${String(version.number)}`;
}

function hloText(codes: readonly string[]): string {
  return codes.map((code) => `${code}: ${HLO_TITLES.get(code) ?? code}`).join('; ');
}

/** A version's content grouped for reading: domains in order, each with its outcomes by stage. */
export function contentView(content: CurriculumContent) {
  const outcomes = sortedOutcomes(content);
  return {
    stages: content.stages,
    outcomeCount: content.outcomes.length,
    domains: sortedDomains(content).map((domain) => ({
      ...domain,
      outcomeCount: outcomes.filter((outcome) => outcome.domainCode === domain.code).length,
      stages: content.stages.map((stage) => ({
        ...stage,
        outcomes: outcomes
          .filter((outcome) => outcome.domainCode === domain.code && outcome.stageCode === stage.code)
          .map((outcome) => ({ ...outcome, hlos: hloText(outcome.fpHlos) })),
      })),
    })),
  };
}

const FIELD_LABELS: Record<string, string> = {
  name: 'name',
  title: 'title',
  description: 'description',
  whyItMatters: 'why it matters',
  order: 'order',
  domainCode: 'domain',
  stageCode: 'stage',
  text: 'text',
  fpHlos: 'Foundation Programme outcomes',
};

const STATUS_TAGS: Record<RowStatus, { text: string; colour: string }> = {
  added: { text: 'Added', colour: 'green' },
  removed: { text: 'Removed', colour: 'red' },
  changed: { text: 'Changed', colour: 'yellow' },
  unchanged: { text: 'Unchanged', colour: 'grey' },
};

function fieldText(value: FieldValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.length === 0 ? 'none' : value.join(', ');
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function diffRows<T>(rows: readonly DiffRow<T>[], describe: (item: T) => { heading: string; lines: string[] }) {
  return rows
    .filter((row) => row.status !== 'unchanged')
    .map((row) => ({
      code: row.code,
      tag: STATUS_TAGS[row.status],
      before: row.before === null ? null : describe(row.before),
      after: row.after === null ? null : describe(row.after),
      changedText:
        row.status === 'changed'
          ? `${capitalise(listText(row.changes.map((change) => FIELD_LABELS[change.field] ?? change.field)))} changed`
          : '',
      changes: row.changes.map((change) => ({
        field: FIELD_LABELS[change.field] ?? change.field,
        before: fieldText(change.before),
        after: fieldText(change.after),
      })),
    }));
}

function counted(section: { added: unknown[]; removed: unknown[]; changed: unknown[]; unchanged: number }): string {
  const parts = [
    `${String(section.added.length)} added`,
    `${String(section.removed.length)} removed`,
    `${String(section.changed.length)} changed`,
    `${String(section.unchanged)} unchanged`,
  ];
  return parts.join(', ');
}

/** The difference as the side-by-side tables show it: only what changed, each row saying how in words. */
export function diffView(diff: CurriculumDiff) {
  return {
    identical: diff.identical,
    counts: diff.counts,
    stageOrderChanged: diff.stageOrderChanged,
    sections: [
      {
        id: 'stages',
        title: 'Stages',
        summary: counted(diff.stages),
        rows: diffRows<Stage>(diff.stages.rows, (stage) => ({ heading: stage.name, lines: [] })),
      },
      {
        id: 'domains',
        title: 'Domains',
        summary: counted(diff.domains),
        rows: diffRows<Domain>(diff.domains.rows, (domain) => ({
          heading: domain.title,
          lines: [`Description: ${domain.description}`, `Why it matters: ${domain.whyItMatters}`],
        })),
      },
      {
        id: 'outcomes',
        title: 'Learning outcomes',
        summary: counted(diff.outcomes),
        rows: diffRows<Outcome>(diff.outcomes.rows, (outcome) => ({
          heading: outcome.text,
          lines: [
            `Domain ${outcome.domainCode}, stage ${outcome.stageCode}`,
            `Foundation Programme outcomes: ${outcome.fpHlos.length === 0 ? 'none' : outcome.fpHlos.join(', ')}`,
          ],
        })),
      },
    ],
  };
}

function problemsView(content: CurriculumContent) {
  const problems = validateCurriculum(content);
  return {
    errors: problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message),
    warnings: problems.filter((problem) => problem.severity === 'warning').map((problem) => problem.message),
  };
}

function hloItems(selected: readonly string[]) {
  return FP_HLOS.map((hlo) => ({
    value: hlo.code,
    text: `${hlo.code}: ${hlo.title}`,
    checked: selected.includes(hlo.code),
  }));
}

/** Curriculum versions, the draft and publishing, comparison, learners' versions; then the learning activities. */
export function versionsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'Curriculum',
    href: '/curriculum',
    roles: CURRICULUM_READERS,
    order: 30,
    description: 'The Enhance curriculum: stages, the six domains, learning outcomes and learning activities.',
  });

  // ----- The curriculum -----

  routes.get(
    '/curriculum',
    { config: { access: CURRICULUM_READERS }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const picked = await pickRegion(reply, ctx, request.query.region, '/curriculum', 'Curriculum');
      if (picked === null) return reply;
      const view = await service.overview(ctx, picked.region.id);
      const shown = view.shown;
      const newer =
        shown !== undefined && view.current !== undefined && shown.id !== view.current.id ? view.current : undefined;
      return reply.page(`${VIEWS}/overview.njk`, {
        title: view.curriculum === undefined ? 'Curriculum' : `${view.curriculum.name} curriculum`,
        region: picked.region,
        ...picked.links,
        multipleRegions: picked.choices.length > 1,
        view,
        shownLabel: versionLabel(shown),
        publishedOn: formatDate(shown?.publishedAt),
        newer,
        newerLabel: versionLabel(newer),
        content: shown === undefined ? null : contentView(shown.content),
        learnerStage: view.learner?.stage ?? null,
      });
    },
  );

  routes.post('/curriculum/start', { config: { access: managers } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const values = body(request);
    const { region, choices } = await resolveRegion(ctx, text(values.region));
    if (region === null) throw new NotFoundError();
    const links = regionLinks(region, choices);
    try {
      await draftService.startCurriculum(ctx, region.id);
      reply.flash(
        'success',
        'The curriculum has been started as a draft with the default stages and the six Enhance domains. Add learning outcomes, then publish it as version 1.',
      );
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      reply.flash('information', error.message);
    }
    return reply.redirect(`/curriculum/draft${links.q1}`);
  });

  // ----- History and single versions -----

  routes.get(
    '/curriculum/versions',
    { config: { access: CURRICULUM_READERS }, schema: { querystring: regionQuery } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const picked = await pickRegion(reply, ctx, request.query.region, '/curriculum/versions', 'Curriculum versions');
      if (picked === null) return reply;
      const view = await service.history(ctx, picked.region.id);
      return reply.page(`${VIEWS}/history.njk`, {
        title: 'Curriculum versions',
        region: picked.region,
        ...picked.links,
        curriculum: view.curriculum,
        manage: view.manage,
        rows: view.versions.map((version) => ({
          ...version,
          label: versionLabel(version),
          publishedOn: formatDate(version.publishedAt),
        })),
      });
    },
  );

  routes.get(
    '/curriculum/versions/:id',
    { config: { access: CURRICULUM_READERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getVersion(ctx, request.params.id);
      if (view.version.status === 'draft') return reply.redirect('/curriculum/draft');
      return reply.page(`${VIEWS}/version.njk`, {
        title: `${view.curriculum.name} curriculum, ${versionLabel(view.version)}`,
        view,
        label: versionLabel(view.version),
        previousLabel: versionLabel(view.previous),
        isCurrent: view.current?.id === view.version.id,
        publishedOn: formatDate(view.version.publishedAt),
        content: contentView(view.version.content),
      });
    },
  );

  // ----- Comparing two versions -----

  routes.get(
    '/curriculum/compare',
    {
      config: { access: CURRICULUM_READERS },
      schema: {
        querystring: z.object({
          region: z.string().max(50).optional(),
          from: z.string().max(50).optional(),
          to: z.string().max(50).optional(),
        }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const fromId = UUID.test(request.query.from ?? '') ? request.query.from : undefined;
      const toId = UUID.test(request.query.to ?? '') ? request.query.to : undefined;
      let from = fromId === undefined ? undefined : await service.getVersion(ctx, fromId);
      let to = toId === undefined ? undefined : await service.getVersion(ctx, toId);
      if (from !== undefined && to !== undefined && from.curriculum.id !== to.curriculum.id) throw new NotFoundError();
      const regionId = from?.curriculum.regionId ?? to?.curriculum.regionId ?? request.query.region;
      const picked = await pickRegion(reply, ctx, regionId, '/curriculum/compare', 'Compare curriculum versions');
      if (picked === null) return reply;
      const { curriculum, versions } = await service.comparable(ctx, picked.region.id);
      const published = versions.filter((version) => version.status === 'published');
      if (from === undefined && to === undefined && published.length >= 2) {
        from = await service.getVersion(ctx, published[1]?.id ?? '');
        to = await service.getVersion(ctx, published[0]?.id ?? '');
      }
      const items = (selected: string | undefined) => [
        { value: '', text: 'Select a version' },
        ...versions.map((version) => ({
          value: version.id,
          text:
            version.status === 'draft'
              ? 'Draft (not published)'
              : `${versionLabel(version)}, published ${formatDate(version.publishedAt)}`,
          selected: version.id === selected,
        })),
      ];
      const both = from !== undefined && to !== undefined;
      return reply.page(`${VIEWS}/compare.njk`, {
        title: 'Compare curriculum versions',
        region: picked.region,
        ...picked.links,
        curriculum,
        enough: versions.length >= 2,
        fromItems: items(from?.version.id),
        toItems: items(to?.version.id),
        fromLabel: versionLabel(from?.version),
        toLabel: versionLabel(to?.version),
        fromVersion: from?.version,
        toVersion: to?.version,
        missing: !both && (from !== undefined || to !== undefined),
        diff:
          from !== undefined && to !== undefined
            ? diffView(diffCurriculum(from.version.content, to.version.content))
            : null,
      });
    },
  );

  // ----- The draft -----

  async function renderDraft(
    reply: FastifyReply,
    ctx: Context,
    picked: { region: RegionChoice; links: ReturnType<typeof regionLinks> },
  ) {
    const view = await draftService.regionDraft(ctx, picked.region.id);
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
    const { created } = await draftService.createDraft(ctx, region.id);
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
      const view = await draftService.getDraft(ctx, request.params.id);
      const { region, choices } = await resolveRegion(ctx, view.curriculum.regionId);
      if (region === null) throw new NotFoundError();
      return renderDraft(reply, ctx, { region, links: regionLinks(region, choices) });
    },
  );

  // Stages

  async function renderStages(reply: FastifyReply, ctx: Context, id: string, values: FormValues, errors?: FormErrors) {
    const view = await draftService.getDraft(ctx, id);
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
          await draftService.updateStages(ctx, request.params.id, { names, added });
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
    const view = await draftService.getDraft(ctx, id);
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
          await draftService.updateDomain(ctx, id, code, {
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
    const view = await draftService.getDraft(ctx, id);
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
        nextCode: outcome === undefined && known ? draftService.codeForNewOutcome(view, domainCode, stageCode) : null,
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
          const code = await draftService.addOutcome(ctx, request.params.id, input);
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
          await draftService.updateOutcome(ctx, id, code, {
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
      const view = await draftService.getDraft(contextOf(request, app), id);
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
      await draftService.removeOutcome(contextOf(request, app), id, code);
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
      const view = await draftService.getDraft(contextOf(request, app), id);
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
      const view = await draftService.discardDraft(ctx, request.params.id);
      const { choices } = await resolveRegion(ctx, view.curriculum.regionId);
      reply.flash('success', 'The draft has been discarded.');
      return reply.redirect(`/curriculum${choices.length > 1 ? `?region=${view.curriculum.regionId}` : ''}`);
    },
  );

  // Publishing

  async function renderPublish(reply: FastifyReply, ctx: Context, id: string, values: FormValues, errors?: FormErrors) {
    const view = await draftService.getDraft(ctx, id);
    const problems = problemsView(view.draft.content);
    return reply.page(
      `${VIEWS}/publish.njk`,
      {
        title: 'Publish the draft',
        draftId: id,
        baseLabel: versionLabel(view.base),
        problems,
        blocked: problems.errors.length > 0,
        values,
        errors,
        limit: LIMITS.changeSummary,
      },
      errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/curriculum/drafts/:id/publish',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => renderPublish(reply, contextOf(request, app), request.params.id, {}),
  );

  routes.post(
    '/curriculum/drafts/:id/publish',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const { id } = request.params;
      const values = body(request);
      const summary = text(values.changeSummary);
      if (values.action === 'edit') return renderPublish(reply, ctx, id, values);
      const view = await draftService.getDraft(ctx, id);
      const problems = draftService.problemsBeforePublishing(view.draft.content, summary);
      if (contentHasErrors(problems)) {
        const errors = emptyErrors();
        for (const problem of problems.filter((p) => p.severity === 'error')) {
          if (problem.path === 'changeSummary') addError(errors, 'changeSummary', problem.message);
        }
        if (problems.some((p) => p.severity === 'error' && p.path !== 'changeSummary')) {
          errors.list.push({
            text: 'Put right the problems in the draft before publishing it',
            href: '#draft-problems',
          });
        }
        return renderPublish(reply, ctx, id, values, errors);
      }
      if (values.confirm !== 'yes') {
        const versions = await service.history(ctx, view.curriculum.regionId);
        const number = versions.versions.reduce((highest, version) => Math.max(highest, version.number ?? 0), 0) + 1;
        const diff = view.base === undefined ? null : diffView(diffCurriculum(view.base.content, view.draft.content));
        return reply.page(`${VIEWS}/publish-confirm.njk`, {
          title: `Publish version ${String(number)}`,
          draftId: id,
          number,
          summary,
          baseLabel: versionLabel(view.base),
          diff,
          outcomeCount: view.draft.content.outcomes.length,
          warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.message),
        });
      }
      try {
        const number = await draftService.publishDraft(ctx, id, summary);
        reply.flash(
          'success',
          `Version ${String(number)} has been published. New learners start on it. Learners already on an earlier version stay there until you move them.`,
        );
        return await reply.redirect(`/curriculum/versions/${id}`);
      } catch (error) {
        if (error instanceof EditProblems) return renderPublish(reply, ctx, id, values, problemErrors(error.fields));
        throw error;
      }
    },
  );

  // ----- Which version each learner follows -----

  async function renderLearners(
    reply: FastifyReply,
    ctx: Context,
    regionRequested: string | undefined,
    query: { q: string; page: number },
    options: { values?: FormValues; errors?: FormErrors } = {},
  ) {
    const picked = await pickRegion(reply, ctx, regionRequested, '/curriculum/learners', 'Learners’ versions');
    if (picked === null) return reply;
    const view = await service.learnersWithVersions(ctx, picked.region.id);
    const needle = query.q.toLowerCase();
    const matching =
      needle === ''
        ? view.learners
        : view.learners.filter(
            (learner) => learner.name.toLowerCase().includes(needle) || learner.email.toLowerCase().includes(needle),
          );
    const pageNo = Math.min(query.page, Math.max(1, Math.ceil(matching.length / 25)));
    const start = offsetFor(pageNo);
    const page = toPage(matching.slice(start, start + 25), matching.length, pageNo);
    const chosen = list(options.values?.learners);
    const current = view.published[0];
    return reply.page(
      `${VIEWS}/learners.njk`,
      {
        title: 'Learners’ curriculum versions',
        region: picked.region,
        ...picked.links,
        curriculum: view.curriculum,
        hasPublished: view.published.length > 0,
        total: view.learners.length,
        q: query.q,
        page,
        rows: page.items.map((learner, index) => ({
          ...learner,
          checkboxId: index === 0 ? 'learners' : `learners-${learner.id}`,
          checked: chosen.includes(learner.id),
          versionText:
            learner.versionNumber !== null
              ? `Version ${String(learner.versionNumber)}`
              : current === undefined
                ? 'None yet'
                : `Not started: will start on version ${String(current.number)}`,
          isCurrent: learner.versionId !== null && learner.versionId === current?.id,
        })),
        versionItems: [
          { value: '', text: 'Select a version' },
          ...view.published.map((version) => ({
            value: version.id,
            text: `${versionLabel(version)}${version.id === current?.id ? ' (current)' : ''}, published ${formatDate(version.publishedAt)}`,
            selected: version.id === options.values?.versionId,
          })),
        ],
        pager: paginationParams(page, '/curriculum/learners', {
          q: query.q,
          region: picked.links.rq === '' ? undefined : picked.region.id,
        }),
        errors: options.errors,
      },
      options.errors === undefined ? 200 : 400,
    );
  }

  routes.get(
    '/curriculum/learners',
    {
      config: { access: managers },
      schema: {
        querystring: z.object({
          region: z.string().max(50).optional(),
          q: z.string().max(200).optional(),
          page: z.string().max(10).optional(),
        }),
      },
    },
    async (request, reply) =>
      renderLearners(reply, contextOf(request, app), request.query.region, {
        q: request.query.q?.trim() ?? '',
        page: pageNumber(request.query.page),
      }),
  );

  routes.post('/curriculum/learners/move', { config: { access: managers } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const values = body(request);
    const learnerIds = list(values.learners);
    const versionId = text(values.versionId);
    const query = { q: text(values.q), page: pageNumber(values.page) };
    const { region, choices } = await resolveRegion(ctx, text(values.region));
    if (region === null) throw new NotFoundError();
    const links = regionLinks(region, choices);
    const errors = emptyErrors();
    if (learnerIds.length === 0) addError(errors, 'learners', 'Select at least one learner to move');
    if (versionId === '') addError(errors, 'versionId', 'Select the version to move them to');
    const again = (found: FormErrors) => renderLearners(reply, ctx, region.id, query, { values, errors: found });
    if (errors.list.length > 0) return again(errors);
    const view = await service.learnersWithVersions(ctx, region.id);
    const chosen = view.learners.filter((learner) => learnerIds.includes(learner.id));
    const version = view.published.find((candidate) => candidate.id === versionId);
    if (chosen.length === 0) return again(addError(emptyErrors(), 'learners', 'Select at least one learner to move'));
    if (version === undefined) return again(addError(emptyErrors(), 'versionId', 'Select a published version'));
    if (values.confirm !== 'yes') {
      return reply.page(`${VIEWS}/confirm.njk`, {
        title: `Move learners to ${versionLabel(version).toLowerCase()}`,
        caption: 'Learners’ curriculum versions',
        heading: `Move ${chosen.length === 1 ? (chosen[0]?.name ?? '') : `${String(chosen.length)} learners`} to ${versionLabel(version).toLowerCase()}?`,
        items: chosen.map(
          (learner) =>
            `${learner.name}: now on ${learner.versionNumber === null ? 'no version yet' : `version ${String(learner.versionNumber)}`}`,
        ),
        body: `Their curriculum, outcomes and progress will follow version ${String(version.number)}. Evidence they have recorded is kept: it is linked to outcome codes, which stay the same across versions.`,
        buttonText: 'Move learners',
        action: '/curriculum/learners/move',
        hidden: [
          { name: 'region', value: region.id },
          { name: 'versionId', value: version.id },
          { name: 'confirm', value: 'yes' },
          ...chosen.map((learner) => ({ name: 'learners', value: learner.id })),
        ],
        cancelHref: `/curriculum/learners${links.q1}`,
      });
    }
    try {
      const result = await service.moveLearners(ctx, region.id, learnerIds, versionId);
      reply.flash(
        'success',
        result.moved.length === 0
          ? `Everyone chosen was already on version ${String(result.number)}.`
          : `${result.moved.length === 1 ? (result.moved[0] ?? '') : `${String(result.moved.length)} learners`} moved to version ${String(result.number)}.`,
      );
      return await reply.redirect(`/curriculum/learners${links.q1}`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return again(addError(emptyErrors(), error.field ?? 'learners', error.message));
    }
  });

  activitiesRoutes(app);
}
