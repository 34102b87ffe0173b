/** Supervised learning events (mini-CEX, CBD, DOPS, developing the clinical teacher) and their assessors' forms. */
import type { FastifyInstance } from 'fastify';

export function sleRoutes(_app: FastifyInstance): void {
  // Filled in by the change that builds this part (issue 11).
}
