/**
 * A published handbook as a PDF, made from its frozen content alone (so a version's PDF never changes) with the
 * shared document builder: a cover with the version, its date and what changed; a contents with page numbers; then
 * each section on a new page, its title a level-1 heading and bookmark, its Markdown laid out as headings,
 * paragraphs, lists, tables, quotations and code, and its generated part (modules, posts, events, project areas)
 * as headings and tables. Every page after the cover has the handbook's name and version and the section's title
 * at the top.
 *
 * The Markdown is read with markdown-it as the HTML page reads it (raw HTML off, so a tag typed in a section is
 * shown as the text it is). In paragraphs and list items, bold, italic and links to http(s) and mailto addresses
 * (those the HTML page links) are kept as the builder's runs, so a link is clickable; any other link is its text.
 * Headings, table cells and quotations are one style: there a link is its text followed by its address in brackets.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { HeadingLevel, Inline, ListItem, PdfBuilder, TextRun } from '../../platform/pdf/builder.ts';
import { createPdf } from '../../platform/pdf/document.ts';
import { formatDate, formatDateTime } from '../../platform/web/format.ts';
import type { HandbookContent, GeneratedPart } from './domain/content.ts';

export interface HandbookPdfMeta {
  number: number;
  publishedAt: Date;
  changeSummary: string;
}

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

/** A section's Markdown as the builder's blocks; "#" is a level below the section's title. */
export type MarkdownBlock =
  | { kind: 'heading'; level: HeadingLevel; text: string }
  | { kind: 'paragraph'; text: Inline }
  | { kind: 'list'; numbered: boolean; items: ListItem[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'quote'; text: string }
  | { kind: 'code'; text: string };

/** An inline token's text without its marks; a link as "text (address)" unless the text is the address. */
function inlineText(token: Token | undefined): string {
  let text = '';
  const links: { href: string; from: number }[] = [];
  for (const child of token?.children ?? []) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
      case 'html_inline':
        text += child.content;
        break;
      case 'softbreak':
        text += ' ';
        break;
      case 'hardbreak':
        text += '\n';
        break;
      case 'image':
        text += child.content === '' ? '[image]' : `[image: ${child.content}]`;
        break;
      case 'link_open':
        links.push({ href: String(child.attrGet('href') ?? ''), from: text.length });
        break;
      case 'link_close': {
        const link = links.pop();
        if (link === undefined) break;
        const shown = text.slice(link.from).trim();
        const address = link.href.replace(/^mailto:/, '');
        if (address !== '' && shown !== address && shown !== link.href) text += ` (${address})`;
        break;
      }
      default:
        break;
    }
  }
  return text.trim();
}

/** The addresses the HTML page links (platform/web/markdown.ts), and so the PDF. */
const LINKABLE = /^(https?:|mailto:)/i;

/** An inline token's text as runs: bold, italic and web or mail links kept, anything else as its text. */
function inlineRuns(token: Token | undefined): TextRun[] {
  const runs: TextRun[] = [];
  let bold = 0;
  let italic = 0;
  const links: (string | undefined)[] = [];
  const add = (text: string) => {
    const href = links.findLast((link) => link !== undefined);
    runs.push({
      text,
      ...(bold > 0 ? { bold: true } : {}),
      ...(italic > 0 ? { italic: true } : {}),
      ...(href === undefined ? {} : { href }),
    });
  };
  for (const child of token?.children ?? []) {
    switch (child.type) {
      case 'text':
      case 'code_inline':
      case 'html_inline':
        add(child.content);
        break;
      case 'softbreak':
        add(' ');
        break;
      case 'hardbreak':
        add('\n');
        break;
      case 'image':
        add(child.content === '' ? '[image]' : `[image: ${child.content}]`);
        break;
      case 'strong_open':
        bold += 1;
        break;
      case 'strong_close':
        bold = Math.max(0, bold - 1);
        break;
      case 'em_open':
        italic += 1;
        break;
      case 'em_close':
        italic = Math.max(0, italic - 1);
        break;
      case 'link_open': {
        const href = String(child.attrGet('href') ?? '').trim();
        links.push(LINKABLE.test(href) ? href : undefined);
        break;
      }
      case 'link_close':
        links.pop();
        break;
      default:
        break;
    }
  }
  return runs;
}

