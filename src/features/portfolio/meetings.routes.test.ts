import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { readPage } from '../../testing/html.ts';
import { addLearner, signedIn, type Person } from '../../testing/people.ts';
import { newId } from '../../platform/db/ids.ts';
import { organisations } from '../organisations/schema.ts';
import { placements, postAssignments, posts, programmeYears } from '../placements/schema.ts';
import { givenSupervisor, supervises } from '../progress/test-fixtures.ts';
import { pdpGoals, portfolioEntries } from './schema.ts';

// The tests run on 14 October 2026 (TEST_NOW). Each makes its own learners, supervisors and placements, so no test
// reads what another wrote. The placement below runs from 5 August 2026 to 2 February 2027: the initial meeting was
// due by 1 September, the mid-point review is due from 7 October to 3 November, the end of placement review from
// 6 January.

let t: TestApp;
let east = '';
let london = '';
let trust = '';
let year = '';

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  east = t.regionIds['east-of-england'] ?? '';
  london = t.regionIds.london ?? '';
  const now = t.app.clock();
  trust = newId();
  year = newId();
  await t.db.insert(organisations).values({
    id: trust,
    regionId: east,
    name: 'Meetings Test Hospitals NHS Trust',
    kind: 'acute_trust',
    isNhs: true,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(programmeYears).values({
    id: year,
    regionId: east,
    name: 'F2 2026/27 (meetings)',
    startsOn: '2026-08-05',
    endsOn: '2027-08-03',
    createdAt: now,
    updatedAt: now,
  });
});
afterAll(async () => t.close());

/** A post for the learner with one placement, its clinical supervisor a new (not signed-in) supervisor of the East. */
async function placed(
  learner: Person,
  options: { startsOn?: string; endsOn?: string; specialty?: string; clinicalSupervisor?: string } = {},
): Promise<{ placementId: string; clinicalSupervisorId: string }> {
  const now = t.app.clock();
  const clinical =
    options.clinicalSupervisor ??
    (await createUser(t.db, { role: 'clinical_supervisor', regionId: east, displayName: 'Chris Clinical' })).id;
  const postId = newId();
  const placementId = newId();
  await t.db.insert(posts).values({
    id: postId,
    programmeYearId: year,
    regionId: east,
    code: `MTG-${postId.slice(-8)}`,
    title: 'Generalism F2',
    leadEmployerId: trust,
    createdAt: now,
    updatedAt: now,
  });
  await t.db.insert(placements).values({
    id: placementId,
    postId,
    organisationId: trust,
    setting: 'acute_hospital',
    specialty: options.specialty ?? 'Acute medicine',
    startsOn: options.startsOn ?? '2026-08-05',
    endsOn: options.endsOn ?? '2027-02-02',
    sessionsPerWeek: 10,
    clinicalSupervisorUserId: clinical,
    createdAt: now,
    updatedAt: now,
  });
  await t.db
    .insert(postAssignments)
    .values({ id: newId(), postId, learnerUserId: learner.id, assignedAt: now, source: 'manual' });
  return { placementId, clinicalSupervisorId: clinical };
}

function date(field: string, iso: string): Record<string, string> {
  const [y, m, d] = iso.split('-');
  return { [`${field}[day]`]: String(Number(d)), [`${field}[month]`]: String(Number(m)), [`${field}[year]`]: y ?? '' };
}

function meeting(
  placementId: string,
  fields: Record<string, string> & { type: string; heldOn: string },
): Record<string, string> {
  const { heldOn, ...rest } = fields;
  return {
    placementId,
    discussion: 'How the first weeks on the acute take have gone, and what to aim for.',
    agreedActions: 'Book a teaching slot; ask the discharge team to shadow.',
    ...date('heldOn', heldOn),
    ...rest,
  };
}

function entryIdOf(location: string | undefined): string {
  const match = /\/portfolio\/entries\/([0-9a-f-]{36})$/.exec(location ?? '');
  expect(match, location).not.toBeNull();
  return match?.[1] ?? '';
}

