import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from 'cheerio';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { enquiries, enquiryMessages } from './schema.ts';
import { addEnquiry } from './test-fixtures.ts';

// Each test makes its own people and enquiries (with names of its own), so none reads what another wrote.

let t: TestApp;
let east = '';
let london = '';
let director: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  director = await signedIn(t, 'programme_director', east, { name: 'Dr Inbox Director', postsForms: true });
  admin = await signedIn(t, 'programme_admin', east, { name: 'Inbox Admin', postsForms: true });
});
afterAll(async () => t.close());

async function row(id: string) {
  const [found] = await t.db.select().from(enquiries).where(eq(enquiries.id, id));
  if (found === undefined) throw new Error('No enquiry');
  return found;
}

describe('who may read the inbox', () => {
  it('the region’s programme team and the platform administrator; others are refused or told it does not exist', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Access check subject' });
    const platformAdmin = await signedIn(t, 'platform_admin', null);
    for (const person of [director, admin, platformAdmin]) {
      const list = await person.agent.get('/enquiries');
      expect(list.statusCode).toBe(200);
      expect(readPage(list.body).text()).toContain('Access check subject');
      expect((await person.agent.get(`/enquiries/${enquiry.id}`)).statusCode).toBe(200);
    }
    for (const role of ['learner', 'educational_supervisor', 'clinical_supervisor', 'educational_fellow'] as const) {
      const person = await signedIn(t, role, east);
      expect((await person.agent.get('/enquiries')).statusCode).toBe(403);
      expect((await person.agent.get(`/enquiries/${enquiry.id}`)).statusCode).toBe(403);
    }
    // The platform administrator, who runs every region, is told each enquiry's region.
    const listed = readPage((await platformAdmin.agent.get('/enquiries?q=Access+check+subject')).body);
    expect(listed.rows()[0]?.[0]).toContain('East of England');
    const anonymous = await new Agent(t.app).get('/enquiries');
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toContain('/auth/sign-in');
  });

  it('another region’s team sees none of this region’s enquiries and cannot change one', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Another region must not see' });
    const other = await signedIn(t, 'programme_director', london, { postsForms: true });
    const list = await other.agent.get('/enquiries');
    expect(list.statusCode).toBe(200);
    expect(readPage(list.body).text()).not.toContain('Another region must not see');
    expect((await other.agent.get(`/enquiries/${enquiry.id}`)).statusCode).toBe(404);
    const revision = String(enquiry.revision);
    const change = await other.agent.post(`/enquiries/${enquiry.id}`, { assignedTo: '', status: 'closed', revision });
    expect(change.statusCode).toBe(404);
    const answer = await other.agent.post(`/enquiries/${enquiry.id}/reply`, { body: 'Hello', revision });
    expect(answer.statusCode).toBe(404);
    expect(await row(enquiry.id)).toMatchObject({ status: 'new', revision: 1 });
    expect(await t.db.select().from(enquiryMessages).where(eq(enquiryMessages.enquiryId, enquiry.id))).toHaveLength(1);
    const settings = await other.agent.post('/enquiries/settings', { regionId: east, months: '3', version: '' });
    expect(settings.statusCode).toBe(404);
  });

  it('a person with no team role is refused the settings', async () => {
    const learner = await signedIn(t, 'learner', east);
    expect((await learner.agent.get('/enquiries/settings')).statusCode).toBe(403);
  });
});

