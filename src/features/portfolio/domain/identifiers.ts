/**
 * The portfolio's anonymisation guard: finds patient identifiers in free text before it is saved.
 *
 * Portfolio entries must not identify patients (GMC guidance on reflective practice, Caldicott principles). The
 * detector looks for seven kinds of identifier and explains each finding in plain English for the page:
 *
 * - `nhs-number`: ten digits in any grouping (spaces, dashes or dots between groups; within a longer run of numbers,
 *   up to four groups), whose tenth digit is the modulus-11 check digit of the first nine. A ten-digit number that
 *   fails the check is not flagged.
 * - `date-of-birth`: a full date (day, month and year, in numbers or words) next to "born", "DOB", "D.O.B." or
 *   "date of birth". A date without that context (an admission, a clinic) is not flagged, nor is a year alone.
 * - `postcode`: a full UK postcode (outward and inward parts, in the letters each position allows), any case, with or
 *   without the space. An outward code alone ("IP4") is a district, not an address, and is not flagged.
 * - `hospital-number`: by default a letter-and-digit code of at least five digits written next to "hospital number",
 *   "hosp no", "MRN", "medical record number", "unit number", "case note number", "PAS number" or "patient ID".
 *   A trust's own formats can be given as regular expressions (`DetectorOptions.hospitalNumberPatterns`).
 * - `phone`: a UK landline (01, 02) or mobile (07) number, in national form or with +44 / 0044, with spaces, dashes or
 *   brackets. Non-geographic service numbers (03, 08) belong to organisations and are not flagged.
 * - `email`: an email address.
 * - `name`: a capitalised name (or one in capitals) after a title: Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Professor, also
 *   "mrs", "mr", "dr", and "MRS", "MISS", "MX", "PROF" (and "MR", "MS", "DR" before an initial). An initial alone
 *   ("Mr A", the usual way to anonymise) is not a name; nor is a role ("Dr on call", "Dr Registrar"), a word that
 *   starts a sentence ("Mr A. He…"), nor a place named after a person ("Dr Gray's Hospital").
 *
 * Findings are in text order and never overlap: where two candidates overlap, the more specific kind wins (email,
 * then NHS number, hospital number, date of birth, phone, postcode, name), then the longer match. Offsets are UTF-16
 * code unit offsets into the input, `end` exclusive, so `text.slice(start, end)` is the finding's text.
 *
 * Pure: no IO, no platform.
 */

export const IDENTIFIER_KINDS = [
  'nhs-number',
  'date-of-birth',
  'postcode',
  'hospital-number',
  'phone',
  'email',
  'name',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** The matched text, exactly `input.slice(start, end)`. */
  text: string;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset just after the last character. */
  end: number;
  /** Why this was flagged, in plain English, for the person writing. */
  reason: string;
}

export interface DetectionResult {
  /** True when there is at least one finding: the text must not be saved as it is. */
  blocked: boolean;
  findings: IdentifierFinding[];
}

export interface DetectorOptions {
  /**
   * How hospital numbers are written: each match of each pattern is a hospital number. When a pattern has a named
   * group `id`, the finding covers that group (so context words can be matched without being flagged); otherwise the
   * whole match. Replaces the defaults; spread `DEFAULT_HOSPITAL_NUMBER_PATTERNS` into the list to keep them.
   */
  hospitalNumberPatterns?: readonly RegExp[];
}

/** Precedence when candidates overlap: a lower number wins. */
const SPECIFICITY: Record<IdentifierKind, number> = {
  email: 0,
  'nhs-number': 1,
  'hospital-number': 2,
  'date-of-birth': 3,
  phone: 4,
  postcode: 5,
  name: 6,
};

// NHS numbers

/**
 * The modulus-11 check digit of an NHS number's first nine digits: weights 10 down to 2, 11 − (sum mod 11), where 11
 * gives 0 and 10 means no number with these nine digits is valid (null).
 */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Whether ten digits (separators are ignored) form an NHS number whose check digit is right. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s\-–.]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Between two groups of digits: one to three spaces, or one or two dashes or dots with up to two spaces around. */
const GROUP_SEPARATOR = String.raw`(?:[ \t\u00a0]{1,3}|[ \t\u00a0]{0,2}[-–‐.]{1,2}[ \t\u00a0]{0,2})`;
/**
 * A maximal run of digit groups. A run of exactly ten digits is a candidate however it is grouped ("9 4 3 4 7 6 5 9 1
 * 9"); inside a longer run, a window of up to four whole groups holding ten digits is ("943 476 5919 5 days ago").
 */
