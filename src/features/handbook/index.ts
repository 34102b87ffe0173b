import type { FastifyInstance } from 'fastify';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { eraseHandbookData, handbookPersonalData, handbookPersonalDataOf } from './personal-data.ts';
import { handbookRoutes } from './routes.ts';

export { currentHandbookOf, type PublishedHandbookSummary } from './repository.ts';
export { publishedSectionTexts, type PublishedSectionText } from './public-queries.ts';
/** What the programme's own data says about it: the handbook's generated sections, and the public pages live. */
export { programmeFacts } from './facts.ts';
export type { ProgrammeFacts, ModuleFacts, PostFacts, EventFacts } from './domain/facts.ts';
export { seedDemoHandbook } from './demo.ts';

/**
 * The programme handbook: a versioned handbook per region, its written sections in Markdown and its generated
 * sections drawn from the programme's own data at publication, as a web page and a PDF, with acknowledgements.
 */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('handbook', handbookPersonalDataOf);
  registerErasureStep('handbook', eraseHandbookData);
  registerPersonalDataTables('handbook', handbookPersonalData);
  handbookRoutes(app);
  await Promise.resolve();
}
