import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidPostcode, normalisePostcode, parsePostcode, postcodeMessage } from './postcode.ts';

const FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY';
const THIRD = 'ABCDEFGHJKPSTUW';
const FOURTH = 'ABEHMNPRVWXY';
const UNIT = 'ABDEFGHJLNPQRSTUWXYZ';
const DIGIT = '0123456789';

const charOf = (set: string) => fc.constantFrom(...set.split(''));

/** Every shape of outward code: A9, A99, AA9, AA99, A9A, AA9A. */
const outward = fc.oneof(
  fc.tuple(charOf(FIRST), charOf(DIGIT)).map((parts) => parts.join('')),
  fc.tuple(charOf(FIRST), charOf(DIGIT), charOf(DIGIT)).map((parts) => parts.join('')),
  fc.tuple(charOf(FIRST), charOf(SECOND), charOf(DIGIT)).map((parts) => parts.join('')),
  fc.tuple(charOf(FIRST), charOf(SECOND), charOf(DIGIT), charOf(DIGIT)).map((parts) => parts.join('')),
  fc.tuple(charOf(FIRST), charOf(DIGIT), charOf(THIRD)).map((parts) => parts.join('')),
  fc.tuple(charOf(FIRST), charOf(SECOND), charOf(DIGIT), charOf(FOURTH)).map((parts) => parts.join('')),
);
const inward = fc.tuple(charOf(DIGIT), charOf(UNIT), charOf(UNIT)).map((parts) => parts.join(''));
/** A valid postcode in its standard form. */
const standardPostcode = fc.tuple(outward, inward).map(([out, inw]) => `${out} ${inw}`);

/** The same postcode as someone might type it: any case, spaces anywhere around or between the parts. */
const asTyped = (postcode: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: postcode.length, maxLength: postcode.length }),
      fc.constantFrom('', ' ', '  ', '\t'),
      fc.constantFrom('', ' ', '   '),
      fc.constantFrom('', ' ', '  '),
    )
    .map(([lower, before, middle, after]) => {
      const [out = '', inw = ''] = postcode.split(' ');
      const cased = (text: string, offset: number) =>
        Array.from({ length: text.length }, (_, i) =>
          lower[offset + i] === true ? text.charAt(i).toLowerCase() : text.charAt(i),
        ).join('');
      return `${before}${cased(out, 0)}${middle}${cased(inw, out.length)}${after}`;
    });

describe('parsePostcode', () => {
  it.each([
    ['cb2 0qq', 'CB2 0QQ'],
    ['CB20QQ', 'CB2 0QQ'],
    ['  cb2   0QQ ', 'CB2 0QQ'],
    ['nr4 7uy', 'NR4 7UY'],
    ['PE30 4ET', 'PE30 4ET'],
    ['ip332qz', 'IP33 2QZ'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 1HQ', 'W1A 1HQ'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['sw1a 2aa', 'SW1A 2AA'],
    ['gir 0aa', 'GIR 0AA'],
    ['GIR0AA', 'GIR 0AA'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parsePostcode(input)).toEqual({ ok: true, postcode: expected });
  });

  it.each(['', '   ', '\t'])('says an empty postcode %j is empty', (input) => {
    expect(parsePostcode(input)).toEqual({ ok: false, problem: 'empty' });
  });

  it.each([
    ['CB2', 'outward code only'],
    ['0QQ', 'inward code only'],
    ['CB2 0Q', 'inward code too short'],
    ['CB2 QQ0', 'inward code the wrong way round'],
    ['CB2 0CQ', 'C is never a unit letter'],
    ['CB2 0QI', 'I is never a unit letter'],
    ['CB2 0QK', 'K is never a unit letter'],
    ['CB2 0MQ', 'M is never a unit letter'],
    ['CB2 0QO', 'O is never a unit letter'],
    ['CB2 0VQ', 'V is never a unit letter'],
    ['QB2 0QQ', 'Q never starts a postcode'],
    ['VB2 0QQ', 'V never starts a postcode'],
    ['XB2 0QQ', 'X never starts a postcode'],
    ['CI2 0QQ', 'I is never second'],
    ['CJ2 0QQ', 'J is never second'],
    ['CZ2 0QQ', 'Z is never second'],
    ['W1I 1HQ', 'I is never third in an A9A district'],
    ['EC1C 1BB', 'C is never fourth in an AA9A district'],
    ['CB123 0QQ', 'district too long'],
    ['C 0QQ', 'no district digit'],
    ['12 0QQ', 'area must be letters'],
    ['CB2-0QQ', 'punctuation'],
    ['CB2 0QQ X', 'extra characters'],
    ['GIR 1AA', 'only GIR 0AA is allowed for GIR'],
    ['CB2 0ÖQ', 'letters outside A to Z'],
    ['SW1A 2AAA', 'too long'],
  ])('rejects %j (%s)', (input) => {
    expect(parsePostcode(input)).toEqual({ ok: false, problem: 'format' });
  });

  it('accepts every postcode built from the format rules, in its standard form', () => {
    fc.assert(
      fc.property(standardPostcode, (postcode) => {
        expect(parsePostcode(postcode)).toEqual({ ok: true, postcode });
      }),
    );
  });

  it('gives the standard form whatever the case and spacing typed', () => {
    fc.assert(
      fc.property(
        standardPostcode.chain((postcode) => asTyped(postcode).map((typed) => ({ postcode, typed }))),
        ({ postcode, typed }) => {
          expect(normalisePostcode(typed)).toBe(postcode);
        },
      ),
    );
  });

  it('is idempotent: normalising a normalised postcode changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), standardPostcode.chain(asTyped)), (input) => {
        const once = normalisePostcode(input);
        if (once !== null) expect(normalisePostcode(once)).toBe(once);
      }),
    );
  });

  it('always gives upper case with exactly one space before a three-character inward code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), standardPostcode.chain(asTyped)), (input) => {
        const result = normalisePostcode(input);
        if (result !== null) {
          expect(result).toMatch(/^[A-Z][A-Z0-9]{1,3} [0-9][A-Z]{2}$/);
          expect(result.length).toBeGreaterThanOrEqual(6);
          expect(result.length).toBeLessThanOrEqual(8);
        }
      }),
    );
  });

  it('never accepts a string with anything but letters, digits and spaces', () => {
    fc.assert(
      fc.property(
        fc.tuple(standardPostcode, fc.constantFrom('-', '.', ',', '/', '!', '_', '#'), fc.nat({ max: 7 })),
        ([postcode, symbol, at]) => {
          const position = Math.min(at, postcode.length);
          expect(isValidPostcode(postcode.slice(0, position) + symbol + postcode.slice(position))).toBe(false);
        },
      ),
    );
  });

  it('agrees between parsePostcode, normalisePostcode and isValidPostcode', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (input) => {
        const result = parsePostcode(input);
        expect(isValidPostcode(input)).toBe(result.ok);
        expect(normalisePostcode(input)).toBe(result.ok ? result.postcode : null);
      }),
    );
  });

  it('explains each problem in plain English', () => {
    expect(postcodeMessage('empty')).toBe('Enter the postcode');
    expect(postcodeMessage('format')).toBe('Enter a full UK postcode, like CB2 0QQ');
  });
});
