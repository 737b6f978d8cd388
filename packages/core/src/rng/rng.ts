/**
 * The seeded random number generator of fpml: xoshiro256** (Blackman & Vigna, 2018) seeded
 * through splitmix64, with the distributions every level package samples from.
 *
 * The 256-bit state lives in a `Uint32Array(8)` as (hi, lo) 32-bit halves of four uint64 words,
 * so a step costs a few 32-bit shifts, xors and two small multiplies, with no BigInt.
 * BigInt is used only to seed (splitmix64) and in {@link Rng.nextUint64}.
 *
 * References: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021 (https://prng.di.unimi.it/); G. Steele, D. Lea, C. Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014 (splitmix64).
 *
 * @see ../../../../docs/core/rng.md
 */
import { InvalidInputError, InvalidParamError, describeValue } from '../errors.js';
import { logGammaVariate, gammaVariate } from './gamma.js';
import { categoricalIndex, choiceIndices, permuteInPlace, checkWeights } from './sampling.js';

/** Serialised state of an {@link Rng}: enough to resume the stream bit for bit. */
export interface RngState {
  algorithm: 'xoshiro256**';
  version: 1;
  /** The four uint64 state words s0..s3 as 16-digit lowercase hex strings. */
  state: [string, string, string, string];
  /** The second normal of the last polar pair, not yet returned (standard scale), or null. */
  cachedNormal: number | null;
}

/** Options of {@link Rng.choice}. */
export interface ChoiceOptions {
  /** Sample with replacement. @default true (as numpy's `Generator.choice`) */
  replace?: boolean;
  /** Weights of the n items, not necessarily normalised. @default uniform */
  p?: ArrayLike<number>;
}

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const TWO_NEG53 = 1 / TWO53;
const MASK64 = (1n << 64n) - 1n;
/** xoshiro256** jump polynomial (2^128 steps), as (hi, lo) 32-bit halves of 4 words. */
const JUMP = new Uint32Array([
  0x180ec6d3, 0x3cfd0aba, 0xd5a61266, 0xf0c9392c, 0xa9582618, 0xe03fc9aa, 0x39abdc45, 0x29b1661c,
]);

function splitmix64Seed(seed: bigint, out: Uint32Array): void {
  let x = seed;
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    z ^= z >> 31n;
    out[2 * k] = Number(z >> 32n);
    out[2 * k + 1] = Number(z & 0xffffffffn);
  }
}

function hex32(x: number): string {
  return x.toString(16).padStart(8, '0');
}

/**
 * Seeded pseudo-random generator: xoshiro256**, period $2^{256}-1$, 64-bit output
 * $$\mathrm{out} = \operatorname{rotl}(5 s_1, 7)\cdot 9 \pmod{2^{64}},$$
 * equidistributed in 4 dimensions. The state is seeded by running splitmix64 from the integer
 * seed and taking its first four outputs (never all zero, since splitmix64 is a bijection of
 * distinct counters). The same seed gives the same stream, bit for bit, on every platform.
 *
 * @example
 * const rng = new Rng(0);
 * rng.next();           // uniform in [0, 1)
 * rng.normal(0, 2);     // N(0, 4)
 * const child = rng.fork(); // independent stream 2^128 steps away
 * @see ../../../../docs/core/rng.md
 */
export class Rng {
  /** s0..s3 as (hi, lo) pairs. */
  private readonly s = new Uint32Array(8);
  private outHi = 0;
  private outLo = 0;
  private hasSpare = false;
  private spare = 0;

