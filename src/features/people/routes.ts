import type { FastifyInstance } from 'fastify';

export async function register(_app: FastifyInstance): Promise<void> {
  // People pages are added here.
}
