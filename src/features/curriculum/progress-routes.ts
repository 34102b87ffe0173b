import type { FastifyInstance } from 'fastify';

/** To be built. */
export function progressRoutes(app: FastifyInstance): void {
  void app;
}
