import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { extractPdfText } from './pdf-text.ts';

/** A PDF with one page for each text given. */
async function pdfOf(pages: string[], options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ ...options, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  for (const text of pages) doc.addPage().text(text);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('extractPdfText', () => {
  it("reads each page's text", async () => {
    const pdf = await pdfOf(['Referral letter', 'NHS number 943 476 5919', 'Seen in clinic']);
    const result = await extractPdfText(pdf);
    expect(result).toEqual({
      ok: true,
      text: 'Referral letter\n\nNHS number 943 476 5919\n\nSeen in clinic',
      pages: 3,
      truncated: false,
    });
  });

  it('stops at the page limit and says so', async () => {
    const pdf = await pdfOf(['one', 'two', 'three', 'four']);
    const result = await extractPdfText(pdf, { maxPages: 2, maxChars: 1000 });
    expect(result).toEqual({ ok: true, text: 'one\n\ntwo', pages: 4, truncated: true });
  });

  it('stops at the text limit and says so', async () => {
    const pdf = await pdfOf(['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)]);
    const result = await extractPdfText(pdf, { maxPages: 200, maxChars: 50 });
    expect(result).toMatchObject({ ok: true, pages: 3, truncated: true });
    if (!result.ok) return;
    expect(result.text).toHaveLength(50);
    expect(result.text).not.toContain('c');
  });

  it('gives empty text for a PDF with no text (a scan, say)', async () => {
    const doc = await pdfOf(['']);
    expect(await extractPdfText(doc)).toEqual({ ok: true, text: '', pages: 1, truncated: false });
  });

  it('refuses a truncated or broken PDF in plain words', async () => {
    const pdf = await pdfOf(['NHS number 943 476 5919']);
    const broken = { ok: false, reason: expect.stringMatching(/^The file could not be read as a PDF/) as unknown };
    expect(await extractPdfText(pdf.subarray(0, Math.floor(pdf.length * 0.6)))).toEqual(broken);
    expect(await extractPdfText(Buffer.from('%PDF-1.7\nnot really'))).toEqual(broken);
    expect(await extractPdfText(new Uint8Array(0))).toEqual(broken);
  });

  it('refuses a PDF that needs a password to open, and reads one that only restricts editing', async () => {
    const locked = await pdfOf(['secret'], { userPassword: 'open sesame', ownerPassword: 'owner' });
    expect(await extractPdfText(locked)).toEqual({
      ok: false,
      reason: 'The PDF is protected with a password. Save a copy without the password and upload that',
    });
    const restricted = await pdfOf(['readable'], { ownerPassword: 'owner', permissions: { modifying: false } });
    expect(await extractPdfText(restricted)).toMatchObject({ ok: true, text: 'readable' });
  });

  it('leaves the bytes it was given as they were', async () => {
    const pdf = await pdfOf(['unchanged']);
    const copy = Buffer.from(pdf);
    await extractPdfText(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    expect(pdf.equals(copy)).toBe(true);
  });
});
