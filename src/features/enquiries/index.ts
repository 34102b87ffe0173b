import type { FastifyInstance } from 'fastify';

/** Enquiries: the public contact form of each region and its team's enquiry inbox. */
export async function register(_app: FastifyInstance): Promise<void> {
  await Promise.resolve();
}
