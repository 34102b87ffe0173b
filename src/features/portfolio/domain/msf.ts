import { z } from 'zod';
import type { Problem } from './kinds.ts';

/**
 * Multi-source feedback in the shape of the Foundation Programme's team assessment of behaviour (TAB): colleagues
 * from several staff groups rate the learner in four domains of Good Medical Practice, the educational supervisor
 * reads the responses and releases a summary, and the learner sees only that summary, never who said what.
 *
 * Anonymity is the rule everything here serves: raters speak freely only if they cannot be identified. So the
 * summary holds counts and comments without any order, date or role that could point to a writer, and it is shown
 * only when enough people replied that no single reply stands out.
 */

/** A TAB round is valid with at least ten returned forms; asking ten is the least that can give ten. */
export const MSF_MIN_RATERS = 10;
/**
 * Not everyone replies: deaneries advise inviting fifteen to twenty to be confident of ten returns, so fewer than
 * this earns a warning, not an error.
 */
export const MSF_RECOMMENDED_RATERS = 15;
/** More than this is a mailing list, not the team that works with the learner. */
export const MSF_MAX_RATERS = 30;
/** Feedback from one or two staff groups is not multi-source. */
export const MSF_MIN_ROLE_GROUPS = 3;
/**
 * Fewer responses than this and the summary must not be shown to the learner. Seven, because the learner chose the
 * raters and so knows the pool: with a handful of replies a comment or a concern can be traced to its writer, while
 * at seven any one rater is at most a seventh of any count and one of at least seven possible authors of a comment.
 * It is also most of the ten a valid round needs, so a round closed with seven to nine replies can still be
 * released for discussion (marked not valid as a TAB, see `MsfSummary.valid`), while one with fewer cannot: the
 * supervisor and learner agree a new round instead.
 */
export const MSF_MIN_RESPONSES_FOR_SUMMARY = 7;

export const MSF_ROLES = [
  'consultant',
  'doctor_in_training',
  'nurse',
  'allied_health_professional',
  'administrative_staff',
  'other',
] as const;
export type MsfRole = (typeof MSF_ROLES)[number];

export const MSF_ROLE_LABELS: Record<MsfRole, string> = {
  consultant: 'Consultant or GP',
  doctor_in_training: 'Doctor in training',
  nurse: 'Nurse or midwife',
  allied_health_professional: 'Allied health professional or pharmacist',
  administrative_staff: 'Administrative or clerical staff',
  other: 'Other team member',
};

export function isMsfRole(value: string): value is MsfRole {
  return (MSF_ROLES as readonly string[]).includes(value);
}

/**
 * The recommended mix, after the TAB's own guidance: senior doctors who supervise, and the nurses and other
 * colleagues whose view of behaviour a doctor's peers cannot give. A shortfall is a warning: the round can start.
 */
export const MSF_RECOMMENDED_MIX: readonly { roles: readonly MsfRole[]; atLeast: number; advice: string }[] = [
  {
    roles: ['consultant'],
    atLeast: 2,
    advice: 'Include at least 2 consultants or GPs, one of them your clinical supervisor',
  },
  { roles: ['nurse'], atLeast: 2, advice: 'Include at least 2 nurses or midwives' },
  {
    roles: ['allied_health_professional', 'administrative_staff', 'other'],
    atLeast: 2,
    advice: 'Include at least 2 other colleagues who are not doctors or nurses, such as therapists or ward clerks',
  },
];

/** The four TAB domains. */
export const MSF_DOMAINS = [
  { key: 'trust', title: 'Maintaining trust and professional relationships with patients' },
  { key: 'communication', title: 'Verbal communication skills' },
  { key: 'teamwork', title: 'Team-working and working with colleagues' },
  { key: 'accessibility', title: 'Accessibility' },
] as const;
export type MsfDomainKey = (typeof MSF_DOMAINS)[number]['key'];
export const MSF_DOMAIN_KEYS: readonly MsfDomainKey[] = MSF_DOMAINS.map((domain) => domain.key);

