/**
 * What change projects hold about a person. A project is its team's shared work, so its plan, data and cycles are
 * not any one person's; what is the person's is their place on teams, the requests for support they made and the
 * notes they wrote as a fellow. Erasure takes them off every team and deletes their requests; their notes lose their
 * name.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { declareTable, notPersonal, personal } from '../../platform/db/personal-data.ts';
import {
  carbonFactors,
  changeIdeas,
  changeProjects,
  fellowNotes,
  imdLsoas,
  measurePoints,
  pdsaCycles,
  postcodeLsoas,
  projectCarbonLines,
  projectMeasures,
  projectMembers,
  supportRequests,
} from './schema.ts';

const SOURCE = 'projects';
const SHARED = 'the team’s shared project, not about one person';

export const projectsPersonalData = [
  declareTable(changeProjects, {
    title: notPersonal(SHARED),
    area: notPersonal('one of a fixed list of areas'),
    setting: notPersonal(SHARED),
    stage: notPersonal('one of the four SusQI stages'),
    status: notPersonal('active, completed or stopped'),
    aim: notPersonal(SHARED),
    targetPopulation: notPersonal('a population, never a person'),
    core20Area: notPersonal('one of a fixed list of Core20PLUS5 areas'),
    postcode: notPersonal('the postcode of a care site, not of a person'),
    socialImpact: notPersonal(SHARED),
    patientOutcome: notPersonal(SHARED),
    learning: notPersonal(SHARED),
    outcomeCodes: notPersonal('curriculum outcome codes'),
  }),
  declareTable(projectMembers, {
    role: notPersonal('learner, supervisor or partner'),
    name: personal(
      { withheld: 'a partner’s name as the team typed it; partners have no account' },
      'identifiers removed',
    ),
    organisation: notPersonal('the partner’s organisation'),
  }),
  declareTable(projectMeasures, {
    name: notPersonal(SHARED),
    kind: notPersonal('outcome, process or balancing'),
    unit: notPersonal('a unit of measurement'),
    improvement: notPersonal('which direction is better'),
    definition: notPersonal(SHARED),
  }),
  declareTable(measurePoints, { note: notPersonal('a note on a data point of a process measure') }),
  declareTable(changeIdeas, { description: notPersonal(SHARED) }),
  declareTable(pdsaCycles, {
    title: notPersonal(SHARED),
    plan: notPersonal(SHARED),
    prediction: notPersonal(SHARED),
    happened: notPersonal(SHARED),
    study: notPersonal(SHARED),
    learned: notPersonal(SHARED),
    decision: notPersonal('adopt, adapt or abandon'),
  }),
  declareTable(carbonFactors, {
    key: notPersonal('the stable name of an emission factor'),
    category: notPersonal('a category of emission factors'),
    item: notPersonal('what an emission factor is for'),
    unit: notPersonal('a unit of measurement'),
    source: notPersonal('the citation of an emission factor'),
  }),
  declareTable(projectCarbonLines, {
    phase: notPersonal('before or after the change'),
    note: notPersonal(SHARED),
  }),
  declareTable(fellowNotes, {
    notes: personal(SOURCE, 'identifiers removed', 'a fellow’s note of a meeting with a project’s team'),
  }),
  declareTable(supportRequests, {
    message: personal(SOURCE, 'row deleted', 'a learner’s request for a fellow’s support'),
    status: notPersonal('open or closed'),
  }),
  declareTable(imdLsoas, {
    lsoaCode: notPersonal('a national statistical area code'),
    name: notPersonal('the name of a statistical area'),
    edition: notPersonal('the edition of the Indices of Deprivation'),
  }),
  declareTable(postcodeLsoas, {
    postcodeKey: notPersonal('a postcode of the national lookup, not linked to a person'),
    lsoaCode: notPersonal('a national statistical area code'),
  }),
];

/** The person's places on project teams, their requests for support and the notes they wrote. */
export async function projectsPersonalDataOf(db: Db, userId: string): Promise<Record<string, unknown>> {
  const [memberships, requests, notes] = await Promise.all([
    db
      .select({
        projectId: changeProjects.id,
        title: changeProjects.title,
        role: projectMembers.role,
        addedAt: projectMembers.addedAt,
      })
      .from(projectMembers)
      .innerJoin(changeProjects, eq(changeProjects.id, projectMembers.projectId))
      .where(eq(projectMembers.userId, userId)),
    db
      .select({
        message: supportRequests.message,
        status: supportRequests.status,
        createdAt: supportRequests.createdAt,
      })
      .from(supportRequests)
      .where(eq(supportRequests.learnerUserId, userId)),
    db
      .select({ projectId: fellowNotes.projectId, metOn: fellowNotes.metOn, notes: fellowNotes.notes })
      .from(fellowNotes)
      .where(eq(fellowNotes.authorId, userId)),
  ]);
  return { teams: memberships, supportRequests: requests, meetingNotesWritten: notes };
}

/** Takes the person off every team and deletes their requests for support. */
export async function eraseProjectsData(db: Db, userId: string): Promise<string | null> {
  const removed = await db
    .delete(projectMembers)
    .where(and(eq(projectMembers.userId, userId), inArray(projectMembers.role, ['learner', 'supervisor'])))
    .returning({ id: projectMembers.id });
  const requests = await db
    .delete(supportRequests)
    .where(eq(supportRequests.learnerUserId, userId))
    .returning({ id: supportRequests.id });
  if (removed.length === 0 && requests.length === 0) return null;
  return `Taken off ${String(removed.length)} project teams; ${String(requests.length)} requests for support deleted`;
}
