import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { handbookVersions } from './schema.ts';

export interface PublishedHandbookSummary {
  id: string;
  number: number;
  publishedAt: Date;
  changeSummary: string;
}

/** The region's latest published handbook, or null when none has been published. */
export async function currentHandbookOf(db: Db, regionId: string): Promise<PublishedHandbookSummary | null> {
  const [row] = await db
    .select({
      id: handbookVersions.id,
      number: handbookVersions.number,
      publishedAt: handbookVersions.publishedAt,
      changeSummary: handbookVersions.changeSummary,
    })
    .from(handbookVersions)
    .where(eq(handbookVersions.regionId, regionId))
    .orderBy(desc(handbookVersions.number))
    .limit(1);
  return row ?? null;
}
