/** The events pages: the lists, creating and changing an event, its page, reminding and cancelling. */
import { regionsIn } from '../organisations/index.ts';
import { PROGRAMME_TEAM, teamRegions } from '../../platform/policy.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedText as text,
  type FormErrors,
  type FormValues,
  submitForm,
} from '../../platform/web/forms.ts';
import { pageNumber, paginationParams } from '../../platform/web/pagination.ts';
import * as service from './service.ts';
import type { LearningEvent } from './service.ts';
import { EVENT_STAFF, EVENT_VIEWERS, eventAccess } from './policy.ts';
import * as calendar from './calendar-service.ts';
import * as feedback from './feedback-service.ts';
import * as reminders from './reminders-service.ts';
import { eventWhen } from './format.ts';
import { eventForm, eventValues, formView, typeItems } from './event-form.ts';
import { placesText, renderEvent, statusTag, whereText } from './event-page.ts';
import { attendanceRoutes } from './attendance-routes.ts';
import { calendarRoutes } from './calendar-routes.ts';
import { feedbackRoutes } from './feedback-routes.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { ACTIVITY_TYPE_LABELS, ACTIVITY_TYPES } from '../curriculum/index.ts';
import { sendCalendar } from '../../platform/web/downloads.ts';

const managers = PROGRAMME_TEAM;
const staff = EVENT_STAFF;
const viewers = EVENT_VIEWERS;
const idParams = z.object({ id: z.uuid() });

const REASON_LIMIT = 2000;