const sameStyle = (a: TextRun, b: TextRun) => a.bold === b.bold && a.italic === b.italic && a.href === b.href;

/**
 * Runs as the builder's text: a string when they are all plain, otherwise the runs, neighbours of one style joined
 * and trimmed at both ends.
 */
function inlineOf(runs: readonly TextRun[]): Inline {
  const kept: TextRun[] = [];
  for (const run of runs) {
    const last = kept.at(-1);
    if (run.text === '') continue;
    if (last !== undefined && sameStyle(last, run)) kept[kept.length - 1] = { ...last, text: last.text + run.text };
    else kept.push(run);
  }
  if (kept.every((run) => run.bold !== true && run.italic !== true && run.href === undefined))
    return kept
      .map((run) => run.text)
      .join('')
      .trim();
  const trimmed = kept.map((run, index) => {
    let text = run.text;
    if (index === 0) text = text.trimStart();
    if (index === kept.length - 1) text = text.trimEnd();
    return { ...run, text };
  });
  return { runs: trimmed.filter((run) => run.text !== '') };
}

function isEmpty(text: Inline): boolean {
  return typeof text === 'string' ? text === '' : text.runs.length === 0;
}

/** The index of the token that closes the one opened at `open` (same nesting level). */
function closing(tokens: readonly Token[], open: number): number {
  const opener = tokens[open];
  if (opener === undefined) return open;
  const type = opener.type.replace(/_open$/, '_close');
  for (let index = open + 1; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token?.type === type && token.level === opener.level) return index;
  }
  return tokens.length - 1;
}

/** All the text inside tokens[from..to), paragraph by paragraph, for blocks flattened into a list item or quote. */
function textsWithin(tokens: readonly Token[], from: number, to: number): string[] {
  const texts: string[] = [];
  for (let index = from; index < to; index += 1) {
    const token = tokens[index];
    if (token?.type === 'inline') texts.push(inlineText(token));
    else if (token?.type === 'fence' || token?.type === 'code_block') texts.push(token.content.trimEnd());
  }
  return texts.filter((text) => text !== '');
}

/** The runs of each block inside tokens[from..to) (code as plain text), for blocks flattened into a list item. */
function runsWithin(tokens: readonly Token[], from: number, to: number): TextRun[][] {
  const found: TextRun[][] = [];
  for (let index = from; index < to; index += 1) {
    const token = tokens[index];
    if (token?.type === 'inline') found.push(inlineRuns(token));
    else if (token?.type === 'fence' || token?.type === 'code_block') found.push([{ text: token.content.trimEnd() }]);
  }
  return found.filter((runs) => !isEmpty(inlineOf(runs)));
}

/** A list's items; a nested list follows its item as an array (the builder's way of nesting). */
function listItems(tokens: readonly Token[], from: number, to: number): ListItem[] {
  const items: ListItem[] = [];
  let index = from;
  while (index < to) {
    const token = tokens[index];
    if (token?.type !== 'list_item_open') {
      index += 1;
      continue;
    }
    const end = closing(tokens, index);
    const texts: TextRun[][] = [];
    const nested: ListItem[] = [];
    let inner = index + 1;
    while (inner < end) {
      const child = tokens[inner];
      if (child?.type === 'bullet_list_open' || child?.type === 'ordered_list_open') {
        const listEnd = closing(tokens, inner);
        nested.push(...listItems(tokens, inner + 1, listEnd));
        inner = listEnd + 1;
      } else if (child?.type.endsWith('_open') === true) {
        const blockEnd = closing(tokens, inner);
        texts.push(...runsWithin(tokens, inner, blockEnd));
        inner = blockEnd + 1;
      } else {
        texts.push(...runsWithin(tokens, inner, inner + 1));
        inner += 1;
      }
    }
    items.push(inlineOf(texts.flatMap((runs, at) => (at === 0 ? runs : [{ text: ' ' }, ...runs]))));
    if (nested.length > 0) items.push(nested);
    index = end + 1;
  }
  return items;
}

