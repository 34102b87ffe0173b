/**
 * The server the browser journeys run against (playwright.config.ts): the app started exactly as `npm start`
 * starts it (src/server.ts), and, once the demo region is loaded into the empty database, the journeys' starting
 * state (scripts/e2e-fixtures.ts), made at the app's clock (BREADTH_CLOCK_START). Not for production: it refuses to
 * run there.
 */
import { startOrExit } from '../src/server.ts';
import { createJourneyFixtures } from './e2e-fixtures.ts';

if (process.env.NODE_ENV === 'production') {
  process.stderr.write('The journeys’ server builds test data and never runs in production.\n');
  process.exit(1);
}

startOrExit({
  afterDemoSeed: async (app) => {
    const started = Date.now();
    await createJourneyFixtures(app);
    app.log.info({ ms: Date.now() - started }, 'built the journeys’ starting state');
  },
});
