import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, exportCsv, planImport, readCsv, safeCell, templateCsv, type CsvRow } from './csv.ts';

const HEADER = CSV_COLUMNS.join(',');

function rowsOf(text: string): CsvRow[] {
  const result = readCsv(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rows;
}

describe('safeCell', () => {
  it.each(['=1+1', '+44 1223', '-2', '@SUM(A1)', '\tx', '\rx'])('guards %j with an apostrophe', (value) => {
    expect(safeCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text alone', () => {
    expect(safeCell('CB2 0QQ')).toBe('CB2 0QQ');
    expect(safeCell("Addenbrooke's")).toBe("Addenbrooke's");
  });

  it('never leaves a cell that a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(safeCell(value)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

describe('readCsv', () => {
  it('reads rows by column, numbering them as a spreadsheet does and skipping blank rows', () => {
    const rows = rowsOf(
      `\ufeff${HEADER}\nA Trust,acute_trust,yes,yes,,,,,,,\n,,,,,,,,,,\nB Trust,hospice,no,yes,,,,,,,\n`,
    );
    expect(rows.map((row) => [row.row, row.cells.name, row.cells.kind])).toEqual([
      [2, 'A Trust', 'acute_trust'],
      [4, 'B Trust', 'hospice'],
    ]);
  });

  it('accepts columns in any order and case, ignores a region column, and fills missing optional ones', () => {
    const rows = rowsOf('Kind,Name,NHS,Placement Provider,Region\nhospice,C Hospice,no,yes,London\n');
    expect(rows[0]?.cells).toMatchObject({ name: 'C Hospice', kind: 'hospice', nhs: 'no', site_postcode: '' });
  });

  it('reports unknown, duplicated and missing columns against row 1', () => {
    const result = readCsv('name,colour,name\nx,y,z\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [1, 'colour'],
      [1, 'name'],
      [1, 'kind'],
      [1, 'nhs'],
      [1, 'placement_provider'],
    ]);
  });

  it('reports an empty file, a file without rows and a file that is not CSV', () => {
    expect(readCsv('')).toMatchObject({ ok: false, problems: [{ message: 'The file is empty' }] });
    expect(readCsv(`${HEADER}\n`)).toMatchObject({ ok: false, problems: [{ row: 2 }] });
    expect(readCsv(`${HEADER}\n"unclosed,acute_trust`)).toMatchObject({ ok: false });
  });

  it('undoes the export guard so that an exported file imports as it was', () => {
    const rows = rowsOf(`${HEADER}\n'=Odd name,acute_trust,yes,yes,,,,,,,\n`);
    expect(rows[0]?.cells.name).toBe('=Odd name');
  });
});

describe('planImport', () => {
  const existing = [
    {
      id: '0190a000-0000-7000-8000-000000000001',
      name: 'West Suffolk NHS Foundation Trust',
      kind: 'acute_trust' as const,
      isNhs: true,
      isPlacementProvider: true,
      odsCode: 'RGR',
      website: null,
    },
  ];

  it('plans new organisations, their sites, and sites for organisations already in the region', () => {
    const plan = planImport(
      rowsOf(
        [
          HEADER,
          'Ouse Meadows Surgery,General practice,yes,yes,,,Ouse Meadows Surgery,2 Riverside Walk,,Huntingdon,pe293rt',
          'ouse meadows surgery,,,,,,Branch surgery,41 Post Street,,Godmanchester,PE29 2AQ',
          'Open Door,charity,no,no,,,,,,,',
          'West Suffolk NHS Foundation Trust,,,,RGR,,Newmarket Hospital,Exning Road,,Newmarket,CB8 7JG',
        ].join('\n'),
      ),
      existing,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.organisations.map((organisation) => [organisation.row, organisation.fields.name])).toEqual([
      [2, 'Ouse Meadows Surgery'],
      [4, 'Open Door'],
    ]);
    expect(plan.organisations[0]?.fields.kind).toBe('general_practice');
    expect(plan.organisations[1]?.fields).toMatchObject({ isNhs: false, isPlacementProvider: false });
    expect(
      plan.sites.map((site) => [site.row, site.organisationKey, site.existingOrganisationId, site.fields.postcode]),
    ).toEqual([
      [2, 'ouse meadows surgery', null, 'PE29 3RT'],
      [3, 'ouse meadows surgery', null, 'PE29 2AQ'],
      [5, 'west suffolk nhs foundation trust', existing[0]?.id, 'CB8 7JG'],
    ]);
  });

  it('reports every problem with its row and column', () => {
    const plan = planImport(
      rowsOf(
        [
          HEADER,
          ',acute_trust,yes,yes,,,,,,,',
          'Bad Trust,hospital,maybe,yes,R-1,not a site,,,,,',
          'Site Trust,acute_trust,yes,yes,,,Main site,,,Ely,CB2',
          'West Suffolk NHS Foundation Trust,hospice,,,,,,,,,',
        ].join('\n'),
      ),
      existing,
    );
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, 'name'],
      [3, 'kind'],
      [3, 'nhs'],
      [3, 'ods_code'],
      [3, 'website'],
      [4, 'site_address_line_1'],
      [4, 'site_postcode'],
      [5, 'kind'],
      [5, 'site_name'],
    ]);
    expect(plan.problems.find((problem) => problem.row === 4 && problem.column === 'site_postcode')?.message).toBe(
      'Enter a full UK postcode, like CB2 0QQ',
    );
    expect(plan.problems.find((problem) => problem.row === 5 && problem.column === 'kind')?.message).toContain(
      'already in this region',
    );
  });

  it('refuses a second row for the same new organisation that contradicts the first', () => {
    const plan = planImport(
      rowsOf([HEADER, 'A Trust,acute_trust,yes,yes,,,,,,,', 'A TRUST,hospice,,,,,S,1 Road,,Ely,CB7 4LS'].join('\n')),
      [],
    );
    expect(plan).toMatchObject({
      ok: false,
      problems: [{ row: 3, column: 'kind', message: expect.stringContaining('row 2') as unknown }],
    });
  });
});

describe('exportCsv', () => {
  it('writes a row per site with the import columns and a region, guarding formulae', () => {
    const csv = exportCsv([
      {
        name: '=HYPERLINK("x")',
        kind: 'charity',
        isNhs: false,
        isPlacementProvider: false,
        odsCode: null,
        website: null,
        regionName: 'London',
        sites: [],
      },
      {
        name: 'A Trust',
        kind: 'acute_trust',
        isNhs: true,
        isPlacementProvider: true,
        odsCode: 'RGT',
        website: 'https://a.nhs.uk',
        regionName: 'East of England',
        sites: [
          { name: 'One', addressLine1: '1 Road', addressLine2: null, town: 'Ely', postcode: 'CB7 4LS' },
          { name: 'Two', addressLine1: '2 Road', addressLine2: 'Flat', town: 'Ely', postcode: 'CB7 4AA' },
        ],
      },
    ]);
    const records = parse(csv);
    expect(records[0]).toEqual([...CSV_COLUMNS, 'region']);
    expect(records[1]?.[0]).toBe('\'=HYPERLINK("x")');
    expect(records.slice(2).map((record) => [record[0], record[6], record[10], record[11]])).toEqual([
      ['A Trust', 'One', 'CB7 4LS', 'East of England'],
      ['A Trust', 'Two', 'CB7 4AA', 'East of England'],
    ]);
  });

  it('round-trips: an export imports into an empty region as the same organisations and sites', () => {
    const csv = exportCsv([
      {
        name: '-Minus Trust',
        kind: 'acute_trust',
        isNhs: true,
        isPlacementProvider: true,
        odsCode: 'RGT',
        website: 'https://a.nhs.uk',
        regionName: 'East of England',
        sites: [{ name: 'One', addressLine1: '1 Road', addressLine2: null, town: 'Ely', postcode: 'CB7 4LS' }],
      },
    ]);
    const plan = planImport(rowsOf(csv), []);
    expect(plan).toMatchObject({
      ok: true,
      organisations: [{ fields: { name: '-Minus Trust', odsCode: 'RGT', website: 'https://a.nhs.uk' } }],
      sites: [{ fields: { name: 'One', postcode: 'CB7 4LS' } }],
    });
  });

  it('offers a template that imports cleanly', () => {
    expect(planImport(rowsOf(templateCsv()), [])).toMatchObject({ ok: true, sites: [{}, {}] });
  });
});
