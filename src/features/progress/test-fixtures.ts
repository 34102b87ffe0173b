/**
 * Builders for progress route tests that stand alone: each test makes the learners and supervisors it reads (and its
 * cohorts, testing/curriculum.ts), in a region whose curriculum (the example one, version 1) the file publishes once,
 * so that no test reads what another wrote.
 */
import type { TestApp } from '../../testing/app.ts';
import { givenEvidence } from '../../testing/curriculum.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { insertSupervision } from '../people/index.ts';

/** A learner at F2 with evidence of PCP-F1-01 and SYS-F2-01: 1 of the 6 F2 outcomes, 2 of the 12 to date. */
export async function givenAlex(t: TestApp, regionId: string, name = 'Alex Learner'): Promise<Person> {
  const alex = await addLearner(t, regionId, name, { stage: 'F2' });
  await givenEvidence(
    t,
    alex.id,
    { type: 'portfolio-entry', id: 'entry-1', label: 'Discharge to a care home', href: '/portfolio/entry-1' },
    ['PCP-F1-01', 'SYS-F2-01'],
  );
  await givenEvidence(t, alex.id, { type: 'event-attendance', id: 'event-1', label: 'Frailty day' }, ['SYS-F2-01']);
  return alex;
}

/** A learner at F1 with no evidence; one who posts forms reads a page for a CSRF token first. */
export async function givenBea(
  t: TestApp,
  regionId: string,
  options: { name?: string; postsForms?: boolean } = {},
): Promise<Person> {
  return addLearner(t, regionId, options.name ?? 'Bea Learner', { stage: 'F1', postsForms: options.postsForms });
}

/** A learner at F2 with evidence of SYS-F2-01 and PCP-F2-01: 2 of the 6 F2 outcomes. */
export async function givenCal(t: TestApp, regionId: string, name = 'Cal Learner'): Promise<Person> {
  const cal = await addLearner(t, regionId, name, { stage: 'F2' });
  await givenEvidence(t, cal.id, { type: 'portfolio-entry', id: 'entry-2', label: 'Across three services' }, [
    'SYS-F2-01',
    'PCP-F2-01',
  ]);
  return cal;
}

/** An educational supervisor of the region, signed in; one who posts forms reads a page for a CSRF token first. */
export async function givenSupervisor(
  t: TestApp,
  regionId: string,
  name: string,
  options: { postsForms?: boolean } = {},
): Promise<Person> {
  return signedIn(t, 'educational_supervisor', regionId, { name, postsForms: options.postsForms });
}

/** The supervisor supervises the learner from now on. */
export async function supervises(t: TestApp, supervisor: Person, learner: Person): Promise<void> {
  await insertSupervision(t.db, {
    id: newId(),
    learnerUserId: learner.id,
    supervisorUserId: supervisor.id,
    startedAt: t.app.clock(),
    endedAt: null,
  });
}
