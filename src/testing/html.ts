/**
 * Reading a rendered page in tests as a person reads it: its headings, the part under a heading, a table's rows,
 * its links and the error summary, by their text, rather than by slicing the HTML string. Whitespace is collapsed as
 * a browser shows it, and what is hidden from assistive technology is left out, as a screen reader leaves it.
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

export interface PageReader {
  /** All the text, as one line. */
  text(): string;
  /** The page's main heading (its h1). */
  title(): string;
  /** The headings' texts, in order; of one level (1 to 6) when given. */
  headings(level?: number): string[];
  /** The part under the heading with this text, up to the next heading of the same level or higher. */
  section(heading: string): PageReader;
  /** Each table row of the page (header rows left out), as its cells' texts. */
  rows(): string[][];
  /** Each link, as its text and address. */
  links(): { text: string; href: string }[];
  /** The messages of the NHS error summary, in order. */
  errors(): string[];
  /** The texts of the elements a CSS selector finds. */
  texts(selector: string): string[];
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const HEADINGS = 'h1, h2, h3, h4, h5, h6';
const BLOCKS =
  'address, article, aside, blockquote, br, caption, dd, details, div, dl, dt, fieldset, figcaption, figure, ' +
  'footer, form, h1, h2, h3, h4, h5, h6, header, hr, legend, li, main, nav, ol, p, pre, section, summary, table, ' +
  'td, th, tr, ul';

function levelOf(element: AnyNode): number {
  return 'tagName' in element ? Number(element.tagName.slice(1)) : 0;
}

function reader($: CheerioAPI, root: AnyNode[]): PageReader {
  const within = (selector: string) => $(root).find(selector).addBack(selector);
  return {
    text: () => clean(root.map((node) => $(node).text()).join(' ')),
    title: () => clean(within('h1').first().text()),
    headings: (level) =>
      within(level === undefined ? HEADINGS : `h${String(level)}`)
        .toArray()
        .map((element) => clean($(element).text())),
    section(heading) {
      const found = within(HEADINGS)
        .toArray()
        .find((element) => clean($(element).text()) === heading);
      if (found === undefined) throw new Error(`No heading "${heading}" on the page`);
      const level = levelOf(found);
      const part: AnyNode[] = [];
      let next = $(found).next();
      while (next.length > 0) {
        const element = next.get(0);
        if (element === undefined || (next.is(HEADINGS) && levelOf(element) <= level)) break;
        part.push(element);
        next = next.next();
      }
      return reader($, part);
    },
    rows: () =>
      within('tr')
        .toArray()
        .filter((row) => $(row).children('td').length > 0)
        .map((row) =>
          $(row)
            .children('th, td')
            .toArray()
            .map((cell) => clean($(cell).text())),
        ),
    links: () =>
      within('a[href]')
        .toArray()
        .map((link) => ({ text: clean($(link).text()), href: $(link).attr('href') ?? '' })),
    errors: () =>
      within('.nhsuk-error-summary__list li')
        .toArray()
        .map((item) => clean($(item).text())),
    texts: (selector) =>
      within(selector)
        .toArray()
        .map((element) => clean($(element).text())),
  };
}

/** The page (or fragment) of an HTML response, to read. */
export function readPage(html: string): PageReader {
  const $ = load(html);
  // What a browser does not show as text, or hides from assistive technology (the headings a responsive table
  // repeats in each cell for a narrow screen), and the line breaks it shows between blocks.
  $('head, script, style, template, [aria-hidden="true"]').remove();
  $(BLOCKS).before(' ').after(' ');
  return reader($, $.root().children().toArray());
}
