import type { FastifyInstance } from 'fastify';

/** The pages of completing a project, its poster and the public showcase (written with their use case). */
export function outputsRoutes(app: FastifyInstance): void {
  void app;
}
