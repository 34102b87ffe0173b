import { HIDDEN_TOKEN } from './sealed.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

// Stops at whitespace and at characters that cannot appear unescaped in a URL in plain text.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`[\]]+/g;
// Punctuation that ends a sentence rather than the address ("…at https://x.nhs.uk/a.").
const TRAILING = /[.,;:!?)\]}]+$/;

function linkifyLine(line: string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index;
    const raw = match[0];
    const url = raw.replace(TRAILING, '');
    let valid = url.length > 'https://'.length;
    try {
      valid &&= ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      valid = false;
    }
    // A link whose token is masked ("…/set-password/[link hidden]") stays text: it leads nowhere.
    if (line.startsWith(HIDDEN_TOKEN, start + raw.length)) valid = false;
    if (!valid) continue;
    html += escapeHtml(line.slice(last, start));
    const safe = escapeHtml(url);
    html += `<a class="nhsuk-link" href="${safe}">${safe}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(line.slice(last));
}

/**
 * A plain-text email as HTML: everything escaped, paragraphs at blank lines, line breaks kept, and each
 * http(s) address made a link whose text is the whole address (end-to-end tests and the demo follow them).
 */
export function mailBodyHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(linkifyLine).join('<br>\n')}</p>`)
    .join('\n');
}
