import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decileLabel,
  imdColumns,
  lsoaVintageProblem,
  normalisePostcode,
  postcodeColumns,
  postcodeKey,
  readImdRow,
  readPostcodeRow,
  type ImdColumns,
  type PostcodeColumns,
} from './deprivation.ts';
import {
  CORE20PLUS5_AREA_INFO,
  CORE20PLUS5_AREAS,
  core20Plus5AreaLabel,
  core20Plus5AreasFor,
  isCore20Decile,
  isCore20Plus5Area,
} from './core20plus5.ts';

/** The first columns of File 7 of the English Indices of Deprivation 2025, as the published CSV has them. */
const FILE_7_2025 = [
  '\uFEFFLSOA code (2021)',
  'LSOA name (2021)',
  'Local Authority District code (2024)',
  'Local Authority District name (2024)',
  'Index of Multiple Deprivation (IMD) Score',
  'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)',
  'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
  'Income Score (rate)',
  'Income Rank (where 1 is most deprived)',
  'Income Decile (where 1 is most deprived 10% of LSOAs)',
  'Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)',
  'Income Deprivation Affecting Children Index (IDACI) Decile (where 1 is most deprived 10% of LSOAs)',
];

/** File 1 of the 2019 indices, saved from its spreadsheet as CSV. */
const FILE_1_2019 = [
  'LSOA code (2011)',
  'LSOA name (2011)',
  'Local Authority District code (2019)',
  'Local Authority District name (2019)',
  'Index of Multiple Deprivation (IMD) Rank',
  'Index of Multiple Deprivation (IMD) Decile',
];

/** ONS's postcode to OA (2021) to LSOA to MSOA to LAD best-fit lookup. */
const ONS_LOOKUP = [
  'pcd7',
  'pcd8',
  'pcds',
  'dointr',
  'doterm',
  'usertype',
  'oa21cd',
  'lsoa21cd',
  'msoa21cd',
  'ladcd',
  'lsoa21nm',
  'msoa21nm',
  'ladnm',
  'ladnmw',
];

/** The National Statistics Postcode Lookup, in capitals as some editions write it, with both censuses' LSOAs. */
const NSPL = [
  'PCD',
  'PCD2',
  'PCDS',
  'DOINTR',
  'DOTERM',
  'USERTYPE',
  'OA21',
  'LSOA11',
  'MSOA11',
  'LSOA21',
  'MSOA21',
  'IMD',
];

describe('normalisePostcode and postcodeKey', () => {
  it.each([
    ['cb2 0qq', 'CB2 0QQ', 'CB20QQ'],
    ['CB20QQ', 'CB2 0QQ', 'CB20QQ'],
    ['  ip33   2qz ', 'IP33 2QZ', 'IP332QZ'],
    ['n r 4 7 u y', 'NR4 7UY', 'NR47UY'],
    ['EC1A1BB', 'EC1A 1BB', 'EC1A1BB'],
  ])('gives %j as %s, stored as %s', (typed, standard, key) => {
    expect(normalisePostcode(typed)).toBe(standard);
    expect(postcodeKey(typed)).toBe(key);
  });

  it.each(['', 'CB2', 'not a postcode', 'CB2 0CQ', 'QB2 0QQ', '12345'])('knows %j is no postcode', (typed) => {
    expect(normalisePostcode(typed)).toBeNull();
    expect(postcodeKey(typed)).toBeNull();
  });

  const postcodeLike = fc
    .tuple(
      fc.stringMatching(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?$/),
      fc.constantFrom('', ' ', '  '),
      fc.stringMatching(/^[0-9][A-Za-z]{2}$/),
    )
    .map(([outward, space, inward]) => `${outward}${space}${inward}`);

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 10 }), postcodeLike), (typed) => {
        const once = normalisePostcode(typed);
        if (once !== null) expect(normalisePostcode(once)).toBe(once);
      }),
    );
  });

  it('stores the standard form without its space, and reads the key back to the same postcode', () => {
    fc.assert(
      fc.property(postcodeLike, (typed) => {
        const standard = normalisePostcode(typed);
        const key = postcodeKey(typed);
        expect(key).toBe(standard === null ? null : standard.replace(' ', ''));
        if (key !== null) {
          expect(key).toMatch(/^[A-Z0-9]{5,7}$/);
          expect(normalisePostcode(key)).toBe(standard);
        }
      }),
    );
  });
});