async function goalsOf(learnerId: string) {
  return t.db.select().from(pdpGoals).where(eq(pdpGoals.learnerUserId, learnerId)).orderBy(pdpGoals.createdAt);
}

describe('recording supervisor meetings and the personal development plan', () => {
  it('sets two goals at the initial meeting, reviews them at the mid-point, and shows the plan', async () => {
    const ana = await addLearner(t, east, 'Ana Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Esme Educational', { postsForms: true });
    await supervises(t, es, ana);
    const { placementId, clinicalSupervisorId } = await placed(ana);

    const form = await ana.agent.get('/portfolio/new/supervisor-meeting');
    expect(form.statusCode).toBe(200);
    const page = readPage(form.body);
    expect(page.title()).toBe('Record a supervisor meeting');
    expect(page.text()).toContain('Esme Educational (educational supervisor)');
    expect(page.text()).toContain('Chris Clinical (clinical supervisor, Acute medicine)');
    // The initial meeting is overdue, so the form starts there; the only placement is chosen.
    expect(form.body).toMatch(/<input[^>]*id="type"[^>]*value="initial"[^>]*checked/);
    expect(form.body).toMatch(new RegExp(`value="${placementId}"[^>]*checked`));
    expect(form.body).toContain('name="newGoals-2-text"');
    expect(form.body).not.toContain('name="newGoals-3-text"');

    // "Add another goal" without JavaScript: the form comes back with a fourth row and what was typed.
    const added = await ana.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-08-20' }),
      'newGoals-0-text': 'Lead a discharge planning meeting',
      action: 'add-goal',
    });
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('name="newGoals-3-text"');
    expect(added.body).toContain('Lead a discharge planning meeting');

    const initial = await ana.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-08-20', supervisorUserId: es.id }),
      'newGoals-0-text': 'Lead a discharge planning meeting',
      ...date('newGoals-0-targetDate', '2026-12-01'),
      'newGoals-1-text': 'Teach the team about frailty scores',
      'newGoals-2-text': '',
      action: 'save',
    });
    expect(initial.statusCode, initial.body.slice(0, 3000)).toBe(302);
    const firstId = entryIdOf(initial.headers.location);
    const [first] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, firstId));
    expect(first).toMatchObject({
      kind: 'supervisor_meeting',
      status: 'awaiting_sign_off',
      placementId,
      occurredOn: '2026-08-20',
      title: 'Initial meeting: Acute medicine',
    });
    expect(first?.document).toMatchObject({
      type: 'initial',
      supervisorUserId: es.id,
      supervisorName: 'Esme Educational',
    });
    const set = await goalsOf(ana.id);
    expect(set.map((goal) => [goal.text, goal.targetDate, goal.status, goal.entryId])).toEqual([
      ['Lead a discharge planning meeting', '2026-12-01', 'open', firstId],
      ['Teach the team about frailty scores', null, 'open', firstId],
    ]);
    expect(clinicalSupervisorId).not.toBe(es.id);

    // The named supervisor confirms it through the usual sign-off.
    const shown = readPage((await es.agent.get(`/portfolio/entries/${firstId}`)).body);
    expect(shown.text()).toContain('Waiting for Esme Educational to confirm this record by signing it off.');
    expect((await es.agent.post(`/portfolio/entries/${firstId}/sign-off`, {})).statusCode).toBe(302);

    // The mid-point review: the two open goals are there to review.
    const second = readPage((await ana.agent.get('/portfolio/new/supervisor-meeting')).body);
    expect(second.section('Review of the open goals').text()).toContain('Goal 1: Lead a discharge planning meeting');
    expect(second.section('Review of the open goals').text()).toContain('Target date 1 December 2026');
    const [lead, teach] = set;
    const reviewed = await ana.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'mid_point', heldOn: '2026-10-12', supervisorUserId: es.id }),
      [`review-${lead?.id ?? ''}-status`]: 'achieved',
      [`review-${lead?.id ?? ''}-note`]: 'Led the Tuesday discharge meeting twice.',
      [`review-${teach?.id ?? ''}-status`]: 'open',
      'newGoals-0-text': 'Complete a quality improvement cycle on the ward',
      ...date('newGoals-0-targetDate', '2027-01-15'),
      action: 'save',
    });
    expect(reviewed.statusCode, reviewed.body.slice(0, 3000)).toBe(302);
    const secondId = entryIdOf(reviewed.headers.location);
    const after = await goalsOf(ana.id);
    expect(after.find((goal) => goal.id === lead?.id)).toMatchObject({
      status: 'achieved',
      reviewNote: 'Led the Tuesday discharge meeting twice.',
    });
    // Carried over: the goal stays in the plan it was set in, and continues in the new one.
    expect(after.find((goal) => goal.id === teach?.id)?.status).toBe('open');
    expect(after.filter((goal) => goal.entryId === secondId).map((goal) => [goal.text, goal.carriedFrom])).toEqual([
      ['Teach the team about frailty scores', teach?.id],
      ['Complete a quality improvement cycle on the ward', null],
    ]);

    const pdp = readPage((await ana.agent.get('/portfolio/pdp')).body);
    expect(pdp.title()).toBe('My personal development plan');
    const open = pdp.section('Open goals').text();
    expect(open).toContain('Teach the team about frailty scores');
    expect(open).toContain('Complete a quality improvement cycle on the ward');
    expect(open).not.toContain('Lead a discharge planning meeting');
    expect(pdp.section('Achieved and dropped goals').text()).toContain(
      'Lead a discharge planning meeting Achieved Reviewed 14 October 2026: Led the Tuesday discharge meeting twice.',
    );
    expect(pdp.section('Meetings due').rows()).toEqual([
      ['Initial meeting', 'Done', 'Held 20 August 2026'],
      ['Mid-point review', 'Done', 'Held 12 October 2026'],
      ['End of placement review', 'Not yet due', 'Due 6 January 2027 to 2 February 2027'],
    ]);

    // The meeting's page: the review and the goals agreed.
    const entry = readPage((await es.agent.get(`/portfolio/entries/${secondId}`)).body);
    expect(entry.section('Goals reviewed').text()).toContain('Lead a discharge planning meeting: Achieved');
    expect(entry.section('Goals reviewed').text()).toContain(
      'Teach the team about frailty scores: Still open: carried over',
    );
    expect(entry.section('Goals agreed').text()).toContain(
      'Teach the team about frailty scores, no target date (carried over)',
    );
    expect(entry.section('Goals agreed').text()).toContain(
      'Complete a quality improvement cycle on the ward, by 15 January 2027',
    );

    // The supervisor sees the same plan.
    const seen = await es.agent.get(`/portfolio/learners/${ana.id}/pdp`);
    expect(seen.statusCode).toBe(200);
    expect(readPage(seen.body).section('Open goals').text()).toContain('Complete a quality improvement cycle');
  });

  it('asks for every open goal to be reviewed and a reason for a dropped one', async () => {
    const bo = await addLearner(t, east, 'Bo Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Bo ES', { postsForms: true });
    await supervises(t, es, bo);
    const { placementId } = await placed(bo);
    expect(
      (
        await bo.agent.post('/portfolio/new/supervisor-meeting', {
          ...meeting(placementId, { type: 'initial', heldOn: '2026-08-20', supervisorUserId: es.id }),
          'newGoals-0-text': 'Run a ward round',
        })
      ).statusCode,
    ).toBe(302);
    const [goal] = await goalsOf(bo.id);
    const missing = await bo.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'mid_point', heldOn: '2026-10-12', supervisorUserId: es.id }),
    });
    expect(missing.statusCode).toBe(400);
    expect(readPage(missing.body).errors()).toEqual(['Select whether the goal is still open, achieved or dropped']);
    expect(missing.body).toContain(`href="#review-${goal?.id ?? ''}-status"`);
    const dropped = await bo.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'mid_point', heldOn: '2026-10-12', supervisorUserId: es.id }),
      [`review-${goal?.id ?? ''}-status`]: 'dropped',
    });
    expect(readPage(dropped.body).errors()).toEqual([
      'Say why the goal was dropped',
      'Add at least one goal to the personal development plan',
    ]);
  });

  it('is recorded by the educational supervisor, signed off at once, and commented on by the learner', async () => {
    const cy = await addLearner(t, east, 'Cy Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Cy ES', { postsForms: true });
    await supervises(t, es, cy);
    const { placementId } = await placed(cy);

    const portfolio = readPage((await es.agent.get(`/portfolio/learners/${cy.id}`)).body);
    expect(portfolio.links()).toContainEqual({
      text: 'Record a meeting',
      href: `/portfolio/learners/${cy.id}/meetings/new`,
    });
    const form = await es.agent.get(`/portfolio/learners/${cy.id}/meetings/new`);
    expect(form.statusCode).toBe(200);
    expect(readPage(form.body).text()).toContain('With Cy Learner');
    expect(form.body).not.toContain('name="supervisorUserId"');
    expect(form.body).not.toContain('name="learnerComment"');

    const saved = await es.agent.post(`/portfolio/learners/${cy.id}/meetings/new`, {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-09-10' }),
      'newGoals-0-text': 'Present a case at the grand round',
      // A hand-made form cannot name someone else as the supervisor, nor add a learner's comment.
      supervisorUserId: cy.id,
      learnerComment: 'Written by someone else',
    });
    expect(saved.statusCode, saved.body.slice(0, 3000)).toBe(302);
    const id = entryIdOf(saved.headers.location);
    const [entry] = await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.id, id));
    expect(entry).toMatchObject({ status: 'signed_off', signedOffBy: es.id, createdBy: es.id, learnerUserId: cy.id });
    expect(entry?.document).toMatchObject({ supervisorUserId: es.id, supervisorName: 'Cy ES', learnerComment: '' });

    const page = readPage((await cy.agent.get(`/portfolio/entries/${id}`)).body);
    expect(page.text()).toContain('Recorded by the supervisor, and signed off as it was saved.');
    expect(page.text()).toContain('Cy ES');
    const comment = await cy.agent.post(`/portfolio/entries/${id}/comments`, {
      body: 'I would add that the rota made the first week hard.',
    });
    expect(comment.statusCode).toBe(302);
    expect(
      readPage((await es.agent.get(`/portfolio/entries/${id}`)).body)
        .section('Comments')
        .text(),
    ).toContain('the rota made the first week hard');
    // Held on 10 September, after the initial meeting's deadline: done all the same.
    expect(
      readPage((await cy.agent.get('/portfolio/pdp')).body)
        .section('Meetings due')
        .rows()[0],
    ).toEqual(['Initial meeting', 'Done', 'Held 10 September 2026']);
  });

  it('shows a meeting held early as advice before the save, and saves once it is seen', async () => {
    const di = await addLearner(t, east, 'Di Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Di ES', { postsForms: true });
    await supervises(t, es, di);
    const { placementId } = await placed(di);
    const form = {
      ...meeting(placementId, { type: 'end_of_placement', heldOn: '2026-10-13' }),
      'newGoals-0-text': 'Plan the next placement’s learning',
    };
    const warned = await es.agent.post(`/portfolio/learners/${di.id}/meetings/new`, form);
    expect(warned.statusCode).toBe(200);
    const page = readPage(warned.body);
    expect(page.errors()).toEqual([]);
    expect(page.section('Check before you save').text()).toContain(
      'This is early for the end of placement review: it is usually held from 6 January 2027',
    );
    expect(await t.db.select().from(portfolioEntries).where(eq(portfolioEntries.learnerUserId, di.id))).toHaveLength(0);
    const seen = /name="warningsSeen" value="([^"]*)"/.exec(warned.body)?.[1] ?? '';
    expect(seen).not.toBe('');
    const saved = await es.agent.post(`/portfolio/learners/${di.id}/meetings/new`, {
      ...form,
      warningsSeen: seen.replace(/&#39;/g, "'"),
    });
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(302);
  });

  it('blocks a postcode in a goal, keeping the text, and a meeting date in the future', async () => {
    const ed = await addLearner(t, east, 'Ed Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Ed ES', { postsForms: true });
    await supervises(t, es, ed);
    const { placementId } = await placed(ed);
    const blocked = await ed.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-08-20', supervisorUserId: es.id }),
      'newGoals-0-text': 'Follow up the patient at CB2 0QQ after discharge',
    });
    expect(blocked.statusCode).toBe(400);
    const errors = readPage(blocked.body).errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('New goal 1 may identify a patient');
    expect(errors[0]).toContain('CB2 0QQ');
    expect(blocked.body).toContain('href="#newGoals-0-text"');
    expect(blocked.body).toContain('Follow up the patient at CB2 0QQ after discharge');
    expect(await goalsOf(ed.id)).toHaveLength(0);

    const future = await ed.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-10-20', supervisorUserId: es.id }),
      'newGoals-0-text': 'Run a ward round',
    });
    expect(readPage(future.body).errors()).toEqual(['Date of the meeting must be today or in the past']);
  });

  it('puts a learner with an overdue meeting on the supervisor’s task list', async () => {
    const fi = await addLearner(t, east, 'Fi Learner');
    const es = await givenSupervisor(t, east, 'Fi ES');
    await supervises(t, es, fi);
    const home = readPage((await es.agent.get('/')).body);
    expect(home.text()).not.toContain('Record overdue supervisor meetings');
    await placed(fi);
    const now = readPage((await es.agent.get('/')).body);
    expect(now.links()).toContainEqual({
      text: 'Record overdue supervisor meetings',
      href: `/portfolio/learners/${fi.id}/pdp`,
    });
    expect(now.text()).toContain('1 learner has a meeting overdue');
    const pdp = readPage((await es.agent.get(`/portfolio/learners/${fi.id}/pdp`)).body);
    expect(pdp.section('Meetings due').rows()[0]).toEqual([
      'Initial meeting',
      'Overdue',
      'Due 5 August 2026 to 1 September 2026',
    ]);
    // A goal past its target date is flagged on the plan.
    const now2 = t.app.clock();
    await t.db.insert(pdpGoals).values([
      {
        id: newId(),
        learnerUserId: fi.id,
        text: 'Audit the discharge letters',
        targetDate: '2026-09-30',
        status: 'open',
        createdAt: now2,
        updatedAt: now2,
      },
      {
        id: newId(),
        learnerUserId: fi.id,
        text: 'Shadow the frailty team',
        targetDate: '2026-10-14',
        status: 'open',
        createdAt: now2,
        updatedAt: now2,
      },
    ]);
    const flagged = readPage((await fi.agent.get('/portfolio/pdp')).body).section('Open goals');
    expect(flagged.text()).toContain('1 goal is past the target date');
    expect(flagged.texts('.breadth-goal .nhsuk-tag')).toEqual(['Overdue']);
    expect(flagged.texts('.breadth-goal strong:not(.nhsuk-tag)')).toEqual([
      'Audit the discharge letters',
      'Shadow the frailty team',
    ]);
    // A placement that ended months ago is no longer a task: its meetings can no longer be held.
    const gil = await addLearner(t, east, 'Gil Learner');
    const other = await givenSupervisor(t, east, 'Gil ES');
    await supervises(t, other, gil);
    await placed(gil, { startsOn: '2026-01-07', endsOn: '2026-06-30' });
    expect(readPage((await other.agent.get('/')).body).text()).not.toContain('Record overdue supervisor meetings');
  });

  it('hides the plan and the meetings from another learner, a stranger supervisor and another region’s admin', async () => {
    const hal = await addLearner(t, east, 'Hal Learner', { postsForms: true });
    const es = await givenSupervisor(t, east, 'Hal ES', { postsForms: true });
    await supervises(t, es, hal);
    const { placementId } = await placed(hal);
    const saved = await hal.agent.post('/portfolio/new/supervisor-meeting', {
      ...meeting(placementId, { type: 'initial', heldOn: '2026-08-20', supervisorUserId: es.id }),
      'newGoals-0-text': 'Run a ward round',
    });
    const id = entryIdOf(saved.headers.location);
    const form = { ...meeting(placementId, { type: 'mid_point', heldOn: '2026-10-12' }), 'newGoals-0-text': 'Mine' };

    const ivy = await addLearner(t, east, 'Ivy Learner', { postsForms: true });
    const stranger = await givenSupervisor(t, east, 'Stranger Supervisor', { postsForms: true });
    const londonAdmin = await signedIn(t, 'programme_admin', london, { postsForms: true });
    for (const person of [ivy, stranger, londonAdmin]) {
      expect((await person.agent.get(`/portfolio/entries/${id}`)).statusCode).toBe(404);
    }
    for (const person of [stranger, londonAdmin]) {
      expect((await person.agent.get(`/portfolio/learners/${hal.id}/pdp`)).statusCode).toBe(404);
      expect((await person.agent.get(`/portfolio/learners/${hal.id}/meetings/new`)).statusCode).toBe(404);
    }
    expect((await stranger.agent.post(`/portfolio/learners/${hal.id}/meetings/new`, form)).statusCode).toBe(404);
    // A learner cannot reach a supervisor's pages at all, and their own form records only for themself.
    expect((await ivy.agent.get(`/portfolio/learners/${hal.id}/pdp`)).statusCode).toBe(403);
    expect((await ivy.agent.post(`/portfolio/learners/${hal.id}/meetings/new`, form)).statusCode).toBe(403);
    const own = await ivy.agent.post('/portfolio/new/supervisor-meeting', form);
    expect(own.statusCode).toBe(400);
    expect(readPage(own.body).errors()).toContain('Select the placement the meeting was in');
    // The programme team of the learner's region reads the plan, but recording is for supervisors.
    const eastAdmin = await signedIn(t, 'programme_admin', east, { postsForms: true });
    expect((await eastAdmin.agent.get(`/portfolio/learners/${hal.id}/pdp`)).statusCode).toBe(200);
    const redirected = await eastAdmin.agent.get(`/portfolio/learners/${hal.id}/meetings/new`);
    expect(redirected.statusCode).toBe(302);
    expect(redirected.headers.location).toBe(`/portfolio/learners/${hal.id}/pdp`);
    expect((await eastAdmin.agent.post(`/portfolio/learners/${hal.id}/meetings/new`, form)).statusCode).toBe(403);
    // Nothing was written for Hal by anyone else.
    expect(
      await t.db
        .select()
        .from(portfolioEntries)
        .where(and(eq(portfolioEntries.learnerUserId, hal.id), eq(portfolioEntries.kind, 'supervisor_meeting'))),
    ).toHaveLength(1);
  });
});

describe('entries filed under a placement', () => {
  it('files an entry under the placement its day falls in, and the portfolio filters by it', async () => {
    const kai = await addLearner(t, east, 'Kai Learner', { postsForms: true });
    const { placementId } = await placed(kai, { specialty: 'Frailty medicine' });
    const reflection = (title: string, day: string) => ({
      title,
      ...date('occurredOn', day),
      template: 'what_so_what_now_what',
      'answer-what': 'A family meeting about going home.',
      'answer-nowWhat': 'Ask about the carer first.',
    });
    expect(
      (await kai.agent.post('/portfolio/new/reflection', reflection('In the placement', '2026-09-20'))).statusCode,
    ).toBe(302);
    expect(
      (await kai.agent.post('/portfolio/new/reflection', reflection('Before it began', '2026-07-20'))).statusCode,
    ).toBe(302);
    const all = readPage((await kai.agent.get('/portfolio')).body);
    expect(all.texts('#placement option')).toContainEqual(expect.stringContaining('Frailty medicine'));
    const filtered = readPage((await kai.agent.get(`/portfolio?placement=${placementId}`)).body);
    expect(filtered.texts('.breadth-entry-row h3')).toEqual(['In the placement']);
  });
});
