import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import type { HandbookContent, HandbookSectionContent } from './domain/content.ts';
import type { EventFacts, ModuleFacts, PostFacts } from './domain/facts.ts';
import { SECTIONS } from './domain/sections.ts';
import { handbookPdf, markdownBlocks, type HandbookPdfMeta } from './pdf.ts';

const meta: HandbookPdfMeta = {
  number: 3,
  publishedAt: new Date('2026-11-25T10:30:00Z'),
  changeSummary: 'Added the 2026/27 learning events and the new change project areas.',
};

const STAGES = [
  { code: 'FY', name: 'Foundation years' },
  { code: 'CT', name: 'Core training' },
  { code: 'HST', name: 'Higher specialty training' },
];

function modules(count: number): ModuleFacts[] {
  return Array.from({ length: count }, (_, m) => ({
    code: `M${String(m + 1)}`,
    title: `Module ${String(m + 1)}: care across settings and the whole person`,
    description: 'How care is planned with the patient across primary, secondary and community settings.',
    whyItMatters: 'Most patients with several conditions are seen in more than one place.',
    stages: STAGES.map((stage) => ({
      ...stage,
      outcomes: Array.from({ length: 4 }, (_, o) => ({
        code: `${stage.code}${String(m + 1)}.${String(o + 1)}`,
        text: 'Plans care with the patient and the team, taking account of the other conditions they live with.',
      })),
    })),
  }));
}

function posts(count: number): PostFacts[] {
  return Array.from({ length: count }, (_, p) => ({
    code: `GEN-${String(p + 1).padStart(2, '0')}`,
    title: `Generalist post ${String(p + 1)}`,
    capacity: 2,
    leadEmployer: p % 2 === 0 ? 'Northfield Hospitals NHS Trust' : 'Riverside Community Health',
    settings: p % 3 === 0 ? ['General practice', 'Hospital'] : ['Community', 'Mental health'],
  }));
}

function events(count: number): EventFacts[] {
  return Array.from({ length: count }, (_, e) => {
    const day = new Date(Date.UTC(2026, 8, 1) + e * 5 * 86_400_000).toISOString().slice(0, 10);
    return {
      title: `Learning day ${String(e + 1)}: frailty and multimorbidity`,
      type: e % 2 === 0 ? 'Learning event day' : 'Taster',
      startsAt: `${day}T08:30:00Z`,
      endsAt: `${day}T15:00:00Z`,
      venue: e % 3 === 0 ? null : 'Education Centre, Northfield',
      online: e % 3 !== 1,
    };
  });
}

const RICH_MARKDOWN = [
  'The programme brings doctors together across **settings** and _specialties_.',
  '',
  '# How the year runs',
  '',
  'See [the curriculum](https://example.org/curriculum) or write to trainees@example.org.',
  '',
  '1. Start in post',
  '2. Meet your supervisor',
  '   - within four weeks',
  '   - and again at six months',
  '3. Plan your project',
  '',
  '| Week | What happens |',
  '| --- | --- |',
  '| 1 | Induction |',
  '| 6 | First review |',
  '',
  '> Generalism is a way of thinking, not a place.',
  '',
  '```',
  'Portfolio > Reflections > New',
  '  then choose a template',
  '```',
  '',
  '<script>alert("x")</script> and <b>not bold</b>',
  '',
  'Scores ≥ 4 → pass, emoji 👍🏽 are left out and 漢 marked; Łódź, Ærø, Σοφία and Дмитрий are spelled as written.',
].join('\n');

