import type { FastifyInstance } from 'fastify';
import { SUPERVISORS } from '../../platform/policy.ts';
import { hasRole } from '../../platform/auth/roles.ts';
import { findLearner } from '../people/index.ts';
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
  // A learner whose learner record is not set up yet has no portfolio to write in: /portfolio says why.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' || !(path.startsWith('/portfolio/new/') || path === '/portfolio/pdp')) return;
    if (request.principal === null || !hasRole(request.principal, 'learner')) return;
    if ((await findLearner(app.db, request.principal.userId)) === undefined) await reply.redirect('/portfolio');
  });
  listRoutes(app);
  entriesRoutes(app);
  entryRoutes(app);
  sleRoutes(app);
  msfRoutes(app);
  meetingsRoutes(app);
  attachmentsRoutes(app);
  exportRoutes(app);
}