describe('imdColumns', () => {
  it('finds the columns of File 7 of the 2025 indices', () => {
    expect(imdColumns(FILE_7_2025)).toEqual({
      ok: true,
      columns: { lsoa: 0, name: 1, rank: 5, decile: 6, lsoaVintage: 2021 },
    });
  });

  it('finds the columns of File 1 of the 2019 indices', () => {
    expect(imdColumns(FILE_1_2019)).toEqual({
      ok: true,
      columns: { lsoa: 0, name: 1, rank: 4, decile: 5, lsoaVintage: 2011 },
    });
  });

  it('finds short names, in any order, without a name column', () => {
    expect(imdColumns(['IMD_Decile', 'lsoa21cd', 'IMD_Rank', 'IMD_Score'])).toEqual({
      ok: true,
      columns: { lsoa: 1, name: null, rank: 2, decile: 0, lsoaVintage: 2021 },
    });
    expect(imdColumns(['LSOA code', 'imd rank', 'imd decile'])).toEqual({
      ok: true,
      columns: { lsoa: 0, name: null, rank: 1, decile: 2, lsoaVintage: null },
    });
  });

  it('is not misled by the domains’ ranks and deciles', () => {
    const header = ['LSOA code (2021)', 'Income Rank (where 1 is most deprived)', 'Income Decile', 'Employment Decile'];
    expect(imdColumns(header)).toEqual({
      ok: false,
      problem:
        'The file has no column for the IMD rank and the IMD decile. Use File 7 (all ranks, deciles and scores) or ' +
        'File 1 of the English Indices of Deprivation, saved as CSV with its header row',
    });
  });

  it('names everything missing from a file of something else', () => {
    const result = imdColumns(['pcds', 'lsoa21nm', 'ladnm']);
    expect(result).toEqual({
      ok: false,
      problem: expect.stringContaining('no column for the LSOA code, the IMD rank and the IMD decile') as string,
    });
  });

  it('names the one column missing', () => {
    const result = imdColumns(FILE_7_2025.filter((header) => !header.includes('(IMD) Decile')));
    expect(result).toEqual({ ok: false, problem: expect.stringContaining('no column for the IMD decile.') as string });
  });
});

