/**
 * A learning event written straight to the events feature's table, for route tests of other features that read
 * events (progress suggests upcoming ones): no form, no facilitator, no places taken.
 */
import type { TestApp } from './app.ts';
import { newId } from '../platform/db/ids.ts';
import { learningEvents } from '../features/events/schema.ts';

export interface LearningEventFields {
  regionId: string;
  curriculumId: string;
  title: string;
  /** Days from now to its start (before now when negative); 10 unless given. */
  inDays?: number;
  outcomeCodes: string[];
  stages?: string[];
  cohortIds?: string[];
  status?: 'scheduled' | 'cancelled';
}

/** A learning event day in Cambridge, lasting three hours; its id. */
export async function givenLearningEvent(t: TestApp, fields: LearningEventFields): Promise<string> {
  const id = newId();
  const now = t.app.clock();
  const startsAt = new Date(now.getTime() + (fields.inDays ?? 10) * 86_400_000);
  await t.db.insert(learningEvents).values({
    id,
    regionId: fields.regionId,
    curriculumId: fields.curriculumId,
    type: 'learning-event-day',
    title: fields.title,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
    venue: 'Cambridge',
    stages: fields.stages ?? [],
    cohortIds: fields.cohortIds ?? [],
    outcomeCodes: fields.outcomeCodes,
    checkInCode: 'ABC123',
    feedbackQuestions: [],
    status: fields.status ?? 'scheduled',
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
