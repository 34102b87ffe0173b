import { and, asc, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { learningEvents } from './schema.ts';
import type { LearningEvent } from './repository.ts';

/**
 * A region's scheduled events starting in [from, to), soonest first (at most 500): a programme year's events for
 * the handbook and the public pages, past ones included.
 */
export async function scheduledEventsBetween(db: Db, regionId: string, from: Date, to: Date): Promise<LearningEvent[]> {
  return db
    .select()
    .from(learningEvents)
    .where(
      and(
        eq(learningEvents.regionId, regionId),
        eq(learningEvents.status, 'scheduled'),
        gte(learningEvents.startsAt, from),
        lt(learningEvents.startsAt, to),
      ),
    )
    .orderBy(asc(learningEvents.startsAt), asc(learningEvents.id))
    .limit(500);
}
