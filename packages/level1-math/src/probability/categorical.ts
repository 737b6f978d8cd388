/**
 * The categorical distribution on $\{0, \dots, K-1\}$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, InvalidParamError, Rng, asVector, type VectorLike } from '@fpml/core';
import { DiscreteDistribution, checkParam, xlogy } from './distribution.js';

/** Probabilities must sum to 1 within this. */
const SUM_TOL = 1e-9;

/**
 * Categorical$(p)$ on $\{0, \dots, K-1\}$: $P(X = k) = p_k$, $F(k) = \sum_{j\le k} p_j$;
 * mean $\sum_k k\,p_k$, variance $\sum_k k^2 p_k - \text{mean}^2$, entropy $-\sum_k p_k\ln p_k$.
 * Sampled with core's categorical sampler (one uniform, $O(K)$ scan).
 * @see ../../../../docs/level1-math/probability.md
 */
export class Categorical extends DiscreteDistribution {
  readonly name = 'Categorical';
  /** Probabilities $p_k \ge 0$ summing to 1, (K,). */
  readonly p: Float64Array;
  readonly #cum: Float64Array; // (K,) running sums

  /** @param p (K,) probabilities, each ≥ 0, summing to 1 within 1e-9. */
  constructor(p: VectorLike) {
    super();
    if (p === null || typeof p !== 'object' || typeof p.length !== 'number' || p.length < 1) {
      throw new InvalidParamError('Categorical', 'p', p, 'a non-empty array of probabilities');
    }
    this.p = new Float64Array(p.length); // (K,)
    this.#cum = new Float64Array(p.length); // (K,)
    let s = 0;
    for (let k = 0; k < p.length; k++) {
      s += this.p[k] = checkParam('Categorical', `p[${k}]`, p[k], (v) => v >= 0 && v <= 1, 'in [0, 1]');
      this.#cum[k] = s;
    }
    if (Math.abs(s - 1) > SUM_TOL) throw new InvalidParamError('Categorical', 'p', p, `probabilities summing to 1 (within ${SUM_TOL}); they sum to ${s}`);
  }

  /** $K$, the number of categories. */
  get nCategories(): number {
    return this.p.length;
  }

  get mean(): number {
    let m = 0;
    for (let k = 0; k < this.p.length; k++) m += k * this.p[k]!;
    return m;
  }

  get variance(): number {
    const m = this.mean;
    let v = 0;
    for (let k = 0; k < this.p.length; k++) v += (k - m) * (k - m) * this.p[k]!;
    return v;
  }

  /** Entropy in nats. */
  get entropy(): number {
    let h = 0;
    for (let k = 0; k < this.p.length; k++) h -= xlogy(this.p[k]!, this.p[k]!);
    return h;
  }

  protected logPmfAt(k: number): number {
    return k >= 0 && k < this.p.length ? Math.log(this.p[k]!) : -Infinity;
  }

  protected cdfAt(k: number): number {
    if (k < 0) return 0;
    return k >= this.p.length - 1 ? 1 : Math.min(1, this.#cum[k]!);
  }

  protected draw(rng: Rng): number {
    return rng.categorical(this.p);
  }

  /**
   * Maximum-likelihood fit: $\hat p_k = n_k / n$, the category frequencies. $O(n + K)$.
   * @param x (n,) category indices, integers in [0, nCategories).
   * @param nCategories $K$. @default max(x) + 1
   * @throws InvalidInputError for a value that is not an integer in [0, K).
   */
  static fit(x: VectorLike, nCategories?: number): Categorical {
    const v = asVector(x, 'x'); // (n,)
    let max = 0;
    for (let i = 0; i < v.length; i++) {
      if (!Number.isInteger(v[i]) || v[i]! < 0) throw new InvalidInputError(`Categorical.fit: x must contain non-negative integers, got ${v[i]} at index ${i}`);
      if (v[i]! > max) max = v[i]!;
    }
    const K = nCategories === undefined ? max + 1 : checkParam('Categorical.fit', 'nCategories', nCategories, (k) => Number.isSafeInteger(k) && k > max, `an integer > max(x) = ${max}`);
    const p = new Float64Array(K); // (K,)
    for (let i = 0; i < v.length; i++) p[v[i]!]! += 1;
    for (let k = 0; k < K; k++) p[k] = p[k]! / v.length;
    return new Categorical(p);
  }
}
