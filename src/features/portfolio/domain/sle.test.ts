import { describe, expect, it } from 'vitest';
import { guardFields } from './guard.ts';
import {
  ASSESSOR_LINK_DAYS,
  SLE_DOMAINS,
  SLE_RATINGS,
  SLE_TYPES,
  SLE_TYPE_LABELS,
  assessmentTexts,
  assessorLinkExpiry,
  assessorLinkState,
  parseSleDocument,
  ratingField,
  readAssessment,
  readAssessorForm,
  readSleRequest,
  sleRequestTexts,
  sleSearchText,
  type SleDocument,
} from './sle.ts';

const REQUEST = {
  type: 'cbd',
  title: 'Chest pain in the emergency department',
  'occurredOn[day]': '6',
  'occurredOn[month]': '10',
  'occurredOn[year]': '2026',
  setting: 'hospital',
  place: 'Emergency department',
  caseSummary: 'A man in his sixties with central chest pain; troponin normal twice.',
  feedbackWanted: 'My risk stratification and the decision to discharge.',
  assessorName: 'Dr Priya Shah',
  assessorEmail: 'Priya.Shah@example.nhs.uk',
  assessorRole: 'consultant',
};

function allRated(type: (typeof SLE_TYPES)[number], rating = 'meets'): Record<string, string> {
  return Object.fromEntries(SLE_DOMAINS[type].map((domain) => [ratingField(domain.key), rating]));
}

const FEEDBACK = {
  wentWell: 'A clear, structured history and a well-reasoned plan.',
  development: 'Use a validated risk score and document it.',
  agreedAction: 'Present two chest pain cases at the next teaching.',
  assessorName: 'Priya Shah',
};

describe('the learner’s request', () => {
  it('reads every field, with the assessor’s address in lower case and no assessment yet', () => {
    const read = readSleRequest(REQUEST);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.data.title).toBe('Chest pain in the emergency department');
    expect(read.data.occurredOn).toBe('2026-10-06');
    expect(read.data.document).toEqual({
      type: 'cbd',
      setting: 'hospital',
      place: 'Emergency department',
      caseSummary: 'A man in his sixties with central chest pain; troponin normal twice.',
      feedbackWanted: 'My risk stratification and the decision to discharge.',
      assessor: { name: 'Dr Priya Shah', email: 'priya.shah@example.nhs.uk', role: 'consultant' },
      assessment: null,
    });
    expect(parseSleDocument(read.data.document)).toEqual(read.data.document);
  });

  it('says what is missing or wrong, at each field', () => {
    const read = readSleRequest({ type: 'osce', assessorEmail: 'not an address', assessorRole: 'boss' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.fromEntries(read.problems.map((problem) => [problem.field, problem.message]))).toEqual({
      title: 'Enter a title',
      occurredOn: 'Enter the date of the event',
      type: 'Choose the type of supervised learning event',
      setting: 'Choose the setting',
      caseSummary: 'Enter a summary of the case, procedure or teaching session',
      feedbackWanted: 'Enter what you want feedback on',
      assessorName: 'Enter the assessor’s name',
      assessorEmail: 'Enter an email address in the correct format, like name@example.nhs.uk',
      assessorRole: 'Choose the assessor’s job role',
    });
    expect(read.problems.find((problem) => problem.field === 'occurredOn')?.href).toBe('#occurredOn-day');
  });

  it('gives the guard what is written about the event, but not the assessor’s own name and address', () => {
    const read = readSleRequest({ ...REQUEST, caseSummary: 'Mrs Jones, NHS number 943 476 5919, with chest pain.' });
    if (!read.ok) throw new Error('not read');
    const texts = sleRequestTexts(read.data);
    expect(texts.map((text) => text.field)).toEqual(['title', 'place', 'caseSummary', 'feedbackWanted']);
    const problems = guardFields(texts);
    expect(problems.map((problem) => problem.field)).toEqual(['caseSummary']);
    expect(problems[0]?.message).toContain('943 476 5919');
    const clean = readSleRequest(REQUEST);
    if (!clean.ok) throw new Error('not read');
    expect(guardFields(sleRequestTexts(clean.data))).toEqual([]);
  });

  it('reads the assessor alone, for sending it to someone else', () => {
    expect(readAssessorForm({ assessorName: 'Sam Lee', assessorEmail: 'sam@example.org', assessorRole: 'gp' })).toEqual(
      {
        ok: true,
        data: { name: 'Sam Lee', email: 'sam@example.org', role: 'gp' },
      },
    );
    expect(readAssessorForm({}).ok).toBe(false);
  });
});

