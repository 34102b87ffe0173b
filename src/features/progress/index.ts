import type { FastifyInstance } from 'fastify';
import { registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { personalData } from './service.ts';
import { progressRoutes } from './routes.ts';
import { progressPersonalData } from './personal-data.ts';

export { seedDemoProgress } from './demo.ts';

/** The progress feature: each learner's progress from evidence, stages, cohorts and heatmaps, annual reviews. */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('curriculumProgress', personalData);
  registerPersonalDataTables('progress', progressPersonalData);
  progressRoutes(app);
  await Promise.resolve();
}
