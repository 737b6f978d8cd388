/**
 * The multivariate normal distribution $\mathcal N(\mu, \Sigma)$, through the Cholesky factor of
 * $\Sigma$.
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError, asMatrix, type MatrixLike, type VectorLike } from '@fpml/core';
import { NotPositiveDefiniteError, cholesky } from '../linalg/index.js';
import { checkParam, checkSampleArgs } from './distribution.js';

const LN_2PI = 1.8378770664093453; // ln 2π

/**
 * $\mathcal N(\mu, \Sigma)$ on $\mathbb R^d$. With $\Sigma = LL^\top$ (Cholesky) and $z = L^{-1}(x-\mu)$:
 * $$\ln p(x) = -\tfrac12\lVert z\rVert^2 - \textstyle\sum_i \ln L_{ii} - \tfrac d2\ln 2\pi,$$
 * entropy $\tfrac d2(1 + \ln 2\pi) + \sum_i\ln L_{ii}$; samples $x = \mu + Lz$, $z \sim \mathcal N(0, I)$.
 * No CDF (it has no closed form). $O(d^3)$ once, then $O(d^2)$ per point.
 * @see ../../../../docs/level1-math/probability.md
 */
export class MultivariateNormal {
  readonly name = 'MultivariateNormal';
  readonly #mean: Float64Array; // (d,)
  readonly #cov: Matrix; // (d, d)
  readonly #L: Matrix; // (d, d) lower Cholesky factor
  readonly #logDetHalf: number; // Σ ln L_ii = ½ ln det Σ

  /**
   * @param mean (d,) finite.
   * @param cov (d, d) symmetric positive definite.
   * @throws InvalidParamError for a non-finite mean entry or a covariance that is not symmetric positive definite; ShapeError for mismatched sizes.
   */
  constructor(mean: VectorLike, cov: MatrixLike) {
    if (mean === null || typeof mean !== 'object' || typeof mean.length !== 'number' || mean.length < 1) {
      throw new InvalidParamError('MultivariateNormal', 'mean', mean, 'a non-empty array of numbers');
    }
    const d = mean.length;
    this.#mean = new Float64Array(d);
    for (let i = 0; i < d; i++) this.#mean[i] = checkParam('MultivariateNormal', `mean[${i}]`, mean[i], () => true, 'finite');
    const C = asMatrix(cov, 'cov', { copy: true });
    if (C.rows !== d || C.cols !== d) throw new ShapeError(`MultivariateNormal: cov must be (${d}, ${d}) to match mean, got (${C.rows}, ${C.cols})`);
    try {
      this.#L = cholesky(C);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError || e instanceof InvalidInputError) {
        throw new InvalidParamError('MultivariateNormal', 'cov', cov, `symmetric positive definite (${e.message})`);
      }
      throw e;
    }
    this.#cov = C;
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.log(this.#L.data[i * d + i]!);
    this.#logDetHalf = s;
  }

  /** $d$, the dimension. */
  get dim(): number {
    return this.#mean.length;
  }

  /** $\mu$, (d,) (a copy). */
  get mean(): Float64Array {
    return this.#mean.slice();
  }

  /** $\Sigma$, (d, d) (a copy). */
  get covariance(): Matrix {
    return this.#cov.clone();
  }

  /** Marginal variances $\Sigma_{ii}$, (d,). */
  get variance(): Float64Array {
    const d = this.dim;
    const out = new Float64Array(d);
    for (let i = 0; i < d; i++) out[i] = this.#cov.data[i * d + i]!;
    return out;
  }

  /** The lower Cholesky factor $L$ of $\Sigma$, (d, d) (a copy). */
  get choleskyFactor(): Matrix {
    return this.#L.clone();
  }

  /** Differential entropy in nats. */
  get entropy(): number {
    return 0.5 * this.dim * (1 + LN_2PI) + this.#logDetHalf;
  }

