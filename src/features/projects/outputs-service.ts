/**
 * A project's outputs: completing it (what the team learned, the outcomes it evidences for each learner on the team,
 * whether it goes on the public showcase), reopening or stopping it, and what its poster and showcase page show.
 *
 * Completing writes the project and every learner's evidence links in one transaction: if the curriculum refuses an
 * outcome for one learner, nothing is saved and the form says whose it was.
 */
import type { Context } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { NotFoundError, RuleError } from '../../platform/errors.ts';
import { nhsDate, nhsDateRange } from '../../shared/dates.ts';
import {
  MAX_OUTCOMES_PER_ITEM,
  currentVersion,
  learnerVersion,
  recordEvidence,
  regionCurriculum,
  sortedDomains,
  sortedOutcomes,
  validateEvidenceOutcomes,
  type CurriculumContent,
  type Outcome,
} from '../curriculum/index.ts';
import { regionNamesOf } from '../organisations/index.ts';
import { tripleBottomLine, type TripleBottomLine } from './domain/carbon.ts';
import { CYCLE_STATE_TAGS, cycleState, type CycleState } from './domain/pdsa.ts';
import { MEASURE_KIND_LABELS, PDSA_DECISION_LABELS, PROJECT_AREA_LABELS } from './domain/projects.ts';
import { chartSummary, variationSummary } from './domain/spc-chart.ts';
import { ASSURANCE_TEXT, VARIATION_TEXT, type Variation } from './domain/spc-icons.ts';
import type { SpcResult } from './domain/spc-types.ts';
import { measureSpc } from './measure-chart.ts';
import * as pdsa from './pdsa-repository.ts';
import { londonToday } from '../../shared/london-time.ts';
import type { ProjectAccess } from './policy.ts';
import { changeProject, inStatus, isActive } from './project-change.ts';
import * as repository from './repository.ts';
import type { ChangeProject, Measure, MeasurePoint, Member } from './repository.ts';
import * as showcase from './showcase-repository.ts';

export const LEARNING_MAX = 3000;
export const OUTCOME_MAX = 3000;
export const STOP_REASON_MAX = 1000;

// ----- Completing -----

export interface CompletionChoices {
  /** The learners on the team, for whom the project will evidence the outcomes. */
  learners: Member[];
  /**
   * The outcomes every learner on the team may link to (those of each one's curriculum version), in the
   * curriculum's order with their domain's title; null when the region has published no curriculum.
   */
  outcomes: { outcome: Outcome; domain: string }[] | null;
}

function learnersOf(team: readonly Member[]): (Member & { userId: string })[] {
  return team.filter(
    (member): member is Member & { userId: string } => member.role === 'learner' && member.userId !== null,
  );
}

/** What the completion form offers: the team's learners and the outcomes of their curriculum. */
export async function completionChoices(db: Db, project: ChangeProject): Promise<CompletionChoices> {
  const learners = learnersOf(await repository.teamOf(db, project.id));
  const curriculum = await regionCurriculum(db, project.regionId);
  if (curriculum === undefined) return { learners, outcomes: null };
  const versions =
    learners.length === 0
      ? [await currentVersion(db, curriculum.id)]
      : await Promise.all(learners.map((learner) => learnerVersion(db, learner.userId, curriculum.id)));
  const contents = versions.map((version) => version?.content);
  const first = contents[0];
  if (first === undefined || contents.some((content) => content === undefined)) return { learners, outcomes: null };
  // Learners may follow different versions of the curriculum: offer only what every one of them can evidence.
  const everyone = (contents as CurriculumContent[]).map(
    (content) => new Set(content.outcomes.map((outcome) => outcome.code)),
  );
  const domains = new Map(sortedDomains(first).map((domain) => [domain.code, domain.title]));
  return {
    learners,
    outcomes: sortedOutcomes(first)
      .filter((outcome) => everyone.every((codes) => codes.has(outcome.code)))
      .map((outcome) => ({ outcome, domain: domains.get(outcome.domainCode) ?? outcome.domainCode })),
  };
}

export interface Completion {
  learning: string;
  patientOutcome: string;
  outcomeCodes: string[];
  published: boolean;
}

/**
 * The checks completing makes before anything is written, so the confirmation page is shown only for what can be
 * saved: an active project, and outcomes every learner on the team may link (the transaction checks them again).
 */
