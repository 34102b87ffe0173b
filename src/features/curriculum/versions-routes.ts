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
  type FieldProblem,
  type FormErrors,
  type FormReader,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams, toPage, offsetFor } from '../../platform/web/pagination.ts';
import { resolveRegion } from './policy.ts';
import { activitiesRoutes } from './activities-routes.ts';
import { contentView, diffView, problemsView, versionLabel } from './content-view.ts';
import { hasErrors as contentHasErrors, LIMITS } from './domain/curriculum.ts';
import { diffCurriculum } from './domain/diff.ts';
import { draftRoutes } from './draft-routes.ts';
import * as draftService from './draft-service.ts';
import { EditProblems } from './draft-service.ts';
import { CURRICULUM_READERS, idParams, pickRegion, problemErrors, regionLinks, regionQuery, VIEWS } from './pages.ts';
import type { CurriculumVersion } from './repository.ts';
import * as service from './versions-service.ts';
import type { LearnerVersionRow } from './versions-service.ts';

const managers = PROGRAMME_TEAM;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The learners' version form: who moves, to which version, and whether the move has been confirmed. */
const moveForm: FormReader<{ learnerIds: string[]; versionId: string; confirmed: boolean }> = (values) => {
  const learnerIds = list(values.learners);
  const versionId = text(values.versionId);
  const problems: FieldProblem[] = [];
  if (learnerIds.length === 0) {
    problems.push({ field: 'learners', href: '#learners', message: 'Select at least one learner to move' });
  }
  if (versionId === '') {
    problems.push({ field: 'versionId', href: '#versionId', message: 'Select the version to move them to' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, data: { learnerIds, versionId, confirmed: values.confirm === 'yes' } };
};

/** The page asking to confirm a move of learners to another version, which posts the form again confirmed. */
function moveConfirmation(
  regionId: string,
  chosen: readonly LearnerVersionRow[],
  version: CurriculumVersion,
  links: ReturnType<typeof regionLinks>,
) {
  return {
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
      { name: 'region', value: regionId },
      { name: 'versionId', value: version.id },
      { name: 'confirm', value: 'yes' },
      ...chosen.map((learner) => ({ name: 'learners', value: learner.id })),
    ],
    cancelHref: `/curriculum/learners${links.q1}`,
  };
}

/**
 * The curriculum and its published versions: the overview, the history, one version, comparing two, publishing the
 * draft, and which version each learner follows; then the draft's and the learning activities' pages.
 */
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

  // ----- Publishing the draft -----

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
    const posted = body(request);
    const { region, choices } = await resolveRegion(ctx, text(posted.region));
    if (region === null) throw new NotFoundError();
    const links = regionLinks(region, choices);
    return submitForm(request.body, {
      schema: moveForm,
      // The move is shown to be confirmed first; the confirmed form moves them.
      run: async ({ learnerIds, versionId, confirmed }) => {
        const move = await service.learnersToMove(ctx, region.id, learnerIds, versionId);
        return {
          ...move,
          result: confirmed ? await service.moveLearners(ctx, region.id, learnerIds, versionId) : null,
        };
      },
      done: ({ chosen, version, result }) => {
        if (result === null) {
          return reply.page(`${VIEWS}/confirm.njk`, moveConfirmation(region.id, chosen, version, links));
        }
        reply.flash(
          'success',
          result.moved.length === 0
            ? `Everyone chosen was already on version ${String(result.number)}.`
            : `${result.moved.length === 1 ? (result.moved[0] ?? '') : `${String(result.moved.length)} learners`} moved to version ${String(result.number)}.`,
        );
        return reply.redirect(`/curriculum/learners${links.q1}`);
      },
      again: (values, errors) =>
        renderLearners(reply, ctx, region.id, { q: text(values.q), page: pageNumber(values.page) }, { values, errors }),
      ruleField: 'learners',
    });
  });

  draftRoutes(app);
  activitiesRoutes(app);
}
