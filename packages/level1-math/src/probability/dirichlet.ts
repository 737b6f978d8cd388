/**
 * The Dirichlet distribution on the probability simplex, and its MLE by Minka's Newton
 * iteration (with his fixed-point step as the fallback).
 *
 * @see ../../../../docs/level1-math/probability.md
 */
import { ConvergenceWarning, InvalidInputError, InvalidParamError, Matrix, Rng, ShapeError, asMatrix, describeValue, logGamma, type MatrixLike, type VectorLike } from '@fpml/core';
import { checkParam, checkSampleArgs } from './distribution.js';
import { digamma, invDigamma, trigamma } from './special.js';

/** Options of {@link Dirichlet.fit}. */
export interface DirichletFitOptions {
  /** Stop when every $\alpha_k$ changes by less than `tol` relative. @default 1e-13 */
  tol?: number;
  /** Iterations at most. @default 1000 */
  maxIter?: number;
}

/** A point is on the simplex if its entries are ≥ 0 and sum to 1 within this (scipy's 1e-9). */
const SIMPLEX_TOL = 1e-9;

/**
 * Dirichlet$(\alpha)$ on the simplex $\{x \in [0,1]^K : \sum_k x_k = 1\}$:
 * $$\ln p(x) = \sum_k (\alpha_k - 1)\ln x_k - \ln B(\alpha),\qquad \ln B(\alpha) = \sum_k \ln\Gamma(\alpha_k) - \ln\Gamma(\alpha_0),\ \alpha_0 = \textstyle\sum_k\alpha_k,$$
 * mean $\alpha/\alpha_0$, covariance $\big(\operatorname{diag}(\bar\alpha) - \bar\alpha\bar\alpha^\top\big)/(\alpha_0+1)$ with
 * $\bar\alpha = \alpha/\alpha_0$, entropy $\ln B(\alpha) + (\alpha_0 - K)\psi(\alpha_0) - \sum_k(\alpha_k-1)\psi(\alpha_k)$.
 * A point off the simplex has log-density $-\infty$; on a face $x_k = 0$ it is $-\infty$ if some such
 * $\alpha_k > 1$, else $+\infty$ if some such $\alpha_k < 1$. No CDF. Sampled with core's normalised gammas.
 * @see ../../../../docs/level1-math/probability.md
 */
export class Dirichlet {
  readonly name = 'Dirichlet';
  /** Concentrations $\alpha_k > 0$, (K,). */
  readonly alpha: Float64Array;
  /** Filled by {@link Dirichlet.fit} when it hit `maxIter`. */
  readonly warnings: ConvergenceWarning[] = [];
  readonly #logB: number;

  /** @param alpha (K,) concentrations, each > 0, $K \ge 2$. */
  constructor(alpha: VectorLike) {
    if (alpha === null || typeof alpha !== 'object' || typeof alpha.length !== 'number' || alpha.length < 2) {
      throw new InvalidParamError('Dirichlet', 'alpha', alpha, 'an array of at least 2 concentrations');
    }
    this.alpha = new Float64Array(alpha.length); // (K,)
    let a0 = 0, lb = 0;
    for (let k = 0; k < alpha.length; k++) {
      this.alpha[k] = checkParam('Dirichlet', `alpha[${k}]`, alpha[k], (v) => v > 0, '> 0');
      a0 += this.alpha[k]!;
      lb += logGamma(this.alpha[k]!);
    }
    this.#logB = lb - logGamma(a0);
  }

  /** $K$, the dimension. */
  get dim(): number {
    return this.alpha.length;
  }

  /** $\mathbb E[x] = \alpha/\alpha_0$, (K,). */
  get mean(): Float64Array {
    const a0 = this.alpha.reduce((s, v) => s + v, 0);
    return this.alpha.map((v) => v / a0);
  }

  /** Marginal variances $\bar\alpha_k(1-\bar\alpha_k)/(\alpha_0+1)$, (K,). */
  get variance(): Float64Array {
    const a0 = this.alpha.reduce((s, v) => s + v, 0);
    return this.alpha.map((v) => ((v / a0) * (1 - v / a0)) / (a0 + 1));
  }