const DIGIT_RUN = new RegExp(String.raw`(?<![\p{L}\p{N}_])\d+(?:${GROUP_SEPARATOR}\d+)*`, 'gu');
/** The most groups an NHS number inside a longer run of numbers may be split into. */
const MAX_NHS_GROUPS = 4;

interface Candidate extends IdentifierFinding {
  /** Overrides the kind's specificity (lower wins). */
  rank?: number;
}

function candidate(input: string, kind: IdentifierKind, start: number, end: number, reason: string): Candidate {
  return { kind, text: input.slice(start, end), start, end, reason };
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

function findNhsNumbers(input: string): Candidate[] {
  const found: Candidate[] = [];
  for (const run of input.matchAll(DIGIT_RUN)) {
    const runStart = run.index;
    // Letters straight after the digits make them a code or a quantity ("1234567890mg"), not an NHS number.
    if (isWordChar(input[runStart + run[0].length])) continue;
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: runStart + g.index, digits: g[0] }));
    const whole = groups.reduce((length, group) => length + group.digits.length, 0) === 10;
    const maxGroups = whole ? groups.length : MAX_NHS_GROUPS;
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && last - first < maxGroups; last++) {
        digits += groups[last]?.digits ?? '';
        if (digits.length > 10) break;
        if (digits.length < 10) continue;
        const startGroup = groups[first];
        const endGroup = groups[last];
        if (startGroup === undefined || endGroup === undefined) break;
        if (isValidNhsNumber(digits)) {
          found.push(
            candidate(
              input,
              'nhs-number',
              startGroup.start,
              endGroup.start + endGroup.digits.length,
              'This looks like an NHS number: it has ten digits and its check digit is valid.',
            ),
          );
        }
        break;
      }
    }
  }
  return found;
}

// Dates of birth

const MONTHS: readonly (readonly string[])[] = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

function monthNumber(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((names) => names.includes(lower)) + 1;
}

const MONTH_WORD = String.raw`(?:${MONTHS.flat()
  .sort((a, b) => b.length - a.length)
  .join('|')})\.?`;
const ORDINAL = String.raw`(?:st|nd|rd|th)?`;
/** A date may follow letters ("DOB12/03/1954") but not digits, nor a digit and a separator ("1.12.03.54"). */
const NOT_BEFORE = String.raw`(?<![\p{N}_]|\d[./\-])`;
const NOT_AFTER = String.raw`(?![\p{L}\p{N}_]|[./\-]\d)`;

interface DateShape {
  pattern: RegExp;
  /** Day, month and year from the match's groups, or null when the parts are not a real date. */
  parts: (groups: Record<string, string | undefined>) => { day: number; month: number; year: number } | null;
}

