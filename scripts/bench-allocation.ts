/**
 * `npm run bench:allocation`: the allocation engine at national scale (issue 4, "Speed and scale").
 *
 * Two generated instances, each deterministic from a fixed seed:
 * - national Preference Informed Allocation: 12,000 applicants rank all 16 foundation schools; then, within the
 *   school each is given, they rank programmes of that school (8,000 programmes of 1 or 2 places, 12,000 places);
 *   a two-stage run, schools first, then programmes school by school;
 * - a match the size of the US NRMP: 50,000 applicants, 5,000 programmes with 45,000 positions, 15 preferences
 *   each, programmes ranking every applicant who applied to them (deferred acceptance).
 *
 * Inputs are generated, written as JSON and parsed back, so the engine sees what the CLI and the app would give it.
 * Engine time is the median of 5 runs after a warm-up, from parsed input objects to result (interning ids, building
 * rank tables, solving, statistics). Beside it: a single pass that reads every preference entry once (the floor),
 * and memory: the growth of V8 heap + array buffers over one run, from a collected heap, without collecting
 * during the run (so it counts everything the run allocated: an upper bound of its peak working set).
 * Figures are printed, never asserted (DESIGN.md: benchmarks are scripts that print figures).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type AllocationInput,
  type ApplicantInput,
  type Mechanism,
  type PostInput,
  MECHANISMS,
  allocate,
  mulberry32,
} from '../src/features/allocation/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const RUNS = 5;
const PIA = { applicants: 12_000, schools: 16, programmes: 8_000, programmesRanked: 40 };
const NRMP = { applicants: 50_000, programmes: 5_000, positions: 45_000, preferences: 15 };

/** A uniform float in [0, 1) from the shared generator. */
function uniform(next: () => number): number {
  return next() / 0x1_0000_0000;
}

/** Indices 0..n-1 ordered by descending score. */
function byScore(scores: Float64Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
}

/** A Gumbel draw: adding it to log-weights and sorting gives a Plackett–Luce (popularity-weighted) ranking. */
function gumbel(next: () => number): number {
  return -Math.log(-Math.log(uniform(next) * 0.999_999 + 0.000_000_5));
}

function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface PiaInstance {
  schools: AllocationInput;
  /** Each applicant's programme ranking within each school, generated on demand and cached. */
  programmeInputs: (schoolAssignments: Record<string, string | null>, mechanism: Mechanism) => AllocationInput[];
}

