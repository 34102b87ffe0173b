/**
 * PDFs the server writes (a portfolio export, the programme handbook), built from a few kinds of block so that every
 * document reads the same way: A4, Roboto (embedded), headings that are also the document's bookmarks, and "Page N
 * of M".
 *
 * The blocks: headings (four levels; a heading is kept with the start of what follows it), paragraphs, labelled
 * values, bulleted or numbered lists (nested lists indent under their item), tables with a heading row (repeated at
 * the top of each page a long table runs onto), quotations (indented) and code (its lines and indentation kept). A
 * document may also have:
 * - a cover: the first page, with the title on a blue band, and no running header or page number;
 * - a contents: every level-1 heading after it (or level 1 and 2) with the page it starts on, right-aligned after dot
 *   leaders, each entry a link to its heading. Blocks are only recorded as they are added and laid out in toBuffer,
 *   so by then every heading is known: the contents measures its entries (titles that wrap included), keeps as many
 *   pages as they need, lays out the rest, and then goes back to write each entry with its page number;
 * - a running header (options.runningHeader) on every page but the cover: the document's name on the left, and on
 *   the right the latest level-1 heading begun on or before that page (the section the page belongs to when level-1
 *   headings start new pages, as the handbook's do).
 *
 * The PDF is tagged (headings H1 to H4, paragraphs, lists, tables, block quotations, code and the contents as
 * TOC/TOCI with links; header, footer, dot leaders and the cover's band marked as decoration) and names its
 * language, so a screen reader can follow it. A paragraph or list item may be runs of text in different styles
 * (plain, bold, italic, both) and links to web or mail addresses, filled into lines together as pdfkit's continued
 * text; a link is blue and underlined, clickable on every line it wraps onto, and tagged as a Link element holding
 * its text and its annotations. Limits: a link's annotations have an empty description (pdfkit writes them so; the
 * Link element's text is what a screen reader reads), and a line may break where one run meets the next even with no
 * space between them; headings, table cells and quotations are one style; a table that runs over pages is tagged
 * as one table per page, each with its heading row; a row taller than a page is cut; a numbered list counts from 1,
 * and a list nested in a numbered list is numbered too; code is set in Roboto like the rest (the project ships no
 * monospace font, and Courier, a standard font, would be neither embedded nor able to set most names), so only its
 * indentation, not its columns, lines up.
 *
 * Every text is set in Roboto, embedded (fonts.ts: each of its four styles loaded once per document when first
 * used, subset to the glyphs used, with a ToUnicode map so the text reads back): a name is shown as written,
 * "Łukasz Wiśniewski", "Zoë Ní Bhriain", "Σοφία Παπαδοπούλου" or "Дмитрий", and PDF/UA asks for embedded fonts. A
 * character Roboto lacks is replaced before it is written (text.ts, textForFont: "→" becomes "->", emoji are left
 * out, another script such as "漢" becomes "?"), so none is drawn as an empty box; what is measured is what is
 * drawn, in the same font. Bookmarks and the document's metadata are Unicode and keep the text as given.
 *
 * The document is built in memory: it suits documents of tens or a few hundred pages, not thousands.
 */
import { embedFonts, PDF_FONT } from './fonts.ts';
import { runsForFont, textForFont, wrap, type HasGlyph, type Inline, type ListItem, type TextRun } from './text.ts';
import PDFDocument from 'pdfkit';
import type {
  ContentsOptions,
  CoverBlock,
  HeadingLevel,
  HeadingOptions,
  ListOptions,
  PdfBuilder,
  PdfOptions,
  TableBlock,
} from './builder.ts';

