import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
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
