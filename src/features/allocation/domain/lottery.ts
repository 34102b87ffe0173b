/**
 * The priority order of applicants: a given rank first, then a lottery from a recorded seed.
 *
 * The lottery must be reproducible from the seed alone (every run is kept with its seed and can be re-run and
 * checked by anyone) and must not depend on the order in which applicants happen to arrive. So applicants are
 * first put in order of id (UTF-16 code unit order, the same on every machine and locale), then shuffled with
 * Fisher–Yates driven by mulberry32, a small public-domain 32-bit generator (Tommy Ettinger, 2017): it passes
 * gjrand and PractRand to 2^32 outputs, which is far more than a shuffle of a few thousand applicants needs,
 * and it is a dozen lines anyone can re-implement to audit a run.
 */

/** mulberry32: a deterministic generator of 32-bit unsigned integers from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * Folds any safe integer seed into 32 bits, so that seeds above 2^32 (a timestamp, say) do not all collapse onto
 * their low bits: the high word is mixed in with the golden-ratio multiplier.
 */
export function seed32(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return (low ^ Math.imul(high, 0x9e3779b9)) >>> 0;
}

/** A uniform integer in [0, bound) from a 32-bit generator, without modulo bias (Lemire's method would do too). */
function below(next: () => number, bound: number): number {
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % bound);
  for (;;) {
    const value = next();
    if (value < limit) return value % bound;
  }
}

/**
 * The lottery order: indices 0..ids.length-1 of `ids`, in the order the seeded lottery puts them.
 * Depends only on the set of ids and the seed, never on the order of `ids`.
 */
export function lotteryOrder(ids: readonly string[], seed: number): Int32Array {
  const order = Int32Array.from(ids.keys());
  order.sort((a, b) => {
    const x = ids[a] ?? '';
    const y = ids[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const next = mulberry32(seed32(seed));
  for (let i = order.length - 1; i > 0; i--) {
    const j = below(next, i + 1);
    const swap = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = swap;
  }
  return order;
}

/**
 * The priority order: applicants with a rank first, lower rank first (equal ranks in lottery order), then everyone
 * else in lottery order. Returns applicant indices, highest priority first.
 */
export function priorityOrder(
  ids: readonly string[],
  ranks: readonly (number | undefined)[],
  seed: number,
): Int32Array {
  const lottery = lotteryOrder(ids, seed);
  const ranked: number[] = [];
  const unranked: number[] = [];
  const lotteryPosition = new Int32Array(ids.length);
  lottery.forEach((applicant, position) => {
    lotteryPosition[applicant] = position;
    if (ranks[applicant] === undefined) unranked.push(applicant);
    else ranked.push(applicant);
  });
  ranked.sort((a, b) => (ranks[a] ?? 0) - (ranks[b] ?? 0) || (lotteryPosition[a] ?? 0) - (lotteryPosition[b] ?? 0));
  const order = new Int32Array(ids.length);
  order.set(ranked, 0);
  order.set(unranked, ranked.length);
  return order;
}