const FONT = PDF_FONT.regular;
const BOLD = PDF_FONT.bold;
const ITALIC = PDF_FONT.italic;
const BOLD_ITALIC = PDF_FONT.boldItalic;
/** NHS design system text, secondary text, blue and border colours. */
const TEXT_COLOUR = '#212b32';
const SECONDARY_COLOUR = '#4c6272';
const NHS_BLUE = '#005eb8';
const BORDER_COLOUR = '#d8dde0';
const BODY_SIZE = 11;
const SMALL_SIZE = 9;
const TABLE_SIZE = 10;
const HEADING_SIZES: Record<HeadingLevel, number> = { 1: 20, 2: 15, 3: 12.5, 4: 11 };
/** 2 cm, the footer's baseline 1.2 cm from the bottom edge, the header's 1 cm from the top. */
const MARGIN = 56.69;
const FOOTER_FROM_BOTTOM = 34;
const HEADER_FROM_TOP = 28;
const INDENT = 18;

/** pdfkit's structure-aware options that @types/pdfkit does not declare yet. */
type TaggedTableOptions = PDFKit.Mixins.TableOptionsWithData & { structParent?: PDFKit.PDFStructureElement };
type TaggedCell = PDFKit.Mixins.CellOptions & { scope?: 'Row' | 'Column' };
/** An annotation's options; its description (Contents) must be a PDF string, which pdfkit writes from a String object. */
type TaggedAnnotation = Omit<PDFKit.Mixins.AnnotationOption, 'Contents'> & {
  structParent?: PDFKit.PDFStructureElement;
  Contents?: object;
};

interface HeadingRecord {
  text: string;
  level: HeadingLevel;
  bookmark: boolean;
  /** The named destination a contents entry links to. */
  destination: string;
  /** The page it was laid out on (0-based), once laid out. */
  page?: number;
}

interface ContentsEntryLayout {
  heading: HeadingRecord;
  page: number;
  y: number;
  indent: number;
  lines: string[];
}

interface ContentsRecord {
  toc: PDFKit.PDFStructureElement;
  entries: ContentsEntryLayout[];
}

class DocumentBuilder implements PdfBuilder {
  private readonly doc: PDFKit.PDFDocument;
  private readonly root: PDFKit.PDFStructureElement;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  /** Blocks, recorded in order and laid out in toBuffer (when every heading is known, for the contents). */
  private readonly blocks: (() => void)[] = [];
  private readonly headings: HeadingRecord[] = [];
  private readonly contentsBlocks: ContentsRecord[] = [];
  /** Pages with no running header or page number (the cover). */
  private readonly undecorated = new Set<number>();
  /** The outline item of the latest heading at each level, so a lower heading nests under it. */
  private outlineParents: PDFKit.PDFOutline[] = [];
  private finished = false;
  private readonly hasGlyph: HasGlyph;

  constructor(private readonly options: PdfOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      info: {
        Title: options.title,
        Author: options.author,
        ...(options.subject === undefined ? {} : { Subject: options.subject }),
        Creator: 'Breadth',
        CreationDate: options.createdAt,
        ModDate: options.createdAt,
      },
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    // pdfkit opens its default Helvetica, but writes a font into the file only once text is set in it: none is.
    this.hasGlyph = embedFonts(this.doc);
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.doc.fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
  }

  /** The text as the embedded font can set it (characters it lacks replaced). */
  private shown(text: string): string {
    return textForFont(text, this.hasGlyph);
  }

  private runs(text: Inline): TextRun[] {
    return runsForFont(text, this.hasGlyph);
  }

  private get pageIndex(): number {
    const { start, count } = this.doc.bufferedPageRange();
    return start + count - 1;
  }

  private get pageIsEmpty(): boolean {
    return this.doc.y <= this.doc.page.margins.top;
  }

