import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { readPage, type PageReader } from '../../testing/html.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { roleAssignments } from '../people/schema.ts';
import { handbookAcknowledgements, handbookReminders, handbookVersions } from './schema.ts';
import { publishVersion, writeSection } from './test-fixtures.ts';

// The acknowledgements list's filter, search, counts and pages, worked out by the database. Each test works in a
// region of its own, so the people it counts are its own.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
});
afterAll(async () => t.close());

interface Region {
  code: string;
  id: string;
  director: Person;
  versionId: string;
}

async function publishedIn(code: string): Promise<Region> {
  const id = t.regionIds[code] ?? '';
  const director = await signedIn(t, 'programme_director', id, { postsForms: true });
  await writeSection(director, code, 'background', 'Words.');
  await publishVersion(director, code, 'First');
  const [version] = await t.db.select().from(handbookVersions).where(eq(handbookVersions.regionId, id));
  return { code, id, director, versionId: version?.id ?? '' };
}

async function reader(
  region: Region,
  name: string,
  options: { email?: string; role?: 'learner' | 'educational_supervisor'; status?: 'active' | 'disabled' } = {},
): Promise<string> {
  const user = await createUser(t.db, {
    role: options.role ?? 'learner',
    regionId: region.id,
    displayName: name,
    email: options.email,
    status: options.status,
  });
  return user.id;
}

async function acknowledge(region: Region, userId: string): Promise<void> {
  await t.db
    .insert(handbookAcknowledgements)
    .values({ id: newId(), versionId: region.versionId, userId, acknowledgedAt: t.app.clock() });
}

async function list(region: Region, query = ''): Promise<PageReader> {
  const response = await region.director.agent.get(`/handbook/manage/${region.code}/acknowledgements${query}`);
  expect(response.statusCode).toBe(200);
  return readPage(response.body);
}

/** The summary's three figures: everyone, have acknowledged, have not. */
function counts(page: PageReader): string[] {
  return page.texts('.nhsuk-summary-list__value');
}

const names = (page: PageReader) => page.rows().map((row) => row[0]);

describe('the acknowledgements list', () => {
  it('searches emails as well as names, and combines the search with the filter', async () => {
    const region = await publishedIn('east-of-england');
    const ada = await reader(region, 'Ada Mercer', { email: 'ada.mercer@trust.example.nhs.uk' });
    await reader(region, 'Ben Mercer');
    await reader(region, 'Cal Other', { email: 'cal@mercer-practice.example.nhs.uk' });
    await reader(region, 'Dee Elsewhere');
    await acknowledge(region, ada);

    expect(names(await list(region, '?q=MERCER'))).toEqual(['Ada Mercer', 'Ben Mercer', 'Cal Other']);
    expect(names(await list(region, '?q=trust.example'))).toEqual(['Ada Mercer']);
    expect(names(await list(region, '?status=has&q=mercer'))).toEqual(['Ada Mercer']);
    expect(names(await list(region, '?status=has-not&q=mercer'))).toEqual(['Ben Mercer', 'Cal Other']);
    const none = await list(region, '?status=has&q=elsewhere');
    expect(none.rows()).toEqual([]);
    expect(none.text()).toContain('Nobody matches.');
    // The figures are the region's, whatever is searched.
    expect(counts(none)).toEqual(['4', '1', '3']);
  });

  it('takes a typed % or _ literally', async () => {
    const region = await publishedIn('london');
    await reader(region, 'Pat 100% Present');
    await reader(region, 'Sam_Underscore');
    await reader(region, 'Lee Plain');
    expect(names(await list(region, '?q=%25'))).toEqual(['Pat 100% Present']);
    expect(names(await list(region, '?q=_'))).toEqual(['Sam_Underscore']);
    expect(names(await list(region, '?q=m_u'))).toEqual(['Sam_Underscore']);
    expect(names(await list(region, '?q=t%25p'))).toEqual([]);
  });

  it('pages by name, and shows the last page for a page past it', async () => {
    const region = await publishedIn('midlands');
    const ids: string[] = [];
    for (let n = 1; n <= 27; n++) ids.push(await reader(region, `Reader ${String(n).padStart(2, '0')}`));
    await acknowledge(region, ids[0] ?? '');
    await acknowledge(region, ids[26] ?? '');

    const first = await list(region);
    expect(names(first)).toHaveLength(25);
    expect(names(first)[0]).toBe('Reader 01');
    expect(names(first)[24]).toBe('Reader 25');
    expect(counts(first)).toEqual(['27', '2', '25']);
    const second = await list(region, '?page=2');
    expect(names(second)).toEqual(['Reader 26', 'Reader 27']);
    expect(names(await list(region, '?page=9'))).toEqual(['Reader 26', 'Reader 27']);
    expect(names(await list(region, '?status=has-not&page=9'))).toEqual(
      Array.from({ length: 25 }, (_, index) => `Reader ${String(index + 2).padStart(2, '0')}`),
    );
    expect(names(await list(region, '?status=has'))).toEqual(['Reader 01', 'Reader 27']);
  });

  it('counts a reader with two roles once, leaves out disabled accounts and other regions’, and reminds once each', async () => {
    const region = await publishedIn('south-west');
    const both = await reader(region, 'Two Roles');
    await t.db.insert(roleAssignments).values({
      id: newId(),
      userId: both,
      role: 'educational_supervisor',
      regionId: region.id,
      createdAt: t.app.clock(),
    });
    await reader(region, 'Off Sick', { status: 'disabled' });
    await reader(region, 'Sue Supervisor', { role: 'educational_supervisor' });
    await createUser(t.db, { role: 'learner', regionId: t.regionIds['south-east'] ?? '', displayName: 'Far Away' });
    await signedIn(t, 'educational_fellow', region.id, { name: 'Fay Fellow' });

    const page = await list(region);
    expect(names(page)).toEqual(['Sue Supervisor', 'Two Roles']);
    expect(counts(page)).toEqual(['2', '0', '2']);

    const confirm = await region.director.agent.get(`/handbook/manage/${region.code}/acknowledgements/remind`);
    expect(readPage(confirm.body).title()).toBe('Send a reminder to 2 people?');
    const versionId = /name="versionId" value="([^"]*)"/.exec(confirm.body)?.[1] ?? '';
    await region.director.agent.post(`/handbook/manage/${region.code}/acknowledgements/remind`, { versionId });
    const reminded = await t.db
      .select({ userId: handbookReminders.userId })
      .from(handbookReminders)
      .where(eq(handbookReminders.versionId, region.versionId));
    expect(reminded.map((row) => row.userId)).toContain(both);
    expect(reminded).toHaveLength(2);
    const after = await list(region, '?status=has-not');
    expect(after.rows().map((row) => row[2])).toEqual([
      'Not yet (reminded in the last 24 hours)',
      'Not yet (reminded in the last 24 hours)',
    ]);
  });
});
