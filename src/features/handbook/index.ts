import type { FastifyInstance } from 'fastify';

export { currentHandbookOf, type PublishedHandbookSummary } from './repository.ts';
export { publishedSectionTexts, type PublishedSectionText } from './public-queries.ts';
/** What the programme's own data says about it: the handbook's generated sections, and the public pages live. */
export { programmeFacts } from './facts.ts';
export type { ProgrammeFacts, ModuleFacts, PostFacts, EventFacts } from './domain/facts.ts';

/**
 * The programme handbook: a versioned handbook per region, its written sections in Markdown and its generated
 * sections drawn from the programme's own data at publication, as a web page and a PDF, with acknowledgements.
 */
export async function register(_app: FastifyInstance): Promise<void> {
  await Promise.resolve();
}
