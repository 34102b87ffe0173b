import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { htmlProblems } from '../../testing/validate-html.ts';
import { seedIfEmpty } from '../../seed.ts';
import { DEMO_FAQ, DEMO_NEWS } from './demo.ts';
import { registerSchoolLinks } from './school.ts';
import { newsPosts } from './schema.ts';

// The public pages on the demo region, read by someone not signed in, at a clock the tests move on.

let t: TestApp;
let clock = TEST_NOW;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000, now: () => clock });
  await seedIfEmpty(t.db, { demoLogins: false }, TEST_NOW);
}, 60_000);
afterAll(async () => t.close());

async function get(url: string) {
  return t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
}

/** A public page: found, valid HTML, and no script at all, not even the design system's (ADR 17). */
async function publicPage(url: string) {
  const response = await get(url);
  expect(response.statusCode, url).toBe(200);
  expect(await htmlProblems(response.body), url).toEqual([]);
  expect(response.body, url).not.toContain('<script');
  return readPage(response.body);
}

const published = DEMO_NEWS.filter((post) => post.publishInDays !== null && post.publishInDays < 0);
const scheduled = DEMO_NEWS.find((post) => post.publishInDays !== null && post.publishInDays > 0);
const draft = DEMO_NEWS.find((post) => post.publishInDays === null);

describe('the list of regions', () => {
  it('links the regions that run a school and lists the others as not running one yet', async () => {
    const page = await publicPage('/school');
    expect(page.title()).toBe('School of Generalism');
    expect(page.links()).toContainEqual({
      text: 'East of England School of Generalism',
      href: '/school/east-of-england',
    });
    const notYet = page.section('Regions not running a School of Generalism on Breadth yet').text();
    expect(notYet).toContain('London');
    expect(notYet).not.toContain('East of England');
  });

  it('is linked from the landing page', async () => {
    const landing = readPage((await get('/')).body);
    expect(landing.links().some((link) => link.href === '/school')).toBe(true);
  });
});

describe('a region’s School of Generalism page', () => {
  it('shows the programme from its data: posts, Enhance, showcase, news, FAQ and contact', async () => {
    const page = await publicPage('/school/east-of-england');
    expect(page.title()).toBe('East of England School of Generalism');
    const headings = page.headings(2);
    expect(headings.some((heading) => heading.startsWith('Generalism posts in'))).toBe(true);
    expect(headings).toContain('Enhance and its six modules');
    expect(headings).toContain('Change projects');
    const links = page.links();
    expect(links.some((link) => link.href === '/school/east-of-england/posts')).toBe(true);
    expect(links.some((link) => link.href === '/school/east-of-england/enhance')).toBe(true);
    expect(links.filter((link) => link.href.startsWith('/showcase/')).length).toBeGreaterThan(0);
    expect(links).toContainEqual({ text: 'Questions and answers', href: '/school/east-of-england/faq' });
    expect(links).toContainEqual({ text: 'Contact the programme team', href: '/school/east-of-england/contact' });
    // The three latest published posts, newest first; nothing scheduled or in draft.
    const news = page
      .section('Latest news')
      .links()
      .filter((link) => link.href.startsWith('/school/east-of-england/news/'))
      .map((link) => link.text);
    expect(news).toEqual(
      [...published].sort((a, b) => (b.publishInDays ?? 0) - (a.publishInDays ?? 0)).map((post) => post.title),
    );
    expect(page.text()).not.toContain(scheduled?.title);
    expect(page.text()).not.toContain(draft?.title);
  });

  it('says what the programme is from its facts while no handbook is published', async () => {
    const east = t.regionIds['east-of-england'] ?? '';
    const london = t.regionIds.london ?? '';
    // The demo's handbook moved to another region for the while, so East of England has none.
    await t.db.execute(sql`update handbook_versions set region_id = ${london} where region_id = ${east}`);
    try {
      const page = await publicPage('/school/east-of-england');
      const about = page.section('What the programme is and who it is for').text();
      expect(about).toMatch(/offers \w+ generalism posts? across \w+ settings?/);
      expect(about).toMatch(/Enhance: six modules from F1 to ST3/);
      expect(page.headings(2)).not.toContain('The programme handbook');
    } finally {
      await t.db.execute(sql`update handbook_versions set region_id = ${east} where region_id = ${london}`);
    }
  });

  it('links the published handbook and its PDF with the version and date, and shows its words', async () => {
    // The demo publishes version 2 three weeks before the day the tests run on.
    const page = await publicPage('/school/east-of-england');
    const handbook = page.section('The programme handbook');
    expect(handbook.text()).toContain('Version 2, published 23 September 2026');
    expect(handbook.links()).toEqual([
      { text: 'Read the handbook', href: '/school/east-of-england/handbook' },
      {
        text: 'Download the handbook (PDF, version 2, 23 September 2026)',
        href: '/school/east-of-england/handbook.pdf',
      },
    ]);
    const about = page.section('What the programme is and who it is for');
    expect(about.headings(3)).toEqual(['Background', 'The programme']);
    expect(about.text()).toContain('most patients do not have one problem');
    expect(about.text()).not.toContain('As a doctor on the programme we ask you to');
  });

  it('adds the links other features give it to “More from the programme”', async () => {
    let asked = '';
    registerSchoolLinks(async (_db, region) => {
      asked = region.code;
      return region.code === 'east-of-england'
        ? [{ text: 'Volunteer for a 360° film', href: '/volunteer/east-of-england', description: 'Casting calls' }]
        : [];
    });
    const page = await publicPage('/school/east-of-england');
    expect(asked).toBe('east-of-england');
    expect(page.section('More from the programme').links()).toContainEqual({
      text: 'Volunteer for a 360° film',
      href: '/volunteer/east-of-england',
    });
  });

  it('says a region without a programme has not set one up, and what to do', async () => {
    const page = await publicPage('/school/london');
    expect(page.text()).toContain('The London programme team has not set up its School of Generalism on Breadth yet.');
    expect(page.headings(2)).not.toContain('Latest news');
    for (const url of ['/school/london/posts', '/school/london/enhance', '/school/london/news', '/school/london/faq']) {
      await publicPage(url);
    }
  });

  it('is not found for a code that is no region’s', async () => {
    for (const url of ['/school/atlantis', '/school/atlantis/posts', '/school/atlantis/news', '/school/atlantis/faq']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });
});

describe('the posts and Enhance pages', () => {
  it('list the year’s posts with code, title, lead employer and settings', async () => {
    const page = await publicPage('/school/east-of-england/posts');
    const rows = page.rows();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toHaveLength(4);
      expect(row[2]).not.toBe('');
    }
  });

  it('show each of the six modules with its outcomes per stage, folded away', async () => {
    const response = await get('/school/east-of-england/enhance');
    const page = await publicPage('/school/east-of-england/enhance');
    expect(page.texts('main h2')).toHaveLength(6);
    expect((response.body.match(/<details/g) ?? []).length).toBeGreaterThan(6);
  });
});

