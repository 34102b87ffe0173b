/**
 * UK postcodes, following the format rules of the Royal Mail Postcode Address File:
 * an outward code (area and district: A9, A99, AA9, AA99, A9A or AA9A) and an inward code (sector digit and
 * two unit letters), plus the one historic exception, GIR 0AA (Girobank).
 *
 * The letter rules narrow what is accepted to what can exist:
 * - first position: any letter but Q, V, X;
 * - second position (after a letter): any letter but I, J, Z;
 * - third position (A9A districts): A B C D E F G H J K P S T U W;
 * - fourth position (AA9A districts): A B E H M N P R V W X Y;
 * - the two unit letters: any letter but C I K M O V.
 * Whether a code is actually in use needs the postcode file itself; this checks only the shape.
 */
const OUTWARD = new RegExp(
  [
    '^(?:',
    '[A-PR-UWYZ][0-9]{1,2}', // A9, A99
    '|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}', // AA9, AA99
    '|[A-PR-UWYZ][0-9][A-HJKPSTUW]', // A9A
    '|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]', // AA9A
    ')$',
  ].join(''),
);
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;

export type PostcodeProblem = 'empty' | 'format';

export type PostcodeResult = { ok: true; postcode: string } | { ok: false; problem: PostcodeProblem };

/**
 * Checks a postcode as typed and gives it in its standard form: upper case, one space before the inward code
 * ("cb2 0qq", "CB20QQ" and " cb2  0QQ " all give "CB2 0QQ").
 */
export function parsePostcode(input: string): PostcodeResult {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === '') return { ok: false, problem: 'empty' };
  if (compact.length < 5 || compact.length > 7) return { ok: false, problem: 'format' };
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  if (outward === 'GIR' && inward === '0AA') return { ok: true, postcode: 'GIR 0AA' };
  if (!OUTWARD.test(outward) || !INWARD.test(inward)) return { ok: false, problem: 'format' };
  return { ok: true, postcode: `${outward} ${inward}` };
}

/** The standard form of a valid postcode, or null when it is not one. */
export function normalisePostcode(input: string): string | null {
  const result = parsePostcode(input);
  return result.ok ? result.postcode : null;
}

export function isValidPostcode(input: string): boolean {
  return parsePostcode(input).ok;
}

/** The message shown beside a postcode field, in the NHS style. */
export function postcodeMessage(problem: PostcodeProblem): string {
  return problem === 'empty' ? 'Enter the postcode' : 'Enter a full UK postcode, like CB2 0QQ';
}
