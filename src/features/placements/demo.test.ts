import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { openTestDatabase } from '../../platform/db/testing.ts';
import { seedIfEmpty } from '../../seed.ts';
import { users } from '../../platform/auth/schema.ts';
import { DEMO_DOMAIN } from '../people/index.ts';
import { checkRotation } from './domain/rotation.ts';
import { academicYear, nextAcademicYear } from './demo.ts';
import { placements, postAssignments, posts, programmeYears } from './schema.ts';

let database: Database;
const now = new Date('2026-09-15T10:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  await seedIfEmpty(database.db, { demoLogins: true }, now);
});
afterAll(async () => database.close());

describe('demo posts', () => {
  it('names the academic year that the date falls in', () => {
    expect(academicYear(new Date('2026-07-31T12:00:00Z')).name).toBe('F2 2025/26');
    expect(academicYear(new Date('2026-08-01T12:00:00Z'))).toEqual({
      name: 'F2 2026/27',
      startsOn: '2026-08-01',
      endsOn: '2027-07-31',
    });
  });

  it('names the academic year after it', () => {
    expect(nextAcademicYear(new Date('2026-07-31T12:00:00Z')).name).toBe('F2 2026/27');
    expect(nextAcademicYear(new Date('2026-08-01T12:00:00Z'))).toEqual({
      name: 'F2 2027/28',
      startsOn: '2027-08-01',
      endsOn: '2028-07-31',
    });
  });

  it('seeds 38 posts across 8 trusts, each a complete rotation over at least two settings', async () => {
    const [year] = await database.db.select().from(programmeYears).where(eq(programmeYears.name, 'F2 2026/27'));
    expect(year).toBeDefined();
    const all = await database.db
      .select()
      .from(posts)
      .where(eq(posts.programmeYearId, year?.id ?? ''));
    expect(all).toHaveLength(38);
    expect(new Set(all.map((post) => post.leadEmployerId)).size).toBe(8);
    const rows = await database.db.select().from(placements);
    const settings = new Set(rows.map((row) => row.setting));
    for (const setting of [
      'acute_hospital',
      'general_practice',
      'community',
      'mental_health',
      'voluntary_charity',
      'social_care',
    ]) {
      expect(settings).toContain(setting);
    }
    for (const post of all) {
      const check = checkRotation(
        rows.filter((row) => row.postId === post.id),
        { startsOn: year?.startsOn ?? '', endsOn: year?.endsOn ?? '' },
      );
      expect(check.problems, post.code).toEqual([]);
    }
  });

  it('seeds 10 posts for the next year, coded with the year, each a complete rotation', async () => {
    const [year] = await database.db.select().from(programmeYears).where(eq(programmeYears.name, 'F2 2027/28'));
    const next = await database.db
      .select()
      .from(posts)
      .where(eq(posts.programmeYearId, year?.id ?? ''));
    expect(next.map((post) => post.code).sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `EOE-GEN-27-${String(index + 1).padStart(2, '0')}`),
    );
    const rows = await database.db.select().from(placements);
    for (const post of next) {
      const check = checkRotation(
        rows.filter((row) => row.postId === post.id),
        { startsOn: year?.startsOn ?? '', endsOn: year?.endsOn ?? '' },
      );
      expect(check.problems, post.code).toEqual([]);
    }
  });

  it('puts the demo learner, by the published allocation, in a post with the demo clinical supervisor', async () => {
    const [learner] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, `learner${DEMO_DOMAIN}`));
    const [assignment] = await database.db
      .select()
      .from(postAssignments)
      .where(eq(postAssignments.learnerUserId, learner?.id ?? ''));
    expect(assignment?.source).toBe('allocation');
    const supervised = await database.db
      .select()
      .from(placements)
      .where(eq(placements.postId, assignment?.postId ?? ''));
    expect(supervised.some((row) => row.clinicalSupervisorUserId !== null)).toBe(true);
  });
});
