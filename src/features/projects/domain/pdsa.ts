/**
 * PDSA cycles (Plan, Do, Study, Act) of the Model for Improvement, and the change ideas they test: where a cycle
 * has got to, and how its form is read.
 *
 * A cycle is written in the order it is lived. The plan and the prediction come first, before the test, because the
 * Model for Improvement learns by comparing what happened with what was predicted. What happened (Do) is written
 * once the test has started; the study compares it with the prediction; the act step says what was learned and
 * decides to adopt, adapt or abandon the change. So each step needs the one before it, and the act step is whole or
 * empty: what was learned goes with the decision it led to.
 */
import { datePartsOf, readDateInput } from '../../../shared/dates.ts';
import { PDSA_DECISIONS, type PdsaDecision } from './projects.ts';
import { patientIdentifierProblem } from '../../portfolio/domain/patient-identifiers.ts';

export const CYCLE_STATES = ['planned', 'running', 'studied', 'done'] as const;
export type CycleState = (typeof CYCLE_STATES)[number];

type TagColour = 'grey' | 'blue' | 'yellow' | 'green' | 'orange' | 'red';

export const CYCLE_STATE_TAGS: Record<CycleState, { text: string; colour: TagColour }> = {
  planned: { text: 'Planned', colour: 'grey' },
  running: { text: 'Running', colour: 'blue' },
  studied: { text: 'Studied', colour: 'yellow' },
  done: { text: 'Done', colour: 'green' },
};

/** What the team does next with a cycle in each state. */
export const CYCLE_STATE_HINTS: Record<CycleState, string> = {
  planned: 'The test has not started yet.',
  running: 'Write what happened and study it against the prediction.',
  studied: 'Say what was learned and decide whether to adopt, adapt or abandon the change.',
  done: 'The team has decided what to do next.',
};

export const DECISION_TAGS: Record<PdsaDecision, { text: string; colour: TagColour }> = {
  adopt: { text: 'Adopt', colour: 'green' },
  adapt: { text: 'Adapt', colour: 'orange' },
  abandon: { text: 'Abandon', colour: 'red' },
};

/** The fields of a cycle that say where it has got to. */
export interface CycleProgress {
  startsOn: string;
  study: string;
  decision: PdsaDecision | null;
}

/**
 * Where a cycle has got to on `today` (a 'YYYY-MM-DD' date in London): done once the team has decided, studied once
 * the study is written, planned while its start is in the future, and running from its first day until then.
 */
export function cycleState(cycle: CycleProgress, today: string): CycleState {
  if (cycle.decision !== null) return 'done';
  if (cycle.study.trim() !== '') return 'studied';
  return cycle.startsOn > today ? 'planned' : 'running';
}

export const TITLE_MAX = 150;
export const PLAN_MAX = 2000;
export const RESULT_MAX = 3000;
export const IDEA_MAX = 500;

/** A cycle as its form gives it. */
export interface CycleDetails {
  changeIdeaId: string | null;
  title: string;
  plan: string;
  prediction: string;
  startsOn: string;
  endsOn: string | null;
  happened: string;
  study: string;
  learned: string;
  decision: PdsaDecision | null;
}

/** A field's problem: the field, where the error summary links to, the message. */
export interface CycleProblem {
  field: string;
  href: string;
  message: string;
}

export type CycleRead = { ok: true; data: CycleDetails } | { ok: false; problems: CycleProblem[] };

export interface CycleFormContext {
  /** Today in London, 'YYYY-MM-DD': nothing can have happened in a test that starts later. */
  today: string;
  /** The ids of the project's change ideas, the only ones a cycle may test. */
  ideaIds: readonly string[];
}

function textOf(values: Readonly<Record<string, unknown>>, field: string): string {
  const value = values[field];
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
}

function isDecision(value: string): value is PdsaDecision {
  return (PDSA_DECISIONS as readonly string[]).includes(value);
}

/**
 * A PDSA cycle's form, read and checked: problems in the order the fields stand on the page (the change idea,
 * the plan with its dates, then Do, Study and Act).
 */
