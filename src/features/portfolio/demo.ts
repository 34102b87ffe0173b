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
        document: demo.document as unknown as Record<string, unknown>,
        searchText: KIND_FORMS[demo.kind]
          .texts({ title: demo.title, document: demo.document })
          .filter((field) => field.field !== 'title')
          .map((field) => field.text)
          .join('\n'),
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
  }
}

function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}

/** Every text the demo portfolio holds, for the test that the guard lets each one through. */
export function demoTexts(): string[] {
  return demoEntries(new Map()).flatMap((demo) => [
    ...KIND_FORMS[demo.kind].texts({ title: demo.title, document: demo.document }).map((field) => field.text),
    ...(demo.comments ?? []).map((comment) => comment.body),
  ]);
}
