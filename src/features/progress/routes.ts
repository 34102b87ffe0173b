import { PROGRAMME_TEAM, SUPERVISORS, runsProgrammeIn } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole, type Role } from '../../platform/auth/roles.ts';
import { RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedList as list,
  postedText as text,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { DEFAULT_PAGE_SIZE, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import { STAGES } from '../people/index.ts';
import * as cohortsService from './cohorts-service.ts';
import { BANDS, type Heatmap, type HeatmapCell } from './domain/heatmap.ts';
import type { Progress } from './domain/progress.ts';
import { REVIEW_LIMITS, REVIEW_OUTCOMES, REVIEW_OUTCOME_INFO, isReviewOutcome } from './domain/review.ts';
import { readDate } from './forms.ts';
import * as service from './service.ts';
import * as stagesService from './stages-service.ts';
import * as supervisorsService from './supervisors-service.ts';
import * as reviews from './reviews-service.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { type LearnerRecord, type Stage } from '../curriculum/index.ts';

const MANAGERS: readonly Role[] = PROGRAMME_TEAM;
/** Who lists learners: the programme team and supervisors. */
const STAFF: readonly Role[] = [...PROGRAMME_TEAM, ...SUPERVISORS];
/**
 * Pages about one learner that the learner may read too. A learner is let through the route so that another
 * learner's id gets "not found" from the service, like anyone else outside the learner's circle.
 */
const READERS: readonly Role[] = [...STAFF, 'learner'];

const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), learnerId: z.uuid() });
const listQuery = z.object({
  q: z.string().max(200).optional(),
  stage: z.string().max(20).optional(),
  cohort: z.string().max(50).optional(),
  page: z.string().max(10).optional(),
});

/** Fill colours of the coverage scale (NHS blues, lightest to darkest), by band level; the words beside each say the same. */
const BAND_FILLS = ['#f0f4f5', '#cfe3f5', '#8cbbe6', '#3f87cc', '#003087'] as const;

export const MAX_ACTION_FIELDS = REVIEW_LIMITS.actions;

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

function cellView(cell: HeatmapCell) {
  const level = cell.band.level;
  return {
    short: cell.total === 0 ? '–' : `${String(cell.evidenced)}/${String(cell.total)}`,
    text: cell.text,
    label: cell.band.label,
    fill: cell.band.band === 'no-outcomes' ? '#ffffff' : BAND_FILLS[level],
    dashed: cell.band.band === 'no-outcomes',
  };
}

function heatmapView(heatmap: Heatmap | null) {
  if (heatmap === null) return null;
  return {
    columns: heatmap.columns,
    rows: heatmap.rows.map((row) => ({
      learnerId: row.learnerId,
      name: row.name,
      stageCode: row.stageCode,
      cells: row.cells.map(cellView),
      overall: cellView(row.overall),
    })),
  };
}

const BAND_MEANINGS: Record<string, string> = {
  none: 'no outcomes to date evidenced',
  started: 'under a third evidenced',
  progressing: 'a third to two thirds evidenced',
  nearly: 'two thirds or more, not all',
  complete: 'every outcome to date evidenced',
  'no-outcomes': 'the domain has no outcomes up to this stage',
};

const bandKey = BANDS.map((band) => ({
  label: band.label,
  meaning: BAND_MEANINGS[band.band] ?? '',
  fill: band.band === 'no-outcomes' ? '#ffffff' : BAND_FILLS[band.level],
  dashed: band.band === 'no-outcomes',
}));

function dateErrors(field: string, message: string): FormErrors {
  return { list: [{ text: message, href: `#${field}-day` }], fields: { [field]: { text: message } } };
}

function dateParts(values: FormValues, field: string): { day: string; month: string; year: string } {
  const part = (name: string) => text(values[`${field}[${name}]`] ?? values[`${field}-${name}`]);
  return { day: part('day'), month: part('month'), year: part('year') };
}