export function readCycleForm(values: Readonly<Record<string, unknown>>, context: CycleFormContext): CycleRead {
  const problems: CycleProblem[] = [];
  const problem = (field: string, message: string, href = `#${field}`) => problems.push({ field, href, message });

  const ideaText = textOf(values, 'changeIdeaId');
  const changeIdeaId = ideaText === '' ? null : ideaText;
  if (changeIdeaId !== null && !context.ideaIds.includes(changeIdeaId)) {
    problem('changeIdeaId', 'Choose a change idea from the list, or “No change idea”');
  }

  const title = textOf(values, 'title');
  if (title === '') problem('title', 'Enter a title for the cycle');
  else if (title.length > TITLE_MAX) problem('title', `The title must be ${String(TITLE_MAX)} characters or fewer`);

  const plan = textOf(values, 'plan');
  if (plan === '') problem('plan', 'Write the plan: what will be tried, by whom, where and when');
  else if (plan.length > PLAN_MAX) problem('plan', `The plan must be ${String(PLAN_MAX)} characters or fewer`);

  const prediction = textOf(values, 'prediction');
  if (prediction === '') problem('prediction', 'Write what you predict will happen, before the test starts');
  else if (prediction.length > PLAN_MAX)
    problem('prediction', `The prediction must be ${String(PLAN_MAX)} characters or fewer`);

  const starts = readDateInput(values, 'startsOn', 'Start date', { example: '2 11 2026' });
  if (!starts.ok) problem('startsOn', starts.message, '#startsOn-day');

  let endsOn: string | null = null;
  const endParts = datePartsOf(values, 'endsOn');
  if (`${endParts.day}${endParts.month}${endParts.year}`.trim() !== '') {
    const ends = readDateInput(values, 'endsOn', 'End date', { example: '16 11 2026' });
    if (!ends.ok) problem('endsOn', ends.message, '#endsOn-day');
    else if (starts.ok && ends.date < starts.date) {
      problem('endsOn', 'End date must be the same as or after the start date', '#endsOn-day');
    } else endsOn = ends.date;
  }

  const happened = textOf(values, 'happened');
  const study = textOf(values, 'study');
  const learned = textOf(values, 'learned');
  const decisionText = textOf(values, 'decision');
  const decision = isDecision(decisionText) ? decisionText : null;
  const notStarted = starts.ok && starts.date > context.today;

  if (happened.length > RESULT_MAX) {
    problem('happened', `What happened must be ${String(RESULT_MAX)} characters or fewer`);
  } else if (happened !== '' && notStarted) {
    problem(
      'happened',
      'The test starts in the future, so nothing can have happened yet: leave this empty or change the start date',
    );
  }

  if (study.length > RESULT_MAX) {
    problem('study', `The study must be ${String(RESULT_MAX)} characters or fewer`);
  } else if (study !== '' && happened === '') {
    problem('study', 'Write what happened before studying it against the prediction');
  }

  if (learned.length > RESULT_MAX) {
    problem('learned', `What was learned must be ${String(RESULT_MAX)} characters or fewer`);
  } else if (learned !== '' && study === '') {
    problem('learned', 'Write the study before what was learned: compare what happened with the prediction');
  } else if (learned === '' && decision !== null) {
    problem('learned', 'Write what was learned that led to the decision');
  }

  for (const [field, label, text] of [
    ['title', 'The title', title],
    ['plan', 'The plan', plan],
    ['prediction', 'The prediction', prediction],
    ['happened', 'What happened', happened],
    ['study', 'The study', study],
    ['learned', 'What was learned', learned],
  ] as const) {
    const identifier = patientIdentifierProblem(label, text);
    if (identifier !== null) problem(field, identifier);
  }

  if (decisionText !== '' && decision === null) {
    problem('decision', 'Choose whether to adopt, adapt or abandon the change');
  } else if (decision === null && learned !== '' && study !== '') {
    problem(
      'decision',
      'Choose whether to adopt, adapt or abandon the change, now that you have written what was learned',
    );
  }

  if (problems.length > 0 || !starts.ok) return { ok: false, problems };
  return {
    ok: true,
    data: {
      changeIdeaId,
      title,
      plan,
      prediction,
      startsOn: starts.date,
      endsOn,
      happened,
      study,
      learned,
      decision,
    },
  };
}

export type IdeaRead = { ok: true; data: { description: string } } | { ok: false; problems: CycleProblem[] };

/** A change idea's form: one description, what the team might change. */
export function readIdeaForm(values: Readonly<Record<string, unknown>>): IdeaRead {
  const description = textOf(values, 'description');
  if (description === '') {
    return {
      ok: false,
      problems: [{ field: 'description', href: '#description', message: 'Describe the change idea' }],
    };
  }
  if (description.length > IDEA_MAX) {
    return {
      ok: false,
      problems: [
        {
          field: 'description',
          href: '#description',
          message: `The change idea must be ${String(IDEA_MAX)} characters or fewer`,
        },
      ],
    };
  }
  const identifier = patientIdentifierProblem('The change idea', description);
  if (identifier !== null) {
    return { ok: false, problems: [{ field: 'description', href: '#description', message: identifier }] };
  }
  return { ok: true, data: { description } };
}

/** How many cycles tested each change idea, by the idea's id (ideas never tested are not in the map). */
export function cyclesPerIdea(cycles: readonly { changeIdeaId: string | null }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cycle of cycles) {
    if (cycle.changeIdeaId === null) continue;
    counts.set(cycle.changeIdeaId, (counts.get(cycle.changeIdeaId) ?? 0) + 1);
  }
  return counts;
}
