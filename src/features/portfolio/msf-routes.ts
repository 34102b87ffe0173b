/** Multi-source feedback: inviting raters, their anonymous responses, the supervisor's release of the summary. */
import type { FastifyInstance } from 'fastify';

export function msfRoutes(_app: FastifyInstance): void {
  // Filled in by the change that builds this part (issue 11).
}
