/**
 * Queries behind the cohort pages that are not of cohorts: the learners of a region who may join one, and a
 * person's name. The cohorts and their members are the curriculum feature's (its cohorts-repository.ts).
 */
import { eq } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { learnersInRegion } from '../people/index.ts';
import { type LearnerRecord } from '../curriculum/index.ts';

/** Learners of a region (active accounts with the learner role), optionally only these ids. */
export async function regionLearners(db: Db, regionId: string, ids?: readonly string[]): Promise<LearnerRecord[]> {
  return learnersInRegion(db, regionId, ids);
}

export async function displayNameOf(db: Db, userId: string): Promise<string | undefined> {
  const [person] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return person?.name;
}
