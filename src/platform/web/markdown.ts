/**
 * Markdown the programme team writes (handbook sections, news, answers) turned into HTML that is safe to show to
 * anyone. markdown-it runs with raw HTML off, so any tag typed is shown as text; sanitize-html then keeps only the
 * elements and attributes Markdown makes, and links only to http(s) and mailto, as a second fence should a
 * Markdown rule ever let something through.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const ALLOWED_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'a',
  'blockquote',
  'code',
  'pre',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

export interface MarkdownOptions {
  /**
   * The heading level a "#" becomes (default 2): a page's own title is its h1, and a handbook section's title its
   * h2, so a section's "#" becomes an h3. Levels deeper than 6 stay 6.
   */
  topHeadingLevel?: 2 | 3 | 4;
}

function shiftHeadings(html: string, top: number): string {
  const shift = top - 1;
  return html.replace(/<(\/?)h([1-6])>/g, (_match, slash: string, level: string) => {
    const shifted = Math.min(6, Number(level) + shift);
    return `<${slash}h${String(shifted)}>`;
  });
}

/** Safe HTML from Markdown; mark it safe in the template (`| safe`) only when it comes from here. */
export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  const html = shiftHeadings(markdown.render(source), options.topHeadingLevel ?? 2);
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href'], th: ['scope'], td: [], ol: ['start'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { class: 'nhsuk-link' }),
      table: sanitizeHtml.simpleTransform('table', { class: 'nhsuk-table' }),
    },
    allowedClasses: { a: ['nhsuk-link'], table: ['nhsuk-table'] },
  });
}

/** The Markdown's text without its marks: for summaries, search and the difference between versions. */
export function markdownToText(source: string): string {
  const html = markdown.render(source);
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
