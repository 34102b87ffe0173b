import type { FastifyInstance } from 'fastify';

/** The pages of importing the Indices of Deprivation and the postcode lookup (written with their use case). */
export function deprivationRoutes(app: FastifyInstance): void {
  void app;
}