export function eventsRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  app.navigation.add({
    text: 'Events',
    href: '/events',
    roles: viewers,
    order: 31,
    description: 'Learning event days and tasters: book a place, check in, give feedback, add them to your calendar.',
  });
  app.tasks.add((principal, now) => feedback.learnerEventTasks(app.db, principal, now));
  // The day before an event, everyone with a place is reminded (unless a reminder was already sent by hand).
  app.schedule.add('event-reminders', 15 * 60_000, async (now) => {
    const reminded = await reminders.sendDueReminders(app.db, app.mailer, app.config.publicUrl, now);
    if (reminded > 0) void app.mailer.deliverPending();
  });

  // ----- Lists -----

  const listQuery = z.object({
    when: z.string().max(20).optional(),
    type: z.string().max(40).optional(),
    q: z.string().max(200).optional(),
    page: z.string().max(10).optional(),
  });

  routes.get('/events', { config: { access: viewers }, schema: { querystring: listQuery } }, async (request, reply) => {
    const ctx = context(request);
    if (hasRole(ctx.principal, ...staff)) {
      const query = request.query;
      const when = query.when === 'past' || query.when === 'cancelled' ? query.when : 'upcoming';
      const type = ACTIVITY_TYPES.find((item) => item === query.type);
      const q = query.q?.trim() ?? '';
      const page = await service.listStaffEvents(ctx, { when, type, q }, pageNumber(query.page));
      const filters = { when, type: type ?? '', q };
      return reply.page('events/views/list-staff.njk', {
        title: 'Events',
        page,
        filters,
        filtered: q !== '' || type !== undefined,
        mayCreate: hasRole(ctx.principal, ...managers),
        rows: page.items.map((event) => ({
          ...event,
          when: eventWhen(event),
          where: whereText(event),
          typeLabel: ACTIVITY_TYPE_LABELS[event.type],
          places:
            event.capacity === null
              ? `${String(event.registered)} booked`
              : `${String(event.registered)} of ${String(event.capacity)}`,
        })),
        whenItems: [
          { value: 'upcoming', text: 'Upcoming' },
          { value: 'past', text: 'Past' },
          { value: 'cancelled', text: 'Cancelled' },
        ],
        typeItems: [{ value: '', text: 'Any type' }, ...typeItems(type)],
        pager: paginationParams(page, '/events', { ...filters, page: undefined }),
      });
    }
    const mine = await service.listLearnerEvents(ctx);
    return reply.page('events/views/list-learner.njk', {
      title: 'Events',
      learner: mine.learner,
      upcoming: mine.upcoming.map((item) => ({
        ...item,
        when: eventWhen(item.event),
        where: whereText(item.event),
        typeLabel: ACTIVITY_TYPE_LABELS[item.event.type],
        places: placesText(item.counts, item.event.capacity),
        tag: statusTag(item.status, item.position),
      })),
      attended: mine.attended.map((event) => ({ ...event, when: eventWhen(event) })),
    });
  });

  // ----- Creating and editing -----

  async function renderForm(
    reply: FastifyReply,
    ctx: Context,
    options: {
      regionId: string;
      event?: LearningEvent;
      values: FormValues;
      errors?: FormErrors;
      status?: number;
    },
  ) {
    const choices = await service.eventChoices(ctx, options.regionId);
    const editing = options.event !== undefined;
    return reply.page(
      'events/views/form.njk',
      {
        title: editing ? `Change ${options.event?.title ?? 'event'}` : 'Create an event',
        event: options.event,
        action: editing ? `/events/${options.event?.id ?? ''}/edit` : '/events/new',
        cancelHref: editing ? `/events/${options.event?.id ?? ''}` : '/events',
        regionId: options.regionId,
        hasCurriculum: choices.content !== null,
        ...formView(choices, options.values),
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  const regionChoices = (ctx: Context) => regionsIn(ctx.db, teamRegions(ctx.principal));

  routes.get(
    '/events/new',
    { config: { access: managers }, schema: { querystring: z.object({ region: z.string().max(50).optional() }) } },
    async (request, reply) => {
      const ctx = context(request);
      const choices = await regionChoices(ctx);
      const region =
        choices.find((item) => item.id === request.query.region) ?? (choices.length === 1 ? choices[0] : undefined);
      if (region === undefined) {
        return reply.page('events/views/region.njk', {
          title: 'Create an event',
          regionItems: [
            { value: '', text: 'Select a region' },
            ...choices.map((item) => ({ value: item.id, text: item.name })),
          ],
        });
      }
      return renderForm(reply, ctx, {
        regionId: region.id,
        values: { type: 'learning-event-day', startTime: '09:30', endTime: '16:30' },
      });
    },
  );

  routes.post('/events/new', { config: { access: managers } }, async (request, reply) => {
    const ctx = context(request);
    const regionId = text(body(request).regionId);
    if (!(await regionChoices(ctx)).some((region) => region.id === regionId)) throw new NotFoundError();
    return submitForm(request.body, {
      schema: eventForm(ctx.now, true),
      dateFields: ['date'],
      run: (input) => service.createEvent(ctx, regionId, input),
      done: (event) => {
        reply.flash('success', `${event.title} has been created. Learners it is for can now book a place.`);
        return reply.redirect(`/events/${event.id}`);
      },
      again: (kept, errors) => renderForm(reply, ctx, { regionId, values: kept, errors, status: 400 }),
      ruleField: 'title',
    });
  });

  routes.get(
    '/events/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (!access.manage) throw new NotFoundError();
      if (access.event.status === 'cancelled') {
        reply.flash('information', 'This event has been cancelled and cannot be changed.');
        return reply.redirect(`/events/${access.event.id}`);
      }
      return renderForm(reply, ctx, {
        regionId: access.event.regionId,
        event: access.event,
        values: eventValues(access.event),
      });
    },
  );

  routes.post(
    '/events/:id/edit',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (!access.manage) throw new NotFoundError();
      return submitForm(request.body, {
        schema: eventForm(ctx.now, false),
        dateFields: ['date'],
        run: (input) => service.updateEvent(ctx, request.params.id, input),
        done: ({ event, promoted }) => {
          reply.flash(
            'success',
            promoted.length === 0
              ? `${event.title} has been changed.`
              : `${event.title} has been changed. ${promoted.length === 1 ? '1 learner was' : `${String(promoted.length)} learners were`} given a place from the waiting list and emailed.`,
          );
          void app.mailer.deliverPending();
          return reply.redirect(`/events/${event.id}`);
        },
        again: (values, errors) =>
          renderForm(reply, ctx, { regionId: access.event.regionId, event: access.event, values, errors, status: 400 }),
        ruleField: 'title',
      });
    },
  );

  routes.get(
    '/events/:id',
    { config: { access: viewers }, schema: { params: z.object({ id: z.string().max(80) }) } },
    async (request, reply) => {
      const ctx = context(request);
      const ics = /^([0-9a-f-]{36})\.ics$/i.exec(request.params.id);
      if (ics?.[1] !== undefined) {
        if (!z.uuid().safeParse(ics[1]).success) throw new NotFoundError();
        const file = await calendar.eventCalendar(ctx, ics[1]);
        return sendCalendar(reply, 'event.ics', file.ics, 'attachment');
      }
      if (!z.uuid().safeParse(request.params.id).success) throw new NotFoundError();
      return renderEvent(reply, ctx, request.params.id);
    },
  );

  // ----- Reminding and cancelling, for the programme team -----

  routes.post(
    '/events/:id/reminder',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const n = await reminders.sendReminder(context(request), request.params.id);
        reply.flash(
          'success',
          `A reminder has been emailed to the ${n === 1 ? '1 learner' : `${String(n)} learners`} with a place.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  async function renderCancel(
    reply: FastifyReply,
    ctx: Context,
    id: string,
    options: { values?: FormValues; errors?: FormErrors; status?: number } = {},
  ) {
    const view = await service.getEvent(ctx, id);
    if (!view.manage) throw new NotFoundError();
    return reply.page(
      'events/views/cancel.njk',
      {
        title: `Cancel ${view.event.title}`,
        ...view,
        when: eventWhen(view.event),
        values: options.values ?? {},
        errors: options.errors,
      },
      options.status ?? 200,
    );
  }

  routes.get(
    '/events/:id/cancel',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const access = await eventAccess(ctx, request.params.id);
      if (access.manage && access.event.status === 'cancelled') return reply.redirect(`/events/${access.event.id}`);
      return renderCancel(reply, ctx, request.params.id);
    },
  );

  routes.post(
    '/events/:id/cancel',
    { config: { access: managers }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      const reason = text(values.reason);
      const errors = emptyErrors();
      if (reason === '') addError(errors, 'reason', 'Enter the reason for cancelling, which learners will be told');
      else if (reason.length > REASON_LIMIT)
        addError(errors, 'reason', `Reason must be ${String(REASON_LIMIT)} characters or fewer`);
      if (errors.list.length > 0) return renderCancel(reply, ctx, request.params.id, { values, errors, status: 400 });
      try {
        const n = await service.cancelEvent(ctx, request.params.id, reason);
        reply.flash(
          'success',
          `The event has been cancelled. ${n === 0 ? 'Nobody had booked.' : `${n === 1 ? '1 learner has' : `${String(n)} learners have`} been emailed.`}`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );
  attendanceRoutes(app);
  feedbackRoutes(app);
  calendarRoutes(app);
}
