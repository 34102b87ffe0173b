import type { SectionLoader } from './sections.ts';

/** The project page's pdsa section (written with its use case). */
export const pdsaSection: SectionLoader = async () => Promise.resolve(null);
