import type { FastifyInstance } from 'fastify';
import { SUPERVISORS } from '../../platform/policy.ts';
import { entriesRoutes } from './entries-routes.ts';
import { entryRoutes } from './entry-routes.ts';
import { listRoutes } from './list-routes.ts';
import { sleRoutes } from './sle-routes.ts';
import { msfRoutes } from './msf-routes.ts';
import { meetingsRoutes } from './meetings-routes.ts';
import { attachmentsRoutes } from './attachments-routes.ts';
import { exportRoutes } from './export-routes.ts';
import { supervisorTasks } from './list-service.ts';

/** The portfolio's pages: the lists, writing entries, and each entry's page. */
export function portfolioRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'My portfolio',
    href: '/portfolio',
    roles: ['learner'],
    order: 30,
    description: 'Patient journeys across settings, reflections and MDT meetings, signed off by your supervisors.',
  });
  app.navigation.add({
    text: 'Portfolios',
    href: '/portfolio',
    roles: SUPERVISORS,
    order: 30,
    description: 'Your learners’ portfolios and the entries waiting for your sign-off.',
  });
  app.tasks.add((principal, now) => supervisorTasks(app.db, principal, now));
  listRoutes(app);
  entriesRoutes(app);
  entryRoutes(app);
  sleRoutes(app);
  msfRoutes(app);
  meetingsRoutes(app);
  attachmentsRoutes(app);
  exportRoutes(app);
}
