/**
 * The demo region's change projects: six, across both areas and every stage, each with a team from the demo people
 * and a partner or two, measures whose data shows special causes (a shift after a change, a trend, a point outside
 * the limits), PDSA cycles, carbon before and after, a fellow's notes and a request for support. Two are completed
 * and on the public showcase, with the outcomes they evidence for each learner on their team.
 */
import { eq } from 'drizzle-orm';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { newId } from '../../platform/db/ids.ts';
import { addDays } from '../../shared/dates.ts';
import { demoSetting, recordEvidence } from '../curriculum/index.ts';
import { organisationsIn } from '../organisations/index.ts';
import type {
  MeasureKind,
  MemberRole,
  PdsaDecision,
  ProjectArea,
  ProjectStage,
  ProjectStatus,
} from './domain/projects.ts';
import type { Improvement } from './domain/spc-types.ts';
import {
  carbonFactors,
  changeIdeas,
  changeProjects,
  fellowNotes,
  measurePoints,
  pdsaCycles,
  projectCarbonLines,
  projectMeasures,
  projectMembers,
  projectOrganisations,
  supportRequests,
} from './schema.ts';

type DemoPerson = 'learner' | 'learner.f1' | 'learner.st1' | 'educational.supervisor' | 'clinical.supervisor';

interface DemoMeasure {
  name: string;
  kind: MeasureKind;
  unit: string;
  improvement: Improvement;
  definition: string;
  target?: number;
  /** Weekly values, the last one `endsDaysAgo` before today. */
  values: number[];
  endsDaysAgo: number;
  /** Indices of points where the limits are calculated again (after a change was made). */
  rebaseAt?: number[];
  notes?: Record<number, string>;
}

export interface DemoProject {
  title: string;
  area: ProjectArea;
  stage: ProjectStage;
  status: ProjectStatus;
  setting: string;
  organisation: string;
  postcode: string;
  aim: string;
  targetPopulation: string;
  core20Area: string | null;
  team: { person: DemoPerson; role: MemberRole }[];
  partners: { name: string; organisation: string }[];
  withFellow: boolean;
  startedDaysAgo: number;
  lastActivityDaysAgo: number;
  measures: DemoMeasure[];
  ideas: string[];
  cycles: {
    idea: number | null;
    title: string;
    plan: string;
    prediction: string;
    happened?: string;
    study?: string;
    learned?: string;
    decision?: PdsaDecision;
    startsDaysAgo: number;
    days: number;
  }[];
  carbon: { phase: 'before' | 'after'; key: string; quantity: number; note: string }[];
  financial?: { before: number; after: number };
  socialImpact?: string;
  patientOutcome?: string;
  learning?: string;
  outcomes?: Record<string, string[]>;
  published?: boolean;
  notes?: { daysAgo: number; text: string }[];
}

/** A weekly series: a base level with a repeating wobble, so the demo's charts look like real data and never vary. */
function series(levels: readonly [count: number, level: number][], wobble: readonly number[]): number[] {
  const values: number[] = [];
  for (const [count, level] of levels) {
    for (let i = 0; i < count; i += 1) values.push(level + (wobble[values.length % wobble.length] ?? 0));
  }
  return values;
}

const WOBBLE = [1.5, -2, 0.5, 2.5, -1, -2.5, 1, 0, -1.5, 2];

