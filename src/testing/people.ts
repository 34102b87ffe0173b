/**
 * People for route tests: someone signed in with one role, and a learner of a region. Each is a new account, so a
 * test that makes its own people reads nothing another test wrote.
 */
import { Agent, createUser, type TestApp } from './app.ts';
import type { Role } from '../platform/auth/roles.ts';
import { learnerProfiles } from '../features/people/schema.ts';

export interface Person {
  id: string;
  email: string;
  agent: Agent;
}

/**
 * Someone with one role (in the region, or none for a platform administrator), signed in. Only someone who will post
 * forms reads a page for a CSRF token first: a signed-in agent cannot fetch one later from the sign-in page.
 */
export async function signedIn(
  t: TestApp,
  role: Role,
  regionId: string | null,
  options: { name?: string; postsForms?: boolean } = {},
): Promise<Person> {
  const user = await createUser(t.db, { role, regionId, displayName: options.name });
  const agent = new Agent(t.app);
  if (options.postsForms === true) await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, email: user.email, agent };
}

/**
 * A learner of the region at a stage (F2 unless given), signed in: their profile only, none of the enrolment steps
 * run, so no curriculum version is recorded for them yet.
 */
export async function addLearner(
  t: TestApp,
  regionId: string,
  name: string,
  options: { stage?: 'F1' | 'F2'; postsForms?: boolean } = {},
): Promise<Person> {
  const person = await signedIn(t, 'learner', regionId, { name, postsForms: options.postsForms });
  const stage = options.stage ?? 'F2';
  const now = t.app.clock();
  await t.db
    .insert(learnerProfiles)
    .values({ userId: person.id, regionId, stage, programme: 'Generalism', createdAt: now, updatedAt: now });
  return person;
}
