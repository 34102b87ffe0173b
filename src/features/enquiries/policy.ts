/**
 * Who may read and answer enquiries: the programme team of the enquiry's region (the platform administrator runs
 * every region's). Anyone else is told the enquiry does not exist, as for any record out of their scope.
 */
import type { Principal } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { PROGRAMME_TEAM, runsProgrammeIn } from '../../platform/policy.ts';
import { findEnquiry, type Enquiry } from './repository.ts';

/** The roles the inbox's routes let in; the service then checks the enquiry's region. */
export const INBOX_ROLES = PROGRAMME_TEAM;

/** The enquiry, when the person runs its region's programme; otherwise "not found". */
export async function visibleEnquiry(db: Db, principal: Principal, id: string): Promise<Enquiry> {
  const enquiry = await findEnquiry(db, id);
  if (enquiry === undefined || !runsProgrammeIn(principal, enquiry.regionId)) throw new NotFoundError();
  return enquiry;
}

/** A region whose settings the person may change; otherwise "not found". */
export function managedRegion(principal: Principal, regionId: string): string {
  if (!runsProgrammeIn(principal, regionId)) throw new NotFoundError();
  return regionId;
}
