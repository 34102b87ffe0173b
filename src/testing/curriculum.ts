/**
 * A region's curriculum, a learner's evidence and cohorts, for route tests of the features built on the curriculum
 * (events, progress): the example curriculum published as version 1, evidence linked as another feature links it.
 */
import type { TestApp } from './app.ts';
import { newId } from '../platform/db/ids.ts';
import {
  createCurriculum,
  insertCohort,
  insertMembers,
  recordEvidence,
  type EvidenceSource,
} from '../features/curriculum/index.ts';
import { exampleCurriculum } from '../features/curriculum/domain/example.ts';

/**
 * The example curriculum (the six domains, one outcome of each at each stage: 6 at F2, 12 from F1 to F2), published
 * in the region as "Enhance" version 1.
 */
export async function givenExampleCurriculum(
  t: TestApp,
  regionId: string,
): Promise<{ curriculumId: string; versionId: string }> {
  const { curriculum, version } = await createCurriculum(
    t.db,
    { regionId, name: 'Enhance', content: exampleCurriculum(), changeSummary: 'First version', by: null },
    t.app.clock(),
  );
  return { curriculumId: curriculum.id, versionId: version.id };
}

/** Evidence of the outcomes from the source, linked now; the learner is kept on the version they follow. */
export async function givenEvidence(
  t: TestApp,
  learnerId: string,
  source: EvidenceSource,
  outcomeCodes: string[],
): Promise<void> {
  await recordEvidence(t.db, { userId: null, label: 'Test' }, { learnerId, source, outcomeCodes }, t.app.clock());
}

/** A cohort of the region (of the 2025 intake unless given) with these members; its id. */
export async function givenCohort(
  t: TestApp,
  regionId: string,
  name: string,
  members: { id: string }[] = [],
  intakeYear = 2025,
): Promise<string> {
  const now = t.app.clock();
  const cohort = await insertCohort(t.db, { id: newId(), regionId, name, intakeYear, createdAt: now, updatedAt: now });
  if (members.length > 0)
    await insertMembers(
      t.db,
      cohort.id,
      members.map((member) => member.id),
      now,
    );
  return cohort.id;
}
