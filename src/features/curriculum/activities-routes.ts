import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { contextOf, type Context } from '../../platform/context.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../platform/errors.ts';
import {
  postedBody as body,
  postedList as list,
  postedText as text,
  submitForm,
  type FieldProblem,
  type FormErrors,
  type FormReader,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { resolveRegion } from './policy.ts';
import * as service from './activities-service.ts';
import { ACTIVITY_TYPE_LABELS, TYPES_NEEDING_URL, type Activity, type ActivityFields } from './activities-service.ts';
import { MAX_OUTCOMES_PER_ITEM } from './domain/evidence.ts';
import { sortedDomains, sortedOutcomes, type CurriculumContent } from './domain/curriculum.ts';
import { CURRICULUM_READERS, idParams, pickRegion, regionLinks, VIEWS } from './pages.ts';
import type { CurriculumVersion } from './repository.ts';
import { ACTIVITY_TYPES, type ActivityType, type StageRequirements } from './schema.ts';

const managers = PROGRAMME_TEAM;
const LIMITS = { title: 200, description: 4000, url: 2000 } as const;

function isActivityType(value: string): value is ActivityType {
  return (ACTIVITY_TYPES as readonly string[]).includes(value);
}

const typeItems = ACTIVITY_TYPES.map((type) => ({ value: type, text: ACTIVITY_TYPE_LABELS[type] }));

const REQUIREMENT_TEXT = { required: 'Required', optional: 'Optional' } as const;

/** What a row or page says about an activity: its type, stages and outcomes in words. */
function activityRow(activity: Activity, content: CurriculumContent | undefined, learnerStage: string | null) {
  const outcomes = new Map((content?.outcomes ?? []).map((outcome) => [outcome.code, outcome]));
  const stageOrder = (content?.stages ?? []).map((stage) => stage.code);
  const stageCodes = Object.keys(activity.stages).sort(
    (a, b) => (stageOrder.indexOf(a) + 1 || 999) - (stageOrder.indexOf(b) + 1 || 999),
  );
  const requirement = learnerStage === null ? undefined : activity.stages[learnerStage];
  return {
    ...activity,
    typeLabel: ACTIVITY_TYPE_LABELS[activity.type],
    stageText: stageCodes
      .map((code) => `${code} ${activity.stages[code] === 'required' ? 'required' : 'optional'}`)
      .join(', '),
    outcomeList: activity.outcomeCodes.map((code) => ({ code, text: outcomes.get(code)?.text ?? null })),
    requirement: requirement === undefined ? null : REQUIREMENT_TEXT[requirement],
  };
}

/** The learning activities: the learner's for their stage, or all of them with filters for everyone else. */
export function activitiesRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/curriculum/activities',
    {
      config: { access: CURRICULUM_READERS },
      schema: {
        querystring: z.object({
          region: z.string().max(50).optional(),
          type: z.string().max(40).optional(),
          stage: z.string().max(20).optional(),
          archived: z.string().max(10).optional(),
          page: z.string().max(10).optional(),
        }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const query = request.query;
      const picked = await pickRegion(reply, ctx, query.region, '/curriculum/activities', 'Learning activities');
      if (picked === null) return reply;
      const type = query.type !== undefined && isActivityType(query.type) ? query.type : undefined;
      const stage = query.stage !== undefined && query.stage !== '' ? query.stage : undefined;
      const includeArchived = query.archived === 'yes';
      const view = await service.listActivities(
        ctx,
        picked.region.id,
        { type, stage, includeArchived },
        pageNumber(query.page),
      );
      const content = view.version?.content;
      const stages = content?.stages ?? [];
      const filters = {
        type: type ?? '',
        stage: stages.some((candidate) => candidate.code === stage) ? (stage ?? '') : '',
        archived: includeArchived && view.manage ? 'yes' : '',
      };
      const learnerStageName =
        view.learnerStage === null
          ? null
          : (stages.find((candidate) => candidate.code === view.learnerStage)?.name ?? view.learnerStage);
      return reply.page(`${VIEWS}/activities.njk`, {
        title: 'Learning activities',
        region: picked.region,
        ...picked.links,
        view,
        learnerStageName,
        rows: view.page.items.map((activity) => activityRow(activity, content, view.learnerStage)),
        filters,
        filtered: type !== undefined || filters.stage !== '',
        typeItems: [{ value: '', text: 'Any type' }, ...typeItems],
        stageItems: [
          { value: '', text: 'Any stage' },
          ...stages.map((candidate) => ({ value: candidate.code, text: `${candidate.name} (${candidate.code})` })),
        ],
        pager: paginationParams(view.page, '/curriculum/activities', {
          ...filters,
          region: picked.links.rq === '' ? undefined : picked.region.id,
        }),
      });
    },
  );

  // ----- The form -----

  function formItems(version: CurriculumVersion, values: FormValues) {
    const content = version.content;
    const chosen = list(values.outcomes);
    const outcomes = sortedOutcomes(content);
    const stageNames = new Map(content.stages.map((stage) => [stage.code, stage.name]));
    const outcomeGroups = sortedDomains(content)
      .map((domain, index) => ({
        idPrefix: index === 0 ? 'outcomes' : `outcomes-${domain.code}`,
        legend: domain.title,
        items: outcomes
          .filter((outcome) => outcome.domainCode === domain.code)
          .map((outcome) => ({
            value: outcome.code,
            text: `${outcome.code}: ${outcome.text}`,
            hint: { text: stageNames.get(outcome.stageCode) ?? outcome.stageCode },
            checked: chosen.includes(outcome.code),
          })),
      }))
      .filter((group) => group.items.length > 0);
    const stageGroups = content.stages.map((stage) => ({
      code: stage.code,
      name: stage.name,
      field: `stage-${stage.code}`,
      value: text(values[`stage-${stage.code}`]) || 'none',
    }));
    return { outcomeGroups, stageGroups };
  }

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    options: {
      regionId: string;
      activity?: Activity;
      values: FormValues;
      errors?: FormErrors;
      links: ReturnType<typeof regionLinks>;
    },
  ) {
    const basis = await service.activityBasis(ctx, options.regionId);
    const version = basis.version;
    const editing = options.activity !== undefined;
    return reply.page(
      `${VIEWS}/activity-form.njk`,
      {
        title: editing ? `Change ${options.activity?.title ?? ''}` : 'Add a learning activity',
        activity: options.activity,
        regionId: options.regionId,
        ...options.links,
        curriculum: basis.curriculum,
        version,
        values: options.values,
        errors: options.errors,
        typeItems: typeItems.map((item) => ({ ...item })),
        maxOutcomes: MAX_OUTCOMES_PER_ITEM,
        action: editing ? `/curriculum/activities/${options.activity?.id ?? ''}/edit` : '/curriculum/activities/new',
        cancelHref: editing
          ? `/curriculum/activities/${options.activity?.id ?? ''}`
          : `/curriculum/activities${options.links.q1}`,
        ...(version === undefined ? { outcomeGroups: [], stageGroups: [] } : formItems(version, options.values)),
      },
      options.errors === undefined ? 200 : 400,
    );
  }

  /** Reads and checks the form; the outcomes and stages must be those of the current version. */
  function activityForm(version: CurriculumVersion | undefined): FormReader<ActivityFields> {
    return (values) => {
      const problems: FieldProblem[] = [];
      const problem = (field: string, message: string) => problems.push({ field, href: `#${field}`, message });
      const typeValue = text(values.type);
      const type = isActivityType(typeValue) ? typeValue : null;
      if (type === null) problem('type', 'Select the type of activity');
      const title = text(values.title);
      if (title === '') problem('title', 'Enter a title');
      else if (title.length > LIMITS.title)
        problem('title', `Title must be ${String(LIMITS.title)} characters or fewer`);
      const description = text(values.description);
      if (description.length > LIMITS.description) {
        problem('description', `Description must be ${String(LIMITS.description)} characters or fewer`);
      }
      const url = text(values.url);
      if (url === '') {
        if (type !== null && TYPES_NEEDING_URL.includes(type)) {
          problem('url', `Enter the web address of the ${ACTIVITY_TYPE_LABELS[type].toLowerCase()}`);
        }
      } else if (url.length > LIMITS.url) {
        problem('url', `Web address must be ${String(LIMITS.url)} characters or fewer`);
      } else if (!isWebAddress(url)) {
        problem('url', 'Enter a web address starting with https:// or http://, like https://www.e-lfh.org.uk');
      }
      const content = version?.content;
      const known = new Set((content?.outcomes ?? []).map((outcome) => outcome.code));
      const outcomeCodes = [...new Set(list(values.outcomes))];
      if (outcomeCodes.length === 0) {
        problem('outcomes', 'Choose at least one outcome that the activity helps learners meet');
      } else if (outcomeCodes.length > MAX_OUTCOMES_PER_ITEM) {
        problem(
          'outcomes',
          `Choose up to ${String(MAX_OUTCOMES_PER_ITEM)} outcomes that the activity best supports (you chose ${String(outcomeCodes.length)})`,
        );
      } else if (outcomeCodes.some((code) => !known.has(code))) {
        problem('outcomes', 'Choose outcomes from the current version of the curriculum');
      }
      const stages: StageRequirements = {};
      for (const stage of content?.stages ?? []) {
        const value = text(values[`stage-${stage.code}`]);
        if (value === 'required' || value === 'optional') stages[stage.code] = value;
      }
      const firstStage = content?.stages[0]?.code;
      if (Object.keys(stages).length === 0 && firstStage !== undefined) {
        problem(`stage-${firstStage}`, 'Choose at least one stage where the activity is required or optional');
      }
      if (problems.length > 0 || type === null) return { ok: false, problems };
      return { ok: true, data: { type, title, description, url: url === '' ? null : url, outcomeCodes, stages } };
    };
  }

  routes.get(
    '/curriculum/activities/new',
    { config: { access: managers }, schema: { querystring: z.object({ region: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const picked = await pickRegion(
        reply,
        ctx,
        request.query.region,
        '/curriculum/activities/new',
        'Add a learning activity',
      );
      if (picked === null) return reply;
      return renderForm(reply, ctx, { regionId: picked.region.id, values: {}, links: picked.links });
    },
  );

  routes.post('/curriculum/activities/new', { config: { access: managers } }, async (request, reply) => {
    const ctx = contextOf(request, app);
    const { region, choices } = await resolveRegion(ctx, text(body(request).region));
    if (region === null) throw new NotFoundError();
    const links = regionLinks(region, choices);
    const basis = await service.activityBasis(ctx, region.id);
    if (basis.version === undefined) throw new NotFoundError();
    return submitForm(request.body, {
      schema: activityForm(basis.version),
      run: (fields) => service.createActivity(ctx, region.id, fields),
      done: (id, fields) => {
        reply.flash('success', `${fields.title} has been added.`);
        return reply.redirect(`/curriculum/activities/${id}`);
      },
      again: (values, errors) => renderForm(reply, ctx, { regionId: region.id, values, errors, links }),
      ruleField: 'title',
    });
  });

  routes.get(
    '/curriculum/activities/:id',
    { config: { access: CURRICULUM_READERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getActivity(ctx, request.params.id);
      const { choices } = await resolveRegion(ctx, view.curriculum.regionId);
      const row = activityRow(view.activity, view.version?.content, null);
      const stageNames = new Map((view.version?.content.stages ?? []).map((stage) => [stage.code, stage.name]));
      return reply.page(`${VIEWS}/activity.njk`, {
        title: view.activity.title,
        view,
        row,
        stageRows: Object.entries(view.activity.stages).map(([code, requirement]) => ({
          name: stageNames.get(code) ?? code,
          code,
          requirement: REQUIREMENT_TEXT[requirement],
        })),
        backHref: `/curriculum/activities${choices.length > 1 ? `?region=${view.curriculum.regionId}` : ''}`,
      });
    },
  );

  function valuesOf(activity: Activity): FormValues {
    const values: FormValues = {
      type: activity.type,
      title: activity.title,
      description: activity.description,
      url: activity.url ?? '',
      outcomes: activity.outcomeCodes,
    };
    for (const [code, requirement] of Object.entries(activity.stages)) values[`stage-${code}`] = requirement;
    return values;
  }

  routes.get(
    '/curriculum/activities/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getManagedActivity(ctx, request.params.id);
      const { region, choices } = await resolveRegion(ctx, view.curriculum.regionId);
      if (region === null) throw new NotFoundError();
      return renderForm(reply, ctx, {
        regionId: region.id,
        activity: view.activity,
        values: valuesOf(view.activity),
        links: regionLinks(region, choices),
      });
    },
  );

  routes.post(
    '/curriculum/activities/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const view = await service.getManagedActivity(ctx, request.params.id);
      const { region, choices } = await resolveRegion(ctx, view.curriculum.regionId);
      if (region === null) throw new NotFoundError();
      const links = regionLinks(region, choices);
      return submitForm(request.body, {
        schema: activityForm(view.version),
        run: (fields) => service.updateActivity(ctx, view.activity.id, fields),
        done: (_result, fields) => {
          reply.flash('success', `${fields.title} has been saved.`);
          return reply.redirect(`/curriculum/activities/${view.activity.id}`);
        },
        again: (values, errors) =>
          renderForm(reply, ctx, { regionId: region.id, activity: view.activity, values, errors, links }),
        ruleField: 'title',
      });
    },
  );

  routes.get(
    '/curriculum/activities/:id/archive',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await service.getManagedActivity(contextOf(request, app), request.params.id);
      const archived = view.activity.archivedAt !== null;
      return reply.page(`${VIEWS}/confirm.njk`, {
        title: `${archived ? 'Restore' : 'Archive'} ${view.activity.title}`,
        caption: 'Learning activities',
        heading: archived
          ? `Restore ${view.activity.title}?`
          : `Are you sure you want to archive ${view.activity.title}?`,
        body: archived
          ? 'Learners will see it again at the stages it is marked for.'
          : 'Learners will no longer see it in their list. Events and evidence that refer to it are kept, and you can restore it later.',
        buttonText: archived ? 'Restore activity' : 'Archive activity',
        warning: !archived,
        action: `/curriculum/activities/${view.activity.id}/archive`,
        hidden: [{ name: 'archive', value: archived ? 'no' : 'yes' }],
        cancelHref: `/curriculum/activities/${view.activity.id}`,
      });
    },
  );

  routes.post(
    '/curriculum/activities/:id/archive',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = contextOf(request, app);
      const archive = text(body(request).archive) !== 'no';
      const activity = await service.setActivityArchived(ctx, request.params.id, archive);
      reply.flash('success', `${activity.title} has been ${archive ? 'archived' : 'restored'}.`);
      return reply.redirect(`/curriculum/activities/${activity.id}`);
    },
  );
}

/** Only http and https addresses: a javascript: or data: link must never reach a learner's page. */
function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
