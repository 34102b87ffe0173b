/**
 * A programme's curriculum as data: the stages a learner moves through, the Enhance domains, and the learning
 * outcomes of each domain at each stage. A curriculum is versioned; this module holds one version's content and the
 * rules that content must meet before it is published. Outcome codes are the stable identity of an outcome across
 * versions: evidence links to a code, so a code keeps its meaning even when its wording or stage changes.
 */

export interface Stage {
  /** Upper-case letters and digits, starting with a letter: 'F1', 'ST3'. No hyphen: outcome codes split on it. */
  code: string;
  name: string;
}

export interface Domain {
  /** Upper-case letters and digits, starting with a letter, 2 to 8 long: 'PCP'. */
  code: string;
  title: string;
  description: string;
  whyItMatters: string;
  /** Where the domain comes in lists, lowest first; ties are broken by code. */
  order: number;
}

export interface Outcome {
  /** DOMAIN-STAGE-NN, for example 'PCP-F1-01'; see parseOutcomeCode. */
  code: string;
  domainCode: string;
  stageCode: string;
  text: string;
  /** Foundation Programme higher-level outcomes this outcome maps to, for example ['HLO1']; may be empty. */
  fpHlos: readonly string[];
}

export interface CurriculumContent {
  /** In the order a learner moves through them. */
  stages: readonly Stage[];
  domains: readonly Domain[];
  outcomes: readonly Outcome[];
}

/** One thing wrong with a curriculum or form. Errors stop a save or publish; warnings are shown and allowed. */
export interface Problem {
  /** Where the problem is, as a path into the value checked: 'outcomes[3].code', 'changeSummary'. */
  path: string;
  severity: 'error' | 'warning';
  message: string;
}

export const DEFAULT_STAGES: readonly Stage[] = [
  { code: 'F1', name: 'Foundation year 1' },
  { code: 'F2', name: 'Foundation year 2' },
  { code: 'ST1', name: 'Specialty training year 1' },
  { code: 'ST2', name: 'Specialty training year 2' },
  { code: 'ST3', name: 'Specialty training year 3' },
];

/**
 * The six Enhance domains (HEE's Enhance handbook names them; the descriptions here are our own summary). They are
 * the starting point of a programme's curriculum and are edited as data, never relied on as constants elsewhere.
 */
export const ENHANCE_DOMAINS: readonly Domain[] = [
  {
    code: 'PCP',
    title: 'Person-centred practice',
    description:
      'Working with each person as a whole: finding out what matters to them, sharing decisions, and shaping care around their life, not around the service.',
    whyItMatters:
      'People get better care, and are more likely to stick with it, when it fits their goals and circumstances. Care that treats a single condition in isolation can miss what the person needs most.',
    order: 1,
  },
  {
    code: 'CMM',
    title: 'Complex multimorbidity',
    description:
      'Caring for people who live with several long-term conditions at once: balancing treatments against each other, reviewing medicines, and planning care across specialties.',
    whyItMatters:
      'More and more patients have more than one long-term condition. Guidelines written for one disease at a time can add up to too many medicines, appointments and conflicting advice.',
    order: 2,
  },
  {
    code: 'SYS',
    title: 'Working across systems',
    description:
      'Understanding how hospitals, general practice, community services, social care and voluntary organisations fit together, and working with colleagues in all of them to move patients safely between them.',
    whyItMatters:
      'Much of what goes wrong for patients happens at the joins between services. Doctors who know the whole system can plan discharges, referrals and handovers that work.',
    order: 3,
  },
  {
    code: 'POP',
    title: 'Population health',
    description:
      'Looking beyond the patient in front of you to the health of the whole community: using data to spot patterns, preventing illness, and planning services for those who need them most.',
    whyItMatters:
      'The biggest gains in health come from prevention and from reaching groups who are missed. Knowing a local population helps doctors target effort where it makes the most difference.',
    order: 4,
  },
  {
    code: 'SJE',
    title: 'Social justice and health equity',
    description:
      'Recognising how income, housing, education, discrimination and other social factors shape health, and acting to make care fair and easy to reach for everyone.',
    whyItMatters:
      'Health is unequal: people in the most deprived areas live shorter lives and spend more years in poor health. Doctors can narrow that gap through how they deliver care and what they speak up for.',
    order: 5,
  },
  {
    code: 'ENV',
    title: 'Environmental sustainability',
    description:
      'Understanding how healthcare affects the environment and choosing lower-carbon, less wasteful ways to give good care, such as better inhaler choices and fewer unnecessary tests.',
    whyItMatters:
      'Healthcare is a large source of carbon emissions and climate change harms health. The NHS has committed to net zero, and everyday clinical decisions are part of getting there.',
    order: 6,
  },
];

