import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { createCurriculum, DEFAULT_STAGES } from '../curriculum/index.ts';
import { handbookReminders, handbookVersions } from './schema.ts';
import { hiddenValue, publishVersion, writeSection } from './test-fixtures.ts';

// Each test works in a region of its own where it publishes, so the version numbers it sees are its own.

let t: TestApp;
let east = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
});
afterAll(async () => t.close());

async function directorOf(code: string): Promise<Person> {
  return signedIn(t, 'programme_director', t.regionIds[code] ?? '', { postsForms: true });
}

describe('who may edit the handbook', () => {
  it('the region’s programme team only; everyone else is told the pages do not exist', async () => {
    const own = await directorOf('east-of-england');
    const admin = await signedIn(t, 'programme_admin', east);
    const platform = await signedIn(t, 'platform_admin', null);
    const others = [
      await addLearner(t, east, 'Learner Editor'),
      await signedIn(t, 'educational_supervisor', east),
      await signedIn(t, 'clinical_supervisor', east),
      await signedIn(t, 'educational_fellow', east),
      await signedIn(t, 'programme_director', t.regionIds.london ?? ''),
    ];
    const paths = [
      '/handbook/manage/east-of-england',
      '/handbook/manage/east-of-england/sections/support',
      '/handbook/manage/east-of-england/publish',
      '/handbook/manage/east-of-england/acknowledgements',
    ];
    for (const path of paths) {
      for (const person of [own, admin, platform]) expect((await person.agent.get(path)).statusCode, path).toBe(200);
      for (const person of others) expect((await person.agent.get(path)).statusCode, path).toBe(404);
    }
    expect(readPage((await own.agent.get('/handbook/manage')).body).title()).toBe('The East of England handbook');
    const choose = await platform.agent.get('/handbook/manage');
    expect(
      readPage(choose.body)
        .links()
        .some((link) => link.href === '/handbook/manage/london'),
    ).toBe(true);
    expect((await others[0]?.agent.get('/handbook/manage'))?.statusCode).toBe(403);
    expect((await own.agent.get('/handbook/manage/east-of-england/sections/nonsense')).statusCode).toBe(404);
    const posted = await others[4]?.agent.post('/handbook/manage/east-of-england/sections/support', {
      title: 'Taken over',
      bodyMarkdown: 'No',
      revision: '0',
    });
    expect(posted?.statusCode).toBe(404);
  });
});

describe('editing a section', () => {
  it('saves with an audit, shows a preview, and keeps the typed text when the form is wrong', async () => {
    const director = await directorOf('south-west');
    const path = '/handbook/manage/south-west/sections/background';
    const preview = await director.agent.post(path, {
      title: 'Background',
      bodyMarkdown: 'Why we **exist**.',
      revision: '0',
      action: 'preview',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<strong>exist</strong>');
    const wrong = await director.agent.post(path, { title: ' ', bodyMarkdown: 'Kept words', revision: '0' });
    expect(wrong.statusCode).toBe(400);
    expect(readPage(wrong.body).errors()).toEqual(['Enter a title for the section']);
    expect(wrong.body).toContain('Kept words');
    const long = await director.agent.post(path, {
      title: 'Background',
      bodyMarkdown: 'x'.repeat(20_001),
      revision: '0',
    });
    expect(readPage(long.body).errors()).toEqual(['The section must be 20,000 characters or fewer']);
    await writeSection(director, 'south-west', 'background', 'Why we exist.', 'Our background');
    const overview = readPage((await director.agent.get('/handbook/manage/south-west')).body);
    const row = overview.rows().find((cells) => cells[0]?.startsWith('Our background'));
    expect(row?.[1]).toBe('Written');
    expect(row?.[2]).toContain('by Test programme_director');
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, director.id));
    expect(audit?.summary).toBe('Edited the handbook section “Our background” (South West)');
  });

  it('refuses a stale save, saying who saved it and keeping what was typed', async () => {
    const first = await directorOf('north-east-and-yorkshire');
    const second = await signedIn(t, 'programme_admin', t.regionIds['north-east-and-yorkshire'] ?? '', {
      postsForms: true,
      name: 'Sam Second',
    });
    const path = '/handbook/manage/north-east-and-yorkshire/sections/support';
    const firstForm = await first.agent.get(path);
    await writeSection(second, 'north-east-and-yorkshire', 'support', 'Their words');
    const stale = await first.agent.post(path, {
      title: 'Support and wellbeing',
      bodyMarkdown: 'My words',
      revision: hiddenValue(firstForm.body, 'revision'),
    });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()[0]).toContain('Sam Second saved this section while you were editing it');
    expect(stale.body).toContain('My words');
  });
});