function content(options: { long?: boolean; empty?: boolean } = {}): HandbookContent {
  const long = options.long === true;
  const empty = options.empty === true;
  const filler = Array.from(
    { length: long ? 24 : 2 },
    (_, i) =>
      `Paragraph ${String(i + 1)}. Doctors in the programme spend time in general practice, hospital medicine, community and mental health services, and learn to care for the whole person across them.`,
  ).join('\n\n');
  const sections: HandbookSectionContent[] = SECTIONS.map((definition, index) => {
    const title =
      long && index % 4 === 1
        ? `${definition.title}: a much longer title for this section so that it has to wrap onto a second line in the contents`
        : definition.title;
    const markdown = empty ? '' : index === 0 ? RICH_MARKDOWN : filler;
    const generated: HandbookSectionContent['generated'] =
      definition.generated === null
        ? null
        : definition.generated === 'modules'
          ? {
              kind: 'modules',
              curriculum: empty ? null : { versionNumber: 2, stages: STAGES, modules: modules(6) },
            }
          : definition.generated === 'posts'
            ? {
                kind: 'posts',
                year: empty
                  ? null
                  : {
                      name: '2026/27',
                      startsOn: '2026-08-05',
                      endsOn: '2027-08-03',
                      posts: posts(long ? 38 : 12),
                      settings: [
                        { label: 'Community', posts: 8 },
                        { label: 'General practice', posts: 4 },
                      ],
                    },
              }
            : definition.generated === 'events'
              ? { kind: 'events', yearName: empty ? null : '2026/27', events: empty ? [] : events(long ? 60 : 10) }
              : {
                  kind: 'projects',
                  areas: empty
                    ? []
                    : [
                        { key: 'frailty', label: 'Frailty' },
                        { key: 'transitions', label: 'Transitions of care' },
                      ],
                };
    return { key: definition.key, title, markdown, generated };
  });
  return { regionCode: 'NE', regionName: 'North East', sections };
}

interface ReadBack {
  pages: string[];
  outline: OutlineItem[];
}
interface OutlineItem {
  title: string;
  items: OutlineItem[];
}

async function readBack(pdf: Buffer): Promise<ReadBack> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { pages: text.pages.map((page) => page.text), outline: info.outline ?? [] };
  } finally {
    await parser.destroy();
  }
}

const TITLE = 'North East School of Generalism handbook';
const HEADER = `${TITLE}, version 3`;
const squash = (text: string) => text.replace(/\s+/g, ' ');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The page number the contents gives for a title (its text may wrap; dot leaders between it and the number). */
function contentsPage(contentsText: string, title: string): number | undefined {
  const match = new RegExp(`${escapeRegExp(squash(title))}[ .]*?(\\d+)`).exec(squash(contentsText));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Each section's title is listed with the page its heading is on: the first text of that page (the running header
 * and footer are written last, so they read last).
 */
function checkContents(handbook: HandbookContent, pages: readonly string[]): void {
  const contentsPages = pages.slice(1).filter((text) => squash(text).includes(`${HEADER} Contents Page`));
  expect(contentsPages.length).toBeGreaterThan(0);
  const contentsText = contentsPages.join('\n');
  for (const section of handbook.sections) {
    const claimed = contentsPage(contentsText, section.title);
    expect(claimed, section.title).toBeGreaterThan(contentsPages.length + 1);
    expect(squash(pages[(claimed ?? 0) - 1] ?? '').startsWith(squash(section.title)), section.title).toBe(true);
  }
}

