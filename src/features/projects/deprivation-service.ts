/**
 * Importing the national deprivation files: the English Indices of Deprivation by LSOA and the postcode-to-LSOA
 * lookup. A file is read from disk as a stream through the CSV parser, row by row, into a staging table in batches,
 * and replaces the data loaded only when every row was read without a problem (deprivation-repository.ts).
 */
import fs from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { RuleError } from '../../platform/errors.ts';
import {
  imdColumns,
  lsoaVintageProblem,
  normalisePostcode,
  postcodeColumns,
  readImdRow,
  readPostcodeRow,
  type ImdRow,
  type LsoaVintage,
  type RowResult,
} from './domain/deprivation.ts';
import {
  createStaging,
  dropStaging,
  loadedImdVintage,
  stagedDuplicates,
  stageImdRows,
  stagePostcodeRows,
  swapInStaging,
  type DeprivationDataset,
} from './deprivation-repository.ts';

/** The editions of the indices, each on the LSOAs of its census. */
export const IMD_EDITIONS = {
  '2025': { label: 'English Indices of Deprivation 2025', lsoaVintage: 2021 },
  '2019': { label: 'English Indices of Deprivation 2019', lsoaVintage: 2011 },
} as const satisfies Record<string, { label: string; lsoaVintage: LsoaVintage }>;
export type ImdEdition = keyof typeof IMD_EDITIONS;

export function isImdEdition(value: unknown): value is ImdEdition {
  return typeof value === 'string' && Object.hasOwn(IMD_EDITIONS, value);
}

/** The largest file accepted: the postcode lookup is several hundred megabytes. */
export const DEPRIVATION_MAX_BYTES = 1024 * 1024 * 1024;
/** Rows written to the database in one statement. */
export const DEFAULT_BATCH_SIZE = 5000;
/** How many problems a failed import lists. */
export const PROBLEMS_SHOWN = 20;

/** A file saved to disk, to be imported. */
export interface ImportFile {
  path: string;
  /** The name it had on the uploader's computer. */
  name: string;
}

/** How far an import has got: rows read so far, and bytes of the file read of its size. */
export interface ImportProgress {
  /** Reading the file, or, once it is all read, putting it in place of the data loaded. */
  phase: 'reading' | 'replacing';
  rows: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportOptions {
  actor: Actor;
  now: Date;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => Promise<void>;
}

export interface ImportResult {
  /** Rows saved. */
  rows: number;
  /** Rows passed over: blank, terminated postcodes, postcodes outside England and Wales. */
  skipped: number;
}

/** One problem with a file, with the row it is on (the header is row 1) when there is one. */
export interface ImportProblem {
  row: number | null;
  message: string;
}

/**
 * An import that stopped because of problems in the file; nothing was replaced. The message lists them one a line
 * (the first line says what happened), since a job keeps one message: the import's page shows them as a list.
 */
export class ImportProblems extends RuleError {
  override name = 'ImportProblems';
  constructor(
    readonly problems: readonly ImportProblem[],
    readonly total: number,
  ) {
    super(
      [
        problemsSummary(total, problems.length),
        ...problems.map((problem) =>
          problem.row === null ? problem.message : `Row ${problem.row.toLocaleString('en-GB')}: ${problem.message}`,
        ),
      ].join('\n'),
    );
  }
}

function problemsSummary(total: number, shown: number): string {
  const start = 'Nothing was replaced: the data loaded before stays as it was.';
  if (total === 1) return `The file has a problem. ${start}`;
  const listed = shown < total ? ` The first ${String(shown)} are listed.` : '';
  return `The file has ${total.toLocaleString('en-GB')} problems. ${start}${listed}`;
}

/** Splits an import's failure message back into what happened and the problems it lists. */
export function readFailure(message: string): { summary: string; problems: string[] } {
  const [summary = '', ...problems] = message.split('\n');
  return { summary, problems };
}

/** Keeps the first problems of a file and counts them all. */
class ProblemList {
  readonly kept: ImportProblem[] = [];
  total = 0;
  add(row: number | null, message: string): void {
    this.total += 1;
    if (this.kept.length < PROBLEMS_SHOWN) this.kept.push({ row, message });
  }
  throwIfAny(): void {
    if (this.total > 0) throw new ImportProblems(this.kept, this.total);
  }
}

/** What a file's reader gives the import loop: the columns found from the header, or the header's problem. */
type RowReader<T> = { ok: true; read: (row: string[]) => RowResult<T> } | { ok: false; problem: string };

/**
 * Reads a CSV file row by row, hands each data row to the reader made from the header and the good rows, a batch
 * at a time, to `save` (which it stops calling at the first problem, reading on only to count the problems).
 */
async function readFile<T>(
  file: ImportFile,
  options: ImportOptions,
  readerFor: (header: string[]) => RowReader<T> | Promise<RowReader<T>>,
  save: (batch: T[]) => Promise<void>,
): Promise<ImportResult> {
  const bytesTotal = (await fs.promises.stat(file.path)).size;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const problems = new ProblemList();
  const input = fs.createReadStream(file.path, { highWaterMark: 1024 * 1024 });
  const parser = parse({ bom: true, relax_column_count: true, skip_records_with_error: false });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let row = 0;
  let reader: ((cells: string[]) => RowResult<T>) | undefined;
  let batch: T[] = [];
  let writing: Promise<void> = Promise.resolve();
  let saved = 0;
  let skipped = 0;
  const report = async (phase: ImportProgress['phase']) =>
    options.onProgress?.({ phase, rows: Math.max(0, row - 1), bytesRead: parser.info.bytes, bytesTotal });
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row += 1;
      if (reader === undefined) {
        const found = await readerFor(cells);
        if (!found.ok) {
          problems.add(1, found.problem);
          break;
        }
        reader = found.read;
        continue;
      }
      const result = reader(cells);
      if (result.kind === 'row') {
        if (problems.total > 0) continue;
        batch.push(result.value);
        if (batch.length >= batchSize) {
          // One batch is written while the next is read: PostgreSQL works on it meanwhile in its own process.
          await writing;
          writing = save(batch);
          writing.catch(() => undefined);
          saved += batch.length;
          batch = [];
          await report('reading');
        }
      } else if (result.kind === 'skip') {
        skipped += 1;
      } else {
        problems.add(row, result.message);
      }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    problems.add(
      typeof error.lines === 'number' ? error.lines : null,
      `This is not a well-formed CSV file here (${error.message.replace(/^Invalid /, 'invalid ')}). Save the file as CSV again and try again`,
    );
  } finally {
    input.destroy();
    // Settled before the import goes on (or fails, and its staging table is dropped); a failed write throws here.
    await writing;
  }
  if (row === 0) problems.add(null, 'The file is empty. Choose the CSV file with its header row');
  problems.throwIfAny();
  if (batch.length > 0) {
    await save(batch);
    saved += batch.length;
  }
  if (saved === 0) {
    throw new ImportProblems([{ row: null, message: 'The file has no rows of data under its header' }], 1);
  }
  await report('replacing');
  return { rows: saved, skipped };
}

