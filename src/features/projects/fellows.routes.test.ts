import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { TEST_NOW, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { changeProjects, fellowNotes, supportRequests } from './schema.ts';
import { startProject } from './test-fixtures.ts';

// Each test makes its own people and projects, and looks for them by name, so none reads what another wrote.

let t: TestApp;
let east = '';
let london = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
});
afterAll(async () => t.close());

const DAY = 86_400_000;

async function started(learner: Person, title: string): Promise<string> {
  return startProject(learner, { title });
}

/** The project's fellow, stage and last update written straight into the database, as if weeks had passed. */
async function given(
  id: string,
  values: { fellowUserId?: string | null; lastActivityAt?: Date; stage?: 'set_goals' | 'design' },
) {
  await t.db.update(changeProjects).set(values).where(eq(changeProjects.id, id));
}

async function fellowOf(id: string): Promise<string | null> {
  const [row] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
  return row?.fellowUserId ?? null;
}

/** The caseload's table row naming the project, as its cells' texts. */
function rowOf(html: string, title: string): string[] | undefined {
  return readPage(html)
    .rows()
    .find((row) => row[0]?.startsWith(title));
}

async function followed(person: Person, response: { headers: Record<string, unknown> }) {
  const location = response.headers.location;
  expect(typeof location).toBe('string');
  return person.agent.get(String(location));
}

