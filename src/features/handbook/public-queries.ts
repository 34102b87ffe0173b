/** What the public School of Generalism pages read of the handbook: the written words of its current version. */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { handbookVersions } from './schema.ts';

export interface PublishedSectionText {
  key: string;
  title: string;
  markdown: string;
}

function sectionsOf(content: unknown): PublishedSectionText[] {
  if (typeof content !== 'object' || content === null) return [];
  const sections = (content as { sections?: unknown }).sections;
  if (!Array.isArray(sections)) return [];
  return sections.flatMap((section: unknown) => {
    if (typeof section !== 'object' || section === null) return [];
    const { key, title, markdown } = section as Record<string, unknown>;
    return typeof key === 'string' && typeof title === 'string' && typeof markdown === 'string'
      ? [{ key, title, markdown }]
      : [];
  });
}

/**
 * The written sections with these keys of the region's current published handbook, as they were published, in the
 * handbook's order (those with no words left out); empty when no version is published.
 */
export async function publishedSectionTexts(
  db: Db,
  regionId: string,
  keys: readonly string[],
): Promise<PublishedSectionText[]> {
  const [row] = await db
    .select({ content: handbookVersions.content })
    .from(handbookVersions)
    .where(eq(handbookVersions.regionId, regionId))
    .orderBy(desc(handbookVersions.number))
    .limit(1);
  if (row === undefined) return [];
  return sectionsOf(row.content).filter((section) => keys.includes(section.key) && section.markdown.trim() !== '');
}