export async function checkCompletion(ctx: Context, access: ProjectAccess, completion: Completion): Promise<void> {
  const { project } = access;
  if (project.status !== 'active') throw new RuleError('This project is already closed', 'learning');
  const team = await repository.teamOf(ctx.db, project.id);
  const learners = learnersOf(team);
  if (completion.outcomeCodes.length === 0) return;
  if (learners.length === 0) {
    throw new RuleError('No learners are on the team, so the project evidences no outcomes', 'outcomes');
  }
  const curriculum = await regionCurriculum(ctx.db, project.regionId);
  for (const learner of learners) {
    const version = curriculum === undefined ? undefined : await learnerVersion(ctx.db, learner.userId, curriculum.id);
    if (version === undefined) {
      throw new RuleError(
        'The programme has not published its curriculum yet, so there are no outcomes to link',
        'outcomes',
      );
    }
    const checked = validateEvidenceOutcomes(version.content, completion.outcomeCodes);
    if (!checked.ok) throw new RuleError(forLearner(learners, learner, checked.problems[0]?.message), 'outcomes');
  }
}

function forLearner(learners: readonly Member[], learner: Member, message = 'Choose the outcomes again'): string {
  return learners.length > 1 ? `For ${learner.name}: ${message}` : message;
}

/**
 * Completes the project: its status, what was learned, the outcome for patients, the outcomes it evidences (linked
 * for each learner on the team) and whether it is on the showcase, all in one transaction.
 */
export async function completeProject(
  ctx: Context,
  access: ProjectAccess,
  completion: Completion,
): Promise<ChangeProject> {
  const { project } = access;
  if (completion.outcomeCodes.length > MAX_OUTCOMES_PER_ITEM) {
    throw new RuleError(`Choose up to ${String(MAX_OUTCOMES_PER_ITEM)} outcomes`, 'outcomes');
  }
  const saved = await changeProject(ctx, project.id, {
    refuseUnless: [isActive({ message: 'This project is already closed', field: 'learning' })],
    change: async ({ tx, current, update }) => {
      const learners = learnersOf(await repository.teamOf(tx, project.id));
      if (learners.length === 0 && completion.outcomeCodes.length > 0) {
        throw new RuleError('No learners are on the team, so the project evidences no outcomes', 'outcomes');
      }
      let codes = completion.outcomeCodes;
      for (const learner of learners) {
        try {
          codes = await recordEvidence(
            tx,
            ctx.actor,
            {
              learnerId: learner.userId,
              source: { type: 'project', id: project.id, label: current.title, href: `/projects/${project.id}` },
              outcomeCodes: completion.outcomeCodes,
            },
            ctx.now,
          );
        } catch (error) {
          if (error instanceof RuleError) throw new RuleError(forLearner(learners, learner, error.message), 'outcomes');
          throw error;
        }
      }
      const updated = await update({
        status: 'completed',
        completedAt: ctx.now,
        learning: completion.learning,
        patientOutcome: completion.patientOutcome,
        outcomeCodes: codes,
        published: completion.published,
      });
      return { updated, learners, codes };
    },
    audit: ({ learners, codes }, current) => ({
      action: 'update',
      summary: `Completed the change project “${current.title}”${
        codes.length === 0 ? '' : `, evidencing ${codes.join(', ')} for ${learners.map((l) => l.name).join(', ')}`
      }${completion.published ? ', shown on the public showcase' : ''}`,
      before: { status: current.status, published: current.published },
      after: {
        status: 'completed',
        learning: completion.learning,
        patientOutcome: completion.patientOutcome,
        outcomeCodes: codes,
        published: completion.published,
      },
    }),
  });
  return saved.updated;
}

/** Reopens a completed or stopped project: active again, off the showcase, its evidence links removed. */
export async function reopenProject(ctx: Context, access: ProjectAccess): Promise<ChangeProject> {
  if (!access.support) throw new NotFoundError();
  const { project } = access;
  return changeProject(ctx, project.id, {
    refuseUnless: [inStatus(['completed', 'stopped'], { message: 'This project is already open', field: 'project' })],
    change: async ({ tx, current, update }) => {
      const learners = learnersOf(await repository.teamOf(tx, project.id));
      for (const learner of learners) {
        await recordEvidence(
          tx,
          ctx.actor,
          {
            learnerId: learner.userId,
            source: { type: 'project', id: project.id, label: current.title, href: `/projects/${project.id}` },
            outcomeCodes: [],
          },
          ctx.now,
        );
      }
      return update({ status: 'active', completedAt: null, published: false });
    },
    audit: (_updated, current) => ({
      action: 'restore',
      summary: `Reopened the change project “${current.title}”${
        current.status === 'completed' ? '; the outcomes it evidenced were unlinked' : ''
      }`,
      before: { status: current.status, published: current.published, outcomeCodes: current.outcomeCodes },
      after: { status: 'active', published: false },
    }),
  });
}

