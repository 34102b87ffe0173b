import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MSF_DOMAINS,
  MSF_DOMAIN_KEYS,
  MSF_MIN_RATERS,
  MSF_MIN_RESPONSES_FOR_SUMMARY,
  MSF_RATINGS,
  MSF_ROLES,
  MSF_ROLE_LABELS,
  MSF_STATES,
  type MsfRater,
  type MsfRating,
  type MsfReleaseInput,
  type MsfResponse,
  type MsfRole,
  type MsfStateInput,
  mayLearnerSeeSummary,
  mayRelease,
  msfState,
  msfVisibility,
  summariseMsf,
  validateRaterList,
  closingDateProblem,
  defaultMsfTitle,
  mayRemind,
  msfResponseTexts,
  parseRaterLines,
  readMsfResponse,
  readMsfRole,
  readRaterLines,
} from './msf.ts';

const LEARNER = 'learner@nhs.net';

function raters(roles: readonly MsfRole[]): MsfRater[] {
  return roles.map((role, i) => ({ name: `Rater ${String(i)}`, email: `rater${String(i)}@nhs.net`, role }));
}

/** Fifteen raters in the recommended mix. */
const GOOD_MIX: MsfRole[] = [
  'consultant',
  'consultant',
  'doctor_in_training',
  'doctor_in_training',
  'doctor_in_training',
  'nurse',
  'nurse',
  'nurse',
  'allied_health_professional',
  'allied_health_professional',
  'administrative_staff',
  'other',
  'nurse',
  'consultant',
  'doctor_in_training',
];

function messages(list: MsfRater[], severity: 'error' | 'warning' = 'error'): [string, string][] {
  return validateRaterList(list, LEARNER)
    .problems.filter((p) => p.severity === severity)
    .map((p) => [p.path, p.message]);
}

