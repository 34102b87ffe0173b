/**
 * `npm run bench:deprivation`: importing the national deprivation files (issue 12, "the full national files,
 * streamed with progress, tens of seconds at most").
 *
 * Generates synthetic files the size of the national ones in a temporary folder: the English Indices of
 * Deprivation File 7 (33,755 LSOAs of 2021, with File 7's first columns) and ONS's postcode to LSOA lookup
 * (PCD_OA21_LSOA21_MSOA21_LAD: 2.7 million postcodes, some terminated, some in Scotland), then runs the import
 * service on them as the app's job does (read from disk, streamed through the CSV parser, staged in batches,
 * swapped in) and prints rows a second and seconds in all, for each file.
 *
 * Against the embedded database (PGlite, in memory) by default; against PostgreSQL when DATABASE_URL is set, whose
 * deprivation data it REPLACES (use a scratch database). Options:
 *   --postcodes N   rows in the postcode lookup (default 2,700,000; e.g. 300000 on a busy machine)
 *   --lsoas N       LSOAs in the indices (default 33,755)
 *   --batch N       rows a statement (default 5,000)
 *   --keep          keep the generated files (their folder is printed)
 * Figures are printed, never asserted (DESIGN.md: benchmarks are scripts that print figures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import {
  DEFAULT_BATCH_SIZE,
  importIndices,
  importPostcodeLookup,
  type ImportProgress,
} from '../src/features/projects/deprivation-service.ts';
import { decilesOfPostcodes, loadedData } from '../src/features/projects/deprivation-repository.ts';

const { values } = parseArgs({
  options: {
    postcodes: { type: 'string', default: '2700000' },
    lsoas: { type: 'string', default: '33755' },
    batch: { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
    keep: { type: 'boolean', default: false },
  },
});

function count(text: string, name: string): number {
  const value = Number(text.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number of 1 or more`);
  return value;
}

const POSTCODES = count(values.postcodes, 'postcodes');
const LSOAS = count(values.lsoas, 'lsoas');
const BATCH = count(values.batch, 'batch');

/** A small deterministic generator (mulberry32), so that every run imports the same files. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

const lsoaCode = (index: number) => `E01${String(index + 1).padStart(6, '0')}`;
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Writes lines to a file, waiting whenever the stream's buffer is full. */
async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}

function* indicesFile(): Generator<string> {
  yield (
    [
      'LSOA code (2021)',
      'LSOA name (2021)',
      'Local Authority District code (2024)',
      'Local Authority District name (2024)',
      'Index of Multiple Deprivation (IMD) Score',
      'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)',
      'Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)',
      'Income Score (rate)',
      'Income Rank (where 1 is most deprived)',
      'Income Decile (where 1 is most deprived 10% of LSOAs)',
    ].join(',') + '\n'
  );
  const random = generator(2025);
  // Ranks 1..n shuffled, so that deciles follow from ranks as in the real file.
  const ranks = Array.from({ length: LSOAS }, (_, index) => index + 1);
  for (let index = ranks.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [ranks[index], ranks[other]] = [ranks[other] ?? 0, ranks[index] ?? 0];
  }
  for (let index = 0; index < LSOAS; index += 1) {
    const rank = ranks[index] ?? 1;
    const decile = Math.min(10, Math.floor(((rank - 1) * 10) / LSOAS) + 1);
    const district = Math.floor(index / 110);
    yield `${lsoaCode(index)},"Place ${String(district)} ${String(index % 110).padStart(3, '0')}A",E0${String(6000000 + district)},"Place ${String(district)}",${(random() * 80).toFixed(3)},${String(rank)},${String(decile)},${random().toFixed(3)},${String(rank)},${String(decile)}\n`;
  }
}

/** The n-th postcode: an outward code of 1–2 letters and a digit, a sector digit, two letters; all distinct. */
function postcodeOf(n: number): { pcd7: string; pcds: string } {
  const unit = `${LETTERS[n % 20] ?? 'A'}${LETTERS[Math.floor(n / 20) % 20] ?? 'A'}`;
  const sector = Math.floor(n / 400) % 10;
  const district = Math.floor(n / 4000);
  const area = `${LETTERS[district % 20] ?? 'A'}${LETTERS[Math.floor(district / 20) % 20] ?? 'A'}`;
  const outward = `${area}${String(Math.floor(district / 400) % 100)}`;
  return { pcd7: `${outward.padEnd(4, ' ')}${String(sector)}${unit}`, pcds: `${outward} ${String(sector)}${unit}` };
}

