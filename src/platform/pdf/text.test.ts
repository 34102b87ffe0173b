import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { embedFonts } from './fonts.ts';
import { runsForFont, textForFont, wrap, type HasGlyph } from './text.ts';

/** What the embedded Roboto can draw, as a document gets it. */
const roboto: HasGlyph = embedFonts(new PDFDocument({ autoFirstPage: false }));
/** A font with printable ASCII only, to see the fallbacks for a font that lacks much more. */
const ascii: HasGlyph = (code) => code >= 0x20 && code <= 0x7e;

const NAMES = [
  'Łukasz Wiśniewski',
  'Zoë Ní Bhriain',
  'Σοφία Παπαδοπούλου',
  'Дмитрий',
  'Antonín Dvořák',
  'Şükrü Çağlayan',
  'Nguyễn Thị Minh Khai',
  'Siobhán Ó Súilleabháin',
];

describe('textForFont', () => {
  it('keeps names and symbols the font has as they are written', () => {
    for (const text of [
      ...NAMES,
      'Café, naïve, Ærø',
      '“Curly” ‘quotes’ — dashes – and … £5, €5, ≥ 4, ≤ 6, ±1',
      'a\nb',
    ]) {
      expect(textForFont(text, roboto)).toBe(text);
    }
  });

  it('spells out symbols the font lacks, leaves emoji out and marks other scripts', () => {
    expect(textForFont('Scores ≥ 4 → pass ✓, ✗ fail', roboto)).toBe('Scores ≥ 4 -> pass Yes, No fail');
    expect(textForFont('Thanks 🙏 and 👍🏽 too', roboto)).toBe('Thanks and too');
    expect(textForFont('family 👨‍👩‍👧 here', roboto)).toBe('family here');
    expect(textForFont('東京 and 漢', roboto)).toBe('?? and ?');
  });

  it('composes a letter typed with a separate accent, and drops an accent the font cannot place', () => {
    expect(textForFont('Zoe\u0308', roboto)).toBe('Zoë');
    // No precomposed q with a diaeresis, and Roboto has no combining diaeresis.
    expect(textForFont('q\u0308', roboto)).toBe('q');
  });

  it('leaves out controls and invisible formatting, but keeps soft hyphens and new lines', () => {
    expect(textForFont('a\u0000b\u0007c\u200bd\ufeffe', roboto)).toBe('abcde');
    expect(textForFont('hyphen\u00adation', roboto)).toBe('hyphen\u00adation');
    expect(textForFont('tab\there\r\nnext\rthen\u2028last', roboto)).toBe('tab    here\nnext\nthen\nlast');
  });

  it('falls back to the bare letter or a spelling the font has, and to "?" when there is neither', () => {
    expect(textForFont('Łódź, Dvořák', ascii)).toBe('Lodz, Dvorak');
    expect(textForFont('a ≥ b', ascii)).toBe('a >= b');
    // The usual spelling of "―" is "—", which this font lacks too.
    expect(textForFont('― Σ', ascii)).toBe('? ?');
  });

  it('gives only characters the font has (or new lines), whatever the text', () => {
    const inFont = (hasGlyph: HasGlyph) => (text: string) =>
      Array.from(text).every((character) => character === '\n' || hasGlyph(character.codePointAt(0) ?? 0));
    for (const font of [roboto, ascii]) {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => inFont(font)(textForFont(text, font))),
      );
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => inFont(font)(textForFont(text, font))),
      );
    }
  });

  it("keeps any text made of the font's own letters, digits, punctuation and symbols unchanged", () => {
    const characters = Array.from({ length: 0x3000 }, (_, code) => String.fromCodePoint(code)).filter(
      (character) =>
        roboto(character.codePointAt(0) ?? 0) &&
        character.normalize('NFC') === character &&
        !/\p{M}|\p{Cc}|\p{Cf}|[\u2028\u2029]/u.test(character),
    );
    expect(characters.length).toBeGreaterThan(700);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...characters), maxLength: 30 }), (text) => {
        expect(textForFont(text, roboto)).toBe(text);
      }),
    );
  });
});

describe('runsForFont', () => {
  it('joins neighbours of one style, leaves out empty runs and replaces what the font lacks', () => {
    expect(
      runsForFont(
        {
          runs: [
            { text: 'Scores ' },
            { text: '' },
            { text: '≥ 4', bold: false },
            { text: '🎉', bold: true },
            { text: ' pass', bold: true },
            { text: ' ✓', bold: true },
          ],
        },
        roboto,
      ),
    ).toEqual([{ text: 'Scores ≥ 4' }, { text: ' pass Yes', bold: true }]);
    expect(runsForFont('Łukasz', roboto)).toEqual([{ text: 'Łukasz' }]);
  });

  it('keeps only http(s) and mailto links', () => {
    expect(
      runsForFont(
        {
          runs: [
            { text: 'a', href: 'HTTPS://example.org' },
            { text: 'b', href: 'data:text/html,x' },
            { text: 'c', href: ' mailto:x@example.org' },
          ],
        },
        roboto,
      ),
    ).toEqual([{ text: 'a', href: 'HTTPS://example.org' }, { text: 'b' }, { text: 'c', href: 'mailto:x@example.org' }]);
  });
});

describe('wrap', () => {
  const measure = (text: string) => text.length;

  it('fills lines with whole words, and splits a word longer than a line', () => {
    expect(wrap('one two three four', 9, measure)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij k', 4, measure)).toEqual(['abcd', 'efgh', 'ij k']);
    expect(wrap('', 10, measure)).toEqual(['']);
  });

  it('never makes a line wider than the width, and keeps every character but spaces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 20 }), (text, width) => {
        const lines = wrap(text, width, measure);
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
    );
  });
});
