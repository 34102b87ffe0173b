import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/app.ts';
import { givenCohort, givenExampleCurriculum } from '../../testing/curriculum.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { educationalSupervisions, learnerProfiles } from '../people/schema.ts';
import { personalData } from './service.ts';
import { annualReviews, stageHistory } from './schema.ts';
import { exampleCurriculum } from '../curriculum/domain/example.ts';
import { cohortMembers, curriculumVersions, learnerCurricula } from '../curriculum/schema.ts';
import { givenLearningEvent, type LearningEventFields } from '../../testing/events.ts';
import { givenAlex, givenBea, givenCal, givenSupervisor, supervises } from './test-fixtures.ts';

// The East of England has the example curriculum (version 1), published once for the file and never changed; each
// test makes the learners, supervisors and cohorts it reads there (givenAlex, givenBea, givenCal: learners with the
// evidence their names stand for). The tests that publish a version or read a region's whole list have a region of
// their own. No test reads what another wrote; they pass alone and in any order.

let t: TestApp;
let east = '';
let london = '';
let curriculumId = '';

const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  curriculumId = (await givenExampleCurriculum(t, east)).curriculumId;
});
afterAll(async () => t.close());

/** The East's programme administrator, signed in. */
async function givenEastAdmin(): Promise<Person> {
  return signedIn(t, 'programme_admin', east, { name: 'Pat Admin', postsForms: true });
}

async function givenLondonAdmin(): Promise<Person> {
  return signedIn(t, 'programme_admin', london, { name: 'Lon Admin', postsForms: true });
}

/** A learning event in the East (unless given), 10 days from now (unless given), lasting three hours. */
async function event(fields: Omit<LearningEventFields, 'regionId' | 'curriculumId'> & { regionId?: string }) {
  return givenLearningEvent(t, { regionId: east, curriculumId, ...fields });
}

