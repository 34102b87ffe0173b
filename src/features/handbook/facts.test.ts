import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '../../seed.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { programmeFacts } from './facts.ts';

describe('programmeFacts on the demo', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedIfEmpty(t.db, { demoLogins: false }, TEST_NOW);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gathers the modules, the year’s posts and events, and the project areas', async () => {
    const facts = await programmeFacts(t.db, t.regionIds['east-of-england'] ?? '', TEST_NOW);
    expect(facts.regionName).toBe('East of England');
    expect(facts.regionCode).toBe('east-of-england');
    expect(facts.curriculum?.modules).toHaveLength(6);
    expect(facts.curriculum?.modules.every((module) => module.stages.length > 0)).toBe(true);
    expect(facts.year?.posts.length).toBeGreaterThan(0);
    expect(facts.year?.settings.length).toBeGreaterThan(0);
    expect(facts.year !== null && facts.year.startsOn <= '2026-10-14' && '2026-10-14' <= facts.year.endsOn).toBe(true);
    expect(facts.events.length).toBeGreaterThan(0);
    expect(facts.projectAreas.map((area) => area.key)).toContain('population_health');
  });

  it('says nothing of a region with no programme', async () => {
    const facts = await programmeFacts(t.db, t.regionIds.london ?? '', TEST_NOW);
    expect(facts).toMatchObject({ regionName: 'London', curriculum: null, year: null, events: [] });
  });
});