/**
 * UK Foundation Programme Curriculum 2021 higher-level outcomes, the codes an outcome may map to. Titles are
 * shown beside the codes; a programme that needs others changes this list.
 */
export const FP_HLOS: readonly { code: string; title: string }[] = [
  { code: 'HLO1', title: 'An accountable, capable and compassionate doctor' },
  { code: 'HLO2', title: 'A valuable member of the healthcare workforce' },
  { code: 'HLO3', title: 'A professional, responsible for their own practice and portfolio development' },
];

/** Field lengths, in characters, that forms and the database share. */
export const LIMITS = {
  stageName: 100,
  domainTitle: 120,
  domainDescription: 2000,
  domainWhyItMatters: 2000,
  outcomeText: 600,
  changeSummary: 2000,
} as const;

const STAGE_CODE = /^[A-Z][A-Z0-9]{0,7}$/;
const DOMAIN_CODE = /^[A-Z][A-Z0-9]{1,7}$/;
const OUTCOME_CODE = /^([A-Z][A-Z0-9]{1,7})-([A-Z][A-Z0-9]{0,7})-(\d{2,3})$/;

/** A programme's starting point: the default stages and the six domains, with no outcomes yet. */
export function starterCurriculum(): CurriculumContent {
  return {
    stages: DEFAULT_STAGES.map((stage) => ({ ...stage })),
    domains: ENHANCE_DOMAINS.map((domain) => ({ ...domain })),
    outcomes: [],
  };
}

export interface OutcomeCodeParts {
  /** The normal form: 'PCP-F1-01'. */
  code: string;
  domainCode: string;
  stageCode: string;
  number: number;
}

/** The normal form of an outcome code: DOMAIN-STAGE and a number of at least two digits. */
export function formatOutcomeCode(domainCode: string, stageCode: string, number: number): string {
  return `${domainCode}-${stageCode}-${String(number).padStart(2, '0')}`;
}

/**
 * Reads an outcome code as people type it (' pcp f1 1', 'PCP_F1_001', 'pcp–f1–7') and returns its normal form and
 * parts, or null when it cannot be an outcome code. Case, spaces, underscores, dashes of any kind and a leading
 * zero too many are forgiven, so that codes typed in a spreadsheet or a search box find the same outcome. Numbers
 * run from 1 to 999.
 */
export function parseOutcomeCode(raw: string): OutcomeCodeParts | null {
  const cleaned = raw
    .trim()
    .toUpperCase()
    .replace(/[\s_\u2010-\u2015\u2212]+/g, '-')
    .replace(/-+/g, '-');
  const match = /^([A-Z][A-Z0-9]{1,7})-([A-Z][A-Z0-9]{0,7})-(\d{1,4})$/.exec(cleaned);
  if (match === null) return null;
  const domainCode = match[1] ?? '';
  const stageCode = match[2] ?? '';
  const number = Number(match[3]);
  if (number < 1 || number > 999) return null;
  return { code: formatOutcomeCode(domainCode, stageCode, number), domainCode, stageCode, number };
}

/** The normal form of an outcome code, or null; see parseOutcomeCode. */
export function normaliseOutcomeCode(raw: string): string | null {
  return parseOutcomeCode(raw)?.code ?? null;
}

