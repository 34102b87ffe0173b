import type { FastifyInstance } from 'fastify';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { eraseProjectsData, projectsPersonalData, projectsPersonalDataOf } from './personal-data.ts';
import { projectsRoutes } from './routes.ts';

export { seedDemoProjects } from './demo.ts';

/**
 * The change projects feature: projects in population health and environmental sustainability, the Model for
 * Improvement and SusQI, measures with SPC charts, PDSA cycles, carbon accounting and the educational fellows'
 * caseload.
 */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('projects', projectsPersonalDataOf);
  registerErasureStep('projects', eraseProjectsData);
  registerPersonalDataTables('projects', projectsPersonalData);
  projectsRoutes(app);
  await Promise.resolve();
}

/** Project areas and the public showcase for the handbook and the public pages, instead of the tables (ADR 12). */
export { PROJECT_AREAS, PROJECT_AREA_LABELS, type ProjectArea } from './domain/projects.ts';
export { listShowcase, type ShowcaseFilters } from './showcase-repository.ts';
