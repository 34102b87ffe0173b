import { compareText, sortedDomains, type CurriculumContent } from '../../curriculum/domain/curriculum.ts';
import type { Progress } from './progress.ts';

/**
 * The cohort heatmap: a row per learner, a column per domain, each cell coloured by how much of the domain's
 * outcomes to date the learner has evidenced. Colour is never the only signal: every band has a label, and the
 * same rows render as a plain table for screen readers and for people who cannot tell the colours apart.
 */

export type Band = 'no-outcomes' | 'none' | 'started' | 'progressing' | 'nearly' | 'complete';

export interface BandInfo {
  band: Band;
  label: string;
  /** 0 (no colour) to 4 (darkest), for the colour scale; no-outcomes is 0 and drawn hatched, not coloured. */
  level: 0 | 1 | 2 | 3 | 4;
}

/**
 * The bands, in legend order. With coverage = evidenced ÷ total outcomes to date:
 * - none: 0 (nothing evidenced yet);
 * - started: more than 0 and under 34 %;
 * - progressing: 34 % and under 67 %;
 * - nearly: 67 % and under 100 %;
 * - complete: 100 %;
 * - no-outcomes: the domain has no outcomes up to this stage, so there is nothing to cover.
 * Thresholds are whole per cents so that one of three outcomes (33.3 %) is "started" and two of three (66.7 %)
 * "progressing": a third is a start, and nearly done means more than two thirds.
 */
export const BANDS: readonly BandInfo[] = [
  { band: 'none', label: 'Not started', level: 0 },
  { band: 'started', label: 'Started', level: 1 },
  { band: 'progressing', label: 'Progressing', level: 2 },
  { band: 'nearly', label: 'Nearly complete', level: 3 },
  { band: 'complete', label: 'Complete', level: 4 },
  { band: 'no-outcomes', label: 'No outcomes yet', level: 0 },
];

export const STARTED_BELOW_PERCENT = 34;
export const PROGRESSING_BELOW_PERCENT = 67;

function info(band: Band): BandInfo {
  const found = BANDS.find((candidate) => candidate.band === band);
  if (found === undefined) throw new Error(`Unknown band ${band}`);
  return found;
}

/**
 * The band of a cell. Compared in whole numbers (evidenced × 100 against threshold × total) so that no rounding
 * can put a cell on the wrong side of a threshold. Evidenced is capped at total.
 */
export function coverageBand(evidenced: number, total: number): BandInfo {
  if (!Number.isInteger(evidenced) || !Number.isInteger(total) || evidenced < 0 || total < 0) {
    throw new RangeError(`Coverage needs whole numbers of 0 or more (was ${String(evidenced)} of ${String(total)})`);
  }
  if (total === 0) return info('no-outcomes');
  const done = Math.min(evidenced, total);
  if (done === 0) return info('none');
  if (done === total) return info('complete');
  if (done * 100 < STARTED_BELOW_PERCENT * total) return info('started');
  if (done * 100 < PROGRESSING_BELOW_PERCENT * total) return info('progressing');
  return info('nearly');
}

export interface HeatmapCell {
  domainCode: string;
  evidenced: number;
  total: number;
  band: BandInfo;
  /** The cell as words, for the table and for a screen reader: '3 of 8 outcomes (Progressing)'. */
  text: string;
}

export interface HeatmapRow {
  learnerId: string;
  name: string;
  stageCode: string;
  /** One per column, in column order. */
  cells: HeatmapCell[];
  overall: HeatmapCell;
}

export interface HeatmapColumn {
  code: string;
  title: string;
  /** How many learners' cells are in each band, for a column summary. */
  bands: Record<Band, number>;
}

export interface Heatmap {
  columns: HeatmapColumn[];
  rows: HeatmapRow[];
}

export interface HeatmapLearner {
  learnerId: string;
  name: string;
  /** computeProgress for the learner on their own curriculum version. */
  progress: Progress;
}

function cell(domainCode: string, evidenced: number, total: number): HeatmapCell {
  const band = coverageBand(evidenced, total);
  const text =
    total === 0
      ? band.label
      : `${String(evidenced)} of ${String(total)} ${total === 1 ? 'outcome' : 'outcomes'} (${band.label})`;
  return { domainCode, evidenced, total, band, text };
}

function emptyBands(): Record<Band, number> {
  return { 'no-outcomes': 0, none: 0, started: 0, progressing: 0, nearly: 0, complete: 0 };
}

/**
 * The grid for a cohort. Columns are the domains of `columns` (usually the programme's current version) in
 * display order; each learner's cell is their own version's coverage to date for the domain with that code, or
 * "no outcomes" when their version lacks it. Rows are sorted by name, then learner id.
 */
export function buildHeatmap(columns: CurriculumContent, learners: readonly HeatmapLearner[]): Heatmap {
  const domains = sortedDomains(columns);
  const heatmapColumns: HeatmapColumn[] = domains.map((domain) => ({
    code: domain.code,
    title: domain.title,
    bands: emptyBands(),
  }));
  const rows = [...learners]
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.learnerId, b.learnerId))
    .map((learner): HeatmapRow => {
      const byCode = new Map(learner.progress.domains.map((domain) => [domain.domain.code, domain]));
      const cells = heatmapColumns.map((column) => {
        const progress = byCode.get(column.code);
        const result = cell(column.code, progress?.toDate.evidenced ?? 0, progress?.toDate.total ?? 0);
        column.bands[result.band.band] += 1;
        return result;
      });
      const overall = learner.progress.overall.toDate;
      return {
        learnerId: learner.learnerId,
        name: learner.name,
        stageCode: learner.progress.stageCode,
        cells,
        overall: cell('overall', overall.evidenced, overall.total),
      };
    });
  return { columns: heatmapColumns, rows };
}

/**
 * The heatmap as a plain table: a header row (Learner, Stage, each domain, Overall) then one row of words per
 * learner. For the accessible table under the chart and for a CSV export.
 */
export function heatmapTable(heatmap: Heatmap): string[][] {
  return [
    ['Learner', 'Stage', ...heatmap.columns.map((column) => column.title), 'Overall'],
    ...heatmap.rows.map((row) => [row.name, row.stageCode, ...row.cells.map((item) => item.text), row.overall.text]),
  ];
}
