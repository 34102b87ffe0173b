/**
 * Who reaches the progress pages. Which learner's records a person may read or change is the services' rule
 * (region, the learner's circle), checked per record.
 */
import { PROGRAMME_TEAM, SUPERVISORS } from '../../platform/policy.ts';
import type { Role } from '../../platform/auth/roles.ts';

export const MANAGERS: readonly Role[] = PROGRAMME_TEAM;
/** Who lists learners: the programme team and supervisors. */
export const STAFF: readonly Role[] = [...PROGRAMME_TEAM, ...SUPERVISORS];
/**
 * Pages about one learner that the learner may read too. A learner is let through the route so that another
 * learner's id gets "not found" from the service, like anyone else outside the learner's circle.
 */
export const READERS: readonly Role[] = [...STAFF, 'learner'];
