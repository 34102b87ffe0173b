import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { signedIn } from '../../testing/people.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { enquiries, enquiryMessages, enquirySettings } from './schema.ts';
import { ENQUIRY_RETENTION_TASK } from './routes.ts';
import { deleteExpiredEnquiries } from './service.ts';
import { addEnquiry } from './test-fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
});
afterAll(async () => t.close());

const at = (iso: string) => new Date(iso);

describe('how long closed enquiries are kept', () => {
  it('is 12 months until the region chooses; the team changes it, audited, within 1 to 60', async () => {
    const region = t.regionIds.midlands ?? '';
    const director = await signedIn(t, 'programme_director', region, { name: 'Settings Director', postsForms: true });
    const form = await director.agent.get('/enquiries/settings');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="months" type="text" value="12"');
    expect(readPage(form.body).text()).toContain('default of 12 months');

    for (const months of ['0', '61', 'six', '']) {
      const refused = await director.agent.post('/enquiries/settings', { regionId: region, months, version: '' });
      expect(refused.statusCode).toBe(400);
      expect(readPage(refused.body).errors()[0]).toMatch(/^Enter/);
    }

    const saved = await director.agent.post('/enquiries/settings', { regionId: region, months: '6', version: '' });
    expect(saved.statusCode, readPage(saved.body).errors().join(' | ')).toBe(302);
    const [row] = await t.db.select().from(enquirySettings).where(eq(enquirySettings.regionId, region));
    expect(row).toMatchObject({ retentionMonths: 6, updatedBy: director.id });
    const page = await director.agent.get(saved.headers.location ?? '');
    expect(readPage(page.body).text()).toContain('Closed enquiries are now kept for 6 months');
    expect(readPage(page.body).text()).toContain('by Settings Director');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'enquiry_settings'), eq(auditEvents.entityId, region)));
    expect(event).toMatchObject({ action: 'update', before: { retentionMonths: 12 }, after: { retentionMonths: 6 } });

    // A second person who opened the page before that save is told, and shown the setting as it now is.
    const stale = await director.agent.post('/enquiries/settings', { regionId: region, months: '24', version: '' });
    expect(stale.statusCode).toBe(400);
    expect(readPage(stale.body).errors()).toEqual([
      'Someone else changed this setting while you had it open. Check it and try again',
    ]);
    expect((await t.db.select().from(enquirySettings).where(eq(enquirySettings.regionId, region)))[0]).toMatchObject({
      retentionMonths: 6,
    });

    // The public is told how long their enquiry is kept.
    const contact = await director.agent.get('/school/midlands/contact');
    expect(readPage(contact.body).text()).toContain('6 months after we close it');
  });

  it('lets the platform administrator choose each region', async () => {
    const platformAdmin = await signedIn(t, 'platform_admin', null, { postsForms: true });
    const region = t.regionIds['south-east'] ?? '';
    const page = readPage((await platformAdmin.agent.get(`/enquiries/settings?region=${region}`)).body);
    expect(page.text()).toContain('South East');
    expect(page.links().some((link) => link.text === 'London')).toBe(true);
    const saved = await platformAdmin.agent.post('/enquiries/settings', { regionId: region, months: '3', version: '' });
    expect(saved.statusCode).toBe(302);
    expect((await platformAdmin.agent.get('/enquiries/settings?region=not-a-region')).statusCode).toBe(404);
  });
});

describe('deleting closed enquiries kept their full time', () => {
  it('deletes, at a fixed time, only closed enquiries past their region’s months, with their threads', async () => {
    const east = t.regionIds['east-of-england'] ?? '';
    const london = t.regionIds.london ?? '';
    const now = at('2027-03-31T12:00:00Z');
    await t.db
      .insert(enquirySettings)
      .values({ regionId: london, retentionMonths: 1, updatedAt: now, updatedBy: null })
      .onConflictDoNothing();
    const oldClosed = await addEnquiry(t, east, { status: 'closed', closedAt: at('2026-03-30T12:00:00Z') });
    const justDue = await addEnquiry(t, east, { status: 'closed', closedAt: at('2026-03-31T12:00:00Z') });
    const notYet = await addEnquiry(t, east, { status: 'closed', closedAt: at('2026-03-31T12:00:01Z') });
    const oldOpen = await addEnquiry(t, east, { status: 'in_progress', receivedAt: at('2024-01-01T12:00:00Z') });
    // London keeps one month: closed 28 February, due 28 March; closed 1 March, due 1 April.
    const londonDue = await addEnquiry(t, london, { status: 'closed', closedAt: at('2027-02-28T12:00:00Z') });
    const londonKept = await addEnquiry(t, london, { status: 'closed', closedAt: at('2027-03-01T12:00:00Z') });
    const ids = [oldClosed, justDue, notYet, oldOpen, londonDue, londonKept].map((enquiry) => enquiry.id);

    expect(await deleteExpiredEnquiries(t.db, now)).toBe(3);
    const left = await t.db.select({ id: enquiries.id }).from(enquiries).where(inArray(enquiries.id, ids));
    expect(left.map((row) => row.id).sort()).toEqual([notYet.id, oldOpen.id, londonKept.id].sort());
    const messages = await t.db
      .select({ id: enquiryMessages.enquiryId })
      .from(enquiryMessages)
      .where(inArray(enquiryMessages.enquiryId, [oldClosed.id, justDue.id, londonDue.id]));
    expect(messages).toEqual([]);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'enquiry'), eq(auditEvents.action, 'delete')));
    expect(events.map((event) => [event.regionId, event.summary]).sort()).toEqual(
      [
        [east, 'Deleted 2 closed enquiries kept for 12 months'],
        [london, 'Deleted 1 closed enquiry kept for 1 month'],
      ].sort(),
    );

    // A second run finds nothing more to do.
    expect(await deleteExpiredEnquiries(t.db, now)).toBe(0);
  });

  it('runs every hour on the app’s schedule', () => {
    expect(t.app.schedule.names()).toContain(ENQUIRY_RETENTION_TASK);
  });
});
