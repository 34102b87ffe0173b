import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { openTestDatabase } from '../../platform/db/testing.ts';
import { users } from '../../platform/auth/schema.ts';
import { learnerProfiles } from '../people/schema.ts';
import { seedIfEmpty } from '../../seed.ts';
import { DEMO_DOMAIN } from '../people/index.ts';
import { computeProgress } from '../progress/domain/progress.ts';
import { validateCurriculum } from './domain/curriculum.ts';
import { cohorts, curriculumVersions, evidenceLinks, learningActivities } from './schema.ts';
import { learningEvents } from '../events/schema.ts';
import { annualReviews, stageHistory } from '../progress/schema.ts';

let database: Database;
// Late November: four learning days and one taster have happened.
const now = new Date('2026-11-25T12:00:00Z');

beforeAll(async () => {
  database = await openTestDatabase();
  await seedIfEmpty(database.db, { demoLogins: true }, now);
});
afterAll(async () => database.close());

describe('demo curriculum', () => {
  it('publishes version 1 of the Enhance curriculum without problems', async () => {
    const versions = await database.db.select().from(curriculumVersions);
    expect(versions).toHaveLength(1);
    expect(versions[0]?.number).toBe(1);
    expect(versions[0]?.status).toBe('published');
    expect(validateCurriculum(versions[0]!.content)).toEqual([]);
  });

  it('schedules a year of learning days and tasters, each evidencing outcomes of the curriculum', async () => {
    const events = await database.db.select().from(learningEvents);
    expect(events.filter((event) => event.type === 'learning-event-day')).toHaveLength(12);
    expect(events.filter((event) => event.type === 'taster').length).toBeGreaterThanOrEqual(4);
    const [version] = await database.db.select().from(curriculumVersions);
    const codes = new Set(version?.content.outcomes.map((outcome) => outcome.code));
    for (const event of events) {
      expect(event.outcomeCodes.length).toBeGreaterThan(0);
      expect(event.outcomeCodes.length).toBeLessThanOrEqual(3);
      for (const code of event.outcomeCodes) expect(codes.has(code)).toBe(true);
      expect(event.endsAt.getTime()).toBeGreaterThan(event.startsAt.getTime());
    }
    expect(events.some((event) => event.startsAt < now)).toBe(true);
    expect(events.some((event) => event.startsAt > now)).toBe(true);
  });

  it('lists learning activities, each mapped to up to three outcomes and required or optional at some stage', async () => {
    const [version] = await database.db.select().from(curriculumVersions);
    const codes = new Set(version?.content.outcomes.map((outcome) => outcome.code));
    const activities = await database.db.select().from(learningActivities);
    expect(activities.length).toBeGreaterThanOrEqual(6);
    for (const activity of activities) {
      expect(activity.outcomeCodes.length).toBeGreaterThan(0);
      expect(activity.outcomeCodes.length).toBeLessThanOrEqual(3);
      for (const code of activity.outcomeCodes) expect(codes.has(code)).toBe(true);
      expect(Object.keys(activity.stages).length).toBeGreaterThan(0);
    }
    expect(activities.some((activity) => Object.values(activity.stages).includes('required'))).toBe(true);
  });

  it('gives the F1, F2 and ST1 learners partial progress, cohorts and stage histories', async () => {
    const [version] = await database.db.select().from(curriculumVersions);
    // The demo's learner accounts; the cohort who only ranked posts in the allocation windows have no records.
    const learners = await database.db
      .select({ id: users.id, stage: learnerProfiles.stage })
      .from(learnerProfiles)
      .innerJoin(users, eq(users.id, learnerProfiles.userId))
      .where(like(users.email, `%${DEMO_DOMAIN}`));
    expect(new Set(learners.map((learner) => learner.stage))).toEqual(new Set(['F1', 'F2', 'ST1']));
    for (const learner of learners) {
      const links = await database.db.select().from(evidenceLinks).where(eq(evidenceLinks.learnerUserId, learner.id));
      const progress = computeProgress({
        content: version!.content,
        currentStage: learner.stage,
        evidence: links,
      });
      expect(progress.overall.toDate.evidenced).toBeGreaterThan(0);
      expect(progress.overall.toDate.evidenced).toBeLessThan(progress.overall.toDate.total);
      const history = await database.db.select().from(stageHistory).where(eq(stageHistory.learnerUserId, learner.id));
      expect(history.find((row) => row.endedOn === null)?.stage).toBe(learner.stage);
    }
    expect((await database.db.select().from(cohorts)).length).toBe(3);
    // F2 has its F1 review; ST1 its F1 and F2 reviews, the second asking for more evidence with an action.
    const reviews = await database.db.select().from(annualReviews);
    expect(reviews).toHaveLength(3);
    const more = reviews.filter((review) => review.outcome === 'more-evidence-needed');
    expect(more).toHaveLength(1);
    expect(more[0]?.actions.length).toBeGreaterThan(0);
  });
});