function* lookupFile(): Generator<string> {
  yield 'pcd7,pcd8,pcds,dointr,doterm,usertype,oa21cd,lsoa21cd,msoa21cd,ladcd,lsoa21nm,msoa21nm,ladnm,ladnmw\n';
  const random = generator(2021);
  for (let n = 0; n < POSTCODES; n += 1) {
    const { pcd7, pcds } = postcodeOf(n);
    const draw = random();
    // About one postcode in five is terminated and one in fifty is in Scotland, as in the national file.
    const terminated = draw < 0.2 ? '202012' : '';
    const scottish = draw > 0.98;
    const index = Math.floor(random() * LSOAS);
    const lsoa = scottish ? 'S01012345' : lsoaCode(index);
    const district = Math.floor(index / 110);
    yield `${pcd7},${pcds.padEnd(8, ' ')},${pcds},199801,${terminated},0,E00${String(100000 + (n % 180000))},${lsoa},E02${String(100000 + Math.floor(index / 5))},E0${String(6000000 + district)},Place ${String(district)} ${String(index % 110).padStart(3, '0')}A,Place ${String(district)} ${String(index % 20)},Place ${String(district)},\n`;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function perSecond(rows: number, ms: number): string {
  return Math.round(rows / (ms / 1000)).toLocaleString('en-GB');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'breadth-deprivation-'));
  const indicesPath = path.join(folder, 'File_7_IoD2025.csv');
  const lookupPath = path.join(folder, 'PCD_OA21_LSOA21_MSOA21_LAD.csv');
  const databaseUrl = process.env.DATABASE_URL;
  console.log(
    `Generating ${LSOAS.toLocaleString('en-GB')} LSOAs and ${POSTCODES.toLocaleString('en-GB')} postcodes in ${folder}`,
  );
  let started = performance.now();
  const indicesSize = await writeLines(indicesPath, indicesFile());
  const lookupSize = await writeLines(lookupPath, lookupFile());
  console.log(
    `  written in ${seconds(performance.now() - started)} s: indices ${megabytes(indicesSize)}, lookup ${megabytes(lookupSize)}`,
  );

  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  console.log(
    `Database: ${database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite, in memory'}; ${String(BATCH)} rows a statement`,
  );
  let lastShown = 0;
  const onProgress = async (progress: ImportProgress) => {
    const now = performance.now();
    if (now - lastShown < 5000 && progress.phase === 'reading') return;
    lastShown = now;
    const share = progress.bytesTotal === 0 ? 100 : (100 * progress.bytesRead) / progress.bytesTotal;
    console.log(
      `    ${seconds(now - started).padStart(6)} s  ${progress.rows.toLocaleString('en-GB').padStart(10)} rows read (${share.toFixed(0)}%)` +
        (progress.phase === 'replacing' ? ', replacing the data loaded' : ''),
    );
  };
  const options = { actor: SYSTEM_ACTOR, now: new Date(), batchSize: BATCH, onProgress };
  try {
    console.log('Indices of Deprivation (File 7)');
    started = performance.now();
    const indices = await importIndices(
      database.db,
      { path: indicesPath, name: 'File_7_IoD2025.csv' },
      '2025',
      options,
    );
    const indicesMs = performance.now() - started;
    console.log(
      `  ${indices.rows.toLocaleString('en-GB')} LSOAs in ${seconds(indicesMs)} s: ${perSecond(LSOAS, indicesMs)} rows a second`,
    );

    console.log('Postcode lookup');
    lastShown = 0;
    started = performance.now();
    const lookup = await importPostcodeLookup(
      database.db,
      { path: lookupPath, name: 'PCD_OA21_LSOA21_MSOA21_LAD.csv' },
      options,
    );
    const lookupMs = performance.now() - started;
    console.log(
      `  ${lookup.rows.toLocaleString('en-GB')} postcodes saved, ${lookup.skipped.toLocaleString('en-GB')} passed over, ` +
        `in ${seconds(lookupMs)} s: ${perSecond(POSTCODES, lookupMs)} rows read a second`,
    );
    if (POSTCODES < 2_700_000) {
      const estimate = (lookupMs / POSTCODES) * 2_700_000;
      console.log(`  at that rate, 2,700,000 rows would take about ${seconds(estimate)} s (a straight-line estimate)`);
    }

    const loaded = await loadedData(database.db);
    const sample = Array.from({ length: 200 }, (_, index) => postcodeOf(index * 7).pcds);
    started = performance.now();
    const deciles = await decilesOfPostcodes(database.db, sample);
    const found = [...deciles.values()].filter((value) => value !== null).length;
    console.log(
      `Loaded: ${loaded.lsoas.toLocaleString('en-GB')} LSOAs, ${loaded.postcodes.toLocaleString('en-GB')} postcodes; ` +
        `deciles of 200 postcodes in one query: ${(performance.now() - started).toFixed(0)} ms (${String(found)} found)`,
    );
  } finally {
    await database.close();
    if (values.keep) console.log(`Files kept in ${folder}`);
    else fs.rmSync(folder, { recursive: true, force: true });
  }
}

await main();
