import { runsProgrammeIn } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { formatDate } from '../../platform/web/format.ts';
import { postedText as text, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { DEFAULT_PAGE_SIZE, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { STAGES } from '../people/index.ts';
import { MANAGERS, READERS, STAFF } from './policy.ts';
import type { Progress } from './domain/progress.ts';
import { REVIEW_OUTCOME_INFO } from './domain/review.ts';
import { dateParts, stageForm, supervisorForm } from './forms.ts';
import * as service from './service.ts';
import { ownLearner, visibleLearner } from '../learners/index.ts';
import * as stagesService from './stages-service.ts';
import * as supervisorsService from './supervisors-service.ts';
import * as reviews from './reviews-service.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { type LearnerRecord, type Stage } from '../curriculum/index.ts';

const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  stage: z.string().max(20).optional(),
  cohort: z.string().max(50).optional(),
  page: z.string().max(10).optional(),
});

function percent(evidenced: number, total: number): number {
  return total === 0 ? 0 : Math.round((evidenced / total) * 100);
}

function countText(evidenced: number, total: number): string {
  return `${String(evidenced)} of ${String(total)} ${total === 1 ? 'outcome' : 'outcomes'}`;
}

function stageName(stages: readonly Stage[], code: string): string {
  return stages.find((stage) => stage.code === code)?.name ?? code;
}

function stageRange(stages: readonly Stage[], code: string): string {
  const index = stages.findIndex((stage) => stage.code === code);
  const first = stages[0]?.code ?? code;
  return index <= 0 ? code : `${first} to ${code}`;
}

function overallText(
  progress: Progress | null,
): { text: string; percent: number; evidenced: number; total: number } | null {
  if (progress === null) return null;
  const { evidenced, total } = progress.overall.toDate;
  return {
    text: `${countText(evidenced, total)} (${String(percent(evidenced, total))}%)`,
    percent: percent(evidenced, total),
    evidenced,
    total,
  };
}

/** The page about one learner's progress, for the learner or for the people who support them. */
async function progressPage(ctx: Context, learner: LearnerRecord, self: boolean) {
  const lp = await service.learnerProgress(ctx.db, learner);
  const progress = lp.progress;
  const stillNeeded = progress?.domains.flatMap((domain) => domain.stillNeeded.map((outcome) => outcome.code)) ?? [];
  const [events, supervisor, since, latest] = await Promise.all([
    service.helpfulEvents(ctx.db, learner, stillNeeded, ctx.now),
    supervisorsService.currentSupervisor(ctx.db, learner.id),
    stagesService.currentStageSince(ctx.db, learner),
    reviews.latestReview(ctx.db, learner.id),
  ]);
  const neededText = new Map(
    progress?.domains.flatMap((domain) => domain.stillNeeded.map((outcome) => [outcome.code, outcome.text] as const)),
  );
  const stages = lp.stages;
  const domains =
    progress?.domains.map((domain) => ({
      code: domain.domain.code,
      title: domain.domain.title,
      description: domain.domain.description,
      current: {
        ...domain.currentStage,
        text: countText(domain.currentStage.evidenced, domain.currentStage.total),
        percent: percent(domain.currentStage.evidenced, domain.currentStage.total),
      },
      toDate: {
        ...domain.toDate,
        text: countText(domain.toDate.evidenced, domain.toDate.total),
        percent: percent(domain.toDate.evidenced, domain.toDate.total),
      },
      stillNeeded: domain.stillNeeded.map((outcome) => ({
        code: outcome.code,
        text: outcome.text,
        stageCode: outcome.stageCode,
        current: outcome.stageCode === learner.stage,
      })),
      evidenced: domain.outcomes
        .filter((item) => item.evidenceCount > 0)
        .map((item) => ({
          code: item.outcome.code,
          text: item.outcome.text,
          stageCode: item.outcome.stageCode,
          items: lp.evidence.get(item.outcome.code) ?? [],
        })),
      evidencedAhead: domain.evidencedAhead,
    })) ?? [];
  const name = self ? 'You' : learner.name;
  return {
    title: self ? 'My progress' : `${learner.name}: progress`,
    self,
    learner,
    name,
    basePath: self ? '/progress' : `/learners/${learner.id}`,
    curriculum: lp.curriculum,
    version: lp.version,
    stageMissing: lp.stageMissing,
    stageName: stageName(stages, learner.stage),
    stageRange: stageRange(stages, learner.stage),
    since,
    supervisor,
    progress,
    overall: overallText(progress),
    overallCurrent:
      progress === null
        ? null
        : {
            text: countText(progress.overall.currentStage.evidenced, progress.overall.currentStage.total),
            percent: percent(progress.overall.currentStage.evidenced, progress.overall.currentStage.total),
          },
    anyEvidence: lp.evidence.size > 0,
    domains,
    stillNeededCount: stillNeeded.length,
    unmatchedMessage: lp.unmatchedMessage,
    events: events.map((event) => ({
      ...event,
      outcomes: event.outcomeCodes.map((code) => ({ code, text: neededText.get(code) ?? '' })),
    })),
    latestReview: latest === undefined ? null : { ...latest, info: REVIEW_OUTCOME_INFO[latest.outcome] },
    canManage: runsProgrammeIn(ctx.principal, learner.regionId),
  };
}

