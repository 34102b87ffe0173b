import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { Agent, createTestApp, type TestApp } from '../../testing/app.ts';
import { readPage, type PageReader } from '../../testing/html.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { startsOnCurrentVersion } from './repository.ts';
import { curriculumVersions, learnerCurricula } from './schema.ts';
import { addLearner, signedIn } from '../../testing/people.ts';
import { freshRegion, givenDraft, givenPublished, VERSION_2_SUMMARY } from './test-fixtures.ts';

// Each test takes a region of its own (freshRegion: no curriculum, a programme administrator of its own), builds the
// curriculum it starts from with the feature's repository and services (givenDraft, givenPublished), then does only
// the one thing it is about through the pages. No test reads what another wrote; they pass alone and in any order.

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ globalRateLimit: 100_000 });
});
afterAll(async () => t.close());

async function versionOf(learnerId: string): Promise<string | undefined> {
  const [row] = await t.db
    .select({ versionId: learnerCurricula.versionId })
    .from(learnerCurricula)
    .where(eq(learnerCurricula.learnerUserId, learnerId));
  return row?.versionId;
}

async function versionRow(id: string) {
  const [row] = await t.db.select().from(curriculumVersions).where(eq(curriculumVersions.id, id));
  return row;
}

async function page(agent: Agent, url: string): Promise<PageReader> {
  return readPage((await agent.get(url)).body);
}

/** The table row whose first cell is this text: an outcome's code, or a learner's name and email. */
function rowOf(reader: PageReader, first: string): string[] | undefined {
  return reader.rows().find((cells) => cells[0] === first);
}

/** Whether the page has an element the CSS selector finds, such as a checked box or a selected option. */
function has(reader: PageReader, selector: string): boolean {
  return reader.texts(selector).length > 0;
}

const PCP = 'Person-centred practice Domain code PCP';
const SYS = 'Working across systems Domain code SYS';
const ENV = 'Environmental sustainability Domain code ENV';

describe('before there is a curriculum', () => {
  it('sends a signed-out visitor to sign in', async () => {
    const response = await new Agent(t.app).get('/curriculum');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/auth/sign-in?returnTo=%2Fcurriculum');
  });

  it('tells a learner it is not published yet, and offers the programme team a start', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const seen = await learner.agent.get('/curriculum');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain('Your programme has not published its curriculum yet');
    expect(seen.body).not.toContain('Start the curriculum');
    const managed = await region.admin.agent.get('/curriculum');
    expect(managed.body).toContain('Start the curriculum');
    expect(
      readPage(managed.body)
        .links()
        .map((link) => link.href),
    ).toContain('/curriculum');
    for (const url of ['/curriculum/versions', '/curriculum/compare', '/curriculum/draft', '/curriculum/learners']) {
      expect((await region.admin.agent.get(url)).statusCode, url).toBe(200);
    }
  });

  it('starts the curriculum as a draft of the default stages and the six domains', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const started = await region.admin.agent.post('/curriculum/start', { region: region.id });
    expect(started.statusCode).toBe(302);
    expect(started.headers.location).toBe('/curriculum/draft');
    const draft = await page(region.admin.agent, '/curriculum/draft');
    expect(draft.title()).toBe('Draft curriculum');
    expect(draft.headings(2)).toEqual(
      expect.arrayContaining([
        'Person-centred practice Domain code PCP',
        'Complex multimorbidity Domain code CMM',
        'Working across systems Domain code SYS',
        'Population health Domain code POP',
        'Social justice and health equity Domain code SJE',
        'Environmental sustainability Domain code ENV',
      ]),
    );
    expect(draft.section('Stages').texts('li')).toContain('Specialty training year 3 (ST3)');
    const versions = await t.db
      .select({ status: curriculumVersions.status, number: curriculumVersions.number })
      .from(curriculumVersions)
      .where(eq(curriculumVersions.createdBy, region.admin.id));
    expect(versions).toEqual([{ status: 'draft', number: null }]);
    const [event] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'curriculum'), eq(auditEvents.actorUserId, region.admin.id)));
    expect(event?.summary).toContain('Started the Enhance curriculum');
    expect((await learner.agent.get('/curriculum')).body).toContain('not published its curriculum yet');
  });
});

