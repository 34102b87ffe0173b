import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import { calendarTokens, placements, postAssignments, posts, programmeYears } from './schema.ts';

export const placementsPersonalData = [
  declareTable(programmeYears, { name: notPersonal('the name of a programme year, like “F2 2026/27”') }),
  declareTable(posts, {
    code: notPersonal('the code of a post'),
    title: notPersonal('the title of a post'),
  }),
  declareTable(placements, {
    setting: notPersonal('one of a fixed list of settings'),
    specialty: notPersonal('the specialty of a placement'),
  }),
  declareTable(postAssignments, { source: personal('placements', 'kept anonymised') }),
  declareTable(calendarTokens, { tokenHash: personal({ withheld: 'the hash of a private link' }, 'row deleted') }),
];
