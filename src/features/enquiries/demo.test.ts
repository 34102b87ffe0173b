import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../../testing/app.ts';
import { seedDemoOrganisations } from '../organisations/index.ts';
import { seedDemoPeople } from '../people/index.ts';
import { REFERENCE_PATTERN, patientDetailsProblem } from './domain/enquiries.ts';
import { seedDemoEnquiries } from './index.ts';
import { enquiries, enquiryMessages } from './schema.ts';
import { deleteExpiredEnquiries } from './service.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoOrganisations(t.db, TEST_NOW);
  await seedDemoPeople(t.db, { demoLogins: true }, TEST_NOW);
  await seedDemoEnquiries(t.db, TEST_NOW);
});
afterAll(async () => t.close());

describe('the demo region’s enquiries', () => {
  it('are six from invented senders, in every state the inbox shows', async () => {
    const rows = await t.db.select().from(enquiries);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.regionId === t.regionIds['east-of-england'])).toBe(true);
    expect(rows.every((row) => REFERENCE_PATTERN.test(row.reference))).toBe(true);
    expect(rows.every((row) => /@example\.(com|org)$/.test(row.email))).toBe(true);
    const states = rows.map((row) => `${row.status}${row.assignedTo === null ? '' : ' assigned'}`);
    expect(new Set(states)).toEqual(
      new Set(['new', 'new assigned', 'in_progress assigned', 'closed assigned', 'closed']),
    );
    for (const row of rows) expect(row.closedAt !== null).toBe(row.status === 'closed');
    const messages = await t.db.select().from(enquiryMessages);
    expect(messages.filter((message) => message.direction === 'out').every((m) => m.authorId !== null)).toBe(true);
    expect(messages.filter((message) => message.direction === 'in')).toHaveLength(6);
  });

  it('hold no patient details: every subject, message and reply passes the rule the forms apply', async () => {
    const subjects = (await t.db.select({ text: enquiries.subject }).from(enquiries)).map((row) => row.text);
    const bodies = (await t.db.select({ text: enquiryMessages.body }).from(enquiryMessages)).map((row) => row.text);
    expect(subjects.length + bodies.length).toBe(6 + 8);
    const problems = [...subjects, ...bodies].map((text) => patientDetailsProblem('The text', text, 'public'));
    expect(problems.filter((problem) => problem !== null)).toEqual([]);
  });

  it('keep their closed enquiries on the demo’s day: none is past the default retention', async () => {
    expect(await deleteExpiredEnquiries(t.db, TEST_NOW)).toBe(0);
  });
});
