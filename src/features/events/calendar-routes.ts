/** Calendars: a learner's private link to a feed of their places, and the feed itself. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDate } from '../../platform/web/format.ts';
import { contextOf, type Context } from '../../platform/context.ts';
import * as calendar from './calendar-service.ts';
import { sendCalendar } from '../../platform/web/downloads.ts';

const learners = ['learner'] as const;

export function calendarRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest): Context => contextOf(request, app);

  routes.get('/events/calendar', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const existing = await calendar.eventCalendarStatus(app.db, ctx.principal.userId);
    return reply.page('events/views/calendar.njk', {
      title: 'Add your events to your calendar',
      calendarUrl: null,
      calendarCreated: existing === undefined ? null : formatDate(existing.createdAt),
    });
  });

  routes.post('/events/calendar', { config: { access: learners } }, async (request, reply) => {
    const ctx = context(request);
    const existed = (await calendar.eventCalendarStatus(app.db, ctx.principal.userId)) !== undefined;
    const token = await calendar.issueEventCalendarToken(ctx);
    return reply.page('events/views/calendar.njk', {
      title: 'Add your events to your calendar',
      replaced: existed,
      calendarUrl: `${app.config.publicUrl}/events/calendar/${token}.ics`,
      calendarCreated: null,
    });
  });

  // The token in the address is the credential: calendar apps cannot sign in.
  routes.get(
    '/events/calendar/:file',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { params: z.object({ file: z.string().max(100) }) },
    },
    async (request, reply) => {
      const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(request.params.file);
      const feed =
        match?.[1] === undefined
          ? null
          : await calendar.eventCalendarFeed(app.db, match[1], app.config.publicUrl, request.now);
      if (feed === null) {
        reply.callNotFound();
        return reply;
      }
      return sendCalendar(reply, 'learning-events.ics', feed, 'feed');
    },
  );
}
