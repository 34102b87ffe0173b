/** What the projects' route tests share: a project started as a learner starts one, and a measure added to it. */
import { expect } from 'vitest';
import { readPage } from '../../testing/html.ts';
import type { Person } from '../../testing/people.ts';

/** Starts a project through the form as the learner (every field posted, as a browser sends them); gives its id. */
export async function startProject(learner: Person, fields: Record<string, string> = {}): Promise<string> {
  const response = await learner.agent.post('/projects/new', {
    title: 'Lower-carbon inhalers',
    area: 'environmental_sustainability',
    aim: 'Reduce metered-dose inhaler prescribing at Riverside Surgery by 30% by March 2027',
    setting: 'Riverside Surgery',
    stage: 'set_goals',
    targetPopulation: 'Adults with asthma',
    core20Area: '',
    postcode: '',
    fellowUserId: '',
    ...fields,
  });
  expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);
  const match = /^\/projects\/([0-9a-f-]{36})$/.exec(response.headers.location ?? '');
  expect(match, response.headers.location).not.toBeNull();
  return match?.[1] ?? '';
}