/** Stops an active project, with the reason, kept as it was (a fellow or the programme team may reopen it). */
export async function stopProject(ctx: Context, access: ProjectAccess, reason: string): Promise<ChangeProject> {
  if (!access.edit) throw new NotFoundError();
  const { project } = access;
  return changeProject(ctx, project.id, {
    refuseUnless: [isActive({ message: 'This project is already closed', field: 'reason' })],
    change: async ({ update }) => update({ status: 'stopped', published: false }),
    audit: (_updated, current) => ({
      action: 'archive',
      summary: `Stopped the change project “${current.title}”: ${reason}`,
      before: { status: current.status },
      after: { status: 'stopped', reason },
    }),
  });
}

/**
 * Whether a completed project is on the public showcase: the team's choice. A fellow or the programme team may take
 * one off (never put one on: that is for the people it names).
 */
export function mayPublish(access: ProjectAccess, published: boolean): boolean {
  if (access.project.status !== 'completed') return false;
  return access.member !== null || (!published && access.support);
}

export async function setPublished(ctx: Context, access: ProjectAccess, published: boolean): Promise<ChangeProject> {
  if (!mayPublish(access, published)) throw new NotFoundError();
  const { project } = access;
  const notCompleted = { message: 'Only a completed project can be shown', field: 'published' };
  return changeProject(ctx, project.id, {
    ifMissing: notCompleted,
    refuseUnless: [inStatus(['completed'], notCompleted)],
    change: async ({ update }) => update({ published }),
    audit: (_updated, current) => ({
      action: 'update',
      summary: published
        ? `Showed the change project “${current.title}” on the public showcase`
        : `Took the change project “${current.title}” off the public showcase`,
      before: { published: current.published },
      after: { published },
    }),
  });
}

// ----- What the poster and the showcase show -----

export interface OutputMeasure {
  measure: Measure;
  kindLabel: string;
  points: MeasurePoint[];
  result: SpcResult | null;
  variation: Variation | null;
  variationText: string | null;
  assuranceText: string | null;
  /** One sentence saying what the chart shows (its text alternative). */
  summary: string;
}

export interface OutputCycle {
  title: string;
  dates: string;
  state: CycleState;
  stateLabel: string;
  idea: string | null;
  decisionLabel: string | null;
  learned: string;
}

export interface ProjectOutputs {
  project: ChangeProject;
  areaLabel: string;
  regionName: string;
  team: Member[];
  /** The learners' names, the only people the public showcase names. */
  learnerNames: string[];
  measures: OutputMeasure[];
  cycles: OutputCycle[];
  /** "3 PDSA cycles: 2 done (1 adopted, 1 adapted), 1 running", or null with none. */
  pdsaSummary: string | null;
  bottomLine: TripleBottomLine;
  completedOn: string | null;
}

export function outputMeasure(measure: Measure, points: MeasurePoint[]): OutputMeasure {
  const result = measureSpc(measure, points);
  const variation = result === null ? null : variationSummary(result, measure.improvement);
  return {
    measure,
    kindLabel: MEASURE_KIND_LABELS[measure.kind],
    points,
    result,
    variation,
    variationText: variation === null ? null : VARIATION_TEXT[variation],
    assuranceText: result?.assurance ? ASSURANCE_TEXT[result.assurance] : null,
    summary: result === null ? 'No data yet.' : chartSummary(result, { unit: measure.unit, target: measure.target }),
  };
}

/** The measure a card leads with: the first outcome measure with data, else the first with data, else the first. */
export function headlineMeasure(measures: readonly OutputMeasure[]): OutputMeasure | undefined {
  return (
    measures.find((item) => item.measure.kind === 'outcome' && item.result !== null) ??
    measures.find((item) => item.result !== null) ??
    measures[0]
  );
}

const DECISION_PAST: Record<string, string> = { adopt: 'adopted', adapt: 'adapted', abandon: 'abandoned' };