const PROJECTS: DemoProject[] = [
  {
    title: 'Switching to lower-carbon inhalers',
    area: 'environmental_sustainability',
    stage: 'measure_impact',
    status: 'active',
    setting: 'Two GP practices in Cambridge and their community pharmacy',
    organisation: 'Cambridge University Hospitals NHS Foundation Trust',
    postcode: 'CB2 0QQ',
    aim: 'Reduce the number of salbutamol metered-dose inhalers prescribed each week across the two practices by 30% by March 2027, without more asthma attacks.',
    targetPopulation: 'Adults and young people with asthma or COPD registered at the two practices',
    core20Area: 'chronic-respiratory-disease',
    team: [
      { person: 'learner', role: 'learner' },
      { person: 'educational.supervisor', role: 'supervisor' },
    ],
    partners: [{ name: 'Community pharmacist', organisation: 'High Street Pharmacy' }],
    withFellow: true,
    startedDaysAgo: 230,
    lastActivityDaysAgo: 4,
    measures: [
      {
        name: 'Salbutamol metered-dose inhalers prescribed a week',
        kind: 'outcome',
        unit: 'inhalers',
        improvement: 'decrease',
        definition:
          'Items of salbutamol pressurised metered-dose inhaler issued by the two practices, Monday to Sunday, from the prescribing system.',
        target: 30,
        values: series(
          [
            [16, 44],
            [14, 31],
          ],
          WOBBLE,
        ),
        endsDaysAgo: 4,
        notes: { 15: 'Practice meeting agreed the switch protocol', 16: 'Reviews with dry-powder inhalers began' },
      },
      {
        name: 'Asthma attacks needing a same-day appointment',
        kind: 'balancing',
        unit: 'appointments a week',
        improvement: 'decrease',
        definition: 'Same-day appointments coded as an asthma exacerbation.',
        values: series([[30, 6]], [1, -1, 0, 2, -2, 1, 0, -1, 1, 0]),
        endsDaysAgo: 4,
      },
    ],
    ideas: [
      'Offer a dry-powder inhaler at every asthma review, with the inhaler technique checked',
      'Pharmacist calls patients who order more than six salbutamol inhalers a year',
    ],
    cycles: [
      {
        idea: 0,
        title: 'Dry-powder inhaler offer in one nurse’s clinics',
        plan: 'The practice nurse offers a dry-powder inhaler at each asthma review for two weeks, using the shared decision aid.',
        prediction: 'Half of the patients reviewed will choose a dry-powder inhaler.',
        happened: 'Eighteen reviews; eleven patients switched. Two found the inhalation too hard.',
        study: 'More than predicted chose to switch; technique checks took an extra three minutes.',
        learned:
          'The offer works. Book longer review slots and keep a pressurised inhaler for those who cannot use a dry-powder one.',
        decision: 'adapt',
        startsDaysAgo: 120,
        days: 14,
      },
      {
        idea: 1,
        title: 'Pharmacist calls to high users',
        plan: 'The community pharmacist calls patients who ordered more than six salbutamol inhalers in the last year.',
        prediction: 'Four in ten of them will book an asthma review.',
        happened: 'Twenty-two calls made so far.',
        startsDaysAgo: 20,
        days: 28,
      },
    ],
    carbon: [
      { phase: 'before', key: 'inhaler-salbutamol-pmdi', quantity: 2288, note: '44 a week' },
      { phase: 'after', key: 'inhaler-salbutamol-pmdi', quantity: 1612, note: '31 a week' },
      { phase: 'after', key: 'inhaler-dry-powder', quantity: 676, note: 'Those who switched' },
    ],
    financial: { before: 6200, after: 7100 },
    socialImpact: 'Patients reviewed learned their inhaler technique again; fewer repeat prescriptions to order.',
    notes: [
      {
        daysAgo: 60,
        text: 'Met the team: the run chart shows a clear shift after the protocol. Agreed to recalculate the limits once there are twelve points after the change, and to add the balancing measure.',
      },
      { daysAgo: 10, text: 'Poster draft reviewed. Next: present at the region’s sustainability day.' },
    ],
  },
  {
    title: 'Reducing repeat blood tests on the acute medical unit',
    area: 'both',
    stage: 'measure_impact',
    status: 'completed',
    setting: 'Acute medical unit',
    organisation: 'Norfolk and Norwich University Hospitals NHS Foundation Trust',
    postcode: 'NR4 7UY',
    aim: 'Cut repeat urea and electrolyte tests within 24 hours of admission by 25% in six months, without missed results.',
    targetPopulation: 'Adults admitted to the acute medical unit',
    core20Area: null,
    team: [
      { person: 'learner.st1', role: 'learner' },
      { person: 'learner', role: 'learner' },
      { person: 'clinical.supervisor', role: 'supervisor' },
    ],
    partners: [{ name: 'Laboratory lead', organisation: 'Pathology services' }],
    withFellow: true,
    startedDaysAgo: 300,
    lastActivityDaysAgo: 40,
    measures: [
      {
        name: 'Repeat U&E tests within 24 hours per 100 admissions',
        kind: 'outcome',
        unit: 'tests per 100 admissions',
        improvement: 'decrease',
        definition: 'Repeat U&E requests within 24 hours of the first, per 100 admissions, weekly.',
        target: 20,
        values: [31, 29, 32, 30, 28, 31, 33, 30, 29, 31, 30, 32, 29, 28, 27, 25, 24, 22, 21, 20, 19, 21, 20, 19],
        endsDaysAgo: 40,
      },
    ],
    ideas: ['A “why repeat?” prompt on the order screen', 'Teaching at the junior doctors’ induction'],
    cycles: [
      {
        idea: 0,
        title: 'Order screen prompt for one week',
        plan: 'The laboratory adds a prompt when a repeat U&E is ordered within 24 hours.',
        prediction: 'Repeat requests fall by a fifth.',
        happened: 'The prompt showed 140 times; 38 orders were cancelled.',
        study: 'A larger fall than predicted and no missed results.',
        learned: 'Keep the prompt; add teaching for new doctors.',
        decision: 'adopt',
        startsDaysAgo: 110,
        days: 7,
      },
    ],
    carbon: [
      { phase: 'before', key: 'single-use-plastic-average-kg', quantity: 310, note: 'Tubes, needles and packaging' },
      { phase: 'after', key: 'single-use-plastic-average-kg', quantity: 215, note: 'After the prompt' },
      { phase: 'before', key: 'waste-clinical-incineration-kg', quantity: 260, note: 'Sharps and clinical waste' },
      { phase: 'after', key: 'waste-clinical-incineration-kg', quantity: 180, note: 'After the prompt' },
    ],
    financial: { before: 41000, after: 29500 },
    socialImpact: 'Fewer needles for patients; phlebotomists’ time freed for urgent bloods.',
    patientOutcome: 'No missed abnormal results in the audit of 200 admissions after the change.',
    learning:
      'A small prompt at the point of ordering changed more than teaching alone; the laboratory was the key partner.',
    outcomes: { F1: ['SYS-F1-01'], F2: ['SYS-F2-01'], ST1: ['SYS-ST1-01'] },
    published: true,
  },
  {
    title: 'A social prescribing pathway with a local charity',
    area: 'population_health',
    stage: 'design',
    status: 'active',
    setting: 'General practice and a community charity in Stevenage',
    organisation: 'East and North Hertfordshire NHS Trust',
    postcode: 'SG1 4AB',
    aim: 'Double the number of referrals to the charity’s link workers from the practice by June 2027, for people in the most deprived neighbourhoods.',
    targetPopulation: 'Adults who are lonely or isolated, in the practice’s most deprived neighbourhoods',
    core20Area: 'core20',
    team: [{ person: 'learner.f1', role: 'learner' }],
    partners: [{ name: 'Link worker', organisation: 'Stevenage community charity' }],
    withFellow: true,
    startedDaysAgo: 90,
    lastActivityDaysAgo: 45,
    measures: [
      {
        name: 'Referrals to a link worker a week',
        kind: 'process',
        unit: 'referrals',
        improvement: 'increase',
        definition: 'Referrals sent from the practice to the charity’s link workers.',
        target: 8,
        values: [3, 4, 3, 2, 4, 3, 4, 3, 5, 4, 5, 6, 5, 6, 7, 12],
        endsDaysAgo: 45,
      },
    ],
    ideas: ['A single referral form shared with the charity'],
    cycles: [
      {
        idea: 0,
        title: 'Shared referral form for two weeks',
        plan: 'Receptionists use the charity’s one-page form for every referral.',
        prediction: 'Referrals rise to six a week.',
        startsDaysAgo: 50,
        days: 14,
      },
    ],
    carbon: [],
  },
  {
    title: 'Medicines reviews after discharge for frail older people',
    area: 'population_health',
    stage: 'study_system',
    status: 'active',
    setting: 'Community frailty service',
    organisation: 'Mid and South Essex NHS Foundation Trust',
    postcode: 'CM1 7ET',
    aim: 'Review the medicines of every person over 75 within two weeks of discharge.',
    targetPopulation: 'People over 75 discharged home from the frailty unit',
    core20Area: 'plus',
    team: [{ person: 'learner.st1', role: 'learner' }],
    partners: [],
    withFellow: false,
    startedDaysAgo: 40,
    lastActivityDaysAgo: 12,
    measures: [
      {
        name: 'People reviewed within two weeks of discharge',
        kind: 'process',
        unit: '%',
        improvement: 'increase',
        definition: 'Share of people over 75 discharged home whose medicines were reviewed within 14 days.',
        values: [40, 45, 38, 50, 42, 47, 44, 41],
        endsDaysAgo: 12,
      },
    ],
    ideas: [],
    cycles: [],
    carbon: [],
  },
  {
    title: 'Taking desflurane out of theatres',
    area: 'environmental_sustainability',
    stage: 'measure_impact',
    status: 'completed',
    setting: 'Main theatres',
    organisation: 'West Suffolk NHS Foundation Trust',
    postcode: 'IP33 2QZ',
    aim: 'Stop using desflurane in main theatres by December 2026, with sevoflurane instead.',
    targetPopulation: 'Adults having general anaesthesia',
    core20Area: null,
    team: [
      { person: 'learner', role: 'learner' },
      { person: 'clinical.supervisor', role: 'supervisor' },
    ],
    partners: [{ name: 'Theatre pharmacist', organisation: 'West Suffolk NHS Foundation Trust' }],
    withFellow: true,
    startedDaysAgo: 260,
    lastActivityDaysAgo: 30,
    measures: [
      {
        name: 'Desflurane bottles used a week',
        kind: 'outcome',
        unit: 'bottles',
        improvement: 'decrease',
        definition: 'Bottles of desflurane issued to main theatres by pharmacy, weekly.',
        values: series(
          [
            [12, 9],
            [12, 1],
          ],
          [1, 0, -1, 1, -1, 0, 1, -1, 0, 0],
        ),
        endsDaysAgo: 30,
        rebaseAt: [12],
        target: 0,
      },
    ],
    ideas: ['Remove desflurane vaporisers from anaesthetic machines'],
    cycles: [
      {
        idea: 0,
        title: 'Vaporisers removed in two theatres',
        plan: 'Remove the desflurane vaporisers from two theatres for a month.',
        prediction: 'No case will need desflurane.',
        happened: 'One request in a month, met with sevoflurane.',
        study: 'As predicted.',
        learned: 'Remove the vaporisers from every theatre; keep one on request.',
        decision: 'adopt',
        startsDaysAgo: 150,
        days: 30,
      },
    ],
    carbon: [
      { phase: 'before', key: 'gas-desflurane-bottle-240ml', quantity: 468, note: '9 bottles a week' },
      { phase: 'after', key: 'gas-desflurane-bottle-240ml', quantity: 52, note: '1 a week' },
      { phase: 'after', key: 'gas-sevoflurane-bottle-250ml', quantity: 420, note: 'In place of desflurane' },
    ],
    financial: { before: 48600, after: 21300 },
    socialImpact: 'The theatre team leads the trust’s green plan; two more departments asked for the method.',
    patientOutcome: 'No change in recovery times in the audit.',
    learning: 'Removing the vaporiser made the low-carbon choice the easy one; the data persuaded the sceptics.',
    outcomes: { F1: ['SYS-F1-01'], F2: ['SYS-F2-01'], ST1: ['SYS-ST1-01'] },
    published: true,
  },
  {
    title: 'Virtual follow-up clinics to cut patient travel',
    area: 'environmental_sustainability',
    stage: 'set_goals',
    status: 'active',
    setting: 'Outpatient follow-up',
    organisation: "The Queen Elizabeth Hospital King's Lynn NHS Foundation Trust",
    postcode: 'PE30 4ET',
    aim: 'Offer a video follow-up to patients who travel furthest.',
    targetPopulation: 'Patients living more than 30 miles from the hospital',
    core20Area: null,
    team: [{ person: 'learner.f1', role: 'learner' }],
    partners: [],
    withFellow: false,
    startedDaysAgo: 10,
    lastActivityDaysAgo: 10,
    measures: [],
    ideas: [],
    cycles: [],
    carbon: [
      { phase: 'before', key: 'travel-car-average-km', quantity: 96000, note: '1,600 follow-ups, 60 km return' },
      { phase: 'after', key: 'travel-car-average-km', quantity: 57600, note: 'If 40% are by video' },
    ],
  },
];

