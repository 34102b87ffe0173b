import type { FastifyInstance } from 'fastify';

/** The pages of the carbon account, the triple bottom line and the factor library (written with their use case). */
export function carbonRoutes(app: FastifyInstance): void {
  void app;
}