function generatePia(): PiaInstance {
  const next = mulberry32(2024);
  // School sizes vary about threefold, like the real foundation schools.
  const schoolWeight = Array.from({ length: PIA.schools }, (_, s) => 1 + ((s * 7) % 16) / 8);
  const totalWeight = schoolWeight.reduce((sum, w) => sum + w, 0);
  const programmeSchool: number[] = [];
  for (let s = 0; s < PIA.schools; s++) {
    const count =
      s === PIA.schools - 1
        ? PIA.programmes - programmeSchool.length
        : Math.round((PIA.programmes * (schoolWeight[s] ?? 1)) / totalWeight);
    for (let i = 0; i < count; i++) programmeSchool.push(s);
  }
  const programmeCapacity = programmeSchool.map((_, i) => 1 + (i % 2));
  const schoolCapacity = new Array<number>(PIA.schools).fill(0);
  programmeSchool.forEach((s, i) => (schoolCapacity[s] = (schoolCapacity[s] ?? 0) + (programmeCapacity[i] ?? 0)));
  // Popularity is not proportional to size: a few schools (London, say) are heavily oversubscribed.
  const popularity = Array.from({ length: PIA.schools }, (_, s) => Math.log(1 + ((s * 11) % 16)));
  const applicants: ApplicantInput[] = [];
  for (let a = 0; a < PIA.applicants; a++) {
    const scores = Float64Array.from(popularity, (log) => log + gumbel(next));
    applicants.push({ id: `A${String(a).padStart(6, '0')}`, preferences: byScore(scores).map((s) => `S${s}`) });
  }
  const posts: PostInput[] = schoolCapacity.map((capacity, s) => ({ id: `S${s}`, capacity }));
  const schools = viaJson<AllocationInput>({ mechanism: 'serial-dictatorship', seed: 1, applicants, posts });

  const programmesOf: number[][] = Array.from({ length: PIA.schools }, () => []);
  programmeSchool.forEach((s, i) => programmesOf[s]?.push(i));
  const programmePopularity = Float64Array.from(programmeSchool, () => Math.log(0.2 + uniform(next) * 4));
  const programmeInputs = (assignments: Record<string, string | null>, mechanism: Mechanism): AllocationInput[] => {
    const rankNext = mulberry32(2025);
    const members: string[][] = Array.from({ length: PIA.schools }, () => []);
    for (const [applicant, school] of Object.entries(assignments)) {
      if (school !== null) members[Number(school.slice(1))]?.push(applicant);
    }
    return members.map((ids, s) => {
      const programmes = programmesOf[s] ?? [];
      const applicantsOfSchool = ids.map((applicantId) => {
        const scores = Float64Array.from(programmes, (p) => (programmePopularity[p] ?? 0) + gumbel(rankNext));
        const ranked = byScore(scores)
          .slice(0, PIA.programmesRanked)
          .map((i) => `P${programmes[i] ?? 0}`);
        return { id: applicantId, preferences: ranked };
      });
      const programmePosts = programmes.map((p) => ({ id: `P${p}`, capacity: programmeCapacity[p] ?? 1 }));
      return viaJson<AllocationInput>({
        mechanism,
        seed: 100 + s,
        applicants: applicantsOfSchool,
        posts: programmePosts,
      });
    });
  };
  return { schools, programmeInputs };
}

function generateNrmp(): AllocationInput {
  const next = mulberry32(1952);
  // Positions: 45,000 over 5,000 programmes, 1 to 17 each (mean 9).
  const capacity = Array.from({ length: NRMP.programmes }, (_, p) => 1 + ((p * 37) % 17));
  let total = capacity.reduce((sum, c) => sum + c, 0);
  for (let p = 0; total !== NRMP.positions; p = (p + 1) % NRMP.programmes) {
    const c = capacity[p] ?? 1;
    if (total > NRMP.positions && c > 1) {
      capacity[p] = c - 1;
      total--;
    } else if (total < NRMP.positions) {
      capacity[p] = c + 1;
      total++;
    }
  }
  // Programme popularity: log-normal-ish; applicants pick 15 by weighted sampling without replacement.
  const programmeLog = Float64Array.from(capacity, () => Math.log(0.1 + uniform(next) * 3) + uniform(next));
  const cumulative = new Float64Array(NRMP.programmes);
  let sum = 0;
  programmeLog.forEach((log, p) => (cumulative[p] = sum += Math.exp(log)));
  const applicantQuality = Float64Array.from({ length: NRMP.applicants }, () => uniform(next));
  const applied: number[][] = Array.from({ length: NRMP.programmes }, () => []);
  const applicants: ApplicantInput[] = [];
  for (let a = 0; a < NRMP.applicants; a++) {
    const chosen = new Set<number>();
    while (chosen.size < NRMP.preferences) {
      const target = uniform(next) * sum;
      let low = 0;
      let high = NRMP.programmes - 1;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((cumulative[mid] ?? 0) < target) low = mid + 1;
        else high = mid;
      }
      chosen.add(low);
    }
    const preferences = [...chosen];
    for (const p of preferences) applied[p]?.push(a);
    applicants.push({ id: `N${String(a).padStart(6, '0')}`, preferences: preferences.map((p) => `R${p}`) });
  }
  const posts: PostInput[] = capacity.map((c, p) => {
    const who = applied[p] ?? [];
    const scores = Float64Array.from(who, (a) => (applicantQuality[a] ?? 0) + uniform(next) * 0.5);
    return {
      id: `R${p}`,
      capacity: c,
      preferences: byScore(scores).map((i) => `N${String(who[i] ?? 0).padStart(6, '0')}`),
    };
  });
  return viaJson<AllocationInput>({ mechanism: 'deferred-acceptance', seed: 7, applicants, posts });
}

