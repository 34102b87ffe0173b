import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { createPdf } from './document.ts';
import type { TextRun } from './text.ts';

const createdAt = new Date('2026-10-14T09:00:00Z');

async function portfolioExport(): Promise<Buffer> {
  return createPdf({ title: 'Portfolio of Amy Jones', author: 'Breadth', subject: 'Portfolio export', createdAt })
    .heading('Portfolio of Amy Jones', 1)
    .keyValue([
      ['Name', 'Amy Jones'],
      ['Programme', 'Generalist training, Year 2'],
    ])
    .heading('Patient journeys', 2)
    .paragraph('A patient seen in general practice, then in the emergency department, then at home.')
    .list(['Referral written', 'Follow-up arranged', 'Reflection signed off by supervisor'])
    .pageBreak()
    .heading('Reflections (week 3) — “what went well”', 2)
    .paragraph('Continuity of care across settings.')
    .toBuffer();
}

/** A PDF string as pdfkit writes one: ASCII as it is, anything else as UTF-16BE after a byte-order mark. */
function pdfString(text: string): Buffer {
  const ascii = !/[^\x20-\x7e]/.test(text);
  const bytes = ascii
    ? Buffer.from(text, 'latin1')
    : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  const escaped = bytes.toString('latin1').replace(/[()\\]/g, (character) => `\\${character}`);
  return Buffer.from(`(${escaped})`, 'latin1');
}

/** pdf-parse types an outline item's children as any[]. */
interface OutlineItem {
  title: string;
  items: OutlineItem[];
}
const titles = (items: OutlineItem[] | undefined) => (items ?? []).map((item) => item.title);

async function readBack(pdf: Buffer) {
  const parser = new PDFParse({ data: pdf });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { text, info };
  } finally {
    await parser.destroy();
  }
}

describe('createPdf', () => {
  it('writes a PDF whose text reads back, with every page numbered', async () => {
    const pdf = await portfolioExport();
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const { text } = await readBack(pdf);
    expect(text.total).toBe(2);
    for (const expected of [
      'Portfolio of Amy Jones',
      'Patient journeys',
      'Reflections (week 3) — “what went well”',
      'Generalist training, Year 2',
      'Reflection signed off by supervisor',
      'Continuity of care across settings.',
      'Page 1 of 2',
      'Page 2 of 2',
    ]) {
      expect(text.text).toContain(expected);
    }
    expect(text.pages[0]?.text).toContain('Page 1 of 2');
    expect(text.pages[1]?.text).toContain('Page 2 of 2');
  });

  it('sets the metadata it is given, the language, and shows the title rather than the file name', async () => {
    const pdf = await portfolioExport();
    const { info } = await readBack(pdf);
    expect(info.info).toMatchObject({
      Title: 'Portfolio of Amy Jones',
      Author: 'Breadth',
      Subject: 'Portfolio export',
      Creator: 'Breadth',
      CreationDate: 'D:20261014090000Z',
    });
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');
  });

  it('is tagged: a structure tree with headings, a list and a table, and the footer marked as decoration', async () => {
    const raw = (await portfolioExport()).toString('latin1');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toContain('/Marked true');
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/);
    for (const tag of ['/S /Document', '/S /H1', '/S /H2', '/S /P', '/S /L', '/S /LI', '/S /Table', '/S /TH']) {
      expect(raw).toContain(tag);
    }
  });

  it('puts each heading in the outline, a level-2 heading under the level-1 above it', async () => {
    const pdf = await portfolioExport();
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Outlines \d+ 0 R/);
    expect(raw).toContain('/PageMode /UseOutlines');
    for (const title of ['Portfolio of Amy Jones', 'Patient journeys', 'Reflections (week 3) — “what went well”']) {
      expect(pdf.includes(Buffer.concat([Buffer.from('/Title '), pdfString(title)]))).toBe(true);
    }
    const parser = new PDFParse({ data: pdf });
    try {
      const { outline } = await parser.getInfo();
      expect(outline?.map((item) => item.title)).toEqual(['Portfolio of Amy Jones']);
      expect(titles(outline?.[0]?.items)).toEqual(['Patient journeys', 'Reflections (week 3) — “what went well”']);
    } finally {
      await parser.destroy();
    }
  });

  it('nests level 3 under level 2, and a heading with nothing above it at the top', async () => {
    const pdf = await createPdf({ title: 'Handbook', author: 'Breadth', createdAt })
      .heading('Orphan section', 3)
      .heading('Curriculum', 1)
      .heading('Modules', 2)
      .heading('Module 1', 3)
      .heading('Module 2', 3)
      .heading('Assessment', 1)
      .toBuffer();
    const parser = new PDFParse({ data: pdf });
    try {
      const { outline } = await parser.getInfo();
      const shape = (items: OutlineItem[] | null | undefined): unknown =>
        (items ?? []).map((item) => (item.items.length > 0 ? { [item.title]: shape(item.items) } : item.title));
      expect(shape(outline)).toEqual([
        'Orphan section',
        { Curriculum: [{ Modules: ['Module 1', 'Module 2'] }] },
        'Assessment',
      ]);
    } finally {
      await parser.destroy();
    }
  });

  it('flows long text onto new pages and numbers them all', async () => {
    const builder = createPdf({ title: 'Long', author: 'Breadth', createdAt }).heading('Long', 1);
    for (let index = 0; index < 120; index += 1) builder.paragraph(`Paragraph ${index + 1} of a long document.`);
    const { text } = await readBack(await builder.toBuffer());
    expect(text.total).toBeGreaterThan(2);
    expect(text.text).toContain(`Page ${text.total} of ${text.total}`);
    expect(text.text).not.toContain(`Page ${text.total + 1}`);
  });

  it('writes the same bytes for the same content and date, and can be finished only once', async () => {
    const builder = createPdf({ title: 'Same', author: 'Breadth', createdAt }).paragraph('Same');
    const first = await builder.toBuffer();
    const again = await createPdf({ title: 'Same', author: 'Breadth', createdAt }).paragraph('Same').toBuffer();
    expect(first.equals(again)).toBe(true);
    await expect(builder.toBuffer()).rejects.toThrow(/already/);
  });
});

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function pageTexts(pdf: Buffer): Promise<string[]> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).pages.map((page) => squash(page.text));
  } finally {
    await parser.destroy();
  }
}