describe('the inbox list', () => {
  it('filters by status, topic, assignee and words, counts each status and says when nothing matches', async () => {
    const mine = await signedIn(t, 'programme_admin', east, { name: 'Filter Admin' });
    const tag = 'Zephyrine';
    await addEnquiry(t, east, { subject: `${tag} posts new`, topic: 'posts' });
    await addEnquiry(t, east, { subject: `${tag} vr mine`, topic: 'vr', assignedTo: mine.id, status: 'in_progress' });
    const closed = await addEnquiry(t, east, { subject: `${tag} closed`, topic: 'projects', status: 'closed' });
    await addEnquiry(t, east, { subject: 'Unrelated', name: `${tag} Sender`, email: 'zeph@example.org' });

    const subjects = async (query: string) => {
      const response = await mine.agent.get(`/enquiries?${query}`);
      expect(response.statusCode).toBe(200);
      return readPage(response.body)
        .rows()
        .map((cells) => cells[0] ?? '');
    };
    expect(await subjects(`q=${tag}`)).toHaveLength(4);
    expect((await subjects(`q=${tag}&status=new`)).map((s) => s.split(' ENQ')[0])).toEqual([
      'Unrelated',
      `${tag} posts new`,
    ]);
    expect((await subjects(`q=${tag}&topic=vr`))[0]).toContain(`${tag} vr mine`);
    expect(await subjects(`q=${tag}&assigned=me`)).toHaveLength(1);
    expect(await subjects(`q=${tag}&assigned=unassigned`)).toHaveLength(3);
    expect(await subjects('q=zeph%40example.org')).toHaveLength(1);
    expect(await subjects(`q=${closed.reference.toLowerCase()}`)).toHaveLength(1);

    const page = readPage((await mine.agent.get(`/enquiries?q=${tag}`)).body);
    expect(page.text()).toContain('All (4)');
    expect(page.text()).toContain('New (2)');
    expect(page.text()).toContain('In progress (1)');
    expect(page.text()).toContain('Closed (1)');

    const none = readPage((await mine.agent.get('/enquiries?q=nothing-matches-this')).body);
    expect(none.headings()).toContain('No enquiries match your search');
    // Unknown filter values are ignored rather than refused.
    expect((await mine.agent.get('/enquiries?status=lost&topic=x&assigned=y')).statusCode).toBe(200);
  });

  it('pages a long list, keeping the filters on each page’s link', async () => {
    for (let n = 0; n < 27; n++) await addEnquiry(t, east, { subject: `Pageable ${String(n)}`, topic: 'enhance' });
    const first = await director.agent.get('/enquiries?q=Pageable');
    const page = readPage(first.body);
    expect(page.rows()).toHaveLength(25);
    expect(page.links().some((link) => link.href === '/enquiries?q=Pageable&page=2')).toBe(true);
    const second = readPage((await director.agent.get('/enquiries?q=Pageable&page=2')).body);
    expect(second.rows()).toHaveLength(2);
  });

  it('shows an empty inbox with what to do next', async () => {
    const wales = await signedIn(t, 'programme_director', t.regionIds['north-west'] ?? '');
    const page = readPage((await wales.agent.get('/enquiries')).body);
    expect(page.headings()).toContain('There are no enquiries yet');
  });
});

