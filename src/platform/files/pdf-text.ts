/**
 * The text of an uploaded PDF (pdf-parse, over Mozilla's pdf.js), for checks such as looking for patient identifiers
 * before a portfolio entry is shared.
 *
 * Uploads are untrusted, so the reading is bounded: at most so many pages, stopping once so much text has been read,
 * and never evaluating anything in the file. pdf.js runs in this process, so one pathological page still costs the
 * time it costs; what is bounded is how much work a long or text-heavy file can make.
 */
import { PDFParse } from 'pdf-parse';

export interface PdfTextLimits {
  /** Pages read, from the first. */
  maxPages: number;
  /** Characters of text kept; reading stops at the page that passes this. */
  maxChars: number;
}

/** 200 pages and about 2 MB of text: far more than any portfolio document, far less than a hostile one. */
export const PDF_TEXT_LIMITS: PdfTextLimits = { maxPages: 200, maxChars: 2_000_000 };

export type PdfText =
  | {
      ok: true;
      /** The pages' text, one page after another, separated by a blank line. */
      text: string;
      /** Pages in the document, read or not. */
      pages: number;
      /** True when a limit stopped the reading: the text is of the first pages only. */
      truncated: boolean;
    }
  | { ok: false; reason: string };

const REASONS = {
  password: 'The PDF is protected with a password. Save a copy without the password and upload that',
  broken: 'The file could not be read as a PDF. It may be damaged: save or export it again and upload the new copy',
} as const;

function reasonFor(error: unknown): string {
  return error instanceof Error && error.name === 'PasswordException' ? REASONS.password : REASONS.broken;
}

/** The text of the PDF's pages, within the limits; or, for a PDF that cannot be read, why, in plain words. */
export async function extractPdfText(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfText> {
  const parser = new PDFParse({
    // A copy: pdf.js may take over the array it is given, and the caller still holds this one.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
  });
  try {
    const texts: string[] = [];
    let chars = 0;
    let pages = 0;
    let truncated = false;
    for (let page = 1; pages === 0 || page <= pages; page += 1) {
      if (page > limits.maxPages || chars >= limits.maxChars) {
        truncated = true;
        break;
      }
      // Page by page, so that reading stops at the limit instead of after the whole document.
      const result = await parser.getText({ partial: [page] });
      pages = result.total;
      if (pages === 0) break;
      const text = result.pages[0]?.text ?? '';
      texts.push(text);
      chars += text.length;
    }
    let text = texts.join('\n\n');
    if (text.length > limits.maxChars) {
      text = text.slice(0, limits.maxChars);
      truncated = true;
    }
    return { ok: true, text, pages, truncated };
  } catch (error) {
    return { ok: false, reason: reasonFor(error) };
  } finally {
    await parser.destroy();
  }
}
