import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { xmlProblems } from '../well-formed-xml.ts';
import { atomFeed, entryUpdated, feedUpdated, xmlEscape, type AtomEntry, type AtomFeed } from './atom.ts';

const HOUR = 3_600_000;
const t0 = new Date('2026-10-01T08:00:00Z');

function entry(overrides: Partial<AtomEntry> = {}): AtomEntry {
  return {
    id: 'urn:uuid:0192a1b2-0000-7000-8000-000000000001',
    title: 'Open day',
    link: 'https://breadth.example/school/east/news/0192a1b2-0000-7000-8000-000000000001',
    published: t0,
    updated: t0,
    summary: '',
    contentHtml: '<p>Come along.</p>',
    ...overrides,
  };
}

function feed(entries: AtomEntry[]): AtomFeed {
  return {
    id: 'https://breadth.example/school/east/news',
    title: 'News from the East School of Generalism',
    selfLink: 'https://breadth.example/school/east/news.atom',
    pageLink: 'https://breadth.example/school/east/news',
    base: 'https://breadth.example/',
    author: 'East School of Generalism programme team',
    updated: feedUpdated(entries, t0),
    entries,
  };
}

describe('xmlEscape', () => {
  it('escapes the five special characters and drops what XML forbids', () => {
    expect(xmlEscape(`<b> & "q" 'a'`)).toBe('&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;');
    expect(xmlEscape('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf')).toBe('abcdef');
    expect(xmlEscape('tab\tline\nreturn\r')).toBe('tab\tline\nreturn\r');
    // A lone surrogate half is dropped; a whole pair (an emoji) is kept.
    expect(xmlEscape('x\uD800y\uDC00z 😀')).toBe('xyz 😀');
  });

  it('escapes an already escaped text again, so it reads back as typed', () => {
    expect(xmlEscape('&amp;')).toBe('&amp;amp;');
  });
});

describe('when a post and the feed last changed', () => {
  it('is the publication, or an edit made after it', () => {
    expect(entryUpdated(t0, new Date(t0.getTime() - HOUR))).toBe(t0);
    const edited = new Date(t0.getTime() + HOUR);
    expect(entryUpdated(t0, edited)).toBe(edited);
  });

  it('is the latest entry’s change, or the given time for an empty feed', () => {
    const later = new Date(t0.getTime() + 5 * HOUR);
    expect(feedUpdated([{ updated: t0 }, { updated: later }, { updated: t0 }], new Date(0))).toBe(later);
    const otherwise = new Date(t0.getTime() + 9 * HOUR);
    expect(feedUpdated([], otherwise)).toBe(otherwise);
  });
});

describe('the feed document', () => {
  it('is well-formed, and reads back exactly what it was given, however awkward the text', () => {
    const title = `Tom & Jerry's "<b>big</b>" day]]> &amp;`;
    const xml = atomFeed(
      feed([
        entry({
          title,
          summary: 'Less < more & "quoted"',
          contentHtml: '<p>A &amp; B <a href="https://x.example/?a=1&amp;b=2">link</a></p>',
        }),
      ]),
    );
    expect(xmlProblems(xml)).toEqual([]);
    const $ = load(xml, { xml: true });
    expect($('entry > title').text()).toBe(title);
    expect($('entry > summary').text()).toBe('Less < more & "quoted"');
    expect($('entry > content').attr('type')).toBe('html');
    expect($('entry > content').text()).toBe('<p>A &amp; B <a href="https://x.example/?a=1&amp;b=2">link</a></p>');
  });

  it('has the feed’s id, title, updated time, author, and self and alternate links', () => {
    const later = new Date(t0.getTime() + HOUR);
    const xml = atomFeed(feed([entry({ updated: later })]));
    const $ = load(xml, { xml: true });
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(
      true,
    );
    expect($('feed').attr('xml:base')).toBe('https://breadth.example/');
    expect($('feed > id').text()).toBe('https://breadth.example/school/east/news');
    expect($('feed > title').text()).toBe('News from the East School of Generalism');
    expect($('feed > updated').text()).toBe(later.toISOString());
    expect($('feed > author > name').text()).toBe('East School of Generalism programme team');
    expect($('feed > link[rel="self"]').attr('href')).toBe('https://breadth.example/school/east/news.atom');
    expect($('feed > link[rel="self"]').attr('type')).toBe('application/atom+xml');
    expect($('feed > link[rel="alternate"]').attr('href')).toBe('https://breadth.example/school/east/news');
  });

  it('gives each entry its id, link, published and updated times, and a summary only when there is one', () => {
    const edited = new Date(t0.getTime() + HOUR);
    const xml = atomFeed(
      feed([
        entry({ title: 'First', summary: 'About the first', updated: edited }),
        entry({ id: 'urn:uuid:second', title: 'Second', summary: '  ' }),
      ]),
    );
    const $ = load(xml, { xml: true });
    const entries = $('entry').toArray();
    expect(entries.map((each) => $(each).children('title').text())).toEqual(['First', 'Second']);
    const [first, second] = entries.map((each) => $(each));
    expect(first?.children('id').text()).toBe('urn:uuid:0192a1b2-0000-7000-8000-000000000001');
    expect(first?.children('link').attr('href')).toBe(
      'https://breadth.example/school/east/news/0192a1b2-0000-7000-8000-000000000001',
    );
    expect(first?.children('link').attr('rel')).toBe('alternate');
    expect(first?.children('published').text()).toBe(t0.toISOString());
    expect(first?.children('updated').text()).toBe(edited.toISOString());
    expect(first?.children('summary').text()).toBe('About the first');
    expect(second?.children('summary')).toHaveLength(0);
  });

  it('is well-formed with no entries', () => {
    const xml = atomFeed(feed([]));
    expect(xmlProblems(xml)).toEqual([]);
    expect(load(xml, { xml: true })('entry')).toHaveLength(0);
  });
});
