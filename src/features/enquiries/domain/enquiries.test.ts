import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENQUIRY_TOPICS,
  LIMITS,
  REFERENCE_PATTERN,
  addMonths,
  deletionDue,
  expiryCandidatesBefore,
  honeypotFilled,
  isExpired,
  normaliseReference,
  patientDetailsProblem,
  readEnquiryForm,
  readReply,
  readRetentionMonths,
  referenceFrom,
  replySubject,
  statusAfterReply,
  statusChange,
} from './enquiries.ts';

const good = {
  topic: 'posts',
  name: 'Maya Lindqvist',
  email: 'maya@example.com',
  subject: 'A question',
  message: 'When does the window open?',
};

describe('the reference', () => {
  it('is ENQ- and six symbols of Crockford’s alphabet, from any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 16 }), (bytes) => {
        expect(referenceFrom(bytes)).toMatch(REFERENCE_PATTERN);
      }),
    );
  });

  it('never uses letters read out as digits (I, L, O, U)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        expect(referenceFrom(bytes).slice(4)).not.toMatch(/[ILOU]/);
      }),
    );
  });

  it('takes each symbol from one byte, so different bytes give different references', () => {
    expect(referenceFrom(new Uint8Array([0, 1, 2, 3, 4, 5]))).toBe('ENQ-012345');
    expect(referenceFrom(new Uint8Array([31, 30, 18, 19, 20, 21]))).toBe('ENQ-ZYJKMN');
    expect(referenceFrom(new Uint8Array([32, 33, 34, 35, 36, 37]))).toBe('ENQ-012345');
  });

  it('needs six bytes', () => {
    expect(() => referenceFrom(new Uint8Array(5))).toThrow();
  });

  it('is found however it is typed into a search box', () => {
    expect(normaliseReference('enq-7kq2m4')).toBe('ENQ-7KQ2M4');
    expect(normaliseReference('ENQ 7KQ2M4')).toBe('ENQ-7KQ2M4');
    expect(normaliseReference('enq7kq2m4')).toBe('ENQ-7KQ2M4');
  });
});

