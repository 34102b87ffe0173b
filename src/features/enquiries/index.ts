import type { FastifyInstance } from 'fastify';
import { registerPersonalDataTables } from '../people/index.ts';
import { enquiriesPersonalData } from './personal-data.ts';
import { enquiriesRoutes } from './routes.ts';

export { seedDemoEnquiries } from './demo.ts';
export { deleteExpiredEnquiries } from './service.ts';

/** Enquiries: the public contact form of each region and its team's enquiry inbox. */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataTables('enquiries', enquiriesPersonalData);
  await enquiriesRoutes(app);
}