describe('an enquiry', () => {
  it('shows the thread oldest first and the region’s team to assign it to', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Thread subject', message: 'First line\n\nSecond part' });
    const page = readPage((await director.agent.get(`/enquiries/${enquiry.id}`)).body);
    expect(page.title()).toBe('Thread subject');
    expect(page.text()).toContain(`Enquiry ${enquiry.reference}`);
    expect(page.section('Messages').text()).toContain('Maya Lindqvist wrote');
    expect(page.section('Messages').text()).toContain('First line');
    expect(page.texts('#assignedTo option')).toEqual(
      expect.arrayContaining(['Nobody', 'Dr Inbox Director (you)', 'Inbox Admin']),
    );
  });

  it('is assigned and moved on, each change audited; closing stamps the time and reopening clears it', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Assign me' });
    const assign = await director.agent.post(`/enquiries/${enquiry.id}`, {
      assignedTo: admin.id,
      status: 'in_progress',
      revision: '1',
    });
    expect(assign.statusCode, readPage(assign.body).errors().join(' | ')).toBe(302);
    expect(await row(enquiry.id)).toMatchObject({ assignedTo: admin.id, status: 'in_progress', revision: 2 });

    const close = await director.agent.post(`/enquiries/${enquiry.id}`, {
      assignedTo: admin.id,
      status: 'closed',
      revision: '2',
    });
    expect(close.statusCode).toBe(302);
    const closed = await row(enquiry.id);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();

    const reopen = await director.agent.post(`/enquiries/${enquiry.id}`, {
      assignedTo: '',
      status: 'in_progress',
      revision: '3',
    });
    expect(reopen.statusCode).toBe(302);
    expect(await row(enquiry.id)).toMatchObject({ assignedTo: null, status: 'in_progress', closedAt: null });

    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'enquiry'), eq(auditEvents.entityId, enquiry.id)));
    expect(events.map((event) => event.summary)).toEqual([
      `Enquiry ${enquiry.reference}: assigned it to Inbox Admin and set its status to in progress`,
      `Enquiry ${enquiry.reference}: set its status to closed`,
      `Enquiry ${enquiry.reference}: unassigned it and reopened it`,
    ]);
  });

  it('cannot be assigned to someone outside the region’s team', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Wrong assignee' });
    const outsider = await signedIn(t, 'programme_admin', london);
    const learner = await signedIn(t, 'learner', east);
    for (const id of [outsider.id, learner.id, 'not-an-id']) {
      const response = await director.agent.post(`/enquiries/${enquiry.id}`, {
        assignedTo: id,
        status: 'new',
        revision: '1',
      });
      expect(response.statusCode).toBe(400);
      expect(readPage(response.body).errors()).toEqual(['Choose a member of the region’s programme team, or nobody']);
    }
    expect(await row(enquiry.id)).toMatchObject({ assignedTo: null, revision: 1 });
  });

  it('refuses a save from a page read before someone else’s change, and says so', async () => {
    const enquiry = await addEnquiry(t, east, { subject: 'Two at once' });
    const first = await admin.agent.post(`/enquiries/${enquiry.id}`, {
      assignedTo: admin.id,
      status: 'in_progress',
      revision: '1',
    });
    expect(first.statusCode).toBe(302);
    const second = await director.agent.post(`/enquiries/${enquiry.id}`, {
      assignedTo: director.id,
      status: 'closed',
      revision: '1',
    });
    expect(second.statusCode).toBe(400);
    const page = readPage(second.body);
    expect(page.errors()).toEqual([
      'Someone else changed this enquiry while you had it open. Check the enquiry and try again',
    ]);
    // The page shows the enquiry as it now is, to decide again on.
    expect(second.body).toContain('name="revision" value="2"');
    expect(await row(enquiry.id)).toMatchObject({ assignedTo: admin.id, status: 'in_progress' });

    const reply = await director.agent.post(`/enquiries/${enquiry.id}/reply`, {
      body: 'My stale reply',
      revision: '1',
    });
    expect(reply.statusCode).toBe(400);
    expect(readPage(reply.body).errors()[0]).toContain('Someone else changed this enquiry');
    expect(reply.body).toContain('My stale reply');
    expect(await t.db.select().from(enquiryMessages).where(eq(enquiryMessages.enquiryId, enquiry.id))).toHaveLength(1);
  });

  it('is answered by email from the app: the mail is queued to the sender, the thread keeps it and the enquiry moves on', async () => {
    const enquiry = await addEnquiry(t, east, {
      subject: 'Re: Visiting a practice',
      email: 'visitor.reply@example.org',
    });
    const empty = await director.agent.post(`/enquiries/${enquiry.id}/reply`, { body: '  ', revision: '1' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toEqual(['Enter your reply']);

    const body = 'Thank you for asking.\n\nYou are welcome to visit Riverside Surgery on a Tuesday.';
    const response = await director.agent.post(`/enquiries/${enquiry.id}/reply`, { body, revision: '1' });
    expect(response.statusCode, readPage(response.body).errors().join(' | ')).toBe(302);

    const [mail] = await t.db.select().from(outbox).where(eq(outbox.toAddress, 'visitor.reply@example.org'));
    expect(mail?.subject).toBe(`Re: Visiting a practice [${enquiry.reference}]`);
    expect(mail?.textBody).toContain(body);
    expect(mail?.textBody).toContain('Dr Inbox Director, programme team');
    const messages = await t.db.select().from(enquiryMessages).where(eq(enquiryMessages.enquiryId, enquiry.id));
    const out = messages.find((message) => message.direction === 'out');
    expect(out).toMatchObject({ body, authorId: director.id, mailId: mail?.id });
    expect(await row(enquiry.id)).toMatchObject({ status: 'in_progress', revision: 2 });

    const page = readPage((await director.agent.get(`/enquiries/${enquiry.id}`)).body);
    const thread = page.section('Messages').text();
    expect(thread.indexOf('Maya Lindqvist wrote')).toBeLessThan(thread.indexOf('Dr Inbox Director replied'));
    expect(thread).toContain('You are welcome to visit Riverside Surgery on a Tuesday.');
    expect(page.text()).toContain('In progress');

    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, enquiry.id), eq(auditEvents.action, 'update')));
    expect(event?.summary).toBe(`Enquiry ${enquiry.reference}: replied by email`);
    expect(JSON.stringify(event)).not.toContain('Riverside');
  });

  it('refuses a reply that may identify a patient, keeps it typed, and sends and saves nothing', async () => {
    const enquiry = await addEnquiry(t, east, {
      subject: 'My father’s care',
      email: 'visitor.patient@example.org',
    });
    const page = await director.agent.get(`/enquiries/${enquiry.id}`);
    const $page = load(page.body);
    const hint = ($page('#body').attr('aria-describedby') ?? '').split(' ');
    expect(hint.map((id) => $page(`#${id}`).text().trim())).toEqual([
      'Do not include patient details. Up to 10000 characters.',
    ]);

    const body = 'Thank you for writing.\n\nWe have passed on the note about hospital number RGT1234567 to the ward.';
    const response = await director.agent.post(`/enquiries/${enquiry.id}/reply`, { body, revision: '1' });
    expect(response.statusCode).toBe(400);
    const problem =
      'Your reply may identify a patient: “RGT1234567”. This looks like a hospital number: a code next to words such as “hospital number” or “MRN”. Remove it before sending: enquiries and replies never hold patient details.';
    expect(readPage(response.body).errors()).toEqual([problem]);
    const $ = load(response.body);
    expect($('#body').text()).toBe(body);
    expect($('#body-error').text().replace(/\s+/g, ' ').trim()).toBe(`Error: ${problem}`);
    expect($('#body').attr('aria-describedby')).toBe('body-hint body-error');

    expect(await t.db.select().from(outbox).where(eq(outbox.toAddress, 'visitor.patient@example.org'))).toEqual([]);
    const messages = await t.db.select().from(enquiryMessages).where(eq(enquiryMessages.enquiryId, enquiry.id));
    expect(messages.map((message) => message.direction)).toEqual(['in']);
    expect(await row(enquiry.id)).toMatchObject({ status: 'new', revision: 1 });
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, enquiry.id));
    expect(events).toEqual([]);
  });

  it('answers 404 for an enquiry that does not exist', async () => {
    expect((await director.agent.get('/enquiries/0190a000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await director.agent.get('/enquiries/not-an-id')).statusCode).toBe(404);
  });
});

describe('the home page', () => {
  it('tells the region’s team how many enquiries are new', async () => {
    const team = await signedIn(t, 'programme_director', t.regionIds['south-west'] ?? '');
    expect(readPage((await team.agent.get('/')).body).text()).not.toContain('new enquir');
    await addEnquiry(t, t.regionIds['south-west'] ?? '', { subject: 'South west one' });
    await addEnquiry(t, t.regionIds['south-west'] ?? '', { subject: 'South west two' });
    await addEnquiry(t, t.regionIds['south-west'] ?? '', { subject: 'South west three', status: 'in_progress' });
    const home = readPage((await team.agent.get('/')).body);
    expect(home.links()).toContainEqual({ text: '2 new enquiries', href: '/enquiries?status=new' });
  });
});
