/**
 * A published handbook as a PDF, made from its frozen content alone (so a version's PDF never changes), with the
 * shared document builder: headings as bookmarks, tagged structure, "Page N of M".
 */
import { createPdf } from '../../platform/pdf/document.ts';
import { markdownToText } from '../../platform/web/markdown.ts';
import type { HandbookContent, GeneratedPart } from './domain/content.ts';

export interface HandbookPdfMeta {
  number: number;
  publishedAt: Date;
  changeSummary: string;
}

function generatedBlocks(part: GeneratedPart): { heading?: string; items: string[] }[] {
  switch (part.kind) {
    case 'modules':
      return (part.curriculum?.modules ?? []).flatMap((module) => [
        { heading: `${module.code}: ${module.title}`, items: [module.description] },
        ...module.stages.map((stage) => ({
          items: stage.outcomes.map((outcome) => `${stage.name} — ${outcome.code}: ${outcome.text}`),
        })),
      ]);
    case 'posts':
      return part.year === null
        ? []
        : [
            {
              heading: `Posts in ${part.year.name}`,
              items: part.year.posts.map(
                (post) => `${post.code} ${post.title} (${post.leadEmployer}): ${post.settings.join(', ')}`,
              ),
            },
          ];
    case 'events':
      return [{ items: part.events.map((event) => `${event.startsAt.slice(0, 10)} ${event.title} (${event.type})`) }];
    case 'projects':
      return [{ items: part.areas.map((area) => area.label) }];
  }
}

export async function handbookPdf(content: HandbookContent, meta: HandbookPdfMeta): Promise<Buffer> {
  const title = `${content.regionName} School of Generalism handbook`;
  const pdf = createPdf({ title, author: `${content.regionName} School of Generalism`, createdAt: meta.publishedAt });
  pdf.heading(title, 1).paragraph(`Version ${String(meta.number)}. ${meta.changeSummary}`);
  for (const section of content.sections) {
    pdf.heading(section.title, 2);
    const text = markdownToText(section.markdown);
    for (const paragraph of text.split(/\n{2,}/).filter((part) => part.trim() !== '')) pdf.paragraph(paragraph);
    if (section.generated !== null) {
      for (const block of generatedBlocks(section.generated)) {
        if (block.heading !== undefined) pdf.heading(block.heading, 3);
        if (block.items.length > 0) pdf.list(block.items);
      }
    }
  }
  return pdf.toBuffer();
}
