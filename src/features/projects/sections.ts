/**
 * The parts of a project's page that each use case adds (PDSA cycles, carbon, the fellow's notes): each gives a
 * template under projects/views and its model, or null to show nothing.
 */
import type { Context } from '../../platform/context.ts';
import type { ProjectAccess } from './policy.ts';

export interface ProjectSection {
  template: string;
  model: Record<string, unknown>;
}

export type SectionLoader = (ctx: Context, access: ProjectAccess) => Promise<ProjectSection | null>;
