import { compareText, type Problem } from '../../curriculum/domain/curriculum.ts';

/**
 * Learning events: places and a waiting list, self check-in with a short code shown in the room, and the feedback
 * form. Registration is a list of per-learner records moved between states by pure transitions; the service loads
 * the list inside a transaction (locking the event), applies one transition and writes back what changed.
 */

// ---------------------------------------------------------------------------------------------------------------
// Registration and the waiting list

export type RegistrationStatus = 'registered' | 'waiting' | 'cancelled';

/** A learner's one record for one event. A learner has at most one record per event. */
export interface Registration {
  learnerId: string;
  status: RegistrationStatus;
  /**
   * When the learner asked for a place. Kept when they are promoted from the waiting list, so it is their place in
   * the queue; a learner who cancels and asks again gets a new time and joins the back.
   */
  at: Date;
  /** When the status last changed (the request itself, a promotion, a cancellation). */
  changedAt: Date;
}

/** Places at the event; null when there is no limit. A whole number of 0 or more otherwise. */
export type Capacity = number | null;

export type RegisterOutcome = 'registered' | 'waiting' | 'already-registered' | 'already-waiting';
export type CancelOutcome = 'cancelled' | 'left-waiting-list' | 'not-registered';

export interface Transition<O> {
  registrations: Registration[];
  outcome: O;
  /** Learners moved from the waiting list to a place by this transition, first promoted first: tell them. */
  promoted: string[];
}

export type CapacityChange =
  { ok: true; registrations: Registration[]; promoted: string[] } | { ok: false; minimum: number; message: string };

function checkCapacity(capacity: Capacity): void {
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 0)) {
    throw new RangeError(
      `Capacity must be a whole number of 0 or more, or null for no limit (was ${String(capacity)})`,
    );
  }
}

/** First come, first served: by request time, then learner id so that a tie is broken the same way every time. */
function queueOrder(a: Registration, b: Registration): number {
  return a.at.getTime() - b.at.getTime() || compareText(a.learnerId, b.learnerId);
}

function hasRoom(registered: number, capacity: Capacity): boolean {
  return capacity === null || registered < capacity;
}

export function registeredCount(state: readonly Registration[]): number {
  return state.filter((registration) => registration.status === 'registered').length;
}

/** The waiting list, first in the queue first. */
export function waitingList(state: readonly Registration[]): Registration[] {
  return state.filter((registration) => registration.status === 'waiting').sort(queueOrder);
}

/** A learner's place on the waiting list, 1 for the next to be offered a place; null when not waiting. */
export function waitingPosition(state: readonly Registration[], learnerId: string): number | null {
  const index = waitingList(state).findIndex((registration) => registration.learnerId === learnerId);
  return index < 0 ? null : index + 1;
}

export interface EventCounts {
  registered: number;
  waiting: number;
  /** null when there is no limit. */
  placesLeft: number | null;
  full: boolean;
}

export function eventCounts(state: readonly Registration[], capacity: Capacity): EventCounts {
  checkCapacity(capacity);
  const registered = registeredCount(state);
  const placesLeft = capacity === null ? null : Math.max(0, capacity - registered);
  return { registered, waiting: waitingList(state).length, placesLeft, full: placesLeft === 0 };
}

/**
 * Gives free places to the waiting list in queue order until the event is full or nobody waits. Every transition
 * does this first, so that a list stored in an unsettled state (capacity raised elsewhere) is put right before a
 * newcomer could take a place someone was waiting for.
 */
export function promoteWaiting(
  state: readonly Registration[],
  capacity: Capacity,
  at: Date,
): { registrations: Registration[]; promoted: string[] } {
  checkCapacity(capacity);
  let registered = registeredCount(state);
  const promoted: string[] = [];
  for (const registration of waitingList(state)) {
    if (!hasRoom(registered, capacity)) break;
    promoted.push(registration.learnerId);
    registered += 1;
  }
  if (promoted.length === 0) return { registrations: [...state], promoted };
  const chosen = new Set(promoted);
  return {
    registrations: state.map((registration) =>
      registration.status === 'waiting' && chosen.has(registration.learnerId)
        ? { ...registration, status: 'registered', changedAt: at }
        : registration,
    ),
    promoted,
  };
}

