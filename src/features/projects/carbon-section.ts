import type { SectionLoader } from './sections.ts';

/** The project page's carbon section (written with its use case). */
export const carbonSection: SectionLoader = async () => Promise.resolve(null);