function tableBlock(tokens: readonly Token[], from: number, to: number): MarkdownBlock {
  const head: string[] = [];
  const rows: string[][] = [];
  let row: string[] | null = null;
  let inHead = false;
  for (let index = from; index < to; index += 1) {
    const token = tokens[index];
    if (token?.type === 'thead_open') inHead = true;
    else if (token?.type === 'thead_close') inHead = false;
    else if (token?.type === 'tr_open') row = [];
    else if (token?.type === 'tr_close' && row !== null) {
      if (inHead) head.push(...row);
      else rows.push(row);
      row = null;
    } else if (token?.type === 'inline' && row !== null) row.push(inlineText(token));
  }
  return { kind: 'table', head, rows };
}

/** A section's Markdown as blocks: "#" becomes level 2 (under the section's title), "##" 3, deeper 4. */
export function markdownBlocks(source: string): MarkdownBlock[] {
  const tokens = markdown.parse(source, {});
  const blocks: MarkdownBlock[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index];
    if (token === undefined) break;
    switch (token.type) {
      case 'heading_open': {
        const level = Math.min(4, Number(token.tag.slice(1)) + 1) as HeadingLevel;
        const text = inlineText(tokens[index + 1]);
        if (text !== '') blocks.push({ kind: 'heading', level, text });
        index = closing(tokens, index) + 1;
        break;
      }
      case 'paragraph_open': {
        const text = inlineOf(inlineRuns(tokens[index + 1]));
        if (!isEmpty(text)) blocks.push({ kind: 'paragraph', text });
        index = closing(tokens, index) + 1;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const end = closing(tokens, index);
        const items = listItems(tokens, index + 1, end);
        if (items.length > 0) blocks.push({ kind: 'list', numbered: token.type === 'ordered_list_open', items });
        index = end + 1;
        break;
      }
      case 'table_open': {
        const end = closing(tokens, index);
        blocks.push(tableBlock(tokens, index + 1, end));
        index = end + 1;
        break;
      }
      case 'blockquote_open': {
        const end = closing(tokens, index);
        for (const text of textsWithin(tokens, index + 1, end)) blocks.push({ kind: 'quote', text });
        index = end + 1;
        break;
      }
      case 'fence':
      case 'code_block':
        if (token.content.trim() !== '') blocks.push({ kind: 'code', text: token.content });
        index += 1;
        break;
      case 'html_block':
        // Not produced with raw HTML off; should it ever be, it is shown as the text typed.
        if (token.content.trim() !== '') blocks.push({ kind: 'paragraph', text: token.content.trim() });
        index += 1;
        break;
      default:
        index += 1;
    }
  }
  return blocks;
}

function writeMarkdown(pdf: PdfBuilder, source: string): void {
  for (const block of markdownBlocks(source)) {
    switch (block.kind) {
      case 'heading':
        pdf.heading(block.text, block.level);
        break;
      case 'paragraph':
        pdf.paragraph(block.text);
        break;
      case 'list':
        pdf.list(block.items, { numbered: block.numbered });
        break;
      case 'table':
        pdf.table({ head: block.head, rows: block.rows });
        break;
      case 'quote':
        pdf.quote(block.text);
        break;
      case 'code':
        pdf.code(block.text);
        break;
    }
  }
}

/** "25 November 2026" and "9:30am to 4pm" on the next line, or both dates and times when the event runs over more than one day. */
function eventWhen(startsAt: string, endsAt: string): string {
  // "4pm" rather than "4:00pm", as the NHS style guide writes times on the hour.
  const time = (value: string) => (formatDateTime(value).split(' at ')[1] ?? '').replace(':00', '');
  if (formatDate(startsAt) === formatDate(endsAt))
    return `${formatDate(startsAt)}\n${time(startsAt)} to ${time(endsAt)}`;
  return `${formatDateTime(startsAt)} to ${formatDateTime(endsAt)}`;
}

function eventWhere(venue: string | null, online: boolean): string {
  if (venue !== null && venue.trim() !== '') return online ? `${venue} and online` : venue;
  return online ? 'Online' : 'To be confirmed';
}

