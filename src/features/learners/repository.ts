/**
 * Who supervises a learner now, from the people feature (educational supervisors) and the placements feature
 * (clinical supervisors of the learner's placements). The learners feature keeps no tables of its own.
 */
import { SUPERVISORS } from '../../platform/policy.ts';
import type { Db } from '../../platform/db/client.ts';
import { educationalSuperviseesOf, learnersWhereHolds } from '../people/index.ts';
import { clinicallySupervisedLearnerIds } from '../placements/index.ts';
import { clinicalSupervisionSpan } from './domain/supervision.ts';

/**
 * Learners the person supervises now: as their educational supervisor, or as clinical supervisor of a placement in
 * the post they are assigned to that is under way or ended less than CLINICAL_SUPERVISION_MONTHS_AFTER ago. Either
 * way only while the supervisor's account is active and they still hold the role in the learner's region: a role
 * taken away ends the access even where the supervision or the placement was not updated.
 */
export async function supervisedLearnerIds(db: Db, supervisorId: string, now: Date): Promise<string[]> {
  const [educational, assigned] = await Promise.all([
    educationalSuperviseesOf(db, supervisorId),
    clinicallySupervisedLearnerIds(db, supervisorId, clinicalSupervisionSpan(now)),
  ]);
  // The placement form offers both supervisor roles as a placement's clinical supervisor.
  const clinical = await learnersWhereHolds(db, supervisorId, SUPERVISORS, assigned);
  return [...new Set([...educational, ...clinical])];
}
