import type { FastifyInstance } from 'fastify';

export async function register(_app: FastifyInstance): Promise<void> {
  // Organisation pages are added here.
}