/**
 * A learner's progress (their own, or a learner's for the people who support them), the list of learners, and the
 * programme team moving a learner on a stage or giving them another educational supervisor.
 */
export function learnersRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // ----- Progress -----

  routes.get('/progress', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const learner = await ownLearner(ctx);
    if (learner === undefined) {
      return reply.page('progress/views/no-record.njk', { title: 'My progress' });
    }
    return reply.page('progress/views/progress.njk', await progressPage(ctx, learner, true));
  });

  routes.get('/learners/:id', { config: { access: READERS }, schema: { params: idParams } }, async (request, reply) =>
    reply.redirect(`/learners/${request.params.id}/progress`),
  );

  routes.get(
    '/learners/:id/progress',
    { config: { access: READERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const learner = await visibleLearner(ctx, request.params.id);
      if (learner.id === ctx.principal.userId) return reply.redirect('/progress');
      return reply.page('progress/views/progress.njk', await progressPage(ctx, learner, false));
    },
  );

  // ----- Learners -----

  routes.get('/learners', { config: { access: STAFF }, schema: { querystring: listQuery } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const query = request.query;
    const q = query.q?.trim() ?? '';
    const stage = query.stage !== undefined && (STAGES as readonly string[]).includes(query.stage) ? query.stage : '';
    const page = pageNumber(query.page);
    const result = await service.listLearners(ctx, { q, stage, cohortId: query.cohort ?? '' }, page, DEFAULT_PAGE_SIZE);
    const cohortId = result.cohorts.some((cohort) => cohort.id === query.cohort) ? (query.cohort ?? '') : '';
    const filters = { q, stage, cohort: cohortId };
    const pageOf = toPage(
      result.items.map((item) => ({ ...item.learner, overall: overallText(item.progress) })),
      result.total,
      page,
    );
    return reply.page('progress/views/learners.njk', {
      title: 'Learners',
      page: pageOf,
      filters,
      filtered: q !== '' || stage !== '' || cohortId !== '',
      anyLearners: result.anyLearners,
      isManager: hasRole(ctx.principal, ...MANAGERS),
      stageItems: [{ value: '', text: 'Any stage' }, ...STAGES.map((code) => ({ value: code, text: code }))],
      cohortItems: [
        { value: '', text: 'Any cohort' },
        ...result.cohorts.map((cohort) => ({ value: cohort.id, text: cohort.name })),
      ],
      pager: paginationParams(pageOf, '/learners', { ...filters, page: undefined }),
    });
  });

  // ----- Stage history -----

  async function renderStages(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await stagesService.stageHistoryOf(ctx, id);
    const values = options.values ?? {};
    return reply.page(
      'progress/views/stages.njk',
      {
        title: `${view.learner.name}: stages`,
        ...view,
        values,
        errors: options.errors,
        startedOn: dateParts(values, 'startedOn'),
        currentStageName: stageName(view.stages, view.learner.stage),
        stageItems: view.stages
          .filter((stage) => stage.code !== view.learner.stage)
          .map((stage) => ({ value: stage.code, text: `${stage.code}: ${stage.name}` })),
        rows: view.rows.map((row) => ({ ...row, stageName: stageName(view.stages, row.stage) })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/learners/:id/stages',
    { config: { access: STAFF }, schema: { params: idParams } },
    async (request, reply) => renderStages(reply, contextOf(request, app), request.params.id),
  );

  routes.post(
    '/learners/:id/stages',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: stageForm,
        dateFields: ['startedOn'],
        run: (move) => stagesService.moveStage(ctx, id, move),
        done: (learner, move) => {
          reply.flash('success', `${learner.name} is now at ${move.stage}, from ${formatDate(move.startedOn)}.`);
          return reply.redirect(`/learners/${id}/stages`);
        },
        again: (values, errors) => renderStages(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'stage',
      });
    },
  );

  // ----- Educational supervisor -----

  async function renderSupervisor(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await supervisorsService.supervisorForm(ctx, id);
    const selected = text(options.values?.supervisorId) || (view.current?.id ?? '');
    return reply.page(
      'progress/views/supervisor.njk',
      {
        title: `${view.learner.name}: educational supervisor`,
        ...view,
        errors: options.errors,
        supervisorItems: [
          { value: '', text: 'Select an educational supervisor' },
          ...view.choices.map((choice) => ({
            value: choice.id,
            text: `${choice.name} (${choice.email})`,
            selected: choice.id === selected,
          })),
        ],
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/learners/:id/supervisor',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => renderSupervisor(reply, contextOf(request, app), request.params.id),
  );

  routes.post(
    '/learners/:id/supervisor',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const id = request.params.id;
      return submitForm(request.body, {
        schema: supervisorForm,
        run: ({ supervisorId }) => supervisorsService.assignSupervisor(ctx, id, supervisorId),
        done: ({ learner, supervisor, unchanged }) => {
          reply.flash(
            'success',
            unchanged
              ? `${supervisor.name} is already the educational supervisor of ${learner.name}.`
              : `${supervisor.name} is now the educational supervisor of ${learner.name}.`,
          );
          return reply.redirect(`/learners/${id}/progress`);
        },
        again: (values, errors) => renderSupervisor(reply, ctx, id, { values, errors, status: 400 }),
        ruleField: 'supervisorId',
      });
    },
  );
}