/**
 * A learner asks for a place: they get one if there is room, or join the back of the waiting list. Asking again
 * while registered or waiting changes nothing. A cancelled learner asking again is a new request.
 */
export function register(
  state: readonly Registration[],
  learnerId: string,
  at: Date,
  capacity: Capacity,
): Transition<RegisterOutcome> {
  const settled = promoteWaiting(state, capacity, at);
  const existing = settled.registrations.find((registration) => registration.learnerId === learnerId);
  if (existing?.status === 'registered') {
    return { registrations: settled.registrations, outcome: 'already-registered', promoted: settled.promoted };
  }
  if (existing?.status === 'waiting') {
    return { registrations: settled.registrations, outcome: 'already-waiting', promoted: settled.promoted };
  }
  const status = hasRoom(registeredCount(settled.registrations), capacity) ? 'registered' : 'waiting';
  const record: Registration = { learnerId, status, at, changedAt: at };
  const registrations =
    existing === undefined
      ? [...settled.registrations, record]
      : settled.registrations.map((registration) => (registration.learnerId === learnerId ? record : registration));
  return { registrations, outcome: status, promoted: settled.promoted };
}

/** A learner gives up their place (the next in the queue takes it) or leaves the waiting list. */
export function cancel(
  state: readonly Registration[],
  learnerId: string,
  at: Date,
  capacity: Capacity,
): Transition<CancelOutcome> {
  checkCapacity(capacity);
  const existing = state.find((registration) => registration.learnerId === learnerId);
  if (existing === undefined || existing.status === 'cancelled') {
    const settled = promoteWaiting(state, capacity, at);
    return { registrations: settled.registrations, outcome: 'not-registered', promoted: settled.promoted };
  }
  const outcome: CancelOutcome = existing.status === 'registered' ? 'cancelled' : 'left-waiting-list';
  const withdrawn = state.map((registration) =>
    registration.learnerId === learnerId
      ? { ...registration, status: 'cancelled' as const, changedAt: at }
      : registration,
  );
  const settled = promoteWaiting(withdrawn, capacity, at);
  return { registrations: settled.registrations, outcome, promoted: settled.promoted };
}

/**
 * An organiser changes the number of places. More places go to the waiting list in queue order. Fewer places than
 * learners already registered is refused: nobody loses a place they were given.
 */
export function changeCapacity(state: readonly Registration[], capacity: Capacity, at: Date): CapacityChange {
  checkCapacity(capacity);
  const registered = registeredCount(state);
  if (capacity !== null && capacity < registered) {
    return {
      ok: false,
      minimum: registered,
      message: `Places must be ${String(registered)} or more, because ${String(registered)} ${registered === 1 ? 'learner is' : 'learners are'} already registered`,
    };
  }
  const settled = promoteWaiting(state, capacity, at);
  return { ok: true, registrations: settled.registrations, promoted: settled.promoted };
}

// ---------------------------------------------------------------------------------------------------------------
// Self check-in

/** No 0, O, 1, I or L: the characters people misread on a projected slide. */
export const CHECK_IN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECK_IN_CODE_LENGTH = 6;
/** The fewest random bytes makeCheckInCode takes; pass 16 from node:crypto's randomBytes. */
export const CHECK_IN_MIN_RANDOM_BYTES = 8;
/** Check-in opens this long before the start, for people who arrive early. */
export const CHECK_IN_OPENS_MINUTES_BEFORE = 30;

/**
 * A check-in code from random bytes (the caller draws them, so this stays pure). The bytes are read as one large
 * number and written in base 31; with 8 or more bytes the codes are uniform to within 1 part in 10^10, where taking
 * each byte modulo 31 would favour some characters by 3 %.
 */
export function makeCheckInCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < CHECK_IN_MIN_RANDOM_BYTES) {
    throw new RangeError(`A check-in code needs at least ${String(CHECK_IN_MIN_RANDOM_BYTES)} random bytes`);
  }
  let value = 0n;
  for (const byte of randomBytes) value = (value << 8n) | BigInt(byte);
  const base = BigInt(CHECK_IN_ALPHABET.length);
  let code = '';
  for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) {
    code += CHECK_IN_ALPHABET.charAt(Number(value % base));
    value /= base;
  }
  return code;
}

