/** What the placements feature holds about a person: each column declared, their data download and their erasure. */
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import { SETTING_LABELS } from './domain/rotation.ts';
import * as repository from './repository.ts';
import * as myYearRepository from './my-year-repository.ts';
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

/**
 * A person's part of the data download: the posts they have been placed in (archived ones too) with each
 * placement, naming supervisors but giving no other person's details, and the placements they supervise.
 */
export async function personalData(db: Db, userId: string): Promise<Record<string, unknown>> {
  const assignments = await myYearRepository.learnerAssignments(db, userId);
  const assigned = [];
  for (const assignment of assignments) {
    const post = await repository.findPost(db, assignment.postId);
    if (post === undefined) continue;
    const placements = await repository.listPlacements(db, [post.id]);
    assigned.push({
      assignedAt: assignment.assignedAt.toISOString(),
      assignedBy: assignment.source,
      post: {
        code: post.code,
        title: post.title,
        programmeYear: post.year.name,
        startsOn: post.year.startsOn,
        endsOn: post.year.endsOn,
        region: post.regionName,
        leadEmployer: post.leadEmployerName,
        archived: post.archivedAt !== null,
      },
      placements: placements.map((placement) => ({
        provider: placement.organisationName,
        site: placement.site?.name ?? null,
        setting: SETTING_LABELS[placement.setting],
        specialty: placement.specialty,
        startsOn: placement.startsOn,
        endsOn: placement.endsOn,
        sessionsPerWeek: placement.sessionsPerWeek,
        clinicalSupervisor: placement.supervisor?.name ?? null,
      })),
    });
  }
  const calendar = await myYearRepository.calendarTokenOf(db, userId);
  return {
    posts: assigned,
    calendarLinkCreatedAt: calendar?.createdAt.toISOString() ?? null,
    supervising: await myYearRepository.supervisedPlacements(db, userId),
  };
}

/** Erasure step: the private "my year" calendar link goes; placements and assignments stay, anonymised. */
export async function erasePlacementData(db: Db, userId: string): Promise<string | null> {
  return myYearRepository.deleteCalendarToken(db, userId);
}
