import { declareTable, personal } from '../../platform/db/personal-data.ts';
import { authPersonalData } from '../../platform/auth/personal-data.ts';
import { auditPersonalData } from '../../platform/audit/personal-data.ts';
import { mailPersonalData } from '../../platform/mail/personal-data.ts';
import { jobsPersonalData } from '../../platform/jobs/personal-data.ts';
import { learnerProfiles, roleAssignments } from './schema.ts';

/** The platform's tables (accounts, audit log, outbox, jobs), which people's erasure looks after. */
export const platformPersonalData = [
  ...authPersonalData,
  ...auditPersonalData,
  ...mailPersonalData,
  ...jobsPersonalData,
];

export const peoplePersonalData = [
  declareTable(roleAssignments, {
    role: personal('roles', 'kept anonymised'),
  }),
  declareTable(learnerProfiles, {
    gmcNumber: personal('learnerProfile', 'cleared'),
    stage: personal('learnerProfile', 'kept anonymised'),
    programme: personal('learnerProfile', 'kept anonymised'),
  }),
];
