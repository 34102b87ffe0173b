/** Fixtures shared by the allocation route tests: people, a trust, a programme year and posts. */
import { Agent, createUser, type TestApp } from '../../testing/app.ts';
import { newId } from '../../platform/db/ids.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { organisations } from '../organisations/schema.ts';
import { learnerProfiles } from '../people/schema.ts';
import { placements, posts, programmeYears } from '../placements/schema.ts';

export async function signedIn(
  t: TestApp,
  role: Role,
  region: string,
): Promise<{ id: string; email: string; agent: Agent }> {
  const user = await createUser(t.db, { role, regionId: t.regionIds[region] ?? null });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, email: user.email, agent };
}

export async function addLearner(
  t: TestApp,
  region: string,
  stage: 'F1' | 'F2',
): Promise<{ id: string; email: string; agent: Agent }> {
  const learner = await signedIn(t, 'learner', region);
  const now = new Date();
  await t.db.insert(learnerProfiles).values({
    userId: learner.id,
    regionId: t.regionIds[region] ?? '',
    stage,
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
  return learner;
}

export async function addOrganisation(t: TestApp, regionId: string, name: string): Promise<string> {
  const id = newId();
  const now = new Date();
  await t.db.insert(organisations).values({
    id,
    regionId,
    name,
    kind: 'acute_trust',
    isNhs: true,
    isPlacementProvider: true,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export async function addYear(t: TestApp, regionId: string, name: string): Promise<string> {
  const id = newId();
  const now = new Date();
  await t.db
    .insert(programmeYears)
    .values({ id, regionId, name, startsOn: '2026-08-01', endsOn: '2027-07-31', createdAt: now, updatedAt: now });
  return id;
}

export async function addPost(
  t: TestApp,
  year: string,
  regionId: string,
  code: string,
  leadEmployerId: string,
): Promise<string> {
  const id = newId();
  const now = new Date();
  await t.db.insert(posts).values({
    id,
    programmeYearId: year,
    regionId,
    code,
    title: `Generalism ${code}`,
    leadEmployerId,
    capacity: 1,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(placements).values({
    id: newId(),
    postId: id,
    organisationId: leadEmployerId,
    setting: 'acute_hospital',
    specialty: 'Acute medicine',
    startsOn: '2026-08-01',
    endsOn: '2027-07-31',
    sessionsPerWeek: 8,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