function entries(inputs: readonly AllocationInput[]): number {
  let count = 0;
  for (const input of inputs) {
    for (const applicant of input.applicants) count += applicant.preferences.length;
    for (const post of input.posts) count += post.preferences?.length ?? 0;
  }
  return count;
}

/** The floor: one pass reading every preference entry once (its string's length, so the read is not elided). */
function readEveryEntry(inputs: readonly AllocationInput[]): number {
  let checksum = 0;
  for (const input of inputs) {
    for (const applicant of input.applicants) for (const id of applicant.preferences) checksum += id.length;
    for (const post of input.posts) for (const id of post.preferences ?? []) checksum += id.length;
  }
  return checksum;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(work: () => unknown): { ms: number; memory: number } {
  work(); // warm-up
  const times: number[] = [];
  let memory = 0;
  for (let run = 0; run < RUNS; run++) {
    gc();
    const before = process.memoryUsage();
    const start = performance.now();
    const kept = work();
    times.push(performance.now() - start);
    const after = process.memoryUsage();
    memory = Math.max(memory, after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
    if (kept === undefined) throw new Error('no result');
  }
  return { ms: median(times), memory };
}

const rows: string[][] = [];
function report(name: string, inputs: readonly AllocationInput[], work: () => unknown, note: () => string): void {
  const count = entries(inputs);
  const engine = time(work);
  const floor = time(() => readEveryEntry(inputs));
  rows.push([
    name,
    count.toLocaleString('en-GB'),
    `${engine.ms.toFixed(1)} ms`,
    `${floor.ms.toFixed(1)} ms`,
    `${(engine.memory / 1_048_576).toFixed(1)} MB`,
    `${(engine.memory / Math.max(1, count)).toFixed(0)} B`,
    note(),
  ]);
}

const generationStart = performance.now();
const pia = generatePia();
const nrmp = generateNrmp();
const piaStage2: Record<Mechanism, AllocationInput[]> = Object.fromEntries(
  MECHANISMS.map((mechanism) => {
    const schools = allocate({ ...pia.schools, mechanism });
    return [mechanism, pia.programmeInputs(schools.assignments, mechanism)];
  }),
) as Record<Mechanism, AllocationInput[]>;
console.log(`Generated the instances in ${((performance.now() - generationStart) / 1000).toFixed(1)} s.`);

for (const mechanism of MECHANISMS) {
  const schools = { ...pia.schools, mechanism };
  const programmes = piaStage2[mechanism];
  let placed = 0;
  let first = 0;
  const twoStage = () => {
    const stage1 = allocate(schools);
    placed = 0;
    first = stage1.stats.byChoice[0] ?? 0;
    for (const input of programmes) placed += allocate(input).stats.assigned;
    return stage1;
  };
  report(
    `PIA ${mechanism} (schools, then programmes)`,
    [schools, ...programmes],
    twoStage,
    () => `${first} first-choice schools; ${placed} placed in programmes`,
  );
  if (mechanism === 'serial-dictatorship') {
    report(
      '  PIA stage 1 only (16 schools)',
      [schools],
      () => allocate(schools),
      () => '',
    );
  }
}
let blocking = 0;
let assigned = 0;
report(
  'NRMP-size deferred acceptance',
  [nrmp],
  () => {
    const result = allocate(nrmp);
    blocking = result.stats.blockingPairs ?? -1;
    assigned = result.stats.assigned;
    return result;
  },
  () => `${assigned} matched, ${blocking} blocking pairs`,
);

const header = [
  'instance',
  'pref entries',
  'engine (median of 5)',
  'read-once floor',
  'memory',
  'per entry',
  'outcome',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
console.log(`Node ${process.version}, ${RUNS} timed runs after a warm-up.`);
console.log(line(header));
for (const row of rows) console.log(line(row));
