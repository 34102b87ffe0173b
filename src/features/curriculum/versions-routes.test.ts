import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, createUser, type TestApp } from '../../testing/app.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { learnerProfiles } from '../people/schema.ts';
import { curriculumVersions, learnerCurricula } from './schema.ts';

let t: TestApp;
let admin: Agent;
let londonAdmin: Agent;
let supervisor: Agent;
let learner: { id: string; agent: Agent };
let quietLearner: { id: string; agent: Agent };
let draftId = '';
let v1Id = '';
let v2Id = '';
let enrolledId = '';

async function signedIn(role: Role, region: string, displayName?: string) {
  const user = await createUser(t.db, { role, regionId: t.regionIds[region] ?? null, displayName });
  const agent = new Agent(t.app);
  await agent.csrfToken();
  await agent.signInAs(user.id);
  return { id: user.id, agent };
}

async function addLearner(region: string, name: string, stage: 'F1' | 'F2' = 'F2') {
  const person = await signedIn('learner', region, name);
  const now = t.app.clock();
  await t.db.insert(learnerProfiles).values({
    userId: person.id,
    regionId: t.regionIds[region] ?? '',
    stage,
    programme: 'Generalism',
    createdAt: now,
    updatedAt: now,
  });
  return person;
}

/** The text of a page without tags, with runs of white space made one. */
function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}

async function versionOf(learnerId: string): Promise<string | undefined> {
  const [row] = await t.db
    .select({ versionId: learnerCurricula.versionId })
    .from(learnerCurricula)
    .where(eq(learnerCurricula.learnerUserId, learnerId));
  return row?.versionId;
}

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
  admin = (await signedIn('programme_admin', 'east-of-england')).agent;
  londonAdmin = (await signedIn('programme_admin', 'london')).agent;
  supervisor = (await signedIn('educational_supervisor', 'east-of-england')).agent;
  learner = await addLearner('east-of-england', 'Asha Patel');
  quietLearner = await addLearner('east-of-england', 'Ben Quiet', 'F1');
});
afterAll(async () => t.close());

describe('before there is a curriculum', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await new Agent(t.app).get('/curriculum');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/auth/sign-in?returnTo=%2Fcurriculum');
  });

  it('tells a learner it is not published yet, and offers the programme team a start', async () => {
    const seen = await learner.agent.get('/curriculum');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Your programme has not published its curriculum yet');
    expect(seen.body).not.toContain('Start the curriculum');
    const managed = await admin.get('/curriculum');
    expect(managed.body).toContain('Start the curriculum');
    expect(managed.body).toContain('href="/curriculum"');
    for (const url of ['/curriculum/versions', '/curriculum/compare', '/curriculum/draft', '/curriculum/learners']) {
      expect((await admin.get(url)).statusCode, url).toBe(200);
    }
  });

  it('starts the curriculum as a draft of the default stages and the six domains', async () => {
    const started = await admin.post('/curriculum/start', { region: t.regionIds['east-of-england'] ?? '' });
    expect(started.statusCode).toBe(302);
    expect(started.headers.location).toBe('/curriculum/draft');
    const draft = await admin.get('/curriculum/draft');
    expect(draft.body).toContain('Draft curriculum');
    for (const title of [
      'Person-centred practice',
      'Complex multimorbidity',
      'Working across systems',
      'Population health',
      'Social justice and health equity',
      'Environmental sustainability',
    ]) {
      expect(draft.body).toContain(title);
    }
    expect(draft.body).toContain('Specialty training year 3 (ST3)');
    const [row] = await t.db.select().from(curriculumVersions);
    expect(row?.status).toBe('draft');
    expect(row?.number).toBeNull();
    draftId = row?.id ?? '';
    const [event] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityType, 'curriculum'));
    expect(event?.summary).toContain('Started the Enhance curriculum');
    expect((await learner.agent.get('/curriculum')).body).toContain('not published its curriculum yet');
  });
});

