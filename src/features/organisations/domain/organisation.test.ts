import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  KIND_LABELS,
  kindFromText,
  nameKey,
  normaliseOdsCode,
  normaliseWebsite,
  ORGANISATION_KINDS,
  yesNoFromText,
} from './organisation.ts';
import { organisationFields, siteFields } from './fields.ts';

describe('kindFromText', () => {
  it.each(ORGANISATION_KINDS)('reads the code and the label of %s', (kind) => {
    expect(kindFromText(kind)).toBe(kind);
    expect(kindFromText(KIND_LABELS[kind])).toBe(kind);
    expect(kindFromText(`  ${KIND_LABELS[kind].toUpperCase()} `)).toBe(kind);
  });

  it('reads common spellings and refuses unknown kinds', () => {
    expect(kindFromText('mental-health trust')).toBe('mental_health_trust');
    expect(kindFromText('Voluntary')).toBe('charity');
    expect(kindFromText('hospital')).toBeNull();
    expect(kindFromText('')).toBeNull();
  });
});

describe('yesNoFromText', () => {
  it.each([
    ['yes', true],
    ['Y', true],
    [' TRUE ', true],
    ['no', false],
    ['N', false],
    ['false', false],
    ['', null],
    ['maybe', null],
  ])('reads %j as %s', (text, expected) => {
    expect(yesNoFromText(text)).toBe(expected);
  });
});

describe('nameKey', () => {
  it('ignores case and spacing', () => {
    expect(nameKey('  West  Suffolk NHS\tFoundation Trust ')).toBe('west suffolk nhs foundation trust');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(nameKey(nameKey(name))).toBe(nameKey(name));
      }),
    );
  });
});

describe('normaliseWebsite', () => {
  it.each([
    ['www.cuh.nhs.uk', 'https://www.cuh.nhs.uk'],
    ['https://www.nnuh.nhs.uk/about', 'https://www.nnuh.nhs.uk/about'],
    ['http://example.org', 'http://example.org'],
  ])('accepts %j', (input, expected) => {
    expect(normaliseWebsite(input)).toBe(expected);
  });

  it.each([
    '',
    'not a website',
    'javascript:alert(1)',
    'ftp://example.org',
    'localhost',
    'https://user:pw@example.org',
  ])('refuses %j', (input) => {
    expect(normaliseWebsite(input)).toBeNull();
  });
});

describe('normaliseOdsCode', () => {
  it('upper-cases codes of 3 to 6 letters and digits', () => {
    expect(normaliseOdsCode(' rgt ')).toBe('RGT');
    expect(normaliseOdsCode('D82001')).toBe('D82001');
    expect(normaliseOdsCode('RG')).toBeNull();
    expect(normaliseOdsCode('RGT-01')).toBeNull();
  });
});

describe('organisationFields', () => {
  it('reads a complete form, trimming text and turning yes and no into booleans', () => {
    const result = organisationFields.safeParse({
      name: '  Ouse Meadows Surgery ',
      kind: 'general_practice',
      isNhs: 'yes',
      isPlacementProvider: 'no',
      odsCode: 'd81001',
      website: '',
    });
    expect(result.success && result.data).toEqual({
      name: 'Ouse Meadows Surgery',
      kind: 'general_practice',
      isNhs: true,
      isPlacementProvider: false,
      odsCode: 'D81001',
      website: null,
    });
  });

  it('says what is missing in plain English', () => {
    const result = organisationFields.safeParse({ name: ' ' });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(messages).toEqual([
      ['name', 'Enter the organisation name'],
      ['kind', 'Select the kind of organisation'],
      ['isNhs', 'Select yes if the organisation is part of the NHS'],
      ['isPlacementProvider', 'Select yes if learners are placed with this organisation'],
    ]);
  });
});

describe('siteFields', () => {
  it('normalises the postcode and makes a blank second line null', () => {
    const result = siteFields.safeParse({
      name: "Addenbrooke's Hospital",
      addressLine1: 'Hills Road',
      addressLine2: ' ',
      town: 'Cambridge',
      postcode: 'cb20qq',
    });
    expect(result.success && result.data).toEqual({
      name: "Addenbrooke's Hospital",
      addressLine1: 'Hills Road',
      addressLine2: null,
      town: 'Cambridge',
      postcode: 'CB2 0QQ',
    });
  });

  it('explains a wrong postcode', () => {
    const result = siteFields.safeParse({ name: 'A', addressLine1: 'B', town: 'C', postcode: 'CB2' });
    expect(result.error?.issues[0]?.message).toBe('Enter a full UK postcode, like CB2 0QQ');
  });
});
