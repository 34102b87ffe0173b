import type { SectionLoader } from './sections.ts';

/** The project page's notes section (written with its use case). */
export const notesSection: SectionLoader = async () => Promise.resolve(null);
