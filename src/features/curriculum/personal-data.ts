import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import {
  annualReviews,
  cohorts,
  curricula,
  curriculumVersions,
  eventCalendarTokens,
  eventFeedback,
  eventRegistrations,
  evidenceLinks,
  learningActivities,
  learningEvents,
  stageHistory,
} from './schema.ts';

const CONTENT = 'curriculum content, the same for every learner';
const ABOUT_EVENT = { withheld: 'written about the event; it names people only in passing' };

export const curriculumPersonalData = [
  declareTable(curricula, { name: notPersonal('the name of a region’s curriculum') }),
  declareTable(curriculumVersions, {
    status: notPersonal('draft or published'),
    content: notPersonal(CONTENT),
    changeSummary: notPersonal(CONTENT),
  }),
  declareTable(evidenceLinks, {
    outcomeCode: personal('curriculumEvidence', 'kept anonymised'),
    sourceType: personal('curriculumEvidence', 'kept anonymised'),
    sourceId: notPersonal('the id of the record that is evidence'),
    label: personal('curriculumEvidence', 'identifiers removed'),
    href: notPersonal('a path on this site'),
  }),
  declareTable(cohorts, { name: notPersonal('the name of an intake, like “F2 intake 2025”') }),
  declareTable(stageHistory, { stage: personal('curriculumProgress', 'kept anonymised') }),
  declareTable(learningActivities, {
    type: notPersonal(CONTENT),
    title: notPersonal(CONTENT),
    description: notPersonal(CONTENT),
    url: notPersonal(CONTENT),
    outcomeCodes: notPersonal(CONTENT),
    stages: notPersonal(CONTENT),
  }),
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
  declareTable(annualReviews, {
    year: personal('curriculumProgress', 'kept anonymised'),
    stage: personal('curriculumProgress', 'kept anonymised'),
    outcome: personal('curriculumProgress', 'kept anonymised'),
    comments: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
    actions: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
    panel: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
  }),
];
