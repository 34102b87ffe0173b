/**
 * Text as the document's font can set it (its characters, anything else replaced), and words filled into lines of a
 * width. The document builder (document.ts) uses both for every block it lays out, and the poster the first.
 */
/** A stretch of text in one style: plain, bold, italic (or both), or a link to a web or mail address. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** An http(s) or mailto address the text links to; any other address is left out and the text kept. */
  href?: string;
}

/** Text with styles within it: its runs in reading order. */
export interface Runs {
  runs: readonly TextRun[];
}

/** The text of a paragraph or list item: one style (a string) or runs. */
export type Inline = string | Runs;

/** A list item, or (as an array) a list nested under the item before it. */
export type ListItem = Inline | readonly ListItem[];

/** Whether the font has a glyph for a character (its Unicode code point). */
export type HasGlyph = (codePoint: number) => boolean;

/** Characters that are layout rather than text: always written as these, whatever the font has. */
const LAYOUT: Record<string, string> = {
  '\t': '    ',
  '\u2028': '\n',
  '\u2029': '\n',
};

/** Common characters a font may lack, written the way a typist would without them (if the font has those). */
const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '―': '—',
  '′': "'",
  '″': '"',
  // Letters with a stroke have no decomposition to fall back on.
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  '✓': 'Yes',
  '✔': 'Yes',
  '✗': 'No',
  '✘': 'No',
  '∙': '•',
  '◦': '•',
  '▪': '•',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u202f': '\u00a0',
  '\u2007': ' ',
};

const SOFT_HYPHEN = '\u00ad';
const PRINTABLE_ASCII = /^[\n\x20-\x7e]*$/;

function hasAll(text: string, hasGlyph: HasGlyph): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x0a && !hasGlyph(code)) return false;
  }
  return true;
}

/**
 * The text with every character the font cannot show replaced, so that nothing is drawn as an empty box or as
 * another character: a known symbol by its usual spelling ("→" as "->"), a letter with an accent the font lacks by
 * the bare letter (by Unicode decomposition), emoji and their modifiers left out, and anything else (a script the
 * font does not cover, say) by "?", so that the reader sees that something was there. Controls and invisible
 * formatting characters (but the soft hyphen) are always left out, and line and paragraph separators, tabs and
 * carriage returns made plain new lines and spaces.
 */
export function textForFont(text: string, hasGlyph: HasGlyph): string {
  // Most text is printable ASCII that the font has: kept as it is, without the work below for each character.
  if (PRINTABLE_ASCII.test(text) && hasAll(text, hasGlyph)) return text;
  const has = (characters: string) =>
    Array.from(characters).every((character) => hasGlyph(character.codePointAt(0) ?? 0));
  let result = '';
  let dropped = false;
  // Composed first, so a letter typed with a separate accent ("e" and U+0301) is the one character "é".
  for (const character of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    // A space after something left out, itself after a space, would leave two.
    if (character === ' ' && dropped && result.endsWith(' ')) continue;
    dropped = false;
    if (character === '\n') result += character;
    else if (character in LAYOUT) result += LAYOUT[character] ?? '';
    else if (/\p{Cc}|\p{Cf}/u.test(character) && character !== SOFT_HYPHEN) dropped = true;
    else if (has(character)) result += character;
    else if (character in REPLACEMENTS && has(REPLACEMENTS[character] ?? '?')) result += REPLACEMENTS[character] ?? '';
    // Emoji, their skin tones and variation selectors, and accents the font lacks.
    else if (/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{M}/u.test(character)) dropped = true;
    else {
      const bare = character.normalize('NFKD').replace(/\p{M}/gu, '');
      result += bare !== '' && has(bare) ? bare : '?';
    }
  }
  return result;
}

const LINKABLE = /^(https?:|mailto:)/i;

/**
 * The text's runs with the characters the font lacks replaced (textForFont), empty runs left out, neighbours of the
 * same style joined (so a line is not broken between them), and only http(s) and mailto addresses kept as links.
 */
export function runsForFont(text: Inline, hasGlyph: HasGlyph): TextRun[] {
  const runs: TextRun[] = [];
  for (const run of typeof text === 'string' ? [{ text }] : text.runs) {
    const shown = textForFont(run.text, hasGlyph);
    if (shown === '') continue;
    const style: Omit<TextRun, 'text'> = {
      ...(run.bold === true ? { bold: true } : {}),
      ...(run.italic === true ? { italic: true } : {}),
      ...(run.href !== undefined && LINKABLE.test(run.href.trim()) ? { href: run.href.trim() } : {}),
    };
    const last = runs.at(-1);
    if (last !== undefined && last.bold === style.bold && last.italic === style.italic && last.href === style.href)
      last.text += shown;
    else runs.push({ text: shown, ...style });
  }
  return runs;
}

/** Words filled into lines no wider than `width`; a word wider than a line is split where it must be. */
export function wrap(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (measure(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    let rest = word;
    while (measure(rest) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(rest.slice(0, cut)) > width) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
