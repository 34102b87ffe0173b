/**
 * The fonts every PDF the server writes is set in: Roboto's regular, bold, italic and bold italic, read from the
 * TrueType files of the @expo-google-fonts/roboto package (the same files platform/images draws text with) and
 * embedded in the document. pdfkit subsets an embedded font (only the glyphs used are written) and gives it a
 * ToUnicode map, so the text reads back and can be searched. Roboto sets Latin with the diacritics of Central and
 * Eastern European, Irish, Turkish and Vietnamese names, Greek and Cyrillic, where the standard PDF fonts set only
 * Windows-1252; the characters it lacks (other scripts, emoji, arrows) are replaced before they are written
 * (text.ts, textForFont), so none is drawn as an empty box.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { HasGlyph } from './text.ts';

const require = createRequire(import.meta.url);

/**
 * The fonts, named by their files: pass these to doc.font() or as a table cell's font. pdfkit keeps a loaded font by
 * the name it was asked for, and after each table cell it selects the previous font again by its file; a font
 * registered under another name (registerFont) would then be read and parsed again for every cell, which made a
 * 36-page handbook ten times slower to build. Named by its file, each style is loaded once per document.
 */
export const PDF_FONT = {
  regular: require.resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf'),
  italic: require.resolve('@expo-google-fonts/roboto/400Regular_Italic/Roboto_400Regular_Italic.ttf'),
  boldItalic: require.resolve('@expo-google-fonts/roboto/700Bold_Italic/Roboto_700Bold_Italic.ttf'),
} as const;

/** pdfkit's current font, which @types/pdfkit does not declare: for an embedded font, fontkit's font is inside. */
interface WithCurrentFont {
  _font?: { font?: { characterSet?: readonly number[] } };
}

/** The code points all four styles have, read once from the fonts' character maps. */
let coverage: ReadonlySet<number> | undefined;

/**
 * Read in a scratch document that is never written, so that a real document loads a style only when it first uses
 * it: the fonts' numbering in the file then follows the content alone, and the same content gives the same bytes.
 */
function fontCoverage(): ReadonlySet<number> {
  if (coverage !== undefined) return coverage;
  const scratch = new PDFDocument({ autoFirstPage: false });
  const sets = Object.values(PDF_FONT).map((file) => {
    const characters = (scratch.font(file) as WithCurrentFont)._font?.font?.characterSet;
    if (characters === undefined) throw new Error(`pdfkit did not load ${file} as a TrueType font`);
    return new Set(characters);
  });
  coverage = new Set([...(sets[0] ?? [])].filter((code) => sets.every((set) => set.has(code))));
  return coverage;
}

/**
 * Makes Roboto's regular style the document's font and gives what the four styles can draw (a character counts only
 * if every style has it, so a run may change style without losing it). Call before any text. pdfkit embeds only the
 * styles the document uses.
 */
export function embedFonts(doc: PDFKit.PDFDocument): HasGlyph {
  const known = fontCoverage();
  doc.font(PDF_FONT.regular);
  return (codePoint) => known.has(codePoint);
}
