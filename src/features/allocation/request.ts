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

export function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (typeof value !== 'object' || value === null) return {};
  const copy = { ...(value as Record<string, unknown>) };
  delete copy._csrf;
  return copy;
}

export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
