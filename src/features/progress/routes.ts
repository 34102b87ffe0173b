import type { FastifyInstance } from 'fastify';
import { STAFF } from './policy.ts';
import { cohortsRoutes } from './cohorts-routes.ts';
import { learnersRoutes } from './learners-routes.ts';
import { reviewsRoutes } from './reviews-routes.ts';

/** The progress feature's pages: a learner's progress, the learners, their annual reviews, and cohorts. */
export function progressRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'My progress',
    href: '/progress',
    roles: ['learner'],
    order: 32,
    description:
      'What you have evidenced in each domain of the curriculum, what is still needed, and events that would help.',
  });
  app.navigation.add({
    text: 'Learners',
    href: '/learners',
    roles: STAFF,
    order: 33,
    description:
      'Your learners’ progress through the curriculum, their stages, supervisors, cohorts and annual reviews.',
  });
  learnersRoutes(app);
  reviewsRoutes(app);
  cohortsRoutes(app);
}
