/**
 * Text as the standard PDF fonts can set it: only the characters Helvetica and Courier have (WinAnsi), and words
 * filled into lines of a width. The document builder (document.ts) uses both for every block it lays out.
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

/**
 * Windows-1252 beyond Latin-1: the only characters above U+00FF that the standard fonts can show (with Latin-1's
 * printable characters).
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Common characters outside WinAnsi, written the way a typist would without them. */
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
  '\u2028': '\n',
  '\u2029': '\n',
  '\t': '    ',
};

function inWinAnsi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(character)
  );
}

/**
 * The text with every character Helvetica cannot show replaced: known symbols by their usual spelling ("≥" as
 * ">="), letters with accents outside Western European by the bare letter (by Unicode decomposition), emoji and
 * invisible joiners left out, and anything else (another script, say) by "?", so that the reader sees that
 * something was there. pdfkit would otherwise write such characters as unrelated ones.
 */
export function toWinAnsi(text: string): string {
  let result = '';
  let dropped = false;
  // Composed first, so a letter typed with a separate accent ("e" and U+0301) is the one WinAnsi character "é".
  for (const character of text.replace(/\r\n?/g, '\n').normalize('NFC')) {
    // A space after something left out, itself after a space, would leave two.
    if (character === ' ' && dropped && result.endsWith(' ')) continue;
    dropped = false;
    if (inWinAnsi(character)) result += character;
    else if (character in REPLACEMENTS) result += REPLACEMENTS[character] ?? '';
    // Emoji, their skin tones and variation selectors, joiners, controls and stray accents.
    else if (/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Cc}|\p{Cf}|\p{M}/u.test(character)) {
      dropped = true;
      continue;
    } else {
      const bare = character.normalize('NFKD').replace(/\p{M}/gu, '');
      result += bare !== '' && Array.from(bare).every(inWinAnsi) ? bare : '?';
    }
  }
  return result;
}

const LINKABLE = /^(https?:|mailto:)/i;

/**
 * The text's runs with their characters made WinAnsi, empty runs left out, neighbours of the same style joined (so
 * a line is not broken between them), and only http(s) and mailto addresses kept as links.
 */
export function winAnsiRuns(text: Inline): TextRun[] {
  const runs: TextRun[] = [];
  for (const run of typeof text === 'string' ? [{ text }] : text.runs) {
    const shown = toWinAnsi(run.text);
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