/** The first unused number for a new outcome of a domain at a stage, so an editor need not invent codes. */
export function nextOutcomeCode(content: CurriculumContent, domainCode: string, stageCode: string): string {
  let highest = 0;
  for (const outcome of content.outcomes) {
    const parts = parseOutcomeCode(outcome.code);
    if (parts !== null && parts.domainCode === domainCode && parts.stageCode === stageCode) {
      highest = Math.max(highest, parts.number);
    }
  }
  return formatOutcomeCode(domainCode, stageCode, highest + 1);
}

/** Domains in display order: by `order`, then by code. */
export function sortedDomains(content: CurriculumContent): Domain[] {
  return [...content.domains].sort((a, b) => a.order - b.order || compareText(a.code, b.code));
}

/** Where a stage comes in the curriculum (0 for the first), or -1 when the curriculum has no such stage. */
export function stageIndex(content: CurriculumContent, stageCode: string): number {
  return content.stages.findIndex((stage) => stage.code === stageCode);
}

/** The stages up to and including the one given, first first; empty when the stage is unknown. */
export function stagesUpTo(content: CurriculumContent, stageCode: string): Stage[] {
  const index = stageIndex(content, stageCode);
  return index < 0 ? [] : content.stages.slice(0, index + 1);
}

/** Code-point order, so that sorting never depends on the server's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders outcome codes by domain, stage and number, with codes that do not parse last in text order. */
export function compareOutcomeCodes(a: string, b: string): number {
  const left = parseOutcomeCode(a);
  const right = parseOutcomeCode(b);
  if (left === null || right === null) {
    if (left !== null) return -1;
    if (right !== null) return 1;
    return compareText(a, b);
  }
  return (
    compareText(left.domainCode, right.domainCode) ||
    compareText(left.stageCode, right.stageCode) ||
    left.number - right.number ||
    compareText(a, b)
  );
}

/**
 * Outcomes in display order: by their domain's order, then their stage's place in the curriculum, then code.
 * Outcomes naming a domain or stage the content lacks come after the rest.
 */
export function sortedOutcomes(content: CurriculumContent): Outcome[] {
  const domainRank = new Map(sortedDomains(content).map((domain, index) => [domain.code, index]));
  const stageRank = new Map(content.stages.map((stage, index) => [stage.code, index]));
  const missing = Number.MAX_SAFE_INTEGER;
  return [...content.outcomes].sort(
    (a, b) =>
      (domainRank.get(a.domainCode) ?? missing) - (domainRank.get(b.domainCode) ?? missing) ||
      (stageRank.get(a.stageCode) ?? missing) - (stageRank.get(b.stageCode) ?? missing) ||
      compareOutcomeCodes(a.code, b.code),
  );
}