function numberOf(value: string | undefined): number {
  return value === undefined ? NaN : Number(value.replace(/^'/, ''));
}

const DATE_SHAPES: readonly DateShape[] = [
  {
    // 12/03/1954, 12.3.54, 12-03-1954, 12 / 03 / 1954 (day first; month first is accepted when only it is a date).
    pattern: new RegExp(
      String.raw`${NOT_BEFORE}(?<a>\d{1,2}) ?(?<sep>[/.\- ]) ?(?<b>\d{1,2}) ?\k<sep> ?(?<y>\d{4}|\d{2})${NOT_AFTER}`,
      'gu',
    ),
    parts: (g) => {
      const a = numberOf(g.a);
      const b = numberOf(g.b);
      const year = numberOf(g.y);
      if (isRealDate(a, b, year)) return { day: a, month: b, year };
      if (isRealDate(b, a, year)) return { day: b, month: a, year };
      return null;
    },
  },
  {
    // 1954-03-12, 1954/3/12, 1954.03.12
    pattern: new RegExp(
      String.raw`${NOT_BEFORE}(?<y>\d{4})(?<sep>[/.\-])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})${NOT_AFTER}`,
      'gu',
    ),
    parts: (g) => ({ day: numberOf(g.d), month: numberOf(g.m), year: numberOf(g.y) }),
  },
  {
    // 12 March 1954, 12th of March, 1954, 12-Mar-54, 12/Mar/1954, 12March1954, 12 Mar. '54
    pattern: new RegExp(
      String.raw`${NOT_BEFORE}(?<d>\d{1,2})${ORDINAL}[ \-/.]*(?:of )?(?<m>${MONTH_WORD}),?[ \-/.]*(?<y>\d{4}|'?\d{2})${NOT_AFTER}`,
      'giu',
    ),
    parts: (g) => ({ day: numberOf(g.d), month: monthNumber(g.m ?? ''), year: numberOf(g.y) }),
  },
  {
    // March 12, 1954; Mar 12th 1954; Mar-12-1954
    pattern: new RegExp(
      String.raw`(?<![\p{L}])(?<m>${MONTH_WORD})[ \-](?<d>\d{1,2})${ORDINAL},?[ \-](?<y>\d{4})${NOT_AFTER}`,
      'giu',
    ),
    parts: (g) => ({ day: numberOf(g.d), month: monthNumber(g.m ?? ''), year: numberOf(g.y) }),
  },
  {
    // 12031954 or 120354 (only ever flagged with birth context, like every date)
    pattern: new RegExp(String.raw`${NOT_BEFORE}(?<d>\d{2})(?<m>\d{2})(?<y>\d{4}|\d{2})${NOT_AFTER}`, 'gu'),
    parts: (g) => ({ day: numberOf(g.d), month: numberOf(g.m), year: numberOf(g.y) }),
  },
];

function isRealDate(day: number, month: number, year: number): boolean {
  if (!Number.isInteger(day) || !Number.isInteger(month) || !Number.isInteger(year)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const fullYear = year < 100 ? 2000 + year : year;
  if (year >= 100 && (year < 1850 || year > 2199)) return false;
  const days = [
    31,
    fullYear % 4 === 0 && (fullYear % 100 !== 0 || fullYear % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return day <= (days[month - 1] ?? 0);
}

/** The words that make a date a date of birth. */
const BIRTH_WORD = String.raw`(?<![\p{L}])(?:born|date[ \-]of[ \-]birth|birth ?date|d\.? ?o\.? ?b\.?)(?![\p{L}])`;
/**
 * What may stand between the words and the date: punctuation, a few small words and a day of the week ("born on
 * the 12th…", "born on Tuesday 12 March…"). Anything else ("born in Lowestoft on…") breaks the link.
 */
const BIRTH_FILLER = String.raw`(?:on|is|was|as|of|the|(?:mon|tues|wednes|thurs|fri|satur|sun)day)`;
const BIRTH_BEFORE = new RegExp(
  String.raw`${BIRTH_WORD}(?:[\s:;,=(\[\-–—]|(?<![\p{L}])${BIRTH_FILLER}(?![\p{L}]))*$`,
  'iu',
);
const BIRTH_AFTER = new RegExp(String.raw`^[ \t]*[(\[,:\-–—]?[ \t]*${BIRTH_WORD}`, 'iu');

function findDatesOfBirth(input: string): Candidate[] {
  const found: Candidate[] = [];
  for (const shape of DATE_SHAPES) {
    for (const match of input.matchAll(shape.pattern)) {
      const parts = shape.parts(match.groups ?? {});
      if (parts === null || !isRealDate(parts.day, parts.month, parts.year)) continue;
      const start = match.index;
      const end = start + match[0].length;
      const before = input.slice(Math.max(0, start - 40), start);
      const after = input.slice(end, end + 30);
      const word = BIRTH_BEFORE.exec(before)?.[0] ?? BIRTH_AFTER.exec(after)?.[0];
      if (word === undefined) continue;
      const context = /born/i.test(word) ? '“born”' : /date/i.test(word) ? '“date of birth”' : '“DOB”';
      found.push(
        candidate(
          input,
          'date-of-birth',
          start,
          end,
          `This looks like a date of birth: it is a full date next to ${context}.`,
        ),
      );
    }
  }
  return found;
}

// Postcodes

/**
 * Outward code A9, A99, A9A, AA9, AA99, AA9A (first letter not Q, V, X; second not I, J, Z; the letters after the
 * district digit from the sets allowed there), then the inward code 9AA (letters not C, I, K, M, O, V); or GIR 0AA.
 */
const POSTCODE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?:(?<outward>[A-PR-UWYZ](?:[0-9][0-9]?|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][0-9]?|[A-HK-Y][0-9][ABEHMNPRVWXY]))|GIR)[ \u00a0]{0,2}(?<inward>[0-9][ABD-HJLNP-UW-Z]{2})(?![\p{L}\p{N}_])`,
  'giu',
);

function findPostcodes(input: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of input.matchAll(POSTCODE)) {
    const inward = match.groups?.inward ?? '';
    // "1st", "2nd", "3rd", "4th" written in lower case are ordinals ("L4 2nd"), not inward codes.
    if (/^(?:1st|2nd|3rd|[04-9]th)$/.test(inward)) continue;
    if (match.groups?.outward === undefined && !/^GIR[ \u00a0]*0AA$/i.test(match[0])) continue;
    found.push(
      candidate(
        input,
        'postcode',
        match.index,
        match.index + match[0].length,
        'This looks like a full postcode, which can point to a home address.',
      ),
    );
  }
  return found;
}

// Hospital numbers

const HOSPITAL_WORDS = String.raw`(?:hospital (?:number|no\.?|num\.?|id|#)|hosp\.? ?(?:number|no\.?|num\.?|#)|MRN|medical record (?:number|no\.?)|unit (?:number|no\.?)|case ?note (?:number|no\.?)|PAS (?:number|no\.?|id)|patient (?:id|identifier|number|no\.?))`;
/** Up to three letters and at least five digits, optionally one letter after: RM12345, RM 12345, K-1234567, 123456A. */
const HOSPITAL_CODE = String.raw`(?:[A-Z]{1,3}[ \-]?)?\d{5,10}[A-Z]?`;
/** The same without a space after the letters, when the words come after the code ("bay 12345, MRN" is 12345). */
const HOSPITAL_CODE_BEFORE_WORDS = String.raw`(?:[A-Z]{1,3}-?)?\d{5,10}[A-Z]?`;

/**
 * The default hospital number patterns, deliberately narrow: a code is flagged only next to words that say what it
 * is. A bare "RM12345" is not flagged (clinical text is full of letter-and-digit codes).
 */
export const DEFAULT_HOSPITAL_NUMBER_PATTERNS: readonly RegExp[] = [
  // "hospital number RM12345", "MRN: 1234567", "hosp no. K123456", "his unit number is 0012345"
  new RegExp(
    String.raw`(?<![\p{L}])${HOSPITAL_WORDS}(?:[\s:#=(\-–]|(?<![\p{L}])(?:is|was|of)(?![\p{L}]))*(?<id>${HOSPITAL_CODE})(?![\p{L}\p{N}])`,
    'giu',
  ),
  // "RM12345 (hospital number)", "1234567, MRN"
  new RegExp(
    String.raw`(?<![\p{L}\p{N}])(?<id>${HOSPITAL_CODE_BEFORE_WORDS})[ \t]*[(\[,\-–]?[ \t]*${HOSPITAL_WORDS}(?![\p{L}])`,
    'giu',
  ),
];

function globalCopy(pattern: RegExp): RegExp {
  let flags = pattern.flags;
  if (!flags.includes('g')) flags += 'g';
  if (!flags.includes('d')) flags += 'd';
  return new RegExp(pattern.source, flags.replace('y', ''));
}

function findHospitalNumbers(input: string, patterns: readonly RegExp[]): Candidate[] {
  const found: Candidate[] = [];
  const defaults = patterns === DEFAULT_HOSPITAL_NUMBER_PATTERNS;
  for (const pattern of patterns) {
    const regex = globalCopy(pattern);
    let match: RegExpExecArray | null;
    while ((match = regex.exec(input)) !== null) {
      if (match[0] === '') {
        regex.lastIndex++;
        continue;
      }
      const span = match.indices?.groups?.id ?? match.indices?.[0];
      if (span === undefined || span[0] === span[1]) continue;
      found.push(
        candidate(
          input,
          'hospital-number',
          span[0],
          span[1],
          defaults
            ? 'This looks like a hospital number: a code next to words such as “hospital number” or “MRN”.'
            : 'This looks like a hospital number: it matches a hospital number format set for this programme.',
        ),
      );
    }
  }
  return found;
}

// Phone numbers

const PHONE_SEPARATOR = String.raw`(?:\)?[ \u00a0]{1,2}\(?|\)?[ \u00a0]?[-–][ \u00a0]?|\))`;
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_+])(?:(?<intl>(?:\+|00)[ \u00a0]?44[ \u00a0\-]?(?:\(0\)[ \u00a0\-]?)?)|\(?0)(?<rest>[127](?:${PHONE_SEPARATOR}?\d){8,9})(?![\p{L}\p{N}_])`,
  'gu',
);
const MAX_PHONE_GROUPS = 5;

function findPhones(input: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of input.matchAll(PHONE)) {
    const rest = match.groups?.rest ?? '';
    const national = rest.replace(/\D/g, '');
    if (national.length < 9 || national.length > 10) continue;
    const international = match.groups?.intl !== undefined;
    // A phone number is the 0 and the digits after it in up to five groups; "0 7 1 2 3 4 5 6 7 8" is a list.
    const groups = (international ? rest : match[0]).match(/\d+/g)?.length ?? 0;
    if (groups > MAX_PHONE_GROUPS) continue;
    let text = match[0];
    // A bracket opened before the area code and never closed is punctuation around the number: leave it out.
    let start = match.index;
    if (text.startsWith('(') && !text.includes(')')) {
      text = text.slice(1);
      start++;
    }
    const mobile = national.startsWith('7');
    const phone: Candidate = candidate(
      input,
      'phone',
      start,
      start + text.length,
      mobile ? 'This looks like a UK mobile phone number.' : 'This looks like a UK landline phone number.',
    );
    // Written with +44 or 0044 it is a phone number first, even if ten of its digits pass the NHS number check.
    if (international) phone.rank = SPECIFICITY['nhs-number'] - 0.5;
    found.push(phone);
  }
  return found;
}

// Email addresses

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_%+-]+(?:\.[\p{L}\p{N}_%+-]+)*@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])/gu;

function findEmails(input: string): Candidate[] {
  return [...input.matchAll(EMAIL)].map((match) =>
    candidate(input, 'email', match.index, match.index + match[0].length, 'This looks like an email address.'),
  );
}

// Names after titles

/**
 * Titles as written in sentences; in capitals ("MRS JONES"), where "MR", "MS" and "DR" count only before an initial
 * ("MR J JONES"), since alone they are mitral regurgitation, multiple sclerosis and diabetic retinopathy far more
 * often than titles; and in lower case where that is unambiguous ("mrs Jones"; "ms" is milliseconds, "miss" a verb).
 */
const TITLES = 'Mrs Mr Ms Miss Mx Dr Professor Prof MRS MISS MX PROF MR MS DR mrs mr dr'.split(' ');
const TITLES_NEEDING_AN_INITIAL = new Set(['MR', 'MS', 'DR']);
const NAME_TOKEN = String.raw`\p{Lu}(?:\p{Ll}|\p{Lu}|['’]\p{Lu}|-\p{Lu})*`;
const TITLED_NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?<title>${TITLES.join('|')})\.?[ \u00a0]+(?<initials>(?:\p{Lu}\.?[ \u00a0]+){0,3})(?<first>${NAME_TOKEN})(?:[ \u00a0]+(?<second>${NAME_TOKEN}))?(?:[ \u00a0]+(?<third>${NAME_TOKEN}))?`,
  'dgu',
);

/**
 * Capitalised words that follow a title without being a name: roles and grades ("Dr on call", "Dr Registrar"), the
 * words that start a sentence after an anonymised initial ("Mr A. He was…"), and common acronyms.
 */
const NOT_NAMES = new Set(
  `on call oncall covering duty registrar reg spr sho consultant locum gp gps fy fy1 fy2 f1 f2 st ct ct1 ct2 st1 st2 st3
  st4 st5 st6 st7 resident junior senior trainee fellow colleague clinician practitioner partner lead supervisor
  educational clinical named responsible admitting discharging referring attending team night weekend surgical
  medical physician psychiatrist anaesthetist surgeon nurse doctor doctors who whom whose which what when where why how
  he she they his her hers their theirs him them it its i we our us you your the a an this that these those there here
  then than and but or so if as at by for from in into of off onto out over to up with without after before during
  while since until because although though also again already always never often sometimes today tomorrow yesterday
  later earlier now next last first second third finally overall however unfortunately fortunately initially
  subsequently meanwhile instead otherwise no yes not was is are were be been had has have did do does says
  told asked agreed felt looked seemed came went got made took gave saw seen mdt mdts ed aau amu icu itu hdu ccu ae
  anae mr mrs ms miss mx dr prof professor sir dame would could should might must can shall mentioned dev development
  google standards services
  explained recommended reviewed noted suggested thought wanted needed discussed called phoned rang emailed wrote asked
  sat stood walked remained stayed returned arrived left tried`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Common acronyms that can follow a title in capitals without being a surname. */
const ACRONYMS = new Set([
  'GP',
  'SHO',
  'SPR',
  'REG',
  'MDT',
  'ICU',
  'ITU',
  'HDU',
  'AMU',
  'AAU',
  'ED',
  'FY1',
  'FY2',
  'ACP',
  'ANP',
  'NHS',
]);

/** Words that make a titled name the name of a place: "Dr Gray's Hospital", "Sir Michael Sobell House". */
const PLACE_WORDS = new Set(
  `hospital hospitals house ward wards unit centre center hospice building wing surgery practice clinic road street
  lane avenue court hall suite way trust foundation institute school college library lecture prize award fund
  memorial home lodge drive close crescent place square park gardens`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

function isNameWord(token: string | undefined): token is string {
  if (token === undefined) return false;
  if (NOT_NAMES.has(token.toLowerCase())) return false;
  if (/\p{Ll}/u.test(token)) return true;
  // In capitals ("Mrs JONES"): at least three letters with a vowel, and not a common acronym.
  return token.length >= 3 && /[AEIOUY]/.test(token) && !ACRONYMS.has(token);
}

function findNames(input: string): Candidate[] {
  const found: Candidate[] = [];
  const regex = new RegExp(TITLED_NAME);
  let match: RegExpExecArray | null;
  while ((match = regex.exec(input)) !== null) {
    const groups = match.groups ?? {};
    const spans = match.indices?.groups ?? {};
    const title = groups.title ?? '';
    // Whatever is decided, the next title may start right after this one's name, or after this title.
    regex.lastIndex = match.index + title.length;
    const tokens = [groups.first, groups.second, groups.third];
    const initials = groups.initials ?? '';
    // After an initial and a full stop ("Mr A. Reviewing his notes"), a word like this starts a sentence.
    if (initials.trimEnd().endsWith('.') && /(?:ing|ed|ly)$/.test(groups.first ?? '')) continue;
    if (TITLES_NEEDING_AN_INITIAL.has(title) && initials === '') continue;
    // The name is the run of name words after the title and initials; a place word in or after it makes it a place.
    let words = 0;
    while (words < tokens.length && isNameWord(tokens[words]) && !PLACE_WORDS.has(tokens[words]?.toLowerCase() ?? '')) {
      words++;
    }
    const lastSpan = [spans.first, spans.second, spans.third][words - 1];
    if (lastSpan === undefined) continue;
    regex.lastIndex = lastSpan[1];
    const following = tokens[words] ?? /^(?:['’]s)?[ \u00a0]*(\p{L}+)/u.exec(input.slice(lastSpan[1]))?.[1];
    if (PLACE_WORDS.has((following ?? '').toLowerCase())) continue;
    found.push(
      candidate(
        input,
        'name',
        match.index,
        lastSpan[1],
        `This looks like a person’s name after the title “${title}”. Use an initial or a description instead.`,
      ),
    );
  }
  return found;
}

// The detector

/** Scans free text for patient identifiers. */
export function detectIdentifiers(input: string, options: DetectorOptions = {}): DetectionResult {
  const candidates: Candidate[] = [
    ...findEmails(input),
    ...findNhsNumbers(input),
    ...findHospitalNumbers(input, options.hospitalNumberPatterns ?? DEFAULT_HOSPITAL_NUMBER_PATTERNS),
    ...findDatesOfBirth(input),
    ...findPhones(input),
    ...findPostcodes(input),
    ...findNames(input),
  ];
  const rank = (c: Candidate) => c.rank ?? SPECIFICITY[c.kind];
  candidates.sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Each character belongs to at most one finding: the first kept, in order of precedence.
  const taken = new Uint8Array(input.length);
  const kept: IdentifierFinding[] = [];
  for (const c of candidates) {
    if (taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    kept.push({ kind: c.kind, text: c.text, start: c.start, end: c.end, reason: c.reason });
  }
  kept.sort((a, b) => a.start - b.start);
  return { blocked: kept.length > 0, findings: kept };
}
