/**
 * A project's change ideas and the PDSA cycles that test them. Every change is written in one transaction with its
 * audit record, on the project row locked first (project-change.ts); the project must still be open when the lock is
 * taken (it may have been completed since the page was shown).
 */
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { CycleDetails } from './domain/pdsa.ts';
import type { ProjectAccess } from './policy.ts';
import { changeProject, closed, isActive } from './project-change.ts';
import * as pdsa from './pdsa-repository.ts';
import type { ChangeIdea, PdsaCycle } from './pdsa-repository.ts';

/** What a cycle was saved from: its last change, so that a page out of date is not saved over a newer one. */
export function versionOf(cycle: PdsaCycle): string {
  return cycle.updatedAt.toISOString();
}

// ----- Change ideas -----

export async function createIdea(ctx: Context, access: ProjectAccess, description: string): Promise<ChangeIdea> {
  const { project } = access;
  return changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('description'))],
    change: async ({ tx }) =>
      pdsa.insertIdea(tx, {
        id: newId(),
        projectId: project.id,
        description,
        position: await pdsa.nextIdeaPosition(tx, project.id),
        createdAt: ctx.now,
      }),
    audit: (idea) => ({
      action: 'create',
      entityType: 'change_idea',
      entityId: idea.id,
      summary: `Added the change idea “${description}” to “${project.title}”`,
      after: { description },
    }),
  });
}

/** Removes a change idea; the cycles that tested it keep what was written, no longer linked to it. */
export async function removeIdea(ctx: Context, access: ProjectAccess, idea: ChangeIdea): Promise<void> {
  const { project } = access;
  await changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('description'))],
    change: async ({ tx }) => {
      if (!(await pdsa.deleteIdea(tx, project.id, idea.id))) throw new NotFoundError();
    },
    audit: () => ({
      action: 'delete',
      entityType: 'change_idea',
      entityId: idea.id,
      summary: `Removed the change idea “${idea.description}” from “${project.title}”`,
      before: { description: idea.description },
    }),
  });
}

// ----- PDSA cycles -----

async function checkIdea(tx: Db, projectId: string, ideaId: string | null): Promise<void> {
  if (ideaId !== null && (await pdsa.findIdea(tx, projectId, ideaId)) === undefined) {
    throw new RuleError('That change idea was removed: choose another, or “No change idea”', 'changeIdeaId');
  }
}

export async function createCycle(ctx: Context, access: ProjectAccess, details: CycleDetails): Promise<PdsaCycle> {
  const { project } = access;
  return changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('title'))],
    change: async ({ tx }) => {
      await checkIdea(tx, project.id, details.changeIdeaId);
      return pdsa.insertCycle(tx, {
        id: newId(),
        projectId: project.id,
        ...details,
        createdBy: ctx.principal.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
    },
    audit: (cycle) => ({
      action: 'create',
      entityType: 'pdsa_cycle',
      entityId: cycle.id,
      summary: `Recorded the PDSA cycle “${cycle.title}” of “${project.title}”`,
      after: { ...details },
    }),
  });
}

function detailsOf(cycle: PdsaCycle): CycleDetails {
  return {
    changeIdeaId: cycle.changeIdeaId,
    title: cycle.title,
    plan: cycle.plan,
    prediction: cycle.prediction,
    startsOn: cycle.startsOn,
    endsOn: cycle.endsOn,
    happened: cycle.happened,
    study: cycle.study,
    learned: cycle.learned,
    decision: cycle.decision,
  };
}

/**
 * Saves a cycle's form again (the team comes back to write Do, Study and Act); refused when someone saved the cycle
 * after the page was shown (`version`), so neither loses what they wrote without knowing.
 */
export async function updateCycle(
  ctx: Context,
  access: ProjectAccess,
  cycleId: string,
  details: CycleDetails,
  version: string,
): Promise<PdsaCycle> {
  const { project } = access;
  const saved = await changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('title'))],
    change: async ({ tx }) => {
      const current = await pdsa.findCycle(tx, project.id, cycleId);
      if (current === undefined) throw new NotFoundError();
      if (versionOf(current) !== version) {
        throw new RuleError(
          'Someone else changed this cycle while you were editing it. Copy what you wrote, open the cycle again and add it',
          'title',
        );
      }
      await checkIdea(tx, project.id, details.changeIdeaId);
      const updated = await pdsa.updateCycle(tx, project.id, cycleId, { ...details, updatedAt: ctx.now });
      if (updated === undefined) throw new NotFoundError();
      return { before: current, updated };
    },
    audit: ({ before, updated }) => ({
      action: 'update',
      entityType: 'pdsa_cycle',
      entityId: cycleId,
      summary: `Changed the PDSA cycle “${updated.title}” of “${project.title}”`,
      before: { ...detailsOf(before) },
      after: { ...details },
    }),
  });
  return saved.updated;
}

export async function deleteCycle(ctx: Context, access: ProjectAccess, cycle: PdsaCycle): Promise<void> {
  const { project } = access;
  await changeProject(ctx, project.id, {
    refuseUnless: [isActive(closed('title'))],
    change: async ({ tx }) => {
      if (!(await pdsa.deleteCycle(tx, project.id, cycle.id))) throw new NotFoundError();
    },
    audit: () => ({
      action: 'delete',
      entityType: 'pdsa_cycle',
      entityId: cycle.id,
      summary: `Deleted the PDSA cycle “${cycle.title}” of “${project.title}”`,
      before: { ...detailsOf(cycle) },
    }),
  });
}
