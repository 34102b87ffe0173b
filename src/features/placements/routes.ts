import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole, isPlatformAdmin } from '../../platform/auth/roles.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { addError, emptyErrors, submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { templateCsv } from './domain/csv.ts';
import { dateParts, nhsDate, nhsDateRange } from '../../shared/dates.ts';
import { postFields, readPlacement, readYear } from './domain/fields.ts';
import { isSetting, SETTING_LABELS, SETTINGS, type Setting, type YearSpan } from './domain/rotation.ts';
import { barFor, monthTicks } from './domain/timeline.ts';
import type { Placement, PlacementDetail, PostDetail, ProgrammeYear } from './repository.ts';
import * as service from './service.ts';
import * as csvService from './csv-service.ts';
import * as myYearService from './my-year-service.ts';
import { erasePlacementData, personalData, placementsPersonalData } from './personal-data.ts';
import { type ServiceContext } from './service.ts';

const access = PROGRAMME_TEAM;
const idParams = z.object({ id: z.uuid() });

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

const settingItems = SETTINGS.map((setting) => ({ value: setting, text: SETTING_LABELS[setting] }));

/** Bar colours by setting, from the NHS colour palette (attributes on SVG shapes, which the CSP allows). */
const SETTING_COLOURS: Record<Setting, string> = {
  acute_hospital: '#005eb8',
  general_practice: '#007f3b',
  community: '#330072',
  mental_health: '#ae2573',
  social_care: '#8a1538',
  public_health: '#00a499',
  voluntary_charity: '#ed8b00',
  other: '#425563',
};

const CHART_WIDTH = 1000;

const context = contextOf;

/** The date inputs of the year and placement forms. */
const DATE_FIELDS = ['startsOn', 'endsOn'];

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function choiceItems(choices: readonly { id: string; name: string }[], empty: string) {
  return [{ value: '', text: empty }, ...choices.map((choice) => ({ value: choice.id, text: choice.name }))];
}

export interface TimelineRow {
  label: string;
  detail: string;
  colour: string;
  y: number;
  bar: { x: number; width: number } | null;
}

/** The rotation drawn as rows of bars across the year's months, for an inline SVG. */
export function timeline(year: YearSpan, placements: readonly PlacementDetail[]) {
  const rowHeight = 56;
  const top = 28;
  const rows: TimelineRow[] = placements.map((placement, index) => ({
    label: `${placement.specialty}, ${placement.organisationName}`,
    detail: `${SETTING_LABELS[placement.setting]}, ${String(placement.sessionsPerWeek)} sessions a week`,
    colour: SETTING_COLOURS[placement.setting],
    y: top + index * rowHeight,
    bar: barFor(year, placement.startsOn, placement.endsOn, CHART_WIDTH),
  }));
  return { width: CHART_WIDTH, height: top + rows.length * rowHeight + 4, ticks: monthTicks(year, CHART_WIDTH), rows };
}

function placementRows(placements: readonly PlacementDetail[]) {
  return placements.map((placement) => ({
    ...placement,
    settingLabel: SETTING_LABELS[placement.setting],
    dates: nhsDateRange(placement.startsOn, placement.endsOn),
  }));
}

