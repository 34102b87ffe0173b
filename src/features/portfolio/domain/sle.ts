/**
 * Supervised learning events: a mini-CEX, a case-based discussion, a directly observed procedure or a "developing the
 * clinical teacher" session, which the learner asks an assessor to complete. The learner describes the event and
 * names the assessor; the assessor, who may have no account, completes the form of that type through an emailed
 * single-use link (ADR 13). Assessors rate against what is expected at the learner's stage, the Foundation
 * Programme's way, and what counts most is the written feedback: what went well, what to develop, what was agreed.
 * Pure: the link's state is worked out from the times given.
 */
import { z } from 'zod';
import { CARE_SETTINGS, CARE_SETTING_LABELS, LONG_TEXT_MAX, type CareSetting } from './entries.ts';
import { Problems, readCommon, type FormProblem, type Values } from './form-reading.ts';
import type { TextField } from './guard.ts';

export const SLE_TYPES = ['mini_cex', 'cbd', 'dops', 'dct'] as const;
export type SleType = (typeof SLE_TYPES)[number];

export const SLE_TYPE_LABELS: Record<SleType, string> = {
  mini_cex: 'Mini-CEX (mini clinical evaluation exercise)',
  cbd: 'Case-based discussion (CBD)',
  dops: 'DOPS (direct observation of procedural skills)',
  dct: 'Developing the clinical teacher',
};

/** What an assessor is asked to rate, for each type: the domains of the Foundation Programme's forms. */
export const SLE_DOMAINS: Record<SleType, readonly { key: string; label: string }[]> = {
  mini_cex: [
    { key: 'history', label: 'History taking' },
    { key: 'examination', label: 'Physical examination' },
    { key: 'communication', label: 'Communication' },
    { key: 'clinicalJudgement', label: 'Clinical judgement' },
    { key: 'professionalism', label: 'Professionalism' },
    { key: 'organisation', label: 'Organisation and efficiency' },
  ],
  cbd: [
    { key: 'clinicalAssessment', label: 'Clinical assessment' },
    { key: 'investigationReferral', label: 'Investigation and referral' },
    { key: 'treatment', label: 'Treatment' },
    { key: 'followUp', label: 'Follow-up and future planning' },
    { key: 'professionalism', label: 'Professionalism' },
    { key: 'clinicalJudgement', label: 'Overall clinical judgement' },
  ],
  dops: [
    { key: 'consent', label: 'Obtaining informed consent' },
    { key: 'preparation', label: 'Preparation before the procedure' },
    { key: 'technicalAbility', label: 'Technical ability' },
    { key: 'asepticTechnique', label: 'Aseptic technique' },
    { key: 'seekingHelp', label: 'Seeking help where appropriate' },
    { key: 'postProcedure', label: 'Post-procedure management' },
    { key: 'communication', label: 'Communication with the patient' },
  ],
  dct: [
    { key: 'planning', label: 'Planning the session' },
    { key: 'delivery', label: 'Delivery' },
    { key: 'engagement', label: 'Engagement of learners' },
    { key: 'feedback', label: 'Feedback given to learners' },
  ],
};

export const SLE_RATINGS = ['below', 'meets', 'above', 'not_observed'] as const;
export type SleRating = (typeof SLE_RATINGS)[number];

export const SLE_RATING_LABELS: Record<SleRating, string> = {
  below: 'Below expectations for stage',
  meets: 'Meets expectations for stage',
  above: 'Above expectations for stage',
  not_observed: 'Not observed',
};

export const ASSESSOR_ROLES = [
  'consultant',
  'gp',
  'registrar',
  'nurse_practitioner',
  'other_doctor',
  'other_professional',
] as const;
export type AssessorRole = (typeof ASSESSOR_ROLES)[number];

export const ASSESSOR_ROLE_LABELS: Record<AssessorRole, string> = {
  consultant: 'Consultant',
  gp: 'GP',
  registrar: 'Registrar (specialty trainee)',
  nurse_practitioner: 'Nurse practitioner or advanced clinical practitioner',
  other_doctor: 'Another doctor, more senior than the learner',
  other_professional: 'Another healthcare professional',
};

