import { notesFor } from './fellows-service.ts';
import type { SectionLoader } from './sections.ts';

/**
 * The project page's meeting notes: everyone who sees the project reads them (the team learns what was agreed); the
 * region’s fellows and programme team add them; each author may delete their own, and the programme team any.
 */
export const notesSection: SectionLoader = async (ctx, access) => ({
  template: 'projects/views/section-notes.njk',
  model: { projectId: access.project.id, ...(await notesFor(ctx, access)) },
});
