import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { htmlProblems } from '../../testing/validate-html.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { handbookAcknowledgements, handbookVersions } from './schema.ts';
import { hiddenValue, publishVersion, writeSection } from './test-fixtures.ts';

// The public pages and the reader's acknowledgement, on an East of England handbook of two versions made once.

let t: TestApp;
let east = '';
let london = '';
let director: Person;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  director = await signedIn(t, 'programme_director', east, { postsForms: true });
  await writeSection(
    director,
    'east-of-england',
    'background',
    'Why the school exists.\n\n- Patients with **several** conditions',
  );
  await writeSection(director, 'east-of-england', 'support', 'Talk to your supervisor.');
  await publishVersion(director, 'east-of-england', 'The first handbook');
  await writeSection(director, 'east-of-england', 'support', 'Talk to your supervisor.\nCall Practitioner Health.');
  await publishVersion(director, 'east-of-england', 'Support now names Practitioner Health');
});
afterAll(async () => t.close());

async function anonymous(url: string) {
  return t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
}

async function versionId(number: number): Promise<string> {
  const [row] = await t.db
    .select({ id: handbookVersions.id })
    .from(handbookVersions)
    .where(and(eq(handbookVersions.regionId, east), eq(handbookVersions.number, number)));
  return row?.id ?? '';
}

describe('the public handbook', () => {
  it('shows the current version to anyone, with its contents, sections and valid HTML', async () => {
    const response = await anonymous('/school/east-of-england/handbook');
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.title()).toBe('East of England handbook');
    expect(page.text()).toContain('Version 2');
    expect(page.text()).toContain('Support now names Practitioner Health');
    const contents = page.links().filter((link) => link.href.startsWith('#'));
    expect(contents.map((link) => link.text)).toContain('Support and wellbeing');
    expect(response.body).toContain('id="support"');
    expect(response.body).toContain('id="expectations-doctors"');
    expect(page.section('Background').text()).toContain('Patients with several conditions');
    expect(response.body).toContain('<strong>several</strong>');
    expect(page.section('Support and wellbeing').text()).toContain('Call Practitioner Health.');
    expect(page.section('Modules and outcomes').text()).toContain('not published its curriculum yet');
    expect(page.links().some((link) => link.href === '/school/east-of-england/handbook.pdf')).toBe(true);
    expect(await htmlProblems(response.body)).toEqual([]);
  });

  it('escapes what the team wrote: raw HTML is shown as text', async () => {
    const region = 'north-west';
    const nw = await signedIn(t, 'programme_director', t.regionIds[region] ?? '', { postsForms: true });
    await writeSection(nw, region, 'contacts', '<script>alert(1)</script> [x](javascript:alert(1))');
    await publishVersion(nw, region, 'First');
    const response = await anonymous(`/school/${region}/handbook`);
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).not.toMatch(/href="javascript/i);
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(await htmlProblems(response.body)).toEqual([]);
  });

  it('says when a region has published no handbook, and does not know a region that does not exist', async () => {
    const none = await anonymous('/school/london/handbook');
    expect(none.statusCode).toBe(404);
    expect(readPage(none.body).title()).toBe('The London handbook has not been published yet');
    expect(await htmlProblems(none.body)).toEqual([]);
    expect((await anonymous('/school/london/handbook.pdf')).statusCode).toBe(404);
    expect((await anonymous('/school/london/handbook/versions')).statusCode).toBe(404);
    expect((await anonymous('/school/atlantis/handbook')).statusCode).toBe(404);
    expect((await anonymous('/school/east-of-england/handbook/versions/9')).statusCode).toBe(404);
    expect((await anonymous('/school/east-of-england/handbook/versions/0')).statusCode).toBe(404);
    expect((await anonymous('/school/east-of-england/handbook/versions/x')).statusCode).toBe(404);
    expect(london).not.toBe('');
  });

  it('keeps an older version readable, saying it is not the current one', async () => {
    const response = await anonymous('/school/east-of-england/handbook/versions/1');
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.title()).toBe('East of England handbook, version 1');
    expect(page.text()).toContain('This is not the current version');
    expect(page.links()).toContainEqual({
      text: 'Read the current version (version 2)',
      href: '/school/east-of-england/handbook',
    });
    expect(page.section('Support and wellbeing').text()).not.toContain('Practitioner Health');
    expect(await htmlProblems(response.body)).toEqual([]);
  });

  it('lists the versions and compares two, line by line', async () => {
    const list = await anonymous('/school/east-of-england/handbook/versions');
    expect(list.statusCode).toBe(200);
    const rows = readPage(list.body).rows();
    expect(rows.map((row) => row[0])).toEqual(['2 (current)', '1']);
    expect(await htmlProblems(list.body)).toEqual([]);
    const compared = await anonymous('/school/east-of-england/handbook/compare?from=1&to=2');
    expect(compared.statusCode).toBe(200);
    const page = readPage(compared.body);
    expect(page.title()).toBe('Changes from version 1 to version 2');
    expect(page.text()).toContain('1 section changed');
    expect(page.section('Support and wellbeing').texts('ins')).toEqual(['Added: Call Practitioner Health.']);
    expect(page.headings(2)).not.toContain('Background');
    expect(page.section('Sections with no changes').text()).toContain('Background');
    expect(await htmlProblems(compared.body)).toEqual([]);
    expect((await anonymous('/school/east-of-england/handbook/compare?from=1&to=7')).statusCode).toBe(404);
    expect((await anonymous('/school/east-of-england/handbook/compare?from=a')).statusCode).toBe(404);
    const latest = readPage((await anonymous('/school/east-of-england/handbook/compare')).body);
    expect(latest.title()).toBe('Changes from version 1 to version 2');
  });

  it('gives each version as a PDF to save', async () => {
    const current = await anonymous('/school/east-of-england/handbook.pdf');
    expect(current.statusCode).toBe(200);
    expect(current.headers['content-type']).toBe('application/pdf');
    expect(current.headers['content-disposition']).toBe('attachment; filename="east-of-england-handbook-v2.pdf"');
    expect(current.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const first = await anonymous('/school/east-of-england/handbook/versions/1.pdf');
    expect(first.headers['content-disposition']).toBe('attachment; filename="east-of-england-handbook-v1.pdf"');
    expect(first.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const again = await anonymous('/school/east-of-england/handbook/versions/1.pdf');
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
  });
});

