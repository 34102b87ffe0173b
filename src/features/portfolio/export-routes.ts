/** A learner's portfolio as a PDF and as JSON, all or filtered by date and type. */
import type { FastifyInstance } from 'fastify';

export function exportRoutes(_app: FastifyInstance): void {
  // Filled in by the change that builds this part (issue 11).
}
