import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lotteryOrder, mulberry32, priorityOrder, seed32 } from './lottery.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `applicant-${i}`);
const named = (list: readonly string[], order: Int32Array) => Array.from(order, (i) => list[i]);

describe('mulberry32', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const take = (seed: number) => {
      const next = mulberry32(seed);
      return Array.from({ length: 5 }, () => next());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    for (const value of take(7)) expect(value).toSatisfy((v: number) => Number.isInteger(v) && v >= 0 && v < 2 ** 32);
  });

  it('folds seeds above 2^32 without collapsing them onto their low bits', () => {
    expect(seed32(5)).toBe(5);
    expect(seed32(5 + 2 ** 32)).not.toBe(seed32(5));
  });
});

describe('lotteryOrder', () => {
  it('gives the same order for the same seed', () => {
    expect(lotteryOrder(ids(30), 9)).toEqual(lotteryOrder(ids(30), 9));
  });

  it('gives a different order for a different seed once there are 10 or more applicants', () => {
    const list = ids(10);
    const orders = new Set(Array.from({ length: 50 }, (_, seed) => named(list, lotteryOrder(list, seed)).join()));
    expect(orders.size).toBe(50);
  });

  it('is a permutation that does not depend on the order the applicants come in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 20 }), fc.integer(), (list, seed) => {
        const shuffled = [...list].reverse();
        const order = named(list, lotteryOrder(list, seed));
        expect([...order].sort()).toEqual([...list].sort());
        expect(named(shuffled, lotteryOrder(shuffled, seed))).toEqual(order);
      }),
      { numRuns: 150 },
    );
  });
});

describe('priorityOrder', () => {
  it('puts ranked applicants first, lower rank first, then the rest in lottery order', () => {
    const list = ['a', 'b', 'c', 'd', 'e', 'f'];
    const ranks = [undefined, 3, undefined, 1, undefined, 2];
    const order = named(list, priorityOrder(list, ranks, 5));
    expect(order.slice(0, 3)).toEqual(['d', 'f', 'b']);
    const lottery = named(list, lotteryOrder(list, 5)).filter((id) => id === 'a' || id === 'c' || id === 'e');
    expect(order.slice(3)).toEqual(lottery);
  });

  it('breaks equal ranks by the lottery', () => {
    const list = ids(12);
    const order = named(
      list,
      priorityOrder(
        list,
        list.map(() => 1),
        3,
      ),
    );
    expect(order).toEqual(named(list, lotteryOrder(list, 3)));
  });
});
