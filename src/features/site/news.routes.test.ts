import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { newsPosts } from './schema.ts';

// Each test writes posts with titles of its own and looks for them by title, so none reads what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

async function director(regionId = east): Promise<Person> {
  return signedIn(t, 'programme_director', regionId, { postsForms: true });
}

function form(title: string, extra: Record<string, string> = {}): Record<string, string> {
  return { title, summary: 'A short summary', bodyMarkdown: 'Some **news**.', publication: 'draft', ...extra };
}

async function postNamed(title: string) {
  const [row] = await t.db.select().from(newsPosts).where(eq(newsPosts.title, title));
  if (row === undefined) throw new Error(`No post ${title}`);
  return row;
}

async function audited(entityId: string, action: string) {
  return t.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));
}

function rowOf(html: string, title: string): string[] | undefined {
  return readPage(html)
    .rows()
    .find((row) => row[0]?.startsWith(title));
}

describe('who manages the news', () => {
  it('is the programme team; others are refused, and anyone signed out is asked to sign in', async () => {
    for (const role of ['learner', 'educational_supervisor', 'clinical_supervisor', 'educational_fellow'] as const) {
      const person = await signedIn(t, role, east);
      expect((await person.agent.get('/site/news')).statusCode, role).toBe(403);
      expect((await person.agent.get('/site/news/new')).statusCode, role).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/site/news' })).statusCode).toBe(302);
    for (const role of ['programme_director', 'programme_admin'] as const) {
      const person = await signedIn(t, role, east);
      const page = await person.agent.get('/site/news');
      expect(page.statusCode, role).toBe(200);
      const home = readPage((await person.agent.get('/')).body);
      expect(home.links()).toContainEqual({ text: 'Public pages', href: '/site/news' });
    }
  });

  it('answers “not found” for another region’s post, to its programme team as to anyone', async () => {
    const eastTeam = await director();
    await eastTeam.agent.post('/site/news/new', form('East only post'));
    const post = await postNamed('East only post');
    const londonTeam = await director(london);
    for (const url of [`/site/news/${post.id}/edit`, `/site/news/${post.id}/delete`]) {
      expect((await londonTeam.agent.get(url)).statusCode, url).toBe(404);
      expect((await londonTeam.agent.post(url, form('Taken over'))).statusCode, url).toBe(404);
    }
    expect((await postNamed('East only post')).revision).toBe(1);
    expect(rowOf((await londonTeam.agent.get('/site/news')).body, 'East only post')).toBeUndefined();
    const admin = await signedIn(t, 'platform_admin', null);
    expect((await admin.agent.get(`/site/news/${post.id}/edit`)).statusCode).toBe(200);
  });
});

describe('writing a post', () => {
  it('saves a draft, shown to the team only, with its audit record', async () => {
    const team = await director();
    const saved = await team.agent.post('/site/news/new', form('Draft of the term plan'));
    expect(saved.statusCode).toBe(302);
    expect(saved.headers.location).toBe('/site/news');
    const list = await team.agent.get('/site/news');
    expect(rowOf(list.body, 'Draft of the term plan')?.[1]).toBe('Draft');
    const post = await postNamed('Draft of the term plan');
    expect(post.publishAt).toBeNull();
    expect(post.createdBy).toBe(team.id);
    expect(await audited(post.id, 'create')).toHaveLength(1);
    const publicList = await t.app.inject({ method: 'GET', url: '/school/east-of-england/news' });
    expect(publicList.body).not.toContain('Draft of the term plan');
  });

  it('publishes now, so the public sees it at once', async () => {
    const team = await director();
    await team.agent.post('/site/news/new', form('Published at once', { publication: 'now' }));
    const post = await postNamed('Published at once');
    expect(post.publishAt?.getTime()).toBeGreaterThanOrEqual(TEST_NOW.getTime());
    const publicList = await t.app.inject({ method: 'GET', url: '/school/east-of-england/news' });
    expect(
      readPage(publicList.body)
        .links()
        .some((link) => link.text === 'Published at once'),
    ).toBe(true);
    expect(rowOf((await team.agent.get('/site/news')).body, 'Published at once')?.[1]).toBe('Published');
  });

  it('schedules for a London date and time, shown as scheduled and not to the public', async () => {
    const team = await director();
    const response = await team.agent.post(
      '/site/news/new',
      form('Scheduled for next week', {
        publication: 'schedule',
        'publishOn[day]': '21',
        'publishOn[month]': '10',
        'publishOn[year]': '2026',
        publishTime: '9:30',
      }),
    );
    expect(response.statusCode).toBe(302);
    const post = await postNamed('Scheduled for next week');
    expect(post.publishAt?.toISOString()).toBe('2026-10-21T08:30:00.000Z');
    const list = await team.agent.get('/site/news');
    expect(rowOf(list.body, 'Scheduled for next week')?.[1]).toBe('Scheduled for 21 October 2026 at 9:30am');
    const publicList = await t.app.inject({ method: 'GET', url: '/school/east-of-england/news' });
    expect(publicList.body).not.toContain('Scheduled for next week');
    const edit = readPage((await team.agent.get(`/site/news/${post.id}/edit`)).body);
    expect(edit.text()).toContain('Schedule it');
  });

  it('refuses a schedule in the past, keeping what was typed', async () => {
    const team = await director();
    const response = await team.agent.post(
      '/site/news/new',
      form('Too late a post', {
        bodyMarkdown: 'Words worth keeping',
        publication: 'schedule',
        'publishOn[day]': '1',
        'publishOn[month]': '10',
        'publishOn[year]': '2026',
        publishTime: '9:00',
      }),
    );
    expect(response.statusCode).toBe(400);
    const page = readPage(response.body);
    expect(page.errors()).toEqual([
      'The publication time must be in the future. To publish the post now, choose ‘Publish now’',
    ]);
    expect(response.body).toContain('value="Too late a post"');
    expect(response.body).toContain('Words worth keeping');
    expect(response.body).toMatch(/name="publishOn\[day\]"[^>]*value="1"/);
    expect(response.body).toContain('value="9:00"');
    expect(await t.db.select().from(newsPosts).where(eq(newsPosts.title, 'Too late a post'))).toHaveLength(0);
  });

  it('says what is missing, keeping the rest', async () => {
    const team = await director();
    const response = await team.agent.post('/site/news/new', {
      title: '',
      summary: 'Kept summary',
      bodyMarkdown: '',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual([
      'Enter a title for the post',
      'Enter the text of the post',
      'Choose when to publish the post',
    ]);
    expect(response.body).toContain('Kept summary');
  });

  it('previews the Markdown safely without saving', async () => {
    const team = await director();
    const response = await team.agent.post(
      '/site/news/new',
      form('Previewed only', {
        bodyMarkdown: '## A heading\n\n<script>alert(1)</script> and *emphasis*',
        action: 'preview',
      }),
    );
    expect(response.statusCode).toBe(200);
    const preview = readPage(response.body).section('Preview');
    expect(preview.text()).toContain('A heading');
    expect(response.body).toContain('<em>emphasis</em>');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(await t.db.select().from(newsPosts).where(eq(newsPosts.title, 'Previewed only'))).toHaveLength(0);
  });
});

describe('changing a post', () => {
  it('saves a change and audits what it was before', async () => {
    const team = await director();
    await team.agent.post('/site/news/new', form('Before the change'));
    const post = await postNamed('Before the change');
    await team.agent.get(`/site/news/${post.id}/edit`);
    const response = await team.agent.post(
      `/site/news/${post.id}/edit`,
      form('After the change', { revision: String(post.revision), publication: 'now' }),
    );
    expect(response.statusCode).toBe(302);
    const changed = await postNamed('After the change');
    expect(changed.revision).toBe(2);
    const [entry] = await audited(post.id, 'update');
    expect(entry?.before).toMatchObject({ title: 'Before the change', publishAt: null });
    expect(entry?.after).toMatchObject({ title: 'After the change' });
  });

  it('refuses a save from a page out of date, keeping what was typed', async () => {
    const team = await director();
    const other = await director();
    await team.agent.post('/site/news/new', form('Edited by two'));
    const post = await postNamed('Edited by two');
    await other.agent.post(`/site/news/${post.id}/edit`, form('Edited by two', { revision: '1', summary: 'First' }));
    const stale = await team.agent.post(
      `/site/news/${post.id}/edit`,
      form('Edited by two', { revision: '1', summary: 'Second, from an old page' }),
    );
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()).toEqual([
      'Someone else changed this news post while you were editing it. Check it and try again',
    ]);
    expect(stale.body).toContain('Second, from an old page');
    expect((await postNamed('Edited by two')).summary).toBe('First');
  });

  it('keeps a published post’s date when it is edited', async () => {
    const team = await director();
    await team.agent.post('/site/news/new', form('Published then edited', { publication: 'now' }));
    const post = await postNamed('Published then edited');
    const page = await team.agent.get(`/site/news/${post.id}/edit`);
    expect(readPage(page.body).text()).toContain('Keep it published (since 14 October 2026');
    await team.agent.post(
      `/site/news/${post.id}/edit`,
      form('Published then edited', { revision: '1', publication: 'now', summary: 'Corrected' }),
    );
    expect((await postNamed('Published then edited')).publishAt).toEqual(post.publishAt);
  });
});

describe('deleting a post', () => {
  it('asks first, then deletes it with its audit record', async () => {
    const team = await director();
    await team.agent.post('/site/news/new', form('To be deleted'));
    const post = await postNamed('To be deleted');
    const confirm = await team.agent.get(`/site/news/${post.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(readPage(confirm.body).title()).toBe('Delete the news post?');
    expect(await t.db.select().from(newsPosts).where(eq(newsPosts.id, post.id))).toHaveLength(1);
    const deleted = await team.agent.post(`/site/news/${post.id}/delete`);
    expect(deleted.statusCode).toBe(302);
    expect(await t.db.select().from(newsPosts).where(eq(newsPosts.id, post.id))).toHaveLength(0);
    expect(await audited(post.id, 'delete')).toHaveLength(1);
    expect((await team.agent.get(`/site/news/${post.id}/delete`)).statusCode).toBe(404);
  });
});

describe('the list', () => {
  it('filters by status and says what to do when nothing matches', async () => {
    const team = await director(t.regionIds['south-west'] ?? '');
    const empty = readPage((await team.agent.get('/site/news')).body);
    expect(empty.text()).toContain('There are no news posts yet');
    await team.agent.post('/site/news/new', form('South west draft'));
    await team.agent.post('/site/news/new', form('South west published', { publication: 'now' }));
    const drafts = await team.agent.get('/site/news?status=draft');
    expect(
      readPage(drafts.body)
        .rows()
        .map((row) => row[0]),
    ).toEqual(['South west draft']);
    const none = readPage((await team.agent.get('/site/news?status=scheduled')).body);
    expect(none.text()).toContain('No posts match the filters');
  });
});