  private get contentWidth(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private add(block: () => void): PdfBuilder {
    if (this.finished) throw new Error('This PDF has already been finished');
    this.blocks.push(block);
    return this;
  }

  cover(cover: CoverBlock): PdfBuilder {
    return this.add(() => {
      const doc = this.doc;
      if (!this.pageIsEmpty) doc.addPage();
      this.undecorated.add(this.pageIndex);
      const bandHeight = 250;
      doc.markContent('Artifact', { type: 'Layout' });
      doc.save().rect(0, 0, doc.page.width, bandHeight).fill(NHS_BLUE).restore();
      doc.endMarkedContent();
      doc.font(BOLD).fontSize(28).fillColor('#ffffff');
      const title = this.shown(cover.title);
      const height = doc.heightOfString(title, { width: this.contentWidth });
      doc.text(title, MARGIN, bandHeight - MARGIN / 2 - height, {
        width: this.contentWidth,
        structParent: this.root,
        structType: 'H1',
      });
      doc.fillColor(TEXT_COLOUR).font(BOLD).fontSize(16);
      doc.y = bandHeight + MARGIN / 2;
      for (const line of cover.lines ?? []) {
        doc.text(this.shown(line), MARGIN, doc.y, { structParent: this.root, structType: 'P' });
        doc.moveDown(0.3);
      }
      doc.moveDown(1).font(FONT).fontSize(BODY_SIZE);
    });
  }

  contents(title = 'Contents', options: ContentsOptions = {}): PdfBuilder {
    const depth = options.depth ?? 1;
    const from = this.headings.length;
    // The heading itself is recorded first so it is not one of its own entries.
    this.heading(title, 1, { newPage: true });
    return this.add(() => {
      const listed = this.headings.slice(from + 1).filter((heading) => heading.bookmark && heading.level <= depth);
      const toc = this.doc.struct('TOC');
      this.root.add(toc);
      this.contentsBlocks.push({ toc, entries: this.layOutContents(listed) });
      // What follows the contents starts on the page after its last entry.
      this.doc.addPage();
    });
  }

  /**
   * Where each entry goes: titles wrapped to leave room for the page number, entries kept whole, a new page when
   * the next one does not fit. The pages are added now; the entries are written when their page numbers are known.
   */
  private layOutContents(headings: readonly HeadingRecord[]): ContentsEntryLayout[] {
    const doc = this.doc.font(FONT).fontSize(BODY_SIZE);
    const numberWidth = doc.widthOfString('0000') + 12;
    const lineHeight = doc.currentLineHeight(true) + 2;
    const bottom = doc.page.height - doc.page.margins.bottom;
    const entries: ContentsEntryLayout[] = [];
    let y = doc.y + 4;
    for (const heading of headings) {
      const indent = heading.level === 1 ? 0 : INDENT;
      doc.font(heading.level === 1 ? BOLD : FONT);
      const lines = wrap(this.shown(heading.text), this.contentWidth - indent - numberWidth, (text) =>
        doc.widthOfString(text),
      );
      const height = lines.length * lineHeight;
      if (y + height > bottom) {
        doc.addPage();
        y = doc.page.margins.top;
      }
      entries.push({ heading, page: this.pageIndex, y, indent, lines });
      y += height + 4;
    }
    doc.font(FONT);
    doc.y = y;
    return entries;
  }

  heading(text: string, level: HeadingLevel = 1, options: HeadingOptions = {}): PdfBuilder {
    const record: HeadingRecord = {
      text,
      level,
      bookmark: options.bookmark ?? true,
      destination: `heading-${String(this.headings.length + 1)}`,
    };
    this.headings.push(record);
    return this.add(() => {
      const doc = this.doc.font(BOLD).fontSize(HEADING_SIZES[level]);
      const shown = this.shown(text);
      // Keep a heading with the start of what follows it rather than alone at the foot of a page.
      const needed = doc.heightOfString(shown) + 4 * doc.currentLineHeight(true);
      if (!this.pageIsEmpty && (options.newPage === true || doc.y + needed > doc.page.height - doc.page.margins.bottom))
        doc.addPage();
      else if (!this.pageIsEmpty) doc.moveDown(level === 1 ? 0.8 : 0.6);
      record.page = this.pageIndex;
      doc.x = doc.page.margins.left;
      doc.addNamedDestination(record.destination, 'XYZ', null, Math.max(0, doc.y - 8), null);
      if (record.bookmark) {
        const parent = this.outlineParents.slice(0, level - 1).findLast(Boolean) ?? doc.outline;
        this.outlineParents = this.outlineParents.slice(0, level - 1);
        this.outlineParents[level - 1] = parent.addItem(text, { expanded: level === 1 });
      }
      doc.fillColor(level === 1 ? NHS_BLUE : TEXT_COLOUR);
      doc.text(shown, { structParent: this.root, structType: `H${String(level)}` });
      doc.fillColor(TEXT_COLOUR).moveDown(0.3).font(FONT).fontSize(BODY_SIZE);
    });
  }

  paragraph(text: Inline): PdfBuilder {
    return this.add(() => {
      const paragraph = this.doc.struct('P');
      this.root.add(paragraph);
      this.writeRuns(this.runs(text), paragraph, this.doc.page.margins.left, this.contentWidth);
      paragraph.end();
      this.doc.x = this.doc.page.margins.left;
      this.doc.moveDown(0.5);
    });
  }

  /**
   * Runs filled into lines from (x, the current y) across the width, each in its font, as pdfkit's continued text:
   * each run marked as content of the parent structure element, a link run inside a Link element of its own with
   * its link annotations (one for each line it is on), blue and underlined as a link is on the web.
   */
  private writeRuns(runs: readonly TextRun[], parent: PDFKit.PDFStructureElement, x: number, width: number): void {
    const doc = this.doc.fontSize(BODY_SIZE);
    const shown: readonly TextRun[] = runs.length === 0 ? [{ text: ' ' }] : runs;
    shown.forEach((run, index) => {
      const link = run.href ?? null;
      doc.font(fontOf(run)).fillColor(link === null ? TEXT_COLOUR : NHS_BLUE);
      const options: PDFKit.Mixins.TextOptions = {
        width,
        continued: index < shown.length - 1,
        link,
        underline: link !== null,
      };
      const write = () => {
        if (index === 0) doc.text(run.text, x, doc.y, options);
        else doc.text(run.text, options);
      };
      if (link === null) parent.add(write);
      else {
        const element = doc.struct('Link');
        parent.add(element);
        element.add(write);
        element.end();
      }
    });
    doc.font(FONT).fillColor(TEXT_COLOUR);
  }

  keyValue(rows: readonly (readonly [label: string, value: string])[]): PdfBuilder {
    if (rows.length === 0) return this;
    return this.add(() => {
      const doc = this.doc.font(FONT).fontSize(BODY_SIZE);
      doc.x = doc.page.margins.left;
      const label = (text: string): TaggedCell => ({
        text: this.shown(text),
        type: 'TH',
        scope: 'Row',
        font: { src: BOLD },
      });
      const value = (text: string): TaggedCell => ({ text: this.shown(text), font: { src: FONT } });
      const options: TaggedTableOptions = {
        structParent: this.root,
        columnStyles: [Math.round(this.contentWidth / 3), '*'],
        defaultStyle: { border: false, padding: [2, 8, 2, 0] },
        data: rows.map(([name, text]) => [label(name), value(text)]),
      };
      doc.table(options);
      doc.x = doc.page.margins.left;
      doc.moveDown(0.5);
    });
  }

  list(items: readonly ListItem[], options: ListOptions = {}): PdfBuilder {
    if (items.length === 0) return this;
    return this.add(() => {
      this.doc.x = this.doc.page.margins.left;
      this.writeList(items, this.root, 0, options.numbered === true);
      this.doc.x = this.doc.page.margins.left;
      this.doc.moveDown(0.5);
    });
  }

  /**
   * A list (L) of items (LI), each its label (Lbl: a bullet or its number) and its body (LBody), a list nested under
   * an item inside that item's body and indented a level further. An item starts on a new page when its first line
   * would not fit, so its label is never left behind.
   */
  private writeList(
    items: readonly ListItem[],
    parent: PDFKit.PDFStructureElement,
    level: number,
    numbered: boolean,
  ): void {
    const doc = this.doc;
    const list = doc.struct('L');
    parent.add(list);
    const left = doc.page.margins.left + level * INDENT;
    // Room for the widest label ("12."), so the text of every item starts at one place.
    const count = items.filter((item) => !isNestedList(item)).length;
    const labelWidth = numbered
      ? Math.max(
          16,
          doc
            .font(FONT)
            .fontSize(BODY_SIZE)
            .widthOfString(`${String(count)}.`) + 5,
        )
      : 10;
    let number = 0;
    items.forEach((item, index) => {
      if (isNestedList(item)) return;
      number += 1;
      doc.font(FONT).fontSize(BODY_SIZE);
      if (doc.y + doc.currentLineHeight(true) > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const entry = doc.struct('LI');
      list.add(entry);
      const label = doc.struct('Lbl');
      entry.add(label);
      const top = doc.y;
      label.add(() => {
        doc.fillColor(TEXT_COLOUR).text(numbered ? `${String(number)}.` : '•', left, top, { lineBreak: false });
      });
      label.end();
      const body = doc.struct('LBody');
      entry.add(body);
      doc.y = top;
      this.writeRuns(this.runs(item), body, left + labelWidth, this.contentWidth - level * INDENT - labelWidth);
      doc.y += 2;
      const next = items[index + 1];
      if (next !== undefined && isNestedList(next)) this.writeList(next, body, level + 1, numbered);
      body.end();
      entry.end();
    });
    list.end();
  }

  table(table: TableBlock): PdfBuilder {
    if (table.head.length === 0) return this;
    return this.add(() => {
      const doc = this.doc;
      doc.x = doc.page.margins.left;
      const columns = table.head.length;
      const shares = table.widths?.length === columns ? table.widths : table.head.map(() => 1);
      const total = shares.reduce((sum, share) => sum + share, 0);
      const widths = shares.map((share) => Math.floor((this.contentWidth * share) / total));
      const head = table.head.map((text) => this.shown(text));
      const rows = table.rows.map((row) => table.head.map((_, index) => this.shown(row[index] ?? '')));
      // A row's height as pdfkit will lay it out (the cells' padding is 4 above and below, 6 on the right).
      const height = (cells: readonly string[], font: string): number => {
        doc.font(font).fontSize(TABLE_SIZE);
        const tallest = Math.max(
          ...cells.map((text, index) =>
            doc.heightOfString(text === '' ? ' ' : text, { width: (widths[index] ?? 0) - 6 }),
          ),
        );
        return tallest + 8;
      };
      const bottom = (): number => doc.page.height - doc.page.margins.bottom;
      const headHeight = height(head, BOLD);
      // The heading row is repeated at the top of each page the table runs onto: each page's part is laid out as a
      // table of its own (so the heading row is there for a screen reader too).
      let part: string[][] = [];
      let y = doc.y;
      const start = (first: readonly string[] | undefined) => {
        const needed = headHeight + (first === undefined ? 0 : height(first, FONT));
        if (!this.pageIsEmpty && y + needed > bottom()) {
          doc.addPage();
          y = doc.y;
        }
        y += headHeight;
      };
      start(rows[0]);
      for (const row of rows) {
        const rowHeight = height(row, FONT);
        if (part.length > 0 && y + rowHeight > bottom()) {
          this.writeTable(head, part, widths);
          part = [];
          doc.addPage();
          y = doc.y;
          start(row);
        }
        part.push(row);
        y += rowHeight;
      }
      this.writeTable(head, part, widths);
      doc.x = doc.page.margins.left;
      doc.font(FONT).fontSize(BODY_SIZE).moveDown(0.7);
    });
  }

  private writeTable(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): void {
    const doc = this.doc.font(FONT).fontSize(TABLE_SIZE);
    doc.x = doc.page.margins.left;
    const heading = (text: string): TaggedCell => ({
      text,
      type: 'TH',
      scope: 'Column',
      font: { src: BOLD, size: TABLE_SIZE },
      border: [0, 0, 1, 0],
      borderColor: SECONDARY_COLOUR,
    });
    const cell = (text: string): TaggedCell => ({ text, font: { src: FONT, size: TABLE_SIZE } });
    const options: TaggedTableOptions = {
      structParent: this.root,
      columnStyles: [...widths],
      defaultStyle: { border: [0, 0, 0.5, 0], borderColor: BORDER_COLOUR, padding: [4, 6, 4, 0] },
      data: [head.map(heading), ...rows.map((row) => row.map(cell))],
    };
    doc.table(options);
  }

  quote(text: string): PdfBuilder {
    return this.add(() => {
      const doc = this.doc.font(ITALIC).fontSize(BODY_SIZE);
      const x = doc.page.margins.left + INDENT;
      const top = doc.y;
      const page = this.pageIndex;
      doc.text(this.shown(text), x, top, {
        width: this.contentWidth - INDENT,
        structParent: this.root,
        structType: 'BlockQuote',
      });
      // The rule beside it, when the quotation stayed on one page.
      if (this.pageIndex === page) {
        doc.markContent('Artifact', { type: 'Layout' });
        doc
          .save()
          .rect(doc.page.margins.left, top - 2, 3, doc.y - top + 2)
          .fill(BORDER_COLOUR)
          .restore();
        doc.endMarkedContent();
      }
      doc.x = doc.page.margins.left;
      doc.font(FONT).moveDown(0.5);
    });
  }

  code(text: string): PdfBuilder {
    return this.add(() => {
      const doc = this.doc.font(FONT).fontSize(9.5);
      // Non-breaking spaces keep the indentation, which pdfkit would otherwise drop at the start of a line.
      const kept = this.shown(text.replace(/\n$/, ''))
        .split('\n')
        .map((line) => line.replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length)))
        .join('\n');
      doc.text(kept, doc.page.margins.left + INDENT / 2, doc.y, {
        width: this.contentWidth - INDENT / 2,
        structParent: this.root,
        structType: 'Code',
      });
      doc.x = doc.page.margins.left;
      doc.font(FONT).fontSize(BODY_SIZE).moveDown(0.5);
    });
  }

