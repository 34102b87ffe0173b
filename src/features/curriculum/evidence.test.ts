import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { openTestDatabase } from '../../platform/db/testing.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { RuleError } from '../../platform/errors.ts';
import { createUser } from '../../testing/app.ts';
import { ensureRegions } from '../organisations/index.ts';
import { regions } from '../organisations/schema.ts';
import { learnerProfiles } from '../people/schema.ts';
import { createCurriculum, learnerVersion } from './repository.ts';
import { exampleCurriculum } from './domain/example.ts';
import { recordEvidence } from './evidence.ts';
import { curriculumVersions, evidenceLinks } from './schema.ts';

let database: Database;
let learnerId: string;
let regionId: string;
const now = new Date('2026-11-25T12:00:00Z');
const actor = { userId: null, label: 'Test' };
const source = { type: 'portfolio-entry' as const, id: 'entry-1', label: 'A patient’s journey home', href: '/x' };

async function links(): Promise<string[]> {
  const rows = await database.db.select().from(evidenceLinks).where(eq(evidenceLinks.learnerUserId, learnerId));
  return rows.map((row) => row.outcomeCode).sort();
}

beforeAll(async () => {
  database = await openTestDatabase();
  await ensureRegions(database.db, now);
  const [region] = await database.db.select().from(regions).where(eq(regions.code, 'east-of-england'));
  regionId = region?.id ?? '';
  const learner = await createUser(database.db, { role: 'learner', regionId });
  learnerId = learner.id;
  await database.db.insert(learnerProfiles).values({
    userId: learnerId,
    regionId,
    stage: 'F2',
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
});
afterAll(async () => database.close());

describe('the evidence interface', () => {
  it('refuses outcomes while the region has no curriculum, but accepts an empty set', async () => {
    await expect(
      recordEvidence(database.db, actor, { learnerId, source, outcomeCodes: ['PCP-F2-01'] }, now),
    ).rejects.toThrow(RuleError);
    await expect(recordEvidence(database.db, actor, { learnerId, source, outcomeCodes: [] }, now)).resolves.toEqual([]);
  });

  it('links a source to up to three outcomes, read as typed, and replaces them when recorded again', async () => {
    await createCurriculum(
      database.db,
      { regionId, name: 'Enhance', content: exampleCurriculum(), changeSummary: 'First', by: null },
      now,
    );
    const kept = await recordEvidence(
      database.db,
      actor,
      { learnerId, source, outcomeCodes: ['pcp f2 1', 'SYS-F2-01'] },
      now,
    );
    expect(kept).toEqual(['PCP-F2-01', 'SYS-F2-01']);
    expect(await links()).toEqual(['PCP-F2-01', 'SYS-F2-01']);
    await recordEvidence(database.db, actor, { learnerId, source, outcomeCodes: ['ENV-F2-01'] }, now);
    expect(await links()).toEqual(['ENV-F2-01']);
    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'evidence'));
    expect(events).toHaveLength(2);
    expect(events[1]?.summary).toContain('evidences ENV-F2-01');
  });

  it('refuses more than three outcomes, an unknown one or one twice, changing nothing', async () => {
    for (const outcomeCodes of [
      ['PCP-F2-01', 'SYS-F2-01', 'ENV-F2-01', 'POP-F2-01'],
      ['XYZ-F2-01'],
      ['PCP-F2-01', 'pcp-f2-01'],
    ]) {
      await expect(recordEvidence(database.db, actor, { learnerId, source, outcomeCodes }, now)).rejects.toThrow(
        RuleError,
      );
    }
    expect(await links()).toEqual(['ENV-F2-01']);
  });

  it('keeps the learner on the version they started on', async () => {
    const [first] = await database.db.select().from(curriculumVersions);
    await database.db.insert(curriculumVersions).values({
      id: '0196a000-0000-7000-8000-000000000002',
      curriculumId: first!.curriculumId,
      number: 2,
      status: 'published',
      content: { ...exampleCurriculum(), outcomes: [] },
      changeSummary: 'Second',
      createdAt: now,
      updatedAt: now,
    });
    const version = await learnerVersion(database.db, learnerId, first!.curriculumId);
    expect(version?.number).toBe(1);
  });

  it('removes a source’s links with an empty set', async () => {
    await recordEvidence(database.db, actor, { learnerId, source, outcomeCodes: [] }, now);
    expect(await links()).toEqual([]);
  });
});