function writeGenerated(pdf: PdfBuilder, part: GeneratedPart): void {
  switch (part.kind) {
    case 'modules': {
      if (part.curriculum === null) {
        pdf.paragraph('The programme has no curriculum yet, so there are no modules to show.');
        return;
      }
      if (part.curriculum.modules.length === 0) {
        pdf.paragraph('The curriculum has no modules yet.');
        return;
      }
      for (const module of part.curriculum.modules) {
        pdf.heading(`${module.code}: ${module.title}`, 2);
        if (module.description.trim() !== '') pdf.paragraph(module.description);
        if (module.whyItMatters.trim() !== '') pdf.paragraph(`Why it matters: ${module.whyItMatters}`);
        if (module.stages.length === 0) pdf.paragraph('This module has no outcomes yet.');
        for (const stage of module.stages) {
          pdf.heading(stage.name, 3);
          pdf.table({
            head: ['Outcome', 'What the doctor can do'],
            rows: stage.outcomes.map((outcome) => [outcome.code, outcome.text]),
            widths: [1, 5],
          });
        }
      }
      return;
    }
    case 'posts': {
      const year = part.year;
      if (year === null) {
        pdf.paragraph('There is no programme year yet, so there are no posts to show.');
        return;
      }
      pdf.paragraph(`${year.name} runs from ${formatDate(year.startsOn)} to ${formatDate(year.endsOn)}.`);
      if (year.posts.length === 0) {
        pdf.paragraph(`No posts have been set up for ${year.name} yet.`);
        return;
      }
      pdf.heading(`Posts in ${year.name}`, 2);
      pdf.table({
        head: ['Code', 'Post', 'Lead employer', 'Settings'],
        rows: year.posts.map((post) => [post.code, post.title, post.leadEmployer, post.settings.join(', ')]),
        widths: [1.1, 2.6, 2.2, 2.6],
      });
      if (year.settings.length > 0) {
        pdf.heading('Settings', 2);
        pdf.table({
          head: ['Setting', 'Posts that include it'],
          rows: year.settings.map((setting) => [setting.label, String(setting.posts)]),
          widths: [3, 1],
        });
      }
      return;
    }
    case 'events': {
      if (part.events.length === 0) {
        pdf.paragraph(
          part.yearName === null
            ? 'There is no programme year yet, so no learning events are scheduled.'
            : `No learning events are scheduled for ${part.yearName} yet.`,
        );
        return;
      }
      pdf.table({
        head: ['When', 'Event', 'Type', 'Where'],
        rows: part.events.map((event) => [
          eventWhen(event.startsAt, event.endsAt),
          event.title,
          event.type,
          eventWhere(event.venue, event.online),
        ]),
        widths: [2.4, 3, 1.6, 2],
      });
      return;
    }
    case 'projects':
      if (part.areas.length === 0) pdf.paragraph('No project areas have been set yet.');
      else pdf.list(part.areas.map((area) => area.label));
      return;
  }
}

export async function handbookPdf(content: HandbookContent, meta: HandbookPdfMeta): Promise<Buffer> {
  const title = `${content.regionName} School of Generalism handbook`;
  const version = `Version ${String(meta.number)}`;
  const pdf = createPdf({
    title,
    author: `${content.regionName} School of Generalism`,
    subject: `${version}, published ${formatDate(meta.publishedAt)}`,
    createdAt: meta.publishedAt,
    runningHeader: `${title}, version ${String(meta.number)}`,
  });
  pdf.cover({ title, lines: [version, `Published ${formatDate(meta.publishedAt)}`] });
  if (meta.changeSummary.trim() !== '') {
    pdf.heading('What changed in this version', 2, { bookmark: false });
    pdf.paragraph(meta.changeSummary.trim());
  }
  pdf.contents('Contents');
  for (const section of content.sections) {
    pdf.heading(section.title, 1, { newPage: true });
    if (section.markdown.trim() !== '') writeMarkdown(pdf, section.markdown);
    else if (section.generated === null) pdf.paragraph('The programme team has not written this section yet.');
    if (section.generated !== null) writeGenerated(pdf, section.generated);
  }
  return pdf.toBuffer();
}