function at(today: string, daysAgo: number): Date {
  return new Date(`${addDays(today, -daysAgo)}T12:00:00Z`);
}

export async function seedDemoProjects(db: Db, now: Date): Promise<void> {
  const setting = await demoSetting(db, now);
  if (setting === undefined) return;
  const today = now.toISOString().slice(0, 10);
  const organisations = new Map(
    (await organisationsIn(db, [setting.regionId])).map((organisation) => [organisation.name, organisation.id]),
  );
  const factors = new Map<string, string>();
  for (const factor of await db.select().from(carbonFactors)) {
    const known = factors.get(factor.key);
    if (known === undefined || factor.year > 0) factors.set(factor.key, factor.id);
  }
  const fellow = setting.person('educational.fellow') ?? null;
  const stages = new Map(
    setting.learners.map((learner) => [learner.id, learner.stages[learner.stages.length - 1] ?? 'F2']),
  );
  for (const demo of PROJECTS) {
    const id = newId();
    const started = at(today, demo.startedDaysAgo);
    const last = at(today, demo.lastActivityDaysAgo);
    const completed = demo.status === 'completed';
    await db.insert(changeProjects).values({
      id,
      regionId: setting.regionId,
      title: demo.title,
      area: demo.area,
      setting: demo.setting,
      stage: demo.stage,
      status: demo.status,
      fellowUserId: demo.withFellow ? fellow : null,
      aim: demo.aim,
      targetPopulation: demo.targetPopulation,
      core20Area: demo.core20Area,
      postcode: demo.postcode,
      financialBeforeGbp: demo.financial?.before ?? null,
      financialAfterGbp: demo.financial?.after ?? null,
      socialImpact: demo.socialImpact ?? '',
      patientOutcome: demo.patientOutcome ?? '',
      learning: demo.learning ?? '',
      outcomeCodes: [],
      published: demo.published === true,
      createdBy: setting.person(demo.team[0]?.person ?? 'learner') ?? null,
      createdAt: started,
      updatedAt: last,
      lastActivityAt: last,
      completedAt: completed ? last : null,
    });
    const organisationId = organisations.get(demo.organisation);
    if (organisationId !== undefined) await db.insert(projectOrganisations).values({ projectId: id, organisationId });
    const learners: string[] = [];
    for (const member of demo.team) {
      const userId = setting.person(member.person);
      if (userId === undefined) continue;
      if (member.role === 'learner') learners.push(userId);
      await db
        .insert(projectMembers)
        .values({ id: newId(), projectId: id, userId, role: member.role, addedAt: started });
    }
    for (const partner of demo.partners) {
      await db.insert(projectMembers).values({
        id: newId(),
        projectId: id,
        userId: null,
        role: 'partner',
        name: partner.name,
        organisation: partner.organisation,
        addedAt: started,
      });
    }
    for (const [position, measure] of demo.measures.entries()) {
      const measureId = newId();
      await db.insert(projectMeasures).values({
        id: measureId,
        projectId: id,
        name: measure.name,
        kind: measure.kind,
        unit: measure.unit,
        improvement: measure.improvement,
        definition: measure.definition,
        target: measure.target ?? null,
        fixAfter: null,
        position: position + 1,
        createdAt: started,
        updatedAt: last,
      });
      const count = measure.values.length;
      await db.insert(measurePoints).values(
        measure.values.map((value, index) => ({
          id: newId(),
          measureId,
          day: addDays(today, -measure.endsDaysAgo - 7 * (count - 1 - index)),
          value,
          note: measure.notes?.[index] ?? '',
          rebase: measure.rebaseAt?.includes(index) ?? false,
          createdAt: started,
        })),
      );
    }
    const ideaIds: string[] = [];
    for (const [position, description] of demo.ideas.entries()) {
      const ideaId = newId();
      ideaIds.push(ideaId);
      await db
        .insert(changeIdeas)
        .values({ id: ideaId, projectId: id, description, position: position + 1, createdAt: started });
    }
    for (const cycle of demo.cycles) {
      const startsOn = addDays(today, -cycle.startsDaysAgo);
      await db.insert(pdsaCycles).values({
        id: newId(),
        projectId: id,
        changeIdeaId: cycle.idea === null ? null : (ideaIds[cycle.idea] ?? null),
        title: cycle.title,
        plan: cycle.plan,
        prediction: cycle.prediction,
        happened: cycle.happened ?? '',
        study: cycle.study ?? '',
        learned: cycle.learned ?? '',
        decision: cycle.decision ?? null,
        startsOn,
        endsOn: addDays(startsOn, cycle.days),
        createdBy: learners[0] ?? null,
        createdAt: at(today, cycle.startsDaysAgo),
        updatedAt: at(today, Math.max(cycle.startsDaysAgo - cycle.days, demo.lastActivityDaysAgo)),
      });
    }
    for (const line of demo.carbon) {
      const factorId = factors.get(line.key);
      if (factorId === undefined) continue;
      await db.insert(projectCarbonLines).values({
        id: newId(),
        projectId: id,
        phase: line.phase,
        factorId,
        quantityPerYear: line.quantity,
        note: line.note,
        createdAt: started,
      });
    }
    for (const note of demo.notes ?? []) {
      await db.insert(fellowNotes).values({
        id: newId(),
        projectId: id,
        authorId: fellow,
        metOn: addDays(today, -note.daysAgo),
        notes: note.text,
        createdAt: at(today, note.daysAgo),
      });
    }
    if (completed && demo.outcomes !== undefined) {
      const codes = new Set<string>();
      for (const learnerId of learners) {
        const outcomeCodes = demo.outcomes[stages.get(learnerId) ?? 'F2'] ?? [];
        for (const code of outcomeCodes) codes.add(code);
        await recordEvidence(
          db,
          SYSTEM_ACTOR,
          { learnerId, source: { type: 'project', id, label: demo.title, href: `/projects/${id}` }, outcomeCodes },
          last,
        );
      }
      await db
        .update(changeProjects)
        .set({ outcomeCodes: [...codes] })
        .where(eq(changeProjects.id, id));
    }
    if (demo.title.startsWith('Virtual follow-up')) {
      const learner = setting.person('learner.f1');
      if (learner !== undefined) {
        await db.insert(supportRequests).values({
          id: newId(),
          regionId: setting.regionId,
          learnerUserId: learner,
          projectId: id,
          fellowUserId: null,
          message: DEMO_SUPPORT_MESSAGE,
          status: 'open',
          createdAt: at(today, 3),
        });
      }
    }
  }
}

/** The demo learner's request for support on the virtual follow-up project. */
export const DEMO_SUPPORT_MESSAGE =
  'Could a fellow help me choose measures for the virtual clinic project, and how to count the travel saved?';

/** The demo projects as written above, for the tests that check what they show. */
export function demoProjects(): readonly DemoProject[] {
  return PROJECTS;
}
