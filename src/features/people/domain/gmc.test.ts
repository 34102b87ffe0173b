import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gmcNumberProblem, isValidGmcNumber, normaliseGmcNumber } from './gmc.ts';

describe('GMC numbers', () => {
  it.each(['1234567', '0000001', '7654321'])('accepts %s', (value) => {
    expect(isValidGmcNumber(value)).toBe(true);
    expect(gmcNumberProblem(value)).toBeNull();
  });

  it.each([
    ['', 'Enter a GMC number'],
    ['   ', 'Enter a GMC number'],
    ['123456', 'GMC number must be 7 digits'],
    ['12345678', 'GMC number must be 7 digits'],
    ['12345a7', 'GMC number must only include numbers 0 to 9'],
    ['1234567.0', 'GMC number must only include numbers 0 to 9'],
    ['１２３４５６７', 'GMC number must only include numbers 0 to 9'],
  ])('refuses %j with "%s"', (value, message) => {
    expect(gmcNumberProblem(value)).toBe(message);
  });

  it('refuses anything but exactly seven ASCII digits', () => {
    for (const value of ['123456', '12345678', 'abcdefg', ' 1234567', '1234567 ', '١٢٣٤٥٦٧']) {
      expect(isValidGmcNumber(value)).toBe(false);
    }
  });

  it('accepts what people paste: spaces, hyphens and a "GMC" label', () => {
    expect(normaliseGmcNumber(' 123 4567 ')).toBe('1234567');
    expect(normaliseGmcNumber('123-4567')).toBe('1234567');
    expect(normaliseGmcNumber('GMC 1234567')).toBe('1234567');
    expect(normaliseGmcNumber('GMC number: 1234567')).toBe('1234567');
    expect(gmcNumberProblem('GMC 1234567')).toBeNull();
  });

  it('accepts every 7-digit string and no other digit string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,12}$/), (digits) => {
        expect(isValidGmcNumber(digits)).toBe(digits.length === 7);
        expect(gmcNumberProblem(digits) === null).toBe(digits.length === 7);
      }),
    );
  });
});