describe('publishing', () => {
  it('previews the version with its difference, needs a summary, then publishes the next number with an audit', async () => {
    const director = await directorOf('midlands');
    await writeSection(director, 'midlands', 'support', 'Talk to us.');
    const form = await director.agent.get('/handbook/manage/midlands/publish');
    expect(readPage(form.body).title()).toBe('Publish version 1 of the Midlands handbook');
    const empty = await director.agent.post('/handbook/manage/midlands/publish', { changeSummary: '', number: '1' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toEqual(['Enter a summary of what changed']);
    expect(await publishVersion(director, 'midlands', 'First version')).toBe(1);
    await writeSection(director, 'midlands', 'support', 'Talk to us any day.');
    const second = readPage((await director.agent.get('/handbook/manage/midlands/publish')).body);
    expect(second.title()).toBe('Publish version 2 of the Midlands handbook');
    expect(second.text()).toContain('1 section changed');
    expect(second.texts('ins')).toContain('Added: Talk to us any day.');
    expect(await publishVersion(director, 'midlands', 'Support reworded')).toBe(2);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, director.id), eq(auditEvents.entityType, 'handbook_version')));
    expect(audits.map((audit) => audit.summary).sort()).toEqual([
      'Published version 1 of the Midlands handbook',
      'Published version 2 of the Midlands handbook',
    ]);
    const page = readPage((await director.agent.get('/school/midlands/handbook')).body);
    expect(page.text()).toContain('Version 2 of the handbook has been published.');
  });

  it('tells the second of two people publishing at once to check again', async () => {
    const one = await directorOf('south-east');
    const two = await directorOf('south-east');
    const formOne = await one.agent.get('/handbook/manage/south-east/publish');
    await two.agent.get('/handbook/manage/south-east/publish');
    await publishVersion(two, 'south-east', 'Published first');
    const late = await one.agent.post('/handbook/manage/south-east/publish', {
      changeSummary: 'Published second',
      number: hiddenValue(formOne.body, 'number'),
    });
    expect(late.statusCode).toBe(400);
    expect(readPage(late.body).errors()[0]).toContain('was published by someone else');
    expect(late.body).toContain('Published second');
    const rows = await t.db
      .select()
      .from(handbookVersions)
      .where(eq(handbookVersions.regionId, t.regionIds['south-east'] ?? ''));
    expect(rows).toHaveLength(1);
  });

  it('draws the modules from the curriculum: a new curriculum version shows in the next handbook, not the last', async () => {
    const code = 'london';
    const regionId = t.regionIds[code] ?? '';
    const director = await directorOf(code);
    await createCurriculum(
      t.db,
      {
        regionId,
        name: 'Enhance',
        content: {
          stages: DEFAULT_STAGES,
          domains: [
            {
              code: 'PCP',
              title: 'Person-centred practice',
              description: 'What matters to people.',
              whyItMatters: 'Care fits the person.',
              order: 1,
            },
          ],
          outcomes: [
            {
              code: 'PCP-F1-01',
              domainCode: 'PCP',
              stageCode: 'F1',
              text: 'Find out what matters to a patient',
              fpHlos: [],
            },
          ],
        },
        changeSummary: 'First',
        by: director.id,
      },
      t.app.clock(),
    );
    await publishVersion(director, code, 'First handbook');

    // The curriculum's own pages: a new draft, the outcome reworded, version 2 published.
    expect((await director.agent.post('/curriculum/draft', {})).statusCode).toBe(302);
    const draftPage = await director.agent.get('/curriculum/draft');
    const draftId = /\/curriculum\/drafts\/([0-9a-f-]{36})/.exec(draftPage.body)?.[1] ?? '';
    expect(draftId).not.toBe('');
    const edited = await director.agent.post(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-01`, {
      stageCode: 'F1',
      text: 'Agree with a patient what matters most to them',
    });
    expect(edited.statusCode, readPage(edited.body).errors().join()).toBe(302);
    const published = await director.agent.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'Reworded PCP-F1-01',
      confirm: 'yes',
    });
    expect(published.statusCode, readPage(published.body).errors().join()).toBe(302);

    await publishVersion(director, code, 'The modules follow the new curriculum');
    const v2 = readPage((await director.agent.get(`/school/${code}/handbook/versions/2`)).body);
    expect(v2.section('Modules and outcomes').text()).toContain('Agree with a patient what matters most to them');
    expect(v2.section('Modules and outcomes').text()).toContain('From version 2 of the programme’s curriculum');
    const v1 = readPage((await director.agent.get(`/school/${code}/handbook/versions/1`)).body);
    expect(v1.section('Modules and outcomes').text()).toContain('Find out what matters to a patient');
    expect(v1.section('Modules and outcomes').text()).not.toContain('Agree with a patient');
    const compared = readPage((await director.agent.get(`/school/${code}/handbook/compare?from=1&to=2`)).body);
    expect(compared.section('Modules and outcomes').texts('del')).toContain(
      'Removed: Foundation year 1, PCP-F1-01: Find out what matters to a patient',
    );
  });
});

describe('acknowledgements and reminders', () => {
  it('lists the region’s learners and supervisors with a filter and search, and reminds those who have not read it', async () => {
    const code = 'north-west';
    const regionId = t.regionIds[code] ?? '';
    const director = await directorOf(code);
    await writeSection(director, code, 'background', 'Words.');
    await publishVersion(director, code, 'First');
    const reader = await addLearner(t, regionId, 'Ada Read', { postsForms: true });
    await addLearner(t, regionId, 'Bo Unread');
    await signedIn(t, 'educational_supervisor', regionId, { name: 'Cy Supervisor' });
    await signedIn(t, 'educational_fellow', regionId, { name: 'Di Fellow' });
    const page = await reader.agent.get('/handbook');
    await reader.agent.post(`/handbook/${code}/acknowledge`, { versionId: hiddenValue(page.body, 'versionId') });

    const list = readPage((await director.agent.get(`/handbook/manage/${code}/acknowledgements`)).body);
    expect(list.rows().map((row) => [row[0], row[2]])).toEqual([
      ['Ada Read', '14 October 2026'],
      ['Bo Unread', 'Not yet'],
      ['Cy Supervisor', 'Not yet'],
    ]);
    const notYet = readPage(
      (await director.agent.get(`/handbook/manage/${code}/acknowledgements?status=has-not&q=bo`)).body,
    );
    expect(notYet.rows().map((row) => row[0])).toEqual(['Bo Unread']);

    const confirm = await director.agent.get(`/handbook/manage/${code}/acknowledgements/remind`);
    expect(readPage(confirm.body).title()).toBe('Send a reminder to 2 people?');
    const sent = await director.agent.post(`/handbook/manage/${code}/acknowledgements/remind`, {
      versionId: hiddenValue(confirm.body, 'versionId'),
    });
    expect(sent.statusCode).toBe(302);
    const mails = await t.db.select().from(outbox).where(eq(outbox.regionId, regionId));
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Please read the North West handbook (version 1)',
      'Please read the North West handbook (version 1)',
    ]);
    expect(mails[0]?.textBody).toContain('/school/north-west/handbook');
    expect(await t.db.select().from(handbookReminders)).toHaveLength(2);

    // A second click within the day mails nobody again, and says so.
    const again = await director.agent.get(`/handbook/manage/${code}/acknowledgements/remind`);
    expect(readPage(again.body).title()).toBe('There is nobody to remind');
    expect(readPage(again.body).text()).toContain(
      '2 people who have not acknowledged it were reminded in the last 24 hours',
    );
    await director.agent.post(`/handbook/manage/${code}/acknowledgements/remind`, {
      versionId: hiddenValue(confirm.body, 'versionId'),
    });
    expect(await t.db.select().from(outbox).where(eq(outbox.regionId, regionId))).toHaveLength(2);
    const flash = readPage((await director.agent.get(`/handbook/manage/${code}/acknowledgements`)).body).text();
    expect(flash).toContain(
      'A reminder was sent to 0 people. 2 people reminded in the last 24 hours were not sent another.',
    );
  });
});
