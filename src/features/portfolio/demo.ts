/**
 * The demo learners' portfolios: for each, two patient journeys crossing hospital, general practice, community
 * services and a non-NHS partner, a reflection of each template (one private), and an MDT meeting, in every state
 * from in progress to signed off, with outcomes linked through the evidence interface and a comment thread. Every
 * text here passes the anonymisation guard (demo.test.ts), as a learner's own would have to.
 */
import { SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { addDays } from '../../shared/dates.ts';
import { demoSetting, recordEvidence } from '../curriculum/index.ts';
import { organisationsIn } from '../organisations/index.ts';
import type { EntryStatus } from './domain/entries.ts';
import type { PatientJourney } from './domain/journey.ts';
import { KIND_FORMS, type WrittenKind } from './domain/kind-forms.ts';
import type { MdtMeeting } from './domain/mdt.ts';
import type { Reflection } from './domain/reflection.ts';
import * as repository from './repository.ts';
import { placementOn, searchTextOf } from './service.ts';
import { hashToken, newToken } from '../../platform/auth/tokens.ts';
import { placementsOfLearner } from '../placements/index.ts';
import { assessmentTexts, SLE_DOMAINS, sleRequestTexts, sleSearchText, type SleDocument } from './domain/sle.ts';
import { activeNames } from './meetings-repository.ts';
import { msfRaters, msfResponses, pdpGoals, portfolioAssessorLinks } from './schema.ts';
import { MSF_DOMAINS, type MsfRole } from './domain/msf.ts';
import { randomUUID } from 'node:crypto';

interface DemoEntry {
  kind: WrittenKind;
  title: string;
  /** Days before the seeding day. */
  daysAgo: number;
  status: EntryStatus;
  private?: boolean;
  document: PatientJourney | Reflection | MdtMeeting;
  /** Outcome codes by stage position: [code at F1, code at F2, code at ST1]; the learner's stage picks one set. */
  outcomes: (stage: string) => string[];
  comments?: { byLearner: boolean; body: string }[];
}

/** Organisation names of the demo register, resolved to ids when seeding. */
type Place = { organisation: string } | { place: string };

function step(
  setting: PatientJourney['steps'][number]['setting'],
  where: Place,
  day: number,
  involved: PatientJourney['steps'][number]['involved'],
  happened: string,
  learned: string,
) {
  return { setting, where, day, involved, happened, learned };
}

type DemoStep = ReturnType<typeof step>;

const HEART_FAILURE: { patient: string; steps: DemoStep[]; systemReflection: string } = {
  patient: 'A woman in her eighties who lives alone, with heart failure and type 2 diabetes',
  steps: [
    step(
      'general_practice',
      { organisation: 'Granta Vale Medical Practice' },
      -3,
      ['gp', 'nurse'],
      'Seen by the practice nurse with ankle swelling and breathlessness on the stairs; the GP doubled her furosemide and arranged a review in three days.',
      'How much of heart failure care happens before anyone thinks of hospital.',
    ),
    step(
      'hospital',
      { organisation: 'Cambridge University Hospitals NHS Foundation Trust' },
      0,
      ['hospital_doctor', 'nurse', 'pharmacist'],
      'Admitted through the emergency department with pulmonary oedema. Intravenous diuretics for three days, weight down 4 kg; the pharmacist found she had stopped her spironolactone because of the cost of travel to collect it.',
      'Medicines reconciliation on admission found the real problem, not the diagnosis.',
    ),
    step(
      'community',
      { organisation: 'Norfolk Community Health and Care NHS Trust' },
      6,
      ['district_nurse', 'occupational_therapist'],
      'Discharged with the community heart failure nurses visiting twice a week; the occupational therapist fitted a second stair rail and a perching stool.',
      'The discharge letter did not say what weight to act on; the nurse had to phone the ward.',
    ),
    step(
      'voluntary_sector',
      { organisation: 'Cam Valley Carers Network' },
      14,
      ['voluntary_sector_worker', 'family_or_carer'],
      'A volunteer driver now takes her to the pharmacy each month, and her niece joined a carers’ group.',
      'A charity solved the problem that caused the admission.',
    ),
  ],
  systemReflection:
    'Each service did its part well, but the thread between them was the patient herself. The admission was caused by a transport problem no clinical team owned. Next time I will ask about getting medicines home before I ask about symptoms, and I will write the target weight in every discharge letter.',
};

const FRAILTY: { patient: string; steps: DemoStep[]; systemReflection: string } = {
  patient: 'A man in his seventies with Parkinson’s disease and recurrent falls, living with his wife',
  steps: [
    step(
      'ambulance',
      { place: 'Ambulance crew called after a fall at home' },
      0,
      ['paramedic'],
      'Found on the floor for two hours; the crew used the falls pathway and, with no injury found, referred him to the community falls team instead of conveying him.',
      'Not every fall needs the emergency department.',
    ),
    step(
      'community',
      { organisation: 'Norfolk Community Health and Care NHS Trust' },
      2,
      ['physiotherapist', 'occupational_therapist'],
      'Home assessment: a loose rug, poor lighting and his levodopa timed badly against meals.',
      'Medication timing in Parkinson’s disease matters as much as the dose.',
    ),
    step(
      'general_practice',
      { organisation: 'Ouse Meadows Surgery' },
      5,
      ['gp', 'pharmacist'],
      'Structured medication review: his doxazosin was stopped for postural hypotension, and his Parkinson’s medicines were moved to fixed times.',
      'Deprescribing was the most effective falls intervention here.',
    ),
    step(
      'social_care',
      { organisation: 'Cambridgeshire County Council' },
      12,
      ['social_worker', 'family_or_carer'],
      'A carer’s assessment for his wife, and a pendant alarm arranged.',
      'His wife’s exhaustion was the biggest risk to him staying at home.',
    ),
  ],
  systemReflection:
    'The ambulance crew’s referral kept him out of hospital and opened the door to three teams who each saw a different part of the problem. What was missing was one shared plan: the GP did not know about the home assessment until I told her.',
};

function journey(input: typeof HEART_FAILURE, organisations: Map<string, string>): PatientJourney {
  return {
    patient: input.patient,
    systemReflection: input.systemReflection,
    steps: input.steps.map(({ where, ...rest }) => {
      const id = 'organisation' in where ? (organisations.get(where.organisation) ?? null) : null;
      const place = 'organisation' in where ? where.organisation : where.place;
      return { ...rest, organisationId: id, place };
    }),
  };
}

const byStage = (codes: Record<string, string[]>) => (stage: string) => codes[stage] ?? codes.F2 ?? [];

function demoEntries(organisations: Map<string, string>): DemoEntry[] {
  return [
    {
      kind: 'patient_journey',
      title: 'Heart failure from practice to ward to home',
      daysAgo: 40,
      status: 'signed_off',
      document: journey(HEART_FAILURE, organisations),
      outcomes: byStage({ F1: ['SYS-F1-01', 'PCP-F1-01'], F2: ['SYS-F2-01', 'PCP-F2-01'], ST1: ['SYS-ST1-01'] }),
      comments: [
        {
          byLearner: false,
          body: 'A clear journey. What would you put in a discharge letter template to fix the weight problem?',
        },
        {
          byLearner: true,
          body: 'A line for the target weight and who to call, which the ward has now agreed to trial.',
        },
      ],
    },
    {
      kind: 'patient_journey',
      title: 'Falls and Parkinson’s disease: five services in twelve days',
      daysAgo: 12,
      status: 'awaiting_sign_off',
      document: journey(FRAILTY, organisations),
      outcomes: byStage({ F1: ['CMM-F1-01'], F2: ['CMM-F2-01', 'SYS-F2-01'], ST1: ['SYS-ST1-01', 'CMM-ST1-01'] }),
    },
    {
      kind: 'reflection',
      title: 'Explaining a change of plan to a worried daughter',
      daysAgo: 20,
      status: 'awaiting_sign_off',
      document: {
        template: 'gibbs',
        answers: {
          description:
            'On a busy evening ward round I had to tell a patient’s daughter that her father would not go home the next day as promised, because his kidney function had worsened.',
          feelings: 'I felt rushed and guilty that the earlier promise had been made.',
          evaluation: 'I sat down and used plain words; I did not check what she already knew.',
          analysis: 'She had arranged time off work around the discharge, which I had not asked about.',
          conclusion: 'Asking first what matters to the family would have changed how I started.',
          actionPlan: 'Begin such conversations by asking what the family have been told and what they have planned.',
        },
      },
      outcomes: byStage({ F1: ['PCP-F1-01'], F2: ['PCP-F2-01'], ST1: ['PCP-ST1-01'] }),
    },
    {
      kind: 'reflection',
      title: 'When I felt out of my depth on a night shift',
      daysAgo: 8,
      status: 'in_progress',
      private: true,
      document: {
        template: 'what_so_what_now_what',
        answers: {
          what: 'Two unwell patients at once on a night shift, and the registrar was in theatre.',
          soWhat: 'I delayed calling for help because I did not want to seem unable to cope.',
          nowWhat:
            'I will agree with the registrar at handover when and how to call, and use the outreach team sooner.',
        },
      },
      outcomes: () => [],
    },
    {
      kind: 'mdt_meeting',
      title: 'Frailty MDT at the primary care network',
      daysAgo: 5,
      status: 'in_progress',
      document: {
        meeting: 'Frailty MDT',
        setting: 'general_practice',
        organisationId: organisations.get('Ouse Meadows Surgery') ?? null,
        place: 'Ouse Meadows Surgery',
        attendees: ['gp', 'pharmacist', 'district_nurse', 'social_worker', 'care_coordinator'],
        discussion:
          'Eight patients with severe frailty reviewed: three medication reviews, two referrals for carers’ assessments, one advance care plan started.',
        contribution: 'I presented two patients and proposed stopping a statin in one, which the team agreed.',
        learned: 'The care coordinator knew more about each household than the notes did.',
      },
      outcomes: byStage({ F1: ['SJE-F1-01'], F2: ['SJE-F2-01'], ST1: ['SYS-ST1-01'] }),
    },
  ];
}

export async function seedDemoPortfolio(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  if (setting === undefined) return;
  const organisations = new Map(
    (await organisationsIn(db, [setting.regionId])).map((organisation) => [organisation.name, organisation.id]),
  );
  const supervisor = setting.person('educational.supervisor') ?? null;
  const supervisorName = (await activeNames(db, supervisor === null ? [] : [supervisor])).get(supervisor ?? '') ?? '';
  const today = now.toISOString().slice(0, 10);
  for (const learner of setting.learners) {
    const stage = learner.stages[learner.stages.length - 1] ?? 'F2';
    for (const demo of demoEntries(organisations)) {
      const occurredOn = addDays(today, -demo.daysAgo);
      const at = new Date(`${occurredOn}T17:00:00Z`);
      const signed = demo.status === 'signed_off';
      const entry = await repository.insertEntry(db, {
        id: newId(),
        learnerUserId: learner.id,
        regionId: setting.regionId,
        kind: demo.kind,
        title: demo.title,
        status: demo.status,
        private: demo.private === true,
        occurredOn,
        placementId: await placementOn(db, learner.id, occurredOn),
        document: demo.document as unknown as Record<string, unknown>,
        searchText: searchTextOf(demo.kind, demo),
        submittedAt: demo.status === 'in_progress' ? null : addHours(at, 24),
        signedOffAt: signed ? addHours(at, 72) : null,
        signedOffBy: signed ? supervisor : null,
        signOffComment: signed ? 'Thoughtful and well evidenced. Signed off.' : null,
        createdBy: learner.id,
        createdAt: at,
        updatedAt: at,
      });
      await recordEvidence(
        db,
        SYSTEM_ACTOR,
        {
          learnerId: learner.id,
          source: { type: 'portfolio-entry', id: entry.id, label: entry.title, href: `/portfolio/entries/${entry.id}` },
          outcomeCodes: demo.outcomes(stage),
        },
        at,
      );
      for (const [index, comment] of (demo.comments ?? []).entries()) {
        const author = comment.byLearner ? learner.id : supervisor;
        if (author === null) continue;
        await repository.insertComment(db, {
          id: newId(),
          entryId: entry.id,
          authorUserId: author,
          body: comment.body,
          createdAt: addHours(at, 96 + index * 24),
        });
      }
    }
    await seedDemoAssessmentsAndMeetings(
      db,
      { id: learner.id, regionId: setting.regionId },
      { supervisor, supervisorName },
      today,
    );
  }
}

/** The demo's supervised learning events: a case-based discussion assessed and signed off, a mini-CEX awaited. */
function demoSles(today: string): { title: string; daysAgo: number; status: EntryStatus; document: SleDocument }[] {
  const completed = addDays(today, -25);
  const cbd: SleDocument = {
    type: 'cbd',
    setting: 'hospital',
    place: 'Acute medical unit',
    caseSummary:
      'A man in his fifties admitted with a first seizure while drinking heavily; I managed the withdrawal and arranged follow-up with the alcohol liaison team.',
    feedbackWanted: 'How I weighed the risks of discharge against the patient’s wish to go home.',
    assessor: { name: 'Consultant in acute medicine', email: 'acute.consultant@example.nhs.uk', role: 'consultant' },
    assessment: {
      ratings: Object.fromEntries(SLE_DOMAINS.cbd.map((domain) => [domain.key, 'meets' as const])),
      wentWell: 'A clear, structured account, and a safe plan that the patient agreed to.',
      development: 'Say earlier what you would do if the patient declined admission.',
      agreedAction: 'Present one case at the next acute medicine teaching session.',
      assessorName: 'Consultant in acute medicine',
      assessorRole: 'consultant',
      completedAt: new Date(`${completed}T16:00:00Z`).toISOString(),
    },
  };
  const miniCex: SleDocument = {
    type: 'mini_cex',
    setting: 'general_practice',
    place: 'Granta Vale Medical Practice',
    caseSummary:
      'A woman in her forties with a new cough for six weeks; history, chest examination and safety-netting.',
    feedbackWanted: 'My explanation of why a chest X-ray was needed.',
    assessor: { name: 'GP trainer', email: 'gp.trainer@example.nhs.uk', role: 'gp' },
    assessment: null,
  };
  return [
    { title: 'CBD: alcohol withdrawal and a first seizure', daysAgo: 27, status: 'signed_off', document: cbd },
    { title: 'Mini-CEX: a cough for six weeks', daysAgo: 6, status: 'with_assessor', document: miniCex },
  ];
}

const DEMO_MEETING = {
  discussion:
    'What the placement offers across the practice and the community team, and how to follow patients between them.',
  agreedActions: 'Shadow the frailty MDT twice; write two patient journeys that cross settings.',
  goals: ['Lead a family meeting about discharge planning', 'Complete a DOPS for a procedure done in the community'],
};

/** The assessed and the awaited supervised learning events, and the initial supervisor meeting with its goals. */
async function seedDemoAssessmentsAndMeetings(
  db: Db,
  learner: { id: string; regionId: string },
  people: { supervisor: string | null; supervisorName: string },
  today: string,
): Promise<void> {
  const sles = demoSles(today);
  for (const sle of sles) {
    const occurredOn = addDays(today, -sle.daysAgo);
    const at = new Date(`${occurredOn}T17:00:00Z`);
    const signed = sle.status === 'signed_off';
    const entry = await repository.insertEntry(db, {
      id: newId(),
      learnerUserId: learner.id,
      regionId: learner.regionId,
      kind: 'sle',
      title: sle.title,
      status: sle.status,
      occurredOn,
      document: sle.document,
      searchText: sleSearchText(sle.document),
      submittedAt: signed ? addHours(at, 48) : null,
      signedOffAt: signed ? addHours(at, 96) : null,
      signedOffBy: signed ? people.supervisor : null,
      signOffComment: signed ? 'Good feedback to act on.' : null,
      createdBy: learner.id,
      createdAt: at,
      updatedAt: at,
    });
    // The awaited assessor's link: a token nobody knows (only its hash is ever kept), live for a fortnight.
    await db.insert(portfolioAssessorLinks).values({
      id: newId(),
      entryId: entry.id,
      assessorName: sle.document.assessor.name,
      assessorEmail: sle.document.assessor.email,
      assessorRole: sle.document.assessor.role,
      tokenHash: hashToken(newToken()),
      expiresAt: addHours(at, 24 * 14),
      usedAt: signed ? addHours(at, 47) : null,
      createdBy: learner.id,
      createdAt: at,
    });
  }

  await seedDemoMsf(db, learner, people.supervisor, today);

  const placement = (await placementsOfLearner(db, learner.id)).find(
    (row) => row.startsOn <= today && row.endsOn >= today,
  );
  if (placement === undefined || people.supervisor === null) return;
  const heldOn = addDays(placement.startsOn, 10) < today ? addDays(placement.startsOn, 10) : today;
  const at = new Date(`${heldOn}T12:00:00Z`);
  const meeting = await repository.insertEntry(db, {
    id: newId(),
    learnerUserId: learner.id,
    regionId: learner.regionId,
    kind: 'supervisor_meeting',
    title: `Initial meeting: ${placement.specialty}`,
    status: 'signed_off',
    occurredOn: heldOn,
    placementId: placement.id,
    document: {
      type: 'initial',
      placementId: placement.id,
      supervisorUserId: people.supervisor,
      supervisorName: people.supervisorName,
      heldOn,
      discussion: DEMO_MEETING.discussion,
      agreedActions: DEMO_MEETING.agreedActions,
      learnerComment: '',
      reviews: [],
    },
    searchText: [DEMO_MEETING.discussion, DEMO_MEETING.agreedActions, ...DEMO_MEETING.goals].join('\n'),
    submittedAt: at,
    signedOffAt: at,
    signedOffBy: people.supervisor,
    createdBy: people.supervisor,
    createdAt: at,
    updatedAt: at,
  });
  await db.insert(pdpGoals).values(
    DEMO_MEETING.goals
      .map((text, index) => ({ text, target: addDays(today, index === 0 ? -7 : 45) }))
      .map((goal) => ({
        id: newId(),
        learnerUserId: learner.id,
        entryId: meeting.id,
        text: goal.text,
        targetDate: goal.target,
        status: 'open' as const,
        createdAt: at,
        updatedAt: at,
      })),
  );
}

const MSF_COMMENTS = [
  'Always explains plans to patients in words they understand.',
  'Calm and approachable on busy shifts; the nurses know they can ask.',
  'Could hand over earlier in the evening so the night team can plan.',
];

/** A multi-source feedback round closed and released: eleven colleagues asked, nine answered. */
async function seedDemoMsf(
  db: Db,
  learner: { id: string; regionId: string },
  supervisor: string | null,
  today: string,
) {
  const closesOn = addDays(today, -30);
  const opened = new Date(`${addDays(closesOn, -21)}T09:00:00Z`);
  const released = new Date(`${addDays(closesOn, 3)}T15:00:00Z`);
  const entry = await repository.insertEntry(db, {
    id: newId(),
    learnerUserId: learner.id,
    regionId: learner.regionId,
    kind: 'msf',
    title: 'Multi-source feedback, autumn',
    status: supervisor === null ? 'in_progress' : 'signed_off',
    occurredOn: closesOn,
    document: {
      closesOn,
      closedAt: released.toISOString(),
      releasedAt: supervisor === null ? null : released.toISOString(),
    },
    searchText: '',
    submittedAt: null,
    signedOffAt: supervisor === null ? null : released,
    signedOffBy: supervisor,
    signOffComment:
      supervisor === null
        ? null
        : 'Consistent, warm feedback from every staff group. Keep the evening handovers in mind.',
    createdBy: learner.id,
    createdAt: opened,
    updatedAt: released,
  });
  const groups: MsfRole[] = [
    'consultant',
    'consultant',
    'nurse',
    'nurse',
    'nurse',
    'doctor_in_training',
    'doctor_in_training',
    'allied_health_professional',
    'allied_health_professional',
    'administrative_staff',
    'other',
  ];
  await db.insert(msfRaters).values(
    groups.map((role, index) => ({
      id: newId(),
      entryId: entry.id,
      name: `Colleague ${String(index + 1)}`,
      email: `colleague.${String(index + 1)}.${learner.id.slice(-6)}@example.nhs.uk`,
      role,
      tokenHash: hashToken(newToken()),
      expiresAt: opened,
      invitedAt: opened,
      respondedAt: index < 9 ? addHours(opened, 24 * (index + 1)) : null,
    })),
  );
  await db.insert(msfResponses).values(
    groups.slice(0, 9).map((role, index) => {
      const concern = index === 4;
      const answer = (key: string) => ({
        rating: concern && key === 'teamwork' ? 'some_concern' : 'no_concern',
        comment: concern && key === 'teamwork' ? MSF_COMMENTS[2] : null,
      });
      return {
        id: randomUUID(),
        entryId: entry.id,
        role,
        answers: {
          ratings: Object.fromEntries(MSF_DOMAINS.map((domain) => [domain.key, answer(domain.key)])),
          comment: MSF_COMMENTS[index % 2] ?? null,
        },
        receivedOn: addDays(closesOn, -20 + index),
      };
    }),
  );
}

function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}

/** Every text the demo portfolio holds, for the test that the guard lets each one through. */
export function demoTexts(): string[] {
  return demoEntries(new Map())
    .flatMap((demo) => [
      ...KIND_FORMS[demo.kind].texts({ title: demo.title, document: demo.document }).map((field) => field.text),
      ...(demo.comments ?? []).map((comment) => comment.body),
    ])
    .concat(
      demoSles('2026-10-14').flatMap((sle) => [
        ...sleRequestTexts(sle).map((field) => field.text),
        ...(sle.document.assessment === null
          ? []
          : assessmentTexts(sle.document.assessment).map((field) => field.text)),
      ]),
      [DEMO_MEETING.discussion, DEMO_MEETING.agreedActions, ...DEMO_MEETING.goals, ...MSF_COMMENTS],
    );
}
