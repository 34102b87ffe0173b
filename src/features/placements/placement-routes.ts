/** The placements of a post's rotation: adding, changing and removing one. */
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { submitForm, type FormErrors, type FormValues } from '../../platform/web/forms.ts';
import { dateParts, nhsDateRange } from '../../shared/dates.ts';
import { readPlacement } from './domain/fields.ts';
import type { Placement, PostDetail } from './repository.ts';
import * as service from './service.ts';
import { type ServiceContext } from './service.ts';
import { choiceItems, DATE_FIELDS, idParams, settingItems } from './pages.ts';

const access = PROGRAMME_TEAM;

const context = contextOf;

export function placementRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

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
}