describe('editing the draft', () => {
  it('adds an outcome with a code given from its domain and stage, keeping input on error', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenDraft(t, region);
    const admin = region.admin.agent;
    const form = await admin.get(`/curriculum/drafts/${draftId}/outcomes/new?domain=PCP&stage=F1`);
    expect(form.body).toContain('This outcome will be PCP-F1-01');
    const missing = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: '',
      text: 'Find out what matters to a patient',
      fpHlos: 'HLO1',
    });
    expect(missing.statusCode).toBe(400);
    const shown = readPage(missing.body);
    expect(shown.texts('.nhsuk-error-summary__heading')).toEqual(['There is a problem']);
    expect(shown.errors()).toContain('Select the stage of the outcome');
    expect(shown.texts('textarea[name="text"]')).toEqual(['Find out what matters to a patient']);
    expect(has(shown, 'select[name="domainCode"] option[value="PCP"][selected]')).toBe(true);
    expect(has(shown, 'input[name="fpHlos"][value="HLO1"][checked]')).toBe(true);
    const tooLong = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: 'F1',
      text: 'x'.repeat(601),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(readPage(tooLong.body).errors()).toContainEqual(expect.stringContaining('must be 600 characters or fewer'));

    const added = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'PCP',
      stageCode: 'F1',
      text: 'Find out what matters to a patient',
      fpHlos: 'HLO1',
    });
    expect(added.statusCode).toBe(302);
    expect(added.headers.location).toBe(`/curriculum/drafts/${draftId}`);
    const after = await admin.get(String(added.headers.location));
    expect(after.body).toContain('Outcome PCP-F1-01 has been added');
    const pcp = readPage(after.body).section(PCP).text();
    expect(pcp).toContain('PCP-F1-01 Find out what matters to a patient');
    expect(pcp).toContain('HLO1: An accountable, capable and compassionate doctor');
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
    const draft = await page(admin, '/curriculum/draft');
    expect(draft.section(PCP).text()).toContain('PCP-F1-02 Record a patient’s goals');
    expect(draft.section(SYS).text()).toContain('SYS-F2-01 Follow a patient across three services');
    expect(draft.section(ENV).text()).toContain('ENV-F2-01 Reduce waste in one routine task');
  });

  it('edits an outcome without changing its code', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenDraft(t, region, { withOutcomes: true });
    const admin = region.admin.agent;
    const form = await page(admin, `/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`);
    expect(form.title()).toContain('Change outcome PCP-F1-02');
    const empty = await admin.post(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`, {
      stageCode: 'F2',
      text: '  ',
    });
    expect(empty.statusCode).toBe(400);
    const shown = readPage(empty.body);
    expect(shown.errors()).toContain('Enter what the learner will be able to do');
    expect(has(shown, 'select[name="stageCode"] option[value="F2"][selected]')).toBe(true);
    const saved = await admin.post(`/curriculum/drafts/${draftId}/outcomes/PCP-F1-02`, {
      stageCode: 'F2',
      text: 'Record a patient’s goals in their shared care plan',
      fpHlos: ['HLO1', 'HLO2'],
    });
    expect(saved.statusCode).toBe(302);
    const draft = await page(admin, '/curriculum/draft');
    expect(draft.section(PCP).text()).toContain('PCP-F1-02 Record a patient’s goals in their shared care plan');
    // The code still names F1: allowed, since codes never change, and said as a warning.
    const checks = draft.texts('#draft-problems details');
    expect(checks.join(' ')).toContain('Things to check');
    expect(checks.join(' ')).toContain('is at stage F2 but its code names F1');
  });

  it('changes a domain, keeping what was typed when something is missing', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenDraft(t, region);
    const admin = region.admin.agent;
    const form = await admin.get(`/curriculum/drafts/${draftId}/domains/POP`);
    expect(form.body).toContain('Population health');
    const missing = await admin.post(`/curriculum/drafts/${draftId}/domains/POP`, {
      title: '',
      description: 'Health of whole communities, typed by the editor',
      whyItMatters: 'Prevention',
    });
    expect(missing.statusCode).toBe(400);
    const shown = readPage(missing.body);
    expect(shown.errors()).toContain('Enter a domain title');
    expect(shown.texts('textarea[name="description"]')).toEqual(['Health of whole communities, typed by the editor']);
    const saved = await admin.post(`/curriculum/drafts/${draftId}/domains/POP`, {
      title: 'Population health and prevention',
      description: 'Health of whole communities, typed by the editor',
      whyItMatters: 'Prevention brings the biggest gains.',
    });
    expect(saved.statusCode).toBe(302);
    const draft = await page(admin, '/curriculum/draft');
    const pop = draft.section('Population health and prevention Domain code POP');
    expect(pop.section('Why it matters').text()).toBe('Prevention brings the biggest gains.');
    expect((await admin.get(`/curriculum/drafts/${draftId}/domains/NOPE`)).statusCode).toBe(404);
  });

  it('renames stages and adds one with a checked code', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenDraft(t, region);
    const admin = region.admin.agent;
    const bad = await admin.post(`/curriculum/drafts/${draftId}/stages`, {
      'name-F1': 'Foundation year one',
      newCode: '4th',
      newName: 'Specialty training year 4',
    });
    expect(bad.statusCode).toBe(400);
    const kept = readPage(bad.body);
    expect(kept.errors()).toContainEqual(
      expect.stringContaining('Stage code 4TH must be up to 8 capital letters and numbers'),
    );
    expect(has(kept, 'input[name="name-F1"][value="Foundation year one"]')).toBe(true);
    expect(has(kept, 'input[name="newName"][value="Specialty training year 4"]')).toBe(true);
    const repeated = await admin.post(`/curriculum/drafts/${draftId}/stages`, { newCode: 'F2', newName: 'Again' });
    expect(readPage(repeated.body).errors()).toContain('Stage code F2 is used more than once');
    const noName = await admin.post(`/curriculum/drafts/${draftId}/stages`, { 'name-F2': '' });
    expect(noName.statusCode).toBe(400);
    expect(readPage(noName.body).errors()).toContain('Enter a stage name');
    const saved = await admin.post(`/curriculum/drafts/${draftId}/stages`, {
      'name-F1': 'Foundation year one',
      newCode: 'st4',
      newName: 'Specialty training year 4',
    });
    expect(saved.statusCode).toBe(302);
    const stages = (await page(admin, '/curriculum/draft')).section('Stages').texts('li');
    expect(stages).toContain('Foundation year one (F1)');
    expect(stages).toContain('Specialty training year 4 (ST4)');
  });
});

describe('publishing', () => {
  it('needs a summary of what changed, then confirms, then publishes version 1', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenDraft(t, region, { withOutcomes: true });
    const admin = region.admin.agent;
    const form = await admin.get(`/curriculum/drafts/${draftId}/publish`);
    expect(form.body).toContain('What changed in this version');
    const empty = await admin.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errors()).toContain('Enter a summary of what changed');
    const confirm = await admin.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: 'First version' });
    expect(confirm.statusCode).toBe(200);
    const confirmPage = readPage(confirm.body);
    expect(confirmPage.title()).toBe('Publish version 1?');
    expect(confirmPage.text()).toContain('This is the first version');
    const back = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'First version',
      confirm: 'yes',
      action: 'edit',
    });
    expect(readPage(back.body).texts('textarea[name="changeSummary"]')).toEqual(['First version']);
    const published = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: 'First version',
      confirm: 'yes',
    });
    expect(published.statusCode).toBe(302);
    expect(published.headers.location).toBe(`/curriculum/versions/${draftId}`);
    const row = await versionRow(draftId);
    expect(row?.status).toBe('published');
    expect(row?.number).toBe(1);
    expect(row?.changeSummary).toBe('First version');
    const version = await admin.get(`/curriculum/versions/${draftId}`);
    expect(version.body).toContain('Version 1 has been published');
    expect(readPage(version.body).title()).toBe('Version 1 Current');
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, draftId));
    expect(events.find((e) => e.summary === 'Published version 1 of the curriculum')?.action).toBe('update');
    // Publishing twice is not possible: the draft is gone.
    expect((await admin.get(`/curriculum/drafts/${draftId}/publish`)).statusCode).toBe(404);
  });

  it('shows the learner their version, with domains, outcomes and HLO mappings', async () => {
    const region = await freshRegion(t);
    await givenPublished(t, region, { versions: 1 });
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const response = await learner.agent.get('/curriculum');
    expect(response.statusCode).toBe(200);
    const seen = readPage(response.body);
    expect(seen.text()).toContain('Version 1, published');
    expect(seen.text()).toContain('You are at stage F2');
    const pcp = seen.section(PCP);
    expect(pcp.headings(3)).toContain('Why it matters');
    const outcome = pcp.texts('li').find((item) => item.startsWith('PCP-F1-01'));
    expect(outcome).toContain('PCP-F1-01 Find out what matters to a patient');
    expect(outcome).toContain('Foundation Programme outcomes: HLO1');
    expect(response.body).not.toContain('Edit the curriculum');
    // Reading records nothing: publishing a new version is what keeps the learners of the old one on it.
    expect(await versionOf(learner.id)).toBeUndefined();
  });

  it('records the version a learner starts on when they are enrolled, not when their pages are read', async () => {
    const region = await freshRegion(t);
    const { versionIds } = await givenPublished(t, region, { versions: 1 });
    const admin = region.admin.agent;
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
    const enrolledId = (invited.headers.location as string).split('/').at(-1) ?? '';
    expect(await versionOf(enrolledId)).toBe(versionIds[0]);
  });

  it('starts a new draft from version 1, which learners do not see', async () => {
    const region = await freshRegion(t);
    const { versionIds } = await givenPublished(t, region, { versions: 1 });
    const [v1Id = ''] = versionIds;
    const admin = region.admin.agent;
    const draftsOf = () =>
      t.db
        .select()
        .from(curriculumVersions)
        .where(and(eq(curriculumVersions.createdBy, region.admin.id), eq(curriculumVersions.status, 'draft')));
    const started = await admin.post('/curriculum/draft', {});
    expect(started.statusCode).toBe(302);
    const [draft] = await draftsOf();
    const draftId = draft?.id ?? '';
    expect(draft?.basedOnId).toBe(v1Id);
    const again = await admin.post('/curriculum/draft', {});
    expect(again.statusCode).toBe(302);
    expect(await draftsOf()).toHaveLength(1);
    const shown = await page(admin, '/curriculum/draft');
    expect(shown.text()).toContain('Started from version 1');
    expect(shown.links().map((link) => link.href)).toContain(`/curriculum/compare?from=${v1Id}&to=${draftId}`);
  });

  it('removes an outcome after confirmation and never gives its code again', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenPublished(t, region, { versions: 1, draft: 'copy' });
    const admin = region.admin.agent;
    const confirm = readPage((await admin.get(`/curriculum/drafts/${draftId}/outcomes/ENV-F2-01/remove`)).body);
    expect(confirm.title()).toBe('Are you sure you want to remove outcome ENV-F2-01?');
    expect(confirm.text()).toContain('Reduce waste in one routine task');
    const removed = await admin.post(`/curriculum/drafts/${draftId}/outcomes/ENV-F2-01/remove`);
    expect(removed.statusCode).toBe(302);
    const after = readPage((await admin.get(`/curriculum/drafts/${draftId}`)).body);
    expect(after.text()).toContain('Outcome ENV-F2-01 has been removed from the draft');
    expect(after.text()).not.toContain('ENV-F2-01 Reduce waste');
    const added = await admin.post(`/curriculum/drafts/${draftId}/outcomes/new`, {
      domainCode: 'ENV',
      stageCode: 'F2',
      text: 'Choose a lower-carbon inhaler with a patient',
    });
    expect(added.statusCode).toBe(302);
    expect((await admin.get(`/curriculum/drafts/${draftId}`)).body).toContain('Outcome ENV-F2-02 has been added');
  });

  it('compares the draft with the version it is based on, in words', async () => {
    const region = await freshRegion(t);
    const { versionIds, draftId } = await givenPublished(t, region, { versions: 1, draft: 'with version 2 changes' });
    const response = await region.admin.agent.get(`/curriculum/compare?from=${versionIds[0] ?? ''}&to=${draftId}`);
    expect(response.statusCode).toBe(200);
    const compared = readPage(response.body);
    expect(compared.headings(2)).toContain('What changed from version 1 to draft');
    expect(compared.text()).toContain('1 added, 1 removed, 1 changed');
    expect(rowOf(compared, 'ENV-F2-01')?.[1]).toBe('Removed');
    expect(rowOf(compared, 'ENV-F2-01')?.[3]).toBe('Not in this version');
    expect(rowOf(compared, 'ENV-F2-02')?.[1]).toBe('Added');
    expect(rowOf(compared, 'ENV-F2-02')?.[2]).toBe('Not in this version');
    const changed = rowOf(compared, 'SYS-F2-01');
    expect(changed?.[1]).toBe('Changed Text changed');
    expect(changed?.[2]).toContain('Follow a patient across three services');
    expect(changed?.[3]).toContain('Follow a patient across at least three services');
  });

  it('publishes version 2; learners who started stay on version 1', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const quietLearner = await addLearner(t, region.id, 'Ben Quiet', { stage: 'F1' });
    const supervisor = await signedIn(t, 'educational_supervisor', region.id);
    const { versionIds, draftId } = await givenPublished(t, region, { versions: 1, draft: 'with version 2 changes' });
    const [v1Id = ''] = versionIds;
    // A learner enrolled while version 1 is current starts on it.
    const enrolled = await addLearner(t, region.id, 'Dana Enrolled', { stage: 'F1' });
    await startsOnCurrentVersion(t.db, { learnerId: enrolled.id, regionId: region.id, now: t.app.clock() });
    const admin = region.admin.agent;
    const confirm = readPage(
      (await admin.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: VERSION_2_SUMMARY })).body,
    );
    expect(confirm.title()).toBe('Publish version 2?');
    expect(rowOf(confirm, 'ENV-F2-02')?.[1]).toBe('Added');
    const published = await admin.post(`/curriculum/drafts/${draftId}/publish`, {
      changeSummary: VERSION_2_SUMMARY,
      confirm: 'yes',
    });
    expect(published.statusCode).toBe(302);
    expect((await versionRow(draftId))?.number).toBe(2);

    const seen = await page(learner.agent, '/curriculum');
    expect(seen.text()).toContain('Version 1, published');
    expect(seen.text()).toContain('Version 2 of the curriculum has been published. You stay on version 1');
    expect(seen.section(SYS).text()).toContain('Follow a patient across three services');
    // A learner who had never opened the curriculum started before version 2, so stays on version 1 too.
    expect(await versionOf(quietLearner.id)).toBe(v1Id);
    // As does the learner enrolled while version 1 was current.
    expect(await versionOf(enrolled.id)).toBe(v1Id);
    // Someone who joins now starts on version 2.
    const newcomer = await addLearner(t, region.id, 'Cara New');
    const theirs = (await page(newcomer.agent, '/curriculum')).text();
    expect(theirs).toContain('Version 2, published');
    expect(theirs).not.toContain('has been published. You stay on');
    // Staff see the current version.
    expect((await page(supervisor.agent, '/curriculum')).text()).toContain('Version 2, published');
  });

  it('lists the history with who published, the summaries and links to compare', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const { versionIds } = await givenPublished(t, region, { versions: 2 });
    const [v1Id = '', v2Id = ''] = versionIds;
    const history = await page(region.admin.agent, '/curriculum/versions');
    expect(history.texts('caption')).toEqual(['2 versions']);
    const [version2, version1] = history.rows();
    expect(version2?.[0]).toBe('Version 2');
    expect(version2?.[1]).toBe('Current');
    expect(version2?.[2]).toContain('by Test programme_admin');
    expect(version2?.[3]).toBe(VERSION_2_SUMMARY);
    expect(version1?.[0]).toBe('Version 1');
    expect(version1?.[3]).toBe('First version');
    expect(history.links().map((link) => link.href)).toContain(`/curriculum/compare?from=${v1Id}&to=${v2Id}`);
    const old = await page(learner.agent, `/curriculum/versions/${v1Id}`);
    expect(old.title()).toBe('Version 1 Earlier version');
    expect(old.links().map((link) => link.href)).toContain(`/curriculum/compare?from=${v1Id}&to=${v2Id}`);
  });

  it('compares the two newest versions by default, with selects that work without JavaScript', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const { versionIds } = await givenPublished(t, region, { versions: 2, draft: 'copy' });
    const [v1Id = '', v2Id = ''] = versionIds;
    const response = await learner.agent.get('/curriculum/compare');
    expect(response.statusCode).toBe(200);
    const compared = readPage(response.body);
    const form = 'form[method="get"][action="/curriculum/compare"]';
    expect(compared.texts(`${form} label`)).toEqual(['Before', 'After']);
    expect(has(compared, `${form} select[name="from"] option[value="${v1Id}"][selected]`)).toBe(true);
    expect(has(compared, `${form} select[name="to"] option[value="${v2Id}"][selected]`)).toBe(true);
    expect(compared.headings(2)).toContain('What changed from version 1 to version 2');
    expect(compared.text()).toContain('Summary given when version 2 was published: Reworded SYS-F2-01');
    expect(compared.text()).toMatch(/\d+ unchanged/);
    // Learners cannot pick the draft, and nobody sees a draft by its id but the programme team.
    expect(compared.text()).not.toContain('Draft (not published)');
  });

  it('discards a draft after confirmation', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenPublished(t, region, { versions: 1, draft: 'copy' });
    const admin = region.admin.agent;
    expect((await page(admin, `/curriculum/drafts/${draftId}/discard`)).title()).toBe(
      'Are you sure you want to discard this draft?',
    );
    const response = await admin.post(`/curriculum/drafts/${draftId}/discard`);
    expect(response.statusCode).toBe(302);
    expect(await versionRow(draftId)).toBeUndefined();
    expect((await page(admin, '/curriculum/draft')).texts('button')).toContain('Start a new draft');
  });
});

describe('learners’ versions', () => {
  it('lists learners with the version each follows, with search', async () => {
    const region = await freshRegion(t);
    const asha = await addLearner(t, region.id, 'Asha Patel');
    const ben = await addLearner(t, region.id, 'Ben Quiet', { stage: 'F1' });
    await givenPublished(t, region, { versions: 2 });
    const admin = region.admin.agent;
    const listed = await page(admin, '/curriculum/learners');
    expect(rowOf(listed, `Asha Patel ${asha.email}`)?.slice(1)).toEqual(['F2', 'Version 1']);
    expect(rowOf(listed, `Ben Quiet ${ben.email}`)?.slice(1)).toEqual(['F1', 'Version 1']);
    const found = await page(admin, '/curriculum/learners?q=asha');
    expect(rowOf(found, `Asha Patel ${asha.email}`)).toBeDefined();
    expect(found.text()).not.toContain('Ben Quiet');
    const none = await admin.get('/curriculum/learners?q=nobody-at-all');
    expect(none.body).toContain('No learners match your search');
  });

  it('asks for learners and a version, keeping the choices', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const { versionIds } = await givenPublished(t, region, { versions: 2 });
    const v2Id = versionIds[1] ?? '';
    const admin = region.admin.agent;
    const response = await admin.post('/curriculum/learners/move', {
      region: region.id,
      learners: learner.id,
      versionId: '',
    });
    expect(response.statusCode).toBe(400);
    const noVersion = readPage(response.body);
    expect(noVersion.errors()).toContain('Select the version to move them to');
    expect(has(noVersion, `input[name="learners"][value="${learner.id}"][checked]`)).toBe(true);
    const noLearners = readPage(
      (await admin.post('/curriculum/learners/move', { region: region.id, versionId: v2Id })).body,
    );
    expect(noLearners.errors()).toContain('Select at least one learner to move');
    expect(has(noLearners, `select[name="versionId"] option[value="${v2Id}"][selected]`)).toBe(true);
  });

  it('moves a learner to version 2 after confirmation, audited', async () => {
    const region = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const { versionIds } = await givenPublished(t, region, { versions: 2 });
    const [v1Id = '', v2Id = ''] = versionIds;
    const admin = region.admin.agent;
    const confirm = await admin.post('/curriculum/learners/move', {
      region: region.id,
      learners: learner.id,
      versionId: v2Id,
    });
    expect(confirm.statusCode).toBe(200);
    expect(readPage(confirm.body).title()).toBe('Move Asha Patel to version 2?');
    expect(await versionOf(learner.id)).toBe(v1Id);
    const moved = await admin.post('/curriculum/learners/move', {
      region: region.id,
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
    const seen = (await page(learner.agent, '/curriculum')).text();
    expect(seen).toContain('Version 2, published');
    expect(seen).not.toContain('You stay on');
  });
});

describe('who may do what', () => {
  it('refuses learners and supervisors the programme team’s pages', async () => {
    const region = await freshRegion(t);
    const { draftId } = await givenPublished(t, region, { versions: 1, draft: 'copy' });
    const learner = await addLearner(t, region.id, 'Asha Patel', { postsForms: true });
    const supervisor = await signedIn(t, 'educational_supervisor', region.id, { postsForms: true });
    for (const agent of [learner.agent, supervisor.agent]) {
      expect((await agent.get('/curriculum/draft')).statusCode).toBe(403);
      expect((await agent.get('/curriculum/learners')).statusCode).toBe(403);
      expect((await agent.post('/curriculum/draft', {})).statusCode).toBe(403);
      expect((await agent.get(`/curriculum/drafts/${draftId}/stages`)).statusCode).toBe(403);
      expect((await agent.post(`/curriculum/drafts/${draftId}/publish`, { changeSummary: 'x' })).statusCode).toBe(403);
    }
    const response = await supervisor.agent.get('/curriculum');
    expect(response.statusCode).toBe(200);
    expect(readPage(response.body).text()).toContain('Version 1, published');
    expect(response.body).not.toContain('/curriculum/learners');
  });

  it('tells another region’s programme team that this region’s versions and drafts do not exist', async () => {
    const region = await freshRegion(t);
    const other = await freshRegion(t);
    const learner = await addLearner(t, region.id, 'Asha Patel');
    const { versionIds, draftId: id } = await givenPublished(t, region, { versions: 2, draft: 'copy' });
    const [v1Id = '', v2Id = ''] = versionIds;
    const otherAdmin = other.admin.agent;
    expect((await otherAdmin.get(`/curriculum/versions/${v1Id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/curriculum/compare?from=${v1Id}&to=${v2Id}`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/curriculum/drafts/${id}/stages`)).statusCode).toBe(404);
    expect((await otherAdmin.get(`/curriculum/drafts/${id}/outcomes/new`)).statusCode).toBe(404);
    expect((await otherAdmin.post(`/curriculum/drafts/${id}/discard`)).statusCode).toBe(404);
    expect(
      (await otherAdmin.post(`/curriculum/drafts/${id}/publish`, { changeSummary: 'x', confirm: 'yes' })).statusCode,
    ).toBe(404);
    // Their own region has no curriculum: they are offered to start one, not shown this region's.
    expect((await page(otherAdmin, '/curriculum')).texts('button')).toContain('Start the curriculum');
    // A learner cannot open the draft by its id either.
    expect((await learner.agent.get(`/curriculum/versions/${id}`)).statusCode).toBe(404);
    expect((await learner.agent.get(`/curriculum/compare?from=${v2Id}&to=${id}`)).statusCode).toBe(404);
  });

  it('asks a platform administrator which region to show', async () => {
    const region = await freshRegion(t);
    await givenPublished(t, region, { versions: 2 });
    const platformAdmin = await signedIn(t, 'platform_admin', null);
    const choose = await platformAdmin.agent.get('/curriculum');
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('Choose the region whose curriculum you want to see');
    const shown = await page(platformAdmin.agent, `/curriculum?region=${region.id}`);
    expect(shown.text()).toContain('Version 2, published');
    expect(shown.links().map((link) => link.href)).toContain(`/curriculum/versions?region=${region.id}`);
  });
});
