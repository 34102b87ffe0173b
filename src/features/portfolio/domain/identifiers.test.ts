import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_HOSPITAL_NUMBER_PATTERNS,
  IDENTIFIER_KINDS,
  type IdentifierKind,
  detectIdentifiers,
  isValidNhsNumber,
  nhsCheckDigit,
} from './identifiers.ts';
import { clean, identifying } from './identifier-corpus.ts';

/** The findings as [kind, text] pairs, in text order. */
function found(text: string): [IdentifierKind, string][] {
  return detectIdentifiers(text).findings.map((f) => [f.kind, f.text]);
}

function expectNothing(text: string): void {
  expect(found(text), text).toEqual([]);
}

function expectOnly(kind: IdentifierKind, text: string, identifier: string): void {
  expect(found(text), text).toEqual([[kind, identifier]]);
}

describe('NHS numbers', () => {
  it('computes the modulus-11 check digit', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(nhsCheckDigit('999000001')).toBe(8);
    expect(nhsCheckDigit('12345678')).toBeNull();
    expect(nhsCheckDigit('12345678a')).toBeNull();
    // 11 − (sum mod 11) = 11 gives 0; = 10 means no check digit can make the number valid.
    expect(nhsCheckDigit('000000000')).toBe(0);
    const tenCases = Array.from({ length: 2000 }, (_, i) => String(100000000 + i * 997)).filter(
      (nine) => nhsCheckDigit(nine) === null,
    );
    expect(tenCases.length).toBeGreaterThan(0);
    for (const nine of tenCases.slice(0, 20)) {
      for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(nine + String(d))).toBe(false);
    }
  });

  it.each([
    ['943 476 5919', 'NHS number 943 476 5919 on the label'],
    ['943-476-5919', 'copied 943-476-5919 from the letter'],
    ['9434765919', 'NHS:9434765919.'],
    ['943  476  5919', 'odd spacing 943  476  5919 here'],
    ['9434 765 919', 'grouped as 9434 765 919 by the scanner'],
    ['94 347 65919', '94 347 65919'],
    ['943 - 476 - 5919', 'with dashes 943 - 476 - 5919'],
    ['943.476.5919', 'dotted 943.476.5919'],
    ['943 476 5919', '(943 476 5919)'],
    ['943 476 5919', 'number 943 476 5919 5 days ago'],
    ['9434765919', 'numbers 9434765919, 9990000019'],
    ['9 4 3 4 7 6 5 9 1 9', 'spelt out 9 4 3 4 7 6 5 9 1 9 on the phone'],
    ['94 34 76 59 19', '94 34 76 59 19'],
    ['943 -- 476  -  5919', '943 -- 476  -  5919'],
  ])('finds %s in "%s"', (nhs, text) => {
    expect(found(text)).toContainEqual(['nhs-number', nhs]);
  });

  it('explains why', () => {
    expect(detectIdentifiers('9434765919').findings[0]?.reason).toMatch(/NHS number.*check digit is valid/);
  });

  it.each([
    'NHS number 943 476 5918 (typed wrongly)',
    'reference 1234567890',
    'GMC number 7654321',
    '943 476 59190',
    '19434765919',
    '1 9 4 3 4 7 6 5 9 1 9',
    '94 34 76 59 19 20',
    '9434765919mg',
    'order ABC9434765919',
    'sats 94 then 34 then 76 then 59 then 19',
  ])('does not flag "%s"', (text) => {
    expect(found(text).filter(([kind]) => kind === 'nhs-number')).toEqual([]);
  });
});

