/** "My year" for learners: their posts and placements, and the private link of its calendar feed. */
import { contextOf } from '../../platform/context.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasRole } from '../../platform/auth/roles.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { nhsDate, nhsDateRange } from '../../shared/dates.ts';
import * as myYearService from './my-year-service.ts';
import { placementRows, timeline } from './pages.ts';
import { sendCalendar } from '../../platform/web/downloads.ts';

const context = contextOf;

export function myYearRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();

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
      return sendCalendar(reply, 'my-year.ics', feed, 'feed');
    },
  );
}