/** Runs an import into the dataset's staging table, dropping the table when the import fails. */
async function staged<T>(db: Db, dataset: DeprivationDataset, run: () => Promise<T>): Promise<T> {
  await createStaging(db, dataset);
  try {
    return await run();
  } catch (error) {
    await dropStaging(db, dataset);
    throw error;
  }
}

async function refuseDuplicates(db: Db, dataset: DeprivationDataset, describe: (key: string) => string) {
  const duplicates = await stagedDuplicates(db, dataset, PROBLEMS_SHOWN);
  if (duplicates.length > 0) {
    throw new ImportProblems(
      duplicates.map((key) => ({ row: null, message: `${describe(key)} is in the file more than once` })),
      duplicates.length,
    );
  }
}

/**
 * Imports the English Indices of Deprivation (File 7, or File 1) as CSV, replacing the indices loaded. Throws
 * ImportProblems, having replaced nothing, when the file has problems.
 */
export async function importIndices(
  db: Db,
  file: ImportFile,
  edition: ImdEdition,
  options: ImportOptions,
): Promise<ImportResult> {
  const { label, lsoaVintage } = IMD_EDITIONS[edition];
  return staged(db, 'imd', async () => {
    const result = await readFile<ImdRow>(
      file,
      options,
      (header) => {
        const found = imdColumns(header);
        if (!found.ok) return found;
        const fileVintage = found.columns.lsoaVintage;
        if (fileVintage !== null && fileVintage !== lsoaVintage) {
          return {
            ok: false,
            problem:
              `The file's LSOA codes are of ${String(fileVintage)}, but the ${label} uses LSOAs of ` +
              `${String(lsoaVintage)}. Choose the edition the file is from`,
          };
        }
        const columns = found.columns;
        return { ok: true, read: (cells) => readImdRow(cells, columns) };
      },
      (batch) => stageImdRows(db, batch, label, options.now),
    );
    await refuseDuplicates(db, 'imd', (lsoa) => `The LSOA ${lsoa}`);
    await swapInStaging(db, 'imd', {
      actor: options.actor,
      now: options.now,
      summary: `Imported the ${label}: ${result.rows.toLocaleString('en-GB')} LSOAs from ${file.name}`,
      after: { edition: label, lsoaVintage, rows: result.rows, skipped: result.skipped, fileName: file.name },
    });
    return result;
  });
}

/**
 * Imports a postcode-to-LSOA lookup as CSV, replacing the lookup loaded. Where the file has the LSOAs of both
 * censuses, it takes those of the indices loaded; a lookup on the other census's LSOAs is refused, since it would
 * give postcodes the wrong decile. Throws ImportProblems, having replaced nothing, when the file has problems.
 */
export async function importPostcodeLookup(db: Db, file: ImportFile, options: ImportOptions): Promise<ImportResult> {
  const indicesVintage = await loadedImdVintage(db);
  return staged(db, 'postcodes', async () => {
    let fileVintage: LsoaVintage | null = null;
    const result = await readFile(
      file,
      options,
      (header) => {
        const found = postcodeColumns(header, indicesVintage === null ? {} : { lsoaVintage: indicesVintage });
        if (!found.ok) return found;
        fileVintage = found.columns.lsoaVintage;
        const mismatch = lsoaVintageProblem(indicesVintage, fileVintage);
        if (mismatch !== null) return { ok: false, problem: mismatch };
        const columns = found.columns;
        return { ok: true, read: (cells) => readPostcodeRow(cells, columns) };
      },
      (batch) => stagePostcodeRows(db, batch),
    );
    await refuseDuplicates(db, 'postcodes', (key) => `The postcode ${normalisePostcode(key) ?? key}`);
    await swapInStaging(db, 'postcodes', {
      actor: options.actor,
      now: options.now,
      summary:
        `Imported the postcode lookup: ${result.rows.toLocaleString('en-GB')} postcodes from ${file.name}` +
        (result.skipped > 0 ? ` (${result.skipped.toLocaleString('en-GB')} passed over)` : ''),
      after: { lsoaVintage: fileVintage, rows: result.rows, skipped: result.skipped, fileName: file.name },
    });
    return result;
  });
}
