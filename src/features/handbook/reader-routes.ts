/** The signed-in reader's page: their region's current handbook and, for learners and supervisors, acknowledging it. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/context.ts';
import { RuleError } from '../../platform/errors.ts';
import { teamRegions } from '../../platform/policy.ts';
import { postedBody, postedText } from '../../platform/web/forms.ts';
import { READERS } from './policy.ts';
import * as service from './service.ts';

const codeParams = z.object({ regionCode: z.string().regex(/^[a-z0-9-]{1,60}$/) });

export function readerRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest) => contextOf(request, app);

  app.tasks.add((principal) => service.handbookTasks(app.db, principal));

  routes.get('/handbook', { config: { access: READERS } }, async (request, reply) => {
    const ctx = context(request);
    const regions = await service.readerView(ctx);
    const team = teamRegions(ctx.principal);
    return reply.page('handbook/views/reader.njk', {
      title: 'Handbook',
      regions,
      mayEdit: team === 'all' || team.length > 0,
    });
  });

  routes.post(
    '/handbook/:regionCode/acknowledge',
    { config: { access: READERS }, schema: { params: codeParams } },
    async (request, reply) => {
      const ctx = context(request);
      try {
        const { number, recorded } = await service.acknowledge(
          ctx,
          request.params.regionCode,
          postedText(postedBody(request).versionId),
        );
        reply.flash(
          'success',
          recorded
            ? `Thank you. You have acknowledged version ${String(number)} of the handbook.`
            : `You had already acknowledged version ${String(number)} of the handbook.`,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        reply.flash('information', error.message);
      }
      return reply.redirect('/handbook');
    },
  );
}
