import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedIfEmpty } from '../../seed.ts';
import { Agent, createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { users } from '../../platform/auth/schema.ts';
import { htmlProblems } from '../../testing/validate-html.ts';

describe('the demo handbook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedIfEmpty(t.db, { demoLogins: true }, TEST_NOW);
  });
  afterAll(async () => {
    await t.close();
  });

  it('has two published versions with generated sections, not yet acknowledged by the demo learner', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/school/east-of-england/handbook' });
    expect(page.statusCode).toBe(200);
    const read = readPage(page.body);
    expect(read.text()).toContain('Version 2');
    expect(read.section('Modules and outcomes').rows().length).toBeGreaterThan(6);
    expect(read.section('Posts and settings').rows().length).toBeGreaterThan(0);
    expect(read.section('This year’s learning events').rows().length).toBeGreaterThan(0);
    expect(await htmlProblems(page.body)).toEqual([]);
    const compared = readPage(
      (await t.app.inject({ method: 'GET', url: '/school/east-of-england/handbook/compare?from=1&to=2' })).body,
    );
    expect(compared.section('Support and wellbeing').texts('ins').length).toBeGreaterThan(0);

    const [learner] = await t.db.select().from(users).where(eq(users.email, 'learner@demo.breadth.example'));
    const agent = await new Agent(t.app).signInAs(learner?.id ?? '');
    expect(readPage((await agent.get('/')).body).text()).toContain('Read and acknowledge the handbook (version 2)');
  });
});
