/** Places and check-in for learners; the check-in code and the register for the event's organisers. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/web/format.ts';
import {
  addError,
  emptyErrors,
  postedBody as body,
  postedList as list,
  postedText as text,
} from '../../platform/web/forms.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import { displayCheckInCode } from './domain/events.ts';
import * as service from './service.ts';
import * as attendance from './attendance-service.ts';
import { EVENT_STAFF } from './policy.ts';
import { eventWhen, formatTime } from './format.ts';
import { renderEvent } from './event-page.ts';

const staff = EVENT_STAFF;
const learners = ['learner'] as const;
const idParams = z.object({ id: z.uuid() });

export function attendanceRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  // ----- Places and check-in, for learners -----

  routes.post(
    '/events/:id/book',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      try {
        const outcome = await attendance.registerForEvent(ctx, request.params.id);
        const messages = {
          registered: 'You have a place. We have added it to your events; you can add it to your calendar too.',
          waiting:
            'The event is full, so you are on the waiting list. If a place becomes free it will be given to you automatically and we will email you.',
          'already-registered': 'You already have a place at this event.',
          'already-waiting': 'You are already on the waiting list for this event.',
        } as const;
        reply.flash(
          outcome === 'waiting' || outcome.startsWith('already') ? 'information' : 'success',
          messages[outcome],
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  routes.get(
    '/events/:id/cancel-place',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await service.getEvent(context(request), request.params.id);
      const back = `/events/${view.event.id}`;
      if (view.mine === null) return reply.redirect(back);
      const waiting = view.mine.status === 'waiting';
      return reply.page('events/views/confirm.njk', {
        title: waiting ? `Leave the waiting list for ${view.event.title}` : `Cancel your place at ${view.event.title}`,
        caption: `${view.event.title}, ${eventWhen(view.event)}`,
        heading: waiting
          ? 'Are you sure you want to leave the waiting list?'
          : 'Are you sure you want to cancel your place?',
        body: waiting
          ? 'If you ask again later, you will join the back of the waiting list.'
          : view.counts.waiting > 0
            ? 'Your place will be given to the first person on the waiting list. If you change your mind you may have to join the waiting list.'
            : 'Your place will be free for someone else to book.',
        buttonText: waiting ? 'Leave the waiting list' : 'Cancel my place',
        action: `${back}/cancel-place`,
        cancelHref: back,
        cancelText: waiting ? 'Stay on the waiting list' : 'Keep my place',
      });
    },
  );

  routes.post(
    '/events/:id/cancel-place',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const { outcome } = await attendance.cancelPlace(context(request), request.params.id);
        const messages = {
          cancelled: 'Your place has been cancelled.',
          'left-waiting-list': 'You have left the waiting list.',
          'not-registered': 'You did not have a place at this event.',
        } as const;
        reply.flash(outcome === 'not-registered' ? 'information' : 'success', messages[outcome]);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      void app.mailer.deliverPending();
      return reply.redirect(`/events/${request.params.id}`);
    },
  );

  routes.post(
    '/events/:id/check-in',
    { config: { access: learners }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const values = body(request);
      try {
        const outcome = await attendance.checkIn(ctx, request.params.id, text(values.code));
        reply.flash(
          'success',
          outcome === 'checked-in'
            ? 'You have checked in. Your attendance is recorded in your progress.'
            : 'You had already checked in.',
        );
        return await reply.redirect(`/events/${request.params.id}`);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return renderEvent(reply, ctx, request.params.id, {
          values,
          errors: addError(emptyErrors(), 'code', error.message),
          status: 400,
        });
      }
    },
  );

  // ----- The check-in code and the register, for the event's organisers -----

  routes.get(
    '/events/:id/code',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const view = await attendance.checkInCode(context(request), request.params.id);
      return reply.page('events/views/code.njk', {
        title: `Check-in code for ${view.event.title}`,
        ...view,
        displayCode: displayCheckInCode(view.code),
        spelledCode: displayCheckInCode(view.code)
          .replace(/-/g, ',')
          .replace(/(.)(?=.)/g, '$1 '),
        when: eventWhen(view.event),
        opensText: `${formatTime(view.opensAt)} on ${formatDate(view.opensAt)}`,
        closesText: `${formatTime(view.closesAt)} on ${formatDate(view.closesAt)}`,
      });
    },
  );

  routes.get(
    '/events/:id/attendance',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      const ctx = context(request);
      const view = await service.getEvent(ctx, request.params.id);
      if (!view.organise) throw new NotFoundError();
      return reply.page('events/views/attendance.njk', {
        title: `Register for ${view.event.title}`,
        ...view,
        when: eventWhen(view.event),
        open: view.event.status === 'scheduled' && view.checkInOpensAt.getTime() <= ctx.now.getTime(),
        checkInOpensText: `${formatTime(view.checkInOpensAt)} on ${formatDate(view.checkInOpensAt)}`,
        attendeeItems: view.registered.map((person) => ({
          value: person.id,
          text: person.name,
          hint: {
            text: person.attended
              ? person.checkedInBy === 'self'
                ? `Checked in with the code${person.checkedInAt === null ? '' : ` at ${formatTime(person.checkedInAt)}`}`
                : 'Marked on the register'
              : person.email,
          },
          checked: person.attended,
        })),
      });
    },
  );

  routes.post(
    '/events/:id/attendance',
    { config: { access: staff }, schema: { params: idParams } },
    async (request, reply) => {
      try {
        const done = await attendance.markRegister(context(request), request.params.id, list(body(request).attended));
        reply.flash(
          'success',
          done.marked + done.unmarked === 0
            ? 'The register has been saved. Nothing changed.'
            : `The register has been saved: ${String(done.marked)} marked attended, ${String(done.unmarked)} marked not attended.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect(`/events/${request.params.id}/attendance`);
    },
  );
}