export const MSF_RATINGS = ['no_concern', 'some_concern', 'major_concern'] as const;
export type MsfRating = (typeof MSF_RATINGS)[number];
export const MSF_RATING_LABELS: Record<MsfRating, string> = {
  no_concern: 'No concern',
  some_concern: 'Some concern',
  major_concern: 'Major concern',
};

export interface MsfRater {
  name: string;
  email: string;
  /** As submitted: checked to be one of `MSF_ROLES`. */
  role: string;
}

export interface MsfDomainAnswer {
  rating: MsfRating;
  comment?: string | null | undefined;
}

/** One rater's returned form. Who wrote it is deliberately not part of it. */
export interface MsfResponse {
  ratings: Readonly<Record<MsfDomainKey, MsfDomainAnswer>>;
  comment?: string | null | undefined;
}

export interface MsfDomainSummary {
  key: MsfDomainKey;
  title: string;
  counts: Record<MsfRating, number>;
  /** Non-empty comments, trimmed, in alphabetical order so their order says nothing about who wrote them. */
  comments: string[];
}

export interface MsfSummary {
  responseCount: number;
  invitedCount: number;
  /** Responses ÷ invited, from 0 to 1; null when nobody was invited. */
  responseRate: number | null;
  /** Enough responses that the summary may be shown to the learner without pointing to anyone. */
  anonymityOk: boolean;
  /** Enough responses for a valid round of team assessment of behaviour. */
  valid: boolean;
  /** Whether any rater recorded some or major concern in any domain: the supervisor must discuss it. */
  concernsRaised: boolean;
  domains: MsfDomainSummary[];
  /** The overall comments, sorted like the domain comments. */
  comments: string[];
}

const EMAIL = z.email();

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Problems with the raters a learner proposes, with the form's field names as paths ('raters', 'raters[2].email').
 * Rows left entirely blank are ignored (forms post spare rows). Errors: fewer than `MSF_MIN_RATERS` or more than
 * `MSF_MAX_RATERS`; a missing name; a missing, malformed or repeated email (compared without case or spaces); the
 * learner's own email; an unknown role; fewer than `MSF_MIN_ROLE_GROUPS` staff groups. Warnings: fewer than
 * `MSF_RECOMMENDED_RATERS`, and each shortfall from `MSF_RECOMMENDED_MIX`.
 */