describe('the news', () => {
  it('lists published posts only, newest first, and opens each', async () => {
    const page = await publicPage('/school/east-of-england/news');
    const titles = page.texts('main h2');
    expect(titles).toEqual(
      [...published].sort((a, b) => (b.publishInDays ?? 0) - (a.publishInDays ?? 0)).map((post) => post.title),
    );
    const link = page.links().find((each) => each.text === titles[0]);
    const post = await publicPage(link?.href ?? '');
    expect(post.title()).toBe(titles[0]);
  });

  it('hides drafts, scheduled posts and other regions’ posts behind “not found”', async () => {
    const rows = await t.db.select({ id: newsPosts.id, title: newsPosts.title }).from(newsPosts);
    const idOf = (title: string | undefined) => rows.find((row) => row.title === title)?.id ?? '';
    expect((await get(`/school/east-of-england/news/${idOf(draft?.title)}`)).statusCode).toBe(404);
    expect((await get(`/school/east-of-england/news/${idOf(scheduled?.title)}`)).statusCode).toBe(404);
    const own = idOf(published[0]?.title);
    expect((await get(`/school/east-of-england/news/${own}`)).statusCode).toBe(200);
    expect((await get(`/school/london/news/${own}`)).statusCode).toBe(404);
    expect((await get('/school/east-of-england/news/not-an-id')).statusCode).toBe(404);
  });

  it('shows a scheduled post from its time on, and never a draft', async () => {
    clock = new Date(TEST_NOW.getTime() + 8 * DAY);
    try {
      const page = await publicPage('/school/east-of-england/news');
      expect(page.texts('main h2')[0]).toBe(scheduled?.title);
      expect(page.text()).not.toContain(draft?.title);
    } finally {
      clock = TEST_NOW;
    }
  });
});

describe('the pages’ weight', () => {
  const PAGES = [
    '/school',
    '/school/east-of-england',
    '/school/east-of-england/posts',
    '/school/east-of-england/enhance',
  ];

  it('is no script for a visitor, while the rest of the site keeps the design system’s', async () => {
    for (const url of [...PAGES, '/school/east-of-england/news', '/school/east-of-england/faq', '/school/london']) {
      expect((await get(url)).body, url).not.toContain('<script');
    }
    const own = t.app.islands.scripts(['nhsuk'])[0] ?? '';
    for (const url of ['/', '/accessibility', '/privacy']) {
      expect((await get(url)).body, url).toContain(`<script type="module" src="${own}"></script>`);
    }
  });

  it('is the layout’s usual scripts for someone signed in, so the header and idle warning work as elsewhere', async () => {
    const learner = await signedIn(t, 'learner', t.regionIds['east-of-england'] ?? null);
    const usual = t.app.islands.scripts(['nhsuk', 'session']);
    for (const url of PAGES) {
      const response = await learner.agent.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body.match(/<script[^>]*>/g), url).toEqual(
        usual.map((src) => `<script type="module" src="${src}">`),
      );
      expect(response.body, url).toContain('id="session-timeout"');
    }
  });
});

describe('the FAQ', () => {
  it('shows the questions in order as headings with their answers', async () => {
    const page = await publicPage('/school/east-of-england/faq');
    expect(page.texts('main h2')).toEqual(DEMO_FAQ.map((item) => item.question));
    expect(page.section(DEMO_FAQ[1]?.question ?? '').text()).toContain('By preference.');
  });
});