describe('the caseload', () => {
  it('is for fellows and the programme team only', async () => {
    const learner = await addLearner(t, east, 'Lea Caseload');
    expect((await learner.agent.get('/projects/caseload')).statusCode).toBe(403);
    const supervisor = await signedIn(t, 'educational_supervisor', east);
    expect((await supervisor.agent.get('/projects/caseload')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/projects/caseload' })).statusCode).toBe(302);
    for (const role of ['educational_fellow', 'programme_admin', 'programme_director'] as const) {
      const person = await signedIn(t, role, east);
      expect((await person.agent.get('/projects/caseload')).statusCode, role).toBe(200);
    }
    const admin = await signedIn(t, 'platform_admin', null);
    const every = await admin.agent.get('/projects/caseload');
    expect(every.statusCode).toBe(200);
    expect(readPage(every.body).title()).toBe('The fellows’ caseloads');
  });

  it('groups the fellow’s projects by stage and flags those with no update for the chosen weeks', async () => {
    const fellow = await signedIn(t, 'educational_fellow', east, { name: 'Fay Fellow' });
    const ana = await addLearner(t, east, 'Ana Quiet', { postsForms: true });
    const quiet = await started(ana, 'Quiet inhaler review');
    const busy = await started(ana, 'Busy walking group');
    // 36 days before TEST_NOW: five whole weeks; 10 days: one week.
    await given(quiet, {
      fellowUserId: fellow.id,
      stage: 'design',
      lastActivityAt: new Date(TEST_NOW.getTime() - 36 * DAY),
    });
    await given(busy, { fellowUserId: fellow.id, lastActivityAt: new Date(TEST_NOW.getTime() - 10 * DAY) });

    const response = await fellow.agent.get('/projects/caseload');
    expect(response.statusCode).toBe(200);
    const page = readPage(response.body);
    expect(page.title()).toBe('Your caseload');
    expect(page.headings(3)).toEqual([
      '1. Set goals',
      '2. Study the system',
      '3. Design the improvement',
      '4. Measure impact',
    ]);
    expect(page.section('3. Design the improvement').text()).toContain('Quiet inhaler review');
    expect(page.section('1. Set goals').text()).toContain('Busy walking group');
    expect(page.section('2. Study the system').text()).toBe('No projects at this stage.');
    expect(rowOf(response.body, 'Quiet inhaler review')).toEqual([
      'Quiet inhaler review No update for 5 weeks',
      'Ana Quiet',
      '5 weeks ago 8 September 2026',
    ]);
    expect(rowOf(response.body, 'Busy walking group')).toEqual([
      'Busy walking group',
      'Ana Quiet',
      '1 week ago 4 October 2026',
    ]);
    expect(page.text()).toContain('2 active projects, 1 with no update for 4 weeks or more.');

    // Six weeks: neither is flagged. Two: both. The choice is kept in the form.
    const six = await fellow.agent.get('/projects/caseload?weeks=6');
    expect(rowOf(six.body, 'Quiet inhaler review')?.[0]).toBe('Quiet inhaler review');
    expect(six.body).toMatch(/<option value="6" selected/);
    const two = await fellow.agent.get('/projects/caseload?weeks=2');
    expect(rowOf(two.body, 'Busy walking group')?.[0]).toBe('Busy walking group');
    expect(rowOf(two.body, 'Quiet inhaler review')?.[0]).toBe('Quiet inhaler review No update for 5 weeks');
    // Out of range: the default, four weeks.
    expect((await fellow.agent.get('/projects/caseload?weeks=40')).body).toMatch(/<option value="4" selected/);
  });

  it('remembers the weeks in the links and forms it carries', async () => {
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const ana = await addLearner(t, east, 'Ana Links', { postsForms: true });
    const id = await started(ana, 'Links remembered');
    await ana.agent.post('/projects/support/new', { message: 'Help with measures', projectId: id });
    const page = await fellow.agent.get('/projects/caseload?weeks=8');
    const link = readPage(page.body)
      .links()
      .find((candidate) => candidate.text === 'Read the request from Ana Links');
    expect(link?.href).toMatch(/^\/projects\/support\/[0-9a-f-]{36}\?weeks=8$/);
    expect(page.body).toContain('<input type="hidden" name="weeks" value="8">');
    const taken = await fellow.agent.post(`/projects/${id}/take-on`, { weeks: '8', fellow: '' });
    expect(taken.headers.location).toBe('/projects/caseload?weeks=8');
  });

  it('shows a fellow of another region none of this region’s projects or requests', async () => {
    const ana = await addLearner(t, east, 'Ana Elsewhere', { postsForms: true });
    const eastFellow = await signedIn(t, 'educational_fellow', east);
    const assigned = await started(ana, 'East assigned project');
    await started(ana, 'East project waiting for a fellow');
    await given(assigned, { fellowUserId: eastFellow.id });
    await ana.agent.post('/projects/support/new', { message: 'Ana needs help', projectId: '' });

    const londonFellow = await signedIn(t, 'educational_fellow', london);
    const londonAdmin = await signedIn(t, 'programme_admin', london);
    for (const person of [londonFellow, londonAdmin]) {
      for (const url of [
        '/projects/caseload',
        `/projects/caseload?fellow=all`,
        `/projects/caseload?fellow=${eastFellow.id}`,
      ]) {
        const text = readPage((await person.agent.get(url)).body).text();
        expect(text).not.toContain('East assigned project');
        expect(text).not.toContain('East project waiting for a fellow');
        expect(text).not.toContain('Ana Elsewhere');
      }
    }
    const eastText = readPage((await eastFellow.agent.get('/projects/caseload')).body).text();
    expect(eastText).toContain('East assigned project');
    expect(eastText).toContain('East project waiting for a fellow');
    expect(eastText).toContain('Ana Elsewhere');
  });

  it('lets the programme team see each fellow’s caseload, or all of them', async () => {
    const fay = await signedIn(t, 'educational_fellow', east, { name: 'Fay Filter' });
    const gus = await signedIn(t, 'educational_fellow', east, { name: 'Gus Filter' });
    const ana = await addLearner(t, east, 'Ana Filter', { postsForms: true });
    const fays = await started(ana, 'Fay’s filtered project');
    const guss = await started(ana, 'Gus’s filtered project');
    await given(fays, { fellowUserId: fay.id });
    await given(guss, { fellowUserId: gus.id });
    const admin = await signedIn(t, 'programme_admin', east);

    const all = await admin.agent.get('/projects/caseload');
    expect(readPage(all.body).title()).toBe('The fellows’ caseloads');
    expect(rowOf(all.body, 'Fay’s filtered project')?.[2]).toBe('Fay Filter');
    expect(rowOf(all.body, 'Gus’s filtered project')?.[2]).toBe('Gus Filter');

    const one = await admin.agent.get(`/projects/caseload?fellow=${gus.id}`);
    expect(readPage(one.body).title()).toBe('Gus Filter’s caseload');
    expect(rowOf(one.body, 'Gus’s filtered project')).toBeDefined();
    expect(rowOf(one.body, 'Fay’s filtered project')).toBeUndefined();
    // A team member may look, but only a fellow supports a project.
    expect(one.body).not.toContain('Support this project');
  });
});

describe('supporting a project with no fellow', () => {
  it('assigns the fellow, audited, and puts the project on their caseload', async () => {
    const ana = await addLearner(t, east, 'Ana Unassigned', { postsForms: true });
    const id = await started(ana, 'Project needing a fellow');
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const before = await fellow.agent.get('/projects/caseload');
    expect(readPage(before.body).section('Projects with no fellow').text()).toContain('Project needing a fellow');
    expect(before.body).toContain(`action="/projects/${id}/take-on"`);

    const response = await fellow.agent.post(`/projects/${id}/take-on`, { weeks: '4', fellow: '' });
    expect(response.statusCode).toBe(302);
    expect(await fellowOf(id)).toBe(fellow.id);
    const after = await followed(fellow, response);
    expect(readPage(after.body).text()).toContain(
      'You now support “Project needing a fellow”. It is on your caseload.',
    );
    expect(readPage(after.body).section('1. Set goals').text()).toContain('Project needing a fellow');
    expect(readPage(after.body).section('Projects with no fellow').text()).not.toContain('Project needing a fellow');
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.actorUserId, fellow.id)));
    expect(audits.map((audit) => audit.summary)).toEqual([
      'Took on the change project “Project needing a fellow” as its educational fellow',
    ]);
  });

  it('gives the project to one of two fellows asking at once, and tells the other', async () => {
    const ana = await addLearner(t, east, 'Ana Race', { postsForms: true });
    const id = await started(ana, 'Project two fellows want');
    const first = await signedIn(t, 'educational_fellow', east, { name: 'Fran First', postsForms: true });
    const second = await signedIn(t, 'educational_fellow', east, { name: 'Sid Second', postsForms: true });

    const responses = await Promise.all([
      first.agent.post(`/projects/${id}/take-on`),
      second.agent.post(`/projects/${id}/take-on`),
    ]);
    expect(responses.map((response) => response.statusCode)).toEqual([302, 302]);
    const winnerId = await fellowOf(id);
    expect([first.id, second.id]).toContain(winnerId);
    const [winner, loser] = winnerId === first.id ? [first, second] : [second, first];
    const winnerName = winner === first ? 'Fran First' : 'Sid Second';

    const loserPage = readPage((await loser.agent.get('/projects/caseload')).body).text();
    expect(loserPage).toContain(`${winnerName} took on “Project two fellows want” a moment ago, so it stays with them`);
    expect(readPage((await winner.agent.get('/projects/caseload')).body).text()).toContain(
      'You now support “Project two fellows want”',
    );
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(audits.filter((audit) => audit.summary.startsWith('Took on'))).toHaveLength(1);
  });

  it('is not offered to anyone else: another region’s fellow, the team, the programme team', async () => {
    const ana = await addLearner(t, east, 'Ana Refused', { postsForms: true });
    const id = await started(ana, 'Project kept from others');
    const londonFellow = await signedIn(t, 'educational_fellow', london, { postsForms: true });
    expect((await londonFellow.agent.post(`/projects/${id}/take-on`)).statusCode).toBe(404);
    expect((await ana.agent.post(`/projects/${id}/take-on`)).statusCode).toBe(403);
    const director = await signedIn(t, 'programme_director', east, { postsForms: true });
    expect((await director.agent.post(`/projects/${id}/take-on`)).statusCode).toBe(403);
    expect(await fellowOf(id)).toBeNull();
  });
});

