import type { FastifyInstance } from 'fastify';

/** To be built. */
export function eventsRoutes(app: FastifyInstance): void {
  void app;
}
