import type { FastifyInstance } from 'fastify';
import { registerPersonalDataTables } from '../people/index.ts';
import { sitePersonalData } from './personal-data.ts';
import { siteRoutes } from './routes.ts';

export { seedDemoSite } from './demo.ts';
/** Other features add their public links to a region's School of Generalism page here (the 360° tool, volunteering). */
export { registerSchoolLinks, type SchoolLink, type SchoolLinkSource } from './school.ts';

/**
 * The public site: the landing page, the home page of someone signed in, the accessibility statement and privacy
 * notice, and each region's public School of Generalism pages with the programme team's news and FAQ.
 */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataTables('site', sitePersonalData);
  await siteRoutes(app);
}