describe('the rater list', () => {
  it('accepts fifteen raters in the recommended mix without a word', () => {
    expect(validateRaterList(raters(GOOD_MIX), LEARNER)).toEqual({ ok: true, problems: [] });
  });

  it('labels every role', () => {
    expect(Object.keys(MSF_ROLE_LABELS).sort()).toEqual([...MSF_ROLES].sort());
  });

  it('needs at least ten raters, counting only rows with something in them', () => {
    const nine = raters(GOOD_MIX.slice(0, 9));
    expect(messages(nine)).toEqual([['raters', 'Add at least 10 raters (you have added 9)']]);
    const withBlanks = [...nine, { name: ' ', email: '', role: '' }, { name: '', email: ' ', role: '' }];
    expect(messages(withBlanks)).toEqual([['raters', 'Add at least 10 raters (you have added 9)']]);
    expect(messages([])).toEqual([['raters', 'Add at least 10 raters (you have added 0)']]);
  });

  it('warns below fifteen, since not everyone replies', () => {
    const ten = raters(GOOD_MIX.slice(0, 10));
    expect(validateRaterList(ten, LEARNER).ok).toBe(true);
    expect(messages(ten, 'warning').map(([, m]) => m)).toContain(
      'Not everyone replies: inviting 15 or more makes 10 responses more likely',
    );
  });

  it('refuses more than thirty', () => {
    const many = raters(Array.from({ length: 31 }, (_, i) => GOOD_MIX[i % GOOD_MIX.length]!));
    expect(messages(many)).toEqual([['raters', 'Add 30 raters or fewer (you have added 31)']]);
  });

  it('checks each rater’s name, email and role, naming the field', () => {
    const list = raters(GOOD_MIX);
    list[0] = { name: '', email: 'rater0@nhs.net', role: 'consultant' };
    list[1] = { name: 'A', email: '', role: 'consultant' };
    list[2] = { name: 'B', email: 'not an email', role: 'doctor_in_training' };
    list[3] = { name: 'C', email: 'c@nhs.net', role: 'surgeon' };
    list[4] = { name: 'x'.repeat(201), email: 'd@nhs.net', role: 'nurse' };
    expect(messages(list)).toEqual([
      ['raters[0].name', 'Enter the rater’s name'],
      ['raters[1].email', 'Enter the rater’s email address'],
      ['raters[2].email', 'Enter an email address in the correct format, like name@example.nhs.uk'],
      ['raters[3].role', 'Select the rater’s role'],
      ['raters[4].name', 'Rater’s name must be 200 characters or fewer'],
    ]);
  });

  it('refuses the same email twice, whatever its case or spacing, on the later row', () => {
    const list = raters(GOOD_MIX);
    list[7] = { ...list[7]!, email: '  RATER2@NHS.net ' };
    expect(messages(list)).toEqual([['raters[7].email', 'You have already added this email address']]);
  });

  it('refuses the learner as their own rater', () => {
    const list = raters(GOOD_MIX);
    list[3] = { ...list[3]!, email: 'Learner@NHS.net' };
    expect(messages(list)).toEqual([
      ['raters[3].email', 'You cannot be one of your own raters: enter a colleague’s email address'],
    ]);
  });

  it('needs three staff groups', () => {
    const two = raters([...Array<MsfRole>(8).fill('consultant'), ...Array<MsfRole>(7).fill('doctor_in_training')]);
    expect(messages(two)).toEqual([['raters', 'Add raters from at least 3 different staff groups (you have 2)']]);
    const three = raters([...two.map((r) => r.role as MsfRole).slice(0, 14), 'nurse']);
    expect(validateRaterList(three, LEARNER).ok).toBe(true);
  });

  it('recommends, without requiring, consultants, nurses and other colleagues', () => {
    const doctorsAndOneNurse = raters([
      ...Array<MsfRole>(7).fill('doctor_in_training'),
      ...Array<MsfRole>(7).fill('administrative_staff'),
      'nurse',
    ]);
    const result = validateRaterList(doctorsAndOneNurse, LEARNER);
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Include at least 2 consultants or GPs, one of them your clinical supervisor',
      'Include at least 2 nurses or midwives',
    ]);
  });

  it('is ok exactly when there is no error', () => {
    const role = fc.constantFrom<string>(...MSF_ROLES, 'surgeon', '');
    const rater = fc.record({
      name: fc.constantFrom('Ann', '', 'Bo'),
      email: fc.constantFrom('a@nhs.net', 'B@nhs.net', 'b@NHS.NET', 'bad', '', LEARNER),
      role,
    });
    fc.assert(
      fc.property(fc.array(rater, { maxLength: 20 }), (list) => {
        const result = validateRaterList(list, LEARNER);
        expect(result.ok).toBe(!result.problems.some((p) => p.severity === 'error'));
        expect(result.ok).toBe(false); // two usable emails at most: never ten good raters
      }),
    );
  });
});

function response(ratings: Partial<Record<string, MsfRating>>, comments: Record<string, string> = {}): MsfResponse {
  const entry = (key: string) => ({ rating: ratings[key] ?? 'no_concern', comment: comments[key] ?? null });
  return {
    ratings: {
      trust: entry('trust'),
      communication: entry('communication'),
      teamwork: entry('teamwork'),
      accessibility: entry('accessibility'),
    },
    comment: comments.overall ?? null,
  };
}

