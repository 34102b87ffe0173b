import { teamRegions, PROGRAMME_TEAM } from '../policy.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { type Principal } from '../auth/roles.ts';
import { hasErrors } from '../web/forms.ts';
import { pageNumber, paginationParams, toPage } from '../web/pagination.ts';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from './audit.ts';
import { parseAuditFilters } from './filters.ts';
import { auditEntityTypes, fieldChanges, findAuditEvent, listAuditEvents } from './repository.ts';

export function signedIn(request: FastifyRequest): Principal {
  // The access check has run before any handler, so this only guards against a route declared 'public' by mistake.
  if (request.principal === null) throw new ForbiddenError();
  return request.principal;
}

const listQuery = z.object({
  actor: z.string().max(500).optional(),
  entityType: z.string().max(500).optional(),
  action: z.string().max(500).optional(),
  entityId: z.string().max(500).optional(),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
  page: z.string().max(10).optional(),
});

const eventParams = z.object({ id: z.uuid() });

function actionLabel(action: string): string {
  const known = AUDIT_ACTIONS.find((item) => item === action);
  return known === undefined ? action : AUDIT_ACTION_LABELS[known];
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  app.navigation.add({
    text: 'Audit log',
    href: '/admin/audit',
    roles: PROGRAMME_TEAM,
    order: 80,
    description: 'Every change to personal and programme data: who, what, when, and the values before and after.',
  });

  routes.get(
    '/admin/audit',
    { config: { access: PROGRAMME_TEAM }, schema: { querystring: listQuery } },
    async (request, reply) => {
      const scope = teamRegions(signedIn(request));
      const { filters, errors, values } = parseAuditFilters(request.query);
      const invalid = hasErrors(errors);
      const number = pageNumber(request.query.page);
      const [page, entityTypes] = await Promise.all([
        invalid ? Promise.resolve(toPage([], 0, 1)) : listAuditEvents(app.db, scope, filters, number),
        auditEntityTypes(app.db, scope),
      ]);
      const filtered = Object.values(values).some((value) => value !== undefined);
      return reply.page(
        'audit/views/list.njk',
        {
          title: 'Audit log',
          isPlatformAdmin: scope === 'all',
          page,
          events: page.items.map((event) => ({ ...event, actionLabel: actionLabel(event.action) })),
          values,
          errors,
          invalid,
          filtered,
          entityTypeItems: [
            { value: '', text: 'All types' },
            ...entityTypes.map((type) => ({ value: type, text: type, selected: type === values.entityType })),
          ],
          actionItems: [
            { value: '', text: 'All actions' },
            ...AUDIT_ACTIONS.map((action) => ({
              value: action,
              text: AUDIT_ACTION_LABELS[action],
              selected: action === values.action,
            })),
          ],
          pager: paginationParams(page, '/admin/audit', { ...values }),
        },
        invalid ? 400 : 200,
      );
    },
  );

  routes.get(
    '/admin/audit/:id',
    { config: { access: PROGRAMME_TEAM }, schema: { params: eventParams } },
    async (request, reply) => {
      const scope = teamRegions(signedIn(request));
      const event = await findAuditEvent(app.db, scope, request.params.id);
      if (event === undefined) throw new NotFoundError();
      return reply.page('audit/views/event.njk', {
        title: `Audit event: ${event.summary}`,
        event: { ...event, actionLabel: actionLabel(event.action) },
        changes: fieldChanges(event.before, event.after),
      });
    },
  );
}