describe('a learner’s progress', () => {
  it('is computed from evidence links, per domain, for the current stage and to date', async () => {
    const alex = await givenAlex(t, east);
    const response = await alex.agent.get('/progress');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('My progress');
    expect(body).toContain('Enhance, version 1');
    expect(body).toContain('Since: not recorded');
    // Overall: 1 of the 6 F2 outcomes, 2 of the 12 outcomes of F1 and F2.
    expect(body).toContain('1 of 6 outcomes evidenced');
    expect(body).toContain('2 of 12 outcomes (17%) evidenced');
    expect(body).toContain('To date (F1 to F2)');
    // Person-centred practice: F1 evidenced, F2 not; Working across systems: F2 evidenced, F1 not.
    expect(body).toContain('0 of 1 outcome of this stage and 1 of 2 outcomes to date evidenced');
    expect(body).toContain('1 of 1 outcome of this stage and 1 of 2 outcomes to date evidenced');
    expect(readPage(body).links()).toContainEqual({ text: 'Discharge to a care home', href: '/portfolio/entry-1' });
    expect(body).toContain('Learning event attended');
    expect(body).toContain('Frailty day');
  });

  it('lists what is still needed, the current stage first', async () => {
    const alex = await givenAlex(t, east);
    const page = readPage((await alex.agent.get('/progress')).body);
    const stillNeeded = (domain: string) => page.section(domain).section('Still needed');
    const systems = stillNeeded('Working across systems');
    expect(systems.texts('li')).toContainEqual(expect.stringMatching(/^SYS-F1-01 \(F1, an earlier stage\): /));
    expect(systems.texts('li strong')).not.toContain('SYS-F2-01');
    const person = stillNeeded('Person-centred practice').texts('li strong');
    expect(person).toContain('PCP-F2-01');
    expect(person).not.toContain('PCP-F1-01');
    const population = stillNeeded('Population health').texts('li strong');
    expect(population.indexOf('POP-F2-01')).toBeGreaterThan(-1);
    expect(population.indexOf('POP-F2-01')).toBeLessThan(population.indexOf('POP-F1-01'));
  });

  it('says so when the learner record is not set up', async () => {
    const noRecord = await signedIn(t, 'learner', east, { name: 'Nora Norecord' });
    const response = await noRecord.agent.get('/progress');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Your learner record has not been set up yet');
  });

  it('follows the learner’s version: counts change and evidence it lacks is noted, not lost', async () => {
    // A region of its own: publishing version 2 there changes no other test's curriculum.
    const region = t.regionIds['south-west'] ?? '';
    const { curriculumId } = await givenExampleCurriculum(t, region);
    const alex = await givenAlex(t, region);
    const cal = await givenCal(t, region);
    const before = (await cal.agent.get('/progress')).body;
    expect(before).toContain('2 of 6 outcomes evidenced');
    expect(before).not.toContain('Evidence for outcomes not in your curriculum version');
    const content = exampleCurriculum();
    const now = t.app.clock();
    const versionId = newId();
    await t.db.insert(curriculumVersions).values({
      id: versionId,
      curriculumId,
      number: 2,
      status: 'published',
      content: { ...content, outcomes: content.outcomes.filter((outcome) => outcome.code !== 'SYS-F2-01') },
      changeSummary: 'SYS-F2-01 removed',
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await t.db
      .update(learnerCurricula)
      .set({ versionId })
      .where(and(eq(learnerCurricula.learnerUserId, cal.id), eq(learnerCurricula.curriculumId, curriculumId)));
    const after = (await cal.agent.get('/progress')).body;
    expect(after).toContain('Enhance, version 2');
    expect(after).toContain('1 of 5 outcomes evidenced');
    expect(after).toContain('1 of 11 outcomes (9%) evidenced');
    expect(after).toContain('Evidence for outcomes not in your curriculum version');
    expect(after).toContain('SYS-F2-01');
    // Alex stays on version 1, which they were given.
    expect((await alex.agent.get('/progress')).body).toContain('Enhance, version 1');
  });

  it('suggests upcoming events that cover an outcome still needed, only when the audience fits', async () => {
    const alex = await givenAlex(t, east);
    const mine = await givenCohort(t, east, 'Alex’s intake', [alex]);
    const theirs = await givenCohort(t, east, 'Another intake', [], 2024);
    const open = await event({ title: 'Shared decisions workshop', outcomeCodes: ['PCP-F2-01'], inDays: 20 });
    await event({ title: 'Register searches for ST1', outcomeCodes: ['POP-F2-01'], stages: ['ST1'] });
    await event({ title: 'For F2 doctors', outcomeCodes: ['POP-F2-01'], stages: ['F1', 'F2'], inDays: 5 });
    await event({ title: 'Another cohort only', outcomeCodes: ['POP-F2-01'], cohortIds: [theirs] });
    await event({ title: 'My cohort only', outcomeCodes: ['ENV-F2-01'], cohortIds: [mine], inDays: 30 });
    await event({ title: 'Already done', outcomeCodes: ['SYS-F2-01'] });
    await event({ title: 'Was last week', outcomeCodes: ['PCP-F2-01'], inDays: -7 });
    await event({ title: 'Called off', outcomeCodes: ['PCP-F2-01'], status: 'cancelled' });
    await event({ title: 'London only', outcomeCodes: ['PCP-F2-01'], regionId: london });
    const section = readPage((await alex.agent.get('/progress')).body).section('Upcoming events that would help');
    expect(section.links()).toContainEqual({ text: 'Shared decisions workshop', href: `/events/${open}` });
    expect(section.text()).toContain('Would evidence: PCP-F2-01 (Share a decision about treatment with a patient');
    // Only these, soonest first.
    expect(section.texts('li a')).toEqual(['For F2 doctors', 'Shared decisions workshop', 'My cohort only']);
  });
});

describe('who sees which learners', () => {
  it('a supervisor lists only the learners they supervise and sees their progress', async () => {
    const supervisor = await givenSupervisor(t, east, 'Sam Supervisor');
    const otherSupervisor = await givenSupervisor(t, east, 'Olu Supervisor');
    const alex = await givenAlex(t, east);
    const bea = await givenBea(t, east);
    await supervises(t, supervisor, alex);
    const list = await supervisor.agent.get('/learners');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Alex Learner');
    expect(list.body).not.toContain('Bea Learner');
    expect(list.body).toContain('2 of 12 outcomes (17%)');
    const page = await supervisor.agent.get(`/learners/${alex.id}/progress`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Discharge to a care home');
    expect(page.body).toContain('Sam Supervisor');
    expect((await supervisor.agent.get(`/learners/${bea.id}/progress`)).statusCode).toBe(404);
    expect((await otherSupervisor.agent.get('/learners')).body).toContain('There are no learners to show yet');
  });

  it('the programme team lists the region’s learners, searches and filters them', async () => {
    // A region of its own, whose whole list the test reads.
    const region = t.regionIds['north-west'] ?? '';
    await givenExampleCurriculum(t, region);
    const admin = await signedIn(t, 'programme_admin', region);
    const alex = await givenAlex(t, region);
    await givenBea(t, region);
    await givenCal(t, region);
    await addLearner(t, london, 'Lou London');
    const list = await admin.agent.get('/learners');
    for (const name of ['Alex Learner', 'Bea Learner', 'Cal Learner']) expect(list.body).toContain(name);
    expect(list.body).not.toContain('Lou London');
    const f1 = await admin.agent.get('/learners?stage=F1');
    expect(f1.body).toContain('Bea Learner');
    expect(f1.body).not.toContain('Alex Learner');
    const search = await admin.agent.get('/learners?q=cal');
    expect(search.body).toContain('Cal Learner');
    expect(search.body).not.toContain('Bea Learner');
    const none = await admin.agent.get('/learners?q=nobody-called-this');
    expect(none.body).toContain('No learners match your search');
    expect((await admin.agent.get(`/learners/${alex.id}/progress`)).statusCode).toBe(200);
  });

  it('another region, another learner and the learner’s own id are handled without leaking', async () => {
    const admin = await givenEastAdmin();
    const alex = await givenAlex(t, east);
    const bea = await givenBea(t, east);
    const londonLearner = await addLearner(t, london, 'Lou London');
    expect((await (await givenLondonAdmin()).agent.get(`/learners/${alex.id}/progress`)).statusCode).toBe(404);
    expect((await admin.agent.get(`/learners/${londonLearner.id}/progress`)).statusCode).toBe(404);
    expect((await bea.agent.get(`/learners/${alex.id}/progress`)).statusCode).toBe(404);
    expect((await bea.agent.get(`/learners/${alex.id}/reviews`)).statusCode).toBe(404);
    expect((await bea.agent.get('/learners')).statusCode).toBe(403);
    const own = await alex.agent.get(`/learners/${alex.id}/progress`);
    expect(own.statusCode).toBe(302);
    expect(own.headers.location).toBe('/progress');
  });
});

describe('stage history', () => {
  const move = (stage: string, day: string, month: string, year: string) => ({
    stage,
    'startedOn[day]': day,
    'startedOn[month]': month,
    'startedOn[year]': year,
  });

  it('shows the current stage as not recorded until a move is recorded', async () => {
    const admin = await givenEastAdmin();
    const bea = await givenBea(t, east);
    const page = await admin.agent.get(`/learners/${bea.id}/stages`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No stage history has been recorded yet');
    expect(page.body).toContain('Record a move to a new stage');
  });

  it('checks the date and the stage, keeping what was typed', async () => {
    const admin = await givenEastAdmin();
    const bea = await givenBea(t, east);
    const invalid = await admin.agent.post(`/learners/${bea.id}/stages`, move('F2', '31', '2', '2025'));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('Start date must be a real date');
    expect(invalid.body).toContain('href="#startedOn-day"');
    expect(invalid.body).toContain('value="31"');
    const future = new Date(t.app.clock().getTime() + 40 * DAY);
    const later = await admin.agent.post(
      `/learners/${bea.id}/stages`,
      move('F2', String(future.getUTCDate()), String(future.getUTCMonth() + 1), String(future.getUTCFullYear())),
    );
    expect(later.statusCode).toBe(400);
    expect(later.body).toContain('today or in the past');
    const unknown = await admin.agent.post(`/learners/${bea.id}/stages`, move('XX9', '6', '8', '2025'));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Select a stage of the learner’s curriculum');
    const same = await admin.agent.post(`/learners/${bea.id}/stages`, move('F1', '6', '8', '2025'));
    expect(same.statusCode).toBe(400);
    const missing = await admin.agent.post(`/learners/${bea.id}/stages`, { 'startedOn[day]': '6' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the stage they are moving to');
    expect(missing.body).toContain('Start date must include a month and year');
  });

  it('records a move: closes the open stage, opens the new one, changes the profile, audits', async () => {
    const admin = await givenEastAdmin();
    const bea = await givenBea(t, east);
    const first = await admin.agent.post(`/learners/${bea.id}/stages`, move('F2', '6', '8', '2025'));
    expect(first.statusCode).toBe(302);
    const earlier = await admin.agent.post(`/learners/${bea.id}/stages`, move('ST1', '1', '8', '2025'));
    expect(earlier.statusCode).toBe(400);
    expect(earlier.body).toContain('The start date must be after 6 August 2025, when their current stage (F2) started');
    const second = await admin.agent.post(`/learners/${bea.id}/stages`, move('ST1', '5', '8', '2026'));
    expect(second.statusCode).toBe(302);
    const rows = await t.db.select().from(stageHistory).where(eq(stageHistory.learnerUserId, bea.id));
    expect(rows.map((row) => [row.stage, row.startedOn, row.endedOn]).sort()).toEqual([
      ['F2', '2025-08-06', '2026-08-04'],
      ['ST1', '2026-08-05', null],
    ]);
    const [profile] = await t.db.select().from(learnerProfiles).where(eq(learnerProfiles.userId, bea.id));
    expect(profile?.stage).toBe('ST1');
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'learner_stage'), eq(auditEvents.entityId, bea.id)));
    expect(audits).toHaveLength(2);
    const page = await admin.agent.get(`/learners/${bea.id}/stages`);
    expect(page.body).toContain('since 5 August 2026');
    expect(page.body).toContain('6 August 2025');
    expect((await bea.agent.get('/progress')).body).toContain('Since: 5 August 2026');
  });

  it('supervisors read the history but cannot record a move; other regions get 404', async () => {
    const bea = await givenBea(t, east);
    const otherSupervisor = await givenSupervisor(t, east, 'Olu Supervisor', { postsForms: true });
    const londonAdmin = await givenLondonAdmin();
    await supervises(t, otherSupervisor, bea);
    const page = await otherSupervisor.agent.get(`/learners/${bea.id}/stages`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Record a move to a new stage');
    expect(page.body).toContain('Only the programme team can record a move');
    const post = await otherSupervisor.agent.post(`/learners/${bea.id}/stages`, move('ST2', '1', '1', '2027'));
    expect(post.statusCode).toBe(403);
    expect((await londonAdmin.agent.get(`/learners/${bea.id}/stages`)).statusCode).toBe(404);
    const london = await londonAdmin.agent.post(`/learners/${bea.id}/stages`, move('ST2', '1', '9', '2026'));
    expect(london.statusCode).toBe(404);
  });
});

describe('the educational supervisor', () => {
  it('is chosen by the programme team from the region’s educational supervisors', async () => {
    const admin = await givenEastAdmin();
    const londonAdmin = await givenLondonAdmin();
    const supervisor = await givenSupervisor(t, east, 'Sam Supervisor');
    const otherSupervisor = await givenSupervisor(t, east, 'Olu Supervisor');
    const bea = await givenBea(t, east);
    const cal = await givenCal(t, east);
    const form = await admin.agent.get(`/learners/${cal.id}/supervisor`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Sam Supervisor');
    expect(form.body).toContain('Olu Supervisor');
    const empty = await admin.agent.post(`/learners/${cal.id}/supervisor`, { supervisorId: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Select an educational supervisor');
    const notOne = await admin.agent.post(`/learners/${cal.id}/supervisor`, { supervisorId: bea.id });
    expect(notOne.statusCode).toBe(400);
    expect((await supervisor.agent.get(`/learners/${cal.id}/progress`)).statusCode).toBe(404);
    const first = await admin.agent.post(`/learners/${cal.id}/supervisor`, { supervisorId: supervisor.id });
    expect(first.statusCode).toBe(302);
    expect((await supervisor.agent.get(`/learners/${cal.id}/progress`)).statusCode).toBe(200);
    const second = await admin.agent.post(`/learners/${cal.id}/supervisor`, { supervisorId: otherSupervisor.id });
    expect(second.statusCode).toBe(302);
    expect((await supervisor.agent.get(`/learners/${cal.id}/progress`)).statusCode).toBe(404);
    const rows = await t.db
      .select()
      .from(educationalSupervisions)
      .where(eq(educationalSupervisions.learnerUserId, cal.id));
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.endedAt === null).map((row) => row.supervisorUserId)).toEqual([otherSupervisor.id]);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'educational_supervision'), eq(auditEvents.entityId, cal.id)));
    expect(audits).toHaveLength(2);
    expect((await supervisor.agent.get(`/learners/${cal.id}/supervisor`)).statusCode).toBe(403);
    expect((await londonAdmin.agent.get(`/learners/${cal.id}/supervisor`)).statusCode).toBe(404);
  });
});

describe('cohorts', () => {
  it('are created with a unique name per region and an intake year', async () => {
    const admin = await givenEastAdmin();
    const londonAdmin = await givenLondonAdmin();
    const supervisor = await givenSupervisor(t, east, 'Sam Supervisor');
    const blank = await admin.agent.post('/cohorts', { name: '', intakeYear: '1999' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter a name for the cohort');
    expect(blank.body).toContain('Intake year must be between 2000 and 2100');
    const created = await admin.agent.post('/cohorts', { name: 'F2 intake 2025', intakeYear: '2025' });
    expect(created.statusCode).toBe(302);
    const cohortId = String(created.headers.location).split('/').pop() ?? '';
    const again = await admin.agent.post('/cohorts', { name: 'F2 intake 2025', intakeYear: '2026' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a cohort called “F2 intake 2025” in this region');
    expect(again.body).toContain('value="2026"');
    const elsewhere = await londonAdmin.agent.post('/cohorts', { name: 'F2 intake 2025', intakeYear: '2025' });
    expect(elsewhere.statusCode).toBe(302);
    const list = await admin.agent.get('/cohorts');
    expect(list.body).toContain('F2 intake 2025');
    expect((await londonAdmin.agent.get(`/cohorts/${cohortId}`)).statusCode).toBe(404);
    expect((await supervisor.agent.get('/cohorts')).statusCode).toBe(403);
  });

  it('have members added from the region’s learners, and a heatmap with words in every cell', async () => {
    const admin = await givenEastAdmin();
    const alex = await givenAlex(t, east);
    const cal = await givenCal(t, east);
    const londonLearner = await addLearner(t, london, 'Lou London');
    const cohortId = await givenCohort(t, east, 'Heatmap intake 2025');
    const empty = await admin.agent.get(`/cohorts/${cohortId}`);
    expect(empty.body).toContain('The cohort has no learners yet');
    const none = await admin.agent.post(`/cohorts/${cohortId}/members`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select the learners to add');
    const sneaky = await admin.agent.post(`/cohorts/${cohortId}/members`, { learnerIds: [londonLearner.id] });
    expect(sneaky.statusCode).toBe(400);
    const added = await admin.agent.post(`/cohorts/${cohortId}/members`, { learnerIds: [alex.id, cal.id] });
    expect(added.statusCode).toBe(302);
    const page = await admin.agent.get(`/cohorts/${cohortId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<th scope="col" class="nhsuk-table__header">Person-centred practice</th>');
    expect(page.body).toContain(
      `<th scope="row" class="nhsuk-table__header"><a href="/learners/${alex.id}/progress">Alex Learner</a><br><span class="nhsuk-body-s">F2</span></th>`,
    );
    expect(page.body).toContain('1 of 2 outcomes (Progressing)');
    expect(page.body).toContain('<strong>1/2</strong>');
    expect(page.body).toContain('2 of 12 outcomes (Started)');
    expect(page.body).toContain('Not started');
    expect(page.body).toContain('Key');
    expect(page.body).toContain(`href="/cohorts/${cohortId}/heatmap.csv"`);
  });

  it('export the heatmap as CSV, safe against formulae', async () => {
    const admin = await givenEastAdmin();
    const londonAdmin = await givenLondonAdmin();
    const cohortId = await givenCohort(t, east, 'CSV intake 2025', [await givenAlex(t, east), await givenCal(t, east)]);
    const evil = await givenBea(t, east, { name: '=HYPERLINK("http://evil.example","click")' });
    await admin.agent.post(`/cohorts/${cohortId}/members`, { learnerIds: [evil.id] });
    const csv = await admin.agent.get(`/cohorts/${cohortId}/heatmap.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('coverage-csv-intake-2025.csv');
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      'Learner,Stage,Person-centred practice,Complex multimorbidity,Working across systems,Population health,Social justice and health equity,Environmental sustainability,Overall',
    );
    expect(lines.some((line) => line.startsWith('Alex Learner,F2,1 of 2 outcomes (Progressing)'))).toBe(true);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.body).not.toMatch(/(^|\n|,)"?=HYPERLINK/);
    expect((await londonAdmin.agent.get(`/cohorts/${cohortId}/heatmap.csv`)).statusCode).toBe(404);
  });

  it('remove a member after confirmation', async () => {
    const admin = await givenEastAdmin();
    const cal = await givenCal(t, east);
    const cohortId = await givenCohort(t, east, 'Removal intake 2025', [await givenAlex(t, east), cal]);
    const confirm = await admin.agent.get(`/cohorts/${cohortId}/members/${cal.id}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to remove Cal Learner from Removal intake 2025?');
    const removed = await admin.agent.post(`/cohorts/${cohortId}/members/${cal.id}/remove`);
    expect(removed.statusCode).toBe(302);
    const rows = await t.db.select().from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId));
    expect(rows.map((row) => row.learnerUserId)).not.toContain(cal.id);
    expect((await admin.agent.get(`/cohorts/${cohortId}/members/${cal.id}/remove`)).statusCode).toBe(404);
    const filtered = await admin.agent.get(`/learners?cohort=${cohortId}`);
    expect(filtered.body).toContain('Alex Learner');
    expect(filtered.body).not.toContain('Cal Learner');
  });
});

describe('annual reviews', () => {
  const url = (learner: Person) => `/learners/${learner.id}/reviews`;

  /** The East's programme team, Alex and their educational supervisor, another supervisor and London's team. */
  async function given() {
    const alex = await givenAlex(t, east);
    const supervisor = await givenSupervisor(t, east, 'Sam Supervisor', { postsForms: true });
    await supervises(t, supervisor, alex);
    return {
      admin: await givenEastAdmin(),
      alex,
      supervisor,
      otherSupervisor: await givenSupervisor(t, east, 'Olu Supervisor'),
      londonAdmin: await givenLondonAdmin(),
    };
  }

  it('need actions when more evidence is needed, and a real comment when not progressing', async () => {
    const { admin, alex } = await given();
    const form = await admin.agent.get(`${url(alex)}/record?year=2025/26`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Satisfactory progress');
    expect(form.body).toContain('Not progressing, referred');
    expect(form.body).toContain('value="2025/26"');
    const noActions = await admin.agent.post(url(alex), {
      year: '2025/26',
      outcome: 'more-evidence-needed',
      comment: 'Good reflections; too little on population health.',
      action1: '',
    });
    expect(noActions.statusCode).toBe(400);
    expect(noActions.body).toContain('Enter at least one agreed action');
    expect(noActions.body).toContain('Good reflections; too little on population health.');
    const short = await admin.agent.post(url(alex), {
      year: '2025/26',
      outcome: 'not-progressing',
      comment: 'Concerns',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Comment must be at least 20 characters');
    const year = await admin.agent.post(url(alex), { year: '2025/27', outcome: 'satisfactory' });
    expect(year.statusCode).toBe(400);
    expect(year.body).toContain('Training year must be two consecutive years, like 2025/26');
    const noOutcome = await admin.agent.post(url(alex), { year: '2025/26' });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.body).toContain('Select the outcome of the review');
    expect(await t.db.select().from(annualReviews).where(eq(annualReviews.learnerUserId, alex.id))).toHaveLength(0);
  });

  it('are recorded, emailed without details, read by the learner and their supervisor, and changed by year', async () => {
    const { admin, alex, supervisor, otherSupervisor, londonAdmin } = await given();
    const saved = await admin.agent.post(url(alex), {
      year: '2025/26',
      outcome: 'more-evidence-needed',
      comment: 'Good reflections; too little on population health.',
      action1: 'Add two reflections on population health by 31 March 2026',
      action2: '',
      action3: 'Attend a learning event day',
      panel: 'Dr A Patel (chair)',
    });
    expect(saved.statusCode).toBe(302);
    const mail = await t.db.select().from(outbox).where(eq(outbox.toAddress, alex.email));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain('2025/26 annual review has been recorded');
    expect(mail[0]?.textBody).toContain('/progress/reviews');
    expect(mail[0]?.textBody).not.toContain('population health');
    const own = await alex.agent.get('/progress/reviews');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('More evidence needed');
    expect(own.body).toContain('the panel needs more evidence to be sure');
    expect(own.body).toContain('Good reflections; too little on population health.');
    expect(own.body).toContain('<li>Add two reflections on population health by 31 March 2026</li>');
    expect(own.body).toContain('<li>Attend a learning event day</li>');
    expect(own.body).not.toContain('Record an annual review');
    expect((await alex.agent.get('/progress')).body).toContain('2025/26: More evidence needed');
    const sup = await supervisor.agent.get(url(alex));
    expect(sup.statusCode).toBe(200);
    expect(sup.body).toContain('More evidence needed');
    expect(sup.body).not.toContain('Record an annual review');
    expect((await otherSupervisor.agent.get(url(alex))).statusCode).toBe(404);
    expect((await londonAdmin.agent.get(url(alex))).statusCode).toBe(404);
    expect((await supervisor.agent.post(url(alex), { year: '2025/26', outcome: 'satisfactory' })).statusCode).toBe(403);

    const edit = await admin.agent.get(`${url(alex)}/record?year=2025%2F26`);
    expect(edit.body).toContain('Change the annual review');
    expect(edit.body).toContain('value="Attend a learning event day"');
    const changed = await admin.agent.post(url(alex), {
      year: '2025/26',
      outcome: 'satisfactory',
      comment: 'Evidence added.',
    });
    expect(changed.statusCode).toBe(302);
    const rows = await t.db.select().from(annualReviews).where(eq(annualReviews.learnerUserId, alex.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toBe('satisfactory');
    expect(rows[0]?.actions).toEqual([]);
    expect(rows[0]?.stage).toBe('F2');
    const mails = await t.db.select().from(outbox).where(eq(outbox.toAddress, alex.email));
    expect(mails.map((item) => item.subject)).toContain('The outcome of your 2025/26 annual review has been updated');
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'annual_review'), eq(auditEvents.actorUserId, admin.id)));
    expect(audits.map((item) => item.action).sort()).toEqual(['create', 'update']);
    // The panel's comments and actions can be about the learner's health: the log says they changed, not what they say.
    const logged = JSON.stringify(audits);
    expect(logged).not.toContain('population health');
    expect(logged).not.toContain('Evidence added');
    expect(logged).not.toContain('Dr A Patel');
    expect(audits.find((item) => item.action === 'update')?.after).toMatchObject({
      outcome: 'satisfactory',
      commentsChanged: true,
      actionsChanged: true,
      panelChanged: true,
    });
  });

  it('are not open to another learner or to anyone outside the region', async () => {
    const { alex, londonAdmin } = await given();
    const bea = await givenBea(t, east, { postsForms: true });
    expect((await bea.agent.get(url(alex))).statusCode).toBe(404);
    expect((await bea.agent.get(`/learners/${alex.id}/progress`)).statusCode).toBe(404);
    expect((await bea.agent.post(url(alex), { year: '2025/26', outcome: 'satisfactory' })).statusCode).toBe(403);
    expect((await londonAdmin.agent.get(`${url(alex)}/record`)).statusCode).toBe(404);
    expect((await londonAdmin.agent.post(url(alex), { year: '2025/26', outcome: 'satisfactory' })).statusCode).toBe(
      404,
    );
  });

  it('are part of the learner’s personal data download, with their stages, supervisors and cohorts', async () => {
    const { admin, alex } = await given();
    const bea = await givenBea(t, east);
    await givenCohort(t, east, 'Reviewed intake 2025', [alex]);
    const reviewed = await admin.agent.post(url(alex), { year: '2025/26', outcome: 'satisfactory' });
    expect(reviewed.statusCode).toBe(302);
    for (const [stage, day, month, year] of [
      ['F2', '6', '8', '2025'],
      ['ST1', '5', '8', '2026'],
    ] as const) {
      const moved = await admin.agent.post(`/learners/${bea.id}/stages`, {
        stage,
        'startedOn[day]': day,
        'startedOn[month]': month,
        'startedOn[year]': year,
      });
      expect(moved.statusCode).toBe(302);
    }
    const data = await personalData(t.db, alex.id);
    expect(data.annualReviews).toEqual([expect.objectContaining({ year: '2025/26', outcome: 'satisfactory' })]);
    expect(data.educationalSupervisors).toEqual([
      expect.objectContaining({ supervisor: 'Sam Supervisor', endedAt: null }),
    ]);
    expect(data.cohorts).toEqual(expect.arrayContaining([expect.objectContaining({ cohort: 'Reviewed intake 2025' })]));
    const stages = await personalData(t.db, bea.id);
    expect(stages.stages).toHaveLength(2);
  });
});