describe('the summary', () => {
  it('counts each rating per domain and sorts comments alphabetically', () => {
    const responses = [
      response({ trust: 'some_concern' }, { trust: 'Zealous, sometimes brusque', overall: 'Great colleague' }),
      response({}, { trust: '  always kind ', overall: '   ' }),
      response({ accessibility: 'major_concern' }, { accessibility: 'Hard to find on nights', overall: 'A joy' }),
      ...Array.from({ length: 7 }, () => response({})),
    ];
    const summary = summariseMsf(responses, 14);
    expect(summary.responseCount).toBe(10);
    expect(summary.invitedCount).toBe(14);
    expect(summary.responseRate).toBeCloseTo(10 / 14);
    expect(summary.anonymityOk).toBe(true);
    expect(summary.valid).toBe(true);
    expect(summary.concernsRaised).toBe(true);
    expect(summary.domains.map((d) => d.key)).toEqual(MSF_DOMAIN_KEYS);
    expect(summary.domains[0]).toEqual({
      key: 'trust',
      title: MSF_DOMAINS[0].title,
      counts: { no_concern: 9, some_concern: 1, major_concern: 0 },
      comments: ['always kind', 'Zealous, sometimes brusque'],
    });
    expect(summary.domains[3]?.counts).toEqual({ no_concern: 9, some_concern: 0, major_concern: 1 });
    expect(summary.comments).toEqual(['A joy', 'Great colleague']);
  });

  it('says when there are too few responses to show or to count as a valid round', () => {
    const few = summariseMsf(
      Array.from({ length: MSF_MIN_RESPONSES_FOR_SUMMARY - 1 }, () => response({})),
      12,
    );
    expect(few.anonymityOk).toBe(false);
    expect(few.valid).toBe(false);
    expect(few.concernsRaised).toBe(false);
    const enough = summariseMsf(
      Array.from({ length: MSF_MIN_RESPONSES_FOR_SUMMARY }, () => response({})),
      12,
    );
    expect(enough.anonymityOk).toBe(true);
    expect(enough.valid).toBe(false);
  });

  it('has no response rate when nobody was invited and never one above 100%', () => {
    expect(summariseMsf([], 0).responseRate).toBeNull();
    expect(summariseMsf([response({}), response({})], 1).responseRate).toBe(1);
  });

  const anyResponse = fc
    .record({
      trust: fc.constantFrom(...MSF_RATINGS),
      communication: fc.constantFrom(...MSF_RATINGS),
      teamwork: fc.constantFrom(...MSF_RATINGS),
      accessibility: fc.constantFrom(...MSF_RATINGS),
      comment: fc.option(fc.string(), { nil: null }),
      overall: fc.option(fc.string(), { nil: null }),
    })
    .map(({ comment, overall, ...ratings }) =>
      response(ratings, {
        ...(comment === null ? {} : { teamwork: comment }),
        ...(overall === null ? {} : { overall }),
      }),
    );

  it('does not depend on the order responses arrived in (so it cannot reveal it)', () => {
    fc.assert(
      fc.property(fc.array(anyResponse, { maxLength: 15 }), fc.nat(), (responses, seed) => {
        const reversed = [...responses].reverse();
        const k = seed % Math.max(reversed.length, 1);
        const rotated = [...reversed.slice(k), ...reversed.slice(0, k)];
        expect(summariseMsf(rotated, 20)).toEqual(summariseMsf(responses, 20));
      }),
    );
  });

  it('counts every response once in every domain', () => {
    fc.assert(
      fc.property(fc.array(anyResponse, { maxLength: 15 }), (responses) => {
        for (const domain of summariseMsf(responses, 20).domains) {
          expect(domain.counts.no_concern + domain.counts.some_concern + domain.counts.major_concern).toBe(
            responses.length,
          );
        }
      }),
    );
  });
});

const DAY = 86_400_000;
const NOW = new Date('2026-11-25T12:00:00Z');
const past = new Date(NOW.getTime() - DAY);
const future = new Date(NOW.getTime() + DAY);

function state(overrides: Partial<MsfStateInput>): MsfStateInput {
  return { invited: 15, responses: 0, closedAt: null, releasedAt: null, now: NOW, ...overrides };
}

