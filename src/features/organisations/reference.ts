import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { regions } from './schema.ts';

/** The seven NHS England regions (since 2020). */
export const NHS_ENGLAND_REGIONS = [
  { code: 'east-of-england', name: 'East of England' },
  { code: 'london', name: 'London' },
  { code: 'midlands', name: 'Midlands' },
  { code: 'north-east-and-yorkshire', name: 'North East and Yorkshire' },
  { code: 'north-west', name: 'North West' },
  { code: 'south-east', name: 'South East' },
  { code: 'south-west', name: 'South West' },
] as const;

/** Reference data every installation has: adds any missing region, changes nothing else. */
export async function ensureRegions(db: Db, now: Date = new Date()): Promise<void> {
  await db
    .insert(regions)
    .values(
      NHS_ENGLAND_REGIONS.map((region) => ({ id: newId(), code: region.code, name: region.name, createdAt: now })),
    )
    .onConflictDoNothing({ target: regions.code });
}
