/**
 * PDFs the server writes (a portfolio export now, the handbook later), built from a few kinds of block so that every
 * document reads the same way: A4, Helvetica, headings that are also the document's bookmarks, and "Page N of M".
 *
 * The PDF is tagged (headings, paragraphs, lists and tables carry their structure, and the page footer is marked as
 * decoration) and names its language, so a screen reader can follow it. Not done: the standard Helvetica font is not
 * embedded (PDF/UA asks for embedded fonts), and it covers Western European characters only; text in other scripts
 * needs an embedded Unicode font.
 *
 * The document is built in memory: it suits documents of tens of pages, not thousands.
 */
import PDFDocument from 'pdfkit';

export interface PdfOptions {
  title: string;
  author: string;
  subject?: string;
  /** Written as the document's creation and modification date: given, not read from the clock. */
  createdAt: Date;
}

export type HeadingLevel = 1 | 2 | 3;

export interface PdfBuilder {
  /** A heading, also added to the document's outline (bookmarks) under the heading above it of a higher level. */
  heading(text: string, level?: HeadingLevel): PdfBuilder;
  paragraph(text: string): PdfBuilder;
  /** Labelled values ("Name", "Amy Jones"), as a two-column table whose first column heads each row. */
  keyValue(rows: readonly (readonly [label: string, value: string])[]): PdfBuilder;
  /** A bulleted list. */
  list(items: readonly string[]): PdfBuilder;
  pageBreak(): PdfBuilder;
  /** Finishes the document (footers on every page) and gives its bytes. Call once. */
  toBuffer(): Promise<Buffer>;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** NHS design system text and secondary text colours. */
const TEXT_COLOUR = '#212b32';
const SECONDARY_COLOUR = '#4c6272';
const BODY_SIZE = 11;
const HEADING_SIZES: Record<HeadingLevel, number> = { 1: 20, 2: 15, 3: 12.5 };
/** 2 cm, and the footer's baseline 1.2 cm from the bottom edge. */
const MARGIN = 56.69;
const FOOTER_FROM_BOTTOM = 34;

/** pdfkit's structure-aware options that @types/pdfkit does not declare yet. */
type TaggedTableOptions = PDFKit.Mixins.TableOptionsWithData & { structParent?: PDFKit.PDFStructureElement };
type TaggedCell = PDFKit.Mixins.CellOptions & { scope?: 'Row' | 'Column' };

class DocumentBuilder implements PdfBuilder {
  private readonly doc: PDFKit.PDFDocument;
  private readonly root: PDFKit.PDFStructureElement;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  /** The outline item of the latest heading at each level, so a lower heading nests under it. */
  private outlineParents: PDFKit.PDFOutline[] = [];
  private finished = false;

  constructor(options: PdfOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      font: FONT,
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
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.doc.fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
  }

  heading(text: string, level: HeadingLevel = 1): PdfBuilder {
    const doc = this.doc.font(BOLD).fontSize(HEADING_SIZES[level]);
    // Keep a heading with the start of what follows it rather than alone at the foot of a page.
    const needed = doc.heightOfString(text) + 3 * doc.currentLineHeight(true);
    if (doc.y > doc.page.margins.top && doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
    else if (doc.y > doc.page.margins.top) doc.moveDown(0.6);
    const parent = this.outlineParents.slice(0, level - 1).findLast(Boolean) ?? doc.outline;
    this.outlineParents = this.outlineParents.slice(0, level - 1);
    this.outlineParents[level - 1] = parent.addItem(text, { expanded: true });
    doc.text(text, { structParent: this.root, structType: `H${level}` });
    doc.moveDown(0.3).font(FONT).fontSize(BODY_SIZE);
    return this;
  }

  paragraph(text: string): PdfBuilder {
    this.doc.font(FONT).fontSize(BODY_SIZE).text(text, { structParent: this.root, structType: 'P' }).moveDown(0.5);
    return this;
  }

  keyValue(rows: readonly (readonly [label: string, value: string])[]): PdfBuilder {
    if (rows.length === 0) return this;
    const doc = this.doc.font(FONT).fontSize(BODY_SIZE);
    const label = (text: string): TaggedCell => ({ text, type: 'TH', scope: 'Row', font: { src: BOLD } });
    const value = (text: string): TaggedCell => ({ text, font: { src: FONT } });
    const options: TaggedTableOptions = {
      structParent: this.root,
      columnStyles: [Math.round((doc.page.width - 2 * MARGIN) / 3), '*'],
      defaultStyle: { border: false, padding: [2, 8, 2, 0] },
      data: rows.map(([name, text]) => [label(name), value(text)]),
    };
    doc.table(options);
    doc.x = doc.page.margins.left;
    doc.moveDown(0.5);
    return this;
  }

  list(items: readonly string[]): PdfBuilder {
    if (items.length === 0) return this;
    const list = this.doc.struct('L');
    this.root.add(list);
    this.doc
      .font(FONT)
      .fontSize(BODY_SIZE)
      .list([...items], { structParent: list, listType: 'bullet', bulletRadius: 2, paragraphGap: 2 });
    list.end();
    this.doc.x = this.doc.page.margins.left;
    this.doc.moveDown(0.5);
    return this;
  }

  pageBreak(): PdfBuilder {
    this.doc.addPage();
    return this;
  }

  async toBuffer(): Promise<Buffer> {
    if (this.finished) throw new Error('This PDF has already been finished');
    this.finished = true;
    this.writeFooters();
    this.root.end();
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }

  /** "Page N of M" on every page, known only once every page exists (hence bufferPages), marked as decoration. */
  private writeFooters(): void {
    const doc = this.doc;
    const { start, count } = doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      doc.switchToPage(index);
      const { margins } = doc.page;
      const bottom = margins.bottom;
      // Writing inside the bottom margin would otherwise start a new page.
      margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc
        .font(FONT)
        .fontSize(9)
        .fillColor(SECONDARY_COLOUR)
        .text(`Page ${index + 1} of ${count}`, margins.left, doc.page.height - FOOTER_FROM_BOTTOM, {
          width: doc.page.width - margins.left - margins.right,
          align: 'center',
          lineBreak: false,
        });
      doc.endMarkedContent();
      margins.bottom = bottom;
    }
    doc.fillColor(TEXT_COLOUR);
  }
}

/** A new A4 document with its metadata set; add blocks in reading order, then toBuffer(). */
export function createPdf(options: PdfOptions): PdfBuilder {
  return new DocumentBuilder(options);
}