  pageBreak(): PdfBuilder {
    return this.add(() => this.doc.addPage());
  }

  async toBuffer(): Promise<Buffer> {
    if (this.finished) throw new Error('This PDF has already been finished');
    this.finished = true;
    for (const block of this.blocks) block();
    for (const contents of this.contentsBlocks) this.writeContents(contents);
    this.writeHeadersAndFooters();
    this.root.end();
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }

  /** Each entry: its title, dot leaders (decoration) and page number, all a link to the heading. */
  private writeContents({ toc, entries }: ContentsRecord): void {
    const doc = this.doc.font(FONT).fontSize(BODY_SIZE);
    const lineHeight = doc.currentLineHeight(true) + 2;
    const right = doc.page.width - doc.page.margins.right;
    for (const entry of entries) {
      doc.switchToPage(entry.page);
      const x = doc.page.margins.left + entry.indent;
      const font = entry.heading.level === 1 ? BOLD : FONT;
      const number = String((entry.heading.page ?? 0) + 1);
      const item = doc.struct('TOCI');
      toc.add(item);
      const link = doc.struct('Link');
      item.add(link);
      doc.font(font).fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
      const title = doc.markStructureContent('Link');
      entry.lines.forEach((line, index) => {
        doc.text(line, x, entry.y + index * lineHeight, { lineBreak: false });
      });
      doc.endMarkedContent();
      link.add(title);
      const lastY = entry.y + (entry.lines.length - 1) * lineHeight;
      const lastWidth = doc.widthOfString(entry.lines.at(-1) ?? '');
      doc.font(FONT);
      const dotsFrom = x + lastWidth + 6;
      const dotsTo = right - doc.font(font).widthOfString(number) - 6;
      doc.font(FONT);
      const dots = Math.floor((dotsTo - dotsFrom) / doc.widthOfString(' .'));
      if (dots > 0) {
        doc.markContent('Artifact', { type: 'Layout' });
        doc
          .fillColor(SECONDARY_COLOUR)
          .text(' .'.repeat(dots), dotsTo - dots * doc.widthOfString(' .'), lastY, { lineBreak: false });
        doc.endMarkedContent();
      }
      doc.font(font).fillColor(TEXT_COLOUR);
      const page = doc.markStructureContent('Link');
      doc.text(number, right - doc.widthOfString(number), lastY, { lineBreak: false });
      doc.endMarkedContent();
      link.add(page);
      // The link's description, which assistive technology reads for it (PDF/UA asks every link for one).
      // eslint-disable-next-line @typescript-eslint/no-wrapper-object-types -- pdfkit writes a String object as a PDF string
      const description: String = new String(`${entry.heading.text}, page ${number}`);
      const linkOptions: TaggedAnnotation = { structParent: link, Contents: description };
      doc.goTo(
        x,
        entry.y,
        right - x,
        entry.lines.length * lineHeight,
        entry.heading.destination,
        linkOptions as unknown as PDFKit.Mixins.AnnotationOption,
      );
      link.end();
      item.end();
    }
    toc.end();
    doc.font(FONT).fillColor(TEXT_COLOUR);
  }

