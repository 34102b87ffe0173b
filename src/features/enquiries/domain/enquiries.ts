/**
 * Enquiries in the programme's words: what a member of the public may ask about, where the team has got to with it,
 * the reference quoted to them, how the contact form is read (with its trap for automated senders and its refusal of
 * patient details), and how long a closed enquiry is kept. Pure: no clock, no randomness of its own (both are given).
 */
import { z } from 'zod';
import { patientIdentifierProblem } from '../../portfolio/domain/patient-identifiers.ts';

export const ENQUIRY_TOPICS = ['posts', 'enhance', 'projects', 'volunteering', 'vr', 'other'] as const;
export type EnquiryTopic = (typeof ENQUIRY_TOPICS)[number];
export const TOPIC_LABELS: Record<EnquiryTopic, string> = {
  posts: 'Generalism F2 posts',
  enhance: 'Enhance programme',
  projects: 'Change projects',
  volunteering: 'Volunteering',
  vr: 'The 360° learning resource',
  other: 'Something else',
};

export const ENQUIRY_STATUSES = ['new', 'in_progress', 'closed'] as const;
export type EnquiryStatus = (typeof ENQUIRY_STATUSES)[number];
export const STATUS_LABELS: Record<EnquiryStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  closed: 'Closed',
};
/** The NHS tag each status is shown with. */
export const STATUS_TAGS: Record<EnquiryStatus, { text: string; colour: 'blue' | 'yellow' | 'grey' }> = {
  new: { text: 'New', colour: 'blue' },
  in_progress: { text: 'In progress', colour: 'yellow' },
  closed: { text: 'Closed', colour: 'grey' },
};

/** Who an inbox list shows: everyone's, the reader's own, or those nobody has taken yet. */
export const ASSIGNEE_FILTERS = ['me', 'unassigned'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

// ----- The reference -----

/**
 * Crockford's base32: no I, L, O or U, so a reference read out over the phone is not mistaken. 32 symbols, so a
 * random byte's low five bits pick one without bias.
 */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_LENGTH = 6;
export const REFERENCE_PATTERN = /^ENQ-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{6}$/;

/** A reference such as "ENQ-7KQ2M4" from random bytes (at least six; the caller draws them). */
export function referenceFrom(bytes: Uint8Array): string {
  if (bytes.length < REFERENCE_LENGTH) throw new Error('A reference needs six random bytes');
  let code = '';
  for (let index = 0; index < REFERENCE_LENGTH; index++) {
    code += REFERENCE_ALPHABET.charAt((bytes[index] ?? 0) & 31);
  }
  return `ENQ-${code}`;
}

/** A reference as someone typed it into a search box: upper case, spaces gone; "enq 7kq2m4" finds "ENQ-7KQ2M4". */
export function normaliseReference(text: string): string {
  return text
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^ENQ(?=[0-9A-Z]{6}$)/, 'ENQ-');
}

// ----- The public form -----

export const LIMITS = { name: 100, email: 254, subject: 150, message: 5000, reply: 10_000 } as const;

/** The field people are asked to leave empty; automated senders fill every field they find. */
export const HONEYPOT_FIELD = 'website';

/** Whether the trap field was filled in: the answer is as for a sent enquiry, but nothing is saved or sent. */
export function honeypotFilled(values: Readonly<Record<string, unknown>>): boolean {
  const value = values[HONEYPOT_FIELD];
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

export interface EnquiryForm {
  topic: EnquiryTopic;
  name: string;
  email: string;
  subject: string;
  message: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Line ends as the browser sends them (CRLF) become LF, so a length counts what the person sees. */
const body = (value: unknown): string => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '');

export interface FieldProblem {
  field: string;
  href: string;
  message: string;
}

// ----- Patient details -----

/** Who is told: a member of the public on the contact form, or the programme team writing a reply. */
export type Writer = 'public' | 'team';

const CLOSINGS: Record<Writer, string> = {
  public: 'Remove it before sending. We cannot accept patient details through this form.',
  team: 'Remove it before sending: enquiries and replies never hold patient details.',
};

/**
 * The problem with a text of an enquiry that may identify a patient (an NHS number, a date of birth, a hospital
 * number: the platform's rule), saying what was found and to remove it before sending; null when it holds none.
 * Members of the public paste patient details into contact forms, and an enquiry is kept and emailed, so none is
 * taken in and none goes out in a reply.
 */
export function patientDetailsProblem(label: string, text: string, writer: Writer): string | null {
  return patientIdentifierProblem(label, text, CLOSINGS[writer]);
}

/**
 * Reads the contact form: each field's problem in the order the fields appear, or the enquiry. A subject or message
 * that may identify a patient is refused, whatever else is right.
 */
export function readEnquiryForm(
  values: Readonly<Record<string, unknown>>,
): { ok: true; data: EnquiryForm } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string, href = `#${field}`) => problems.push({ field, href, message });
  const topic = ENQUIRY_TOPICS.find((value) => value === values.topic);
  if (topic === undefined) problem('topic', 'Select what your enquiry is about', '#topic');
  const name = text(values.name);
  if (name === '') problem('name', 'Enter your name');
  else if (name.length > LIMITS.name) problem('name', `Your name must be ${String(LIMITS.name)} characters or fewer`);
  const email = text(values.email);
  if (email === '') problem('email', 'Enter your email address');
  else if (email.length > LIMITS.email || !z.email().safeParse(email).success)
    problem('email', 'Enter an email address in the correct format, like name@example.com');
  const subject = text(values.subject).replace(/\s+/g, ' ');
  // Patient details are looked for only in a text within its limit: a longer one is refused before it is read.
  const details = (field: string, label: string, value: string) => {
    const found = patientDetailsProblem(label, value, 'public');
    if (found !== null) problem(field, found);
  };
  if (subject === '') problem('subject', 'Enter a subject');
  else if (subject.length > LIMITS.subject)
    problem('subject', `The subject must be ${String(LIMITS.subject)} characters or fewer`);
  else details('subject', 'The subject', subject);
  const message = body(values.message);
  if (message === '') problem('message', 'Enter your message');
  else if (message.length > LIMITS.message)
    problem('message', `Your message must be ${String(LIMITS.message)} characters or fewer`);
  else details('message', 'Your message', message);
  if (problems.length > 0 || topic === undefined) return { ok: false, problems };
  return { ok: true, data: { topic, name, email, subject, message } };
}

