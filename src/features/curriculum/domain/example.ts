import { DEFAULT_STAGES, ENHANCE_DOMAINS, type CurriculumContent, type Outcome } from './curriculum.ts';

/**
 * An example curriculum: the default stages, the six Enhance domains and one outcome for each domain at each
 * stage, written for the demo region and for tests. The outcomes are illustrative, not the Enhance handbook's.
 */

const OUTCOMES: readonly (readonly [string, string, string, readonly string[]])[] = [
  ['PCP', 'F1', 'Find out what matters most to a patient and record it in their care plan', ['HLO1']],
  ['PCP', 'F2', 'Share a decision about treatment with a patient, explaining options, risks and benefits', ['HLO1']],
  ['PCP', 'ST1', 'Adapt a consultation to a patient with communication needs or limited health literacy', ['HLO1']],
  ['PCP', 'ST2', 'Support a patient to manage their own long-term condition with a personalised plan', []],
  ['PCP', 'ST3', 'Lead a team discussion that puts a patient’s goals at the centre of a complex plan', []],
  ['CMM', 'F1', 'Take a medicines history and spot interactions in a patient on five or more medicines', ['HLO1']],
  [
    'CMM',
    'F2',
    'Carry out a structured medication review with a pharmacist for a patient with frailty',
    ['HLO1', 'HLO2'],
  ],
  ['CMM', 'ST1', 'Balance the guidance for two or more conditions when they conflict for one patient', []],
  ['CMM', 'ST2', 'Plan care with a patient nearing the end of life who has several long-term conditions', []],
  ['CMM', 'ST3', 'Teach colleagues how to review the treatment burden of a patient with multimorbidity', ['HLO3']],
  ['SYS', 'F1', 'Write a discharge summary that gives the next team what they need to continue care', ['HLO2']],
  ['SYS', 'F2', 'Follow a patient’s journey across at least three services and describe where it faltered', ['HLO2']],
  ['SYS', 'ST1', 'Work with a social care or voluntary sector partner to solve a patient’s problem', ['HLO2']],
  ['SYS', 'ST2', 'Explain how your integrated care system plans and pays for local services', []],
  ['SYS', 'ST3', 'Improve a handover or referral pathway between two organisations', ['HLO2']],
  ['POP', 'F1', 'Use a practice or ward register to find patients who are missing preventive care', ['HLO2']],
  ['POP', 'F2', 'Interpret local population health data to describe the needs of a community', []],
  ['POP', 'ST1', 'Deliver a brief intervention for smoking, alcohol or weight in routine care', ['HLO1']],
  ['POP', 'ST2', 'Design a change project that targets a Core20PLUS5 group', []],
  ['POP', 'ST3', 'Evaluate a prevention programme using measures that matter to the population', []],
  ['SJE', 'F1', 'Ask about and record the social circumstances that affect a patient’s health', ['HLO1']],
  ['SJE', 'F2', 'Identify a barrier to care faced by an underserved group and suggest a way round it', []],
  ['SJE', 'ST1', 'Use an interpreter or advocate well, and reflect on what changed for the patient', ['HLO1']],
  ['SJE', 'ST2', 'Measure an inequality in access or outcome in your service', []],
  ['SJE', 'ST3', 'Speak up for a change in local policy that would reduce a health inequality', ['HLO3']],
  ['ENV', 'F1', 'Explain the carbon impact of common inhalers and discuss options with a patient', ['HLO1']],
  ['ENV', 'F2', 'Reduce waste in one routine task, such as unnecessary blood tests', ['HLO2']],
  ['ENV', 'ST1', 'Estimate the carbon footprint of a care pathway using published emission factors', []],
  ['ENV', 'ST2', 'Run a sustainability improvement project using the SusQI approach', []],
  ['ENV', 'ST3', 'Lead a team to include environmental impact in a clinical decision', ['HLO2']],
];

export function exampleCurriculum(): CurriculumContent {
  const outcomes: Outcome[] = OUTCOMES.map(([domainCode, stageCode, text, fpHlos]) => ({
    code: `${domainCode}-${stageCode}-01`,
    domainCode,
    stageCode,
    text,
    fpHlos: [...fpHlos],
  }));
  return {
    stages: DEFAULT_STAGES.map((stage) => ({ ...stage })),
    domains: ENHANCE_DOMAINS.map((domain) => ({ ...domain })),
    outcomes,
  };
}
