/** What the events feature holds about a person: each column declared, their data download and their erasure. */
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import * as repository from './repository.ts';
import { eventCalendarTokens, eventFeedback, eventRegistrations, learningEvents } from './schema.ts';

const ABOUT_EVENT = { withheld: 'written about the event; it names people only in passing' };

export const eventsPersonalData = [
  declareTable(learningEvents, {
    type: notPersonal('one of a fixed list of kinds of event'),
    title: personal(ABOUT_EVENT, 'identifiers removed'),
    description: personal(ABOUT_EVENT, 'identifiers removed'),
    venue: notPersonal('where the event is held'),
    onlineUrl: notPersonal('the meeting link of the event'),
    stages: notPersonal('the stages the event is for'),
    cohortIds: notPersonal('the cohorts the event is for'),
    outcomeCodes: notPersonal('the outcomes attending evidences'),
    checkInCode: notPersonal('a code shown in the room'),
    feedbackQuestions: notPersonal('the questions asked of everyone'),
    status: notPersonal('scheduled or cancelled'),
    cancellationReason: personal(ABOUT_EVENT, 'identifiers removed'),
  }),
  declareTable(eventRegistrations, {
    status: personal('learningEvents', 'kept anonymised'),
    checkedInBy: personal('learningEvents', 'kept anonymised'),
  }),
  declareTable(eventFeedback, {
    answers: personal(
      'learningEvents',
      'identifiers removed',
      'the person’s written answers are cleared and their ratings kept; others’ answers lose any mention of them',
    ),
  }),
  declareTable(eventCalendarTokens, {
    tokenHash: personal({ withheld: 'the hash of a private link' }, 'row deleted'),
  }),
];

/** A learner's places at events, attendance and feedback, for their "download my data". */
export async function eventPersonalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [places, feedback] = await Promise.all([
    repository.placeRecordsOf(db, userId),
    repository.feedbackRecordsOf(db, userId),
  ]);
  return { places, feedback };
}

/** Erasure: free-text feedback answers and the private calendar link go; ratings and attendance stay, anonymised. */
export async function eraseEventData(db: Db, userId: string): Promise<string | null> {
  const responses = await repository.feedbackGivenBy(db, userId);
  let texts = 0;
  for (const response of responses) {
    const answers = Object.fromEntries(
      Object.entries(response.answers).map(([question, answer]) => {
        if (typeof answer !== 'string') return [question, answer];
        texts += 1;
        return [question, null];
      }),
    );
    await repository.setFeedbackAnswers(db, response.eventId, userId, answers);
  }
  const tokens = await repository.deleteCalendarToken(db, userId);
  if (texts === 0 && tokens === 0) return null;
  return `${String(texts)} written feedback answers and ${String(tokens)} private calendar link removed`;
}
