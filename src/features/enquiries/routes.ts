import type { FastifyInstance } from 'fastify';
import { inboxRoutes } from './inbox-routes.ts';
import { INBOX_ROLES } from './policy.ts';
import { publicRoutes } from './public-routes.ts';
import { deleteExpiredEnquiries, enquiryTasks } from './service.ts';

/** Name of the scheduled task that deletes closed enquiries kept their region's time. */
export const ENQUIRY_RETENTION_TASK = 'enquiries: delete closed enquiries kept their full time';

/** The public contact forms, the team's inbox, its home-page task and the hourly retention run. */
export async function enquiriesRoutes(app: FastifyInstance): Promise<void> {
  app.navigation.add({
    text: 'Enquiries',
    href: '/enquiries',
    roles: INBOX_ROLES,
    order: 40,
    description: 'Questions from the public sent through the region’s contact form: assign, answer by email and close.',
  });
  app.tasks.add((principal, now) => enquiryTasks(app.db, principal, now));
  app.schedule.add(ENQUIRY_RETENTION_TASK, 60 * 60_000, async (now) => {
    const deleted = await deleteExpiredEnquiries(app.db, now);
    if (deleted > 0) app.log.info({ deleted }, 'deleted closed enquiries kept their region’s time');
  });
  await publicRoutes(app);
  inboxRoutes(app);
}
