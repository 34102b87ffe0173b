import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { svgToPng } from '../../platform/images/png.ts';
import { computeSpc } from './domain/spc.ts';
import { spcChartSvg } from './domain/spc-chart.ts';
import { posterPdf, type PosterContent } from './poster.ts';

const createdAt = new Date('2026-10-14T09:00:00Z');

function chartPng(): Buffer {
  const values = [31, 30, 33, 29, 32, 31, 30, 24, 23, 22, 21, 20, 22, 21, 19, 20];
  const result = computeSpc(
    values.map((value, index) => ({
      date: `2026-0${String(1 + Math.floor(index / 4))}-${String(10 + (index % 4) * 5)}`,
      value,
      rebase: false,
    })),
    { improvement: 'decrease', target: 20 },
  );
  return svgToPng(
    spcChartSvg(result, { title: 'Metered-dose inhalers a week', unit: 'inhalers', improvement: 'decrease' }),
    { width: 900 },
  );
}

function content(overrides: Partial<PosterContent> = {}): PosterContent {
  return {
    title: 'Lower-carbon inhalers',
    subtitle: 'Environmental sustainability · Riverside Surgery · East of England',
    team: ['Ana Jones (learner)', 'Sam Supervisor (supervisor)'],
    aim: 'Reduce metered-dose inhaler prescribing at Riverside Surgery by 30% by March 2027',
    measures: [
      {
        name: 'Metered-dose inhalers a week',
        detail: 'Outcome measure · inhalers · target 20',
        png: chartPng(),
        alt: '16 points from 10 Jan 2026 to 25 Apr 2026; the last point is below the mean.',
        variationText: 'Special cause variation of an improving nature where the measure is significantly lower',
        assuranceText: 'The system may achieve or fail the target subject to random variation',
      },
      {
        name: 'Patients reviewed',
        detail: 'Process measure · patients',
        png: null,
        alt: 'No data yet.',
        variationText: null,
        assuranceText: null,
      },
    ],
    pdsaSummary: '2 PDSA cycles: 1 done (1 adopted), 1 running',
    cycles: ['Pharmacist review (1 March 2026 to 31 March 2026): Adopt the change. Reviews worked well.'],
    bottomLine: ['Environmental: the change saves 1,234 kgCO2e a year (40 %).', 'Financial: not costed.'],
    patientOutcome: 'Patients found the dry-powder inhalers easier to use.',
    learning: 'Small tests of change with the pharmacist made the switch possible.',
    status: 'Completed on 14 October 2026',
    ...overrides,
  };
}

async function readBack(pdf: Buffer) {
  const parser = new PDFParse({ data: pdf });
  try {
    return await parser.getText();
  } finally {
    await parser.destroy();
  }
}

describe('the project poster', () => {
  it('is an A3 landscape PDF whose text reads back: title, aim, measures, PDSA, carbon and learning', async () => {
    const pdf = await posterPdf(content(), createdAt);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MediaBox [0 0 1190.55 841.89]');
    const text = await readBack(pdf);
    expect(text.total).toBe(1);
    const flat = text.text.replace(/\s+/g, ' ');
    for (const expected of [
      'Lower-carbon inhalers',
      'Reduce metered-dose inhaler prescribing at Riverside Surgery by 30% by March 2027',
      'Metered-dose inhalers a week',
      'Patients reviewed',
      'Special cause variation of an improving nature',
      '2 PDSA cycles: 1 done (1 adopted), 1 running',
      'saves 1,234 kgCO2e a year',
      'Small tests of change with the pharmacist made the switch possible.',
      'Team: Ana Jones (learner), Sam Supervisor (supervisor)',
      'Page 1 of 1',
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('is tagged: a structure tree with headings, and the chart a figure with its description as alternative text', async () => {
    const raw = (await posterPdf(content(), createdAt)).toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toMatch(/\/S \/H1/);
    expect(raw).toMatch(/\/S \/Figure/);
    expect(raw).toContain('/Alt (16 points from 10 Jan 2026 to 25 Apr 2026; the last point is below the mean.)');
  });

  it('flows a long text on to further columns and pages rather than cutting it off', async () => {
    const sentence =
      'The team met each week with the practice pharmacist and the patients’ group to plan the next test. ';
    const learning = Array.from({ length: 120 }, (_, index) => `${sentence}Week ${String(index + 1)} ended.`).join(
      '\n\n',
    );
    const pdf = await posterPdf(content({ learning }), createdAt);
    const text = await readBack(pdf);
    expect(text.total).toBeGreaterThan(1);
    const flat = text.text.replace(/\s+/g, ' ');
    expect(flat).toContain('Week 1 ended.');
    expect(flat).toContain('Week 120 ended.');
    expect(flat).toContain('Lower-carbon inhalers (continued)');
    expect(flat).toContain(`Page ${String(text.total)} of ${String(text.total)}`);
  });

  it('shows the team and the text as written, in the embedded Roboto, replacing only what the font lacks', async () => {
    const pdf = await posterPdf(
      content({
        title: 'Inhalers with Zoë Ní Bhriain',
        team: ['Łukasz Wiśniewski (learner)', 'Σοφία Παπαδοπούλου (supervisor)', 'Дмитрий (pharmacist)'],
        learning: 'Patients → dry-powder inhalers 👍🏽 and 漢.',
      }),
      createdAt,
    );
    const flat = (await readBack(pdf)).text.replace(/\s+/g, ' ');
    expect(flat).toContain('Inhalers with Zoë Ní Bhriain');
    expect(flat).toContain('Team: Łukasz Wiśniewski (learner), Σοφία Παπαδοπούλου (supervisor), Дмитрий (pharmacist)');
    expect(flat).toContain('Patients -> dry-powder inhalers and ?.');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular\n/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Bold\n/);
    expect(raw.match(/\/FontFile2 \d+ 0 R/g)).toHaveLength(2);
    expect(raw).not.toMatch(/Helvetica|\/Subtype \/Type1/);
  });
});
