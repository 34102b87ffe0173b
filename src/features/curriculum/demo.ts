/**
 * The demo region's curriculum: the example Enhance curriculum (version 1), its learning activities, a cohort per
 * intake and the educational supervisor of two learners. Events (features/events) and stage histories and annual
 * reviews (features/progress) seed their own parts on top, through demoSetting.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { users } from '../../platform/auth/schema.ts';
import { regionIdByCode } from '../organisations/index.ts';
import { DEMO_DOMAIN, insertSupervision } from '../people/index.ts';
import { londonTime } from '../../shared/london-time.ts';
import {
  createCurriculum,
  currentVersion,
  regionCurriculum,
  type Curriculum,
  type CurriculumVersion,
} from './repository.ts';
import { exampleCurriculum } from './domain/example.ts';
import { cohortMembers, cohorts, learnerCurricula, learningActivities, type ActivityType } from './schema.ts';

interface DemoActivity {
  type: ActivityType;
  title: string;
  description: string;
  url?: string;
  outcomeCodes: string[];
  required: string[];
  optional: string[];
}

const DEMO_ACTIVITIES: readonly DemoActivity[] = [
  {
    type: 'mdt-observation',
    title: 'Observe a community multidisciplinary team meeting',
    description:
      'Join a neighbourhood team meeting about people with complex needs. Note who speaks for the patient and how decisions are shared, then write a short reflection.',
    outcomeCodes: ['SYS-F1-01', 'CMM-F1-01'],
    required: ['F1'],
    optional: ['F2'],
  },
  {
    type: 'reflective-writing',
    title: 'Reflect on a patient journey across three services',
    description:
      'Follow one patient (without identifying them) from hospital to home and write about where care joined up and where it did not.',
    outcomeCodes: ['SYS-F2-01', 'PCP-F2-01'],
    required: ['F2'],
    optional: ['ST1'],
  },
  {
    type: 'e-learning',
    title: 'Health inequalities: an introduction',
    description: 'A short e-learning course on the causes of health inequalities and what clinicians can do.',
    url: 'https://www.e-lfh.org.uk/',
    outcomeCodes: ['SJE-F1-01'],
    required: ['F1'],
    optional: ['F2', 'ST1'],
  },
  {
    type: 'reading',
    title: 'Delivering a net zero NHS',
    description: 'Read the NHS net zero report and note one change you could make in your own work.',
    url: 'https://www.england.nhs.uk/greenernhs/publication/delivering-a-net-zero-national-health-service/',
    outcomeCodes: ['ENV-F1-01', 'ENV-F2-01'],
    required: [],
    optional: ['F1', 'F2', 'ST1'],
  },
  {
    type: 'project-milestone',
    title: 'Agree the aim and measures of your change project',
    description:
      'With your educational fellow, write the aim of your population health or sustainability project and how you will measure it.',
    outcomeCodes: ['POP-F2-01', 'ENV-F2-01'],
    required: ['F2'],
    optional: [],
  },
  {
    type: 'vr-scenario',
    title: '360° scenario: an older person with several long-term conditions',
    description: 'Follow a patient through several settings in the 360° learning resource, with stop-and-think pauses.',
    outcomeCodes: ['CMM-F2-01', 'PCP-F1-01'],
    required: [],
    optional: ['F1', 'F2'],
  },
];

const DEMO_EMAILS = [
  'programme.admin',
  'educational.supervisor',
  'clinical.supervisor',
  'educational.fellow',
  'learner',
  'learner.f1',
  'learner.st1',
] as const;

/** A demo learner and the stages they have been at, the last being their current one. */
export interface DemoLearner {
  id: string;
  stages: string[];
  /** The academic year (its August) they started F1 in. */
  intake: number;
}

/** What the demo's features share: the region, the people by their demo address, the academic year. */
export interface DemoSetting {
  regionId: string;
  /** A demo person's id by the local part of their address (programme.admin, learner.f1, …). */
  person: (local: (typeof DEMO_EMAILS)[number]) => string | undefined;
  admin: string | null;
  /** The August the current academic year started in. */
  startYear: number;
  learners: DemoLearner[];
}

