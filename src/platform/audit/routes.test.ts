import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { audit } from './audit.ts';

describe('audit log pages', () => {
  let t: TestApp;
  let eastId: string;
  let londonId: string;
  let platformAdmin: Agent;
  let eastAdmin: Agent;

  beforeAll(async () => {
    t = await createTestApp();
    eastId = t.regionIds['east-of-england']!;
    londonId = t.regionIds.london!;
    const actor = await createUser(t.db, {
      role: 'programme_admin',
      regionId: eastId,
      displayName: 'Priya Shah',
      email: 'priya.shah@example.nhs.uk',
    });
    const at = (day: number) => new Date(Date.UTC(2026, 8, day, 12));
    const by = { userId: actor.id, label: actor.displayName };
    await t.db.transaction(async (tx) => {
      await audit(
        tx,
        by,
        {
          action: 'create',
          entityType: 'placement',
          entityId: 'p-1',
          regionId: eastId,
          summary: 'Added placement Ward 4',
          after: { name: 'Ward 4' },
        },
        at(1),
      );
      await audit(
        tx,
        by,
        {
          action: 'update',
          entityType: 'placement',
          entityId: 'p-1',
          regionId: eastId,
          summary: 'Renamed placement <Ward 4>',
          before: { name: 'Ward 4', weeks: 12 },
          after: { name: 'Ward 5', weeks: 12 },
        },
        at(10),
      );
      await audit(
        tx,
        { userId: null, label: 'System' },
        { action: 'import', entityType: 'organisation', regionId: eastId, summary: 'Imported trusts' },
        at(20),
      );
      await audit(
        tx,
        by,
        {
          action: 'create',
          entityType: 'placement',
          entityId: 'p-2',
          regionId: londonId,
          summary: 'Added London placement',
        },
        at(5),
      );
      await audit(tx, by, { action: 'security', entityType: 'user', summary: 'National security event' }, at(6));
    });
    const admin = await createUser(t.db, { role: 'platform_admin' });
    platformAdmin = await new Agent(t.app).signInAs(admin.id);
    const east = await createUser(t.db, { role: 'programme_admin', regionId: eastId });
    eastAdmin = await new Agent(t.app).signInAs(east.id);
  });
  afterAll(async () => t.close());

  function summaries(body: string): string[] {
    return [...body.matchAll(/href="\/admin\/audit\/[0-9a-f-]{36}">([^<]*)</g)].map((match) => match[1]!);
  }

  it('lists a region’s events newest first, and only that region’s', async () => {
    const response = await eastAdmin.get('/admin/audit');
    expect(response.statusCode).toBe(200);
    expect(summaries(response.body)).toEqual([
      'Imported trusts',
      'Renamed placement &lt;Ward 4&gt;',
      'Added placement Ward 4',
    ]);
    expect(response.body).toContain('href="/admin/audit"');
  });

  it('shows platform administrators every event, including those of no region', async () => {
    const response = await platformAdmin.get('/admin/audit');
    const listed = summaries(response.body);
    expect(listed).toContain('Added London placement');
    expect(listed).toContain('National security event');
  });

  it('filters by actor name or email, type, action, record and dates', async () => {
    expect(summaries((await eastAdmin.get('/admin/audit?actor=PRIYA.shah%40')).body)).toHaveLength(2);
    expect(summaries((await eastAdmin.get('/admin/audit?actor=priya')).body)).toHaveLength(2);
    expect(summaries((await eastAdmin.get('/admin/audit?actor=system')).body)).toEqual(['Imported trusts']);
    expect(summaries((await eastAdmin.get('/admin/audit?entityType=organisation')).body)).toEqual(['Imported trusts']);
    expect(summaries((await eastAdmin.get('/admin/audit?action=update')).body)).toHaveLength(1);
    expect(summaries((await eastAdmin.get('/admin/audit?entityId=p-1')).body)).toHaveLength(2);
    const dated = await eastAdmin.get('/admin/audit?from=1%2F9%2F2026&to=10%2F9%2F2026');
    expect(summaries(dated.body)).toEqual(['Renamed placement &lt;Ward 4&gt;', 'Added placement Ward 4']);
    expect(dated.body).toContain('value="1/9/2026"');
    expect(summaries((await eastAdmin.get('/admin/audit?actor=%25')).body)).toEqual([]);
  });

  it('explains a date that is not real, keeping what was typed', async () => {
    const response = await eastAdmin.get('/admin/audit?from=31%2F2%2F2026&to=banana');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('The ‘from’ date must be a real date, like 25/11/2026');
    expect(response.body).toContain('The ‘to’ date must be a real date, like 25/11/2026');
    expect(response.body).toContain('value="banana"');
  });

  it('paginates, keeping the filters on each page link', async () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 30; i++) {
        await audit(
          tx,
          { userId: null, label: 'Bulk' },
          { action: 'update', entityType: 'bulk', regionId: eastId, summary: `Bulk ${String(i)}` },
          at,
        );
      }
    });
    const first = await eastAdmin.get('/admin/audit?entityType=bulk');
    expect(summaries(first.body)).toHaveLength(25);
    expect(first.body).toContain('href="/admin/audit?entityType=bulk&amp;page=2"');
    const second = await eastAdmin.get('/admin/audit?entityType=bulk&page=2');
    expect(summaries(second.body)).toHaveLength(5);
  });

  it('shows one event with its values before and after, side by side', async () => {
    const list = await eastAdmin.get('/admin/audit?action=update&entityId=p-1');
    const id = /href="\/admin\/audit\/([0-9a-f-]{36})"/.exec(list.body)?.[1];
    expect(id).toBeDefined();
    const response = await eastAdmin.get(`/admin/audit/${id!}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Renamed placement &lt;Ward 4&gt;');
    const row = /<th scope="row"[^>]*>name[^<]*<\/th>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>([^<]*)<\/td>/.exec(
      response.body,
    );
    expect(row?.slice(1)).toEqual(['Ward 4', 'Ward 5']);
    expect(response.body).toContain('Priya Shah (priya.shah@example.nhs.uk)');
  });

  it('answers 404 for an unknown or malformed event id', async () => {
    expect((await eastAdmin.get('/admin/audit/0190a6e0-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await eastAdmin.get('/admin/audit/not-an-id')).statusCode).toBe(404);
  });

  it('puts the audit log in the navigation of those who may read it', async () => {
    expect((await eastAdmin.get('/')).body).toContain('href="/admin/audit"');
    const learner = await createUser(t.db, { role: 'learner', regionId: eastId });
    const agent = await new Agent(t.app).signInAs(learner.id);
    expect((await agent.get('/')).body).not.toContain('href="/admin/audit"');
  });
});
