import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import {
  CSV_COLUMNS,
  dateFromText,
  exportCsv,
  planImport,
  readCsv,
  safeCell,
  settingFromText,
  templateCsv,
  type CsvRow,
  type ExportPost,
  type ImportReference,
} from './csv.ts';

const HEADER = CSV_COLUMNS.join(',');
const TRUST = '0190a000-0000-7000-8000-000000000001';
const PRACTICE = '0190a000-0000-7000-8000-000000000002';
const SITE = '0190a000-0000-7000-8000-000000000003';
const SUPERVISOR = '0190a000-0000-7000-8000-000000000004';

const reference: ImportReference = {
  year: { name: 'F2 2026/27', startsOn: '2026-08-01', endsOn: '2027-07-31' },
  regionName: 'East of England',
  organisations: [
    { id: TRUST, name: 'Cambridge University Hospitals NHS Foundation Trust' },
    { id: PRACTICE, name: 'Granta Vale Medical Practice' },
  ],
  sites: [{ id: SITE, organisationId: TRUST, name: "Addenbrooke's Hospital" }],
  supervisors: [{ id: SUPERVISOR, email: 'tom.brennan@example.nhs.uk' }],
  existingPostCodes: ['EOE-GEN-01'],
};

const CUH = 'Cambridge University Hospitals NHS Foundation Trust';
const GOOD = [
  `EOE-GEN-02,Generalism F2,${CUH},1,${CUH},Addenbrooke's Hospital,acute_hospital,Acute medicine,2026-08-01,2027-01-31,10,tom.brennan@example.nhs.uk`,
  `eoe gen 02,,,,Granta Vale Medical Practice,,General practice,General practice,01/02/2027,31/07/2027,8,`,
  `EOE-GEN-02,Generalism F2,${CUH.toUpperCase()},1,Granta Vale Medical Practice,,community,Frailty,1/2/2027,31/7/2027,2,`,
];