/** A document with a cover, a contents longer than a page (titles that wrap) and a table longer than a page. */
function longDocument() {
  const builder = createPdf({ title: 'Guide', author: 'Breadth', createdAt, runningHeader: 'The guide, version 2' })
    .cover({ title: 'The guide', lines: ['Version 2'] })
    .paragraph('What changed: everything.')
    .contents('Contents', { depth: 2 });
  const titles: string[] = [];
  for (let index = 0; index < 60; index += 1) {
    const title =
      index % 9 === 4
        ? `Part ${String(index + 1)}, whose title is long enough that it has to wrap onto a second line in the contents`
        : `Part ${String(index + 1)}`;
    titles.push(title);
    builder.heading(title, 1, { newPage: index % 5 === 0 }).paragraph(`The words of part ${String(index + 1)}.`);
    if (index === 7) {
      builder.heading('A long table', 2).table({
        head: ['Code', 'Meaning'],
        rows: Array.from({ length: 90 }, (_, row) => [`C${String(row + 1)}`, `Meaning number ${String(row + 1)}`]),
        widths: [1, 4],
      });
    }
  }
  return { builder, titles };
}

describe('createPdf: cover, contents, running headers, tables', () => {
  it('lists every heading in a contents that runs over pages, with the page each heading is on', async () => {
    const { builder, titles } = longDocument();
    const pages = await pageTexts(await builder.toBuffer());
    const contentsPages = pages.filter((text) => text.includes('The guide, version 2 Contents Page'));
    expect(contentsPages.length).toBeGreaterThan(1);
    const contents = contentsPages.join(' ');
    for (const title of [...titles, 'A long table']) {
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ .]*?(\\d+)(?: |$)`).exec(contents);
      const page = Number(match?.[1]);
      expect(page, title).toBeGreaterThan(contentsPages.length + 1);
      // The heading is the first thing on its page or follows the text before it on that page.
      expect(pages[page - 1], title).toContain(squash(title));
      expect(pages[page - 2]?.includes(`${squash(title)} `) ?? false, title).toBe(false);
    }
    // A wrapped title still ends in dot leaders and its page number on its second line.
    expect(contents).toMatch(/has to wrap onto a second line in the contents[ .]+\d+/);
  });

  it('has no running header or page number on the cover, and both on every other page', async () => {
    const pages = await pageTexts(await longDocument().builder.toBuffer());
    expect(pages[0]).toContain('The guide Version 2 What changed: everything.');
    expect(pages[0]).not.toContain('The guide, version 2');
    expect(pages[0]).not.toContain('Page 1 of');
    pages.slice(1).forEach((text, index) => {
      expect(text).toMatch(
        new RegExp(`The guide, version 2 (Contents|Part \\d+).* Page ${String(index + 2)} of ${String(pages.length)}$`),
      );
    });
  });

  it('names in the running header the latest level-1 heading begun on or before the page', async () => {
    const pages = await pageTexts(
      await createPdf({ title: 'T', author: 'Breadth', createdAt, runningHeader: 'T' })
        .heading('First', 1)
        .paragraph('One')
        .heading('Second', 1, { newPage: true })
        .heading('Within second', 2)
        .pageBreak()
        .paragraph('Still the second')
        .toBuffer(),
    );
    expect(pages).toEqual([
      'First One T First Page 1 of 3',
      'Second Within second T Second Page 2 of 3',
      'Still the second T Second Page 3 of 3',
    ]);
  });

  it("repeats a table's heading row on every page it runs onto, and loses no row", async () => {
    const pages = await pageTexts(await longDocument().builder.toBuffer());
    const withRows = pages.filter((text) => /C\d+ Meaning number/.test(text));
    expect(withRows.length).toBeGreaterThan(1);
    for (const text of withRows) expect(text).toMatch(/Code Meaning C\d+ Meaning number/);
    const all = withRows.join(' ');
    for (let row = 1; row <= 90; row += 1) expect(all).toContain(`C${String(row)} Meaning number ${String(row)} `);
  });

  it('links each contents entry to its heading and tags the contents', async () => {
    const raw = (await longDocument().builder.toBuffer()).toString('latin1');
    expect(raw).toContain('/S /TOC');
    expect(raw).toContain('/S /TOCI');
    expect(raw).toContain('/S /Link');
    expect(raw.match(/\/S \/GoTo/g)?.length).toBe(61);
    expect(raw).toMatch(/\/Dests/);
    // Each link describes where it goes, for assistive technology.
    expect(raw).toMatch(/\/Contents \(Part 1, page \d+\)/);
  });

  it('lays out numbered and nested lists, quotations and code', async () => {
    const pdf = await createPdf({ title: 'T', author: 'Breadth', createdAt })
      .list(['First', ['First, a', 'First, b'], 'Second'], { numbered: true })
      .quote('A quotation.')
      .code('line one\n  indented')
      .toBuffer();
    const [page] = await pageTexts(pdf);
    expect(page).toContain('1. First 1. First, a 2. First, b 2. Second');
    expect(page).toContain('A quotation.');
    expect(page).toMatch(/line one\s+indented/);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/S /BlockQuote');
    expect(raw).toContain('/S /Code');
    // In the embedded font like the rest, not the standard Courier.
    expect(raw).not.toContain('Courier');
  });

  it("writes text outside the font's characters as something readable, never as other characters", async () => {
    const [page] = await pageTexts(
      await createPdf({ title: 'T', author: 'Breadth', createdAt })
        .heading('Scores ≥ 4 → pass ✓', 2)
        .paragraph('Well done 👍🏽 Łukasz, Dvořák and 東京 — “quoted” for €5')
        .table({ head: ['Name', 'Note'], rows: [['漢', 'Party 🎉 time']] })
        .toBuffer(),
    );
    expect(page).toContain('Scores ≥ 4 -> pass Yes');
    expect(page).toContain('Well done Łukasz, Dvořák and ?? — “quoted” for €5');
    expect(page).toContain('Name Note ? Party time');
  });

  describe('names as written, in an embedded font', () => {
    const names = ['Łukasz Wiśniewski', 'Zoë Ní Bhriain', 'Σοφία Παπαδοπούλου', 'Дмитрий', 'Nguyễn Thị Minh Khai'];

    /** Every kind of block, each holding the names. */
    async function everywhere(): Promise<Buffer> {
      return createPdf({
        title: 'Portfolio of Łukasz Wiśniewski',
        author: 'Breadth',
        createdAt,
        runningHeader: 'Portfolio of Σοφία Παπαδοπούλου',
      })
        .cover({ title: 'Portfolio of Zoë Ní Bhriain', lines: ['Supervisor: Дмитрий'] })
        .contents()
        .heading('Reflections of Łukasz Wiśniewski', 1)
        .paragraph(names.join(', '))
        .paragraph({
          runs: [
            { text: 'Signed off by ' },
            { text: 'Σοφία Παπαδοπούλου', bold: true },
            { text: ' and ' },
            { text: 'Дмитрий', italic: true },
            { text: ' with ' },
            { text: 'Zoë Ní Bhriain', bold: true, italic: true },
          ],
        })
        .keyValue([['Supervisor', 'Nguyễn Thị Minh Khai']])
        .list(names)
        .table({ head: ['Name', 'Role'], rows: names.map((name) => [name, 'Trainee']) })
        .quote('Дмитрий: “a way of thinking”')
        .code('Łukasz\n  Zoë')
        .toBuffer();
    }

    it('reads every name back exactly as it was written, in each kind of block', async () => {
      const pages = await pageTexts(await everywhere());
      expect(pages[0]).toBe('Portfolio of Zoë Ní Bhriain Supervisor: Дмитрий');
      expect(pages[1]).toMatch(/^Contents Reflections of Łukasz Wiśniewski[ .]+3 Portfolio of Σοφία Παπαδοπούλου/);
      const text = pages[2] ?? '';
      expect(text).toContain(`Reflections of Łukasz Wiśniewski ${names.join(', ')}`);
      expect(text).toContain('Signed off by Σοφία Παπαδοπούλου and Дмитрий with Zoë Ní Bhriain');
      expect(text).toContain('Supervisor Nguyễn Thị Minh Khai');
      expect(text).toContain(names.map((name) => `• ${name}`).join(' '));
      expect(text).toContain(`Name Role ${names.map((name) => `${name} Trainee`).join(' ')}`);
      expect(text).toContain('Дмитрий: “a way of thinking”');
      expect(text).toMatch(/Łukasz\s+Zoë/);
      expect(text).toContain('Portfolio of Σοφία Παπαδοπούλου Reflections of Łukasz Wiśniewski Page 3 of 3');
    });

    it('embeds Roboto, subset, in each style used, and refers to no standard font', async () => {
      const raw = (await everywhere()).toString('latin1');
      const fonts = raw.match(/\/BaseFont \/[A-Z]{6}\+[\w-]+/g) ?? [];
      expect(new Set(fonts.map((font) => font.replace(/.*\+/, '')))).toEqual(
        new Set(['Roboto-Regular', 'Roboto-Bold', 'Roboto-Italic', 'Roboto-BoldItalic']),
      );
      expect(raw.match(/\/FontFile2 \d+ 0 R/g)).toHaveLength(4);
      expect(raw.match(/\/ToUnicode \d+ 0 R/g)).toHaveLength(4);
      expect(raw).not.toMatch(/Helvetica|Courier|Times|\/Subtype \/Type1/);
    });

    it('keeps the outline, the link descriptions and the metadata in Unicode', async () => {
      const pdf = await everywhere();
      const { info } = await readBack(pdf);
      expect(info.info).toMatchObject({ Title: 'Portfolio of Łukasz Wiśniewski' });
      expect(info.outline?.map((item) => item.title)).toEqual(['Contents', 'Reflections of Łukasz Wiśniewski']);
      expect(pdf.includes(pdfString('Reflections of Łukasz Wiśniewski, page 3'))).toBe(true);
    });
  });

  describe('text with styles and links within it', () => {
    const runs: TextRun[] = [
      { text: 'Read the ' },
      { text: 'whole handbook', bold: true },
      { text: ' before ' },
      { text: 'your first week', italic: true },
      { text: ', see ' },
      { text: 'the NHS website', href: 'https://www.nhs.uk/' },
      { text: ' and ' },
      { text: 'write to us', href: 'mailto:team@example.nhs.uk' },
      { text: ' if ' },
      { text: 'anything', bold: true, italic: true },
      { text: ' is unclear.' },
    ];
    const sentence =
      'Read the whole handbook before your first week, see the NHS website and write to us if anything is unclear.';

    async function styled(): Promise<Buffer> {
      return createPdf({ title: 'T', author: 'Breadth', createdAt })
        .paragraph({ runs })
        .list(['Plain item', { runs: [{ text: 'An item with ' }, { text: 'a link', href: 'https://example.org/a' }] }])
        .toBuffer();
    }

    async function links(pdf: Buffer): Promise<{ text: string; url: string }[]> {
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      try {
        return (await parser.getInfo({ parsePageInfo: true })).pages.flatMap((page) => page.links);
      } finally {
        await parser.destroy();
      }
    }

    it('keeps the text whole and in order, in paragraphs and list items', async () => {
      const [page] = await pageTexts(await styled());
      expect(page).toContain(sentence);
      expect(page).toContain('• Plain item • An item with a link');
    });

    it("sets bold, italic and bold italic words in Roboto's styles, embedding only the styles used", async () => {
      const raw = (await styled()).toString('latin1');
      for (const font of ['Roboto-Regular', 'Roboto-Bold', 'Roboto-Italic', 'Roboto-BoldItalic']) {
        expect(raw).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${font}\n`));
      }
      const plain = (
        await createPdf({ title: 'T', author: 'Breadth', createdAt }).paragraph(sentence).toBuffer()
      ).toString('latin1');
      expect(plain).toContain('+Roboto-Regular');
      expect(plain).not.toMatch(/Roboto-Bold|Roboto-Italic/);
    });

    it('makes each link clickable to its address, tagged as a Link with its annotation', async () => {
      const pdf = await styled();
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/URI (https://www.nhs.uk/)');
      expect(raw).toContain('/URI (mailto:team@example.nhs.uk)');
      expect(raw).toContain('/URI (https://example.org/a)');
      expect(raw.match(/\/S \/Link\b/g)).toHaveLength(3);
      expect(raw).toMatch(/\/Type \/OBJR/);
      expect(await links(pdf)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ url: 'https://www.nhs.uk/' }),
          expect.objectContaining({ url: 'mailto:team@example.nhs.uk' }),
          expect.objectContaining({ url: 'https://example.org/a' }),
        ]),
      );
      for (const tag of ['/S /P', '/S /L', '/S /LI', '/S /Lbl', '/S /LBody']) expect(raw).toContain(tag);
    });

    it('gives a link that wraps onto the next line an annotation on each line', async () => {
      const words = Array.from({ length: 30 }, (_, index) => `word${String(index)}`).join(' ');
      const raw = (
        await createPdf({ title: 'T', author: 'Breadth', createdAt })
          .paragraph({ runs: [{ text: 'See ' }, { text: words, href: 'https://example.org/long' }] })
          .toBuffer()
      ).toString('latin1');
      expect(raw.match(/\/URI \(https:\/\/example\.org\/long\)/g)?.length).toBeGreaterThanOrEqual(2);
    });

    it('links only web and mail addresses, keeping the text of any other', async () => {
      const pdf = await createPdf({ title: 'T', author: 'Breadth', createdAt })
        .paragraph({ runs: [{ text: 'Do not ' }, { text: 'click here', href: 'javascript:alert(1)' }, { text: '.' }] })
        .toBuffer();
      expect(pdf.toString('latin1')).not.toContain('/URI');
      expect((await pageTexts(pdf))[0]).toContain('Do not click here.');
    });

    it('carries a paragraph of runs over a page break without losing a word', async () => {
      const builder = createPdf({ title: 'T', author: 'Breadth', createdAt });
      for (let index = 0; index < 40; index += 1) builder.paragraph(`Filler paragraph ${String(index + 1)}.`);
      const long = Array.from({ length: 120 }, (_, index) => ({
        text: `w${String(index)} `,
        ...(index % 3 === 0 ? { bold: true } : {}),
      }));
      const pages = await pageTexts(await builder.paragraph({ runs: long }).toBuffer());
      expect(pages.length).toBeGreaterThan(1);
      const all = pages
        .join(' ')
        .replace(/Page \d+ of \d+/g, ' ')
        .replace(/\s+/g, ' ');
      expect(all).toContain(long.map((run) => run.text.trim()).join(' '));
    });
  });
});