  /** Covariance matrix, (K, K). */
  get covariance(): Matrix {
    const K = this.dim;
    const a0 = this.alpha.reduce((s, v) => s + v, 0);
    const C = new Matrix(K, K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const ai = this.alpha[i]! / a0, aj = this.alpha[j]! / a0;
        C.data[i * K + j] = ((i === j ? ai : 0) - ai * aj) / (a0 + 1);
      }
    }
    return C;
  }

  /** Differential entropy in nats (with respect to Lebesgue measure on the first $K-1$ coordinates, as scipy). */
  get entropy(): number {
    const K = this.dim;
    const a0 = this.alpha.reduce((s, v) => s + v, 0);
    let h = this.#logB + (a0 - K) * digamma(a0);
    for (let k = 0; k < K; k++) h -= (this.alpha[k]! - 1) * digamma(this.alpha[k]!);
    return h;
  }

  /**
   * Log-density at one point (K,) → number, or at each row of an (n, K) matrix → (n,).
   * $O(nK)$.
   * @throws ShapeError if a point does not have K entries; InvalidInputError for NaN.
   */
  logPdf(x: VectorLike): number;
  logPdf(X: MatrixLike): Float64Array;
  logPdf(x: VectorLike | MatrixLike): number | Float64Array {
    const { rows, single } = this.#points(x, 'logPdf');
    const K = this.dim;
    const out = new Float64Array(rows.rows); // (n,)
    for (let i = 0; i < rows.rows; i++) {
      let s = 0, lp = -this.#logB, outside = false;
      for (let k = 0; k < K; k++) {
        const v = rows.data[i * K + k]!;
        s += v;
        if (!(v >= 0 && v <= 1)) outside = true;
        else if (this.alpha[k] !== 1) {
          const t = (this.alpha[k]! - 1) * Math.log(v); // ±∞ on a face x_k = 0
          if (t === -Infinity) outside = true;
          lp += t;
        }
      }
      // off the simplex, or on a face where the density vanishes (α_k > 1): −∞ (never ∞ − ∞ = NaN)
      out[i] = outside || Math.abs(s - 1) > SIMPLEX_TOL ? -Infinity : lp;
    }
    return single ? out[0]! : out;
  }

  /** Density $e^{\ln p(x)}$, as {@link Dirichlet.logPdf}. */
  pdf(x: VectorLike): number;
  pdf(X: MatrixLike): Float64Array;
  pdf(x: VectorLike | MatrixLike): number | Float64Array {
    const lp = this.logPdf(x as MatrixLike) as number | Float64Array;
    return typeof lp === 'number' ? Math.exp(lp) : lp.map(Math.exp);
  }

  /** `n` draws, one per row, (n, K). */
  sample(rng: Rng, n: number): Matrix {
    checkSampleArgs(this.name, rng, n);
    const K = this.dim;
    const out = new Matrix(n, K); // (n, K)
    for (let i = 0; i < n; i++) out.data.set(rng.dirichlet(this.alpha), i * K);
    return out;
  }

  #points(x: unknown, method: string): { rows: Matrix; single: boolean } {
    const K = this.dim;
    const single = ArrayBuffer.isView(x) || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'));
    const rows = single ? asMatrix([Array.from(x as ArrayLike<number>)], 'x', { finite: false }) : asMatrix(x, 'X', { finite: false });
    if (rows.cols !== K) throw new ShapeError(`Dirichlet.${method}: a point must have ${K} entries, got ${rows.cols}`);
    for (let i = 0; i < rows.data.length; i++) {
      if (Number.isNaN(rows.data[i])) throw new InvalidInputError(`Dirichlet.${method}: x contains NaN at (${Math.floor(i / K)}, ${i % K})`);
    }
    return { rows, single };
  }

  /**
   * Maximum-likelihood fit from points on the open simplex. With $\bar\ell_k = \frac1n\sum_i \ln x_{ik}$,
   * the log-likelihood $n[\ln\Gamma(\alpha_0) - \sum_k\ln\Gamma(\alpha_k) + \sum_k(\alpha_k-1)\bar\ell_k]$
   * is concave; its gradient is $g_k = \psi(\alpha_0) - \psi(\alpha_k) + \bar\ell_k$ and its Hessian
   * $\operatorname{diag}(q) + z\mathbf 1\mathbf 1^\top$, $q_k = -\psi'(\alpha_k)$, $z = \psi'(\alpha_0)$, so the
   * Newton step is $O(K)$ (Minka 2000, "Estimating a Dirichlet distribution"):
   * $$(H^{-1}g)_k = \frac{g_k - c}{q_k},\qquad c = \frac{\sum_j g_j/q_j}{1/z + \sum_j 1/q_j}.$$
   * A Newton step that would leave $\alpha > 0$ or lower the likelihood is replaced by Minka's
   * fixed point $\alpha_k \leftarrow \psi^{-1}\big(\psi(\alpha_0) + \bar\ell_k\big)$, which always increases it.
   * Start: moment matching on the first coordinate. $O(nK)$ then $O(K)$ per step.
   * @param X (n, K) points with positive entries summing to 1 (within 1e-9).
   * @throws InvalidInputError for a point off the open simplex; ShapeError for fewer than 2 columns.
   */
  static fit(X: MatrixLike, options: DirichletFitOptions = {}): Dirichlet {
    const { tol = 1e-13, maxIter = 1000 } = options;
    checkParam('Dirichlet.fit', 'tol', tol, (v) => v > 0, '> 0');
    checkParam('Dirichlet.fit', 'maxIter', maxIter, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1');
    const M = asMatrix(X, 'X'); // (n, K)
    const n = M.rows, K = M.cols;
    if (K < 2) throw new ShapeError(`Dirichlet.fit: X must have at least 2 columns, got ${K}`);
    const lbar = new Float64Array(K); // (K,)
    const m1 = new Float64Array(K), m2 = new Float64Array(K); // (K,) first and second moments
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const v = M.data[i * K + k]!;
        if (!(v > 0)) throw new InvalidInputError(`Dirichlet.fit: X must have entries > 0, got ${describeValue(v)} at (${i}, ${k})`);
        s += v;
        lbar[k]! += Math.log(v) / n;
        m1[k]! += v / n;
        m2[k]! += (v * v) / n;
      }
      if (Math.abs(s - 1) > SIMPLEX_TOL) throw new InvalidInputError(`Dirichlet.fit: row ${i} of X sums to ${s}, expected 1 (within ${SIMPLEX_TOL})`);
    }
    const v0 = m2[0]! - m1[0]! * m1[0]!;
    const a0Start = v0 > 0 ? (m1[0]! - m2[0]!) / v0 : NaN;
    let alpha = m1.map((m) => m * (a0Start > 0 && Number.isFinite(a0Start) ? a0Start : 1));
    const loglik = (a: Float64Array): number => {
      let a0 = 0, f = 0;
      for (let k = 0; k < K; k++) {
        a0 += a[k]!;
        f += (a[k]! - 1) * lbar[k]! - logGamma(a[k]!);
      }
      return f + logGamma(a0);
    };
    let iter = 0, converged = false;
    while (iter < maxIter && !converged) {
      iter++;
      const a0 = alpha.reduce((s, v) => s + v, 0);
      const pa0 = digamma(a0);
      const g = alpha.map((a, k) => pa0 - digamma(a) + lbar[k]!); // (K,)
      const q = alpha.map((a) => -trigamma(a)); // (K,)
      const z = trigamma(a0);
      let num = 0, den = 1 / z;
      for (let k = 0; k < K; k++) {
        num += g[k]! / q[k]!;
        den += 1 / q[k]!;
      }
      const c = num / den;
      let next = alpha.map((a, k) => a - (g[k]! - c) / q[k]!);
      if (!next.every((a) => a > 0) || loglik(next) < loglik(alpha) - 1e-15 * Math.abs(loglik(alpha))) {
        next = lbar.map((l) => invDigamma(pa0 + l));
      }
      converged = next.every((a, k) => Math.abs(a - alpha[k]!) <= tol * a);
      alpha = next;
    }
    const out = new Dirichlet(alpha);
    if (!converged) out.warnings.push(new ConvergenceWarning('Dirichlet.fit', `did not converge to tol ${tol} in ${maxIter} steps`, iter));
    return out;
  }
}