describe('dates of birth', () => {
  it.each([
    ['DOB 12/03/1954', '12/03/1954'],
    ['DOB: 12/3/54', '12/3/54'],
    ['dob 12.3.54', '12.3.54'],
    ['D.O.B. 12-03-1954', '12-03-1954'],
    ['d.o.b: 12 03 1954', '12 03 1954'],
    ['Date of birth 12 March 1954', '12 March 1954'],
    ['date of birth was 12th March 1954', '12th March 1954'],
    ['born on the 12th of March, 1954 in Norwich', '12th of March, 1954'],
    ['born 12 Mar 54', '12 Mar 54'],
    ["born 12 Mar '54", "12 Mar '54"],
    ['born 12-Mar-1954', '12-Mar-1954'],
    ['birth date: 1954-03-12', '1954-03-12'],
    ['DOB 1954/3/12', '1954/3/12'],
    ['DOB March 12, 1954', 'March 12, 1954'],
    ['his DOB as Mar 12th 1954', 'Mar 12th 1954'],
    ['DOB 12031954', '12031954'],
    ['DOB 120354', '120354'],
    ['12/03/1954 (DOB)', '12/03/1954'],
    ['12 March 1954 - date of birth', '12 March 1954'],
    ['DOB 29/02/1948', '29/02/1948'],
    ['DOB 03/25/1954', '03/25/1954'],
    ['born 1 Sept 1939', '1 Sept 1939'],
    ['DOB12/03/1954', '12/03/1954'],
    ['born on Tuesday 12 March 1954', '12 March 1954'],
    ['DOB 12/Mar/1954', '12/Mar/1954'],
    ['DOB 12March1954', '12March1954'],
    ['DOB Mar-12-1954', 'Mar-12-1954'],
    ['date-of-birth 12/03/1954', '12/03/1954'],
    ['Date of Birth - 12.03.1954', '12.03.1954'],
    ['DoB 12 / 03 / 1954', '12 / 03 / 1954'],
    ['Birthdate 12/03/1954', '12/03/1954'],
  ])('finds the date in "%s"', (text, date) => {
    expectOnly('date-of-birth', text, date);
  });

  it('explains the context', () => {
    expect(detectIdentifiers('DOB 12/03/1954').findings[0]?.reason).toMatch(/date of birth.*“DOB”/);
    expect(detectIdentifiers('born 12/03/1954').findings[0]?.reason).toMatch(/“born”/);
  });

  it.each([
    'seen on 12/03/2024',
    'admitted 12 March 2024 and discharged 19 March 2024',
    'born in 1954',
    'born in March 1954',
    'DOB redacted; seen on 12/03/2024 in clinic',
    'Born in Ipswich, she moved to Leeds; reviewed on 12/03/2024',
    'DOB 31/02/1954',
    'DOB 13/13/1954',
    'DOB 00/03/1954',
    'she was 70 when born again in faith, 12/03/2024',
    'an 84-year-old man',
    'newborn check on 12/03/2024',
    'DOB and allergies checked on 12/03/2024',
    'born in Lowestoft on 12/03/2024',
    'DOB 1.12.03.54',
  ])('does not flag "%s"', (text) => {
    expectNothing(text);
  });
});

