import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CARBON_CATEGORIES,
  carbonComparison,
  categoryFromText,
  formatKg,
  lineKg,
  readFactorRows,
  readQuantity,
  tripleBottomLine,
  type CarbonFactor,
  type CarbonLine,
} from './carbon.ts';
import { CARBON_CATEGORY_LABELS, SEED_CARBON_FACTORS } from './carbon-factors.ts';

function factor(overrides: Partial<CarbonFactor> = {}): CarbonFactor {
  return {
    id: 'f1',
    key: 'travel-car-average-km',
    category: 'travel',
    item: 'Car, average size, fuel unknown',
    unit: 'km',
    kgCo2ePerUnit: 0.2,
    source: 'A test source',
    year: 2025,
    ...overrides,
  };
}

const car = factor();
const inhaler = factor({
  id: 'f2',
  key: 'inhaler-salbutamol-pmdi',
  category: 'inhalers',
  item: 'Salbutamol pMDI',
  unit: 'inhaler',
  kgCo2ePerUnit: 25,
  year: 2024,
});
const dryPowder = factor({
  id: 'f3',
  key: 'inhaler-dry-powder',
  category: 'inhalers',
  item: 'Dry-powder inhaler',
  unit: 'inhaler',
  kgCo2ePerUnit: 0.8,
  year: 2024,
});

const line = (phase: 'before' | 'after', f: CarbonFactor, quantityPerYear: number): CarbonLine => ({
  phase,
  factor: f,
  quantityPerYear,
});

