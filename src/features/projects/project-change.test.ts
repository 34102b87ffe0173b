/**
 * The one way a project is changed: what it does on its own, whatever the change. The services' route tests show each
 * change's refusals and audit summaries; these show that a refused or failed change leaves nothing behind, and that
 * the last activity is noted once, by the touch or by the row's own update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TEST_NOW, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Context } from '../../platform/context.ts';
import { newId } from '../../platform/db/ids.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import type { ProjectStatus } from './domain/projects.ts';
import {
  CLOSED,
  STALE,
  atRevision,
  changeProject,
  closed,
  inStatus,
  isActive,
  type ChangeStep,
  type Rule,
} from './project-change.ts';
import * as repository from './repository.ts';
import { projectMembers } from './schema.ts';

const DAY = 86_400_000;
const BEFORE = new Date(TEST_NOW.getTime() - 7 * DAY);

let t: TestApp;
let east = '';
let ctx: Context;

beforeAll(async () => {
  t = await createTestApp();
  east = t.regionIds['east-of-england'] ?? '';
  const user = await createUser(t.db, { role: 'learner', regionId: east });
  ctx = {
    db: t.db,
    principal: { userId: user.id, email: user.email, displayName: user.displayName, roles: [], totpEnabled: false },
    actor: { userId: user.id, label: user.displayName },
    now: TEST_NOW,
    mailer: t.app.mailer,
    publicUrl: 'http://localhost',
  };
});
afterAll(async () => t.close());

/** A project last changed a week before the test's day. */
async function project(status: ProjectStatus = 'active') {
  return repository.insertProject(t.db, {
    id: newId(),
    regionId: east,
    title: `Project ${newId()}`,
    area: 'population_health',
    status,
    createdBy: ctx.principal.userId,
    createdAt: BEFORE,
    updatedAt: BEFORE,
    lastActivityAt: BEFORE,
  });
}

async function auditOf(entityId: string) {
  return t.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId));
}

async function rowOf(id: string) {
  const row = await repository.findProject(t.db, id);
  if (row === undefined) throw new Error('The project is gone');
  return row;
}

/** A change that writes a row of its own (a partner on the team), not the project's. */
function addPartner(projectId: string, name: string) {
  return async ({ tx }: ChangeStep) => {
    await repository.insertMember(tx, { id: newId(), projectId, role: 'partner', name, addedAt: TEST_NOW });
    return name;
  };
}

describe('changing a project', () => {
  it('notes the last activity of a change to other rows, keeps the revision, and audits it as the project’s', async () => {
    const { id } = await project();
    const name = await changeProject(ctx, id, {
      change: addPartner(id, 'Pat Partner'),
      audit: (added) => ({ action: 'update', summary: `Added ${added}` }),
    });
    expect(name).toBe('Pat Partner');
    const row = await rowOf(id);
    expect(row.lastActivityAt).toEqual(TEST_NOW);
    expect(row.updatedAt).toEqual(BEFORE);
    expect(row.revision).toBe(1);
    const [entry, ...more] = await auditOf(id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      action: 'update',
      entityType: 'change_project',
      entityId: id,
      regionId: east,
      summary: 'Added Pat Partner',
      actorUserId: ctx.principal.userId,
    });
  });

  it('moves the revision on when the change writes the project row, and audits another record when named', async () => {
    const { id } = await project();
    const otherId = newId();
    const updated = await changeProject(ctx, id, {
      change: async ({ update }) => update({ learning: 'Shorter clinics' }),
      audit: () => ({ action: 'update', entityType: 'project_measure', entityId: otherId, summary: 'Changed' }),
    });
    expect(updated).toMatchObject({ learning: 'Shorter clinics', revision: 2, lastActivityAt: TEST_NOW });
    expect((await rowOf(id)).revision).toBe(2);
    expect(await auditOf(id)).toEqual([]);
    expect(await auditOf(otherId)).toMatchObject([{ entityType: 'project_measure', regionId: east }]);
  });

  it('writes nothing when a rule refuses: no change, no audit, no last activity', async () => {
    const { id } = await project('stopped');
    let ran = false;
    const refused = changeProject(ctx, id, {
      refuseUnless: [isActive(closed('title'))],
      change: async (step) => {
        ran = true;
        return addPartner(id, 'Never added')(step);
      },
      audit: () => ({ action: 'update', summary: 'Never written' }),
    });
    await expect(refused).rejects.toMatchObject({ message: CLOSED, field: 'title' });
    expect(ran).toBe(false);
    expect((await rowOf(id)).lastActivityAt).toEqual(BEFORE);
    expect(await auditOf(id)).toEqual([]);
  });

  it('undoes the last activity and the change when the change fails part way', async () => {
    const { id } = await project();
    const failed = changeProject(ctx, id, {
      change: async (step) => {
        await addPartner(id, 'Rolled back')(step);
        throw new RuleError('That change idea was removed', 'changeIdeaId');
      },
      audit: () => ({ action: 'update', summary: 'Never written' }),
    });
    await expect(failed).rejects.toMatchObject({ message: 'That change idea was removed', field: 'changeIdeaId' });
    expect(await t.db.select().from(projectMembers).where(eq(projectMembers.projectId, id))).toEqual([]);
    expect((await rowOf(id)).lastActivityAt).toEqual(BEFORE);
    expect(await auditOf(id)).toEqual([]);
  });

  it('checks the rules in the order given, the first failed one refusing', async () => {
    const { id } = await project('completed');
    const attempt = (rules: readonly Rule[]) =>
      changeProject(ctx, id, {
        refuseUnless: rules,
        change: async () => 'changed',
        audit: () => ({ action: 'update', summary: 'Changed' }),
      });
    await expect(attempt([atRevision(7, 'title'), isActive(closed('title'))])).rejects.toMatchObject({
      message: STALE,
    });
    await expect(attempt([isActive(closed('aim')), atRevision(7, 'aim')])).rejects.toMatchObject({ message: CLOSED });
    const open = { message: 'This project is already open', field: 'project' };
    await expect(attempt([atRevision(1, 'title'), inStatus(['completed', 'stopped'], open)])).resolves.toBe('changed');
    expect(await auditOf(id)).toHaveLength(1);
  });

  it('says a project no longer there is not found, or refuses it as the change asks', async () => {
    const gone = newId();
    const spec = { change: async () => 'changed', audit: () => ({ action: 'update' as const, summary: 'Changed' }) };
    await expect(changeProject(ctx, gone, spec)).rejects.toBeInstanceOf(NotFoundError);
    const refusal = { message: 'The project of this request no longer exists', field: 'takeOn' };
    await expect(changeProject(ctx, gone, { ...spec, ifMissing: refusal })).rejects.toMatchObject(refusal);
    expect(await auditOf(gone)).toEqual([]);
  });
});
