import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { openTestDatabase } from '../../platform/db/testing.ts';
import { DEMO_ORGANISATIONS, seedDemoOrganisations } from './demo.ts';
import { isValidPostcode } from './domain/postcode.ts';
import { ensureRegions } from './reference.ts';
import { organisations, regions, sites } from './schema.ts';

describe('demo organisations', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await ensureRegions(database.db);
  });
  afterAll(async () => database.close());

  it('has eight acute trusts and every other kind of partner, with valid postcodes', () => {
    expect(DEMO_ORGANISATIONS.filter((demo) => demo.kind === 'acute_trust')).toHaveLength(8);
    const kinds = new Set(DEMO_ORGANISATIONS.map((demo) => demo.kind));
    for (const kind of ['community_trust', 'mental_health_trust', 'general_practice', 'hospice', 'local_authority'])
      expect(kinds).toContain(kind);
    expect(DEMO_ORGANISATIONS.filter((demo) => demo.kind === 'charity' && !demo.isNhs)).toHaveLength(2);
    for (const demo of DEMO_ORGANISATIONS) {
      expect(demo.sites.length).toBeGreaterThan(0);
      for (const site of demo.sites) expect(isValidPostcode(site.postcode), site.postcode).toBe(true);
    }
  });

  it('seeds them with their sites in the East of England', async () => {
    await database.db.transaction(async (tx) => {
      await seedDemoOrganisations(tx, new Date('2026-09-01T09:00:00Z'));
    });
    const rows = await database.db
      .select({ name: organisations.name, region: regions.code })
      .from(organisations)
      .innerJoin(regions, eq(regions.id, organisations.regionId));
    expect(rows).toHaveLength(DEMO_ORGANISATIONS.length);
    expect(rows.every((row) => row.region === 'east-of-england')).toBe(true);
    const siteRows = await database.db.select().from(sites);
    expect(siteRows).toHaveLength(DEMO_ORGANISATIONS.reduce((total, demo) => total + demo.sites.length, 0));
    expect(siteRows.map((site) => site.postcode)).toContain('CB2 0QQ');
  });
});
