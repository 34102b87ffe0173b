/** Supervisor meetings (initial, mid-point, end of placement) and the personal development plan. */
import type { FastifyInstance } from 'fastify';

export function meetingsRoutes(_app: FastifyInstance): void {
  // Filled in by the change that builds this part (issue 11).
}
