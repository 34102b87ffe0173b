/**
 * The demo region's learning events: a year of monthly learning-event days and taster experiences. The demo
 * learners attended some past events, so their progress is partly evidenced, and left feedback.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { londonTime } from '../../shared/london-time.ts';
import { demoCurriculum, demoSetting, recordEvidence, type ActivityType } from '../curriculum/index.ts';
import { DEFAULT_FEEDBACK_QUESTIONS, makeCheckInCode } from './domain/events.ts';
import { eventFeedback, eventRegistrations, learningEvents } from './schema.ts';

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

function instant(startYear: number, month: number, day: number, hour: number, minute: number): Date {
  const calendarMonth = ((7 + month) % 12) + 1;
  const year = calendarMonth >= 8 ? startYear : startYear + 1;
  return londonTime(year, calendarMonth, day, hour, minute);
}

export async function seedDemoEvents(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  const seeded = setting === undefined ? undefined : await demoCurriculum(db, setting.regionId);
  if (setting === undefined || seeded === undefined) return;
  const { regionId, admin, startYear, learners } = setting;
  const { curriculum, version } = seeded;
  const actor = { userId: null, label: 'Demo data' };
  let attendedSoFar = 0;
  for (const event of [...LEARNING_DAYS, ...TASTERS]) {
    const [sh, sm, eh, em] = event.hours;
    const startsAt = instant(startYear, event.month, event.day, sh, sm);
    const endsAt = instant(startYear, event.month, event.day, eh, em);
    const eventId = newId();
    await db.insert(learningEvents).values({
      id: eventId,
      regionId,
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
      facilitatorUserId: setting.person('educational.fellow') ?? null,
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