function textProblems(path: string, value: string, label: string, limit: number, problems: Problem[]): void {
  if (value.trim() === '') {
    problems.push({ path, severity: 'error', message: `Enter ${label}` });
  } else if (value.length > limit) {
    problems.push({
      path,
      severity: 'error',
      message: `${capitalise(label)} must be ${String(limit)} characters or fewer`,
    });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The index of every code that appears more than once after the first. */
function repeats(codes: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  codes.forEach((code, index) => {
    if (seen.has(code)) repeated.push(index);
    seen.add(code);
  });
  return repeated;
}

/**
 * Everything wrong with one version's content, errors first in the order of the content, then warnings. Errors:
 * no stages or no domains; a missing, malformed or repeated code; empty or over-long text; an outcome naming a
 * domain or stage the content lacks; an HLO code not in FP_HLOS (or listed twice). Warnings: an outcome whose code
 * names another domain or stage than the one it belongs to (allowed, since a code stays the same when an outcome
 * moves), and a domain with no outcome at some stage.
 */
export function validateCurriculum(content: CurriculumContent): Problem[] {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];

  if (content.stages.length === 0) {
    problems.push({ path: 'stages', severity: 'error', message: 'Add at least one stage' });
  }
  content.stages.forEach((stage, index) => {
    const path = `stages[${String(index)}]`;
    if (stage.code.trim() === '') {
      problems.push({ path: `${path}.code`, severity: 'error', message: 'Enter a stage code' });
    } else if (!STAGE_CODE.test(stage.code)) {
      problems.push({
        path: `${path}.code`,
        severity: 'error',
        message: `Stage code ${stage.code} must be up to 8 capital letters and numbers, starting with a letter, like F1 or ST3`,
      });
    }
    textProblems(`${path}.name`, stage.name, 'a stage name', LIMITS.stageName, problems);
  });
  for (const index of repeats(content.stages.map((stage) => stage.code))) {
    const code = content.stages[index]?.code ?? '';
    if (code !== '') {
      problems.push({
        path: `stages[${String(index)}].code`,
        severity: 'error',
        message: `Stage code ${code} is used more than once`,
      });
    }
  }

  if (content.domains.length === 0) {
    problems.push({ path: 'domains', severity: 'error', message: 'Add at least one domain' });
  }
  content.domains.forEach((domain, index) => {
    const path = `domains[${String(index)}]`;
    if (domain.code.trim() === '') {
      problems.push({ path: `${path}.code`, severity: 'error', message: 'Enter a domain code' });
    } else if (!DOMAIN_CODE.test(domain.code)) {
      problems.push({
        path: `${path}.code`,
        severity: 'error',
        message: `Domain code ${domain.code} must be 2 to 8 capital letters and numbers, starting with a letter, like PCP`,
      });
    }
    textProblems(`${path}.title`, domain.title, 'a domain title', LIMITS.domainTitle, problems);
    textProblems(
      `${path}.description`,
      domain.description,
      'a description of the domain',
      LIMITS.domainDescription,
      problems,
    );
    textProblems(
      `${path}.whyItMatters`,
      domain.whyItMatters,
      'why the domain matters',
      LIMITS.domainWhyItMatters,
      problems,
    );
    if (!Number.isInteger(domain.order)) {
      problems.push({ path: `${path}.order`, severity: 'error', message: 'Order must be a whole number' });
    }
  });
  for (const index of repeats(content.domains.map((domain) => domain.code))) {
    const code = content.domains[index]?.code ?? '';
    if (code !== '') {
      problems.push({
        path: `domains[${String(index)}].code`,
        severity: 'error',
        message: `Domain code ${code} is used more than once`,
      });
    }
  }

  const stageCodes = new Set(content.stages.map((stage) => stage.code));
  const domainCodes = new Set(content.domains.map((domain) => domain.code));
  const hloCodes = new Set(FP_HLOS.map((hlo) => hlo.code));
  content.outcomes.forEach((outcome, index) => {
    const path = `outcomes[${String(index)}]`;
    const match = OUTCOME_CODE.exec(outcome.code);
    if (outcome.code.trim() === '') {
      problems.push({ path: `${path}.code`, severity: 'error', message: 'Enter an outcome code' });
    } else if (match === null) {
      const suggestion = normaliseOutcomeCode(outcome.code);
      problems.push({
        path: `${path}.code`,
        severity: 'error',
        message:
          suggestion === null
            ? `Outcome code ${outcome.code} must be the domain code, the stage code and a number, like PCP-F1-01`
            : `Outcome code ${outcome.code} must be written ${suggestion}`,
      });
    } else if (Number(match[3]) === 0) {
      problems.push({
        path: `${path}.code`,
        severity: 'error',
        message: `Outcome code ${outcome.code} must end in a number from 01 to 999`,
      });
    }
    const knownDomain = domainCodes.has(outcome.domainCode);
    const knownStage = stageCodes.has(outcome.stageCode);
    if (!knownDomain) {
      problems.push({
        path: `${path}.domainCode`,
        severity: 'error',
        message:
          outcome.domainCode === ''
            ? `Select the domain of outcome ${outcome.code}`
            : `Outcome ${outcome.code} belongs to domain ${outcome.domainCode}, which this curriculum does not have`,
      });
    }
    if (!knownStage) {
      problems.push({
        path: `${path}.stageCode`,
        severity: 'error',
        message:
          outcome.stageCode === ''
            ? `Select the stage of outcome ${outcome.code}`
            : `Outcome ${outcome.code} is at stage ${outcome.stageCode}, which this curriculum does not have`,
      });
    }
    textProblems(`${path}.text`, outcome.text, `the text of outcome ${outcome.code}`, LIMITS.outcomeText, problems);
    outcome.fpHlos.forEach((hlo, hloIndex) => {
      if (!hloCodes.has(hlo)) {
        problems.push({
          path: `${path}.fpHlos[${String(hloIndex)}]`,
          severity: 'error',
          message: `${hlo === '' ? 'An empty code' : hlo} is not a Foundation Programme higher-level outcome; use ${FP_HLOS.map((known) => known.code).join(', ')}`,
        });
      }
    });
    for (const hloIndex of repeats(outcome.fpHlos)) {
      problems.push({
        path: `${path}.fpHlos[${String(hloIndex)}]`,
        severity: 'error',
        message: `Outcome ${outcome.code} lists ${outcome.fpHlos[hloIndex] ?? ''} more than once`,
      });
    }
    if (match !== null && knownDomain && match[1] !== outcome.domainCode) {
      warnings.push({
        path: `${path}.code`,
        severity: 'warning',
        message: `Outcome ${outcome.code} is in domain ${outcome.domainCode} but its code names ${match[1] ?? ''}. That is fine for an outcome that has moved, since codes never change; a new outcome should be ${nextOutcomeCode(content, outcome.domainCode, outcome.stageCode)}`,
      });
    }
    if (match !== null && knownStage && match[2] !== outcome.stageCode) {
      warnings.push({
        path: `${path}.code`,
        severity: 'warning',
        message: `Outcome ${outcome.code} is at stage ${outcome.stageCode} but its code names ${match[2] ?? ''}. That is fine for an outcome that has moved, since codes never change; a new outcome should be ${nextOutcomeCode(content, outcome.domainCode, outcome.stageCode)}`,
      });
    }
  });
  for (const index of repeats(content.outcomes.map((outcome) => outcome.code))) {
    const code = content.outcomes[index]?.code ?? '';
    if (code !== '') {
      problems.push({
        path: `outcomes[${String(index)}].code`,
        severity: 'error',
        message: `Outcome code ${code} is used more than once`,
      });
    }
  }

  const covered = new Set(content.outcomes.map((outcome) => `${outcome.domainCode}\u0000${outcome.stageCode}`));
  content.domains.forEach((domain, index) => {
    const gaps = content.stages.filter((stage) => !covered.has(`${domain.code}\u0000${stage.code}`));
    if (gaps.length > 0 && domain.code !== '') {
      warnings.push({
        path: `domains[${String(index)}]`,
        severity: 'warning',
        message: `${domain.title === '' ? domain.code : domain.title} has no outcomes at ${listOf(gaps.map((stage) => stage.code))}`,
      });
    }
  });

  return [...problems, ...warnings];
}

/** 'A', 'A and B', 'A, B and C'. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

export type VersionStatus = 'draft' | 'published';

/**
 * What stops a draft being published: any error in its content, and a missing or over-long change summary (the
 * summary tells learners and supervisors what changed, so the first version needs one too, for example "First
 * version"). Warnings in the content are returned alongside and do not stop publishing.
 */
export function publishProblems(content: CurriculumContent, changeSummary: string): Problem[] {
  const problems = validateCurriculum(content);
  const summary: Problem[] = [];
  textProblems('changeSummary', changeSummary, 'a summary of what changed', LIMITS.changeSummary, summary);
  return [...summary, ...problems];
}

/** The number a newly published version takes: one more than the highest published so far, starting at 1. */
export function nextVersionNumber(publishedVersions: readonly number[]): number {
  return publishedVersions.reduce((highest, version) => Math.max(highest, version), 0) + 1;
}