/** What people type, made comparable: capitals, with spaces, hyphens and dashes of any kind removed. */
export function normaliseCheckInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s\-\u2010-\u2015\u2212]+/g, '');
}

/** Shown on screen in two halves, 'ABC-DEF', which is easier to read out and type. */
export function displayCheckInCode(code: string): string {
  const normal = normaliseCheckInCode(code);
  const half = Math.ceil(normal.length / 2);
  return normal.length <= 3 ? normal : `${normal.slice(0, half)}-${normal.slice(half)}`;
}

/** Whether a typed code is the event's code, forgiving case, spaces and hyphens. An empty code never matches. */
export function codeMatches(expected: string, typed: string): boolean {
  const wanted = normaliseCheckInCode(expected);
  return wanted !== '' && wanted === normaliseCheckInCode(typed);
}

export interface EventTimes {
  startsAt: Date;
  endsAt: Date;
}

export function checkInWindow(event: EventTimes): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(event.startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * 60_000),
    closesAt: event.endsAt,
  };
}

/** Open from 30 minutes before the start until the end, both moments included. */
export function checkInOpen(event: EventTimes, now: Date): boolean {
  const { opensAt, closesAt } = checkInWindow(event);
  return now.getTime() >= opensAt.getTime() && now.getTime() <= closesAt.getTime();
}

// ---------------------------------------------------------------------------------------------------------------
// Feedback

export interface RatingQuestion {
  id: string;
  kind: 'rating';
  text: string;
  required: boolean;
}

export interface TextQuestion {
  id: string;
  kind: 'text';
  text: string;
  required: boolean;
}

export type FeedbackQuestion = RatingQuestion | TextQuestion;

/** Ratings run from 1 to 5; the labels go beside the radio buttons. */
export const RATING_LABELS = {
  1: 'Very poor',
  2: 'Poor',
  3: 'Fair',
  4: 'Good',
  5: 'Very good',
} as const;
export type Rating = keyof typeof RATING_LABELS;
const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

export const FEEDBACK_TEXT_LIMIT = 2000;
export const FEEDBACK_QUESTION_LIMIT = 300;

/** A short form an organiser starts from: two ratings and two free-text questions. */
export const DEFAULT_FEEDBACK_QUESTIONS: readonly FeedbackQuestion[] = [
  { id: 'overall', kind: 'rating', text: 'Overall, how would you rate this event?', required: true },
  { id: 'relevance', kind: 'rating', text: 'How useful was it for your practice?', required: false },
  { id: 'went-well', kind: 'text', text: 'What went well?', required: false },
  { id: 'even-better', kind: 'text', text: 'What would have made it even better?', required: false },
];

/** One learner's answers, by question id: a rating 1 to 5 or a text. Missing answers are absent or null. */
export interface FeedbackResponse {
  answers: Readonly<Record<string, number | string | null | undefined>>;
}

/** Problems with a form's questions: at least one, ids unique and non-empty, question text present and short. */
export function validateFeedbackQuestions(questions: readonly FeedbackQuestion[]): Problem[] {
  const problems: Problem[] = [];
  if (questions.length === 0) {
    problems.push({ path: 'questions', severity: 'error', message: 'Add at least one question' });
  }
  const seen = new Set<string>();
  questions.forEach((question, index) => {
    const path = `questions[${String(index)}]`;
    if (question.id.trim() === '') {
      problems.push({ path: `${path}.id`, severity: 'error', message: 'Every question needs an id' });
    } else if (seen.has(question.id)) {
      problems.push({
        path: `${path}.id`,
        severity: 'error',
        message: `Question id ${question.id} is used more than once`,
      });
    }
    seen.add(question.id);
    if (question.text.trim() === '') {
      problems.push({ path: `${path}.text`, severity: 'error', message: 'Enter the question' });
    } else if (question.text.length > FEEDBACK_QUESTION_LIMIT) {
      problems.push({
        path: `${path}.text`,
        severity: 'error',
        message: `Question must be ${String(FEEDBACK_QUESTION_LIMIT)} characters or fewer`,
      });
    }
  });
  return problems;
}

export type FeedbackAnswersResult =
  { ok: true; answers: Record<string, Rating | string> } | { ok: false; problems: Problem[] };