describe('meeting notes', () => {
  async function withNote(title: string) {
    const ana = await addLearner(t, east, `Ana ${title}`, { postsForms: true });
    const id = await started(ana, title);
    const fellow = await signedIn(t, 'educational_fellow', east, { name: 'Nora Notes', postsForms: true });
    const response = await fellow.agent.post(`/projects/${id}/notes/new`, {
      'metOn[day]': '7',
      'metOn[month]': '10',
      'metOn[year]': '2026',
      notes: 'Agreed the aim.\nNext: a run chart of inhalers each week.',
    });
    expect(response.statusCode, response.body.slice(0, 1500)).toBe(302);
    const [note] = await t.db.select().from(fellowNotes).where(eq(fellowNotes.projectId, id));
    expect(note).toBeDefined();
    return { ana, id, fellow, noteId: note?.id ?? '' };
  }

  it('refuse what identifies a patient and keep what was typed', async () => {
    const { id, fellow } = await withNote('Guarded notes');
    const response = await fellow.agent.post(`/projects/${id}/notes/new`, {
      'metOn[day]': '8',
      'metOn[month]': '10',
      'metOn[year]': '2026',
      notes: 'Dr Karim asked about hospital number RGT1234567.',
    });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()[0]).toContain('The note may identify a patient: “RGT1234567”.');
    expect(response.body).toContain('Dr Karim asked about hospital number');
    expect(await t.db.select().from(fellowNotes).where(eq(fellowNotes.projectId, id))).toHaveLength(1);
  });

  it('are added by the region’s fellow and read by the team, the latest meeting first', async () => {
    const { ana, id, fellow } = await withNote('Noted project');
    const director = await signedIn(t, 'programme_director', east, { name: 'Dee Director', postsForms: true });
    expect(
      (
        await director.agent.post(`/projects/${id}/notes/new`, {
          'metOn[day]': '14',
          'metOn[month]': '10',
          'metOn[year]': '2026',
          notes: 'Visited the practice with the team.',
        })
      ).statusCode,
    ).toBe(302);

    const page = readPage((await ana.agent.get(`/projects/${id}`)).body);
    const notes = page.section('Meeting notes');
    expect(notes.headings(3)).toEqual(['Met on 14 October 2026', 'Met on 7 October 2026']);
    expect(notes.text()).toContain('Written by Dee Director');
    expect(notes.text()).toContain('Written by Nora Notes');
    expect(notes.text()).toContain('Agreed the aim. Next: a run chart of inhalers each week.');
    // The team reads but does not write or delete.
    expect(notes.text()).not.toContain('Add a meeting note');
    expect(notes.links().some((link) => link.href.endsWith('/delete'))).toBe(false);
    expect((await ana.agent.get(`/projects/${id}/notes/new`)).statusCode).toBe(404);
    expect(
      (
        await ana.agent.post(`/projects/${id}/notes/new`, {
          'metOn[day]': '1',
          'metOn[month]': '10',
          'metOn[year]': '2026',
          notes: 'x',
        })
      ).statusCode,
    ).toBe(404);
    // The author sees a delete link for their own note only.
    const fellowPage = readPage((await fellow.agent.get(`/projects/${id}`)).body).section('Meeting notes');
    expect(fellowPage.links().filter((link) => link.href.endsWith('/delete'))).toHaveLength(1);
    const [project] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(project?.lastActivityAt.getTime()).toBeGreaterThanOrEqual(TEST_NOW.getTime());
  });

  it('keep what was typed and say what is wrong: a future date, no text, too long', async () => {
    const ana = await addLearner(t, east, 'Ana Errors', { postsForms: true });
    const id = await started(ana, 'Project with note errors');
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const form = await fellow.agent.get(`/projects/${id}/notes/new`);
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).text()).toContain('Never write anything that could identify a patient');

    const future = await fellow.agent.post(`/projects/${id}/notes/new`, {
      'metOn[day]': '15',
      'metOn[month]': '10',
      'metOn[year]': '2026',
      notes: 'Planned meeting',
    });
    expect(future.statusCode).toBe(400);
    expect(readPage(future.body).errors()).toEqual(['The date you met must be today or in the past']);
    expect(future.body).toContain('href="#metOn-day"');
    expect(future.body).toContain('Planned meeting');
    expect(future.body).toMatch(/name="metOn\[day\]"[^>]*value="15"/);

    const empty = await fellow.agent.post(`/projects/${id}/notes/new`, { 'metOn[day]': '31', 'metOn[month]': '9' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toEqual([
      'The date you met must include a year',
      'Enter what you talked about and agreed',
    ]);

    const long = await fellow.agent.post(`/projects/${id}/notes/new`, {
      'metOn[day]': '1',
      'metOn[month]': '10',
      'metOn[year]': '2026',
      notes: 'a'.repeat(4001),
    });
    expect(readPage(long.body).errors()).toEqual(['The note must be 4,000 characters or fewer']);
    expect(await t.db.select().from(fellowNotes).where(eq(fellowNotes.projectId, id))).toEqual([]);
  });

  it('are deleted by their author only, after confirming; a note under another project is not found', async () => {
    const { id, fellow, noteId } = await withNote('Project with a note to delete');
    const { id: otherId } = await withNote('Another noted project');
    const otherFellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });

    expect((await fellow.agent.get(`/projects/${otherId}/notes/${noteId}/delete`)).statusCode).toBe(404);
    expect((await fellow.agent.post(`/projects/${otherId}/notes/${noteId}/delete`)).statusCode).toBe(404);
    expect((await otherFellow.agent.get(`/projects/${id}/notes/${noteId}/delete`)).statusCode).toBe(404);
    expect((await otherFellow.agent.post(`/projects/${id}/notes/${noteId}/delete`)).statusCode).toBe(404);
    const londonFellow = await signedIn(t, 'educational_fellow', london, { postsForms: true });
    expect((await londonFellow.agent.post(`/projects/${id}/notes/${noteId}/delete`)).statusCode).toBe(404);
    expect(await t.db.select().from(fellowNotes).where(eq(fellowNotes.id, noteId))).toHaveLength(1);

    const confirm = await fellow.agent.get(`/projects/${id}/notes/${noteId}/delete`);
    expect(readPage(confirm.body).title()).toBe('Delete this meeting note?');
    expect(readPage(confirm.body).text()).toContain('Your note of the meeting on 7 October 2026 will be deleted');
    const deleted = await fellow.agent.post(`/projects/${id}/notes/${noteId}/delete`);
    expect(deleted.statusCode).toBe(302);
    expect(await t.db.select().from(fellowNotes).where(eq(fellowNotes.id, noteId))).toEqual([]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, noteId), eq(auditEvents.action, 'delete')));
    expect(audit?.summary).toBe(
      'Deleted the note of the meeting on 7 October 2026 with the team of “Project with a note to delete”',
    );
  });
});