export async function register(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'Posts',
    href: '/posts',
    roles: access,
    order: 25,
    description: 'Generalism posts and their year-long rotations across settings.',
  });
  registerPersonalDataSource('placements', personalData);
  registerErasureStep('placements', erasePlacementData);
  registerPersonalDataTables('placements', placementsPersonalData);
  app.navigation.add({
    text: 'My year',
    href: '/my-year',
    roles: ['learner'],
    order: 26,
    description: 'Your post, placements, sites and supervisors for the year, and a calendar of the dates.',
  });

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

  // ----- Spreadsheet import and export -----

  async function renderImportForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    values: FormValues,
    errors?: FormErrors,
    status = 200,
  ) {
    const years = await csvService.importableYears(ctx);
    const showRegion = isPlatformAdmin(ctx.principal) || new Set(years.map((year) => year.regionId)).size > 1;
    const yearName = (year: ProgrammeYear & { regionName: string }) =>
      `${year.name} (${nhsDateRange(year.startsOn, year.endsOn)})${showRegion ? `, ${year.regionName}` : ''}`;
    return reply.page(
      'placements/views/import.njk',
      {
        title: 'Import posts and placements from a spreadsheet',
        values: { ...values, programmeYearId: values.programmeYearId ?? (years.length === 1 ? years[0]?.id : '') },
        errors,
        hasYears: years.length > 0,
        yearItems: choiceItems(
          years.map((year) => ({ id: year.id, name: yearName(year) })),
          'Select a programme year',
        ),
        exportLinks: years.map((year) => ({ href: `/posts/export.csv?year=${year.id}`, text: yearName(year) })),
        settingItems,
      },
      status,
    );
  }

  routes.get(
    '/posts/import',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => renderImportForm(reply, context(request, app), { programmeYearId: request.query.year }),
  );

  routes.get('/posts/import/template.csv', { config: { access } }, async (_request, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="posts-template.csv"')
      .header('cache-control', 'no-store')
      .send(templateCsv()),
  );

  routes.post('/posts/import', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    const yearId = stringField(request.body, 'programmeYearId') ?? '';
    const years = await csvService.importableYears(ctx);
    // A year of another region is not found, as every page of another region is.
    if (yearId !== '' && !years.some((year) => year.id === yearId)) throw new NotFoundError();
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    const errors = emptyErrors();
    if (yearId === '') addError(errors, 'programmeYearId', 'Select the programme year to import into');
    let text: string | null = null;
    if (!Buffer.isBuffer(file) || file.length === 0) {
      addError(errors, 'file', Buffer.isBuffer(file) ? 'The selected file is empty' : 'Select a CSV file');
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(file);
        if (text.includes('\u0000')) throw new Error('binary');
      } catch {
        addError(errors, 'file', 'The selected file must be a CSV file saved as "CSV UTF-8"');
      }
    }
    if (errors.list.length > 0 || text === null) {
      return renderImportForm(reply, ctx, { programmeYearId: yearId }, errors, 400);
    }
    const result = await csvService.importPosts(ctx, yearId, text);
    if (!result.ok) {
      return reply.page(
        'placements/views/import-problems.njk',
        { title: 'The spreadsheet has problems', problems: result.problems, yearId },
        400,
      );
    }
    return reply.page('placements/views/import-done.njk', {
      title: `Imported into ${result.year.name}`,
      result,
      yearDates: nhsDateRange(result.year.startsOn, result.year.endsOn),
    });
  });

  routes.get(
    '/posts/export.csv',
    { config: { access }, schema: { querystring: z.object({ year: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const { year, csv } = await csvService.exportPosts(context(request, app), request.query.year);
      const name = (year === null ? 'none' : `${year.regionName} ${year.name}`)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="posts-${name}.csv"`)
        .header('cache-control', 'no-store')
        .send(`\ufeff${csv}`);
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

  // ----- Placements -----

  async function renderPlacementForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    options: { post: PostDetail; placement?: Placement; values: FormValues; errors?: FormErrors; status?: number },
  ) {
    const { post, placement } = options;
    const choices = await service.placementChoices(ctx, post.regionId);
    return reply.page(
      'placements/views/placement-form.njk',
      {
        title:
          placement === undefined ? `Add a placement to post ${post.code}` : `Change placement ${placement.specialty}`,
        post,
        yearDates: nhsDateRange(post.year.startsOn, post.year.endsOn),
        action: placement === undefined ? `/posts/${post.id}/placements/new` : `/placements/${placement.id}/edit`,
        cancelHref: `/posts/${post.id}`,
        buttonText: placement === undefined ? 'Add placement' : 'Save changes',
        organisationItems: choiceItems(choices.organisations, 'Select the placement provider'),
        siteItems: choiceItems(choices.sites, 'No particular site'),
        supervisorItems: choiceItems(choices.supervisors, 'Not known yet'),
        settingItems,
        values: options.values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  function placementFormValues(placement: Placement): FormValues {
    return {
      organisationId: placement.organisationId,
      siteId: placement.siteId ?? '',
      setting: placement.setting,
      specialty: placement.specialty,
      startsOn: dateParts(placement.startsOn),
      endsOn: dateParts(placement.endsOn),
      sessionsPerWeek: String(placement.sessionsPerWeek),
      clinicalSupervisorUserId: placement.clinicalSupervisorUserId ?? '',
    };
  }

  routes.get(
    '/posts/:id/placements/new',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const post = await service.getPostForPlacement(ctx, request.params.id);
      return renderPlacementForm(reply, ctx, { post, values: {} });
    },
  );

  routes.post(
    '/posts/:id/placements/new',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const post = await service.getPostForPlacement(ctx, request.params.id);
      return submitForm(request.body, {
        schema: readPlacement,
        dateFields: DATE_FIELDS,
        run: (data) => service.createPlacement(ctx, post.id, data),
        done: (placement) => {
          reply.flash('success', `${placement.specialty} has been added to post ${post.code}.`);
          return reply.redirect(`/posts/${post.id}`);
        },
        again: (values, errors) => renderPlacementForm(reply, ctx, { post, values, errors, status: 400 }),
        ruleField: 'form',
      });
    },
  );

  routes.get('/placements/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const ctx = context(request, app);
    const { placement, post } = await service.getPlacement(ctx, request.params.id);
    return renderPlacementForm(reply, ctx, { post, placement, values: placementFormValues(placement) });
  });

  routes.post('/placements/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const ctx = context(request, app);
    const { placement, post } = await service.getPlacement(ctx, request.params.id);
    return submitForm(request.body, {
      schema: readPlacement,
      dateFields: DATE_FIELDS,
      run: (data) => service.updatePlacement(ctx, placement.id, data),
      done: (_updated, data) => {
        reply.flash('success', `${data.specialty} has been updated.`);
        return reply.redirect(`/posts/${post.id}`);
      },
      again: (values, errors) => renderPlacementForm(reply, ctx, { post, placement, values, errors, status: 400 }),
      ruleField: 'form',
    });
  });

  routes.get('/placements/:id/delete', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const { placement, post } = await service.getPlacement(context(request, app), request.params.id);
    return reply.page('placements/views/confirm.njk', {
      title: `Remove placement ${placement.specialty}`,
      heading: `Are you sure you want to remove ${placement.specialty} from post ${post.code}?`,
      caption: `${post.code}: ${post.title}`,
      body: `The placement runs ${nhsDateRange(placement.startsOn, placement.endsOn)}. Removing it may leave part of the year uncovered. The change is recorded in the audit log.`,
      buttonText: 'Remove placement',
      warning: true,
      action: `/placements/${placement.id}/delete`,
      cancelHref: `/posts/${post.id}`,
    });
  });

  routes.post(
    '/placements/:id/delete',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const post = await service.deletePlacement(context(request, app), request.params.id);
      reply.flash('success', `The placement has been removed from post ${post.code}.`);
      return reply.redirect(`/posts/${post.id}`);
    },
  );

  // ----- My year, for learners -----

  const learnerAccess = ['learner'] as const;

  routes.get('/my-year', { config: { access: learnerAccess } }, async (request, reply) => {
    const ctx = context(request, app);
    const years = await myYearService.learnerYears(app.db, ctx.principal.userId);
    const existing = await myYearService.calendarStatus(app.db, ctx.principal.userId);
    // Reading the page makes nothing: a link is made when the learner asks for one, and is shown once then.
    return reply.page('placements/views/my-year.njk', {
      title: 'My year',
      years: years.map(({ post, placements }) => ({
        post,
        yearDates: nhsDateRange(post.year.startsOn, post.year.endsOn),
        rows: placementRows(placements),
        timeline: timeline(post.year, placements),
      })),
      calendarUrl: null,
      calendarCreated: existing === undefined ? null : nhsDate(existing.createdAt.toISOString().slice(0, 10)),
    });
  });

  const issueCalendarLink = (reset: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = context(request, app);
    if (!hasRole(ctx.principal, 'learner')) throw new ForbiddenError();
    const token = await myYearService.issueCalendarToken(ctx, reset);
    const years = await myYearService.learnerYears(app.db, ctx.principal.userId);
    return reply.page('placements/views/my-year.njk', {
      title: 'My year',
      reset,
      years: years.map(({ post, placements }) => ({
        post,
        yearDates: nhsDateRange(post.year.startsOn, post.year.endsOn),
        rows: placementRows(placements),
        timeline: timeline(post.year, placements),
      })),
      calendarUrl: `${app.config.publicUrl}/my-year/calendar/${token}.ics`,
      calendarCreated: null,
    });
  };
  routes.post('/my-year/calendar', { config: { access: learnerAccess } }, issueCalendarLink(false));
  routes.post('/my-year/calendar/reset', { config: { access: learnerAccess } }, issueCalendarLink(true));

  // The token in the address is the credential: calendar apps cannot sign in.
  routes.get(
    '/my-year/calendar/:file',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { params: z.object({ file: z.string().max(100) }) },
    },
    async (request, reply) => {
      const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(request.params.file);
      const feed = match?.[1] === undefined ? null : await myYearService.calendarFeed(app.db, match[1], request.now);
      if (feed === null) {
        reply.callNotFound();
        return reply;
      }
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="my-year.ics"')
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(feed);
    },
  );
}
