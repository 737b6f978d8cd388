/**
 * scikit-learn's random streams, reproduced so the oracle tests can replay sklearn's feature
 * draws and bootstraps draw for draw. Not used by the estimators (they draw from fpml's `Rng`):
 * this is test support, and a precise record of how sklearn 1.2 spends its randomness in trees.
 *
 * - `np.random.RandomState(seed)` is MT19937 (Matsumoto & Nishimura 1998) seeded with
 *   `init_genrand(seed)`; its legacy `randint(low, high)` draws 32-bit words, masks them to the
 *   smallest $2^b - 1 \ge$ `high - low - 1` and rejects values above it.
 * - A tree's splitter seeds `rand_r_state = RandomState(random_state).randint(0, 0x7FFFFFFF)`,
 *   then draws each feature with the xorshift `our_rand_r` as
 *   `low + (rand_r() mod 2^31) mod (high - low)`.
 * - A forest draws one `randint(2^31 - 1)` per tree from `RandomState(random_state)`; tree t's
 *   bootstrap is `RandomState(seed_t).randint(0, n, nBoot)` and its splitter is seeded from
 *   `RandomState(seed_t)` afresh.
 *
 * @see ../../../../docs/level2-classical/trees.md
 */
import type { RandomSource } from './splitter.js';

/** MT19937 with numpy's legacy seeding. */
export class MT19937 {
  private readonly key = new Uint32Array(624);
  private pos = 624;

  constructor(seed: number) {
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = key[i - 1]!;
      key[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
  }

  private generate(): void {
    const key = this.key;
    const mix = (a: number, b: number, c: number): number => {
      const y = (key[a]! & 0x80000000) | (key[b]! & 0x7fffffff);
      return (key[c]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    };
    let i = 0;
    for (; i < 624 - 397; i++) key[i] = mix(i, i + 1, i + 397);
    for (; i < 623; i++) key[i] = mix(i, i + 1, i + 397 - 624);
    key[623] = mix(623, 0, 396);
    this.pos = 0;
  }

  /** The next 32-bit output (tempered). */
  nextUint32(): number {
    if (this.pos === 624) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** The part of `np.random.RandomState` that trees use: `randint` with a range below $2^{32}$. */
export class NumpyRandomState {
  private readonly mt: MT19937;
  constructor(seed: number) {
    this.mt = new MT19937(seed);
  }

  /** `randint(low, high)`: uniform integer in [low, high), by masked rejection. */
  randint(low: number, high: number): number {
    const rng = high - low - 1;
    if (rng === 0) return low;
    let mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    for (;;) {
      const v = (this.mt.nextUint32() & mask) >>> 0;
      if (v <= rng) return low + v;
    }
  }
}

/** sklearn's `rand_int` over `our_rand_r` (xorshift32, DEFAULT_SEED = 1 when the state is 0). */
export class SklearnRandR implements RandomSource {
  private s: number;
  constructor(state: number) {
    this.s = state >>> 0;
  }

  private next(): number {
    if (this.s === 0) this.s = 1;
    let s = this.s;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.s = s;
    return s % 0x80000000;
  }

  randInt(low: number, high: number): number {
    return low + (this.next() % (high - low));
  }
}

/** The feature-draw stream of a sklearn tree fitted with `random_state = seed`. */
export function sklearnTreeSource(seed: number): SklearnRandR {
  return new SklearnRandR(new NumpyRandomState(seed).randint(0, 0x7fffffff));
}

/** The `random_state` sklearn gives each of the `nEstimators` trees of a forest seeded with `seed`. */
export function sklearnForestSeeds(seed: number, nEstimators: number): number[] {
  const rs = new NumpyRandomState(seed);
  return Array.from({ length: nEstimators }, () => rs.randint(0, 2147483647));
}

/** Bootstrap counts of a sklearn forest tree: `bincount(RandomState(seed).randint(0, n, nBoot), minlength=n)`. */
export function sklearnBootstrapCounts(seed: number, n: number, nBoot: number): Float64Array {
  const rs = new NumpyRandomState(seed);
  const counts = new Float64Array(n);
  for (let k = 0; k < nBoot; k++) counts[rs.randint(0, n)]!++;
  return counts;
}