describe('readImdRow', () => {
  const cols = (imdColumns(FILE_7_2025) as { ok: true; columns: ImdColumns }).columns;
  const row = (lsoa: string, rank: string, decile: string) => [
    lsoa,
    'Cambridge 001A',
    'E07000008',
    'Cambridge',
    '12.345',
    rank,
    decile,
    '0.1',
    '100',
    '1',
  ];

  it.each([
    [row('E01000001', '29199', '9'), { lsoa: 'E01000001', name: 'Cambridge 001A', rank: 29199, decile: 9 }],
    [row(' e01000002 ', '1', '1'), { lsoa: 'E01000002', name: 'Cambridge 001A', rank: 1, decile: 1 }],
    [row('E01033755', '33,755', '10'), { lsoa: 'E01033755', name: 'Cambridge 001A', rank: 33755, decile: 10 }],
    [row('W01000003', '4,500', '2'), { lsoa: 'W01000003', name: 'Cambridge 001A', rank: 4500, decile: 2 }],
  ])('reads %j', (cells, expected) => {
    expect(readImdRow(cells, cols)).toEqual({ kind: 'row', value: expected });
  });

  it('reads a file with no name column, giving an empty name', () => {
    expect(
      readImdRow(['E01000001', '12', '1'], { lsoa: 0, name: null, rank: 1, decile: 2, lsoaVintage: null }),
    ).toEqual({
      kind: 'row',
      value: { lsoa: 'E01000001', name: '', rank: 12, decile: 1 },
    });
  });

  it.each([[[]], [['', '  ', '']], [Array<string>(12).fill('')]])('passes over a blank row %j', (cells) => {
    expect(readImdRow(cells, cols)).toEqual({ kind: 'skip', reason: 'blank' });
  });

  it.each([
    [row('', '10', '1'), 'The LSOA code is missing'],
    [row('E0100001', '10', '1'), '"E0100001" is not an LSOA code: they are E01 followed by 6 digits, like E01000001'],
    [row('E02000001', '10', '1'), '"E02000001" is not an LSOA code: they are E01 followed by 6 digits, like E01000001'],
    [row('S01000001', '10', '1'), '"S01000001" is not an LSOA code: they are E01 followed by 6 digits, like E01000001'],
    [row('E01000001', '', '1'), 'The IMD rank of E01000001 is not a whole number of 1 or more'],
    [row('E01000001', '0', '1'), 'The IMD rank of E01000001 is not a whole number of 1 or more'],
    [row('E01000001', '12.5', '1'), 'The IMD rank of E01000001 is not a whole number of 1 or more'],
    [row('E01000001', '1,23', '1'), 'The IMD rank of E01000001 is not a whole number of 1 or more'],
    [row('E01000001', '10', '0'), 'The IMD decile of E01000001 is not a whole number from 1 to 10'],
    [row('E01000001', '10', '11'), 'The IMD decile of E01000001 is not a whole number from 1 to 10'],
    [row('E01000001', '10', 'high'), 'The IMD decile of E01000001 is not a whole number from 1 to 10'],
    [['E01000001', 'Cambridge 001A'], 'The IMD rank of E01000001 is not a whole number of 1 or more'],
  ])('reports a problem with %j', (cells, message) => {
    expect(readImdRow(cells, cols)).toEqual({ kind: 'problem', message });
  });
});

describe('postcodeColumns', () => {
  it('finds the columns of ONS’s postcode to LSOA lookup', () => {
    expect(postcodeColumns(ONS_LOOKUP)).toEqual({
      ok: true,
      columns: { postcode: 2, lsoa: 7, terminated: 4, lsoaVintage: 2021 },
    });
  });

  it('finds 2021 LSOAs in the National Statistics Postcode Lookup, or 2011 ones when asked', () => {
    expect(postcodeColumns(NSPL)).toEqual({
      ok: true,
      columns: { postcode: 2, lsoa: 9, terminated: 4, lsoaVintage: 2021 },
    });
    expect(postcodeColumns(NSPL, { lsoaVintage: 2011 })).toEqual({
      ok: true,
      columns: { postcode: 2, lsoa: 7, terminated: 4, lsoaVintage: 2011 },
    });
  });

  it('takes a fixed-width postcode column when there is no standard one, and works without doterm', () => {
    expect(postcodeColumns(['PCD7', 'LSOA11CD'])).toEqual({
      ok: true,
      columns: { postcode: 0, lsoa: 1, terminated: null, lsoaVintage: 2011 },
    });
    expect(postcodeColumns(['Postcode', 'LSOA code'])).toEqual({
      ok: true,
      columns: { postcode: 0, lsoa: 1, terminated: null, lsoaVintage: null },
    });
  });

  it('names what is missing', () => {
    expect(postcodeColumns(['lsoa21cd', 'ladcd'])).toEqual({
      ok: false,
      problem:
        "The file has no column for the postcode (pcds, pcd7 or pcd8). Use ONS's postcode to LSOA lookup " +
        '(PCD_OA21_LSOA21_MSOA21_LAD) or the National Statistics Postcode Lookup, saved as CSV with its header row',
    });
    expect(postcodeColumns(['pcds', 'oa21cd'])).toEqual({
      ok: false,
      problem: expect.stringContaining('no column for the LSOA code (lsoa21cd, lsoa21 or lsoa11).') as string,
    });
    expect(postcodeColumns(['pcds', 'lsoa21cd'], { lsoaVintage: 2011 })).toEqual({
      ok: false,
      problem: expect.stringContaining('no column for the 2011 LSOA code') as string,
    });
    expect(postcodeColumns(['oa21cd'])).toEqual({
      ok: false,
      problem: expect.stringContaining('the postcode (pcds, pcd7 or pcd8) and the LSOA code') as string,
    });
  });
});