  /**
   * Log-density at one point (d,) → number, or at each row of (n, d) → (n,); a point with an
   * infinite coordinate has log-density $-\infty$. $O(nd^2)$ (one forward substitution each).
   * @throws ShapeError if a point does not have d entries; InvalidInputError for NaN.
   */
  logPdf(x: VectorLike): number;
  logPdf(X: MatrixLike): Float64Array;
  logPdf(x: VectorLike | MatrixLike): number | Float64Array {
    const single = ArrayBuffer.isView(x) || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'));
    const P = single ? asMatrix([Array.from(x as ArrayLike<number>)], 'x', { finite: false }) : asMatrix(x, 'X', { finite: false }); // (n, d)
    const d = this.dim;
    if (P.cols !== d) throw new ShapeError(`MultivariateNormal.logPdf: a point must have ${d} entries, got ${P.cols}`);
    const L = this.#L.data;
    const z = new Float64Array(d); // (d,)
    const out = new Float64Array(P.rows); // (n,)
    for (let r = 0; r < P.rows; r++) {
      let infinite = false;
      for (let i = 0; i < d; i++) {
        const v = P.data[r * d + i]!;
        if (Number.isNaN(v)) throw new InvalidInputError(`MultivariateNormal.logPdf: x contains NaN at (${r}, ${i})`);
        if (!Number.isFinite(v)) infinite = true;
      }
      if (infinite) {
        out[r] = -Infinity;
        continue;
      }
      let q = 0;
      for (let i = 0; i < d; i++) {
        let t = P.data[r * d + i]! - this.#mean[i]!;
        for (let k = 0; k < i; k++) t -= L[i * d + k]! * z[k]!;
        z[i] = t / L[i * d + i]!; // forward substitution L z = x − μ
        q += z[i]! * z[i]!;
      }
      out[r] = -0.5 * q - this.#logDetHalf - 0.5 * d * LN_2PI;
    }
    return single ? out[0]! : out;
  }

  /** Density $e^{\ln p(x)}$, as {@link MultivariateNormal.logPdf}. */
  pdf(x: VectorLike): number;
  pdf(X: MatrixLike): Float64Array;
  pdf(x: VectorLike | MatrixLike): number | Float64Array {
    const lp = this.logPdf(x as MatrixLike) as number | Float64Array;
    return typeof lp === 'number' ? Math.exp(lp) : lp.map(Math.exp);
  }

  /** `n` draws $\mu + Lz$, one per row, (n, d). $O(nd^2)$. */
  sample(rng: Rng, n: number): Matrix {
    checkSampleArgs(this.name, rng, n);
    const d = this.dim;
    const L = this.#L.data;
    const out = new Matrix(n, d); // (n, d)
    const z = new Float64Array(d); // (d,)
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < d; i++) z[i] = rng.normal();
      for (let i = 0; i < d; i++) {
        let s = this.#mean[i]!;
        for (let k = 0; k <= i; k++) s += L[i * d + k]! * z[k]!;
        out.data[r * d + i] = s;
      }
    }
    return out;
  }

  /**
   * Maximum-likelihood fit: $\hat\mu = \frac1n\sum_i x_i$, $\hat\Sigma = \frac1n\sum_i (x_i-\hat\mu)(x_i-\hat\mu)^\top$
   * (the biased covariance, numpy's `cov(X.T, bias=True)`). $O(nd^2)$.
   * @param X (n, d) samples.
   * @throws InvalidInputError if $\hat\Sigma$ is singular (e.g. $n \le d$ or collinear columns).
   */
  static fit(X: MatrixLike): MultivariateNormal {
    const M = asMatrix(X, 'X'); // (n, d)
    const n = M.rows, d = M.cols;
    const mu = new Float64Array(d); // (d,)
    for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mu[i]! += M.data[r * d + i]!;
    for (let i = 0; i < d; i++) mu[i] = mu[i]! / n;
    const S = new Matrix(d, d); // (d, d)
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < d; i++) {
        const ci = M.data[r * d + i]! - mu[i]!;
        for (let j = 0; j <= i; j++) S.data[i * d + j]! += ci * (M.data[r * d + j]! - mu[j]!);
      }
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j <= i; j++) S.data[j * d + i] = S.data[i * d + j] = S.data[i * d + j]! / n;
    }
    try {
      return new MultivariateNormal(mu, S);
    } catch (e) {
      if (e instanceof InvalidParamError) throw new InvalidInputError(`MultivariateNormal.fit: the sample covariance of X (${n} × ${d}) is singular; need n > d and no collinear columns`);
      throw e;
    }
  }
}