describe('markdownBlocks', () => {
  it('reads headings a level below the section, and paragraphs with their bold, italic and links as runs', () => {
    const blocks = markdownBlocks(RICH_MARKDOWN);
    expect(blocks[0]).toEqual({
      kind: 'paragraph',
      text: {
        runs: [
          { text: 'The programme brings doctors together across ' },
          { text: 'settings', bold: true },
          { text: ' and ' },
          { text: 'specialties', italic: true },
          { text: '.' },
        ],
      },
    });
    expect(blocks[1]).toEqual({ kind: 'heading', level: 2, text: 'How the year runs' });
    expect(blocks[2]).toEqual({
      kind: 'paragraph',
      text: {
        runs: [
          { text: 'See ' },
          { text: 'the curriculum', href: 'https://example.org/curriculum' },
          { text: ' or write to ' },
          { text: 'trainees@example.org', href: 'mailto:trainees@example.org' },
          { text: '.' },
        ],
      },
    });
    expect(markdownBlocks('Plain words, a `code` span,  \nand a break')).toEqual([
      { kind: 'paragraph', text: 'Plain words, a code span,\nand a break' },
    ]);
    expect(markdownBlocks('## Two\n\n### Three\n\n#### Four\n\n###### Six').map((block) => block)).toEqual([
      { kind: 'heading', level: 3, text: 'Two' },
      { kind: 'heading', level: 4, text: 'Three' },
      { kind: 'heading', level: 4, text: 'Four' },
      { kind: 'heading', level: 4, text: 'Six' },
    ]);
  });

  it('reads numbered lists with nested items, tables, quotations and code', () => {
    const blocks = markdownBlocks(RICH_MARKDOWN);
    expect(blocks).toContainEqual({
      kind: 'list',
      numbered: true,
      items: [
        'Start in post',
        'Meet your supervisor',
        ['within four weeks', 'and again at six months'],
        'Plan your project',
      ],
    });
    expect(blocks).toContainEqual({
      kind: 'table',
      head: ['Week', 'What happens'],
      rows: [
        ['1', 'Induction'],
        ['6', 'First review'],
      ],
    });
    expect(blocks).toContainEqual({ kind: 'quote', text: 'Generalism is a way of thinking, not a place.' });
    expect(blocks).toContainEqual({ kind: 'code', text: 'Portfolio > Reflections > New\n  then choose a template\n' });
  });

  it('keeps styles and links in list items, and links only web and mail addresses', () => {
    expect(
      markdownBlocks(
        [
          '- **Read [the guide](https://example.org/guide)** first',
          '- [our page](/school/x), [a file](ftp://example.org/f) and ***both***',
          '  - nested *words*',
        ].join('\n'),
      ),
    ).toEqual([
      {
        kind: 'list',
        numbered: false,
        items: [
          {
            runs: [
              { text: 'Read ', bold: true },
              { text: 'the guide', bold: true, href: 'https://example.org/guide' },
              { text: ' first' },
            ],
          },
          { runs: [{ text: 'our page, a file and ' }, { text: 'both', bold: true, italic: true }] },
          [{ runs: [{ text: 'nested ' }, { text: 'words', italic: true }] }],
        ],
      },
    ]);
    expect(markdownBlocks('[Click](javascript:alert(1)) [here](HTTPS://example.org)')).toEqual([
      {
        kind: 'paragraph',
        text: { runs: [{ text: '[Click](javascript:alert(1)) ' }, { text: 'here', href: 'HTTPS://example.org' }] },
      },
    ]);
  });

  it('keeps raw HTML as the text typed', () => {
    expect(markdownBlocks('<script>alert("x")</script> and <b>not bold</b>')).toEqual([
      { kind: 'paragraph', text: '<script>alert(“x”)</script> and <b>not bold</b>' },
    ]);
    expect(markdownBlocks('<div>\nblock\n</div>')).toEqual([{ kind: 'paragraph', text: '<div> block </div>' }]);
  });

  it('gives nothing for empty or blank Markdown', () => {
    expect(markdownBlocks('')).toEqual([]);
    expect(markdownBlocks('  \n\n ')).toEqual([]);
  });
});