export function progressRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'My progress',
    href: '/progress',
    roles: ['learner'],
    order: 32,
    description:
      'What you have evidenced in each domain of the curriculum, what is still needed, and events that would help.',
  });
  app.navigation.add({
    text: 'Learners',
    href: '/learners',
    roles: STAFF,
    order: 33,
    description:
      'Your learners’ progress through the curriculum, their stages, supervisors, cohorts and annual reviews.',
  });

  // ----- Progress -----

  routes.get('/progress', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const learner = await service.ownLearner(ctx);
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
      const learner = await service.visibleLearner(ctx, request.params.id);
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
      const values = body(request);
      const id = request.params.id;
      const stage = text(values.stage);
      const date = readDate(dateParts(values, 'startedOn'), 'start date');
      const errors = emptyErrors();
      if (stage === '') addError(errors, 'stage', 'Select the stage they are moving to');
      if (typeof date !== 'string') {
        errors.fields.startedOn = { text: date.error };
        errors.list.push({ text: date.error, href: '#startedOn-day' });
      }
      if (errors.list.length > 0 || typeof date !== 'string') {
        return renderStages(reply, ctx, id, { values, errors, status: 400 });
      }
      try {
        const learner = await stagesService.moveStage(ctx, id, { stage, startedOn: date });
        reply.flash('success', `${learner.name} is now at ${stage}, from ${formatDate(date)}.`);
        return await reply.redirect(`/learners/${id}/stages`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const problem =
          error.field === 'startedOn'
            ? dateErrors('startedOn', error.message)
            : addError(emptyErrors(), error.field ?? 'stage', error.message);
        return renderStages(reply, ctx, id, { values, errors: problem, status: 400 });
      }
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
      const values = body(request);
      const id = request.params.id;
      const supervisorId = text(values.supervisorId);
      if (supervisorId === '') {
        const errors = addError(emptyErrors(), 'supervisorId', 'Select an educational supervisor');
        return renderSupervisor(reply, ctx, id, { values, errors, status: 400 });
      }
      try {
        const done = await supervisorsService.assignSupervisor(ctx, id, supervisorId);
        reply.flash(
          'success',
          done.unchanged
            ? `${done.supervisor.name} is already the educational supervisor of ${done.learner.name}.`
            : `${done.supervisor.name} is now the educational supervisor of ${done.learner.name}.`,
        );
        return await reply.redirect(`/learners/${id}/progress`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const errors = addError(emptyErrors(), 'supervisorId', error.message);
        return renderSupervisor(reply, ctx, id, { values, errors, status: 400 });
      }
    },
  );

  // ----- Annual reviews -----

  function reviewRows(rows: readonly reviews.ReviewWithNames[]) {
    return rows.map((review) => ({ ...review, info: REVIEW_OUTCOME_INFO[review.outcome] }));
  }

  routes.get('/progress/reviews', { config: { access: ['learner'] } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const learner = await service.ownLearner(ctx);
    const view = learner === undefined ? null : await reviews.reviewsOf(ctx, learner.id);
    return reply.page('progress/views/reviews.njk', {
      title: 'My annual reviews',
      self: true,
      learner: view?.learner ?? null,
      reviews: reviewRows(view?.reviews ?? []),
      canRecord: false,
    });
  });

  routes.get(
    '/learners/:id/reviews',
    { config: { access: READERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await reviews.reviewsOf(ctx, request.params.id);
      if (view.learner.id === ctx.principal.userId) return reply.redirect('/progress/reviews');
      return reply.page('progress/views/reviews.njk', {
        title: `${view.learner.name}: annual reviews`,
        self: false,
        ...view,
        reviews: reviewRows(view.reviews),
      });
    },
  );

  async function renderReviewForm(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    values: FormValues,
    options: { errors?: FormErrors; status?: number } = {},
  ) {
    const year = text(values.year);
    const { learner, existing } = await reviews.reviewForm(ctx, id, year);
    const actions = Array.isArray(values.actions) ? values.actions.map((action) => String(action)) : [];
    const lastFilled = actions.reduce((last, action, index) => (action.trim() === '' ? last : index + 1), 0);
    const shown = Math.min(MAX_ACTION_FIELDS, Math.max(3, lastFilled));
    const fields = Array.from({ length: MAX_ACTION_FIELDS }, (_, index) => ({
      name: `action${String(index + 1)}`,
      label: `Agreed action ${String(index + 1)}`,
      value: actions[index] ?? '',
    }));
    return reply.page(
      'progress/views/review-form.njk',
      {
        title: `Record an annual review: ${learner.name}`,
        learner,
        existing,
        values,
        errors: options.errors,
        actionFields: fields.slice(0, shown),
        moreActionFields: fields.slice(shown),
        maxActions: MAX_ACTION_FIELDS,
        outcomeItems: REVIEW_OUTCOMES.map((code) => ({
          value: code,
          text: REVIEW_OUTCOME_INFO[code].label,
          hint: { text: REVIEW_OUTCOME_INFO[code].description },
          checked: values.outcome === code,
        })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/learners/:id/reviews/record',
    {
      config: { access: MANAGERS },
      schema: { params: idParams, querystring: z.object({ year: z.string().max(20).optional() }) },
    },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const year = request.query.year?.trim() || reviews.trainingYearOf(ctx.now);
      const { existing } = await reviews.reviewForm(ctx, request.params.id, year);
      const values: FormValues =
        existing === null
          ? { year }
          : {
              year,
              outcome: existing.outcome,
              comment: existing.comments,
              actions: existing.actions,
              panel: existing.panel,
            };
      return renderReviewForm(reply, ctx, request.params.id, values);
    },
  );

  routes.post(
    '/learners/:id/reviews',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const posted = body(request);
      const id = request.params.id;
      const actions = Array.from({ length: MAX_ACTION_FIELDS }, (_, index) =>
        text(posted[`action${String(index + 1)}`]),
      );
      const lastFilled = actions.reduce((last, action, index) => (action === '' ? last : index + 1), 0);
      const values: FormValues = {
        year: text(posted.year),
        outcome: text(posted.outcome),
        comment: typeof posted.comment === 'string' ? posted.comment : '',
        panel: text(posted.panel),
        actions,
      };
      const input: reviews.ReviewInput = {
        year: text(posted.year),
        outcome: isReviewOutcome(text(posted.outcome)) ? text(posted.outcome) : '',
        comment: typeof posted.comment === 'string' ? posted.comment : '',
        actions: actions.slice(0, Math.max(lastFilled, 1)),
        panel: text(posted.panel),
      };
      const problems = reviews.reviewProblems(input);
      const toErrors = (items: readonly reviews.ReviewProblem[]) => {
        const errors = emptyErrors();
        for (const problem of items) {
          if (errors.fields[problem.field] !== undefined) continue;
          errors.fields[problem.field] = { text: problem.message };
          const href =
            problem.field === 'outcome' ? '#outcome' : problem.field === 'actions' ? '#action1' : `#${problem.field}`;
          errors.list.push({ text: problem.message, href });
        }
        return errors;
      };
      if (problems.length > 0) {
        return renderReviewForm(reply, ctx, id, values, { errors: toErrors(problems), status: 400 });
      }
      try {
        const done = await reviews.recordReview(ctx, id, input);
        void app.mailer.deliverPending();
        reply.flash(
          'success',
          `The ${input.year} annual review of ${done.learner.name} has been ${done.created ? 'recorded' : 'updated'}: ${REVIEW_OUTCOME_INFO[done.review.outcome].label}. ${done.learner.name} has been emailed that it is ready to read.`,
        );
        return await reply.redirect(`/learners/${id}/reviews`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const errors = toErrors([{ field: error.field ?? 'outcome', message: error.message }]);
        return renderReviewForm(reply, ctx, id, values, { errors, status: 400 });
      }
    },
  );

  // ----- Cohorts -----

  routes.get(
    '/cohorts',
    { config: { access: MANAGERS }, schema: { querystring: z.object({ page: z.string().max(10).optional() }) } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const page = pageNumber(request.query.page);
      const [result, regions] = await Promise.all([
        cohortsService.listCohorts(ctx, page, DEFAULT_PAGE_SIZE),
        cohortsService.regionChoices(ctx),
      ]);
      const pageOf = toPage(result.items, result.total, page);
      return reply.page('progress/views/cohorts.njk', {
        title: 'Cohorts',
        page: pageOf,
        showRegion: regions.length > 1,
        canCreate: regions.length > 0,
        pager: paginationParams(pageOf, '/cohorts'),
      });
    },
  );

  async function renderCohortForm(
    reply: FastifyReply,
    ctx: Context,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const regions = await cohortsService.regionChoices(ctx);
    const values = options.values ?? {};
    return reply.page(
      'progress/views/cohort-form.njk',
      {
        title: 'Add a cohort',
        values,
        errors: options.errors,
        regions,
        regionItems: [
          { value: '', text: 'Select a region' },
          ...regions.map((region) => ({
            value: region.id,
            text: region.name,
            selected: region.id === values.regionId,
          })),
        ],
      },
      options.status ?? 200,
    );
  }

  routes.get('/cohorts/new', { config: { access: MANAGERS } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    return renderCohortForm(reply, ctx, { values: { intakeYear: reviews.trainingYearOf(ctx.now).slice(0, 4) } });
  });

  routes.post('/cohorts', { config: { access: MANAGERS } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const values = body(request);
    const regions = await cohortsService.regionChoices(ctx);
    // Anything but a UUID is no region at all, and must not reach the database's uuid column.
    const regionId = regions.length === 1 ? (regions[0]?.id ?? '') : (z.uuid().safeParse(values.regionId).data ?? '');
    const name = text(values.name);
    const yearText = text(values.intakeYear);
    const errors = emptyErrors();
    if (regions.length > 1 && regionId === '') addError(errors, 'regionId', 'Select the region');
    if (name === '') addError(errors, 'name', 'Enter a name for the cohort, for example F1 intake 2026');
    else if (name.length > cohortsService.COHORT_NAME_MAX) {
      addError(errors, 'name', `Name must be ${String(cohortsService.COHORT_NAME_MAX)} characters or fewer`);
    }
    const intakeYear = Number(yearText);
    if (yearText === '') addError(errors, 'intakeYear', 'Enter the intake year, for example 2026');
    else if (!/^\d{4}$/.test(yearText)) addError(errors, 'intakeYear', 'Intake year must be a year, like 2026');
    else if (intakeYear < cohortsService.INTAKE_YEAR_MIN || intakeYear > cohortsService.INTAKE_YEAR_MAX) {
      addError(
        errors,
        'intakeYear',
        `Intake year must be between ${String(cohortsService.INTAKE_YEAR_MIN)} and ${String(cohortsService.INTAKE_YEAR_MAX)}`,
      );
    }
    if (errors.list.length > 0) return renderCohortForm(reply, ctx, { values, errors, status: 400 });
    try {
      const cohort = await cohortsService.createCohort(ctx, { regionId, name, intakeYear });
      reply.flash('success', `The cohort ${cohort.name} has been added. Now add its learners.`);
      return await reply.redirect(`/cohorts/${cohort.id}`);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return renderCohortForm(reply, ctx, {
        values,
        errors: addError(emptyErrors(), error.field ?? 'name', error.message),
        status: 400,
      });
    }
  });

  async function renderCohort(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    search: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await cohortsService.cohortView(ctx, id, search);
    const selected = new Set(list(options.values?.learnerIds));
    return reply.page(
      'progress/views/cohort.njk',
      {
        title: view.cohort.name,
        ...view,
        search,
        errors: options.errors,
        heatmap: heatmapView(view.heatmap),
        bandKey,
        candidatesHint:
          view.candidatesTotal > view.candidates.length
            ? `Showing the first ${String(view.candidates.length)} of ${String(view.candidatesTotal)}. Search to narrow the list.`
            : 'Select everyone to add.',
        candidateItems: view.candidates.map((learner) => ({
          value: learner.id,
          text: `${learner.name} (${learner.stage})`,
          hint: { text: learner.email },
          checked: selected.has(learner.id),
        })),
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/cohorts/:id',
    {
      config: { access: MANAGERS },
      schema: { params: idParams, querystring: z.object({ q: z.string().max(200).optional() }) },
    },
    async (request, reply) =>
      renderCohort(reply, contextOf(request, app), request.params.id, request.query.q?.trim() ?? ''),
  );

  routes.post(
    '/cohorts/:id/members',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const values = body(request);
      const id = request.params.id;
      const search = text(values.q);
      try {
        const added = await cohortsService.addMembers(ctx, id, list(values.learnerIds));
        reply.flash(
          'success',
          added === 0
            ? 'Those learners were already in the cohort.'
            : `${added === 1 ? '1 learner' : `${String(added)} learners`} added to the cohort.`,
        );
        return await reply.redirect(`/cohorts/${id}`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const errors = {
          list: [{ text: error.message, href: '#learnerIds' }],
          fields: { learnerIds: { text: error.message } },
        };
        return renderCohort(reply, ctx, id, search, { values, errors, status: 400 });
      }
    },
  );

  routes.get(
    '/cohorts/:id/members/:learnerId/remove',
    { config: { access: MANAGERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const { cohort, learner } = await cohortsService.memberToRemove(
        contextOf(request, app),
        request.params.id,
        request.params.learnerId,
      );
      return reply.page('progress/views/confirm.njk', {
        title: `Remove ${learner.name} from ${cohort.name}`,
        caption: cohort.name,
        heading: `Are you sure you want to remove ${learner.name} from ${cohort.name}?`,
        body: 'They stay on the programme with all their evidence and reviews; they leave this cohort’s heatmap, and events for this cohort are no longer suggested to them. You can add them again at any time.',
        buttonText: 'Remove from cohort',
        action: `/cohorts/${cohort.id}/members/${learner.id}/remove`,
        cancelHref: `/cohorts/${cohort.id}`,
      });
    },
  );

  routes.post(
    '/cohorts/:id/members/:learnerId/remove',
    { config: { access: MANAGERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const { cohort, name } = await cohortsService.removeMember(
        contextOf(request, app),
        request.params.id,
        request.params.learnerId,
      );
      reply.flash('success', `${name} has been removed from ${cohort.name}.`);
      return reply.redirect(`/cohorts/${cohort.id}`);
    },
  );

  routes.get(
    '/cohorts/:id/heatmap.csv',
    { config: { access: MANAGERS }, schema: { params: idParams } },
    async (request, reply) => {
      const { cohort, csv } = await cohortsService.heatmapCsv(contextOf(request, app), request.params.id);
      const slug =
        cohort.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'cohort';
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="coverage-${slug}.csv"`)
        .header('cache-control', 'no-store')
        .send(`\ufeff${csv}`);
    },
  );
}