  /**
   * On every page but the cover: the running header (the document's name, and the latest level-1 heading begun on
   * or before the page) and "Page N of M", known only once every page exists (hence bufferPages), all marked as
   * decoration.
   */
  private writeHeadersAndFooters(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    const sections = this.headings.filter((heading) => heading.level === 1 && heading.bookmark);
    for (let index = start; index < start + count; index += 1) {
      if (this.undecorated.has(index)) continue;
      doc.switchToPage(index);
      const { margins } = doc.page;
      const bottom = margins.bottom;
      const width = doc.page.width - margins.left - margins.right;
      // Writing inside the bottom margin would otherwise start a new page.
      margins.bottom = 0;
      doc.font(FONT).fontSize(SMALL_SIZE).fillColor(SECONDARY_COLOUR);
      if (this.options.runningHeader !== undefined) {
        const section = sections.findLast((heading) => heading.page !== undefined && heading.page <= index);
        const right = section === undefined ? '' : fitWidth(this.shown(section.text), width / 2 - 6, doc);
        const left = fitWidth(this.shown(this.options.runningHeader), width - doc.widthOfString(right) - 12, doc);
        doc.markContent('Artifact', { type: 'Pagination', attached: ['Top'] });
        doc.text(left, margins.left, HEADER_FROM_TOP, { lineBreak: false });
        if (right !== '')
          doc.text(right, margins.left + width - doc.widthOfString(right), HEADER_FROM_TOP, { lineBreak: false });
        doc
          .save()
          .moveTo(margins.left, HEADER_FROM_TOP + 14)
          .lineTo(margins.left + width, HEADER_FROM_TOP + 14)
          .lineWidth(0.5)
          .stroke(BORDER_COLOUR)
          .restore();
        doc.endMarkedContent();
      }
      doc.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
      doc.text(`Page ${String(index + 1)} of ${String(count)}`, margins.left, doc.page.height - FOOTER_FROM_BOTTOM, {
        width,
        align: 'center',
        lineBreak: false,
      });
      doc.endMarkedContent();
      margins.bottom = bottom;
    }
    doc.fillColor(TEXT_COLOUR);
  }
}

/** The style's font of a run. */
function fontOf(run: TextRun): string {
  if (run.bold === true) return run.italic === true ? BOLD_ITALIC : BOLD;
  return run.italic === true ? ITALIC : FONT;
}

function isNestedList(item: ListItem): item is readonly ListItem[] {
  return Array.isArray(item);
}

/** The text, cut short with "…" if it is wider than `width` at the current font. */
function fitWidth(text: string, width: number, doc: PDFKit.PDFDocument): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text.length;
  while (cut > 0 && doc.widthOfString(`${text.slice(0, cut).trimEnd()}…`) > width) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** A new A4 document with its metadata set; add blocks in reading order, then toBuffer(). */
export function createPdf(options: PdfOptions): PdfBuilder {
  return new DocumentBuilder(options);
}
