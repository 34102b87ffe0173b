/**
 * The demo region's curriculum: the example Enhance curriculum (version 1), a cohort per intake, stage histories,
 * an educational supervisor, a year of monthly learning-event days and taster experiences, and learners at F1, F2
 * and ST1 who attended some past events, so their progress is partly evidenced.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { users } from '../../platform/auth/schema.ts';
import { regions } from '../organisations/index.ts';
import { DEMO_DOMAIN, educationalSupervisions } from '../people/index.ts';
import { londonTime } from '../../shared/london-time.ts';
import { createCurriculum } from './core.ts';
import { exampleCurriculum } from './domain/example.ts';
import { DEFAULT_FEEDBACK_QUESTIONS, makeCheckInCode } from './domain/events.ts';
import { recordEvidence } from './evidence.ts';
import {
  annualReviews,
  learningActivities,
  cohortMembers,
  cohorts,
  eventFeedback,
  eventRegistrations,
  learnerCurricula,
  learningEvents,
  stageHistory,
  type ActivityType,
} from './schema.ts';

interface DemoEvent {
  type: ActivityType;
  title: string;
  description: string;
  /** Month of the academic year: 0 = August … 11 = July. */
  month: number;
  /** Day of that month. */
  day: number;
  venue: string;
  capacity: number;
  stages: string[];
  outcomeCodes: string[];
  hours: [number, number, number, number];
}

const DAY: [number, number, number, number] = [9, 30, 16, 30];

const LEARNING_DAYS: readonly DemoEvent[] = [
  ['Welcome to generalism: what matters to patients', ['PCP-F1-01', 'PCP-F2-01']],
  ['Multimorbidity and the burden of treatment', ['CMM-F1-01', 'CMM-F2-01']],
  ['Following the patient: journeys across systems', ['SYS-F1-01', 'SYS-F2-01']],
  ['Population health in practice: reading local data', ['POP-F1-01', 'POP-F2-01']],
  ['Health inequalities and inclusion health', ['SJE-F1-01', 'SJE-F2-01']],
  ['Greener healthcare: inhalers, waste and SusQI', ['ENV-F1-01', 'ENV-F2-01']],
  ['Working with social care and voluntary partners', ['SYS-F2-01', 'SYS-ST1-01']],
  ['Shared decisions with people living with frailty', ['PCP-F2-01', 'CMM-F2-01']],
  ['Core20PLUS5: designing a change project', ['POP-F2-01', 'POP-ST2-01']],
  ['Sustainable quality improvement workshop', ['ENV-F2-01', 'ENV-ST1-01']],
  ['Advocacy: speaking up for health equity', ['SJE-F2-01', 'SJE-ST1-01']],
  ['Change projects: what we learned this year', ['POP-F2-01', 'ENV-F2-01']],
].map(([title, outcomeCodes], month) => ({
  type: 'learning-event-day' as const,
  title: title as string,
  description:
    'A learning-event day for the generalism cohort: talks from people who use services and the teams who run them, small-group cases, and time to plan your change project.',
  month,
  day: 10 + (month % 3),
  venue: [
    "Clinical Education Centre, Addenbrooke's Hospital, Hills Road, Cambridge CB2 0QQ",
    'Education Centre, West Suffolk Hospital, Hardwick Lane, Bury St Edmunds IP33 2QZ',
    'Postgraduate Centre, Lister Hospital, Coreys Mill Lane, Stevenage SG1 4AB',
  ][month % 3] as string,
  capacity: 40,
  stages: [],
  outcomeCodes: outcomeCodes as string[],
  hours: DAY,
}));

