import type { FastifyInstance } from 'fastify';
import { manageRoutes } from './manage-routes.ts';
import { READERS } from './policy.ts';
import { publicRoutes } from './public-routes.ts';
import { readerRoutes } from './reader-routes.ts';

/** The handbook's pages: public reading, the signed-in reader with acknowledgement, and the programme team's editor. */
export function handbookRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'Handbook',
    href: '/handbook',
    roles: READERS,
    order: 80,
    description: 'The programme handbook: what the programme is, what it expects of you and where to find help.',
  });
  publicRoutes(app);
  readerRoutes(app);
  manageRoutes(app);
}