/** Undefined when the demo region has not been seeded. */
export async function demoSetting(db: Db, now: Date): Promise<DemoSetting | undefined> {
  const regionId = await regionIdByCode(db, 'east-of-england');
  if (regionId === undefined) return undefined;
  const people = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_EMAILS.map((local) => `${local}${DEMO_DOMAIN}`),
      ),
    );
  const person = (local: string) => people.find((row) => row.email === `${local}${DEMO_DOMAIN}`)?.id;
  const startYear = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const learners = [
    { id: person('learner'), stages: ['F1', 'F2'] },
    { id: person('learner.f1'), stages: ['F1'] },
    { id: person('learner.st1'), stages: ['F1', 'F2', 'ST1'] },
  ].flatMap((learner) =>
    learner.id === undefined
      ? []
      : [{ id: learner.id, stages: learner.stages, intake: startYear - (learner.stages.length - 1) }],
  );
  return { regionId, person, admin: person('programme.admin') ?? null, startYear, learners };
}

/** The demo region's curriculum and its current version, once seedDemoCurriculum has run. */
export async function demoCurriculum(
  db: Db,
  regionId: string,
): Promise<{ curriculum: Curriculum; version: CurriculumVersion } | undefined> {
  const curriculum = await regionCurriculum(db, regionId);
  const version = curriculum === undefined ? undefined : await currentVersion(db, curriculum.id);
  return curriculum === undefined || version === undefined ? undefined : { curriculum, version };
}

export async function seedDemoCurriculum(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  if (setting === undefined) return;
  const { regionId, admin, startYear, learners } = setting;
  const published = londonTime(startYear, 7, 1, 9, 0);

  const { curriculum, version } = await createCurriculum(
    db,
    {
      regionId,
      name: 'Enhance',
      content: exampleCurriculum(),
      changeSummary: 'First version: the six Enhance domains, with an outcome for each domain at each stage.',
      by: admin,
    },
    published.getTime() < now.getTime() ? published : now,
  );

  for (const learner of learners) {
    const name = `${String(learner.intake)} intake`;
    let [cohort] = await db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.regionId, regionId), eq(cohorts.name, name)));
    if (cohort === undefined) {
      [cohort] = await db
        .insert(cohorts)
        .values({ id: newId(), regionId, name, intakeYear: learner.intake, createdAt: now, updatedAt: now })
        .returning();
    }
    if (cohort !== undefined) {
      await db.insert(cohortMembers).values({ cohortId: cohort.id, learnerUserId: learner.id, addedAt: now });
    }
    await db.insert(learnerCurricula).values({
      learnerUserId: learner.id,
      curriculumId: curriculum.id,
      versionId: version.id,
      assignedAt: now,
      assignedBy: admin,
    });
  }

  // Learning activities beyond the events: what is required at each stage and what learners may choose.
  const required = (...stages: string[]) => Object.fromEntries(stages.map((stage) => [stage, 'required' as const]));
  const optional = (...stages: string[]) => Object.fromEntries(stages.map((stage) => [stage, 'optional' as const]));
  await db.insert(learningActivities).values(
    DEMO_ACTIVITIES.map((activity) => ({
      id: newId(),
      curriculumId: curriculum.id,
      type: activity.type,
      title: activity.title,
      description: activity.description,
      url: activity.url ?? null,
      outcomeCodes: activity.outcomeCodes,
      stages: { ...optional(...activity.optional), ...required(...activity.required) },
      createdAt: now,
      updatedAt: now,
    })),
  );

  const supervisor = setting.person('educational.supervisor');
  if (supervisor !== undefined) {
    for (const learner of [setting.person('learner'), setting.person('learner.f1')]) {
      if (learner === undefined) continue;
      await insertSupervision(db, {
        id: newId(),
        learnerUserId: learner,
        supervisorUserId: supervisor,
        startedAt: published,
      });
    }
  }
}