const TASTERS: readonly DemoEvent[] = [
  {
    type: 'taster',
    title: 'Taster: a day with a community frailty team',
    description: 'Shadow the community frailty and virtual ward team on home visits and at their daily huddle.',
    month: 2,
    day: 21,
    venue: 'Norwich Community Hospital, Bowthorpe Road, Norwich NR2 3TU',
    capacity: 3,
    stages: ['F1', 'F2'],
    outcomeCodes: ['CMM-F2-01', 'SYS-F2-01'],
    hours: [9, 0, 17, 0],
  },
  {
    type: 'taster',
    title: 'Taster: public health at the county council',
    description: 'Join the public health team to see how a needs assessment is written and used.',
    month: 4,
    day: 14,
    venue: 'County Hall, Martineau Lane, Norwich NR1 2DH',
    capacity: 2,
    stages: [],
    outcomeCodes: ['POP-F2-01'],
    hours: [9, 30, 16, 0],
  },
  {
    type: 'taster',
    title: 'Taster: hospice and palliative care',
    description: 'A day with the hospice at home team and the inpatient unit.',
    month: 6,
    day: 18,
    venue: 'Arthur Rank Hospice, Cherry Hinton Road, Shelford Bottom, Cambridge CB22 3FB',
    capacity: 2,
    stages: ['F2', 'ST1', 'ST2', 'ST3'],
    outcomeCodes: ['PCP-ST2-01', 'CMM-ST2-01'],
    hours: [9, 0, 17, 0],
  },
  {
    type: 'taster',
    title: 'Taster: inclusion health outreach',
    description: 'Work alongside the outreach nurses of a service for people experiencing homelessness.',
    month: 7,
    day: 11,
    venue: 'Meet at the day centre; details are sent a week before',
    capacity: 2,
    stages: [],
    outcomeCodes: ['SJE-F2-01', 'SJE-ST1-01'],
    hours: [10, 0, 16, 0],
  },
  {
    type: 'taster',
    title: 'Taster: social prescribing link workers',
    description: 'See how link workers connect patients with community groups, and follow two referrals.',
    month: 9,
    day: 6,
    venue: 'Primary care network hub, Stevenage',
    capacity: 3,
    stages: ['F1', 'F2'],
    outcomeCodes: ['SYS-ST1-01', 'PCP-F1-01'],
    hours: [9, 30, 15, 30],
  },
];

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

function instant(startYear: number, month: number, day: number, hour: number, minute: number): Date {
  const calendarMonth = ((7 + month) % 12) + 1;
  const year = calendarMonth >= 8 ? startYear : startYear + 1;
  return londonTime(year, calendarMonth, day, hour, minute);
}