describe('acknowledging the handbook', () => {
  it('a learner sees the task, acknowledges the current version once, and sees it acknowledged', async () => {
    const learner = await addLearner(t, east, 'Lee Reader', { postsForms: true });
    expect(readPage((await learner.agent.get('/')).body).text()).toContain(
      'Read and acknowledge the handbook (version 2)',
    );
    const page = await learner.agent.get('/handbook');
    expect(page.statusCode).toBe(200);
    expect(readPage(page.body).text()).toContain('Not acknowledged yet');
    const id = hiddenValue(page.body, 'versionId');
    expect(id).toBe(await versionId(2));
    const done = await learner.agent.post('/handbook/east-of-england/acknowledge', { versionId: id });
    expect(done.statusCode).toBe(302);
    const after = readPage((await learner.agent.get('/handbook')).body).text();
    expect(after).toContain('You have acknowledged version 2 of the handbook');
    expect(after).toContain('You acknowledged version 2 on 14 October 2026');
    await learner.agent.post('/handbook/east-of-england/acknowledge', { versionId: id });
    const rows = await t.db
      .select()
      .from(handbookAcknowledgements)
      .where(eq(handbookAcknowledgements.userId, learner.id));
    expect(rows).toHaveLength(1);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.actorUserId, learner.id));
    expect(audits.map((audit) => audit.summary)).toEqual([
      'Acknowledged reading version 2 of the East of England handbook',
    ]);
    expect(readPage((await learner.agent.get('/')).body).text()).not.toContain('Read and acknowledge the handbook');
  });

  it('refuses an older version with a clear message', async () => {
    const supervisor = await signedIn(t, 'educational_supervisor', east, { postsForms: true });
    await supervisor.agent.get('/handbook');
    const refused = await supervisor.agent.post('/handbook/east-of-england/acknowledge', {
      versionId: await versionId(1),
    });
    expect(refused.statusCode).toBe(302);
    expect(readPage((await supervisor.agent.get('/handbook')).body).text()).toContain(
      'A newer version of the handbook (version 2) has been published',
    );
    const rows = await t.db
      .select()
      .from(handbookAcknowledgements)
      .where(eq(handbookAcknowledgements.userId, supervisor.id));
    expect(rows).toEqual([]);
  });

  it('is only for the region’s learners and supervisors', async () => {
    const id = await versionId(2);
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const otherLearner = await addLearner(t, london, 'Lon Don', { postsForms: true });
    for (const person of [fellow, director, otherLearner]) {
      await person.agent.get('/handbook');
      const response = await person.agent.post('/handbook/east-of-england/acknowledge', { versionId: id });
      expect(response.statusCode).toBe(404);
    }
    const page = readPage((await fellow.agent.get('/handbook')).body);
    expect(page.text()).toContain('Read the handbook');
    expect(page.text()).not.toContain('Not acknowledged yet');
    const provider = await signedIn(t, 'provider_contact', east);
    expect((await provider.agent.get('/handbook')).statusCode).toBe(403);
  });
});
