/**
 * What a PDF the server writes is made of, as its makers see it: the document's options, the blocks and the builder
 * they are added through. The layout of each block is document.ts's (createPdf).
 */
import type { Inline, ListItem } from './text.ts';

export type { Inline, ListItem, Runs, TextRun } from './text.ts';

export interface PdfOptions {
  title: string;
  author: string;
  subject?: string;
  /** Written as the document's creation and modification date: given, not read from the clock. */
  createdAt: Date;
  /** Shown at the top left of every page but the cover (the latest level-1 heading at the top right). */
  runningHeader?: string;
}

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface HeadingOptions {
  /** Start the heading on a new page (unless the page is still empty). */
  newPage?: boolean;
  /** Add it to the outline (bookmarks) and the contents. Default true. */
  bookmark?: boolean;
}

export interface ListOptions {
  /** Numbered 1, 2, 3 rather than bulleted. */
  numbered?: boolean;
}

export interface TableBlock {
  /** The heading row: one heading per column. */
  head: readonly string[];
  rows: readonly (readonly string[])[];
  /** Each column's share of the width (e.g. [1, 3, 2]); equal shares when left out. */
  widths?: readonly number[];
}

export interface CoverBlock {
  /** The document's title, large on the band at the top (tagged as a heading, not a bookmark). */
  title: string;
  /** Lines in bold under the band, such as a version and a date. */
  lines?: readonly string[];
}

export interface ContentsOptions {
  /** Headings of this level and above are listed; level 2 is indented under its level 1. Default 1. */
  depth?: 1 | 2;
}

export interface PdfBuilder {
  /**
   * The first page as a cover: the title on a blue band and the lines under it. Blocks added next follow on the same
   * page; the cover has no running header and no page number. Call first.
   */
  cover(cover: CoverBlock): PdfBuilder;
  /** A contents, on pages of its own, listing the headings added after it with their page numbers. */
  contents(title?: string, options?: ContentsOptions): PdfBuilder;
  /** A heading, also added to the document's outline (bookmarks) under the heading above it of a higher level. */
  heading(text: string, level?: HeadingLevel, options?: HeadingOptions): PdfBuilder;
  /** A paragraph: a string in one style, or runs (bold, italic, links) filled into lines together. */
  paragraph(text: Inline): PdfBuilder;
  /** Labelled values ("Name", "Amy Jones"), as a two-column table whose first column heads each row. */
  keyValue(rows: readonly (readonly [label: string, value: string])[]): PdfBuilder;
  /**
   * A bulleted (or numbered) list; an item is a string or runs, and an array inside the items is a list nested under
   * the item before it.
   */
  list(items: readonly ListItem[], options?: ListOptions): PdfBuilder;
  /** A table with a heading row; a row with fewer cells than the heading is filled with empty ones. */
  table(table: TableBlock): PdfBuilder;
  /** A quotation, indented with a rule beside it. */
  quote(text: string): PdfBuilder;
  /** Preformatted text, its lines and indentation kept (in the document's font: none monospace is embedded). */
  code(text: string): PdfBuilder;
  pageBreak(): PdfBuilder;
  /** Finishes the document (contents, headers and footers) and gives its bytes. Call once. */
  toBuffer(): Promise<Buffer>;
}
