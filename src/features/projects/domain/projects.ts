/**
 * What a change project is made of, in the programme's words: its area, its SusQI stage and status, the team's
 * roles, the kinds of measure of the Model for Improvement and a PDSA cycle's decision.
 */

export const PROJECT_AREAS = ['population_health', 'environmental_sustainability', 'both'] as const;
export type ProjectArea = (typeof PROJECT_AREAS)[number];
export const PROJECT_AREA_LABELS: Record<ProjectArea, string> = {
  population_health: 'Population health',
  environmental_sustainability: 'Environmental sustainability',
  both: 'Population health and environmental sustainability',
};

/** SusQI's four stages (Centre for Sustainable Healthcare). */
export const PROJECT_STAGES = ['set_goals', 'study_system', 'design', 'measure_impact'] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export const PROJECT_STAGE_LABELS: Record<ProjectStage, string> = {
  set_goals: '1. Set goals',
  study_system: '2. Study the system',
  design: '3. Design the improvement',
  measure_impact: '4. Measure impact',
};
export const PROJECT_STAGE_HINTS: Record<ProjectStage, string> = {
  set_goals: 'Agree the aim: what will improve, for whom, by how much and by when, for patients and the planet.',
  study_system: 'Map the process and its environmental, social and financial costs; find the hotspots.',
  design: 'Choose change ideas with the team and test them in small PDSA cycles.',
  measure_impact: 'Measure the triple bottom line alongside outcomes for patients, then share what was learned.',
};

export const PROJECT_STATUSES = ['active', 'completed', 'stopped'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  active: 'Active',
  completed: 'Completed',
  stopped: 'Stopped',
};

/** The NHS tag each status is shown with. */
export const PROJECT_STATUS_TAGS: Record<ProjectStatus, { text: string; colour: 'blue' | 'green' | 'grey' }> = {
  active: { text: 'Active', colour: 'blue' },
  completed: { text: 'Completed', colour: 'green' },
  stopped: { text: 'Stopped', colour: 'grey' },
};

export const MEMBER_ROLES = ['learner', 'supervisor', 'partner'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  learner: 'Learner',
  supervisor: 'Supervisor',
  partner: 'Partner',
};

export const MEASURE_KINDS = ['outcome', 'process', 'balancing'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_KIND_LABELS: Record<MeasureKind, string> = {
  outcome: 'Outcome measure',
  process: 'Process measure',
  balancing: 'Balancing measure',
};
export const MEASURE_KIND_HINTS: Record<MeasureKind, string> = {
  outcome: 'Does the change improve what matters to patients, the population or the planet?',
  process: 'Are the parts of the system working as planned?',
  balancing: 'Is the change causing a problem somewhere else?',
};

export const PDSA_DECISIONS = ['adopt', 'adapt', 'abandon'] as const;
export type PdsaDecision = (typeof PDSA_DECISIONS)[number];
export const PDSA_DECISION_LABELS: Record<PdsaDecision, string> = {
  adopt: 'Adopt the change',
  adapt: 'Adapt it and test again',
  abandon: 'Abandon it',
};

export const SUPPORT_STATUSES = ['open', 'closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** What an aim statement may be missing, as the Model for Improvement asks it: how much, by when, for whom. */
export interface AimPrompt {
  key: 'measurable' | 'time_bound' | 'specific';
  text: string;
}

const AIM_NUMBER = /\d/;
const AIM_WHEN =
  /\b(by|before|within|until|end of)\b|\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b/i;

/**
 * Prompts for an aim that is not yet specific, measurable and time-bound. Heuristic, and shown as prompts, never as
 * errors: "Reduce the carbon footprint of inhaler prescribing at the practice by 30 % by March 2027" needs none.
 */
export function aimPrompts(aim: string): AimPrompt[] {
  const text = aim.trim();
  if (text === '') return [];
  const prompts: AimPrompt[] = [];
  if (!AIM_NUMBER.test(text)) {
    prompts.push({ key: 'measurable', text: 'Say how much: a number or a percentage you can measure.' });
  }
  if (!AIM_WHEN.test(text)) prompts.push({ key: 'time_bound', text: 'Say by when, for example “by March 2027”.' });
  if (text.split(/\s+/).length < 8) {
    prompts.push({ key: 'specific', text: 'Say what will change, where and for whom.' });
  }
  return prompts;
}

/** Whether a project has had no activity for at least `weeks` weeks at `now`. */
export function isQuiet(lastActivityAt: Date, now: Date, weeks: number): boolean {
  return now.getTime() - lastActivityAt.getTime() >= weeks * 7 * 24 * 60 * 60 * 1000;
}
