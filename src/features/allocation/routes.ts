import { PROGRAMME_TEAM } from '../../platform/policy.ts';
import type { FastifyInstance } from 'fastify';
import { arrangementRoutes } from './arrangement-routes.ts';
import { preferencesRoutes, learnerAccess } from './preferences-routes.ts';
import * as preferences from './preferences-service.ts';
import { runsRoutes } from './runs-routes.ts';
import { windowsRoutes } from './windows-routes.ts';

/**
 * The allocation pages: preference windows, their special circumstances and linked applications, runs, publishing
 * and swaps, for the programme team; ranking and results, for learners.
 */
export function allocationRoutes(app: FastifyInstance): void {
  app.navigation.add({
    text: 'Allocation',
    href: '/allocation',
    roles: PROGRAMME_TEAM,
    order: 27,
    description: 'Preference windows, allocation runs and publishing the results.',
  });
  arrangementRoutes(app);
  app.navigation.add({
    text: 'Preferences',
    href: '/preferences',
    roles: learnerAccess,
    order: 27,
    description: 'Rank the posts you want, and see why you were given your post.',
  });
  app.tasks.add((principal, now) => preferences.learnerTasks(app.db, principal, now));
  windowsRoutes(app);
  runsRoutes(app);
  preferencesRoutes(app);
}