export async function seedDemoCurriculum(db: Db, now: Date): Promise<void> {
  const [region] = await db.select().from(regions).where(eq(regions.code, 'east-of-england'));
  if (region === undefined) return;
  const emails = [
    'programme.admin',
    'educational.supervisor',
    'educational.fellow',
    'learner',
    'learner.f1',
    'learner.st1',
  ];
  const people = await db
    .select({ id: users.id, email: users.email, name: users.displayName })
    .from(users)
    .where(
      inArray(
        users.email,
        emails.map((local) => `${local}${DEMO_DOMAIN}`),
      ),
    );
  const id = (local: string) => people.find((person) => person.email === `${local}${DEMO_DOMAIN}`)?.id;
  const admin = id('programme.admin') ?? null;
  const startYear = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const published = londonTime(startYear, 7, 1, 9, 0);

  const { curriculum, version } = await createCurriculum(
    db,
    {
      regionId: region.id,
      name: 'Enhance',
      content: exampleCurriculum(),
      changeSummary: 'First version: the six Enhance domains, with an outcome for each domain at each stage.',
      by: admin,
    },
    published.getTime() < now.getTime() ? published : now,
  );

  const learners = [
    { id: id('learner'), stages: ['F1', 'F2'] },
    { id: id('learner.f1'), stages: ['F1'] },
    { id: id('learner.st1'), stages: ['F1', 'F2', 'ST1'] },
  ].flatMap((learner) => (learner.id === undefined ? [] : [{ id: learner.id, stages: learner.stages }]));

  for (const learner of learners) {
    const intake = startYear - (learner.stages.length - 1);
    let [cohort] = await db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.regionId, region.id), eq(cohorts.name, `${String(intake)} intake`)));
    if (cohort === undefined) {
      [cohort] = await db
        .insert(cohorts)
        .values({
          id: newId(),
          regionId: region.id,
          name: `${String(intake)} intake`,
          intakeYear: intake,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
    }
    if (cohort !== undefined) {
      await db.insert(cohortMembers).values({ cohortId: cohort.id, learnerUserId: learner.id, addedAt: now });
    }
    await db.insert(stageHistory).values(
      learner.stages.map((stage, index) => ({
        id: newId(),
        learnerUserId: learner.id,
        stage,
        startedOn: `${String(intake + index)}-08-01`,
        endedOn: index === learner.stages.length - 1 ? null : `${String(intake + index + 1)}-07-31`,
        recordedBy: admin,
        recordedAt: now,
      })),
    );
    // Each finished year had its annual review; the first was satisfactory, a later one asked for more evidence.
    const finished = learner.stages.slice(0, -1);
    if (finished.length > 0) {
      await db.insert(annualReviews).values(
        finished.map((stage, index) => {
          const year = `${String(intake + index)}/${String(intake + index + 1).slice(-2)}`;
          const moreEvidence = index === 1;
          return {
            id: newId(),
            learnerUserId: learner.id,
            regionId: region.id,
            year,
            stage,
            outcome: moreEvidence ? ('more-evidence-needed' as const) : ('satisfactory' as const),
            comments: moreEvidence
              ? 'Good progress in person-centred practice and systems working. The panel would like to see more evidence in environmental sustainability before the end of the first term.'
              : 'A strong first year: thoughtful reflections on patient journeys and full attendance at learning days.',
            actions: moreEvidence
              ? ['Complete the sustainable quality improvement workshop and reflect on it, by the end of December']
              : [],
            panel: 'Programme director, educational supervisor and a lay representative',
            recordedBy: admin,
            recordedAt: londonTime(intake + index + 1, 7, 10, 12, 0),
            updatedAt: londonTime(intake + index + 1, 7, 10, 12, 0),
          };
        }),
      );
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

  const supervisor = id('educational.supervisor');
  if (supervisor !== undefined) {
    for (const learner of [id('learner'), id('learner.f1')]) {
      if (learner === undefined) continue;
      await db
        .insert(educationalSupervisions)
        .values({ id: newId(), learnerUserId: learner, supervisorUserId: supervisor, startedAt: published });
    }
  }

  const actor = { userId: null, label: 'Demo data' };
  let attendedSoFar = 0;
  for (const event of [...LEARNING_DAYS, ...TASTERS]) {
    const [sh, sm, eh, em] = event.hours;
    const startsAt = instant(startYear, event.month, event.day, sh, sm);
    const endsAt = instant(startYear, event.month, event.day, eh, em);
    const eventId = newId();
    await db.insert(learningEvents).values({
      id: eventId,
      regionId: region.id,
      curriculumId: curriculum.id,
      type: event.type,
      title: event.title,
      description: event.description,
      startsAt,
      endsAt,
      venue: event.venue,
      capacity: event.capacity,
      stages: event.stages,
      cohortIds: [],
      outcomeCodes: event.outcomeCodes,
      facilitatorUserId: id('educational.fellow') ?? null,
      checkInCode: makeCheckInCode(randomBytes(16)),
      feedbackQuestions: [...DEFAULT_FEEDBACK_QUESTIONS],
      status: 'scheduled',
      createdBy: admin,
      createdAt: now,
      updatedAt: now,
    });
    const past = endsAt.getTime() < now.getTime();
    const requestedAt = new Date(Math.min(startsAt.getTime() - 14 * 86_400_000, now.getTime()));
    // The F2 and ST1 learners come to most learning days; the F1 learner to every other one. Tasters go to whoever
    // their audience fits, one each, so the demo shows both a full taster and one with places.
    const coming = learners.filter((learner, index) => {
      const stage = learner.stages[learner.stages.length - 1] ?? 'F1';
      if (event.stages.length > 0 && !event.stages.includes(stage)) return false;
      if (event.type === 'taster') return index === attendedSoFar % learners.length;
      return index !== 1 || event.month % 2 === 0;
    });
    attendedSoFar += 1;
    for (const learner of coming) {
      await db.insert(eventRegistrations).values({
        eventId,
        learnerUserId: learner.id,
        status: 'registered',
        requestedAt,
        changedAt: requestedAt,
        attended: past,
        checkedInAt: past ? startsAt : null,
        checkedInBy: past ? 'register' : null,
      });
      if (!past) continue;
      await recordEvidence(
        db,
        actor,
        {
          learnerId: learner.id,
          source: { type: 'event-attendance', id: eventId, label: event.title, href: `/events/${eventId}` },
          outcomeCodes: event.outcomeCodes.filter((code) => version.content.outcomes.some((o) => o.code === code)),
        },
        endsAt,
      );
      await db.insert(eventFeedback).values({
        eventId,
        learnerUserId: learner.id,
        answers: {
          overall: 4 + (event.month % 2),
          relevance: 3 + (event.day % 3),
          'went-well': 'Hearing from a patient about their journey between services.',
          'even-better': event.month % 2 === 0 ? 'More time for the small-group cases.' : null,
        },
        submittedAt: endsAt,
      });
    }
  }
}