function rowsOf(text: string): CsvRow[] {
  const result = readCsv(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.rows;
}

function problemsOf(lines: string[], ref: ImportReference = reference) {
  const plan = planImport(rowsOf([HEADER, ...lines].join('\n')), ref);
  if (plan.ok) throw new Error('expected problems');
  return plan.problems;
}

describe('safeCell', () => {
  it.each(['=1+1', '+44 1223', '-2', '@SUM(A1)', '\tx', '\rx'])('guards %j with an apostrophe', (value) => {
    expect(safeCell(value)).toBe(`'${value}`);
  });

  it('never leaves a cell that a spreadsheet would run as a formula', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(safeCell(value)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

describe('reading cells', () => {
  it.each([
    ['2026-08-01', '2026-08-01'],
    ['01/08/2026', '2026-08-01'],
    ['1/8/2026', '2026-08-01'],
    [' 31/07/2027 ', '2027-07-31'],
    ['31/02/2027', null],
    ['2026-8-1', null],
    ['08/01/26', null],
    ['', null],
  ])('reads the date %j as %j', (text, expected) => {
    expect(dateFromText(text)).toBe(expected);
  });

  it.each([
    ['acute_hospital', 'acute_hospital'],
    ['Acute hospital', 'acute_hospital'],
    ['GENERAL PRACTICE', 'general_practice'],
    ['voluntary-charity', 'voluntary_charity'],
    ['Voluntary or charity', 'voluntary_charity'],
    ['hospital', null],
  ])('reads the setting %j as %j', (text, expected) => {
    expect(settingFromText(text)).toBe(expected);
  });
});

describe('readCsv', () => {
  it('reads rows by column, numbering them as a spreadsheet does, skipping blank rows and a BOM', () => {
    const rows = rowsOf(`\ufeff${HEADER}\n${GOOD[0] ?? ''}\n,,,,,,,,,,,\n${GOOD[1] ?? ''}\n`);
    expect(rows.map((row) => [row.row, row.cells.post_code])).toEqual([
      [2, 'EOE-GEN-02'],
      [4, 'eoe gen 02'],
    ]);
  });

  it('accepts columns in any order and case, leaving optional ones out', () => {
    const rows = rowsOf(
      'Post Code,Post Title,Lead Employer,Capacity,Placement Organisation,Setting,Specialty,Starts On,Ends On,Sessions Per Week\nA-1,T,O,1,O,community,S,2026-08-01,2027-07-31,2\n',
    );
    expect(rows[0]?.cells).toMatchObject({ post_code: 'A-1', setting: 'community', placement_site: '' });
  });

  it('reports unknown, duplicated and missing columns against row 1', () => {
    const result = readCsv('post_code,colour,post_code\nx,y,z\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.slice(0, 3).map((problem) => [problem.row, problem.column])).toEqual([
      [1, 'colour'],
      [1, 'post_code'],
      [1, 'post_title'],
    ]);
    expect(result.problems.map((problem) => problem.column)).not.toContain('placement_site');
  });

  it('reports an empty file, a file without rows and a file that is not CSV', () => {
    expect(readCsv('')).toMatchObject({ ok: false, problems: [{ message: 'The file is empty' }] });
    expect(readCsv(`${HEADER}\n`)).toMatchObject({ ok: false, problems: [{ row: 2 }] });
    expect(readCsv(`${HEADER}\n"unclosed,x`)).toMatchObject({ ok: false });
  });
});

describe('planImport', () => {
  it('plans one post from rows sharing a code, matching names, sites and supervisors in the region', () => {
    const plan = planImport(rowsOf([HEADER, ...GOOD].join('\n')), reference);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.posts).toHaveLength(1);
    expect(plan.placements).toBe(3);
    expect(plan.posts[0]?.fields).toEqual({
      code: 'EOE-GEN-02',
      title: 'Generalism F2',
      leadEmployerId: TRUST,
      capacity: 1,
    });
    expect(plan.posts[0]?.placements.map((placement) => [placement.row, placement.values])).toEqual([
      [
        2,
        {
          organisationId: TRUST,
          siteId: SITE,
          setting: 'acute_hospital',
          specialty: 'Acute medicine',
          startsOn: '2026-08-01',
          endsOn: '2027-01-31',
          sessionsPerWeek: 10,
          clinicalSupervisorUserId: SUPERVISOR,
        },
      ],
      [3, expect.objectContaining({ organisationId: PRACTICE, setting: 'general_practice', startsOn: '2027-02-01' })],
      [4, expect.objectContaining({ setting: 'community', endsOn: '2027-07-31', sessionsPerWeek: 2 })],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('reports each problem of a placement by row and column', () => {
    const problems = problemsOf([
      `EOE-GEN-03,Generalism F2,${CUH},1,Nowhere Trust,,hospital,,2026-07-01,31/02/2027,11,nobody@example.org`,
      `EOE-GEN-03,,,,${CUH},Papworth,acute_hospital,Acute medicine,2026-12-01,2026-11-30,0,`,
    ]);
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, 'placement_organisation'],
      [2, 'setting'],
      [2, 'specialty'],
      [2, 'ends_on'],
      [2, 'sessions_per_week'],
      [2, 'clinical_supervisor_email'],
      [3, 'placement_site'],
      [3, 'ends_on'],
      [3, 'sessions_per_week'],
    ]);
    const message = (row: number, column: string) =>
      problems.find((problem) => problem.row === row && problem.column === column)?.message;
    expect(message(2, 'placement_organisation')).toContain(
      'There is no organisation called Nowhere Trust in East of England',
    );
    expect(message(2, 'ends_on')).toBe('The end date must be a real date, like 2026-08-01 or 01/08/2026');
    expect(message(3, 'ends_on')).toBe('This placement must end on or after its start date, 1 December 2026');
    expect(message(3, 'sessions_per_week')).toContain('from 1 to 10');
  });

  it('refuses dates outside the programme year', () => {
    const problems = problemsOf([
      `EOE-GEN-03,Generalism F2,${CUH},1,${CUH},,acute_hospital,Acute medicine,2026-07-31,2027-08-01,5,`,
    ]);
    expect(problems).toEqual([
      {
        row: 2,
        column: 'starts_on',
        message: 'This placement must start within the programme year, 1 August 2026 to 31 July 2027',
      },
      {
        row: 2,
        column: 'ends_on',
        message: 'This placement must end within the programme year, 1 August 2026 to 31 July 2027',
      },
    ]);
  });

  it('reports the post columns: bad code, missing title, unknown lead employer, capacity out of range', () => {
    const problems = problemsOf([`EOE/04,Title,${CUH},1,,,,,,,,`, `EOE-GEN-05,,London Hospital,0,,,,,,,,`]);
    expect(problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [2, 'post_code', 'Post code must contain only letters, numbers and hyphens'],
      [3, 'post_title', 'Enter the post title'],
      [3, 'lead_employer', expect.stringContaining('no organisation called London Hospital')],
      [3, 'capacity', 'Number of places must be 1 or more'],
    ]);
  });

  it('refuses a post code already in the year, once, at its first row', () => {
    const problems = problemsOf([
      `eoe-gen-01,Generalism F2,${CUH},1,${CUH},,acute_hospital,Acute medicine,2026-08-01,2027-07-31,10,`,
      `EOE-GEN-01,,,,Granta Vale Medical Practice,,general_practice,GP,2026-08-01,2027-07-31,0,`,
    ]);
    expect(problems[0]).toEqual({
      row: 2,
      column: 'post_code',
      message:
        'Post EOE-GEN-01 already exists in F2 2026/27. An import only adds new posts: change existing ones in Breadth, or use another code',
    });
    expect(problems.filter((problem) => problem.column === 'post_code')).toHaveLength(1);
  });

  it('refuses rows of one post that disagree about the post', () => {
    const problems = problemsOf([
      `EOE-GEN-06,Generalism F2,${CUH},1,,,,,,,,`,
      `EOE-GEN-06,Generalism F1,Granta Vale Medical Practice,2,,,,,,,,`,
    ]);
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [3, 'post_title'],
      [3, 'lead_employer'],
      [3, 'capacity'],
    ]);
    expect(problems[0]?.message).toBe(
      'Post EOE-GEN-06 is in row 2 of this file with a different post title. Make them the same, or leave it blank',
    );
  });

  it('imports an unfinished rotation, with its whole-rotation problems as warnings', () => {
    const plan = planImport(
      rowsOf(
        [
          HEADER,
          `EOE-GEN-07,Hospital only,${CUH},1,${CUH},,acute_hospital,Acute medicine,2026-08-01,2027-01-31,10,`,
          `EOE-GEN-07,,,,${CUH},,acute_hospital,Acute medicine,2026-12-01,2027-03-31,4,`,
          `EOE-GEN-08,No placements yet,${CUH},2,,,,,,,,`,
        ].join('\n'),
      ),
      reference,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.posts.map((post) => [post.fields.code, post.placements.length])).toEqual([
      ['EOE-GEN-07', 2],
      ['EOE-GEN-08', 0],
    ]);
    expect(plan.warnings.map((warning) => [warning.postCode, warning.row, warning.message])).toEqual([
      ['EOE-GEN-07', 2, expect.stringContaining('No placement covers 1 April 2027 to 31 July 2027')],
      ['EOE-GEN-07', 2, expect.stringContaining('14 sessions a week')],
      ['EOE-GEN-07', 2, 'Generalism posts span at least two settings'],
      ['EOE-GEN-08', 4, expect.stringContaining('The rotation has no placements yet')],
    ]);
  });
});

describe('exportCsv', () => {
  const posts: ExportPost[] = [
    {
      code: 'EOE-GEN-02',
      title: '=HYPERLINK("x")',
      leadEmployerName: CUH,
      capacity: 1,
      placements: [
        {
          organisationName: CUH,
          siteName: "Addenbrooke's Hospital",
          setting: 'acute_hospital',
          specialty: '-Acute, medicine',
          startsOn: '2026-08-01',
          endsOn: '2027-01-31',
          sessionsPerWeek: 10,
          supervisorEmail: 'tom.brennan@example.nhs.uk',
        },
        {
          organisationName: 'Granta Vale Medical Practice',
          siteName: null,
          setting: 'general_practice',
          specialty: 'General practice',
          startsOn: '2027-02-01',
          endsOn: '2027-07-31',
          sessionsPerWeek: 10,
          supervisorEmail: null,
        },
      ],
    },
    { code: 'EOE-GEN-09', title: 'Empty', leadEmployerName: CUH, capacity: 3, placements: [] },
  ];

  it('writes a row per placement with the import columns, guarding formulae', () => {
    const records = parse(exportCsv(posts));
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(4);
    expect(records[1]?.[1]).toBe('\'=HYPERLINK("x")');
    expect(records[1]?.[7]).toBe("'-Acute, medicine");
    expect(records[3]).toEqual(['EOE-GEN-09', 'Empty', CUH, '3', '', '', '', '', '', '', '', '']);
  });

  it('round-trips: an export imports as the same posts and placements', () => {
    const plan = planImport(rowsOf(exportCsv(posts)), { ...reference, existingPostCodes: [] });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.posts.map((post) => post.fields)).toEqual([
      { code: 'EOE-GEN-02', title: '=HYPERLINK("x")', leadEmployerId: TRUST, capacity: 1 },
      { code: 'EOE-GEN-09', title: 'Empty', leadEmployerId: TRUST, capacity: 3 },
    ]);
    expect(plan.posts[0]?.placements.map((placement) => placement.values)).toEqual([
      {
        organisationId: TRUST,
        siteId: SITE,
        setting: 'acute_hospital',
        specialty: '-Acute, medicine',
        startsOn: '2026-08-01',
        endsOn: '2027-01-31',
        sessionsPerWeek: 10,
        clinicalSupervisorUserId: SUPERVISOR,
      },
      expect.objectContaining({ organisationId: PRACTICE, siteId: null, clinicalSupervisorUserId: null }),
    ]);
  });

  it('offers a template that imports cleanly into a region with its example organisations', () => {
    const plan = planImport(rowsOf(templateCsv()), {
      ...reference,
      organisations: [
        { id: TRUST, name: 'Example Hospitals NHS Foundation Trust' },
        { id: PRACTICE, name: 'Example Medical Practice' },
        { id: SUPERVISOR, name: 'Example Community Services' },
      ],
      sites: [{ id: SITE, organisationId: TRUST, name: 'Example General Hospital' }],
    });
    expect(plan).toMatchObject({ ok: true, placements: 3, warnings: [] });
  });
});