describe('the assessor’s form', () => {
  it('asks for the domains of each type, and every type has some', () => {
    for (const type of SLE_TYPES) {
      expect(SLE_DOMAINS[type].length).toBeGreaterThanOrEqual(4);
      expect(new Set(SLE_DOMAINS[type].map((domain) => domain.key)).size).toBe(SLE_DOMAINS[type].length);
      expect(SLE_TYPE_LABELS[type]).toMatch(/^[A-Z]/);
    }
    expect(SLE_TYPE_LABELS.cbd).toBe('Case-based discussion (CBD)');
    expect(SLE_DOMAINS.cbd.map((domain) => domain.label)).toContain('Follow-up and future planning');
    expect(SLE_DOMAINS.dops.map((domain) => domain.label)).toContain('Aseptic technique');
  });

  it('reads a complete CBD, with “Not observed” as a rating and the agreed action optional', () => {
    const values = { ...allRated('cbd'), [ratingField('followUp')]: 'not_observed', ...FEEDBACK, agreedAction: '' };
    const read = readAssessment('cbd', values);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.data.ratings.followUp).toBe('not_observed');
    expect(read.data.ratings.treatment).toBe('meets');
    expect(Object.keys(read.data.ratings)).toHaveLength(SLE_DOMAINS.cbd.length);
    expect(read.data.agreedAction).toBe('');
  });

  it('asks for a rating of every domain of its own type, what went well, what to develop and the assessor’s name', () => {
    const read = readAssessment('dops', { ...allRated('mini_cex') });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const fields = read.problems.map((problem) => problem.field);
    expect(fields).toContain(ratingField('asepticTechnique'));
    expect(fields).not.toContain(ratingField('history'));
    expect(fields).toEqual(expect.arrayContaining(['wentWell', 'development', 'assessorName']));
    expect(fields).not.toContain('agreedAction');
    expect(read.problems[0]?.message).toBe('Choose a rating for obtaining informed consent, or “Not observed”');
  });

  it('refuses a rating that is not on the scale', () => {
    const read = readAssessment('dct', { ...allRated('dct'), [ratingField('delivery')]: 'excellent', ...FEEDBACK });
    expect(read.ok).toBe(false);
    expect(SLE_RATINGS).not.toContain('excellent');
  });

  it('gives the guard everything the assessor wrote, so an NHS number in the feedback is found', () => {
    const read = readAssessment('cbd', { ...allRated('cbd'), ...FEEDBACK, development: 'Recheck 943 476 5919 bloods' });
    if (!read.ok) throw new Error('not read');
    expect(assessmentTexts(read.data).map((text) => text.field)).toEqual(['wentWell', 'development', 'agreedAction']);
    expect(guardFields(assessmentTexts(read.data)).map((problem) => problem.field)).toEqual(['development']);
  });
});

describe('the stored document', () => {
  const base: SleDocument = {
    type: 'mini_cex',
    setting: 'general_practice',
    place: '',
    caseSummary: 'A woman in her forties with headaches.',
    feedbackWanted: 'Examination.',
    assessor: { name: 'Dr A', email: 'a@example.org', role: 'gp' },
    assessment: null,
  };

  it('holds an assessment only when it rates every domain of the type', () => {
    const ratings = Object.fromEntries(SLE_DOMAINS.mini_cex.map((domain) => [domain.key, 'above']));
    const assessment = {
      ratings,
      wentWell: 'Good.',
      development: 'More.',
      agreedAction: '',
      assessorName: 'Dr A',
      assessorRole: 'gp',
      completedAt: '2026-10-14T10:00:00.000Z',
    };
    expect(parseSleDocument({ ...base, assessment })).not.toBeNull();
    const missing = Object.fromEntries(Object.entries(ratings).filter(([key]) => key !== 'history'));
    expect(parseSleDocument({ ...base, assessment: { ...assessment, ratings: missing } })).toBeNull();
    expect(parseSleDocument({ ...base, type: 'osce' })).toBeNull();
    expect(parseSleDocument({ steps: [] })).toBeNull();
  });

  it('is searched by what was written, and by the feedback once it is in', () => {
    expect(sleSearchText(base)).toBe('A woman in her forties with headaches.\nExamination.');
  });
});

describe('an assessor’s link', () => {
  const now = new Date('2026-10-14T09:00:00Z');
  const expiresAt = assessorLinkExpiry(now);

  it('lasts a fortnight', () => {
    expect(ASSESSOR_LINK_DAYS).toBe(14);
    expect(expiresAt.toISOString()).toBe('2026-10-28T09:00:00.000Z');
  });

  it('works until it is used, withdrawn or past its time', () => {
    const link = { usedAt: null, withdrawnAt: null, expiresAt };
    expect(assessorLinkState(link, now)).toBe('valid');
    expect(assessorLinkState(link, new Date(expiresAt.getTime() - 1))).toBe('valid');
    expect(assessorLinkState(link, expiresAt)).toBe('expired');
    expect(assessorLinkState({ ...link, usedAt: now }, now)).toBe('used');
    expect(assessorLinkState({ ...link, withdrawnAt: now }, now)).toBe('withdrawn');
    // Used wins over expired: the assessor is told it was done, not that they were late.
    expect(assessorLinkState({ ...link, usedAt: now }, new Date('2027-01-01T00:00:00Z'))).toBe('used');
  });
});