describe('the contact form', () => {
  it('reads a filled-in form, trimming what was typed', () => {
    const read = readEnquiryForm({ ...good, name: '  Maya Lindqvist ', message: 'Line one\r\nLine two\r\n' });
    expect(read).toEqual({
      ok: true,
      data: { ...good, message: 'Line one\nLine two' },
    });
  });

  it('accepts each of the six topics and nothing else', () => {
    for (const topic of ENQUIRY_TOPICS) expect(readEnquiryForm({ ...good, topic }).ok).toBe(true);
    for (const topic of ['', 'Posts', 'admin', undefined, ['posts']]) {
      const read = readEnquiryForm({ ...good, topic });
      expect(read.ok).toBe(false);
    }
  });

  it('lists every problem in the order of the fields', () => {
    const read = readEnquiryForm({});
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((problem) => problem.field)).toEqual(['topic', 'name', 'email', 'subject', 'message']);
    expect(read.problems[0]?.message).toBe('Select what your enquiry is about');
  });

  it('refuses email addresses not in the right form', () => {
    for (const email of ['maya', 'maya@', '@example.com', 'maya example.com', `${'a'.repeat(250)}@example.com`]) {
      const read = readEnquiryForm({ ...good, email });
      expect(read.ok ? [] : read.problems.map((problem) => problem.field)).toEqual(['email']);
    }
  });

  it('keeps each field within its limit', () => {
    const over = {
      name: 'n'.repeat(LIMITS.name + 1),
      subject: 's'.repeat(LIMITS.subject + 1),
      message: 'm'.repeat(LIMITS.message + 1),
    };
    const read = readEnquiryForm({ ...good, ...over });
    expect(read.ok ? [] : read.problems.map((problem) => problem.field)).toEqual(['name', 'subject', 'message']);
    const at = {
      name: 'n'.repeat(LIMITS.name),
      subject: 's'.repeat(LIMITS.subject),
      message: 'm'.repeat(LIMITS.message),
    };
    expect(readEnquiryForm({ ...good, ...at }).ok).toBe(true);
  });

  it('counts a message’s line ends as the person sees them', () => {
    const lines = 'm\r\n'.repeat(LIMITS.message / 2).trim();
    expect(readEnquiryForm({ ...good, message: lines }).ok).toBe(true);
  });

  it('never accepts a form without every field, whatever is posted', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            topic: fc.oneof(fc.constantFrom(...ENQUIRY_TOPICS), fc.string()),
            name: fc.string(),
            email: fc.string(),
            subject: fc.string(),
            message: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (values) => {
          const read = readEnquiryForm(values);
          if (read.ok) {
            expect(read.data.name.length).toBeGreaterThan(0);
            expect(read.data.name.length).toBeLessThanOrEqual(LIMITS.name);
            expect(read.data.subject.length).toBeGreaterThan(0);
            expect(read.data.message.length).toBeGreaterThan(0);
            expect(read.data.message.length).toBeLessThanOrEqual(LIMITS.message);
            expect(ENQUIRY_TOPICS).toContain(read.data.topic);
          } else {
            expect(read.problems.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

describe('the trap for automated senders', () => {
  it('is sprung by anything typed into the hidden field', () => {
    expect(honeypotFilled({ website: 'https://spam.example' })).toBe(true);
    expect(honeypotFilled({ website: 'x' })).toBe(true);
    expect(honeypotFilled({ website: ['a', 'b'] })).toBe(true);
  });

  it('is not sprung by a person who leaves it empty', () => {
    expect(honeypotFilled({})).toBe(false);
    expect(honeypotFilled({ website: '' })).toBe(false);
    expect(honeypotFilled({ website: '   ' })).toBe(false);
  });
});

describe('patient details', () => {
  const PUBLIC_CLOSING = 'Remove it before sending. We cannot accept patient details through this form.';

  /** The problems the form finds, by field. */
  const problemsOf = (fields: Record<string, string>): Record<string, string> => {
    const read = readEnquiryForm({ ...good, ...fields });
    return read.ok ? {} : Object.fromEntries(read.problems.map((problem) => [problem.field, problem.message]));
  };

  it.each([
    ['NHS number 943 476 5919, my mother’s', '943 476 5919', 'an NHS number'],
    ['Her NHS number is 943-476-5919.', '943-476-5919', 'an NHS number'],
    ['9434765919 was on the letter', '9434765919', 'an NHS number'],
    ['NHS no. 450 557 7104 please check', '450 557 7104', 'an NHS number'],
    ['Could you look at 401.023.2137 for me', '401.023.2137', 'an NHS number'],
    ['My father (DOB 03/04/1951) saw one of your doctors', '03/04/1951', 'a date of birth'],
    ['date of birth: 1 February 1960', '1 February 1960', 'a date of birth'],
    ['She was born on the 12th of March 1948 and lives alone', '12th of March 1948', 'a date of birth'],
    ['born 12.3.48, seen in clinic last week', '12.3.48', 'a date of birth'],
    ['His hospital number is RGT1234567.', 'RGT1234567', 'a hospital number'],
    ['MRN 1234567 on the wristband', '1234567', 'a hospital number'],
  ])('refuses a message holding a patient identifier: “%s”', (message, found, kind) => {
    const problems = problemsOf({ message });
    expect(Object.keys(problems)).toEqual(['message']);
    const start = `Your message may identify a patient: “${found}”. This looks like ${kind}: `;
    expect(problems.message?.slice(0, start.length)).toBe(start);
    expect(problems.message?.slice(-PUBLIC_CLOSING.length - 2)).toBe(`. ${PUBLIC_CLOSING}`);
  });

  it('refuses a subject holding a patient identifier, and names the subject', () => {
    const problems = problemsOf({ subject: 'About NHS number 943 476 5919' });
    expect(Object.keys(problems)).toEqual(['subject']);
    expect(problems.subject).toMatch(
      /^The subject may identify a patient: “943 476 5919”\. This looks like an NHS number/,
    );
    expect(problems.subject).toMatch(
      /Remove it before sending\. We cannot accept patient details through this form\.$/,
    );
  });

  it('finds a number the subject’s spacing was tidied around, as it would be saved', () => {
    expect(Object.keys(problemsOf({ subject: '  Patient  943 476 5919  ' }))).toEqual(['subject']);
  });

  it('reports both fields, in the order of the form, with the other problems', () => {
    const read = readEnquiryForm({ ...good, name: '', subject: 'DOB 03/04/1951', message: 'MRN 1234567' });
    expect(read.ok ? [] : read.problems.map((problem) => [problem.field, problem.href])).toEqual([
      ['name', '#name'],
      ['subject', '#subject'],
      ['message', '#message'],
    ]);
  });

  it('looks no further in a text over its limit, which is refused for its length alone', () => {
    const message = `943 476 5919 ${'m'.repeat(LIMITS.message)}`;
    expect(problemsOf({ message }).message).toBe(`Your message must be ${String(LIMITS.message)} characters or fewer`);
  });

  it.each([
    'Call me on 01234 567890 or on my mobile, 07700 900123.',
    'Or ring +44 7700 900123 in the evening.',
    'Your open day is on 12 March 2027; could I come from 10am?',
    'I started F1 on 6 August 2025 and would like an F2 post from 4 August 2027.',
    'I was born and raised in Norwich and qualified in 2019.',
    'My GMC number is 7123456, if that helps.',
    'Our practice code is D81001 and our postcode is CB2 0QQ.',
    'Dr Aisha Karim at Riverside Surgery suggested I write to you.',
    'My reference was ENQ-7KQ2M4; I have not heard back.',
    'We have 1234567890 reasons to join (well, ten).',
  ])('lets ordinary words through, dates of events and phone numbers included: “%s”', (message) => {
    expect(problemsOf({ message })).toEqual({});
    expect(problemsOf({ subject: message.slice(0, LIMITS.subject) })).toEqual({});
  });

  it('never accepts a message that holds an identifier, wherever it is put among other words', () => {
    const ordinary = fc.constantFrom(
      'Hello,',
      'the open day on 12 March 2027',
      'call 01234 567890',
      'I qualified in 2019.',
      'thank you',
      '\n\n',
    );
    const identifier = fc.constantFrom('943 476 5919', 'DOB 03/04/1951', 'hospital number RGT1234567');
    fc.assert(
      fc.property(fc.array(ordinary, { maxLength: 6 }), identifier, fc.nat(), (words, found, at) => {
        const parts: string[] = [...words];
        parts.splice(at % (parts.length + 1), 0, found);
        expect(readEnquiryForm({ ...good, message: ['Hello,', ...parts].join(' ') }).ok).toBe(false);
        expect(readEnquiryForm({ ...good, message: ['Hello,', ...words].join(' ') }).ok).toBe(true);
      }),
    );
  });

  it('refuses a reply holding one, for the team, keeping the rule’s finding and reason', () => {
    const read = readReply({ body: 'Thank you. We have noted NHS number 943 476 5919.' });
    expect(read).toEqual({
      ok: false,
      problems: [
        {
          field: 'body',
          href: '#body',
          message:
            'Your reply may identify a patient: “943 476 5919”. This looks like an NHS number: it has ten digits and its check digit is valid. Remove it before sending: enquiries and replies never hold patient details.',
        },
      ],
    });
    expect(readReply({ body: 'Ring us on 01603 286286 about the open day on 12 March 2027.' }).ok).toBe(true);
  });

  it('is null for text with none, and never ends as the rule does for saved records', () => {
    expect(patientDetailsProblem('Your message', '', 'public')).toBeNull();
    expect(patientDetailsProblem('Your message', 'See you on 12 March 2027', 'public')).toBeNull();
    for (const writer of ['public', 'team'] as const) {
      expect(patientDetailsProblem('Your message', 'born 12/03/1958', writer)).not.toContain('saving');
    }
  });
});

describe('replies', () => {
  it('need some words, within the limit', () => {
    expect(readReply({ body: '  Thank you  ' })).toEqual({ ok: true, data: { body: 'Thank you' } });
    expect(readReply({ body: '' }).ok).toBe(false);
    expect(readReply({}).ok).toBe(false);
    expect(readReply({ body: 'x'.repeat(LIMITS.reply + 1) }).ok).toBe(false);
  });

  it('carry the sender’s subject and the reference, with one "Re:"', () => {
    expect(replySubject('Applying for a post', 'ENQ-7KQ2M4')).toBe('Re: Applying for a post [ENQ-7KQ2M4]');
    expect(replySubject('Re: RE: Applying', 'ENQ-7KQ2M4')).toBe('Re: Applying [ENQ-7KQ2M4]');
  });

  it('move a new enquiry on to in progress and leave others as they are', () => {
    expect(statusAfterReply('new')).toBe('in_progress');
    expect(statusAfterReply('in_progress')).toBe('in_progress');
    expect(statusAfterReply('closed')).toBe('closed');
  });
});

describe('status changes', () => {
  const now = new Date('2026-10-14T09:00:00Z');
  const earlier = new Date('2026-09-01T09:00:00Z');

  it('stamp the closing time when an enquiry is closed', () => {
    expect(statusChange({ status: 'in_progress', closedAt: null }, 'closed', now)).toEqual({
      status: 'closed',
      closedAt: now,
    });
  });

  it('keep the first closing time when a closed enquiry is saved again', () => {
    expect(statusChange({ status: 'closed', closedAt: earlier }, 'closed', now).closedAt).toEqual(earlier);
  });

  it('clear the closing time when an enquiry is reopened', () => {
    expect(statusChange({ status: 'closed', closedAt: earlier }, 'in_progress', now)).toEqual({
      status: 'in_progress',
      closedAt: null,
    });
    expect(statusChange({ status: 'closed', closedAt: earlier }, 'new', now).closedAt).toBeNull();
  });
});

describe('retention', () => {
  it('reads a whole number of months from 1 to 60', () => {
    expect(readRetentionMonths('1')).toEqual({ ok: true, months: 1 });
    expect(readRetentionMonths(' 60 ')).toEqual({ ok: true, months: 60 });
    for (const value of ['0', '61', '1.5', '-3', 'twelve', '1e1', '', undefined, '0012000']) {
      expect(readRetentionMonths(value).ok).toBe(false);
    }
  });

  it('adds calendar months, keeping the time of day', () => {
    expect(addMonths(new Date('2026-01-15T10:30:00Z'), 1)).toEqual(new Date('2026-02-15T10:30:00Z'));
    expect(addMonths(new Date('2026-11-15T10:30:00Z'), 3)).toEqual(new Date('2027-02-15T10:30:00Z'));
    expect(addMonths(new Date('2026-10-14T09:00:00Z'), 12)).toEqual(new Date('2027-10-14T09:00:00Z'));
    expect(addMonths(new Date('2026-10-14T09:00:00Z'), 60)).toEqual(new Date('2031-10-14T09:00:00Z'));
  });

  it('takes a day the month does not have to its last day', () => {
    expect(addMonths(new Date('2026-01-31T12:00:00Z'), 1)).toEqual(new Date('2026-02-28T12:00:00Z'));
    expect(addMonths(new Date('2027-01-31T12:00:00Z'), 1)).toEqual(new Date('2027-02-28T12:00:00Z'));
    expect(addMonths(new Date('2028-01-31T12:00:00Z'), 1)).toEqual(new Date('2028-02-29T12:00:00Z'));
    expect(addMonths(new Date('2026-03-31T12:00:00Z'), 1)).toEqual(new Date('2026-04-30T12:00:00Z'));
    expect(addMonths(new Date('2028-02-29T12:00:00Z'), 12)).toEqual(new Date('2029-02-28T12:00:00Z'));
    expect(addMonths(new Date('2026-08-31T23:59:59Z'), 6)).toEqual(new Date('2027-02-28T23:59:59Z'));
  });

  it('expires an enquiry exactly when its months are up, not a moment before', () => {
    const closed = new Date('2026-01-31T12:00:00Z');
    expect(deletionDue(closed, 1)).toEqual(new Date('2026-02-28T12:00:00Z'));
    expect(isExpired(closed, 1, new Date('2026-02-28T11:59:59Z'))).toBe(false);
    expect(isExpired(closed, 1, new Date('2026-02-28T12:00:00Z'))).toBe(true);
    expect(isExpired(closed, 12, new Date('2026-12-31T12:00:00Z'))).toBe(false);
    expect(isExpired(closed, 12, new Date('2027-01-31T12:00:00Z'))).toBe(true);
  });

  const instant = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  });
  const months = fc.integer({ min: 1, max: 60 });

  it('keeps an enquiry at least 28 days a month and never more than 31', () => {
    fc.assert(
      fc.property(instant, months, (closed, n) => {
        const kept = addMonths(closed, n).getTime() - closed.getTime();
        expect(kept).toBeGreaterThanOrEqual(n * 28 * 86_400_000);
        expect(kept).toBeLessThanOrEqual(n * 31 * 86_400_000);
      }),
    );
  });

  it('expires nothing the query leaves out: each expired enquiry was closed before the candidates’ cut-off', () => {
    fc.assert(
      fc.property(instant, months, fc.integer({ min: 0, max: 2000 * 86_400_000 }), (closed, n, later) => {
        const now = new Date(closed.getTime() + later);
        if (isExpired(closed, n, now))
          expect(closed.getTime()).toBeLessThanOrEqual(expiryCandidatesBefore(now, n).getTime());
      }),
    );
  });

  it('is monotonic: once expired, an enquiry stays expired, and a longer retention expires later', () => {
    fc.assert(
      fc.property(instant, months, months, (closed, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(deletionDue(closed, short).getTime()).toBeLessThanOrEqual(deletionDue(closed, long).getTime());
        const due = deletionDue(closed, short);
        expect(isExpired(closed, short, new Date(due.getTime() + 1))).toBe(true);
      }),
    );
  });
});
