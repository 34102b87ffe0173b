import { declareTable, personal } from '../../platform/db/personal-data.ts';
import { annualReviews, stageHistory } from './schema.ts';

export const progressPersonalData = [
  declareTable(stageHistory, { stage: personal('curriculumProgress', 'kept anonymised') }),
  declareTable(annualReviews, {
    year: personal('curriculumProgress', 'kept anonymised'),
    stage: personal('curriculumProgress', 'kept anonymised'),
    outcome: personal('curriculumProgress', 'kept anonymised'),
    comments: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
    actions: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
    panel: personal('curriculumProgress', 'identifiers removed', 'kept as the programme’s record of the review'),
  }),
];