export function pdsaSummary(cycles: readonly { state: CycleState; decision: string | null }[]): string | null {
  if (cycles.length === 0) return null;
  const parts: string[] = [];
  for (const state of ['done', 'studied', 'running', 'planned'] as const) {
    const inState = cycles.filter((cycle) => cycle.state === state);
    if (inState.length === 0) continue;
    let part = `${String(inState.length)} ${CYCLE_STATE_TAGS[state].text.toLowerCase()}`;
    if (state === 'done') {
      const decided = (['adopt', 'adapt', 'abandon'] as const)
        .map((decision) => [decision, inState.filter((cycle) => cycle.decision === decision).length] as const)
        .filter(([, n]) => n > 0)
        .map(([decision, n]) => `${String(n)} ${DECISION_PAST[decision] ?? decision}`);
      part += ` (${decided.join(', ')})`;
    }
    parts.push(part);
  }
  return `${String(cycles.length)} PDSA cycle${cycles.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** Everything the poster and the public page show of a project, read once. */
export async function projectOutputs(db: Db, project: ChangeProject, now: Date): Promise<ProjectOutputs> {
  const [team, measures, ideas, cycles, carbon, regions] = await Promise.all([
    repository.teamOf(db, project.id),
    repository.measuresOf(db, project.id),
    pdsa.ideasOf(db, project.id),
    pdsa.cyclesOf(db, project.id),
    showcase.carbonLinesOf(db, [project.id]),
    regionNamesOf(db, [project.regionId]),
  ]);
  const points = await repository.pointsOf(
    db,
    measures.map((measure) => measure.id),
  );
  const today = londonToday(now);
  const outputCycles = cycles.map((cycle) => {
    const state = cycleState(cycle, today);
    return {
      title: cycle.title,
      dates: cycle.endsOn === null ? `From ${nhsDate(cycle.startsOn)}` : nhsDateRange(cycle.startsOn, cycle.endsOn),
      state,
      stateLabel: CYCLE_STATE_TAGS[state].text,
      idea: ideas.find((idea) => idea.id === cycle.changeIdeaId)?.description ?? null,
      decision: cycle.decision,
      decisionLabel: cycle.decision === null ? null : PDSA_DECISION_LABELS[cycle.decision],
      learned: cycle.learned,
    };
  });
  return {
    project,
    areaLabel: PROJECT_AREA_LABELS[project.area],
    regionName: regions.get(project.regionId)?.name ?? '',
    team,
    learnerNames: team.filter((member) => member.role === 'learner').map((member) => member.name),
    measures: measures.map((measure) => outputMeasure(measure, points.get(measure.id) ?? [])),
    cycles: outputCycles,
    pdsaSummary: pdsaSummary(outputCycles),
    bottomLine: tripleBottomLine({
      lines: carbon.get(project.id) ?? [],
      financialBeforeGbp: project.financialBeforeGbp,
      financialAfterGbp: project.financialAfterGbp,
      social: project.socialImpact,
      patientOutcome: project.patientOutcome,
    }),
    completedOn: project.completedAt === null ? null : londonToday(project.completedAt),
  };
}

export interface ShowcaseCard {
  project: ChangeProject;
  areaLabel: string;
  regionName: string;
  carbonSavingKg: number | null;
  headline: { name: string; variationText: string | null } | null;
}

/** The showcase list's cards, read in a few queries for the whole page. */
export async function showcaseCards(db: Db, projects: readonly ChangeProject[]): Promise<ShowcaseCard[]> {
  const ids = projects.map((project) => project.id);
  const [measures, carbon, regions] = await Promise.all([
    showcase.measuresOfProjects(db, ids),
    showcase.carbonLinesOf(db, ids),
    regionNamesOf(
      db,
      projects.map((project) => project.regionId),
    ),
  ]);
  const points = await repository.pointsOf(
    db,
    [...measures.values()].flat().map((measure) => measure.id),
  );
  return projects.map((project) => {
    const lines = carbon.get(project.id) ?? [];
    const bottomLine = tripleBottomLine({
      lines,
      financialBeforeGbp: null,
      financialAfterGbp: null,
      social: null,
      patientOutcome: null,
    });
    const headline = headlineMeasure(
      (measures.get(project.id) ?? []).map((measure) => outputMeasure(measure, points.get(measure.id) ?? [])),
    );
    return {
      project,
      areaLabel: PROJECT_AREA_LABELS[project.area],
      regionName: regions.get(project.regionId)?.name ?? '',
      carbonSavingKg: bottomLine.sustainableValue.environmentalSavingKg,
      headline: headline === undefined ? null : { name: headline.measure.name, variationText: headline.variationText },
    };
  });
}
