import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { newId } from '../../platform/db/ids.ts';
import { TEST_NOW, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { htmlProblems } from '../../testing/validate-html.ts';
import { FEED_SIZE } from './domain/atom.ts';
import { newsPosts } from './schema.ts';
import { xmlProblems } from './well-formed-xml.ts';

// Each region's news as an Atom feed, on an app whose public address is configured (as in production) and whose
// clock stands still, so what is published and what is still to come is fixed. The posts are written straight into
// the table: what is tested here is what the public side reads, not how the team writes.

const SITE = 'https://generalism.example.nhs.uk';
const DAY = 86_400_000;
const AWKWARD = `Fees <& "bursaries"> for '27`;

let t: TestApp;
let dataDir = '';
let east = '';
const ids: Record<string, string> = {};

async function addPost(
  regionId: string,
  title: string,
  publishAt: Date | null,
  extra: { summary?: string; bodyMarkdown?: string; updatedAt?: Date } = {},
) {
  const id = newId();
  ids[title] = id;
  await t.db.insert(newsPosts).values({
    id,
    regionId,
    title,
    summary: extra.summary ?? '',
    bodyMarkdown: extra.bodyMarkdown ?? 'Some news.',
    publishAt,
    createdAt: new Date(TEST_NOW.getTime() - 30 * DAY),
    updatedAt: extra.updatedAt ?? new Date(TEST_NOW.getTime() - 30 * DAY),
  });
}

const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * DAY);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'breadth-feed-test-'));
  // The trailing slash is as an operator might type it; links must not come out with two.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    DATA_DIR: dataDir,
    PUBLIC_URL: `${SITE}/`,
  });
  t = await createTestApp({ config, globalRateLimit: 100_000, now: () => TEST_NOW });
  east = t.regionIds['east-of-england'] ?? '';
  await addPost(east, 'Open evening', daysAgo(10), {
    summary: 'Meet the team',
    bodyMarkdown: 'Come to the **open evening**. See [the FAQ](/school/east-of-england/faq).',
  });
  await addPost(east, AWKWARD, daysAgo(3), {
    summary: 'Costs & "help" <here>',
    bodyMarkdown: 'Read about *fees* & <b>support</b>.',
    updatedAt: daysAgo(1),
  });
  await addPost(east, 'Draft about rotas', null);
  await addPost(east, 'Scheduled for next week', new Date(TEST_NOW.getTime() + 7 * DAY));
  await addPost(east, 'Published this minute', TEST_NOW);
  await addPost(t.regionIds.london ?? '', 'London open day', daysAgo(2));
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function get(url: string) {
  return t.app.inject({ method: 'GET', url });
}

