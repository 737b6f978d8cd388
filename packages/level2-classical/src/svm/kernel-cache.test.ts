import { Rng } from '@fpml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheBudget, KernelCache } from './kernel-cache.js';
import { type KernelSpec, kernelMatrix } from './kernels.js';
import { SvcQ, SvrQ } from './q-matrix.js';

/** Fill a row of a cache from a "true" matrix M under the current index permutation `perm`. */
function fetch(cache: KernelCache, M: (i: number, j: number) => number, perm: number[], i: number, len: number): Float32Array {
  const { data, start } = cache.get(i, len);
  for (let j = start; j < len; j++) data[j] = M(perm[i]!, perm[j]!);
  return data;
}

describe('KernelCache', () => {
  it("budget: libsvm's rule, never below two full rows", () => {
    expect(cacheBudget(200, 1000)).toBe(200 * 262144 - 4000);
    expect(cacheBudget(1e-6, 1000)).toBe(2000);
  });

  it('evicts the least recently used row, and counts hits and misses', () => {
    const l = 4;
    const cache = new KernelCache(l, 2 * l); // room for exactly two full rows
    const M = (i: number, j: number) => 10 * i + j;
    const perm = [0, 1, 2, 3];
    fetch(cache, M, perm, 0, l);
    fetch(cache, M, perm, 1, l);
    fetch(cache, M, perm, 0, l); // 0 is now the most recent
    expect(cache.hits).toBe(1);
    fetch(cache, M, perm, 2, l); // evicts 1
    expect(cache.get(0, l).start).toBe(l); // still cached: nothing to fill
    expect(cache.get(1, l).start).toBe(0); // evicted: must be refilled from 0
  });

  it('extends a cached prefix without recomputing it', () => {
    const cache = new KernelCache(6, 100);
    const a = cache.get(2, 3);
    expect(a.start).toBe(0);
    a.data.set([1, 2, 3]);
    const b = cache.get(2, 6);
    expect(b.start).toBe(3);
    expect(Array.from(b.data.subarray(0, 3))).toEqual([1, 2, 3]);
  });

  it('swapIndex keeps every cached entry equal to the permuted matrix (random op sequences)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 60 }),
        (l, budget, ops) => {
          const cache = new KernelCache(l, Math.max(budget, 2 * l));
          const M = (i: number, j: number) => 100 * i + j;
          const perm = Array.from({ length: l }, (_, k) => k);
          for (const [isSwap, a, b, len] of ops) {
            const i = a % l;
            const j = b % l;
            if (isSwap) {
              cache.swapIndex(i, j);
              [perm[i], perm[j]] = [perm[j]!, perm[i]!];
            } else {
              const n = 1 + (len % l);
              const row = fetch(cache, M, perm, i, n);
              for (let k = 0; k < n; k++) if (row[k] !== M(perm[i]!, perm[k]!)) return false;
            }
          }
          return true;
        },
      ),
    );
  });
});

describe('dual matrices', () => {
  const n = 7;
  const d = 3;
  const rng = new Rng(4);
  const X = Float64Array.from({ length: n * d }, () => rng.normal(0, 1));
  const spec: KernelSpec = { kernel: 'rbf', gamma: 0.5, coef0: 0, degree: 3 };
  const K = kernelMatrix(spec, X, n, X, n, d); // (n, n)

  it('SvcQ is y_i y_j K_ij in float32 on a row subset, and stays so through swaps', () => {
    const rows = Int32Array.of(6, 0, 3, 2);
    const y = Int8Array.of(1, -1, -1, 1);
    const Q = new SvcQ(spec, X, d, rows, y, 1e-6); // tiny cache: the 2-row floor
    const perm = [0, 1, 2, 3];
    const check = () => {
      for (let i = 0; i < 4; i++) {
        const row = Q.getQ(i, 4);
        for (let j = 0; j < 4; j++) {
          const a = perm[i]!;
          const b = perm[j]!;
          expect(row[j]).toBe(Math.fround(y[a]! * y[b]! * K[rows[a]! * n + rows[b]!]!));
        }
        expect(Q.QD[i]).toBe(K[rows[perm[i]!]! * n + rows[perm[i]!]!]);
      }
    };
    check();
    Q.swapIndex(0, 3);
    [perm[0], perm[3]] = [perm[3]!, perm[0]!];
    check();
    Q.swapIndex(1, 2);
    [perm[1], perm[2]] = [perm[2]!, perm[1]!];
    check();
  });

  it('SvrQ is the 2l × 2l signed block matrix [K −K; −K K], also after swaps', () => {
    const Q = new SvrQ(spec, X, n, d, 1);
    const sign = (a: number) => (a < n ? 1 : -1);
    const perm = Array.from({ length: 2 * n }, (_, k) => k);
    Q.swapIndex(1, 9);
    [perm[1], perm[9]] = [perm[9]!, perm[1]!];
    for (let i = 0; i < 2 * n; i++) {
      const row = Q.getQ(i, 2 * n).slice();
      for (let j = 0; j < 2 * n; j++) {
        const a = perm[i]!;
        const b = perm[j]!;
        expect(row[j]).toBe(Math.fround(sign(a) * sign(b) * K[(a % n) * n + (b % n)]!));
      }
    }
  });
});