/**
 * Reads a submitted form (every value a string, as a form posts it) against the questions: ratings must be a
 * whole number 1 to 5, text is trimmed and at most FEEDBACK_TEXT_LIMIT characters, required questions must be
 * answered. Unanswered optional questions are left out; fields that are not questions are ignored. Problem paths
 * are the question ids, the form's field names.
 */
export function validateFeedbackAnswers(
  questions: readonly FeedbackQuestion[],
  form: Readonly<Record<string, string | undefined>>,
): FeedbackAnswersResult {
  const problems: Problem[] = [];
  const answers: Record<string, Rating | string> = {};
  for (const question of questions) {
    const value = (form[question.id] ?? '').trim();
    if (value === '') {
      if (question.required) {
        problems.push({
          path: question.id,
          severity: 'error',
          message: question.kind === 'rating' ? `Select a rating for: ${question.text}` : `Answer: ${question.text}`,
        });
      }
      continue;
    }
    if (question.kind === 'rating') {
      const rating = Number(value);
      if (!/^[1-5]$/.test(value)) {
        problems.push({
          path: question.id,
          severity: 'error',
          message: `Select a rating from 1 to 5 for: ${question.text}`,
        });
      } else {
        answers[question.id] = rating as Rating;
      }
    } else if (value.length > FEEDBACK_TEXT_LIMIT) {
      problems.push({
        path: question.id,
        severity: 'error',
        message: `Your answer must be ${String(FEEDBACK_TEXT_LIMIT)} characters or fewer (it has ${String(value.length)})`,
      });
    } else {
      answers[question.id] = value;
    }
  }
  return problems.length === 0 ? { ok: true, answers } : { ok: false, problems };
}

export interface RatingSummary {
  question: RatingQuestion;
  /** Responses that rated this question. */
  count: number;
  /** Mean rating to one decimal place; null when nobody rated it. */
  mean: number | null;
  /** How many chose each rating, 1 to 5. */
  distribution: Record<Rating, number>;
}

export interface TextSummary {
  question: TextQuestion;
  /** The non-empty answers, trimmed, in the order of the responses. */
  answers: string[];
}

export interface FeedbackSummary {
  responses: number;
  ratings: RatingSummary[];
  texts: TextSummary[];
  responseRate: {
    responses: number;
    /** Those who attended when known (checked in), otherwise those registered. */
    outOf: number;
    basis: 'attended' | 'registered';
    /** Whole per cent, at most 100; null when outOf is 0. */
    percent: number | null;
  };
}

/**
 * What organisers see of an event's feedback: for each rating question the count, mean (1 decimal place) and
 * spread; for each text question the answers. Ratings that are not a whole number 1 to 5 are not counted, and a
 * text answer given to a rating question (or the reverse) is ignored, so a form edited after responses arrived
 * cannot corrupt the summary. The response rate is over those who attended when that is known, else over those
 * registered.
 */
export function summariseFeedback(
  questions: readonly FeedbackQuestion[],
  responses: readonly FeedbackResponse[],
  attendance: { registered: number; attended?: number | null },
): FeedbackSummary {
  const ratings: RatingSummary[] = [];
  const texts: TextSummary[] = [];
  for (const question of questions) {
    if (question.kind === 'rating') {
      const distribution: Record<Rating, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
      let count = 0;
      let sum = 0;
      for (const response of responses) {
        const value = response.answers[question.id];
        if (typeof value !== 'number' || !RATINGS.includes(value as Rating)) continue;
        distribution[value as Rating] += 1;
        count += 1;
        sum += value;
      }
      // Integer arithmetic before the one division keeps 2.25 rounding to 2.3 rather than floating to 2.2.
      ratings.push({ question, count, mean: count === 0 ? null : Math.round((sum * 10) / count) / 10, distribution });
    } else {
      const answers: string[] = [];
      for (const response of responses) {
        const value = response.answers[question.id];
        if (typeof value === 'string' && value.trim() !== '') answers.push(value.trim());
      }
      texts.push({ question, answers });
    }
  }
  const attended = attendance.attended ?? null;
  const outOf = attended ?? attendance.registered;
  return {
    responses: responses.length,
    ratings,
    texts,
    responseRate: {
      responses: responses.length,
      outOf,
      basis: attended === null ? 'registered' : 'attended',
      percent: outOf <= 0 ? null : Math.min(100, Math.round((responses.length * 100) / outOf)),
    },
  };
}