export function validateRaterList(
  raters: readonly MsfRater[],
  learnerEmail: string,
): { ok: boolean; problems: Problem[] } {
  const problems: Problem[] = [];
  const error = (path: string, message: string) => problems.push({ path, severity: 'error', message });
  const warning = (path: string, message: string) => problems.push({ path, severity: 'warning', message });
  const learner = normaliseEmail(learnerEmail);
  const seen = new Set<string>();
  const roles: MsfRole[] = [];
  let count = 0;

  raters.forEach((rater, index) => {
    const path = `raters[${String(index)}]`;
    const name = rater.name.trim();
    const email = normaliseEmail(rater.email);
    const role = rater.role.trim();
    if (name === '' && email === '' && role === '') return;
    count++;
    if (name === '') error(`${path}.name`, 'Enter the rater’s name');
    else if (name.length > 200) error(`${path}.name`, 'Rater’s name must be 200 characters or fewer');
    if (email === '') {
      error(`${path}.email`, 'Enter the rater’s email address');
    } else if (email.length > 254 || !EMAIL.safeParse(email).success) {
      error(`${path}.email`, 'Enter an email address in the correct format, like name@example.nhs.uk');
    } else if (email === learner) {
      error(`${path}.email`, 'You cannot be one of your own raters: enter a colleague’s email address');
    } else if (seen.has(email)) {
      error(`${path}.email`, 'You have already added this email address');
    }
    seen.add(email);
    if (isMsfRole(role)) roles.push(role);
    else error(`${path}.role`, 'Select the rater’s role');
  });

  if (count < MSF_MIN_RATERS) {
    error('raters', `Add at least ${String(MSF_MIN_RATERS)} raters (you have added ${String(count)})`);
  } else if (count > MSF_MAX_RATERS) {
    error('raters', `Add ${String(MSF_MAX_RATERS)} raters or fewer (you have added ${String(count)})`);
  } else if (count < MSF_RECOMMENDED_RATERS) {
    warning(
      'raters',
      `Not everyone replies: inviting ${String(MSF_RECOMMENDED_RATERS)} or more makes ${String(MSF_MIN_RATERS)} responses more likely`,
    );
  }
  const groups = new Set(roles).size;
  if (count > 0 && groups < MSF_MIN_ROLE_GROUPS) {
    error(
      'raters',
      `Add raters from at least ${String(MSF_MIN_ROLE_GROUPS)} different staff groups (you have ${String(groups)})`,
    );
  }
  for (const mix of MSF_RECOMMENDED_MIX) {
    if (roles.filter((role) => mix.roles.includes(role)).length < mix.atLeast) warning('raters', mix.advice);
  }
  return { ok: !problems.some((problem) => problem.severity === 'error'), problems };
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** Trimmed non-empty comments in an order that depends only on their text. */
function anonymousOrder(comments: readonly (string | null | undefined)[]): string[] {
  return comments
    .map((comment) => (comment ?? '').trim())
    .filter((comment) => comment !== '')
    .sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The summary of a round: counts and comments per domain, with nothing that says which rater wrote what. */
export function summariseMsf(responses: readonly MsfResponse[], invitedCount: number): MsfSummary {
  const responseCount = responses.length;
  const invited = Math.max(invitedCount, 0);
  const domains = MSF_DOMAINS.map(({ key, title }): MsfDomainSummary => {
    const counts: Record<MsfRating, number> = { no_concern: 0, some_concern: 0, major_concern: 0 };
    for (const response of responses) counts[response.ratings[key].rating]++;
    return { key, title, counts, comments: anonymousOrder(responses.map((r) => r.ratings[key].comment)) };
  });
  return {
    responseCount,
    invitedCount: invited,
    // More replies than invitations (an invitation withdrawn after a reply) must not show a rate above 100%.
    responseRate: invited === 0 ? null : Math.min(1, responseCount / invited),
    anonymityOk: responseCount >= MSF_MIN_RESPONSES_FOR_SUMMARY,
    valid: responseCount >= MSF_MIN_RATERS,
    concernsRaised: domains.some((d) => d.counts.some_concern + d.counts.major_concern > 0),
    domains,
    comments: anonymousOrder(responses.map((r) => r.comment)),
  };
}

// The release rule

export const MSF_STATES = ['not_started', 'collecting', 'ready_for_review', 'closed_too_few', 'released'] as const;
export type MsfState = (typeof MSF_STATES)[number];

export const MSF_STATE_LABELS: Record<MsfState, string> = {
  not_started: 'Not started',
  collecting: 'Collecting responses',
  ready_for_review: 'Ready for review',
  closed_too_few: 'Closed with too few responses',
  released: 'Released',
};

export interface MsfStateInput {
  /** Raters invited. */
  invited: number;
  /** Forms returned. */
  responses: number;
  /** When collection closes or closed: a time after `now` is a closing date still to come. */
  closedAt: Date | null;
  releasedAt: Date | null;
  now: Date;
}

/**
 * Where a round stands. Released is final: once a summary has been released it stays released whatever else
 * changes, since the learner has read it. Otherwise a closed round is ready for review with at least
 * `MSF_MIN_RESPONSES_FOR_SUMMARY` responses and closed with too few below that; an open round is ready for review
 * once `MSF_MIN_RATERS` responses have arrived (the supervisor need not wait for the closing date), and collecting
 * until then, or not started while nobody has been invited.
 */
export function msfState(input: MsfStateInput): MsfState {
  if (input.releasedAt !== null) return 'released';
  const closed = input.closedAt !== null && input.closedAt.getTime() <= input.now.getTime();
  if (closed) return input.responses >= MSF_MIN_RESPONSES_FOR_SUMMARY ? 'ready_for_review' : 'closed_too_few';
  if (input.invited <= 0 && input.responses <= 0) return 'not_started';
  return input.responses >= MSF_MIN_RATERS ? 'ready_for_review' : 'collecting';
}

/** The learner sees the summary only after release, and never the individual responses. */
export function mayLearnerSeeSummary(state: MsfState): boolean {
  return state === 'released';
}

export type MsfViewer = 'learner' | 'educational_supervisor' | 'programme_team' | 'rater';

/**
 * What each person may see of a round. The supervisor and the programme team see the responses (they must be able
 * to act on a concern and to check the round), never to be passed on; a rater sees only the form they returned,
 * which is not this.
 */
export function msfVisibility(state: MsfState, viewer: MsfViewer): { summary: boolean; responses: boolean } {
  switch (viewer) {
    case 'learner':
      return { summary: mayLearnerSeeSummary(state), responses: false };
    case 'educational_supervisor':
    case 'programme_team':
      return { summary: true, responses: true };
    case 'rater':
      return { summary: false, responses: false };
  }
}

export interface MsfReleaseInput extends MsfStateInput {
  /** The supervisor confirmed they have read the individual responses. */
  reviewed: boolean;
}

export type MsfDecision = { ok: true } | { ok: false; reason: string };

/**
 * Whether the educational supervisor may release the summary now, and if not, why, in words for the page. Who may
 * release (the learner's educational supervisor) is the policy's question, not this rule's. A round released before
 * its closing date should be closed at the same moment (closedAt = now), so that the summary the learner reads is
 * the one the supervisor reviewed and does not change under them.
 */
export function mayRelease(input: MsfReleaseInput): MsfDecision {
  const state = msfState(input);
  const n = String(input.responses);
  switch (state) {
    case 'released':
      return { ok: false, reason: 'The summary has already been released.' };
    case 'not_started':
      return { ok: false, reason: 'No raters have been invited yet.' };
    case 'collecting':
      return {
        ok: false,
        reason: `The summary can be released once collection has closed or ${String(MSF_MIN_RATERS)} responses have arrived (${n} so far).`,
      };
    case 'closed_too_few':
      return {
        ok: false,
        reason: `Only ${n} ${input.responses === 1 ? 'response' : 'responses'} arrived, fewer than the ${String(MSF_MIN_RESPONSES_FOR_SUMMARY)} needed to keep raters anonymous. Agree a new round with the learner instead.`,
      };
    case 'ready_for_review':
      return input.reviewed
        ? { ok: true }
        : { ok: false, reason: 'Confirm you have read the responses before releasing the summary.' };
  }
}

// Starting a round, reminding, and the rater's form

/** How far ahead a round must close: two weeks gives raters on rotas and leave a fair chance to reply. */
export const MSF_MIN_OPEN_DAYS = 14;
/** A round longer than this has lost the placement it is about. */
export const MSF_MAX_OPEN_DAYS = 90;
/** A rater is reminded at most once in this many days. */
export const MSF_REMINDER_INTERVAL_DAYS = 3;
/** The longest comment a rater or supervisor may write. */
export const MSF_COMMENT_MAX = 2000;

const DAY_MS = 86_400_000;

/** A round's default title from the day it starts (a London date, 'YYYY-MM-DD'): "Multi-source feedback, autumn 2026". */
export function defaultMsfTitle(today: string): string {
  const month = Number(today.slice(5, 7));
  const season = month <= 2 || month === 12 ? 'winter' : month <= 5 ? 'spring' : month <= 8 ? 'summer' : 'autumn';
  return `Multi-source feedback, ${season} ${today.slice(0, 4)}`;
}

/** Problems with a round's closing date (both London dates, 'YYYY-MM-DD'); null when it is fine. */
export function closingDateProblem(closesOn: string, today: string): string | null {
  const days = Math.round((Date.parse(closesOn) - Date.parse(today)) / DAY_MS);
  if (days < MSF_MIN_OPEN_DAYS) {
    return `The closing date must be at least ${String(MSF_MIN_OPEN_DAYS)} days from today, so raters have time to reply`;
  }
  if (days > MSF_MAX_OPEN_DAYS) {
    return `The closing date must be within ${String(MSF_MAX_OPEN_DAYS)} days of today`;
  }
  return null;
}

/** Whether a rater who has not replied may be sent a reminder now: never one within the last few days. */
export function mayRemind(rater: { respondedAt: Date | null; remindedAt: Date | null }, now: Date): boolean {
  if (rater.respondedAt !== null) return false;
  return rater.remindedAt === null || now.getTime() - rater.remindedAt.getTime() >= MSF_REMINDER_INTERVAL_DAYS * DAY_MS;
}

/** Words people write for each staff group, normalised (lower case, letters and digits between single spaces). */
const ROLE_WORDS: Record<MsfRole, readonly string[]> = {
  consultant: ['consultant', 'consultant or gp', 'gp', 'general practitioner', 'senior doctor', 'sas doctor'],
  doctor_in_training: [
    'doctor in training',
    'doctor',
    'trainee',
    'registrar',
    'foundation doctor',
    'resident doctor',
    'junior doctor',
    'f1',
    'f2',
    'fy1',
    'fy2',
    'core trainee',
    'specialty trainee',
  ],
  nurse: [
    'nurse',
    'nurse or midwife',
    'midwife',
    'staff nurse',
    'charge nurse',
    'sister',
    'ward sister',
    'matron',
    'nurse practitioner',
  ],
  allied_health_professional: [
    'allied health professional',
    'allied health professional or pharmacist',
    'ahp',
    'pharmacist',
    'physiotherapist',
    'physio',
    'occupational therapist',
    'dietitian',
    'speech and language therapist',
    'paramedic',
    'radiographer',
    'therapist',
  ],
  administrative_staff: [
    'administrative or clerical staff',
    'administrative staff',
    'administrative',
    'admin',
    'clerical',
    'ward clerk',
    'secretary',
    'medical secretary',
    'receptionist',
  ],
  other: ['other', 'other team member', 'healthcare assistant', 'hca'],
};

function normaliseWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const ROLE_BY_WORDS = new Map<string, MsfRole>();
for (const role of MSF_ROLES) {
  for (const words of [role, MSF_ROLE_LABELS[role], ...ROLE_WORDS[role]]) {
    const key = normaliseWords(words);
    ROLE_BY_WORDS.set(key, role);
    ROLE_BY_WORDS.set(`${key}s`, role);
  }
}

/** The staff group a person wrote, read leniently ("Nurse", "staff nurses", "GP", "FY2", "ward clerk"). */
export function readMsfRole(text: string): MsfRole | null {
  return ROLE_BY_WORDS.get(normaliseWords(text)) ?? null;
}

/** What the rater list's hint says each group may be called. */
export const MSF_ROLE_HINT = MSF_ROLES.map((role) => MSF_ROLE_LABELS[role]).join('; ');

export interface RaterLines {
  /** The raters read, one per non-blank line. */
  raters: MsfRater[];
  /** Each rater's line in the text, from 1. */
  lines: number[];
  /** Each rater's staff group as written, for a message when it is not one of the groups. */
  groups: string[];
}

const EMAIL_IN_TEXT = /<?([^\s<>,;]+@[^\s<>,;]+?)>?[.]?(?=\s|$)/;

/**
 * Raters typed one a line, "Name, email, staff group", read leniently: commas, semicolons, tabs or bars between the
 * parts, in any order (the part with an @ is the email, the one naming a staff group is the group, the rest is the
 * name), "Name <email> group" and spaces alone around the email, blank lines skipped. What cannot be read is left
 * empty for `readRaterLines` to report at its line.
 */
export function parseRaterLines(text: string): RaterLines {
  const result: RaterLines = { raters: [], lines: [], groups: [] };
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const parts: string[] = [];
    let email = '';
    for (const raw of line.split(/[,;\t|]/)) {
      const part = raw.trim();
      const match = email === '' ? EMAIL_IN_TEXT.exec(part) : null;
      if (match === null) {
        if (part !== '') parts.push(part);
        continue;
      }
      email = match[1] ?? '';
      const before = part.slice(0, match.index).trim();
      const after = part.slice(match.index + match[0].length).trim();
      if (before !== '') parts.push(before);
      if (after !== '') parts.push(after);
    }
    let roleAt = -1;
    for (let i = parts.length - 1; i >= 0 && roleAt < 0; i--) if (readMsfRole(parts[i] ?? '') !== null) roleAt = i;
    // With no group recognised, the last of several parts is taken to be a group the reader does not know.
    if (roleAt < 0 && parts.length > 1) roleAt = parts.length - 1;
    const group = roleAt < 0 ? '' : (parts[roleAt] ?? '');
    const name = parts.filter((_, i) => i !== roleAt).join(', ');
    result.raters.push({ name, email, role: readMsfRole(group) ?? '' });
    result.lines.push(index + 1);
    result.groups.push(group);
  });
  return result;
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/**
 * A typed rater list read and checked against `validateRaterList`, each rater's problem given with its line
 * ("Line 4: enter the rater’s email address"). With `existing` raters (adding to a round) the whole list is checked,
 * so a repeated email or the most raters a round may have counts those already invited.
 */
export function readRaterLines(
  text: string,
  learnerEmail: string,
  existing: readonly MsfRater[] = [],
): { ok: boolean; raters: MsfRater[]; errors: string[]; warnings: string[] } {
  const parsed = parseRaterLines(text);
  if (existing.length > 0 && parsed.raters.length === 0) {
    return { ok: false, raters: [], errors: ['Enter at least one rater'], warnings: [] };
  }
  const { problems } = validateRaterList([...existing, ...parsed.raters], learnerEmail);
  const errors: string[] = [];
  const warnings: string[] = [];
  const perRater = new Map<number, string[]>();
  for (const problem of problems) {
    const at = /^raters\[(\d+)\]\.(\w+)$/.exec(problem.path);
    if (at === null) {
      (problem.severity === 'error' ? errors : warnings).push(problem.message);
      continue;
    }
    const index = Number(at[1]) - existing.length;
    const line = parsed.lines[index];
    if (line === undefined) continue;
    let message = lowerFirst(problem.message);
    if (at[2] === 'role') {
      const group = parsed.groups[index] ?? '';
      message =
        group === ''
          ? 'enter the staff group after the email address'
          : `“${group}” is not one of the staff groups listed`;
    }
    perRater.set(index, [...(perRater.get(index) ?? []), `Line ${String(line)}: ${message}`]);
  }
  const lineErrors = [...perRater.entries()].sort(([a], [b]) => a - b).flatMap(([, messages]) => messages);
  const all = [...lineErrors, ...errors];
  return { ok: all.length === 0, raters: parsed.raters, errors: all, warnings };
}

/** A rater's returned form as posted: a rating and a comment for each domain, and an overall comment. */
export function readMsfResponse(
  values: Readonly<Record<string, unknown>>,
): { ok: true; response: MsfResponse & { comment: string } } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = (field: string): string => {
    const value = values[field];
    const typed = typeof value === 'string' ? value.trim() : '';
    if (typed.length > MSF_COMMENT_MAX) {
      problems.push({
        path: field,
        severity: 'error',
        message: `Your comment must be ${MSF_COMMENT_MAX.toLocaleString('en-GB')} characters or fewer`,
      });
    }
    return typed;
  };
  const ratings = {} as Record<MsfDomainKey, MsfDomainAnswer>;
  for (const domain of MSF_DOMAINS) {
    const value = values[`${domain.key}-rating`];
    const rating = MSF_RATINGS.find((candidate) => candidate === value);
    if (rating === undefined) {
      problems.push({
        path: `${domain.key}-rating`,
        severity: 'error',
        message: `Select a rating for ${domain.title.charAt(0).toLowerCase()}${domain.title.slice(1)}`,
      });
    }
    ratings[domain.key] = { rating: rating ?? 'no_concern', comment: text(`${domain.key}-comment`) };
  }
  const comment = text('comment');
  return problems.length === 0 ? { ok: true, response: { ratings, comment } } : { ok: false, problems };
}

/** The free text of a returned form, for the anonymisation guard: field names as on the rater's form. */
export function msfResponseTexts(response: MsfResponse): { field: string; label: string; text: string }[] {
  return [
    ...MSF_DOMAINS.map((domain) => ({
      field: `${domain.key}-comment`,
      label: `Your comment on ${domain.title.charAt(0).toLowerCase()}${domain.title.slice(1)}`,
      text: response.ratings[domain.key].comment ?? '',
    })),
    { field: 'comment', label: 'Your overall comment', text: response.comment ?? '' },
  ];
}