describe('readPostcodeRow', () => {
  const cols = (postcodeColumns(ONS_LOOKUP) as { ok: true; columns: PostcodeColumns }).columns;
  const row = (pcds: string, doterm: string, lsoa: string) => [
    pcds.replace(' ', '').padEnd(7),
    pcds,
    pcds,
    '198001',
    doterm,
    '0',
    'E00000001',
    lsoa,
    'E02000001',
    'E07000008',
    'Cambridge 001A',
    'Cambridge 001',
    'Cambridge',
    '',
  ];

  it.each([
    [row('CB2 0QQ', '', 'E01000001'), { postcodeKey: 'CB20QQ', lsoa: 'E01000001' }],
    [row('cb2 1aa', '', 'e01000002'), { postcodeKey: 'CB21AA', lsoa: 'E01000002' }],
    [row('IP33 2QZ', ' ', 'E01000003'), { postcodeKey: 'IP332QZ', lsoa: 'E01000003' }],
    [row('EC1A 1BB', '', 'E01000004'), { postcodeKey: 'EC1A1BB', lsoa: 'E01000004' }],
    [row('CF10 1AA', '', 'W01000005'), { postcodeKey: 'CF101AA', lsoa: 'W01000005' }],
  ])('reads %j', (cells, expected) => {
    expect(readPostcodeRow(cells, cols)).toEqual({ kind: 'row', value: expected });
  });

  it('reads the fixed-width form "A1  2BC" as the same key', () => {
    const fixed = { postcode: 0, lsoa: 1, terminated: null, lsoaVintage: null };
    expect(readPostcodeRow(['M1  1AE', 'E01000006'], fixed)).toEqual({
      kind: 'row',
      value: { postcodeKey: 'M11AE', lsoa: 'E01000006' },
    });
  });

  it('passes over terminated postcodes', () => {
    expect(readPostcodeRow(row('CB2 0QQ', '201902', 'E01000001'), cols)).toEqual({
      kind: 'skip',
      reason: 'terminated',
    });
  });

  it('keeps a postcode with an empty doterm when the file has one, and when it has none', () => {
    const noDoterm = { ...cols, terminated: null };
    expect(readPostcodeRow(row('CB2 0QQ', '201902', 'E01000001'), noDoterm).kind).toBe('row');
  });

  it.each(['', 'L99999999', 'M99999999', 'S01012345', '95AA01S1', 'N21000001'])(
    'passes over a postcode with no English or Welsh LSOA (%j)',
    (lsoa) => {
      expect(readPostcodeRow(row('CB2 0QQ', '', lsoa), cols)).toEqual({ kind: 'skip', reason: 'no-lsoa' });
    },
  );

  it.each([[[]], [Array<string>(14).fill(' ')]])('passes over a blank row', (cells) => {
    expect(readPostcodeRow(cells, cols)).toEqual({ kind: 'skip', reason: 'blank' });
  });

  it.each([
    [row('', '', 'E01000001'), 'The postcode is missing'],
    [row('CB2', '', 'E01000001'), '"CB2" is not a UK postcode'],
    [row('12345', '', 'E01000001'), '"12345" is not a UK postcode'],
    [row('CB2 0QQ', '', 'E0100'), '"E0100", the LSOA of CB2 0QQ, is not an LSOA code'],
  ])('reports a problem with %j', (cells, message) => {
    expect(readPostcodeRow(cells, cols)).toEqual({ kind: 'problem', message });
  });

  it('gives the same key for a postcode however the lookup writes it as a site postcode would be stored', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('CB2 0QQ', 'IP33 2QZ', 'M1 1AE', 'EC1A 1BB', 'NR4 7UY'),
        fc.boolean(),
        (pcds, wide) => {
          const written = wide ? pcds.replace(' ', '  ') : pcds;
          const result = readPostcodeRow([written, 'E01000001'], {
            postcode: 0,
            lsoa: 1,
            terminated: null,
            lsoaVintage: null,
          });
          expect(result).toEqual({ kind: 'row', value: { postcodeKey: postcodeKey(pcds), lsoa: 'E01000001' } });
        },
      ),
    );
  });
});

