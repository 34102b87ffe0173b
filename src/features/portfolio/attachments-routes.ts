/** Files attached to an entry: uploading (checked by content and by the guard) and serving them to those who may see. */
import type { FastifyInstance } from 'fastify';

export function attachmentsRoutes(_app: FastifyInstance): void {
  // Filled in by the change that builds this part (issue 11).
}