/** Reads a reply from the team: its text, within the limit and with no patient details. */
export function readReply(
  values: Readonly<Record<string, unknown>>,
): { ok: true; data: { body: string } } | { ok: false; problems: FieldProblem[] } {
  const reply = body(values.body);
  if (reply === '') return { ok: false, problems: [{ field: 'body', href: '#body', message: 'Enter your reply' }] };
  if (reply.length > LIMITS.reply) {
    const message = `Your reply must be ${String(LIMITS.reply)} characters or fewer`;
    return { ok: false, problems: [{ field: 'body', href: '#body', message }] };
  }
  const details = patientDetailsProblem('Your reply', reply, 'team');
  if (details !== null) return { ok: false, problems: [{ field: 'body', href: '#body', message: details }] };
  return { ok: true, data: { body: reply } };
}

/** The subject of a reply: the sender's own, with the reference, and "Re:" once. */
export function replySubject(subject: string, reference: string): string {
  const plain = subject.replace(/^(re:\s*)+/i, '').trim();
  return `Re: ${plain} [${reference}]`;
}

// ----- Status -----

/** What a status change sets: closing stamps the time, reopening clears it; anything else keeps it. */
export function statusChange(
  from: { status: EnquiryStatus; closedAt: Date | null },
  to: EnquiryStatus,
  now: Date,
): { status: EnquiryStatus; closedAt: Date | null } {
  if (to === 'closed') return { status: to, closedAt: from.status === 'closed' ? from.closedAt : now };
  return { status: to, closedAt: null };
}

/** A reply moves a new enquiry on to "in progress"; one in progress or closed keeps its status. */
export function statusAfterReply(status: EnquiryStatus): EnquiryStatus {
  return status === 'new' ? 'in_progress' : status;
}

// ----- Retention -----

export const RETENTION_DEFAULT_MONTHS = 12;
export const RETENTION_MIN_MONTHS = 1;
export const RETENTION_MAX_MONTHS = 60;

/** Reads the settings form's number of months: a whole number from 1 to 60. */
export function readRetentionMonths(value: unknown): { ok: true; months: number } | { ok: false; message: string } {
  const raw = text(value);
  const range = `Enter a whole number of months from ${String(RETENTION_MIN_MONTHS)} to ${String(RETENTION_MAX_MONTHS)}`;
  if (raw === '') return { ok: false, message: 'Enter how many months closed enquiries are kept' };
  if (!/^\d{1,3}$/.test(raw)) return { ok: false, message: range };
  const months = Number(raw);
  if (months < RETENTION_MIN_MONTHS || months > RETENTION_MAX_MONTHS) return { ok: false, message: range };
  return { ok: true, months };
}

/** "1 month", "12 months". */
export function monthsText(months: number): string {
  return months === 1 ? '1 month' : `${String(months)} months`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The instant a number of calendar months after another (UTC), at the same time of day; a day the month does not
 * have becomes its last (31 January and a month is 28 or 29 February), so nothing is kept a day short or long.
 */
export function addMonths(instant: Date, months: number): Date {
  const total = instant.getUTCFullYear() * 12 + instant.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(instant.getUTCDate(), daysInMonth(year, month));
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      instant.getUTCHours(),
      instant.getUTCMinutes(),
      instant.getUTCSeconds(),
      instant.getUTCMilliseconds(),
    ),
  );
}

/** When a closed enquiry is due to be deleted: its closing time and the region's months. */
export function deletionDue(closedAt: Date, months: number): Date {
  return addMonths(closedAt, months);
}

/** Whether a closed enquiry has been kept its full time at `now`. */
export function isExpired(closedAt: Date, months: number, now: Date): boolean {
  return now.getTime() >= deletionDue(closedAt, months).getTime();
}

/**
 * The latest closing time that could have expired by `now`: a month is at least 28 days, so nothing closed after
 * `now - 28 × months days` has. A query takes those closed before it, and isExpired decides each.
 */
export function expiryCandidatesBefore(now: Date, months: number): Date {
  return new Date(now.getTime() - months * 28 * 86_400_000);
}