describe('requests for support', () => {
  it('are sent by a learner, emailed to the region’s fellows, and shown on the caseload', async () => {
    const ana = await addLearner(t, east, 'Ana Asks', { postsForms: true });
    const id = await started(ana, 'Project asking for help');
    const eastFellow = await signedIn(t, 'educational_fellow', east, { name: 'Eve East' });
    const londonFellow = await signedIn(t, 'educational_fellow', london);

    const quietSince = new Date(TEST_NOW.getTime() - 40 * DAY);
    await given(id, { lastActivityAt: quietSince });
    const form = await ana.agent.get('/projects/support/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Project asking for help');
    const response = await ana.agent.post('/projects/support/new', {
      projectId: id,
      message: 'We are stuck choosing a balancing measure.',
    });
    expect(response.statusCode, response.body.slice(0, 1500)).toBe(302);
    const [request] = await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id));
    expect(request).toMatchObject({ regionId: east, projectId: id, status: 'open' });
    expect(response.headers.location).toBe(`/projects/support/${request?.id ?? ''}`);
    // Asking is not an update of the project: it stays flagged as quiet.
    const [project] = await t.db.select().from(changeProjects).where(eq(changeProjects.id, id));
    expect(project?.lastActivityAt).toEqual(quietSince);

    const mail = await t.db.select().from(outbox).where(eq(outbox.toAddress, eastFellow.email));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('A learner asked for support with a change project');
    expect(mail[0]?.textBody).toContain('Ana Asks asked the educational fellows for support with the change project');
    expect(mail[0]?.textBody).toContain(`/projects/support/${request?.id ?? ''}`);
    // The message itself stays on the site, behind sign-in.
    expect(mail[0]?.textBody).not.toContain('balancing measure');
    expect(await t.db.select().from(outbox).where(eq(outbox.toAddress, londonFellow.email))).toEqual([]);

    const caseload = readPage((await eastFellow.agent.get('/projects/caseload')).body);
    const row = caseload
      .section('Requests for support')
      .rows()
      .find((cells) => cells[0] === 'Ana Asks');
    expect(row?.slice(0, 3)).toEqual(['Ana Asks', 'Project asking for help', '14 October 2026']);

    const mine = readPage((await ana.agent.get('/projects/support')).body);
    expect(mine.rows()).toEqual([['14 October 2026', 'Project asking for help', 'Open']]);
    const home = readPage((await eastFellow.agent.get('/')).body).text();
    expect(home).toContain('Answer requests for support');
  });

  it('are refused when the message may identify a patient, keeping what was typed, and ordinary ones are sent', async () => {
    const ana = await addLearner(t, east, 'Ana Careful', { postsForms: true });
    const refused = await ana.agent.post('/projects/support/new', {
      message: 'How do I count the visits of the man with NHS number 943 476 5919?',
    });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errors()).toEqual([
      expect.stringContaining('Your message may identify a patient: “943 476 5919”.'),
    ]);
    expect(refused.body).toContain('href="#message"');
    expect(refused.body).toContain('id="message-error"');
    expect(refused.body).toContain('How do I count the visits of the man with NHS number 943 476 5919?');
    expect(await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id))).toEqual([]);

    const ordinary = 'Dr Karim and I meet on 3 March 2026; could a fellow join? I am on 01223 245151.';
    const sent = await ana.agent.post('/projects/support/new', { message: ordinary });
    expect(sent.statusCode, readPage(sent.body).errors().join(' | ')).toBe(302);
    const stored = await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id));
    expect(stored.map((request) => request.message)).toEqual([ordinary]);
  });

  it('are read only by the learner who asked and the region’s fellows and programme team', async () => {
    const ana = await addLearner(t, east, 'Ana Private', { postsForms: true });
    await ana.agent.post('/projects/support/new', { message: 'A private question about my project idea' });
    const [request] = await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id));
    const path = `/projects/support/${request?.id ?? ''}`;

    const own = await ana.agent.get(path);
    expect(own.statusCode).toBe(200);
    expect(readPage(own.body).title()).toBe('Your request for support');
    expect(readPage(own.body).text()).toContain('A private question about my project idea');
    expect(readPage(own.body).text()).not.toContain('Mark as closed');

    for (const person of [
      await addLearner(t, east, 'Bea Nosy', { postsForms: true }),
      await signedIn(t, 'educational_supervisor', east, { postsForms: true }),
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_admin', london, { postsForms: true }),
    ]) {
      expect((await person.agent.get(path)).statusCode).toBe(404);
    }
    const bea = await addLearner(t, east, 'Bea Lister');
    expect(readPage((await bea.agent.get('/projects/support')).body).text()).not.toContain('private question');
    for (const person of [
      await signedIn(t, 'educational_fellow', london, { postsForms: true }),
      await signedIn(t, 'programme_admin', london, { postsForms: true }),
    ]) {
      expect((await person.agent.post(`${path}/close`)).statusCode).toBe(404);
    }
    expect((await ana.agent.post(`${path}/close`)).statusCode).toBe(403);
    for (const role of ['educational_fellow', 'programme_admin', 'platform_admin'] as const) {
      const person = await signedIn(t, role, role === 'platform_admin' ? null : east);
      expect((await person.agent.get(path)).statusCode, role).toBe(200);
    }
  });

  it('are closed by a fellow, who may take on the project named in one step', async () => {
    const ana = await addLearner(t, east, 'Ana Closes', { postsForms: true });
    const id = await started(ana, 'Project taken on from a request');
    await ana.agent.post('/projects/support/new', { projectId: id, message: 'Could a fellow support us?' });
    const [request] = await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id));
    const path = `/projects/support/${request?.id ?? ''}`;
    const fellow = await signedIn(t, 'educational_fellow', east, { name: 'Cal Closer', postsForms: true });

    const page = await fellow.agent.get(`${path}?weeks=6`);
    expect(readPage(page.body).title()).toBe('Request for support from Ana Closes');
    expect(page.body).toContain('Support “Project taken on from a request” as its educational fellow');

    const closed = await fellow.agent.post(`${path}/close`, { takeOn: 'yes', weeks: '6', fellow: '' });
    expect(closed.statusCode).toBe(302);
    expect(closed.headers.location).toBe('/projects/caseload?weeks=6#requests');
    expect(await fellowOf(id)).toBe(fellow.id);
    const [after] = await t.db
      .select()
      .from(supportRequests)
      .where(eq(supportRequests.id, request?.id ?? ''));
    expect(after).toMatchObject({ status: 'closed', fellowUserId: fellow.id });
    expect(after?.closedAt).not.toBeNull();
    const caseload = readPage((await followed(fellow, closed)).body);
    expect(caseload.text()).toContain(
      'The request was closed, and you now support “Project taken on from a request”. It is on your caseload.',
    );
    expect(caseload.section('Requests for support').text()).not.toContain('Ana Closes');

    const mine = readPage((await ana.agent.get(path)).body).text();
    expect(mine).toContain('Closed on 14 October 2026 by Cal Closer');
    const again = await fellow.agent.post(`${path}/close`);
    expect(readPage((await followed(fellow, again)).body).text()).toContain('This request was already closed');
  });

  it('leave the request open when the project was taken by another fellow meanwhile', async () => {
    const ana = await addLearner(t, east, 'Ana Meanwhile', { postsForms: true });
    const id = await started(ana, 'Project taken meanwhile');
    await ana.agent.post('/projects/support/new', { projectId: id, message: 'Help please' });
    const [request] = await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id));
    const other = await signedIn(t, 'educational_fellow', east, { name: 'Olive Other' });
    await given(id, { fellowUserId: other.id });
    const fellow = await signedIn(t, 'educational_fellow', east, { postsForms: true });
    const response = await fellow.agent.post(`/projects/support/${request?.id ?? ''}/close`, { takeOn: 'yes' });
    expect(readPage((await followed(fellow, response)).body).text()).toContain(
      'Olive Other took on “Project taken meanwhile” a moment ago, so it stays with them',
    );
    const [after] = await t.db
      .select()
      .from(supportRequests)
      .where(eq(supportRequests.id, request?.id ?? ''));
    expect(after?.status).toBe('open');
    expect(await fellowOf(id)).toBe(other.id);
  });

  it('name only the learner’s own projects, and keep what was typed', async () => {
    const ana = await addLearner(t, east, 'Ana Own', { postsForms: true });
    const bea = await addLearner(t, east, 'Bea Other', { postsForms: true });
    const beas = await started(bea, 'Bea’s own project');
    const response = await ana.agent.post('/projects/support/new', { projectId: beas, message: 'Help with Bea’s' });
    expect(response.statusCode).toBe(400);
    expect(readPage(response.body).errors()).toEqual(['Choose one of your projects, or none']);
    expect(response.body).toContain('Help with Bea’s');
    const empty = await ana.agent.post('/projects/support/new', { message: '  ' });
    expect(readPage(empty.body).errors()).toEqual(['Enter what you would like support with']);
    const long = await ana.agent.post('/projects/support/new', { message: 'x'.repeat(2001) });
    expect(readPage(long.body).errors()).toEqual(['Your message must be 2,000 characters or fewer']);
    expect(await t.db.select().from(supportRequests).where(eq(supportRequests.learnerUserId, ana.id))).toEqual([]);
  });

  it('tell a learner with no learner record why they cannot ask yet', async () => {
    const lone = await signedIn(t, 'learner', east, { postsForms: true });
    for (const path of ['/projects/support', '/projects/support/new']) {
      const page = await lone.agent.get(path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Your learner record is not set up yet');
    }
    expect((await lone.agent.post('/projects/support/new', { message: 'Help' })).statusCode).toBe(404);
    const fellow = await signedIn(t, 'educational_fellow', east);
    expect((await fellow.agent.get('/projects/support/new')).statusCode).toBe(403);
  });
});

describe('the fellow’s tasks', () => {
  it('list their projects with no update for four weeks', async () => {
    const fellow = await signedIn(t, 'educational_fellow', london, { name: 'Tess Tasks' });
    const lon = await addLearner(t, london, 'Lon Tasks', { postsForms: true });
    const id = await started(lon, 'Task-list quiet project');
    await given(id, { fellowUserId: fellow.id, lastActivityAt: new Date(TEST_NOW.getTime() - 29 * DAY) });
    const home = readPage((await fellow.agent.get('/')).body).text();
    expect(home).toContain('Get in touch with quiet change projects');
    expect(home).toContain('1 project with no update for 4 weeks or more');
    await given(id, { lastActivityAt: new Date(TEST_NOW.getTime() - 27 * DAY) });
    expect(readPage((await fellow.agent.get('/')).body).text()).not.toContain('quiet change projects');
  });
});