  /**
   * @param seed non-negative integer: a safe-integer number or a bigint below $2^{64}$.
   * @throws InvalidParamError for anything else.
   */
  constructor(seed: number | bigint) {
    let big: bigint;
    if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) big = BigInt(seed);
    else if (typeof seed === 'bigint' && seed >= 0n && seed <= MASK64) big = seed;
    else throw new InvalidParamError('Rng', 'seed', seed, 'a non-negative integer (a number ≤ 2^53−1 or a bigint < 2^64)');
    splitmix64Seed(big, this.s);
  }

  /** One xoshiro256** step: the 64-bit output goes to (outHi, outLo). */
  private step(): void {
    const s = this.s;
    const s0h = s[0]!, s0l = s[1]!, s1h = s[2]!, s1l = s[3]!;
    const s2h = s[4]!, s2l = s[5]!, s3h = s[6]!, s3l = s[7]!;
    // result = rotl(s1 * 5, 7) * 9  (mod 2^64)
    const p5 = s1l * 5; // exact: < 2^35
    const m5l = p5 >>> 0;
    const m5h = (Math.imul(s1h, 5) + Math.floor(p5 / TWO32)) >>> 0;
    const rh = ((m5h << 7) | (m5l >>> 25)) >>> 0;
    const rl = ((m5l << 7) | (m5h >>> 25)) >>> 0;
    const p9 = rl * 9; // exact: < 2^36
    this.outLo = p9 >>> 0;
    this.outHi = (Math.imul(rh, 9) + Math.floor(p9 / TWO32)) >>> 0;
    // t = s1 << 17
    const th = (s1h << 17) | (s1l >>> 15);
    const tl = s1l << 17;
    const n2h = s2h ^ s0h, n2l = s2l ^ s0l; // s2 ^= s0
    const n3h = s3h ^ s1h, n3l = s3l ^ s1l; // s3 ^= s1
    const n1h = s1h ^ n2h, n1l = s1l ^ n2l; // s1 ^= s2
    s[0] = s0h ^ n3h; // s0 ^= s3
    s[1] = s0l ^ n3l;
    s[2] = n1h;
    s[3] = n1l;
    s[4] = n2h ^ th; // s2 ^= t
    s[5] = n2l ^ tl;
    s[6] = (n3l << 13) | (n3h >>> 19); // s3 = rotl(s3, 45)
    s[7] = (n3h << 13) | (n3l >>> 19);
  }

  /**
   * Uniform double in $[0, 1)$ from the top 53 bits: $\lfloor \mathrm{out} / 2^{11}\rfloor \cdot 2^{-53}$.
   * Every multiple of $2^{-53}$ in $[0,1)$ is equally likely.
   */
  next(): number {
    this.step();
    return (this.outHi * 2097152 + (this.outLo >>> 11)) * TWO_NEG53;
  }

  /** Uniform integer in $[0, 2^{32})$: the upper 32 bits of one output. */
  nextUint32(): number {
    this.step();
    return this.outHi;
  }

  /** The raw 64-bit output as a bigint (slow; for tests and interop). */
  nextUint64(): bigint {
    this.step();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /**
   * Uniform integer in $[0, n)$, unbiased: draws below the largest multiple of $n$ that fits
   * in 32 (or 53) bits are accepted, the rest rejected (expected < 2 draws).
   * @param n positive integer ≤ $2^{53}$.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO53) {
      throw new InvalidParamError('Rng.int', 'n', n, 'a positive integer ≤ 2^53');
    }
    if (n <= TWO32) {
      const limit = TWO32 - (TWO32 % n);
      for (;;) {
        this.step();
        if (this.outHi < limit) return this.outHi % n;
      }
    }
    const limit = TWO53 - (TWO53 % n);
    for (;;) {
      this.step();
      const r = this.outHi * 2097152 + (this.outLo >>> 11);
      if (r < limit) return r % n;
    }
  }

  /** Uniform double in $[\mathrm{low}, \mathrm{high})$: $\mathrm{low} + (\mathrm{high}-\mathrm{low})\,U$. */
  uniform(low = 0, high = 1): number {
    if (!Number.isFinite(low)) throw new InvalidParamError('Rng.uniform', 'low', low, 'a finite number');
    if (!Number.isFinite(high) || high < low || !Number.isFinite(high - low)) {
      throw new InvalidParamError('Rng.uniform', 'high', high, `a finite number ≥ low (${low}) with finite high − low`);
    }
    return low + (high - low) * this.next();
  }

  /**
   * Normal $\mathcal N(\mathrm{mean}, \mathrm{std}^2)$ by Marsaglia's polar method: draw
   * $(u,v)$ uniform in the unit disc, $s=u^2+v^2$, then $u\sqrt{-2\ln s/s}$ and
   * $v\sqrt{-2\ln s/s}$ are independent standard normals; the second is cached for the next
   * call (and serialised by {@link Rng.toJSON}).
   */
  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean)) throw new InvalidParamError('Rng.normal', 'mean', mean, 'a finite number');
    if (!Number.isFinite(std) || std < 0) throw new InvalidParamError('Rng.normal', 'std', std, 'a finite number ≥ 0');
    return mean + std * this.standardNormal();
  }

  /** Standard normal without argument checks (used by the gamma sampler). */
  standardNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /**
   * Gamma$(k, \theta)$ with density $x^{k-1}e^{-x/\theta}/(\Gamma(k)\theta^k)$, by
   * Marsaglia & Tsang (2000); for $k<1$ a Gamma$(k+1)$ draw is boosted by $U^{1/k}$.
   * @param shape $k > 0$. @param scale $\theta > 0$, default 1.
   */
  gamma(shape: number, scale = 1): number {
    if (!Number.isFinite(shape) || shape <= 0) throw new InvalidParamError('Rng.gamma', 'shape', shape, 'a finite number > 0');
    if (!Number.isFinite(scale) || scale <= 0) throw new InvalidParamError('Rng.gamma', 'scale', scale, 'a finite number > 0');
    return scale * gammaVariate(this, shape);
  }

  /**
   * Beta$(a, b)$ as $X/(X+Y)$ with $X\sim$ Gamma$(a)$, $Y\sim$ Gamma$(b)$, formed in log space
   * so that tiny shapes (where both gammas underflow to 0) still give a valid draw.
   */
  beta(a: number, b: number): number {
    if (!Number.isFinite(a) || a <= 0) throw new InvalidParamError('Rng.beta', 'a', a, 'a finite number > 0');
    if (!Number.isFinite(b) || b <= 0) throw new InvalidParamError('Rng.beta', 'b', b, 'a finite number > 0');
    const lx = logGammaVariate(this, a);
    const ly = logGammaVariate(this, b);
    const m = Math.max(lx, ly);
    const ex = Math.exp(lx - m);
    return ex / (ex + Math.exp(ly - m));
  }

  /**
   * Dirichlet$(\alpha)$: $x_i = G_i / \sum_j G_j$ with $G_i \sim$ Gamma$(\alpha_i)$ (normalised
   * in log space, like {@link Rng.beta}). Returns a point of the simplex, length $K$.
   */
  dirichlet(alpha: ArrayLike<number>): Float64Array {
    if (alpha === null || typeof alpha !== 'object' || !Number.isInteger(alpha.length) || alpha.length < 1) {
      throw new InvalidInputError(`Rng.dirichlet: alpha must be a non-empty array of numbers, got ${describeValue(alpha)}`);
    }
    const k = alpha.length;
    for (let i = 0; i < k; i++) {
      const a = alpha[i];
      if (typeof a !== 'number' || !Number.isFinite(a) || a <= 0) {
        throw new InvalidParamError('Rng.dirichlet', `alpha[${i}]`, a, 'a finite number > 0');
      }
    }
    const out = new Float64Array(k); // (K,)
    let m = -Infinity;
    for (let i = 0; i < k; i++) {
      out[i] = logGammaVariate(this, alpha[i]!);
      if (out[i]! > m) m = out[i]!;
    }
    let total = 0;
    for (let i = 0; i < k; i++) total += out[i] = Math.exp(out[i]! - m);
    for (let i = 0; i < k; i++) out[i] = out[i]! / total;
    return out;
  }

  /**
   * Index $i$ with probability $p_i / \sum_j p_j$ (one uniform, linear scan of the running sum).
   * @throws InvalidInputError if p is empty or has a negative, NaN or infinite entry, or sums to 0.
   */
  categorical(p: ArrayLike<number>): number {
    const total = checkWeights(p, 'Rng.categorical', 'p');
    return categoricalIndex(this, p, total);
  }

  /** `true` with probability p. */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new InvalidParamError('Rng.bernoulli', 'p', p, 'a probability in [0, 1]');
    return this.next() < p;
  }

  /** A uniformly random permutation of $0..n-1$ (Fisher–Yates), $O(n)$. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new InvalidParamError('Rng.permutation', 'n', n, 'a non-negative integer < 2^31');
    }
    const out = new Int32Array(n); // (n,)
    for (let i = 0; i < n; i++) out[i] = i;
    return permuteInPlace(this, out);
  }

  /** Shuffle `a` in place (Fisher–Yates) and return it. */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    if (a === null || typeof a !== 'object' || !Number.isSafeInteger(a.length) || a.length < 0) {
      throw new InvalidInputError(`Rng.shuffle: a must be an array or typed array, got ${describeValue(a)}`);
    }
    return permuteInPlace(this, a);
  }

  /**
   * `size` indices from $0..n-1$: with replacement (uniform or weighted by `p`), or without
   * (partial Fisher–Yates; with `p`, successive weighted draws renormalised over the rest,
   * as numpy does).
   */
  choice(n: number, size: number, options: ChoiceOptions = {}): Int32Array {
    return choiceIndices(this, n, size, options);
  }

  /**
   * Advance the state by $2^{128}$ steps in $O(256)$ steps (xoshiro256**'s jump polynomial).
   * Returns this. Used by {@link Rng.fork}.
   */
  jump(): this {
    const s = this.s;
    const acc = new Uint32Array(8);
    for (let w = 0; w < 4; w++) {
      for (let half = 0; half < 2; half++) {
        const word = JUMP[2 * w + 1 - half]!; // low half first: bits 0..31, then 32..63
        for (let b = 0; b < 32; b++) {
          if ((word >>> b) & 1) for (let i = 0; i < 8; i++) acc[i] = acc[i]! ^ s[i]!;
          this.step();
        }
      }
    }
    s.set(acc);
    return this;
  }

  /**
   * An independent sub-stream. The child takes the current state; this generator then jumps
   * $2^{128}$ steps ahead. So the child owns the next $2^{128}$ outputs and the parent (and
   * every later fork) starts beyond them: streams never overlap unless one of them draws
   * $2^{128}$ numbers. The child starts with no cached normal.
   */
  fork(): Rng {
    const child = new Rng(0);
    child.s.set(this.s);
    this.jump();
    return child;
  }

  /** Serialisable state; {@link Rng.fromJSON} resumes the stream exactly (cached normal included). */
  toJSON(): RngState {
    const s = this.s;
    const word = (k: number) => hex32(s[2 * k]!) + hex32(s[2 * k + 1]!);
    return {
      algorithm: 'xoshiro256**',
      version: 1,
      state: [word(0), word(1), word(2), word(3)],
      cachedNormal: this.hasSpare ? this.spare : null,
    };
  }

  /**
   * Inverse of {@link Rng.toJSON}.
   * @throws InvalidInputError for a malformed or all-zero state.
   */
  static fromJSON(state: RngState): Rng {
    const bad = (why: string) => new InvalidInputError(`Rng.fromJSON: ${why}`);
    if (state === null || typeof state !== 'object') throw bad(`state must be an object, got ${describeValue(state)}`);
    if (state.algorithm !== 'xoshiro256**') throw bad(`algorithm must be 'xoshiro256**', got ${describeValue(state.algorithm)}`);
    if (state.version !== 1) throw bad(`version must be 1, got ${describeValue(state.version)}`);
    const words = state.state;
    if (!Array.isArray(words) || words.length !== 4) throw bad(`state.state must be 4 hex strings, got ${describeValue(words)}`);
    const s = new Uint32Array(8);
    for (let k = 0; k < 4; k++) {
      const w = words[k];
      if (typeof w !== 'string' || !/^[0-9a-fA-F]{16}$/.test(w)) throw bad(`state.state[${k}] must be 16 hex digits, got ${describeValue(w)}`);
      s[2 * k] = parseInt(w.slice(0, 8), 16);
      s[2 * k + 1] = parseInt(w.slice(8), 16);
    }
    if (s.every((v) => v === 0)) throw bad('the all-zero state is not a valid xoshiro256** state');
    const c = state.cachedNormal;
    if (c !== null && !(typeof c === 'number' && Number.isFinite(c))) {
      throw bad(`cachedNormal must be null or a finite number, got ${describeValue(c)}`);
    }
    const rng = new Rng(0);
    rng.s.set(s);
    rng.hasSpare = c !== null;
    rng.spare = c ?? 0;
    return rng;
  }
}
