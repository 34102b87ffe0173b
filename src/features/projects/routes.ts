import type { FastifyInstance } from 'fastify';
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import { carbonRoutes } from './carbon-routes.ts';
import { deprivationRoutes } from './deprivation-routes.ts';
import { fellowsRoutes } from './fellows-routes.ts';
import { measureRoutes } from './measure-routes.ts';
import { outputsRoutes } from './outputs-routes.ts';
import { pdsaRoutes } from './pdsa-routes.ts';
import { projectRoutes } from './project-routes.ts';

/** The change projects' pages. */
export function projectsRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'Change projects',
    href: '/projects',
    roles: ['learner', ...SUPERVISORS, ...PROGRAMME_TEAM],
    order: 35,
    description:
      'Quality improvement in population health and sustainability: aims, measures with SPC charts, PDSA cycles and carbon.',
  });
  app.navigation.add({
    text: 'Change projects',
    href: '/projects',
    roles: ['educational_fellow'],
    order: 20,
    description: 'The projects you support: their stage, their last update and the teams who asked for help.',
  });
  projectRoutes(app);
  measureRoutes(app);
  pdsaRoutes(app);
  carbonRoutes(app);
  fellowsRoutes(app);
  outputsRoutes(app);
  deprivationRoutes(app);
}