describe('the seed factor library', () => {
  it('has about forty factors, in every category', () => {
    expect(SEED_CARBON_FACTORS.length).toBeGreaterThanOrEqual(40);
    for (const category of CARBON_CATEGORIES) {
      expect(SEED_CARBON_FACTORS.some((f) => f.category === category)).toBe(true);
    }
  });

  it('gives each factor a stable slug key, unique within its year', () => {
    const pairs = SEED_CARBON_FACTORS.map((f) => `${f.key} ${String(f.year)}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const f of SEED_CARBON_FACTORS) expect(f.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives each factor a positive value, a unit, an item, a source and a year of 2024 or 2025', () => {
    for (const f of SEED_CARBON_FACTORS) {
      expect(f.kgCo2ePerUnit).toBeGreaterThan(0);
      expect(Number.isFinite(f.kgCo2ePerUnit)).toBe(true);
      expect(f.unit.trim()).not.toBe('');
      expect(f.item.trim()).not.toBe('');
      expect(f.source.length).toBeGreaterThan(20);
      expect([2024, 2025]).toContain(f.year);
    }
  });

  it('passes its own spreadsheet reader, so an administrator can export and import it', () => {
    const rows = SEED_CARBON_FACTORS.map((f) => ({
      key: f.key,
      category: CARBON_CATEGORY_LABELS[f.category],
      item: f.item,
      unit: f.unit,
      'kgCO2e per unit': String(f.kgCo2ePerUnit),
      source: f.source,
      year: String(f.year),
    }));
    const result = readFactorRows(rows);
    expect(result.problems).toEqual([]);
    expect(result.factors).toEqual(SEED_CARBON_FACTORS);
  });

  it('cites the year of the government factors it takes', () => {
    for (const f of SEED_CARBON_FACTORS) {
      const cited = /Company Reporting (\d{4})/.exec(f.source);
      if (cited !== null && !f.source.startsWith('Derived')) expect(Number(cited[1])).toBe(f.year);
    }
  });

  it('says how derived figures were worked out, and the arithmetic holds', () => {
    const value = (key: string) => SEED_CARBON_FACTORS.find((f) => f.key === key)?.kgCo2ePerUnit ?? NaN;
    expect(value('gas-desflurane-bottle-240ml')).toBeCloseTo(0.24 * 1.465 * value('gas-desflurane-kg'), 1);
    expect(value('gas-sevoflurane-bottle-250ml')).toBeCloseTo(0.25 * 1.52 * value('gas-sevoflurane-kg'), 1);
    expect(value('gas-isoflurane-bottle-250ml')).toBeCloseTo(0.25 * 1.5 * value('gas-isoflurane-kg'), 1);
    expect(value('gas-nitrous-oxide-1000-litres')).toBeCloseTo(1.87 * value('gas-nitrous-oxide-kg'), 1);
    expect(value('paper-a4-ream-virgin')).toBeCloseTo(2.4948 * value('paper-virgin-kg'), 3);
    expect(value('paper-a4-ream-recycled')).toBeCloseTo(2.4948 * value('paper-recycled-kg'), 3);
    for (const f of SEED_CARBON_FACTORS.filter((seed) => seed.source.startsWith('Derived'))) {
      expect(f.source).toMatch(/×/);
    }
  });

  it('marks product footprints as approximate with their published range', () => {
    for (const key of ['inhaler-salbutamol-pmdi', 'inhaler-dry-powder', 'inhaler-salbutamol-pmdi-low-volume']) {
      expect(SEED_CARBON_FACTORS.find((f) => f.key === key)?.source).toMatch(/approximate, published range/);
    }
  });

  it('keeps a metered-dose inhaler far above a dry-powder one, as every published figure does', () => {
    const pmdi = SEED_CARBON_FACTORS.find((f) => f.key === 'inhaler-salbutamol-pmdi');
    const dpi = SEED_CARBON_FACTORS.find((f) => f.key === 'inhaler-dry-powder');
    expect(pmdi?.kgCo2ePerUnit).toBeGreaterThanOrEqual(25);
    expect(dpi?.kgCo2ePerUnit).toBeLessThan(1);
  });
});

describe('lineKg', () => {
  it.each([
    [100, 0.2, 20],
    [0, 25, 0],
    [12, 25, 300],
    [1.5, 0.8, 1.2000000000000002],
  ])('%d units at %d kg each is %d kg', (quantity, perUnit, expected) => {
    expect(lineKg(line('before', factor({ kgCo2ePerUnit: perUnit }), quantity))).toBe(expected);
  });
});

describe('carbonComparison', () => {
  it('compares a switch from metered-dose to dry-powder inhalers', () => {
    const result = carbonComparison([
      line('before', inhaler, 1000),
      line('after', inhaler, 400),
      line('after', dryPowder, 600),
    ]);
    expect(result.beforeKg).toBe(25000);
    expect(result.afterKg).toBeCloseTo(10480);
    expect(result.savingKg).toBeCloseTo(14520);
    expect(result.savingPercent).toBeCloseTo(58.08);
    expect(result.byCategory).toEqual([
      expect.objectContaining({ category: 'inhalers', label: 'Inhalers', beforeKg: 25000 }),
    ]);
    expect(result.factorYears).toEqual([2024]);
  });

  it('gives a negative saving when the change adds carbon', () => {
    const result = carbonComparison([line('before', car, 100), line('after', car, 150)]);
    expect(result.savingKg).toBeCloseTo(-10);
    expect(result.savingPercent).toBeCloseTo(-50);
  });

  it('has no saving percentage when nothing came before', () => {
    const result = carbonComparison([line('after', car, 100)]);
    expect(result.beforeKg).toBe(0);
    expect(result.savingKg).toBe(-20);
    expect(result.savingPercent).toBeNull();
  });

  it('is all zeros with no lines', () => {
    expect(carbonComparison([])).toEqual({
      beforeKg: 0,
      afterKg: 0,
      savingKg: 0,
      savingPercent: null,
      byCategory: [],
      factorYears: [],
    });
  });

  it('breaks the totals down by category in the library order, both phases', () => {
    const paper = factor({ id: 'p', key: 'paper-virgin-kg', category: 'paper', kgCo2ePerUnit: 1.3, year: 2025 });
    const result = carbonComparison([
      line('before', paper, 10),
      line('before', inhaler, 2),
      line('before', car, 50),
      line('after', car, 20),
      line('after', dryPowder, 2),
    ]);
    expect(result.byCategory.map((c) => c.category)).toEqual(['travel', 'inhalers', 'paper']);
    const travel = result.byCategory[0];
    expect(travel?.beforeKg).toBeCloseTo(10);
    expect(travel?.afterKg).toBeCloseTo(4);
    expect(travel?.savingKg).toBeCloseTo(6);
    const paperTotals = result.byCategory[2];
    expect(paperTotals?.beforeKg).toBeCloseTo(13);
    expect(paperTotals?.afterKg).toBe(0);
    expect(result.factorYears).toEqual([2024, 2025]);
  });

  it('names each factor year once, oldest first', () => {
    const result = carbonComparison([
      line('before', factor({ year: 2025 }), 1),
      line('before', factor({ year: 2023 }), 1),
      line('after', factor({ year: 2025 }), 1),
    ]);
    expect(result.factorYears).toEqual([2023, 2025]);
  });

  const categoryArb = fc.constantFrom(...CARBON_CATEGORIES);
  const factorArb = fc.record({
    id: fc.uuid(),
    key: fc.constant('k'),
    category: categoryArb,
    item: fc.constant('item'),
    unit: fc.constant('unit'),
    kgCo2ePerUnit: fc.double({ min: 0, max: 5000, noNaN: true }),
    source: fc.constant('source'),
    year: fc.integer({ min: 2015, max: 2030 }),
  });
  const lineArb = fc.record({
    phase: fc.constantFrom('before' as const, 'after' as const),
    factor: factorArb,
    quantityPerYear: fc.double({ min: 0, max: 1e6, noNaN: true }),
  });

  it('always makes the saving before − after, and the categories add up to the totals', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), (lines) => {
        const result = carbonComparison(lines);
        expect(result.savingKg).toBe(result.beforeKg - result.afterKg);
        const before = result.byCategory.reduce((sum, c) => sum + c.beforeKg, 0);
        const after = result.byCategory.reduce((sum, c) => sum + c.afterKg, 0);
        expect(before).toBeCloseTo(result.beforeKg, 3);
        expect(after).toBeCloseTo(result.afterKg, 3);
        for (const c of result.byCategory) expect(c.savingKg).toBe(c.beforeKg - c.afterKg);
      }),
    );
  });

  it('changes nothing when a line of zero quantity is added anywhere', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 20 }), lineArb, fc.nat(), (lines, extra, at) => {
        const position = lines.length === 0 ? 0 : at % (lines.length + 1);
        const withZero = [...lines.slice(0, position), { ...extra, quantityPerYear: 0 }, ...lines.slice(position)];
        expect(carbonComparison(withZero)).toEqual(carbonComparison(lines));
      }),
    );
  });

  it('does not depend on the order of the lines, to rounding', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 20 }), (lines) => {
        const forward = carbonComparison(lines);
        const backward = carbonComparison([...lines].reverse());
        expect(backward.beforeKg).toBeCloseTo(forward.beforeKg, 3);
        expect(backward.afterKg).toBeCloseTo(forward.afterKg, 3);
        expect(backward.factorYears).toEqual(forward.factorYears);
        expect(backward.byCategory.map((c) => c.category)).toEqual(forward.byCategory.map((c) => c.category));
      }),
    );
  });
});

describe('tripleBottomLine', () => {
  const lines = [line('before', inhaler, 100), line('after', dryPowder, 100)];

  it('gives each bottom line and every part of sustainable value when all are given', () => {
    const result = tripleBottomLine({
      lines,
      financialBeforeGbp: 2000,
      financialAfterGbp: 2600,
      social: '  Patients taught inhaler technique in clinic. ',
      patientOutcome: 'Asthma control test scores held steady',
    });
    expect(result.environmental.savingKg).toBeCloseTo(2420);
    expect(result.financial).toEqual({ beforeGbp: 2000, afterGbp: 2600, savingGbp: -600 });
    expect(result.social).toBe('Patients taught inhaler technique in clinic.');
    expect(result.patientOutcome).toBe('Asthma control test scores held steady');
    expect(result.sustainableValue).toEqual({
      outcomes: 'Asthma control test scores held steady',
      environmentalSavingKg: result.environmental.savingKg,
      financialSavingGbp: -600,
      social: 'Patients taught inhaler technique in clinic.',
      missing: [],
    });
  });

  it('names the parts still missing and gives no number for them', () => {
    const result = tripleBottomLine({
      lines: [],
      financialBeforeGbp: 1000,
      financialAfterGbp: null,
      social: '   ',
      patientOutcome: null,
    });
    expect(result.financial).toBeNull();
    expect(result.social).toBeNull();
    expect(result.sustainableValue).toEqual({
      outcomes: null,
      environmentalSavingKg: null,
      financialSavingGbp: null,
      social: null,
      missing: ['outcomes', 'environmental', 'social', 'financial'],
    });
  });

  it('counts lines of zero quantity as no carbon account yet', () => {
    const result = tripleBottomLine({
      lines: [line('before', car, 0)],
      financialBeforeGbp: 0,
      financialAfterGbp: 0,
      social: null,
      patientOutcome: 'Fewer admissions',
    });
    expect(result.sustainableValue.missing).toEqual(['environmental', 'social']);
    expect(result.financial).toEqual({ beforeGbp: 0, afterGbp: 0, savingGbp: 0 });
  });
});

describe('readQuantity', () => {
  it.each([
    ['12', 12],
    [' 3.5 ', 3.5],
    ['1,200', 1200],
    ['12,345.75', 12345.75],
    ['1,000,000', 1000000],
    ['1200', 1200],
    ['0', 0],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['7.', 7],
    ['\t42\n', 42],
  ])('reads %j as %d', (input, expected) => {
    expect(readQuantity(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['', '   '])('asks for a quantity when given %j', (input) => {
    expect(readQuantity(input)).toEqual({ ok: false, message: 'Enter the quantity' });
  });

  it.each(['-5', '-1,200', ' - 3'])('says %j must be 0 or more', (input) => {
    expect(readQuantity(input)).toEqual({ ok: false, message: 'The quantity must be 0 or more' });
  });

  it.each([
    'twelve',
    '1,2',
    '12,34',
    '1,2345',
    '1.2.3',
    '3 kg',
    '£12',
    '1e5',
    'NaN',
    'Infinity',
    '12,',
    ',12',
    '1 200',
    '+5',
  ])('rejects %j with an example of what to type', (input) => {
    expect(readQuantity(input)).toEqual({ ok: false, message: 'Enter the quantity as a number, like 1,200 or 3.5' });
  });

  it('names the field it reads', () => {
    expect(readQuantity('', 'the number of inhalers')).toEqual({ ok: false, message: 'Enter the number of inhalers' });
    expect(readQuantity('-1', 'the number of inhalers')).toEqual({
      ok: false,
      message: 'The number of inhalers must be 0 or more',
    });
  });

  it('reads back any non-negative number written with thousands commas', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (whole, hundredths) => {
        const written = `${whole.toLocaleString('en-GB')}.${String(hundredths).padStart(2, '0')}`;
        const result = readQuantity(written);
        expect(result).toEqual({ ok: true, value: Number(`${String(whole)}.${String(hundredths).padStart(2, '0')}`) });
      }),
    );
  });
});

describe('categoryFromText', () => {
  it.each([
    ['travel', 'travel'],
    ['Travel', 'travel'],
    ['anaesthetic-gases', 'anaesthetic-gases'],
    ['Anaesthetic gases', 'anaesthetic-gases'],
    [' SINGLE-USE ITEMS ', 'single-use-items'],
    ['Single use items', 'single-use-items'],
    ['travel ', 'travel'],
  ])('reads %j as %s', (input, expected) => {
    expect(categoryFromText(input)).toBe(expected);
  });

  it.each(['', 'food', 'inhaler', 'gases'])('knows no category %j', (input) => {
    expect(categoryFromText(input)).toBeNull();
  });

  it('reads every category by its label', () => {
    for (const category of CARBON_CATEGORIES) expect(categoryFromText(CARBON_CATEGORY_LABELS[category])).toBe(category);
  });
});

describe('readFactorRows', () => {
  const good = {
    key: 'travel-car-average-km',
    category: 'Travel',
    item: 'Car, average size, fuel unknown',
    unit: 'km',
    'kgCO2e per unit': '0.16725',
    source: 'UK Government GHG Conversion Factors for Company Reporting 2025 (DESNZ)',
    year: '2026',
  };

  it('reads a good row', () => {
    expect(readFactorRows([good])).toEqual({
      factors: [
        {
          key: 'travel-car-average-km',
          category: 'travel',
          item: 'Car, average size, fuel unknown',
          unit: 'km',
          kgCo2ePerUnit: 0.16725,
          source: 'UK Government GHG Conversion Factors for Company Reporting 2025 (DESNZ)',
          year: 2026,
        },
      ],
      problems: [],
    });
  });

  it('accepts header names as people write them', () => {
    const result = readFactorRows([
      {
        ' Key ': 'energy-natural-gas-kwh',
        CATEGORY: 'energy',
        Item: 'Natural gas',
        UOM: 'kWh',
        'kg CO2e / unit': '0.18',
        Source: 'DESNZ 2026',
        Year: ' 2026 ',
        Notes: 'ignored',
      },
      {
        key: 'energy-electricity-uk-kwh',
        category: 'Energy',
        name: 'Electricity',
        unit: 'kWh',
        kgCO2e: '0.19',
        reference: 'DESNZ 2026',
        year: '2026',
      },
      {
        key: 'paper-virgin-kg',
        category: 'paper',
        description: 'Paper',
        units: 'kg',
        'Emission factor': '1,345.08',
        citation: 'DESNZ 2026',
        year: '2026',
      },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.factors.map((f) => [f.key, f.kgCo2ePerUnit, f.year])).toEqual([
      ['energy-natural-gas-kwh', 0.18, 2026],
      ['energy-electricity-uk-kwh', 0.19, 2026],
      ['paper-virgin-kg', 1345.08, 2026],
    ]);
  });

  it('skips blank rows but keeps counting them', () => {
    const blank = { key: '', category: '', item: '', unit: '', 'kgCO2e per unit': '', source: '', year: '' };
    const result = readFactorRows([blank, { ...good, category: 'food' }]);
    expect(result.problems).toEqual([
      { row: 3, column: 'category', message: expect.stringContaining('The category must be one of: Travel') as string },
    ]);
  });

  it.each([
    [
      { category: 'food' },
      'category',
      'The category must be one of: Travel, Energy, Waste, Inhalers, Anaesthetic gases, Paper, Single-use items',
    ],
    [
      { category: '' },
      'category',
      'Enter the category, one of: Travel, Energy, Waste, Inhalers, Anaesthetic gases, Paper, Single-use items',
    ],
    [{ 'kgCO2e per unit': '-0.2' }, 'kgCO2e per unit', 'The kgCO2e per unit must be 0 or more'],
    [{ 'kgCO2e per unit': 'about 2' }, 'kgCO2e per unit', 'Enter the kgCO2e per unit as a number, like 1,200 or 3.5'],
    [{ 'kgCO2e per unit': '' }, 'kgCO2e per unit', 'Enter the kgCO2e per unit'],
    [
      { source: '  ' },
      'source',
      'Enter the source: the publication, its table or sheet and its year, so the figure can be checked',
    ],
    [{ year: '' }, 'year', 'Enter the year of the factor, like 2025'],
    [{ year: '25' }, 'year', 'The year must be a 4-digit year from 1990 to 2100'],
    [{ year: '1989' }, 'year', 'The year must be a 4-digit year from 1990 to 2100'],
    [{ year: '2101' }, 'year', 'The year must be a 4-digit year from 1990 to 2100'],
    [{ year: '2025.0' }, 'year', 'The year must be a 4-digit year from 1990 to 2100'],
    [{ key: '' }, 'key', 'Enter the key, like travel-car-average-km'],
    [
      { key: 'car average' },
      'key',
      'The key must be lower-case letters and digits joined by hyphens, like travel-car-average-km',
    ],
    [
      { key: 'car--average' },
      'key',
      'The key must be lower-case letters and digits joined by hyphens, like travel-car-average-km',
    ],
    [{ item: '' }, 'item', 'Enter the item, like "Car, average size, fuel unknown"'],
    [{ unit: '' }, 'unit', 'Enter the unit, like km, kWh, kg or inhaler'],
  ])('reports %j in column %s', (change, column, message) => {
    const result = readFactorRows([{ ...good, ...change }]);
    expect(result.problems).toEqual([{ row: 2, column, message }]);
    expect(result.factors).toEqual([]);
  });

  it('accepts the first and last years and a factor of zero', () => {
    const result = readFactorRows([
      { ...good, key: 'travel-walking-km', year: '1990', 'kgCO2e per unit': '0' },
      { ...good, year: '2100' },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.factors.map((f) => [f.year, f.kgCo2ePerUnit])).toEqual([
      [1990, 0],
      [2100, 0.16725],
    ]);
  });

  it('reads a key in capitals as the same key in lower case', () => {
    expect(readFactorRows([{ ...good, key: ' TRAVEL-CAR-AVERAGE-KM ' }]).factors[0]?.key).toBe('travel-car-average-km');
  });

  it('reports a key repeated for the same year in the file, on the later row', () => {
    const result = readFactorRows([good, { ...good, key: 'travel-car-petrol-km' }, good]);
    expect(result.problems).toEqual([
      { row: 4, column: 'key', message: 'travel-car-average-km for 2026 is already in row 2 of this file' },
    ]);
    expect(result.factors).toHaveLength(2);
  });

  it('allows the same key for different years in one file', () => {
    expect(readFactorRows([good, { ...good, year: '2027' }]).problems).toEqual([]);
  });

  it('never changes a factor already in the library', () => {
    const result = readFactorRows([good, { ...good, year: '2027' }], [{ key: 'travel-car-average-km', year: 2026 }]);
    expect(result.problems).toEqual([
      {
        row: 2,
        column: 'key',
        message:
          "travel-car-average-km for 2026 is already in the library. A year's factors are not changed, because results were worked out with them: add the new figure under the next year",
      },
    ]);
    expect(result.factors.map((f) => f.year)).toEqual([2027]);
  });

  it('reports every problem of a row at once', () => {
    const result = readFactorRows([{ ...good, category: 'x', 'kgCO2e per unit': '-1', source: '', year: 'last' }]);
    expect(result.problems.map((p) => p.column)).toEqual(['category', 'kgCO2e per unit', 'source', 'year']);
  });

  it('reports a row with no columns it knows as missing everything', () => {
    const result = readFactorRows([{ colour: 'blue' }]);
    expect(result.problems.map((p) => p.column)).toEqual([
      'key',
      'category',
      'item',
      'unit',
      'kgCO2e per unit',
      'source',
      'year',
    ]);
  });
});

describe('formatKg', () => {
  it.each([
    [0, '0 kgCO2e'],
    [0.034, '0.03 kgCO2e'],
    [0.001, '0 kgCO2e'],
    [-0.001, '0 kgCO2e'],
    [2.5, '2.5 kgCO2e'],
    [9.99, '9.99 kgCO2e'],
    [9.996, '10 kgCO2e'],
    [12.34, '12.3 kgCO2e'],
    [999.9, '999.9 kgCO2e'],
    [999.96, '1,000 kgCO2e'],
    [1234.4, '1,234 kgCO2e'],
    [9999.4, '9,999 kgCO2e'],
    [9999.5, '10 tCO2e'],
    [10000, '10 tCO2e'],
    [12345, '12.3 tCO2e'],
    [1234567, '1,234.6 tCO2e'],
    [-14520, '-14.5 tCO2e'],
    [-250, '-250 kgCO2e'],
    [-2.5, '-2.5 kgCO2e'],
  ])('writes %d kg as %s', (kg, expected) => {
    expect(formatKg(kg)).toBe(expected);
  });

  it('always names a unit and never writes minus zero', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (kg) => {
        const written = formatKg(kg);
        expect(written).toMatch(/^-?[\d,]+(\.\d+)? (kgCO2e|tCO2e)$/);
        expect(written.startsWith('-0 ')).toBe(false);
      }),
    );
  });
});
