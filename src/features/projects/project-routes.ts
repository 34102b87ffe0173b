/** The projects list, starting a project, its page, its details and its team. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, teamRegions } from '../../platform/policy.ts';
import { postedBody, postedText, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { offsetFor, pageNumber, paginationParams, toPage } from '../../platform/web/pagination.ts';
import {
  MEMBER_ROLE_LABELS,
  PROJECT_AREA_LABELS,
  PROJECT_AREAS,
  PROJECT_STAGE_LABELS,
  PROJECT_STAGES,
  PROJECT_STATUS_LABELS,
  PROJECT_STATUSES,
  PROJECT_STATUS_TAGS,
  aimPrompts,
} from './domain/projects.ts';
import { detailItems, detailsSchema, detailsValues } from './project-form.ts';
import { projectPage } from './project-page.ts';
import { PROJECT_STARTERS, PROJECT_VIEWERS, editableProject, fellowRegions, projectAccess } from './policy.ts';
import * as repository from './repository.ts';
import * as service from './service.ts';

const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

const listQuery = z.object({
  q: z.string().max(200).optional(),
  status: z.string().max(20).optional(),
  area: z.string().max(40).optional(),
  stage: z.string().max(40).optional(),
  page: z.string().max(10).optional(),
});

export function projectRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  routes.get(
    '/projects',
    { config: { access: PROJECT_VIEWERS }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const query = request.query;
      const status = PROJECT_STATUSES.find((value) => value === query.status);
      const area = PROJECT_AREAS.find((value) => value === query.area);
      const stage = PROJECT_STAGES.find((value) => value === query.stage);
      const q = query.q?.trim() ?? '';
      const team = teamRegions(ctx.principal);
      const fellows = fellowRegions(ctx.principal);
      const regions = team === 'all' || fellows === 'all' ? 'all' : [...new Set([...team, ...fellows])];
      const page = pageNumber(query.page);
      const result = await repository.listProjects(
        ctx.db,
        { regions, memberUserId: ctx.principal.userId, status, area, stage, q },
        25,
        offsetFor(page),
      );
      const members = await repository.membersOf(
        ctx.db,
        result.items.map((project) => project.id),
      );
      const listed = toPage(result.items, result.total, page);
      const filters = { q, status: status ?? '', area: area ?? '', stage: stage ?? '' };
      return reply.page('projects/views/list.njk', {
        title: 'Change projects',
        page: listed,
        filtered: q !== '' || status !== undefined || area !== undefined || stage !== undefined,
        filters,
        mayStart: hasRole(ctx.principal, ...PROJECT_STARTERS) && (await service.startRegions(ctx)).length > 0,
        mayCaseload: hasRole(ctx.principal, 'educational_fellow', ...PROGRAMME_TEAM),
        isLearner: hasRole(ctx.principal, 'learner'),
        isPlatformAdmin: hasRole(ctx.principal, 'platform_admin'),
        rows: listed.items.map((project) => ({
          id: project.id,
          title: project.title,
          area: PROJECT_AREA_LABELS[project.area],
          stage: PROJECT_STAGE_LABELS[project.stage],
          status: PROJECT_STATUS_TAGS[project.status],
          lastActivityAt: project.lastActivityAt,
          team: (members.get(project.id) ?? []).map((member) => member.name).join(', '),
        })),
        statusItems: [
          { value: '', text: 'Any status' },
          ...PROJECT_STATUSES.map((value) => ({
            value,
            text: PROJECT_STATUS_LABELS[value],
            selected: value === status,
          })),
        ],
        areaItems: [
          { value: '', text: 'Any area' },
          ...PROJECT_AREAS.map((value) => ({ value, text: PROJECT_AREA_LABELS[value], selected: value === area })),
        ],
        stageItems: [
          { value: '', text: 'Any stage' },
          ...PROJECT_STAGES.map((value) => ({ value, text: PROJECT_STAGE_LABELS[value], selected: value === stage })),
        ],
        pager: paginationParams(listed, '/projects', { ...filters, page: undefined }),
      });
    },
  );

  // ----- Starting a project and changing its details -----

  async function renderDetails(
    reply: FastifyReply,
    ctx: Context,
    options: {
      projectId?: string;
      regions: { id: string; name: string }[];
      regionId: string;
      values: FormValues;
      errors?: FormErrors;
      status?: number;
    },
  ) {
    const choices =
      options.regionId === ''
        ? { fellows: [], organisations: [] }
        : await service.detailChoices(ctx.db, options.regionId);
    const editing = options.projectId !== undefined;
    return reply.page(
      'projects/views/details-form.njk',
      {
        title: editing ? 'Change the project’s details' : 'Start a change project',
        editing,
        action: editing ? `/projects/${options.projectId ?? ''}/edit` : '/projects/new',
        back: editing ? `/projects/${options.projectId ?? ''}` : '/projects',
        values: options.values,
        errors: options.errors,
        regionItems:
          options.regions.length > 1
            ? options.regions.map((region) => ({
                value: region.id,
                text: region.name,
                selected: region.id === options.regionId,
              }))
            : null,
        aimPrompts: aimPrompts(typeof options.values.aim === 'string' ? options.values.aim : ''),
        ...detailItems(options.values, choices),
      },
      options.status ?? 200,
    );
  }

  const newQuery = z.object({ region: z.string().max(50).optional() });

  routes.get(
    '/projects/new',
    { config: { access: PROJECT_STARTERS }, schema: { querystring: newQuery } },
    async (request, reply) => {
      const ctx = context(request);
      const regions = await service.startRegions(ctx);
      if (regions.length === 0) {
        return reply.page('projects/views/cannot-start.njk', { title: 'Start a change project' });
      }
      const regionId =
        regions.find((region) => region.id === request.query.region)?.id ??
        (regions.length === 1 ? (regions[0]?.id ?? '') : '');
      return renderDetails(reply, ctx, { regions, regionId, values: { stage: 'set_goals', regionId } });
    },
  );

  routes.post('/projects/new', { config: { access: PROJECT_STARTERS } }, async (request, reply) => {
    const ctx = context(request);
    const regions = await service.startRegions(ctx);
    const posted = postedText(postedBody(request).regionId);
    const regionId =
      regions.length === 1 ? (regions[0]?.id ?? '') : (regions.find((region) => region.id === posted)?.id ?? '');
    return submitForm(request.body, {
      schema: detailsSchema,
      ruleField: 'title',
      run: (details) => service.createProject(ctx, regionId, details),
      done: (project) => {
        reply.flash('success', `You started “${project.title}”. Next, add a measure and the team.`);
        return reply.redirect(`/projects/${project.id}`);
      },
      again: (values, errors) => renderDetails(reply, ctx, { regions, regionId, values, errors, status: 400 }),
    });
  });

  routes.get(
    '/projects/:id',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await projectAccess(ctx, request.params.id);
      return reply.page('projects/views/project.njk', await projectPage(ctx, access));
    },
  );

  routes.get(
    '/projects/:id/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const organisationIds = await repository.organisationIdsOf(ctx.db, access.project.id);
      return renderDetails(reply, ctx, {
        projectId: access.project.id,
        regions: [],
        regionId: access.project.regionId,
        values: detailsValues(access.project, organisationIds),
      });
    },
  );

  routes.post(
    '/projects/:id/edit',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const revision = Number.parseInt(postedText(postedBody(request).revision), 10);
      return submitForm(request.body, {
        schema: detailsSchema,
        ruleField: 'title',
        run: (details) => service.updateDetails(ctx, access, details, revision),
        done: () => {
          reply.flash('success', 'The project’s details were saved.');
          return reply.redirect(`/projects/${access.project.id}`);
        },
        again: (values, errors) =>
          renderDetails(reply, ctx, {
            projectId: access.project.id,
            regions: [],
            regionId: access.project.regionId,
            values,
            errors,
            status: 400,
          }),
      });
    },
  );

  // ----- Team -----

  async function renderTeam(
    reply: FastifyReply,
    ctx: Context,
    access: Awaited<ReturnType<typeof editableProject>>,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const choices = await service.teamChoices(ctx.db, access.project);
    const chosenRole = typeof values.role === 'string' ? values.role : '';
    return reply.page(
      'projects/views/team.njk',
      {
        title: 'The project’s team',
        project: access.project,
        values,
        errors,
        rows: choices.team.map((member) => ({
          id: member.id,
          name: member.name,
          role: MEMBER_ROLE_LABELS[member.role],
          organisation: member.organisation,
        })),
        learnerItems: [
          { value: '', text: 'Choose a learner' },
          ...choices.learners.map((learner) => ({
            value: learner.id,
            text: learner.name,
            selected: values.learnerId === learner.id,
          })),
        ],
        supervisorItems: [
          { value: '', text: 'Choose a supervisor' },
          ...choices.supervisors.map((person) => ({
            value: person.id,
            text: person.name,
            selected: values.supervisorId === person.id,
          })),
        ],
        chosenRole,
      },
      status,
    );
  }

  routes.get(
    '/projects/:id/team',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      return renderTeam(reply, ctx, await editableProject(ctx, request.params.id), {});
    },
  );

  const memberSchema = z.preprocess(
    (body) => body,
    z.discriminatedUnion(
      'role',
      [
        z.object({ role: z.literal('learner'), learnerId: z.uuid({ error: 'Choose a learner' }) }),
        z.object({ role: z.literal('supervisor'), supervisorId: z.uuid({ error: 'Choose a supervisor' }) }),
        z.object({
          role: z.literal('partner'),
          name: z.preprocess(
            postedTrim,
            z.string().min(1, 'Enter the partner’s name').max(120, 'The name must be 120 characters or fewer'),
          ),
          organisation: z.preprocess(
            postedTrim,
            z.string().max(150, 'The organisation must be 150 characters or fewer'),
          ),
        }),
      ],
      { error: 'Choose who to add: a learner, a supervisor or a partner' },
    ),
  );

  routes.post(
    '/projects/:id/team',
    { config: { access: PROJECT_VIEWERS }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: memberSchema,
        ruleField: 'role',
        run: (member) =>
          service.addMember(
            ctx,
            access,
            member.role === 'learner'
              ? { role: 'learner', userId: member.learnerId }
              : member.role === 'supervisor'
                ? { role: 'supervisor', userId: member.supervisorId }
                : { role: 'partner', name: member.name, organisation: member.organisation },
          ),
        done: (label) => {
          reply.flash('success', `${label} was added to the team.`);
          return reply.redirect(`/projects/${access.project.id}/team`);
        },
        again: (values, errors) => renderTeam(reply, ctx, access, values, errors, 400),
      });
    },
  );

  routes.get(
    '/projects/:id/team/:memberId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      const member = (await repository.teamOf(ctx.db, access.project.id)).find(
        (candidate) => candidate.id === request.params.memberId,
      );
      if (member === undefined) throw new NotFoundError();
      return reply.page('projects/views/remove-member.njk', {
        title: `Remove ${member.name} from the team?`,
        project: access.project,
        member,
      });
    },
  );

  routes.post(
    '/projects/:id/team/:memberId/remove',
    { config: { access: PROJECT_VIEWERS }, schema: { params: memberParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await editableProject(ctx, request.params.id);
      return submitForm(request.body, {
        schema: z.object({}),
        ruleField: 'memberId',
        run: () => service.removeMember(ctx, access, request.params.memberId),
        done: (name) => {
          reply.flash('success', `${name} was removed from the team.`);
          return reply.redirect(`/projects/${access.project.id}/team`);
        },
        again: (_values, errors) => renderTeam(reply, ctx, access, {}, errors, 400),
      });
    },
  );
}

function postedTrim(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
