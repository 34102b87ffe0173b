import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleError } from '../../platform/errors.ts';
import {
  addError,
  emptyErrors,
  postedText,
  submitForm,
  type FormErrors,
  type FormValues,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import { templateCsv } from './domain/csv.ts';
import { organisationFields, siteFields } from './domain/fields.ts';
import { isOrganisationKind, KIND_LABELS, ORGANISATION_KINDS } from './domain/organisation.ts';
import type { Organisation, Region, Site } from './repository.ts';
import * as service from './service.ts';
import { type ServiceContext } from './service.ts';
import { sendCsv } from '../../platform/web/downloads.ts';

const access = PROGRAMME_TEAM;
const idParams = z.object({ id: z.uuid() });

const listQuery = z.object({
  q: z.string().max(200).optional(),
  kind: z.string().max(50).optional(),
  nhs: z.string().max(10).optional(),
  regionId: z.string().max(50).optional(),
  archived: z.string().max(10).optional(),
  page: z.string().max(10).optional(),
});

const kindItems = ORGANISATION_KINDS.map((kind) => ({ value: kind, text: KIND_LABELS[kind] }));

const context = contextOf;

function organisationFormValues(organisation: Organisation): FormValues {
  return {
    name: organisation.name,
    kind: organisation.kind,
    isNhs: organisation.isNhs ? 'yes' : 'no',
    isPlacementProvider: organisation.isPlacementProvider ? 'yes' : 'no',
    odsCode: organisation.odsCode ?? '',
    website: organisation.website ?? '',
    regionId: organisation.regionId,
  };
}

function siteFormValues(site: Site): FormValues {
  return {
    name: site.name,
    addressLine1: site.addressLine1,
    addressLine2: site.addressLine2 ?? '',
    town: site.town,
    postcode: site.postcode,
  };
}

function regionItems(regions: readonly Region[]): { value: string; text: string }[] {
  return [
    { value: '', text: 'Select a region' },
    ...regions.map((region) => ({ value: region.id, text: region.name })),
  ];
}

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Form errors in page order: a region chosen first (when there is a choice), then the form's own fields. */
export async function register(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'Organisations',
    href: '/organisations',
    roles: access,
    order: 20,
    description: 'Trusts, practices and partner organisations that host or work with learners, and their sites.',
  });

  async function renderOrganisationForm(
    reply: FastifyReply,
    ctx: ServiceContext,
    options: {
      organisation?: Organisation;
      values: FormValues;
      errors?: FormErrors;
      status?: number;
    },
  ): Promise<FastifyReply> {
    const editing = options.organisation;
    const regions = editing === undefined ? await service.regionChoices(ctx) : [];
    return reply.page(
      'organisations/views/organisation-form.njk',
      {
        title: editing === undefined ? 'Add an organisation' : `Change ${editing.name}`,
        action: editing === undefined ? '/organisations/new' : `/organisations/${editing.id}/edit`,
        cancelHref: editing === undefined ? '/organisations' : `/organisations/${editing.id}`,
        buttonText: editing === undefined ? 'Add organisation' : 'Save changes',
        values: options.values,
        errors: options.errors,
        kindItems,
        regionItems: regions.length > 1 ? regionItems(regions) : null,
      },
      options.status ?? 200,
    );
  }

  routes.get('/organisations', { config: { access }, schema: { querystring: listQuery } }, async (request, reply) => {
    const ctx = context(request, app);
    const query = request.query;
    const regions = await service.regionChoices(ctx);
    const q = query.q?.trim() ?? '';
    const kind = query.kind !== undefined && isOrganisationKind(query.kind) ? query.kind : undefined;
    const isNhs = query.nhs === 'yes' ? true : query.nhs === 'no' ? false : undefined;
    const regionId = regions.some((region) => region.id === query.regionId) ? query.regionId : undefined;
    const includeArchived = query.archived === 'yes';
    const page = await service.listOrganisations(
      ctx,
      { q, kind, isNhs, regionId, includeArchived },
      pageNumber(query.page),
    );
    const filters = {
      q,
      kind: kind ?? '',
      nhs: isNhs === undefined ? '' : query.nhs,
      regionId: regionId ?? '',
      archived: includeArchived ? 'yes' : '',
    };
    const filtered = q !== '' || kind !== undefined || isNhs !== undefined || regionId !== undefined;
    return reply.page('organisations/views/list.njk', {
      title: 'Organisations',
      page,
      filters,
      filtered,
      showRegion: regions.length > 1,
      kindLabels: KIND_LABELS,
      kindItems: [{ value: '', text: 'Any kind' }, ...kindItems],
      nhsItems: [
        { value: '', text: 'NHS or not' },
        { value: 'yes', text: 'NHS only' },
        { value: 'no', text: 'Not NHS only' },
      ],
      regionItems:
        regions.length > 1
          ? [{ value: '', text: 'All regions' }, ...regions.map((region) => ({ value: region.id, text: region.name }))]
          : null,
      pager: paginationParams(page, '/organisations', { ...filters, page: undefined }),
    });
  });

  routes.get('/organisations/new', { config: { access } }, async (request, reply) =>
    renderOrganisationForm(reply, context(request, app), { values: {} }),
  );

  routes.post('/organisations/new', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    const regions = await service.regionChoices(ctx);
    return submitForm(request.body, {
      schema: organisationFields,
      check: (values) =>
        regions.length > 1 && postedText(values.regionId) === ''
          ? addError(emptyErrors(), 'regionId', 'Select the region')
          : emptyErrors(),
      run: (data) => service.createOrganisation(ctx, stringField(request.body, 'regionId'), data),
      done: (organisation) => {
        reply.flash('success', `${organisation.name} has been added.`);
        return reply.redirect(`/organisations/${organisation.id}`);
      },
      again: (values, errors) => renderOrganisationForm(reply, ctx, { values, errors, status: 400 }),
      ruleField: 'name',
    });
  });

  routes.get('/organisations/import', { config: { access } }, async (request, reply) => {
    const regions = await service.regionChoices(context(request, app));
    return reply.page('organisations/views/import.njk', {
      title: 'Import organisations from a spreadsheet',
      values: {},
      regionItems: regions.length > 1 ? regionItems(regions) : null,
      kindItems,
    });
  });

  routes.get('/organisations/import/template.csv', { config: { access } }, async (_request, reply) =>
    sendCsv(reply, 'organisations-template.csv', templateCsv()),
  );

  routes.post('/organisations/import', { config: { access } }, async (request, reply) => {
    const ctx = context(request, app);
    const regions = await service.regionChoices(ctx);
    const regionId = stringField(request.body, 'regionId');
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    const errors = emptyErrors();
    if (regions.length > 1 && (regionId ?? '') === '') addError(errors, 'regionId', 'Select the region');
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
    const render = (status: number) =>
      reply.page(
        'organisations/views/import.njk',
        {
          title: 'Import organisations from a spreadsheet',
          values: { regionId },
          errors,
          regionItems: regions.length > 1 ? regionItems(regions) : null,
          kindItems,
        },
        status,
      );
    if (errors.list.length > 0 || text === null) return render(400);
    let result: service.ImportResult;
    try {
      result = await service.importOrganisations(ctx, regionId, text);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      addError(errors, error.field ?? 'file', error.message);
      return render(400);
    }
    if (!result.ok) {
      return reply.page(
        'organisations/views/import-problems.njk',
        { title: 'The spreadsheet has problems', problems: result.problems },
        400,
      );
    }
    const organisationCount = result.organisations.length;
    reply.flash(
      'success',
      `Imported ${String(organisationCount)} ${organisationCount === 1 ? 'organisation' : 'organisations'} and ${String(result.sites)} ${result.sites === 1 ? 'site' : 'sites'} into ${result.regionName}.`,
    );
    return reply.redirect('/organisations');
  });

  routes.get('/organisations/export.csv', { config: { access } }, async (request, reply) => {
    const csv = await service.exportOrganisations(context(request, app));
    const date = request.now.toISOString().slice(0, 10);
    return sendCsv(reply, `organisations-${date}.csv`, `\ufeff${csv}`);
  });

  routes.get('/organisations/:id', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const { organisation, sites } = await service.getOrganisation(context(request, app), request.params.id);
    return reply.page('organisations/views/show.njk', {
      title: organisation.name,
      organisation,
      sites,
      kindLabel: KIND_LABELS[organisation.kind],
    });
  });

  routes.get(
    '/organisations/:id/edit',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const { organisation } = await service.getOrganisation(ctx, request.params.id);
      return renderOrganisationForm(reply, ctx, { organisation, values: organisationFormValues(organisation) });
    },
  );

  routes.post(
    '/organisations/:id/edit',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const { organisation } = await service.getOrganisation(ctx, request.params.id);
      return submitForm(request.body, {
        schema: organisationFields,
        run: (data) => service.updateOrganisation(ctx, organisation.id, data),
        done: (_updated, data) => {
          reply.flash('success', `${data.name} has been updated.`);
          return reply.redirect(`/organisations/${organisation.id}`);
        },
        again: (values, errors) => renderOrganisationForm(reply, ctx, { organisation, values, errors, status: 400 }),
        ruleField: 'name',
      });
    },
  );

  for (const archive of [true, false]) {
    const verb = archive ? 'archive' : 'restore';
    routes.get(
      `/organisations/:id/${verb}`,
      { config: { access }, schema: { params: idParams } },
      async (request, reply) => {
        const { organisation } = await service.getOrganisation(context(request, app), request.params.id);
        if ((organisation.archivedAt !== null) === archive) return reply.redirect(`/organisations/${organisation.id}`);
        return reply.page('organisations/views/confirm.njk', {
          title: archive ? `Archive ${organisation.name}` : `Restore ${organisation.name}`,
          archive,
          thing: 'organisation',
          name: organisation.name,
          action: `/organisations/${organisation.id}/${verb}`,
          cancelHref: `/organisations/${organisation.id}`,
        });
      },
    );
    routes.post(
      `/organisations/:id/${verb}`,
      { config: { access }, schema: { params: idParams } },
      async (request, reply) => {
        const organisation = await service.setOrganisationArchived(context(request, app), request.params.id, archive);
        reply.flash('success', `${organisation.name} has been ${archive ? 'archived' : 'restored'}.`);
        return reply.redirect(`/organisations/${organisation.id}`);
      },
    );
  }

  function renderSiteForm(
    reply: FastifyReply,
    options: {
      organisation: { id: string; name: string };
      site?: Site;
      values: FormValues;
      errors?: FormErrors;
      status?: number;
    },
  ): FastifyReply {
    const { organisation, site } = options;
    return reply.page(
      'organisations/views/site-form.njk',
      {
        title: site === undefined ? `Add a site to ${organisation.name}` : `Change ${site.name}`,
        organisation,
        action: site === undefined ? `/organisations/${organisation.id}/sites/new` : `/sites/${site.id}/edit`,
        buttonText: site === undefined ? 'Add site' : 'Save changes',
        cancelHref: `/organisations/${organisation.id}`,
        values: options.values,
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/organisations/:id/sites/new',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const { organisation } = await service.getOrganisation(context(request, app), request.params.id);
      return renderSiteForm(reply, { organisation, values: {} });
    },
  );

  routes.post(
    '/organisations/:id/sites/new',
    { config: { access }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request, app);
      const { organisation } = await service.getOrganisation(ctx, request.params.id);
      return submitForm(request.body, {
        schema: siteFields,
        run: (data) => service.createSite(ctx, organisation.id, data),
        done: (site) => {
          reply.flash('success', `${site.name} has been added to ${organisation.name}.`);
          return reply.redirect(`/organisations/${organisation.id}`);
        },
        again: (values, errors) => renderSiteForm(reply, { organisation, values, errors, status: 400 }),
        ruleField: 'name',
      });
    },
  );

  routes.get('/sites/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const site = await service.getSite(context(request, app), request.params.id);
    return renderSiteForm(reply, {
      organisation: { id: site.organisationId, name: site.organisationName },
      site,
      values: siteFormValues(site),
    });
  });

  routes.post('/sites/:id/edit', { config: { access }, schema: { params: idParams } }, async (request, reply) => {
    const ctx = context(request, app);
    const site = await service.getSite(ctx, request.params.id);
    const organisation = { id: site.organisationId, name: site.organisationName };
    return submitForm(request.body, {
      schema: siteFields,
      run: (data) => service.updateSite(ctx, site.id, data),
      done: (_updated, data) => {
        reply.flash('success', `${data.name} has been updated.`);
        return reply.redirect(`/organisations/${site.organisationId}`);
      },
      again: (values, errors) => renderSiteForm(reply, { organisation, site, values, errors, status: 400 }),
      ruleField: 'name',
    });
  });

  for (const archive of [true, false]) {
    const verb = archive ? 'archive' : 'restore';
    routes.get(`/sites/:id/${verb}`, { config: { access }, schema: { params: idParams } }, async (request, reply) => {
      const site = await service.getSite(context(request, app), request.params.id);
      if ((site.archivedAt !== null) === archive) return reply.redirect(`/organisations/${site.organisationId}`);
      return reply.page('organisations/views/confirm.njk', {
        title: archive ? `Archive ${site.name}` : `Restore ${site.name}`,
        archive,
        thing: 'site',
        name: site.name,
        organisationName: site.organisationName,
        action: `/sites/${site.id}/${verb}`,
        cancelHref: `/organisations/${site.organisationId}`,
      });
    });
    routes.post(`/sites/:id/${verb}`, { config: { access }, schema: { params: idParams } }, async (request, reply) => {
      const site = await service.setSiteArchived(context(request, app), request.params.id, archive);
      reply.flash('success', `${site.name} has been ${archive ? 'archived' : 'restored'}.`);
      return reply.redirect(`/organisations/${site.organisationId}`);
    });
  }
}
