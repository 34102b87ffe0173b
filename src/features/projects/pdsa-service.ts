/**
 * A project's change ideas and the PDSA cycles that test them. Every change is written in one transaction with its
 * audit record, on the project row locked first; the project must still be open when the lock is taken.
 */
import { audit } from '../../platform/audit/audit.ts';
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { CycleDetails } from './domain/pdsa.ts';
import type { ProjectAccess } from './policy.ts';
import * as repository from './repository.ts';
import * as pdsa from './pdsa-repository.ts';
import type { ChangeIdea, PdsaCycle } from './pdsa-repository.ts';

/** What a cycle was saved from: its last change, so that a page out of date is not saved over a newer one. */
export function versionOf(cycle: PdsaCycle): string {
  return cycle.updatedAt.toISOString();
}

/** Locks the project and checks it is still open (it may have been completed since the page was shown). */
async function lockOpen(tx: Db, access: ProjectAccess, field: string): Promise<void> {
  const current = await repository.lockProject(tx, access.project.id);
  if (current === undefined) throw new NotFoundError();
  if (current.status !== 'active') {
    throw new RuleError('This project is closed, so it can no longer be changed', field);
  }
}

// ----- Change ideas -----

export async function createIdea(ctx: Context, access: ProjectAccess, description: string): Promise<ChangeIdea> {
  const { project } = access;
  return ctx.db.transaction(async (tx) => {
    await lockOpen(tx, access, 'description');
    const idea = await pdsa.insertIdea(tx, {
      id: newId(),
      projectId: project.id,
      description,
      position: await pdsa.nextIdeaPosition(tx, project.id),
      createdAt: ctx.now,
    });
    await repository.touchProject(tx, project.id, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'change_idea',
        entityId: idea.id,
        regionId: project.regionId,
        summary: `Added the change idea “${description}” to “${project.title}”`,
        after: { description },
      },
      ctx.now,
    );
    return idea;
  });
}

/** Removes a change idea; the cycles that tested it keep what was written, no longer linked to it. */
export async function removeIdea(ctx: Context, access: ProjectAccess, idea: ChangeIdea): Promise<void> {
  const { project } = access;
  await ctx.db.transaction(async (tx) => {
    await lockOpen(tx, access, 'description');
    if (!(await pdsa.deleteIdea(tx, project.id, idea.id))) throw new NotFoundError();
    await repository.touchProject(tx, project.id, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'change_idea',
        entityId: idea.id,
        regionId: project.regionId,
        summary: `Removed the change idea “${idea.description}” from “${project.title}”`,
        before: { description: idea.description },
      },
      ctx.now,
    );
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
  return ctx.db.transaction(async (tx) => {
    await lockOpen(tx, access, 'title');
    await checkIdea(tx, project.id, details.changeIdeaId);
    const cycle = await pdsa.insertCycle(tx, {
      id: newId(),
      projectId: project.id,
      ...details,
      createdBy: ctx.principal.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await repository.touchProject(tx, project.id, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'create',
        entityType: 'pdsa_cycle',
        entityId: cycle.id,
        regionId: project.regionId,
        summary: `Recorded the PDSA cycle “${cycle.title}” of “${project.title}”`,
        after: { ...details },
      },
      ctx.now,
    );
    return cycle;
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
  return ctx.db.transaction(async (tx) => {
    await lockOpen(tx, access, 'title');
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
    await repository.touchProject(tx, project.id, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'update',
        entityType: 'pdsa_cycle',
        entityId: cycleId,
        regionId: project.regionId,
        summary: `Changed the PDSA cycle “${updated.title}” of “${project.title}”`,
        before: { ...detailsOf(current) },
        after: { ...details },
      },
      ctx.now,
    );
    return updated;
  });
}

export async function deleteCycle(ctx: Context, access: ProjectAccess, cycle: PdsaCycle): Promise<void> {
  const { project } = access;
  await ctx.db.transaction(async (tx) => {
    await lockOpen(tx, access, 'title');
    if (!(await pdsa.deleteCycle(tx, project.id, cycle.id))) throw new NotFoundError();
    await repository.touchProject(tx, project.id, ctx.now);
    await audit(
      tx,
      ctx.actor,
      {
        action: 'delete',
        entityType: 'pdsa_cycle',
        entityId: cycle.id,
        regionId: project.regionId,
        summary: `Deleted the PDSA cycle “${cycle.title}” of “${project.title}”`,
        before: { ...detailsOf(cycle) },
      },
      ctx.now,
    );
  });
}
