import type { FastifyInstance } from 'fastify';

/** The pages of the fellows' caseload, meeting notes and requests for support (written with their use case). */
export function fellowsRoutes(app: FastifyInstance): void {
  void app;
}
