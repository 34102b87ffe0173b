import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import { cohorts, curricula, curriculumVersions, evidenceLinks, learningActivities } from './schema.ts';

const CONTENT = 'curriculum content, the same for every learner';

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
  declareTable(learningActivities, {
    type: notPersonal(CONTENT),
    title: notPersonal(CONTENT),
    description: notPersonal(CONTENT),
    url: notPersonal(CONTENT),
    outcomeCodes: notPersonal(CONTENT),
    stages: notPersonal(CONTENT),
  }),
];
