import { count } from 'drizzle-orm';
import type { Db } from './platform/db/client.ts';
import { users } from './platform/auth/schema.ts';
import { ensureRegions, seedDemoOrganisations } from './features/organisations/index.ts';
import { seedDemoPeople } from './features/people/index.ts';
import { seedDemoPlacements } from './features/placements/index.ts';
import { seedDemoCurriculum } from './features/curriculum/index.ts';
import { seedDemoEvents } from './features/events/index.ts';
import { seedDemoProgress } from './features/progress/index.ts';
import { seedDemoPortfolio } from './features/portfolio/index.ts';
import { seedDemoProjects } from './features/projects/index.ts';
import { seedDemoAllocation } from './features/allocation/index.ts';
import { seedDemoEnquiries } from './features/enquiries/index.ts';
import { seedDemoSite } from './features/site/index.ts';
import { seedDemoHandbook } from './features/handbook/index.ts';

/**
 * Reference data always; the demo region only into a database with no accounts yet, so a real installation
 * is never touched. Each feature seeds its own part, in dependency order.
 */
export async function seedIfEmpty(db: Db, options: { demoLogins: boolean }, now: Date = new Date()): Promise<boolean> {
  await ensureRegions(db, now);
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return false;
  await db.transaction(async (tx) => {
    await seedDemoOrganisations(tx, now);
    await seedDemoPeople(tx, { demoLogins: options.demoLogins }, now);
    await seedDemoPlacements(tx, now);
    // The allocation's published run places the demo F2 learner in their post, which the features after it use.
    await seedDemoAllocation(tx, now);
    await seedDemoCurriculum(tx, now);
    await seedDemoEvents(tx, now);
    await seedDemoProgress(tx, now);
    await seedDemoPortfolio(tx, now);
    await seedDemoProjects(tx, now);
    await seedDemoEnquiries(tx, now);
    await seedDemoSite(tx, now);
    await seedDemoHandbook(tx, now);
  });
  return true;
}