describe('handbookPdf', () => {
  it('has a cover with the title, version, date and change summary, and no running header or page number', async () => {
    const pdf = await handbookPdf(content(), meta);
    const { pages } = await readBack(pdf);
    const cover = squash(pages[0] ?? '');
    for (const expected of [TITLE, 'Version 3', 'Published 25 November 2026', meta.changeSummary]) {
      expect(cover).toContain(expected);
    }
    expect(cover).not.toContain(HEADER);
    expect(cover).not.toContain('Page 1 of');
  });

  it('has running headers and page numbers on every page after the cover, naming the section', async () => {
    const handbook = content();
    const { pages } = await readBack(await handbookPdf(handbook, meta));
    pages.slice(1).forEach((text, index) => {
      expect(text).toContain(HEADER);
      expect(text).toContain(`Page ${String(index + 2)} of ${String(pages.length)}`);
    });
    const contacts = pages.at(-1) ?? '';
    expect(contacts).toContain('Contacts');
  });

  it('lists every section in the contents with the page its heading is on', async () => {
    const handbook = content();
    const { pages } = await readBack(await handbookPdf(handbook, meta));
    expect(pages[1]).toContain('Contents');
    checkContents(handbook, pages);
  });

  it('lays out the Markdown: a table, a numbered list, raw HTML as text, characters the font lacks replaced', async () => {
    const { pages } = await readBack(await handbookPdf(content(), meta));
    const text = squash(pages.join('\n'));
    expect(text).toMatch(/Week What happens/);
    expect(text).toMatch(/1 Induction/);
    expect(text).toMatch(/1\. Start in post/);
    expect(text).toContain('<script>alert(“x”)</script> and <b>not bold</b>');
    expect(text).toContain(
      'Scores ≥ 4 -> pass, emoji are left out and ? marked; Łódź, Ærø, Σοφία and Дмитрий are spelled as written.',
    );
    expect(text).toContain('Generalism is a way of thinking, not a place.');
  });

  it('sets bold and italic words in their fonts and makes links clickable to their addresses', async () => {
    const pdf = await handbookPdf(content(), meta);
    const text = squash((await readBack(pdf)).pages.join('\n'));
    expect(text).toContain('The programme brings doctors together across settings and specialties.');
    expect(text).toContain('See the curriculum or write to trainees@example.org.');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Italic\n/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toContain('Helvetica');
    expect(raw).toContain('/URI (https://example.org/curriculum)');
    expect(raw).toContain('/URI (mailto:trainees@example.org)');
    expect(raw).toContain('/S /Link');
    const plain = await handbookPdf(content({ empty: true }), meta);
    expect(plain.toString('latin1')).not.toContain('/URI');
  });

  it('shows the generated parts: modules with outcome tables, posts, settings, events and project areas', async () => {
    const { pages } = await readBack(await handbookPdf(content(), meta));
    const text = squash(pages.join('\n'));
    expect(text).toContain('M1: Module 1: care across settings and the whole person');
    expect(text).toContain('Outcome What the doctor can do');
    expect(text).toContain('FY1.1');
    expect(text).toContain('Code Post Lead employer Settings');
    expect(text).toContain('GEN-12');
    expect(text).toContain('Posts that include it');
    expect(text).toContain('Learning day 10: frailty and multimorbidity');
    expect(text).toContain('1 September 2026 9:30am to 4pm');
    expect(text).toContain('Transitions of care');
  });

  it('says so when there is no curriculum, no year, no events and no project areas', async () => {
    const { pages } = await readBack(await handbookPdf(content({ empty: true }), { ...meta, changeSummary: '' }));
    const text = squash(pages.join('\n'));
    expect(text).toContain('The programme has no curriculum yet');
    expect(text).toContain('There is no programme year yet, so there are no posts to show.');
    expect(text).toContain('There is no programme year yet, so no learning events are scheduled.');
    expect(text).toContain('No project areas have been set yet.');
    expect(text).toContain('The programme team has not written this section yet.');
    expect(text).not.toContain('What changed in this version');
  });

  it('has the sections as top-level bookmarks with the modules under theirs, and is tagged in English', async () => {
    const handbook = content();
    const pdf = await handbookPdf(handbook, meta);
    const { outline } = await readBack(pdf);
    expect(outline.map((item) => item.title)).toEqual(['Contents', ...handbook.sections.map((s) => s.title)]);
    const modulesItem = outline.find((item) => item.title === 'Modules and outcomes');
    expect(modulesItem?.items.map((item) => item.title)).toContain(
      'M1: Module 1: care across settings and the whole person',
    );
    expect(modulesItem?.items[0]?.items.map((item) => item.title)).toEqual(STAGES.map((stage) => stage.name));
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(raw).toContain('/Lang (en-GB)');
    for (const tag of ['/S /H1', '/S /H2', '/S /H3', '/S /P', '/S /L', '/S /LI', '/S /Table', '/S /TH', '/S /TOC']) {
      expect(raw).toContain(tag);
    }
    expect(raw).toContain('/S /TOCI');
    expect(raw).toContain('/S /BlockQuote');
    expect(raw).toMatch(/\/S \/GoTo/);
  });

  it('builds a long handbook with wrapped contents entries and the right page numbers', async () => {
    const handbook = content({ long: true });
    const started = performance.now();
    const pdf = await handbookPdf(handbook, meta);
    const took = Math.round(performance.now() - started);
    const { pages } = await readBack(pdf);
    console.info(`A long handbook: ${String(pages.length)} pages, ${String(pdf.length)} bytes in ${String(took)} ms`);
    expect(pages.length).toBeGreaterThan(20);
    checkContents(handbook, pages);
    expect(squash(pages.join('\n'))).toContain('GEN-38');
    expect(squash(pages.join('\n'))).toContain('Learning day 60');
  });
});
