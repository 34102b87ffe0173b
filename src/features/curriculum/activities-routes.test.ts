import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { learnerProfiles } from '../people/schema.ts';
import { createCurriculum } from './repository.ts';
import { exampleCurriculum } from './domain/example.ts';
import { readPage } from '../../testing/html.ts';
import { learningActivities } from './schema.ts';

let t: TestApp;
let admin: Agent;
let londonAdmin: Agent;
let fellow: Agent;
let learnerF2: Agent;
let learnerF1: Agent;
let activityId = '';

async function signedIn(role: Role, region: string) {
  const user = await createUser(t.db, { role, regionId: t.regionIds[region] ?? null });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, agent };
}

async function addLearner(region: string, stage: 'F1' | 'F2') {
  const person = await signedIn('learner', region);
  const now = t.app.clock();
  await t.db.insert(learnerProfiles).values({
    userId: person.id,
    regionId: t.regionIds[region] ?? '',
    stage,
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
  return person.agent;
}

function plain(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

const valid = {
  type: 'e-learning',
  title: 'Inhalers and the planet',
  description: 'An hour of e-learning on inhaler choice and carbon.',
  url: 'https://www.e-lfh.org.uk/inhalers',
  outcomes: ['ENV-F1-01', 'ENV-F2-01'],
  'stage-F1': 'optional',
  'stage-F2': 'required',
  'stage-ST1': 'none',
  'stage-ST2': 'none',
  'stage-ST3': 'none',
};

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  admin = (await signedIn('programme_admin', 'east-of-england')).agent;
  londonAdmin = (await signedIn('programme_admin', 'london')).agent;
  fellow = (await signedIn('educational_fellow', 'east-of-england')).agent;
  learnerF2 = await addLearner('east-of-england', 'F2');
  learnerF1 = await addLearner('east-of-england', 'F1');
});
afterAll(async () => t.close());

describe('learning activities', () => {
  it('explains that the curriculum must be published first', async () => {
    const page = await admin.get('/curriculum/activities');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Start the curriculum');
    const form = await admin.get('/curriculum/activities/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('there is none yet');
    expect((await learnerF2.get('/curriculum/activities')).body).toContain('has not published its curriculum yet');
    await createCurriculum(
      t.db,
      {
        regionId: t.regionIds['east-of-england'] ?? '',
        name: 'Enhance',
        content: exampleCurriculum(),
        changeSummary: 'First version',
        by: null,
      },
      t.app.clock(),
    );
  });

  it('has an empty list that says what to do next', async () => {
    const page = await admin.get('/curriculum/activities');
    expect(page.body).toContain('There are no learning activities yet');
    expect(page.body).toContain('href="/curriculum/activities/new"');
    const form = await admin.get('/curriculum/activities/new');
    expect(form.body).toContain('Environmental sustainability');
    expect(form.body).toContain('ENV-F2-01: Reduce waste in one routine task');
    expect(form.body).toContain('name="stage-ST3"');
    expect(form.body).toContain('360° scenario');
  });

  it('checks the form and keeps what was typed', async () => {
    const tooMany = await admin.post('/curriculum/activities/new', {
      ...valid,
      url: '',
      outcomes: ['ENV-F1-01', 'ENV-F2-01', 'PCP-F1-01', 'SYS-F1-01'],
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('There is a problem');
    expect(tooMany.body).toContain('Enter the web address of the e-learning link');
    expect(tooMany.body).toContain('Choose up to 3 outcomes that the activity best supports (you chose 4)');
    expect(tooMany.body).toContain('href="#outcomes"');
    expect(tooMany.body).toContain('value="Inhalers and the planet"');
    expect(tooMany.body).toMatch(/value="SYS-F1-01" checked/);
    expect(tooMany.body).toMatch(/value="required" checked/);

    const unsafe = await admin.post('/curriculum/activities/new', { ...valid, url: 'javascript:alert(1)' });
    expect(unsafe.statusCode).toBe(400);
    expect(unsafe.body).toContain('Enter a web address starting with https:// or http://');

    const nothing = await admin.post('/curriculum/activities/new', {
      type: '',
      title: '',
      'stage-F1': 'none',
    });
    expect(nothing.body).toContain('Select the type of activity');
    expect(nothing.body).toContain('Enter a title');
    expect(nothing.body).toContain('Choose at least one outcome that the activity helps learners meet');
    expect(nothing.body).toContain('Choose at least one stage where the activity is required or optional');
    expect(nothing.body).toContain('href="#stage-F1"');
    expect(await t.db.select().from(learningActivities)).toHaveLength(0);
  });

  it('adds activities, audited', async () => {
    const created = await admin.post('/curriculum/activities/new', valid);
    expect(created.statusCode).toBe(302);
    activityId = String(created.headers.location).split('/').pop() ?? '';
    const page = await admin.get(`/curriculum/activities/${activityId}`);
    const text = plain(page.body);
    expect(text).toContain('Inhalers and the planet has been added');
    expect(text).toContain('Foundation year 2 (F2): Required');
    expect(text).toContain('Foundation year 1 (F1): Optional');
    expect(text).toContain('ENV-F2-01 Reduce waste in one routine task');
    expect(page.body).toContain('href="https://www.e-lfh.org.uk/inhalers"');
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, activityId));
    expect(event?.summary).toBe('Added the learning activity Inhalers and the planet');

    for (const [title, type, stages] of [
      ['A day in the community hub', 'learning-event-day', { 'stage-F2': 'optional' }],
      ['Ward MDT meeting', 'mdt-observation', { 'stage-F1': 'required', 'stage-F2': 'required' }],
    ] as const) {
      const response = await admin.post('/curriculum/activities/new', {
        type,
        title,
        outcomes: 'SYS-F2-01',
        ...stages,
      });
      expect(response.statusCode).toBe(302);
    }
  });

  it('shows a learner the activities of their stage, required ones first', async () => {
    const body = (await learnerF2.get('/curriculum/activities')).body;
    expect(plain(body)).toContain('The activities for your stage, Foundation year 2 (F2)');
    expect(plain(body)).toContain('3 activities');
    // Activity and what it is for you, required ones first.
    const rows = readPage(body)
      .rows()
      .map(([activity, , forYou]) => [activity, forYou]);
    expect(rows.slice(0, 2)).toEqual(
      expect.arrayContaining([
        ['Inhalers and the planet', 'Required'],
        ['Ward MDT meeting', 'Required'],
      ]),
    );
    expect(rows[2]).toEqual(['A day in the community hub', 'Optional']);
    const f1 = plain((await learnerF1.get('/curriculum/activities')).body);
    expect(f1).toContain('2 activities');
    expect(f1).not.toContain('A day in the community hub');
  });

  it('filters the list for staff by type and stage', async () => {
    const all = plain((await fellow.get('/curriculum/activities')).body);
    expect(all).toContain('3 activities');
    expect(all).toContain('F1 optional, F2 required');
    const byType = plain((await fellow.get('/curriculum/activities?type=mdt-observation')).body);
    expect(byType).toContain('1 activity');
    expect(byType).toContain('Ward MDT meeting');
    const byStage = plain((await fellow.get('/curriculum/activities?stage=F1')).body);
    expect(byStage).toContain('2 activities');
    const none = await fellow.get('/curriculum/activities?stage=ST3');
    expect(none.body).toContain('No activities match the filters');
    expect(none.body).not.toContain('Add a learning activity');
  });

  it('edits an activity', async () => {
    const form = await admin.get(`/curriculum/activities/${activityId}/edit`);
    expect(form.body).toContain('value="Inhalers and the planet"');
    expect(form.body).toMatch(/value="ENV-F2-01" checked/);
    const bad = await admin.post(`/curriculum/activities/${activityId}/edit`, { ...valid, type: 'reading', url: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the web address of the reading');
    const saved = await admin.post(`/curriculum/activities/${activityId}/edit`, {
      ...valid,
      title: 'Inhalers, carbon and the patient',
      'stage-F1': 'none',
    });
    expect(saved.statusCode).toBe(302);
    const [row] = await t.db.select().from(learningActivities).where(eq(learningActivities.id, activityId));
    expect(row?.title).toBe('Inhalers, carbon and the patient');
    expect(row?.stages).toEqual({ F2: 'required' });
  });

  it('archives after confirmation; learners no longer see it', async () => {
    const confirm = await admin.get(`/curriculum/activities/${activityId}/archive`);
    expect(confirm.body).toContain('Are you sure you want to archive Inhalers, carbon and the patient?');
    const archived = await admin.post(`/curriculum/activities/${activityId}/archive`, { archive: 'yes' });
    expect(archived.statusCode).toBe(302);
    expect((await learnerF2.get('/curriculum/activities')).body).not.toContain('Inhalers, carbon');
    expect((await learnerF2.get(`/curriculum/activities/${activityId}`)).statusCode).toBe(404);
    const list = await admin.get('/curriculum/activities');
    expect(list.body).toContain('Inhalers, carbon and the patient has been archived');
    expect(list.body).not.toContain(`href="/curriculum/activities/${activityId}"`);
    const withArchived = plain((await admin.get('/curriculum/activities?archived=yes')).body);
    expect(withArchived).toContain('Inhalers, carbon and the patient Archived');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, activityId));
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['create', 'update', 'archive']));
  });

  it('keeps activities to their region and their editing to the programme team', async () => {
    const [other] = await t.db
      .select()
      .from(learningActivities)
      .where(eq(learningActivities.title, 'Ward MDT meeting'));
    const id = other?.id ?? '';
    expect((await londonAdmin.get(`/curriculum/activities/${id}`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/curriculum/activities/${id}/edit`)).statusCode).toBe(404);
    expect((await londonAdmin.post(`/curriculum/activities/${id}/archive`, { archive: 'yes' })).statusCode).toBe(404);
    expect((await learnerF2.get(`/curriculum/activities/${id}`)).statusCode).toBe(200);
    expect((await learnerF2.get('/curriculum/activities/new')).statusCode).toBe(403);
    expect((await learnerF2.get(`/curriculum/activities/${id}/edit`)).statusCode).toBe(403);
    expect((await learnerF2.post('/curriculum/activities/new', valid)).statusCode).toBe(403);
    expect((await fellow.post(`/curriculum/activities/${id}/archive`, { archive: 'yes' })).statusCode).toBe(403);
    const anonymous = await new Agent(t.app).get('/curriculum/activities');
    expect(anonymous.statusCode).toBe(302);
  });
});