async function feedOf(code: string) {
  const response = await get(`/school/${code}/news.atom`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  expect(xmlProblems(response.body)).toEqual([]);
  return load(response.body, { xml: true });
}

describe('a region’s news feed', () => {
  it('is well-formed Atom with absolute links from the configured public address', async () => {
    const $ = await feedOf('east-of-england');
    expect(
      $.root()
        .children()
        .toArray()
        .map((element) => element.name),
    ).toEqual(['feed']);
    expect($('feed').attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect($('feed > title').text()).toBe('News from the East of England School of Generalism');
    expect($('feed > id').text()).toBe(`${SITE}/school/east-of-england/news`);
    expect($('feed > link[rel="self"]').attr('href')).toBe(`${SITE}/school/east-of-england/news.atom`);
    expect($('feed > link[rel="alternate"]').attr('href')).toBe(`${SITE}/school/east-of-england/news`);
    expect($('feed > author > name').text()).toBe('East of England School of Generalism programme team');
    // The latest change: the post published this minute, later than the other post's edit.
    expect($('feed > updated').text()).toBe(TEST_NOW.toISOString());
  });

  it('has the region’s published posts only, newest first: no draft, nothing scheduled, no other region’s', async () => {
    const $ = await feedOf('east-of-england');
    const titles = $('entry > title')
      .toArray()
      .map((element) => $(element).text());
    expect(titles).toEqual(['Published this minute', AWKWARD, 'Open evening']);
  });

  it('gives each post a stable id, its page, its dates, summary and content', async () => {
    const $ = await feedOf('east-of-england');
    const entry = $('entry').filter((_i, element) => $(element).children('title').text() === AWKWARD);
    const id = ids[AWKWARD] ?? '';
    expect(entry.children('id').text()).toBe(`urn:uuid:${id}`);
    expect(entry.children('link').attr('href')).toBe(`${SITE}/school/east-of-england/news/${id}`);
    expect(entry.children('published').text()).toBe(daysAgo(3).toISOString());
    // Edited after it was published, so its update is the edit's time.
    expect(entry.children('updated').text()).toBe(daysAgo(1).toISOString());
    expect(entry.children('summary').text()).toBe('Costs & "help" <here>');
    // The content is the page's HTML, escaped once into the XML: the tag typed in Markdown is text, not a tag.
    expect(entry.children('content').attr('type')).toBe('html');
    expect(entry.children('content').text().trim()).toBe(
      '<p>Read about <em>fees</em> &amp; &lt;b&gt;support&lt;/b&gt;.</p>',
    );
    const open = $('entry').filter((_i, element) => $(element).children('title').text() === 'Open evening');
    expect(open.children('content').text()).toContain('<a href="/school/east-of-england/faq"');
    // Relative links in the posts resolve against the site.
    expect($('feed').attr('xml:base')).toBe(`${SITE}/`);
  });

  it('keeps the escaped title, summary and content out of the markup itself', async () => {
    const response = await get('/school/east-of-england/news.atom');
    expect(response.body).toContain('<title type="text">Fees &lt;&amp; &quot;bursaries&quot;&gt; for &apos;27</title>');
    expect(response.body).not.toContain('<b>');
    expect(response.body).not.toContain(AWKWARD);
  });

  it('carries the latest twenty posts', async () => {
    const region = t.regionIds['north-west'] ?? '';
    for (let i = 1; i <= FEED_SIZE + 2; i++) {
      await addPost(region, `North West post ${String(i)}`, daysAgo(30 - i));
    }
    const $ = await feedOf('north-west');
    const titles = $('entry > title')
      .toArray()
      .map((element) => $(element).text());
    expect(titles).toHaveLength(FEED_SIZE);
    expect(titles[0]).toBe(`North West post ${String(FEED_SIZE + 2)}`);
    expect(titles.at(-1)).toBe('North West post 3');
  });

  it('is a well-formed feed with no entries for a region with no news, and not found for an unknown code', async () => {
    const $ = await feedOf('south-west');
    expect($('entry')).toHaveLength(0);
    expect($('feed > updated').text()).toBe(TEST_NOW.toISOString());
    expect((await get('/school/atlantis/news.atom')).statusCode).toBe(404);
  });

  it('is the same for anyone, signed in or not', async () => {
    const learner = await signedIn(t, 'learner', t.regionIds.london ?? null);
    const response = await learner.agent.get('/school/east-of-england/news.atom');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe((await get('/school/east-of-england/news.atom')).body);
  });
});

describe('where the feed is offered', () => {
  for (const url of ['/school/east-of-england', '/school/east-of-england/news', '/school/south-west']) {
    it(`${url} names it in its head and links it, in valid HTML with no script`, async () => {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(200);
      expect(await htmlProblems(response.body)).toEqual([]);
      expect(response.body).not.toContain('<script');
      const $ = load(response.body);
      const code = url.split('/')[2] ?? '';
      const alternate = $('head link[rel="alternate"]');
      expect(alternate.attr('type')).toBe('application/atom+xml');
      expect(alternate.attr('href')).toBe(`/school/${code}/news.atom`);
      expect(alternate.attr('title')).toMatch(/^News from the .+ School of Generalism$/);
      expect(readPage(response.body).links()).toContainEqual({
        text: 'Subscribe to news (Atom feed)',
        href: `/school/${code}/news.atom`,
      });
    });
  }
});