/** How long an assessor's link works: a fortnight is long enough for a busy consultant, short enough to be spent. */
export const ASSESSOR_LINK_DAYS = 14;

const NAME_MAX = 120;
const EMAIL_MAX = 254;

const assessorSchema = z.object({
  name: z.string().min(1).max(NAME_MAX),
  email: z.email().max(EMAIL_MAX),
  role: z.enum(ASSESSOR_ROLES),
});
export type Assessor = z.infer<typeof assessorSchema>;

const assessmentSchema = z.object({
  ratings: z.record(z.string(), z.enum(SLE_RATINGS)),
  wentWell: z.string().min(1).max(LONG_TEXT_MAX),
  development: z.string().min(1).max(LONG_TEXT_MAX),
  agreedAction: z.string().max(LONG_TEXT_MAX),
  assessorName: z.string().min(1).max(NAME_MAX),
  assessorRole: z.enum(ASSESSOR_ROLES),
  completedAt: z.iso.datetime(),
});
export type SleAssessment = z.infer<typeof assessmentSchema>;

/** An SLE's document: what the learner wrote when asking, the assessor asked, and once done the assessment. */
export const sleDocumentSchema = z
  .object({
    type: z.enum(SLE_TYPES),
    setting: z.enum(CARE_SETTINGS),
    place: z.string().max(200),
    caseSummary: z.string().min(1).max(LONG_TEXT_MAX),
    feedbackWanted: z.string().min(1).max(LONG_TEXT_MAX),
    assessor: assessorSchema,
    assessment: assessmentSchema.nullable(),
  })
  .refine(
    (document) =>
      document.assessment === null ||
      SLE_DOMAINS[document.type].every((domain) => document.assessment?.ratings[domain.key] !== undefined),
    { message: 'The assessment must rate every domain of its type', path: ['assessment', 'ratings'] },
  );
export type SleDocument = z.infer<typeof sleDocumentSchema>;

