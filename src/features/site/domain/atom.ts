/**
 * A region's news as an Atom feed (RFC 4287), for people who follow the school in a feed reader rather than by
 * visiting. Pure: the route gives the absolute addresses (from the configured public address, as emails build
 * theirs) and each post's HTML already rendered from its Markdown; this writes the XML.
 */

/** The most posts a feed carries: readers keep what they have seen, so the latest are enough. */
export const FEED_SIZE = 20;

export interface AtomEntry {
  /** A permanent IRI for the post, unchanged by edits or a move of the site: `urn:uuid:<post id>`. */
  id: string;
  title: string;
  /** The post's public page, absolute. */
  link: string;
  published: Date;
  updated: Date;
  /** The team's plain-text summary; none when empty. */
  summary: string;
  /** The post rendered from Markdown (safe HTML), carried escaped as `type="html"` content. */
  contentHtml: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  /** The feed's own address, absolute. */
  selfLink: string;
  /** The news page it mirrors, absolute. */
  pageLink: string;
  /** The base relative links in the posts' HTML resolve against: the site's public address with a final slash. */
  base: string;
  /** Who writes the news: the programme team, never a named person. */
  author: string;
  updated: Date;
  entries: readonly AtomEntry[];
}

/** Characters XML 1.0 does not allow anywhere, even escaped: C0 controls but tab, newline and return; U+FFFE/F. */
// eslint-disable-next-line no-control-regex -- matching the controls is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Half of a surrogate pair without its other half, which no XML character is. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe in XML content or a quoted attribute: the five special characters escaped, what XML forbids dropped. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(LONE_SURROGATE, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** When a post last changed for its readers: its publication, or a later edit of it once published. */
export function entryUpdated(publishAt: Date, updatedAt: Date): Date {
  return updatedAt.getTime() > publishAt.getTime() ? updatedAt : publishAt;
}

/** When the feed last changed: its latest entry's change, or `otherwise` for a feed with no entries yet. */
export function feedUpdated(entries: readonly Pick<AtomEntry, 'updated'>[], otherwise: Date): Date {
  let latest: Date | undefined;
  for (const entry of entries) {
    if (latest === undefined || entry.updated.getTime() > latest.getTime()) latest = entry.updated;
  }
  return latest ?? otherwise;
}

function element(name: string, text: string, attributes = ''): string {
  return `<${name}${attributes}>${xmlEscape(text)}</${name}>`;
}

function link(rel: string, href: string, type: string): string {
  return `<link rel="${rel}" type="${type}" href="${xmlEscape(href)}"/>`;
}

function entryXml(entry: AtomEntry): string {
  return [
    '  <entry>',
    `    ${element('id', entry.id)}`,
    `    ${element('title', entry.title, ' type="text"')}`,
    `    ${link('alternate', entry.link, 'text/html')}`,
    `    ${element('published', entry.published.toISOString())}`,
    `    ${element('updated', entry.updated.toISOString())}`,
    ...(entry.summary.trim() === '' ? [] : [`    ${element('summary', entry.summary, ' type="text"')}`]),
    `    ${element('content', entry.contentHtml, ' type="html"')}`,
    '  </entry>',
  ].join('\n');
}

/** The feed's XML document, entries in the order given (the route gives the newest first). */
export function atomFeed(feed: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB" xml:base="${xmlEscape(feed.base)}">`,
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title, ' type="text"')}`,
    `  ${element('updated', feed.updated.toISOString())}`,
    `  <author>${element('name', feed.author)}</author>`,
    `  ${link('self', feed.selfLink, 'application/atom+xml')}`,
    `  ${link('alternate', feed.pageLink, 'text/html')}`,
    ...feed.entries.map(entryXml),
    '</feed>',
    '',
  ].join('\n');
}
