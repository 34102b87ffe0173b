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
