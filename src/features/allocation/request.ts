import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../platform/errors.ts';
import type { ServiceContext } from './service.ts';

/** What the allocation routes read from a request: the service context and the posted fields. */
export function context(request: FastifyRequest, app: FastifyInstance): ServiceContext {
  const principal = request.principal;
  if (principal === null) throw new ForbiddenError();
  return {
    db: app.db,
    principal,
    actor: { userId: principal.userId, label: principal.displayName, requestId: request.id },
    now: new Date(),
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
  };
}

export { postedBody as body, postedList as list, postedText as text } from '../../platform/web/forms.ts';
