import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { createPdf } from './document.ts';

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