describe('postcodes', () => {
  it.each([
    ['lives at IP4 5PD', 'IP4 5PD'],
    ['lives at ip4 5pd', 'ip4 5pd'],
    ['IP45PD', 'IP45PD'],
    ['near CB22 3AB.', 'CB22 3AB'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['W1A 0AX', 'W1A 0AX'],
    ['SW1A 1AA', 'SW1A 1AA'],
    ['ec1a1bb', 'ec1a1bb'],
    ['(NR1 3HB)', 'NR1 3HB'],
    ['GIR 0AA', 'GIR 0AA'],
    ['IP4  5PD', 'IP4  5PD'],
  ])('finds the postcode in "%s"', (text, postcode) => {
    expectOnly('postcode', text, postcode);
  });

  it.each([
    'lives in IP4',
    'moved from the CB22 area',
    'vitamin B12 1mg',
    'L4 2nd and 3rd vertebrae',
    'QA1 1AA',
    'IP4 5CD',
    'IP4 5PDX',
    'NEWS2 5 at 14:30',
    'ward B12 bay 3',
    'FY2 4th rotation',
  ])('does not flag "%s"', (text) => {
    expectNothing(text);
  });
});

describe('hospital numbers', () => {
  it.each([
    ['hospital number RM12345', 'RM12345'],
    ['Hospital No. 1234567', '1234567'],
    ['hosp no K123456', 'K123456'],
    ['MRN: 00482913', '00482913'],
    ['mrn 482913', '482913'],
    ['medical record number is A1234567', 'A1234567'],
    ['unit number 0099812', '0099812'],
    ['case note number: X998877', 'X998877'],
    ['PAS number 12345678', '12345678'],
    ['patient ID 55102398', '55102398'],
    ['RM123456 (hospital number)', 'RM123456'],
    ['1234567, MRN', '1234567'],
    ['bay 12345, MRN', '12345'],
    ['K-1234567 (hosp no)', 'K-1234567'],
    ['hospital number: RM 123456', 'RM 123456'],
    ['hospital number was 123456A', '123456A'],
  ])('finds the code in "%s"', (text, code) => {
    expectOnly('hospital-number', text, code);
  });

  it.each([
    'RM12345 on its own',
    'GMC number 1234567',
    'hospital number 1234 (too short)',
    'hospital number not known',
    'bleep 2245',
    'ward 7B bed 12',
    'was 12345 before',
  ])('does not flag "%s"', (text) => {
    expectNothing(text);
  });

  it('takes a trust’s own patterns instead of the defaults, covering the id group when there is one', () => {
    const options = { hospitalNumberPatterns: [/\bQEH\d{6}\b/, /ref (?<id>\d{4})/i] };
    expect(detectIdentifiers('seen as QEH123456, REF 9876, hospital number RM12345', options).findings).toEqual([
      expect.objectContaining({ kind: 'hospital-number', text: 'QEH123456', start: 8 }),
      expect.objectContaining({ kind: 'hospital-number', text: '9876', start: 23 }),
    ]);
    const both = { hospitalNumberPatterns: [...DEFAULT_HOSPITAL_NUMBER_PATTERNS, /\bQEH\d{6}\b/] };
    expect(found('QEH123456 and hospital number RM12345')).toEqual([['hospital-number', 'RM12345']]);
    expect(detectIdentifiers('QEH123456 and hospital number RM12345', both).findings.map((f) => f.text)).toEqual([
      'QEH123456',
      'RM12345',
    ]);
    expect(detectIdentifiers('QEH123456', options).findings[0]?.reason).toMatch(/format set for this programme/);
  });

  it('leaves the caller’s patterns as they were, so a global pattern gives the same answer every time', () => {
    const pattern = /\bQEH\d{6}\b/g;
    const options = { hospitalNumberPatterns: [pattern] };
    const first = detectIdentifiers('QEH123456 then QEH654321', options);
    expect(detectIdentifiers('QEH123456 then QEH654321', options)).toEqual(first);
    expect(first.findings.map((f) => f.text)).toEqual(['QEH123456', 'QEH654321']);
    expect(pattern.lastIndex).toBe(0);
  });

  it('survives patterns that match nothing, match empty strings or are sticky', () => {
    const options = { hospitalNumberPatterns: [/x*/, /\d{3}/y, /(?<id>)abc/] };
    expect(detectIdentifiers('abc 123 456', options).findings.map((f) => f.text)).toEqual(['123', '456']);
  });
});

describe('phone numbers', () => {
  it.each([
    ['call 07700 900123', '07700 900123'],
    ['07700900123', '07700900123'],
    ['07700-900-123', '07700-900-123'],
    ['07700 900 123', '07700 900 123'],
    ['+44 7700 900123', '+44 7700 900123'],
    ['+447700900123', '+447700900123'],
    ['0044 7700 900123', '0044 7700 900123'],
    ['+44 (0)20 7946 0000', '+44 (0)20 7946 0000'],
    ['020 7946 0000', '020 7946 0000'],
    ['0207 946 0000', '0207 946 0000'],
    ['(01632) 960123', '(01632) 960123'],
    ['01632 960123', '01632 960123'],
    ['0161 496 0000', '0161 496 0000'],
    ['tel: 0113-496-0000.', '0113-496-0000'],
    ['+44(0)7700900123', '+44(0)7700900123'],
    ['+44 (0) 7700 900123', '+44 (0) 7700 900123'],
  ])('finds the number in "%s"', (text, phone) => {
    expectOnly('phone', text, phone);
  });

  it('says whether it is a mobile or a landline', () => {
    expect(detectIdentifiers('07700 900123').findings[0]?.reason).toMatch(/mobile/);
    expect(detectIdentifiers('01632 960123').findings[0]?.reason).toMatch(/landline/);
  });

  it.each([
    '0800 123 4567',
    '0300 123 4567',
    'NHS 111',
    '0900 1000 1100 1200',
    'obs at 0200, 0400 and 0600',
    'bleep 2245, ext 4471',
    '0 1 2 3 4 5 6 7 8 9 10',
    '07700 9001',
    'between 0800 and 1700',
  ])('does not flag "%s"', (text) => {
    expectNothing(text);
  });
});

describe('email addresses', () => {
  it.each([
    ['write to jo.bloggs@example.nhs.uk today', 'jo.bloggs@example.nhs.uk'],
    ['<a.b+c@example.co.uk>', 'a.b+c@example.co.uk'],
    ['Email: FY2_Doctor@Example.ORG.', 'FY2_Doctor@Example.ORG'],
    ['renée.été@exemple.fr', 'renée.été@exemple.fr'],
  ])('finds the address in "%s"', (text, email) => {
    expectOnly('email', text, email);
  });

  it.each(['@nhs', 'the team@ward 7', 'a@b', 'Covid@home pathway'])('does not flag "%s"', (text) => {
    expectNothing(text);
  });
});

describe('names after titles', () => {
  it.each([
    ['Mrs Smith was seen', 'Mrs Smith'],
    ['Mr. Jones', 'Mr. Jones'],
    ['Ms Fennimore-Vale', 'Ms Fennimore-Vale'],
    ["Miss O'Brien's mother", "Miss O'Brien"],
    ['Mx Rowan Tillingbourne', 'Mx Rowan Tillingbourne'],
    ['Dr Marchbank said', 'Dr Marchbank'],
    ['Prof Mary McDonald', 'Prof Mary McDonald'],
    ['Professor Hazelgrove', 'Professor Hazelgrove'],
    ['Mr J Smith', 'Mr J Smith'],
    ['Mr J. R. Smith', 'Mr J. R. Smith'],
    ['MRS GRIMSDITCH', 'MRS GRIMSDITCH'],
    ['MR J BRACKENFIELD', 'MR J BRACKENFIELD'],
    ['DR A. PATEL', 'DR A. PATEL'],
    ['Mrs Zoë Łukasik', 'Mrs Zoë Łukasik'],
    ['I saw Mrs Smith. She was well', 'Mrs Smith'],
    ['mrs Smith', 'mrs Smith'],
    ['seen by dr Patel', 'dr Patel'],
    ['Mr O’Neill', 'Mr O’Neill'],
    ['Mrs Smith The', 'Mrs Smith'],
  ])('finds the name in "%s"', (text, name) => {
    expectOnly('name', text, name);
  });

  it('explains why', () => {
    expect(detectIdentifiers('Mrs Smith').findings[0]?.reason).toMatch(/name after the title “Mrs”/);
  });

  it('finds names written one after another', () => {
    expect(found('Mrs Smith Mrs Jones, Dr Patel and Mr Lee')).toEqual([
      ['name', 'Mrs Smith'],
      ['name', 'Mrs Jones'],
      ['name', 'Dr Patel'],
      ['name', 'Mr Lee'],
    ]);
  });

  it.each([
    'Dr on call',
    'the Dr on call was busy',
    'Dr On Call',
    'Dr Registrar reviewed',
    'Dr FY2 covering',
    'Mr A, a 78-year-old man',
    'Mr A. He was 84.',
    'Mrs B. The family arrived.',
    'Mr A. Reviewing his notes, I saw',
    'Mrs AB',
    'Mr X',
    "Dr Gray's Hospital in Elgin",
    'Mrs Smith Ward on the second floor',
    'severe MR and AF',
    'SEVERE MR WITH LV DILATATION',
    'MS RELAPSE IN 2019',
    'MR ABC',
    'known MS since 2010',
    'DR on retinal screening',
    'Mister Softee',
    'Missed doses',
    'I miss London',
    'ECG PR 200 ms Sinus rhythm',
    'patients who consult Dr Google first',
    'Prof Standards meeting',
    'Dr',
  ])('does not flag "%s"', (text) => {
    expectNothing(text);
  });
});

describe('the detector', () => {
  it('is not blocked on an empty text, and blocked when anything is found', () => {
    expect(detectIdentifiers('')).toEqual({ blocked: false, findings: [] });
    expect(detectIdentifiers('Mrs Smith').blocked).toBe(true);
  });

  it('gives UTF-16 offsets, end exclusive', () => {
    const text = '👩‍⚕️ reviewed Mrs Smith 😀 on 07700 900123';
    const findings = detectIdentifiers(text).findings;
    expect(findings.map((f) => [f.kind, f.start, f.end])).toEqual([
      ['name', 15, 24],
      ['phone', 31, 43],
    ]);
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('keeps the more specific kind where two overlap', () => {
    // A valid NHS number after "MRN" is an NHS number; an email address holding digits is an email address.
    expect(found('MRN 9434765919')).toEqual([['nhs-number', '9434765919']]);
    expect(found('9434765919@example.com')).toEqual([['email', '9434765919@example.com']]);
    // Written with +44 it is a phone number even when ten of its digits pass the NHS number check.
    const nine = '7700900';
    const international = Array.from({ length: 1000 }, (_, i) => `${nine}${String(i).padStart(3, '0')}`).find((n) =>
      isValidNhsNumber(n),
    );
    expect(international).toBeDefined();
    const phone = `+44 ${international!.slice(0, 4)} ${international!.slice(4)}`;
    expect(found(`call ${phone}`)).toEqual([['phone', phone]]);
  });

  it('lists every kind', () => {
    expect([...IDENTIFIER_KINDS].sort()).toEqual(
      ['date-of-birth', 'email', 'hospital-number', 'name', 'nhs-number', 'phone', 'postcode'].sort(),
    );
  });

  it.each([
    'amoxicillin 500 mg tds',
    'Hb 98 g/L',
    'CRP 145',
    'eGFR 45',
    'GMC number 1234567',
    'seen on 12/03/2024',
    'Colchester, Ipswich, Bury St Edmunds and King’s Lynn',
    'Ward 7B, Nightingale Ward, the Acute Medical Unit',
    'at 14:30, then 02:15, then 0600',
    'bay 3 bed 12',
    'NEWS2 7',
    'an 84-year-old man',
    'in 1954, 2019 and 2024',
    'morphine 30 mg and midazolam 10 mg over 24 hours',
    'BP 162/94, HR 88, RR 18, sats 96% on 2 L/min',
  ])('does not flag the ordinary "%s"', (text) => {
    expectNothing(text);
  });
});

// Properties

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const nineDigits = fc.array(digit, { minLength: 9, maxLength: 9 }).map((d) => d.join(''));
const separator = fc.constantFrom(' ', '  ', '   ', '-', ' - ', '  -  ', '--', '.', '–', '\u00a0', '\t');

/** Ten digits with a random separator, or none, after each of the first nine: cut anywhere into groups. */
function formatted(digits: string): fc.Arbitrary<string> {
  return fc
    .array(fc.option(separator, { freq: 2 }), { minLength: 9, maxLength: 9 })
    .map((separators) => digits.replace(/\d/g, (d, i: number) => d + (separators[i] ?? '')));
}

const validNhs = nineDigits
  .filter((nine) => nhsCheckDigit(nine) !== null)
  .map((nine) => `${nine}${String(nhsCheckDigit(nine))}`);
const invalidNhs = fc
  .tuple(nineDigits, digit)
  .filter(([nine, last]) => nhsCheckDigit(nine) !== Number(last))
  .map(([nine, last]) => nine + last);
const surroundings = fc.constantFrom(['', ''], ['NHS number ', ' today.'], ['(', ')'], ['label: ', ', seen at 14:30']);

/** Fragments that mix identifiers, near misses and ordinary clinical words, to build texts for the invariants. */
const fragment = fc.oneof(
  fc.constantFrom(
    'Mrs Smith',
    'Mr A.',
    'Dr on call',
    'DOB',
    'born',
    '12/03/1954',
    '12 March 1954',
    'IP4 5PD',
    'ip4',
    'hospital number',
    'RM12345',
    'MRN',
    '07700 900123',
    '+44',
    '(0)20',
    '943 476 5919',
    '9434765919',
    'jo@example.com',
    '@',
    '.',
    ',',
    ' ',
    '  ',
    '-',
    '\n',
    'CRP 145',
    'NEWS2 5',
    '😀',
    'é',
  ),
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.string({ maxLength: 6 }),
);
const mixedText = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));

describe('properties', () => {
  it('finds any valid NHS number, however it is spaced or split', () => {
    fc.assert(
      fc.property(
        validNhs.chain((n) => formatted(n)),
        surroundings,
        (nhs, [before, after]) => {
          expect(found(before + nhs + after)).toEqual([['nhs-number', nhs]]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never flags a ten-digit number whose check digit is wrong as an NHS number', () => {
    fc.assert(
      fc.property(
        invalidNhs.chain((n) => formatted(n)),
        surroundings,
        (number, [before, after]) => {
          expect(found(before + number + after).filter(([kind]) => kind === 'nhs-number')).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds any UK mobile number in the usual formats', () => {
    const mobile = fc
      .tuple(fc.array(digit, { minLength: 9, maxLength: 9 }), fc.constantFrom('07', '+44 7', '+447', '0044 7'))
      .chain(([d, prefix]) =>
        fc
          .constantFrom(
            (s: string) => `${s.slice(0, 3)} ${s.slice(3)}`,
            (s: string) => `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`,
            (s: string) => `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`,
            (s: string) => s,
          )
          .map((format) => prefix + format(d.join(''))),
      );
    fc.assert(
      fc.property(mobile, surroundings, (phone, [before, after]) => {
        expect(found(before + phone + after)).toEqual([['phone', phone]]);
      }),
      { numRuns: 300 },
    );
  });

  it('finds any full postcode, in any case, with or without the space', () => {
    const letter = (set: string) => fc.constantFrom(...set.split(''));
    const first = letter('ABCDEFGHIJKLMNOPRSTUWYZ');
    const second = letter('ABCDEFGHKLMNOPQRSTUVWXY');
    const outward = fc.oneof(
      fc.tuple(first, digit).map((p) => p.join('')),
      fc.tuple(first, digit, digit).map((p) => p.join('')),
      fc.tuple(first, digit, letter('ABCDEFGHJKPSTUW')).map((p) => p.join('')),
      fc.tuple(first, second, digit).map((p) => p.join('')),
      fc.tuple(first, second, digit, digit).map((p) => p.join('')),
      fc.tuple(first, second, digit, letter('ABEHMNPRVWXY')).map((p) => p.join('')),
    );
    const inward = fc
      .tuple(digit, letter('ABDEFGHJLNPQRSTUWXYZ'), letter('ABDEFGHJLNPQRSTUWXYZ'))
      .map((p) => p.join(''));
    const postcode = fc
      .tuple(outward, fc.constantFrom(' ', ''), inward, fc.constantFrom('upper', 'lower'))
      .map(([out, space, inw, letterCase]) => {
        const code = out + space + inw;
        return letterCase === 'upper' ? code : code.toLowerCase();
      })
      .filter((code) => !/^(?:[a-z]+\d+ ?)?(?:1st|2nd|3rd|[04-9]th)$/.test(code.slice(-3)));
    fc.assert(
      fc.property(postcode, (code) => {
        expect(found(`lives at ${code}, near the sea`)).toEqual([['postcode', code]]);
      }),
      { numRuns: 300 },
    );
  });

  it('returns findings in text order, without overlaps, each slicing back to its text', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        const result = detectIdentifiers(text);
        expect(result.blocked).toBe(result.findings.length > 0);
        let previousEnd = 0;
        for (const f of result.findings) {
          expect(f.start).toBeGreaterThanOrEqual(previousEnd);
          expect(f.end).toBeGreaterThan(f.start);
          expect(text.slice(f.start, f.end)).toBe(f.text);
          expect(IDENTIFIER_KINDS).toContain(f.kind);
          expect(f.reason.length).toBeGreaterThan(10);
          previousEnd = f.end;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same offsets after any prefix of other scripts and emoji, shifted by its UTF-16 length', () => {
    const prefix = fc.string({ unit: fc.constantFrom('é', '😀', '👩‍⚕️', '中', 'a', ' ', 'Ω'), maxLength: 12 });
    fc.assert(
      fc.property(prefix, mixedText, (before, text) => {
        const base = detectIdentifiers(text).findings;
        const shifted = detectIdentifiers(`${before} ${text}`).findings;
        const offset = before.length + 1;
        // A prefix can only add findings before the text (it cannot change what the text holds, after a space).
        const inText = shifted.filter((f) => f.start >= offset);
        expect(inText.map((f) => [f.kind, f.start - offset, f.end - offset])).toEqual(
          base.map((f) => [f.kind, f.start, f.end]),
        );
      }),
      { numRuns: 500 },
    );
  });
});

// The corpus

describe('the corpus', () => {
  it('has at least 30 identifying texts covering every kind, and at least 30 clean ones', () => {
    expect(identifying.length).toBeGreaterThanOrEqual(30);
    expect(clean.length).toBeGreaterThanOrEqual(30);
    const kinds = new Set(identifying.flatMap((t) => t.identifiers.map(([kind]) => kind)));
    expect([...kinds].sort()).toEqual([...IDENTIFIER_KINDS].sort());
    for (const t of identifying) {
      for (const [, identifier] of t.identifiers) expect(t.text).toContain(identifier);
    }
  });

  it('finds every identifier (100 %) and raises fewer than 2 % false alarms', () => {
    let identifiers = 0;
    let detected = 0;
    const missed: string[] = [];
    for (const t of identifying) {
      const findings = detectIdentifiers(t.text).findings;
      for (const [kind, identifier] of t.identifiers) {
        identifiers++;
        const hit = findings.some((f) => f.kind === kind && f.text === identifier);
        if (hit) detected++;
        else missed.push(`${kind} "${identifier}" in "${t.text}"`);
      }
    }
    const alarms = clean.filter((text) => detectIdentifiers(text).blocked);
    const detectionRate = detected / identifiers;
    const falseAlarmRate = alarms.length / clean.length;
    console.log(
      `identifier corpus: detection ${(detectionRate * 100).toFixed(1)} % (${detected}/${identifiers} identifiers ` +
        `in ${identifying.length} texts); false alarms ${(falseAlarmRate * 100).toFixed(1)} % ` +
        `(${alarms.length}/${clean.length} clean texts)`,
    );
    expect(missed).toEqual([]);
    expect(detectionRate).toBe(1);
    expect(alarms).toEqual([]);
    expect(falseAlarmRate).toBeLessThan(0.02);
  });

  it('finds exactly the labelled identifiers in each identifying text, nothing more', () => {
    for (const t of identifying) {
      expect(found(t.text), t.text).toEqual(t.identifiers);
    }
  });
});
