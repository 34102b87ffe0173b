/**
 * The programme team's pages of posts: the list, programme years, adding and changing a post, its page, archiving
 * and restoring it, and a year's overview.
 */
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isPlatformAdmin } from '../../platform/auth/roles.ts';
import { addError, emptyErrors, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { nhsDateRange } from '../../shared/dates.ts';
import { postFields, readYear } from './domain/fields.ts';
import { isSetting, SETTING_LABELS } from './domain/rotation.ts';
import type { PostDetail } from './repository.ts';
import * as service from './service.ts';
import { type ServiceContext } from './service.ts';
import {
  choiceItems,
  DATE_FIELDS,
  idParams,
  placementRows,
  SETTING_COLOURS,
  settingItems,
  stringField,
  timeline,
} from './pages.ts';

const access = PROGRAMME_TEAM;

const listQuery = z.object({
  q: z.string().max(200).optional(),
  year: z.string().max(50).optional(),
  employer: z.string().max(50).optional(),
  setting: z.string().max(50).optional(),
  specialty: z.string().max(200).optional(),
  vacancy: z.string().max(10).optional(),
  archived: z.string().max(10).optional(),
  page: z.string().max(10).optional(),
});

const context = contextOf;

export function postsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // ----- The list of posts -----

  routes.get('/posts', { config: { access }, schema: { querystring: listQuery } }, async (request, reply) => {
    const ctx = context(request, app);
    const query = request.query;
    const [years, employers] = await Promise.all([service.listYears(ctx), service.leadEmployerChoices(ctx)]);
    const q = query.q?.trim() ?? '';
    const specialty = query.specialty?.trim() ?? '';
    const yearId = years.some((year) => year.id === query.year) ? query.year : undefined;
    const leadEmployerId = employers.some((employer) => employer.id === query.employer) ? query.employer : undefined;
    const setting = query.setting !== undefined && isSetting(query.setting) ? query.setting : undefined;
    const vacancy = query.vacancy === 'free' || query.vacancy === 'full' ? query.vacancy : undefined;
    const includeArchived = query.archived === 'yes';
    const page = await service.listPosts(
      ctx,
      { q, yearId, leadEmployerId, setting, specialty, vacancy, includeArchived },
      pageNumber(query.page),
    );
    const filters = {
      q,
      year: yearId ?? '',
      employer: leadEmployerId ?? '',
      setting: setting ?? '',
      specialty,
      vacancy: vacancy ?? '',
      archived: includeArchived ? 'yes' : '',
    };
    const filtered =
      q !== '' ||
      specialty !== '' ||
      yearId !== undefined ||
      leadEmployerId !== undefined ||
      setting !== undefined ||
      vacancy !== undefined;
    return reply.page('placements/views/list.njk', {
      title: 'Posts',
      page,
      filters,
      filtered,
      hasYears: years.length > 0,
      settingLabels: SETTING_LABELS,
      yearItems: [
        { value: '', text: 'All years' },
        ...years.map((year) => ({ value: year.id, text: years.length > 1 ? year.name : year.name })),
      ],
      employerItems: choiceItems(employers, 'Any lead employer'),
      settingItems: [{ value: '', text: 'Any setting' }, ...settingItems],
      vacancyItems: [
        { value: '', text: 'Any' },
        { value: 'free', text: 'Has free places' },
        { value: 'full', text: 'Full' },
      ],
      pager: paginationParams(page, '/posts', { ...filters, page: undefined }),
    });
  });

  // ----- Programme years -----

  async function renderYearForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const regions = await service.regionChoices(ctx);
    const regionItems = regions.length > 1 ? choiceItems(regions, 'Select a region') : null;
    return reply.page(
      'placements/views/year-form.njk',
      { title: 'Add a programme year', values, errors, regionItems },
      status,
    );
  }

  routes.get('/posts/years/new', { config: { access } }, async (request, reply) =>
    renderYearForm(reply, context(request, app), {}),
  );

  routes.post('/posts/years/new', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    const regions = await service.regionChoices(ctx);
    const regionOf = (chosen: unknown) =>
      regions.length === 1 ? regions[0]?.id : regions.find((region) => region.id === chosen)?.id;
    return submitForm(request.body, {
      schema: readYear,
      dateFields: DATE_FIELDS,
      check: (values) =>
        regionOf(values.regionId) === undefined
          ? addError(emptyErrors(), 'regionId', 'Select the region')
          : emptyErrors(),
      run: (data) => service.createYear(ctx, regionOf(stringField(request.body, 'regionId')) ?? '', data),
      done: (year) => {
        reply.flash('success', `${year.name} has been added. Now add its posts.`);
        return reply.redirect(`/posts?year=${year.id}`);
      },
      again: (values, errors) => renderYearForm(reply, ctx, values, errors, 400),
      ruleField: 'name',
    });
  });

  // ----- Posts -----

  async function renderPostForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    options: { post?: PostDetail; values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const editing = options.post;
    const years = await service.listYears(ctx);
    const chosenYear =
      editing?.year ??
      years.find((year) => year.id === options.values.programmeYearId) ??
      (years.length === 1 ? years[0] : undefined);
    const employers =
      chosenYear !== undefined
        ? await service.organisationChoices(ctx, chosenYear.regionId)
        : await Promise.all(
            [...new Set(years.map((year) => year.regionId))].map((regionId) =>
              service.organisationChoices(ctx, regionId),
            ),
          ).then((lists) => lists.flat());
    return reply.page(
      'placements/views/post-form.njk',
      {
        title: editing === undefined ? 'Add a post' : `Change post ${editing.code}`,
        action: editing === undefined ? '/posts/new' : `/posts/${editing.id}/edit`,
        cancelHref: editing === undefined ? '/posts' : `/posts/${editing.id}`,
        buttonText: editing === undefined ? 'Add post' : 'Save changes',
        editing: editing !== undefined,
        hasYears: years.length > 0,
        yearItems: choiceItems(
          years.map((year) => ({
            id: year.id,
            name: `${year.name} (${nhsDateRange(year.startsOn, year.endsOn)})${isPlatformAdmin(ctx.principal) ? `, ${year.regionName}` : ''}`,
          })),
          'Select a programme year',
        ),
        employerItems: choiceItems(employers, 'Select the lead employer'),
        values: { ...options.values, programmeYearId: options.values.programmeYearId ?? chosenYear?.id },
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/posts/new',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) =>
      renderPostForm(reply, context(request, app), { values: { capacity: '1', programmeYearId: request.query.year } }),
  );

  routes.post('/posts/new', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    // Anything but a UUID is no year at all, and must not reach the database's uuid column.
    const yearId = z.uuid().safeParse(stringField(request.body, 'programmeYearId')).data ?? '';
    return submitForm(request.body, {
      schema: postFields,
      check: () =>
        yearId === '' ? addError(emptyErrors(), 'programmeYearId', 'Select the programme year') : emptyErrors(),
      run: (data) => service.createPost(ctx, yearId, data),
      done: (post) => {
        reply.flash('success', `Post ${post.code} has been added. Now add its placements.`);
        return reply.redirect(`/posts/${post.id}`);
      },
      again: (values, errors) => renderPostForm(reply, ctx, { values, errors, status: 400 }),
      ruleField: 'code',
    });
  });

  routes.get(
    '/posts/overview',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const ctx = context(request, app);
      const years = await service.listYears(ctx);
      const overview = await service.yearOverview(ctx, request.query.year);
      const maxPercent = Math.max(1, ...(overview?.shares.map((share) => share.percent) ?? []));
      const barHeight = 36;
      return reply.page('placements/views/overview.njk', {
        title: overview === null ? 'Programme year overview' : `${overview.year.name} overview`,
        overview,
        yearItems: years.map((year) => ({ value: year.id, text: year.name })),
        yearDates: overview === null ? '' : nhsDateRange(overview.year.startsOn, overview.year.endsOn),
        chart:
          overview === null
            ? null
            : {
                width: 640,
                labelWidth: 190,
                barHeight,
                height: overview.shares.length * (barHeight + 12) + 8,
                bars: overview.shares.map((share, index) => ({
                  ...share,
                  y: 4 + index * (barHeight + 12),
                  width: Math.max(2, Math.round((share.percent / maxPercent) * 380)),
                  colour: SETTING_COLOURS[share.setting],
                })),
              },
      });
    },
  );

  routes.get('/posts/:id', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const view = await service.getPost(context(request, app), request.params.id);
    const { post } = view;
    return reply.page('placements/views/show.njk', {
      title: `${post.code}: ${post.title}`,
      ...view,
      yearDates: nhsDateRange(post.year.startsOn, post.year.endsOn),
      rows: placementRows(view.placements),
      timeline: timeline(post.year, view.placements),
    });
  });

  function postFormValues(post: PostDetail): FormValues {
    return {
      programmeYearId: post.programmeYearId,
      code: post.code,
      title: post.title,
      leadEmployerId: post.leadEmployerId,
      capacity: String(post.capacity),
    };
  }

  routes.get('/posts/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const ctx = context(request, app);
    const post = await service.getPostForPlacement(ctx, request.params.id);
    return renderPostForm(reply, ctx, { post, values: postFormValues(post) });
  });

  routes.post('/posts/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const ctx = context(request, app);
    const post = await service.getPostForPlacement(ctx, request.params.id);
    return submitForm(request.body, {
      schema: postFields,
      run: (data) => service.updatePost(ctx, post.id, data),
      done: (_updated, data) => {
        reply.flash('success', `Post ${data.code} has been updated.`);
        return reply.redirect(`/posts/${post.id}`);
      },
      again: (values, errors) =>
        renderPostForm(reply, ctx, {
          post,
          values: { ...values, programmeYearId: post.programmeYearId },
          errors,
          status: 400,
        }),
      ruleField: 'code',
    });
  });

  for (const archive of [true, false]) {
    const verb = archive ? 'archive' : 'restore';
    routes.get(`/posts/:id/${verb}`, { config: { access }, schema: { params: idParams } }, async (request, reply) => {
      const post = await service.getPostForPlacement(context(request, app), request.params.id);
      if ((post.archivedAt !== null) === archive) return reply.redirect(`/posts/${post.id}`);
      return reply.page('placements/views/confirm.njk', {
        title: `${archive ? 'Archive' : 'Restore'} post ${post.code}`,
        heading: `Are you sure you want to ${verb} post ${post.code}?`,
        caption: post.title,
        body: archive
          ? 'An archived post is kept with its rotation and history, but is left out of lists, the overview and allocation. You can restore it at any time.'
          : 'The post will be shown in lists, the overview and allocation again.',
        buttonText: archive ? 'Archive post' : 'Restore post',
        warning: archive,
        action: `/posts/${post.id}/${verb}`,
        cancelHref: `/posts/${post.id}`,
      });
    });
    routes.post(`/posts/:id/${verb}`, { config: { access }, schema: { params: idParams } }, async (request, reply) => {
      const post = await service.setPostArchived(context(request, app), request.params.id, archive);
      reply.flash('success', `Post ${post.code} has been ${archive ? 'archived' : 'restored'}.`);
      return reply.redirect(`/posts/${post.id}`);
    });
  }
}
