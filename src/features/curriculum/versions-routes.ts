import type { FastifyInstance } from 'fastify';

/** To be built. */
export function versionsRoutes(app: FastifyInstance): void {
  void app;
}
