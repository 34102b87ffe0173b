/**
 * Builders for curriculum route tests that stand alone: each test takes a region of its own, cleared of any
 * curriculum an earlier test left there, and builds the curriculum it needs with the feature's repository functions
 * and services, before it does the one thing it is about through HTTP.
 */
import { eq } from 'drizzle-orm';
import type { TestApp } from '../../testing/app.ts';
import { signedIn, type Person } from '../../testing/people.ts';
import type { Context } from '../../platform/context.ts';
import { starterCurriculum, type CurriculumContent, type Outcome } from './domain/curriculum.ts';
import { createDraft, publishDraft } from './draft-service.ts';
import { createCurriculum } from './repository.ts';
import { insertCurriculum, insertDraft } from './versions-repository.ts';
import { curricula } from './schema.ts';

export interface Region {
  id: string;
  code: string;
  /** The region's programme administrator ("Test programme_admin"), signed in. */
  admin: Person;
  /** A service context as the programme administrator, at the app's time now. */
  ctx(): Context;
}

const regionsTaken = new WeakMap<TestApp, number>();

/**
 * The next of the seven regions in turn, with no curriculum (any an earlier test made there is deleted, with its
 * versions, learners' versions and evidence) and a programme administrator of its own. People earlier tests added
 * to the region stay: tests find their own by id or email.
 */
export async function freshRegion(t: TestApp): Promise<Region> {
  const codes = Object.keys(t.regionIds).sort();
  const turn = regionsTaken.get(t) ?? 0;
  regionsTaken.set(t, turn + 1);
  const code = codes[turn % codes.length] ?? '';
  const id = t.regionIds[code] ?? '';
  await t.db.delete(curricula).where(eq(curricula.regionId, id));
  const admin = await signedIn(t, 'programme_admin', id, { postsForms: true });
  const principal = {
    userId: admin.id,
    email: admin.email,
    displayName: 'Test programme_admin',
    roles: [{ role: 'programme_admin' as const, regionId: id, organisationId: null }],
    totpEnabled: true,
  };
  return {
    id,
    code,
    admin,
    ctx: () => ({
      db: t.db,
      principal,
      actor: { userId: admin.id, label: principal.displayName },
      now: t.app.clock(),
      mailer: t.app.mailer,
      publicUrl: 'http://localhost',
    }),
  };
}

function outcome(code: string, text: string, fpHlos: string[] = []): Outcome {
  const [domainCode = '', stageCode = ''] = code.split('-');
  return { code, domainCode, stageCode, text, fpHlos };
}

/** The outcomes of version 1: the default stages and six domains, with two PCP outcomes, one SYS and one ENV. */
export const VERSION_1_OUTCOMES: readonly Outcome[] = [
  outcome('PCP-F1-01', 'Find out what matters to a patient', ['HLO1']),
  outcome('PCP-F1-02', 'Record a patient’s goals in their care plan'),
  outcome('SYS-F2-01', 'Follow a patient across three services'),
  outcome('ENV-F2-01', 'Reduce waste in one routine task'),
];

export const VERSION_1_SUMMARY = 'First version';
export const VERSION_2_SUMMARY = 'Reworded SYS-F2-01 and replaced an ENV outcome';

function version1Content(): CurriculumContent {
  return { ...starterCurriculum(), outcomes: VERSION_1_OUTCOMES.map((o) => ({ ...o, fpHlos: [...o.fpHlos] })) };
}

/**
 * Version 1 with version 2's changes: SYS-F2-01 reworded, ENV-F2-01 removed and ENV-F2-02 added (a removed code is
 * never given again).
 */
function version2Content(): CurriculumContent {
  const content = version1Content();
  const outcomes = content.outcomes
    .filter((o) => o.code !== 'ENV-F2-01')
    .map((o) => (o.code === 'SYS-F2-01' ? { ...o, text: 'Follow a patient across at least three services' } : o));
  outcomes.push(outcome('ENV-F2-02', 'Choose a lower-carbon inhaler with a patient'));
  return { ...content, outcomes };
}

/**
 * A started curriculum, as "Start the curriculum" leaves it: a draft of the default stages and the six domains, not
 * yet published; with version 1's outcomes already added to it when asked.
 */
export async function givenDraft(
  t: TestApp,
  region: Region,
  options: { withOutcomes?: boolean } = {},
): Promise<{ draftId: string }> {
  const now = t.app.clock();
  const curriculum = await insertCurriculum(t.db, { regionId: region.id, name: 'Enhance' }, now);
  const content = options.withOutcomes === true ? version1Content() : starterCurriculum();
  const draft = await insertDraft(
    t.db,
    { curriculumId: curriculum.id, content, basedOnId: null, createdBy: region.admin.id },
    now,
  );
  return { draftId: draft.id };
}

export interface Published {
  /** The published versions' ids, version 1 first. */
  versionIds: string[];
  /** The draft left open after them, when one was asked for. */
  draftId: string;
}

/**
 * The region's curriculum published as version 1 (VERSION_1_OUTCOMES), and as version 2 (version 2's changes) when
 * asked, both by the region's programme administrator; then, when asked, a draft of the next version: a plain copy
 * of the newest version, or one with version 2's changes made to it. Learners added before are given the version
 * that was current when the next was published, as publishing does.
 */
export async function givenPublished(
  t: TestApp,
  region: Region,
  options: { versions: 1 | 2; draft?: 'copy' | 'with version 2 changes' },
): Promise<Published> {
  const now = t.app.clock();
  const { curriculum, version } = await createCurriculum(
    t.db,
    {
      regionId: region.id,
      name: 'Enhance',
      content: version1Content(),
      changeSummary: VERSION_1_SUMMARY,
      by: region.admin.id,
    },
    now,
  );
  const versionIds = [version.id];
  const draftOfVersion2 = async () =>
    (
      await insertDraft(
        t.db,
        { curriculumId: curriculum.id, content: version2Content(), basedOnId: version.id, createdBy: region.admin.id },
        now,
      )
    ).id;
  if (options.versions === 2) {
    const id = await draftOfVersion2();
    await publishDraft(region.ctx(), id, VERSION_2_SUMMARY);
    versionIds.push(id);
  }
  let draftId = '';
  if (options.draft === 'copy') draftId = (await createDraft(region.ctx(), region.id)).draft.id;
  if (options.draft === 'with version 2 changes') {
    if (options.versions === 2) throw new Error('Version 2 already has version 2 changes');
    draftId = await draftOfVersion2();
  }
  return { versionIds, draftId };
}
