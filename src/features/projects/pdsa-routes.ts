import type { FastifyInstance } from 'fastify';

/** The pages of PDSA cycles and change ideas (written with their use case). */
export function pdsaRoutes(app: FastifyInstance): void {
  void app;
}