describe('editing the draft', () => {
  it('adds an outcome with a code given from its domain and stage, keeping input on error', async () => {
    const form = await admin.get(`/curriculum/drafts/${draftId}/outcomes/new?domain=PCP&stage=F1`);
    expect(form.body).toContain('This outcome will be PCP-F1-01');
    const missing = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: '',
      text: 'Find out what matters to a patient',
      fpHlos: 'HLO1',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('There is a problem');
    expect(missing.body).toContain('Select the stage of the outcome');
    expect(missing.body).toContain('Find out what matters to a patient');
    expect(missing.body).toMatch(/value="PCP" selected/);
    expect(missing.body).toMatch(/value="HLO1" checked/);
    const tooLong = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: 'F1',
      text: 'x'.repeat(601),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('must be 600 characters or fewer');

    const added = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: 'F1',
      text: 'Find out what matters to a patient',
      fpHlos: 'HLO1',
    });
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`/curriculum/drafts/${draftId}`);
    const page = await admin.get(String(added.headers.location));
    expect(page.body).toContain('Outcome PCP-F1-01 has been added');
    expect(plain(page.body)).toContain('PCP-F1-01 Find out what matters to a patient');
    expect(page.body).toContain('HLO1: An accountable, capable and compassionate doctor');
    for (const [domainCode, stageCode, text] of [
      ['PCP', 'F1', 'Record a patient’s goals in their care plan'],
      ['SYS', 'F2', 'Follow a patient across three services'],
      ['ENV', 'F2', 'Reduce waste in one routine task'],
    ] as const) {
      const response = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
        domainCode,
        stageCode,
        text,
      });
      expect(response.statusCode).toBe(302);
    }
    expect(plain((await admin.get('/curriculum/draft')).body)).toContain('PCP-F1-02 Record a patient’s goals');
  });

  it('edits an outcome without changing its code', async () => {
    const form = await admin.get(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`);
    expect(form.body).toContain('Change outcome PCP-F1-02');
    const empty = await admin.post(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`, {
      stageCode: 'F2',
      text: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter what the learner will be able to do');
    expect(empty.body).toMatch(/value="F2" selected/);
    const saved = await admin.post(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`, {
      stageCode: 'F2',
      text: 'Record a patient’s goals in their shared care plan',
      fpHlos: ['HLO1', 'HLO2'],
    });
    expect(saved.statusCode).toBe(302);
    const page = plain((await admin.get('/curriculum/draft')).body);
    expect(page).toContain('PCP-F1-02 Record a patient’s goals in their shared care plan');
    // The code still names F1: allowed, since codes never change, and said as a warning.
    expect(page).toContain('Things to check');
    expect(page).toContain('is at stage F2 but its code names F1');
  });

  it('changes a domain, keeping what was typed when something is missing', async () => {
    const form = await admin.get(`/curriculum/drafts/${draftId}/domains/POP`);
    expect(form.body).toContain('Population health');
    const missing = await admin.post(`/curriculum/drafts/${draftId}/domains/POP`, {
      title: '',
      description: 'Health of whole communities, typed by the editor',
      whyItMatters: 'Prevention',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter a domain title');
    expect(missing.body).toContain('Health of whole communities, typed by the editor');
    const saved = await admin.post(`/curriculum/drafts/${draftId}/domains/POP`, {
      title: 'Population health and prevention',
      description: 'Health of whole communities, typed by the editor',
      whyItMatters: 'Prevention brings the biggest gains.',
    });
    expect(saved.statusCode).toBe(302);
    const page = await admin.get('/curriculum/draft');
    expect(page.body).toContain('Population health and prevention');
    expect(page.body).toContain('Prevention brings the biggest gains.');
    expect((await admin.get(`/curriculum/drafts/${draftId}/domains/NOPE`)).statusCode).toBe(404);
  });

  it('renames stages and adds one with a checked code', async () => {
    const bad = await admin.post(`/curriculum/drafts/${draftId}/stages`, {
      'name-F1': 'Foundation year one',
      newCode: '4th',
      newName: 'Specialty training year 4',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Stage code 4TH must be up to 8 capital letters and numbers');
    expect(bad.body).toContain('Foundation year one');
    expect(bad.body).toContain('Specialty training year 4');
    const repeated = await admin.post(`/curriculum/drafts/${draftId}/stages`, { newCode: 'F2', newName: 'Again' });
    expect(repeated.body).toContain('Stage code F2 is used more than once');
    const noName = await admin.post(`/curriculum/drafts/${draftId}/stages`, { 'name-F2': '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Enter a stage name');
    const saved = await admin.post(`/curriculum/drafts/${draftId}/stages`, {
      'name-F1': 'Foundation year one',
      newCode: 'st4',
      newName: 'Specialty training year 4',
    });
    expect(saved.statusCode).toBe(302);
    const page = await admin.get('/curriculum/draft');
    expect(page.body).toContain('Foundation year one (F1)');
    expect(page.body).toContain('Specialty training year 4 (ST4)');
  });
});

describe('publishing', () => {
  it('needs a summary of what changed, then confirms, then publishes version 1', async () => {
    const form = await admin.get(`/curriculum/drafts/${draftId}/publish`);
    expect(form.body).toContain('What changed in this version');
    const empty = await admin.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a summary of what changed');
    const confirm = await admin.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: 'First version' });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Publish version 1?');
    expect(confirm.body).toContain('This is the first version');
    const back = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'First version',
      confirm: 'yes',
      action: 'edit',
    });
    expect(back.body).toContain('First version</textarea>');
    const published = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'First version',
      confirm: 'yes',
    });
    expect(published.statusCode).toBe(302);
    expect(published.headers.location).toBe(`/curriculum/versions/${draftId}`);
    v1Id = draftId;
    const [row] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.id, v1Id));
    expect(row?.status).toBe('published');
    expect(row?.number).toBe(1);
    expect(row?.changeSummary).toBe('First version');
    const page = await admin.get(`/curriculum/versions/${v1Id}`);
    expect(page.body).toContain('Version 1 has been published');
    expect(plain(page.body)).toContain('Version 1 Current');
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, v1Id), eq(auditEvents.action, 'update')))
      .orderBy(auditEvents.occurredAt);
    expect(event).toBeDefined();
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, v1Id));
    expect(events.some((e) => e.summary === 'Published version 1 of the curriculum')).toBe(true);
    // Publishing twice is not possible: the draft is gone.
    expect((await admin.get(`/curriculum/drafts/${v1Id}/publish`)).statusCode).toBe(404);
  });

  it('shows the learner their version, with domains, outcomes and HLO mappings', async () => {
    const page = await learner.agent.get('/curriculum');
    expect(page.statusCode).toBe(200);
    const text = plain(page.body);
    expect(text).toContain('Version 1, published');
    expect(text).toContain('You are at stage F2');
    expect(text).toContain('Why it matters');
    expect(text).toContain('PCP-F1-01 Find out what matters to a patient');
    expect(text).toContain('Foundation Programme outcomes: HLO1');
    expect(page.body).not.toContain('Edit the curriculum');
    // Reading records nothing: publishing a new version is what keeps the learners of the old one on it.
    expect(await versionOf(learner.id)).toBeUndefined();
  });

  it('records the version a learner starts on when they are enrolled, not when their pages are read', async () => {
    await admin.get('/people/invite');
    const invited = await admin.post('/people/invite', {
      displayName: 'Dr Dana Enrolled',
      email: 'dana.enrolled@example.nhs.uk',
      role: 'learner',
      gmcNumber: '7654321',
      stage: 'F1',
      programme: 'Enhance',
    });
    expect(invited.statusCode).toBe(302);
    enrolledId = (invited.headers.location as string).split('/').at(-1) ?? '';
    expect(await versionOf(enrolledId)).toBe(v1Id);
  });

  it('starts a new draft from version 1, which learners do not see', async () => {
    const started = await admin.post('/curriculum/draft', {});
    expect(started.statusCode).toBe(302);
    const [draft] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.status, 'draft'));
    draftId = draft?.id ?? '';
    expect(draft?.basedOnId).toBe(v1Id);
    const again = await admin.post('/curriculum/draft', {});
    expect(again.statusCode).toBe(302);
    expect(await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.status, 'draft'))).toHaveLength(1);
    const page = await admin.get('/curriculum/draft');
    expect(page.body).toContain('Started from version 1');
    expect(page.body).toContain(`href="/curriculum/compare?from=${v1Id}&to=${draftId}"`);
  });

  it('removes an outcome after confirmation and never gives its code again', async () => {
    const confirm = await admin.get(`/curriculum/drafts/${draftId}/outcomes/ENV-F2-01/remove`);
    expect(confirm.body).toContain('Are you sure you want to remove outcome ENV-F2-01?');
    expect(confirm.body).toContain('Reduce waste in one routine task');
    const removed = await admin.post(`/curriculum/drafts/${draftId}/outcomes/ENV-F2-01/remove`);
    expect(removed.statusCode).toBe(302);
    const after = plain((await admin.get(`/curriculum/drafts/${draftId}`)).body);
    expect(after).toContain('Outcome ENV-F2-01 has been removed from the draft');
    expect(after).not.toContain('ENV-F2-01 Reduce waste');
    const added = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'ENV',
      stageCode: 'F2',
      text: 'Choose a lower-carbon inhaler with a patient',
    });
    expect(added.statusCode).toBe(302);
    expect((await admin.get(`/curriculum/drafts/${draftId}`)).body).toContain('Outcome ENV-F2-02 has been added');
    await admin.post(`/curriculum/drafts/${draftId}/outcomes/SYS-F2-01`, {
      stageCode: 'F2',
      text: 'Follow a patient across at least three services',
    });
  });

  it('compares the draft with the version it is based on, in words', async () => {
    const page = await admin.get(`/curriculum/compare?from=${v1Id}&to=${draftId}`);
    expect(page.statusCode).toBe(200);
    const text = plain(page.body);
    expect(text).toContain('What changed from version 1 to draft');
    expect(text).toContain('1 added, 1 removed, 1 changed');
    expect(text).toContain('ENV-F2-01 Change Removed');
    expect(text).toContain('ENV-F2-02 Change Added');
    expect(text).toContain('SYS-F2-01 Change Changed Text changed');
    expect(text).toContain('Follow a patient across three services');
    expect(text).toContain('Follow a patient across at least three services');
    expect(text).toContain('Not in this version');
  });

  it('publishes version 2; learners who started stay on version 1', async () => {
    const confirm = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'Reworded SYS-F2-01 and replaced an ENV outcome',
    });
    expect(confirm.body).toContain('Publish version 2?');
    expect(plain(confirm.body)).toContain('ENV-F2-02 Change Added');
    const published = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'Reworded SYS-F2-01 and replaced an ENV outcome',
      confirm: 'yes',
    });
    expect(published.statusCode).toBe(302);
    v2Id = draftId;
    const [row] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.id, v2Id));
    expect(row?.number).toBe(2);

    const page = plain((await learner.agent.get('/curriculum')).body);
    expect(page).toContain('Version 1, published');
    expect(page).toContain('Version 2 of the curriculum has been published. You stay on version 1');
    expect(page).toContain('Follow a patient across three services');
    // A learner who had never opened the curriculum started before version 2, so stays on version 1 too.
    expect(await versionOf(quietLearner.id)).toBe(v1Id);
    // As does the learner enrolled while version 1 was current.
    expect(await versionOf(enrolledId)).toBe(v1Id);
    // Someone who joins now starts on version 2.
    const newcomer = await addLearner('east-of-england', 'Cara New');
    const theirs = plain((await newcomer.agent.get('/curriculum')).body);
    expect(theirs).toContain('Version 2, published');
    expect(theirs).not.toContain('has been published. You stay on');
    // Staff see the current version.
    expect(plain((await supervisor.get('/curriculum')).body)).toContain('Version 2, published');
  });

  it('lists the history with who published, the summaries and links to compare', async () => {
    const page = await admin.get('/curriculum/versions');
    const text = plain(page.body);
    expect(text).toContain('2 versions');
    expect(text).toContain('Reworded SYS-F2-01 and replaced an ENV outcome');
    expect(text).toContain('First version');
    expect(text).toContain('by Test programme_admin');
    expect(page.body).toContain(`href="/curriculum/compare?from=${v1Id}&to=${v2Id}"`);
    const old = await learner.agent.get(`/curriculum/versions/${v1Id}`);
    expect(plain(old.body)).toContain('Version 1 Earlier version');
    expect(old.body).toContain(`href="/curriculum/compare?from=${v1Id}&to=${v2Id}"`);
  });

  it('compares the two newest versions by default, with selects that work without JavaScript', async () => {
    const page = await learner.agent.get('/curriculum/compare');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="get" action="/curriculum/compare"');
    expect(page.body).toMatch(new RegExp(`value="${v1Id}" selected`));
    expect(page.body).toMatch(new RegExp(`value="${v2Id}" selected`));
    const text = plain(page.body);
    expect(text).toContain('What changed from version 1 to version 2');
    expect(text).toContain('Summary given when version 2 was published: Reworded SYS-F2-01');
    expect(text).toMatch(/\d+ unchanged/);
    // Learners cannot pick the draft, and nobody sees a draft by its id but the programme team.
    expect(page.body).not.toContain('Draft (not published)');
  });

  it('discards a draft after confirmation', async () => {
    await admin.post('/curriculum/draft', {});
    const [draft] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.status, 'draft'));
    const id = draft?.id ?? '';
    expect((await admin.get(`/curriculum/drafts/${id}/discard`)).body).toContain(
      'Are you sure you want to discard this draft?',
    );
    const response = await admin.post(`/curriculum/drafts/${id}/discard`);
    expect(response.statusCode).toBe(302);
    expect(await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.id, id))).toHaveLength(0);
    expect((await admin.get('/curriculum/draft')).body).toContain('Start a new draft');
  });
});

describe('learners’ versions', () => {
  it('lists learners with the version each follows, with search', async () => {
    const page = plain((await admin.get('/curriculum/learners')).body);
    expect(page).toContain('Asha Patel');
    expect(page).toContain('Ben Quiet');
    expect(page).toMatch(/Asha Patel .*Version 1/);
    const found = plain((await admin.get('/curriculum/learners?q=asha')).body);
    expect(found).toContain('Asha Patel');
    expect(found).not.toContain('Ben Quiet');
    const none = await admin.get('/curriculum/learners?q=nobody-at-all');
    expect(none.body).toContain('No learners match your search');
  });

  it('asks for learners and a version, keeping the choices', async () => {
    const response = await admin.post('/curriculum/learners/move', {
      region: t.regionIds['east-of-england'] ?? '',
      learners: learner.id,
      versionId: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select the version to move them to');
    expect(response.body).toMatch(new RegExp(`value="${learner.id}" checked`));
    const noLearners = await admin.post('/curriculum/learners/move', {
      region: t.regionIds['east-of-england'] ?? '',
      versionId: v2Id,
    });
    expect(noLearners.body).toContain('Select at least one learner to move');
    expect(noLearners.body).toMatch(new RegExp(`value="${v2Id}" selected`));
  });

  it('moves a learner to version 2 after confirmation, audited', async () => {
    const confirm = await admin.post('/curriculum/learners/move', {
      region: t.regionIds['east-of-england'] ?? '',
      learners: learner.id,
      versionId: v2Id,
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Move Asha Patel to version 2?');
    expect(await versionOf(learner.id)).toBe(v1Id);
    const moved = await admin.post('/curriculum/learners/move', {
      region: t.regionIds['east-of-england'] ?? '',
      learners: learner.id,
      versionId: v2Id,
      confirm: 'yes',
    });
    expect(moved.statusCode).toBe(302);
    expect(await versionOf(learner.id)).toBe(v2Id);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'learner_curriculum'), eq(auditEvents.entityId, learner.id)));
    expect(event?.summary).toBe('Moved Asha Patel to version 2 of the curriculum');
    const page = plain((await learner.agent.get('/curriculum')).body);
    expect(page).toContain('Version 2, published');
    expect(page).not.toContain('You stay on');
  });
});

describe('who may do what', () => {
  it('refuses learners and supervisors the programme team’s pages', async () => {
    for (const agent of [learner.agent, supervisor]) {
      expect((await agent.get('/curriculum/draft')).statusCode).toBe(403);
      expect((await agent.get('/curriculum/learners')).statusCode).toBe(403);
      expect((await agent.post('/curriculum/draft', {})).statusCode).toBe(403);
      expect((await agent.get(`/curriculum/drafts/${v2Id}/stages`)).statusCode).toBe(403);
      expect((await agent.post(`/curriculum/drafts/${v2Id}/publish`, { changeSummary: 'x' })).statusCode).toBe(403);
    }
    const page = await supervisor.get('/curriculum');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/curriculum/learners');
  });

  it('tells another region’s programme team that this region’s versions and drafts do not exist', async () => {
    await admin.post('/curriculum/draft', {});
    const [draft] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.status, 'draft'));
    const id = draft?.id ?? '';
    expect((await londonAdmin.get(`/curriculum/versions/${v1Id}`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/curriculum/compare?from=${v1Id}&to=${v2Id}`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/curriculum/drafts/${id}/stages`)).statusCode).toBe(404);
    expect((await londonAdmin.get(`/curriculum/drafts/${id}/outcomes/new`)).statusCode).toBe(404);
    expect((await londonAdmin.post(`/curriculum/drafts/${id}/discard`)).statusCode).toBe(404);
    expect(
      (await londonAdmin.post(`/curriculum/drafts/${id}/publish`, { changeSummary: 'x', confirm: 'yes' })).statusCode,
    ).toBe(404);
    // Their own region has no curriculum: they are offered to start one, not shown East of England's.
    expect((await londonAdmin.get('/curriculum')).body).toContain('Start the curriculum');
    // A learner cannot open the draft by its id either.
    expect((await learner.agent.get(`/curriculum/versions/${id}`)).statusCode).toBe(404);
    expect((await learner.agent.get(`/curriculum/compare?from=${v2Id}&to=${id}`)).statusCode).toBe(404);
  });

  it('asks a platform administrator which region to show', async () => {
    const platformAdmin = new Agent(t.app);
    const user = await createUser(t.db, { role: 'platform_admin', regionId: null });
    await platformAdmin.signInAs(user.id);
    const choose = await platformAdmin.get('/curriculum');
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Choose the region whose curriculum you want to see');
    const east = await platformAdmin.get(`/curriculum?region=${t.regionIds['east-of-england'] ?? ''}`);
    expect(plain(east.body)).toContain('Version 2, published');
    expect(east.body).toContain(`/curriculum/versions?region=${t.regionIds['east-of-england'] ?? ''}`);
  });
});