/** A stored document read back, or null if it is not an SLE's (a hand-edited row, a future shape). */
export function parseSleDocument(value: unknown): SleDocument | null {
  const parsed = sleDocumentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export type SleRead<T> = { ok: true; data: T } | { ok: false; problems: FormProblem[] };

export interface SleRequest {
  title: string;
  occurredOn: string;
  document: SleDocument;
}

function readAssessor(problems: Problems, values: Values): Assessor {
  const name = problems.text(values, 'assessorName', 'The assessor’s name', {
    required: 'Enter the assessor’s name',
    max: NAME_MAX,
  });
  const email = problems.text(values, 'assessorEmail', 'The assessor’s email address', {
    required: 'Enter the assessor’s email address',
    max: EMAIL_MAX,
  });
  if (email !== '' && !z.email().safeParse(email).success) {
    problems.add('assessorEmail', 'Enter an email address in the correct format, like name@example.nhs.uk');
  }
  const role = problems.choice(values, 'assessorRole', ASSESSOR_ROLES, 'Choose the assessor’s job role');
  return { name, email: email.toLowerCase(), role };
}

/** The learner's request: the event, the case in words that identify nobody, and who is to assess it. */
export function readSleRequest(values: Values): SleRead<SleRequest> {
  const problems = new Problems();
  const common = readCommon(problems, values, 'Date of the event');
  const type = problems.choice(values, 'type', SLE_TYPES, 'Choose the type of supervised learning event');
  const setting = problems.choice(values, 'setting', CARE_SETTINGS, 'Choose the setting');
  const place = problems.text(values, 'place', 'Where it happened', { max: 200 });
  const caseSummary = problems.text(values, 'caseSummary', 'The summary', {
    required: 'Enter a summary of the case, procedure or teaching session',
  });
  const feedbackWanted = problems.text(values, 'feedbackWanted', 'What you want feedback on', {
    required: 'Enter what you want feedback on',
  });
  const assessor = readAssessor(problems, values);
  if (!problems.ok) return { ok: false, problems: problems.list };
  const document: SleDocument = { type, setting, place, caseSummary, feedbackWanted, assessor, assessment: null };
  return { ok: true, data: { ...common, document } };
}

/** Only the assessor's details, for sending the request to someone else or again. */
export function readAssessorForm(values: Values): SleRead<Assessor> {
  const problems = new Problems();
  const assessor = readAssessor(problems, values);
  return problems.ok ? { ok: true, data: assessor } : { ok: false, problems: problems.list };
}

/**
 * What the guard scans in a request: everything written about the event. The assessor's own name and address are
 * not about a patient (and would be found as a name and an email), so they are not scanned.
 */
export function sleRequestTexts(request: { title: string; document: SleDocument }): TextField[] {
  const { document } = request;
  return [
    { field: 'title', label: 'The title', text: request.title },
    { field: 'place', label: 'Where it happened', text: document.place },
    { field: 'caseSummary', label: 'The summary', text: document.caseSummary },
    { field: 'feedbackWanted', label: 'What you want feedback on', text: document.feedbackWanted },
  ];
}

/** The form field of a domain's rating. */
export function ratingField(key: string): string {
  return `rating-${key}`;
}

export type AssessmentForm = Omit<SleAssessment, 'completedAt' | 'assessorRole'>;

/** The assessor's form of the type: every domain rated, the two kinds of feedback written, their name confirmed. */
export function readAssessment(type: SleType, values: Values): SleRead<AssessmentForm> {
  const problems = new Problems();
  const ratings: Record<string, SleRating> = {};
  for (const domain of SLE_DOMAINS[type]) {
    ratings[domain.key] = problems.choice(
      values,
      ratingField(domain.key),
      SLE_RATINGS,
      `Choose a rating for ${domain.label.toLowerCase()}, or “Not observed”`,
    );
  }
  const wentWell = problems.text(values, 'wentWell', 'What went well', { required: 'Enter what went well' });
  const development = problems.text(values, 'development', 'Suggested areas for development', {
    required: 'Enter at least one suggested area for development',
  });
  const agreedAction = problems.text(values, 'agreedAction', 'Agreed action');
  const assessorName = problems.text(values, 'assessorName', 'Your name', {
    required: 'Enter your name to confirm you completed this assessment',
    max: NAME_MAX,
  });
  if (!problems.ok) return { ok: false, problems: problems.list };
  return { ok: true, data: { ratings, wentWell, development, agreedAction, assessorName } };
}

/** What the guard scans in an assessment: all the assessor wrote, but not their own name. */
export function assessmentTexts(assessment: AssessmentForm): TextField[] {
  return [
    { field: 'wentWell', label: 'What went well', text: assessment.wentWell },
    { field: 'development', label: 'Suggested areas for development', text: assessment.development },
    { field: 'agreedAction', label: 'Agreed action', text: assessment.agreedAction },
  ];
}

/** The SLE's free text, joined, for the search index: the request and, once done, the assessor's feedback. */
export function sleSearchText(document: SleDocument): string {
  const parts = [document.place, document.caseSummary, document.feedbackWanted];
  if (document.assessment !== null) {
    parts.push(document.assessment.wentWell, document.assessment.development, document.assessment.agreedAction);
  }
  return parts.filter((part) => part !== '').join('\n');
}

export type AssessorLinkState = 'valid' | 'used' | 'expired' | 'withdrawn';

/** Whether an assessor's link may still be used at `now`: spent once used, dead once withdrawn or past its time. */
export function assessorLinkState(
  link: { usedAt: Date | null; withdrawnAt: Date | null; expiresAt: Date },
  now: Date,
): AssessorLinkState {
  if (link.usedAt !== null) return 'used';
  if (link.withdrawnAt !== null) return 'withdrawn';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** When a link made at `now` stops working. */
export function assessorLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + ASSESSOR_LINK_DAYS * 24 * 60 * 60 * 1000);
}

/** The setting in words: "General practice, Riverside surgery". */
export function settingText(setting: CareSetting, place: string): string {
  return `${CARE_SETTING_LABELS[setting]}${place === '' ? '' : `, ${place}`}`;
}