describe('lsoaVintageProblem', () => {
  it('is quiet when the files agree or one does not say', () => {
    expect(lsoaVintageProblem(2021, 2021)).toBeNull();
    expect(lsoaVintageProblem(2011, 2011)).toBeNull();
    expect(lsoaVintageProblem(null, 2021)).toBeNull();
    expect(lsoaVintageProblem(2021, null)).toBeNull();
  });

  it('explains a mismatch', () => {
    expect(lsoaVintageProblem(2021, 2011)).toBe(
      'The deprivation file uses LSOAs of 2021 but the postcode lookup gives LSOAs of 2011. Use a lookup with 2021 ' +
        'LSOAs (lsoa21cd), or the indices published for 2011 LSOAs',
    );
    expect(lsoaVintageProblem(2011, 2021)).toContain('Use a lookup with 2011 LSOAs (lsoa11cd)');
  });
});

describe('decileLabel', () => {
  it.each([
    [1, '1 (most deprived 10%)'],
    [2, '2 (second most deprived 10%)'],
    [3, '3 (third most deprived 10%)'],
    [5, '5 (fifth most deprived 10%)'],
    [6, '6 (fifth least deprived 10%)'],
    [9, '9 (second least deprived 10%)'],
    [10, '10 (least deprived 10%)'],
  ])('labels decile %d as %s', (decile, label) => {
    expect(decileLabel(decile)).toBe(label);
  });

  it.each([0, 11, 2.5, NaN, -1])('refuses %d', (decile) => {
    expect(() => decileLabel(decile)).toThrow(RangeError);
  });

  it('gives every decile a different label that starts with its number', () => {
    const labels = Array.from({ length: 10 }, (_, i) => decileLabel(i + 1));
    expect(new Set(labels).size).toBe(10);
    labels.forEach((label, i) => expect(label.startsWith(`${String(i + 1)} (`)).toBe(true));
  });
});

describe('Core20PLUS5', () => {
  it('counts deciles 1 and 2, the most deprived 20%, as Core20', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter(isCore20Decile)).toEqual([1, 2]);
    expect(isCore20Decile(0)).toBe(false);
    expect(isCore20Decile(1.5)).toBe(false);
  });

  it('has five clinical areas for adults and five for children and young people', () => {
    expect(core20Plus5AreasFor('adults').map((a) => a.label)).toEqual([
      'Maternity',
      'Severe mental illness',
      'Chronic respiratory disease',
      'Early cancer diagnosis',
      'Hypertension case-finding and optimal management, and lipid optimal management',
    ]);
    expect(core20Plus5AreasFor('children-and-young-people').map((a) => a.label)).toEqual([
      'Asthma',
      'Diabetes',
      'Epilepsy',
      'Oral health',
      'Mental health',
    ]);
  });

  it('keys each area by itself and labels it with its population', () => {
    for (const area of CORE20PLUS5_AREAS) expect(CORE20PLUS5_AREA_INFO[area].key).toBe(area);
    expect(core20Plus5AreaLabel('cyp-mental-health')).toBe('Mental health (children and young people)');
    expect(core20Plus5AreaLabel('maternity')).toBe('Maternity (adults)');
  });

  it('knows its own keys only', () => {
    expect(isCore20Plus5Area('cyp-asthma')).toBe(true);
    expect(isCore20Plus5Area('asthma')).toBe(false);
    expect(isCore20Plus5Area('')).toBe(false);
  });
});
