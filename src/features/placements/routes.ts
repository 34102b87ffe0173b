/** The placements feature's pages: posts and their rotations for the programme team, and "my year" for learners. */
import type { FastifyInstance } from 'fastify';
import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import { csvRoutes } from './csv-routes.ts';
import { myYearRoutes } from './my-year-routes.ts';
import { placementRoutes } from './placement-routes.ts';
import { postsRoutes } from './posts-routes.ts';

export function placementsRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'Posts',
    href: '/posts',
    roles: PROGRAMME_TEAM,
    order: 25,
    description: 'Generalism posts and their year-long rotations across settings.',
  });
  app.navigation.add({
    text: 'My year',
    href: '/my-year',
    roles: ['learner'],
    order: 26,
    description: 'Your post, placements, sites and supervisors for the year, and a calendar of the dates.',
  });
  postsRoutes(app);
  csvRoutes(app);
  placementRoutes(app);
  myYearRoutes(app);
}
