import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { FileStore } from '../../platform/files/storage.ts';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { portfolioRoutes } from './routes.ts';
import { erasePortfolioData, portfolioPersonalData, portfolioPersonalDataOf } from './personal-data.ts';

export { seedDemoPortfolio } from './demo.ts';
export { detectIdentifiers, type IdentifierFinding, type IdentifierKind } from './domain/identifiers.ts';
export { patientIdentifierProblem } from './domain/patient-identifiers.ts';
export { ENTRY_KINDS, ENTRY_KIND_LABELS, type EntryKind } from './domain/entries.ts';
export { portfolioEntriesByOutcome, type OutcomeEvidence } from './export-service.ts';

/**
 * The portfolio feature: patient journeys across systems, reflections, MDT meetings, assessments and supervisor
 * sign-off, behind the anonymisation guard (ADR 13).
 */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('portfolio', portfolioPersonalDataOf);
  registerErasureStep('portfolio', erasePortfolioData(new FileStore(path.join(app.config.dataDir, 'files')), app.log));
  registerPersonalDataTables('portfolio', portfolioPersonalData);
  portfolioRoutes(app);
  await Promise.resolve();
}