describe('the release rule', () => {
  it.each<[string, Partial<MsfStateInput>, string]>([
    ['nobody invited', { invited: 0 }, 'not_started'],
    ['invited, no replies', {}, 'collecting'],
    ['nine replies, open', { responses: 9 }, 'collecting'],
    ['ten replies, open', { responses: 10 }, 'ready_for_review'],
    ['ten replies, closing date still to come', { responses: 10, closedAt: future }, 'ready_for_review'],
    ['six replies, closing date still to come', { responses: 6, closedAt: future }, 'collecting'],
    ['closed with six', { responses: 6, closedAt: past }, 'closed_too_few'],
    ['closed with seven', { responses: 7, closedAt: past }, 'ready_for_review'],
    ['closed at this moment with seven', { responses: 7, closedAt: NOW }, 'ready_for_review'],
    ['closed with none, nobody invited', { invited: 0, closedAt: past }, 'closed_too_few'],
    ['released', { responses: 12, closedAt: past, releasedAt: past }, 'released'],
    ['released, even if the count is later lower', { responses: 2, closedAt: past, releasedAt: past }, 'released'],
    ['released, before a later closing date', { responses: 10, closedAt: future, releasedAt: past }, 'released'],
  ])('%s: %s', (_, overrides, expected) => {
    expect(msfState(state(overrides))).toBe(expected);
  });

  it.each<[Partial<MsfReleaseInput>, string | null]>([
    [{ responses: 10, reviewed: true }, null],
    [{ responses: 7, closedAt: past, reviewed: true }, null],
    [{ responses: 10, reviewed: false }, 'Confirm you have read the responses before releasing the summary.'],
    [
      { responses: 9, reviewed: true },
      'The summary can be released once collection has closed or 10 responses have arrived (9 so far).',
    ],
    [
      { responses: 1, closedAt: past, reviewed: true },
      'Only 1 response arrived, fewer than the 7 needed to keep raters anonymous. Agree a new round with the learner instead.',
    ],
    [
      { responses: 6, closedAt: past, reviewed: true },
      'Only 6 responses arrived, fewer than the 7 needed to keep raters anonymous. Agree a new round with the learner instead.',
    ],
    [{ invited: 0, reviewed: true }, 'No raters have been invited yet.'],
    [{ responses: 12, releasedAt: past, reviewed: true }, 'The summary has already been released.'],
  ])('release with %o', (overrides, reason) => {
    const decision = mayRelease({ ...state({}), reviewed: false, ...overrides });
    expect(decision).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it('lets the learner see the summary only once released, and never the responses', () => {
    for (const s of MSF_STATES) {
      expect(mayLearnerSeeSummary(s)).toBe(s === 'released');
      expect(msfVisibility(s, 'learner')).toEqual({ summary: s === 'released', responses: false });
      expect(msfVisibility(s, 'rater')).toEqual({ summary: false, responses: false });
      expect(msfVisibility(s, 'educational_supervisor')).toEqual({ summary: true, responses: true });
    }
  });

  const anyState = fc.record({
    invited: fc.integer({ min: 0, max: 30 }),
    responses: fc.integer({ min: 0, max: 30 }),
    closedAt: fc.option(
      fc.integer({ min: -5, max: 5 }).map((d) => new Date(NOW.getTime() + d * DAY)),
      { nil: null },
    ),
    releasedAt: fc.option(fc.constant(past), { nil: null }),
    now: fc.constant(NOW),
    reviewed: fc.boolean(),
  });

  it('releases only a reviewed round with enough responses to keep raters anonymous', () => {
    fc.assert(
      fc.property(anyState, (input) => {
        if (!mayRelease(input).ok) return;
        expect(input.reviewed).toBe(true);
        expect(input.releasedAt).toBeNull();
        expect(input.responses).toBeGreaterThanOrEqual(MSF_MIN_RESPONSES_FOR_SUMMARY);
        const closed = input.closedAt !== null && input.closedAt <= input.now;
        expect(closed || input.responses >= MSF_MIN_RATERS).toBe(true);
      }),
    );
  });

  it('never un-releases: once released, nothing else changes the state', () => {
    fc.assert(
      fc.property(anyState, fc.integer({ min: 0, max: 400 }), (input, days) => {
        const released = { ...input, releasedAt: past };
        expect(msfState(released)).toBe('released');
        expect(msfState({ ...released, now: new Date(NOW.getTime() + days * DAY) })).toBe('released');
      }),
    );
  });

  it('only moves forward as time passes and responses arrive', () => {
    const order = ['not_started', 'collecting', 'closed_too_few', 'ready_for_review', 'released'];
    fc.assert(
      fc.property(anyState, fc.nat(10), fc.nat(10), (input, moreDays, moreResponses) => {
        const before = msfState(input);
        const after = msfState({
          ...input,
          responses: input.responses + moreResponses,
          now: new Date(NOW.getTime() + moreDays * DAY),
        });
        if (before === 'closed_too_few') expect(after).not.toBe('collecting');
        if (before === 'ready_for_review') expect(after).toBe('ready_for_review');
        if (before !== 'not_started' && before !== 'collecting') {
          expect(order.indexOf(after)).toBeGreaterThanOrEqual(order.indexOf(before));
        }
      }),
    );
  });
});

describe('starting a round', () => {
  it('names a round by its season and year', () => {
    expect(defaultMsfTitle('2026-10-14')).toBe('Multi-source feedback, autumn 2026');
    expect(defaultMsfTitle('2027-01-05')).toBe('Multi-source feedback, winter 2027');
    expect(defaultMsfTitle('2026-12-01')).toBe('Multi-source feedback, winter 2026');
    expect(defaultMsfTitle('2026-04-30')).toBe('Multi-source feedback, spring 2026');
    expect(defaultMsfTitle('2026-07-01')).toBe('Multi-source feedback, summer 2026');
  });

  it('closes a round no sooner than 14 days and no later than 90 days ahead', () => {
    expect(closingDateProblem('2026-10-27', '2026-10-14')).toMatch(/at least 14 days/);
    expect(closingDateProblem('2026-10-28', '2026-10-14')).toBeNull();
    expect(closingDateProblem('2027-01-12', '2026-10-14')).toBeNull();
    expect(closingDateProblem('2027-01-13', '2026-10-14')).toMatch(/within 90 days/);
    // Across the clocks going back (25 October 2026) the count is in days, not hours.
    expect(closingDateProblem('2026-11-07', '2026-10-24')).toBeNull();
  });

  it('reminds a rater who has not replied at most once in three days', () => {
    const now = new Date('2026-10-14T09:00:00Z');
    expect(mayRemind({ respondedAt: null, remindedAt: null }, now)).toBe(true);
    expect(mayRemind({ respondedAt: now, remindedAt: null }, now)).toBe(false);
    expect(mayRemind({ respondedAt: null, remindedAt: new Date('2026-10-11T09:00:01Z') }, now)).toBe(false);
    expect(mayRemind({ respondedAt: null, remindedAt: new Date('2026-10-11T09:00:00Z') }, now)).toBe(true);
  });
});

describe('reading a typed rater list', () => {
  it('reads staff groups as people write them', () => {
    expect(readMsfRole('Nurse')).toBe('nurse');
    expect(readMsfRole('staff nurses')).toBe('nurse');
    expect(readMsfRole('GP')).toBe('consultant');
    expect(readMsfRole('Consultant or GP')).toBe('consultant');
    expect(readMsfRole('FY2')).toBe('doctor_in_training');
    expect(readMsfRole('doctor_in_training')).toBe('doctor_in_training');
    expect(readMsfRole('Ward clerk')).toBe('administrative_staff');
    expect(readMsfRole('Allied health professional or pharmacist')).toBe('allied_health_professional');
    expect(readMsfRole('porter')).toBeNull();
  });

  it('reads each line in any order and with any separator, skipping blank lines', () => {
    const parsed = parseRaterLines(
      [
        'Ann Lee, ann.lee@nhs.net, Nurse',
        '',
        'consultant; bob@nhs.net; Dr Bob Oak',
        'Cy Fox\tcy@nhs.net\tFY1',
        'Di May <di@nhs.net> ward clerk',
        'Smith, Jo, jo@nhs.net, physio',
        'Ed Ray, ed@nhs.net, porter',
        'Fi Doe, fi@nhs.net',
        'Gil Ash, pharmacist',
      ].join('\r\n'),
    );
    expect(parsed.lines).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(parsed.raters).toEqual([
      { name: 'Ann Lee', email: 'ann.lee@nhs.net', role: 'nurse' },
      { name: 'Dr Bob Oak', email: 'bob@nhs.net', role: 'consultant' },
      { name: 'Cy Fox', email: 'cy@nhs.net', role: 'doctor_in_training' },
      { name: 'Di May', email: 'di@nhs.net', role: 'administrative_staff' },
      { name: 'Smith, Jo', email: 'jo@nhs.net', role: 'allied_health_professional' },
      { name: 'Ed Ray', email: 'ed@nhs.net', role: '' },
      { name: 'Fi Doe', email: 'fi@nhs.net', role: '' },
      { name: 'Gil Ash', email: '', role: 'allied_health_professional' },
    ]);
    expect(parsed.groups[5]).toBe('porter');
    expect(parsed.groups[6]).toBe('');
  });

  const TEN = [
    'Ann Lee, ann@nhs.net, consultant',
    'Bob Oak, bob@nhs.net, consultant',
    'Cy Fox, cy@nhs.net, doctor in training',
    'Di May, di@nhs.net, doctor in training',
    'Ed Ray, ed@nhs.net, nurse',
    'Fi Doe, fi@nhs.net, nurse',
    'Gil Ash, gil@nhs.net, pharmacist',
    'Hal Elm, hal@nhs.net, ward clerk',
    'Ivy Yew, ivy@nhs.net, nurse',
    'Jo Bay, jo@nhs.net, physiotherapist',
  ];

  it('accepts ten raters from three groups, with the advice to invite more', () => {
    const read = readRaterLines(TEN.join('\n'), LEARNER);
    expect(read.ok).toBe(true);
    expect(read.raters).toHaveLength(10);
    expect(read.errors).toEqual([]);
    expect(read.warnings).toEqual(['Not everyone replies: inviting 15 or more makes 10 responses more likely']);
  });

  it('reports each problem at its line, in line order, then the list’s own', () => {
    const lines = [...TEN.slice(0, 8)];
    lines.splice(3, 0, 'Kit Oak, kit-at-nhs.net, nurse');
    lines.push('Lou Pym, ann@nhs.net, porter', 'Mo Lee, , nurse', LEARNER + ', Me, nurse');
    const read = readRaterLines(lines.join('\n'), LEARNER);
    expect(read.ok).toBe(false);
    expect(read.errors).toEqual([
      'Line 4: enter the rater’s email address',
      'Line 10: you have already added this email address',
      'Line 10: “porter” is not one of the staff groups listed',
      'Line 11: enter the rater’s email address',
      'Line 12: you cannot be one of your own raters: enter a colleague’s email address',
    ]);
  });

  it('counts the raters already invited when more are added', () => {
    const existing = TEN.map((line) => parseRaterLines(line).raters[0]!);
    expect(readRaterLines('', LEARNER, existing).errors).toEqual(['Enter at least one rater']);
    const more = readRaterLines('Nia Orr, nia@nhs.net, nurse\nAnn Again, ANN@nhs.net, nurse', LEARNER, existing);
    expect(more.errors).toEqual(['Line 2: you have already added this email address']);
    expect(readRaterLines('Nia Orr, nia@nhs.net, nurse', LEARNER, existing).ok).toBe(true);
  });
});

describe('reading a rater’s form', () => {
  const ALL = {
    'trust-rating': 'no_concern',
    'communication-rating': 'some_concern',
    'teamwork-rating': 'no_concern',
    'accessibility-rating': 'major_concern',
  };

  it('asks for a rating in every domain and keeps comments optional', () => {
    const missing = readMsfResponse({ ...ALL, 'teamwork-rating': 'brilliant' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.problems.map((problem) => problem.message)).toEqual([
        'Select a rating for team-working and working with colleagues',
      ]);
    }
    const read = readMsfResponse({ ...ALL, 'communication-comment': '  Rushes handovers. ', comment: '' });
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.response.ratings.communication).toEqual({ rating: 'some_concern', comment: 'Rushes handovers.' });
      expect(read.response.ratings.trust.comment).toBe('');
      expect(msfResponseTexts(read.response).map((field) => field.field)).toEqual([
        'trust-comment',
        'communication-comment',
        'teamwork-comment',
        'accessibility-comment',
        'comment',
      ]);
    }
  });

  it('refuses a comment longer than 2,000 characters', () => {
    const long = readMsfResponse({ ...ALL, comment: 'x'.repeat(2001) });
    expect(long.ok).toBe(false);
  });
});
