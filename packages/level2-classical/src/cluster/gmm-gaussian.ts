/**
 * The Gaussian pieces of {@link GaussianMixture}, one function per step of scikit-learn 1.2's
 * `_gaussian_mixture.py`: the M-step estimates (`_estimate_gaussian_parameters`), the Cholesky
 * factors of the precisions (`_compute_precision_cholesky`) and the per-component log densities
 * (`_estimate_log_gaussian_prob`), for the four covariance types.
 *
 * Storage, all row-major Float64Arrays, for k components in d dimensions:
 * | type | covariances / precisionsCholesky |
 * |---|---|
 * | `'full'` | (k, d, d): one matrix per component |
 * | `'tied'` | (d, d): one matrix shared by all |
 * | `'diag'` | (k, d): per-component variances |
 * | `'spherical'` | (k,): one variance per component |
 *
 * The precision Cholesky factor $U$ is triangular with $UU^\top = \Sigma^{-1}$: upper,
 * $U = L^{-\top}$ for $\Sigma = LL^\top$, after an M-step; lower (the Cholesky factor of the
 * given precision) right after an explicit `precisionsInit`, as scikit-learn. Either way $\lVert (x-\mu)^\top U\rVert^2$ is the Mahalanobis
 * distance and $\ln\det\Sigma^{-1/2} = \sum_a \ln U_{aa}$.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidInputError, Matrix } from '@fpml/core';
import { NotPositiveDefiniteError, cholesky } from '@fpml/level1-math';

/** How each component's covariance is parametrised. */
export type CovarianceType = 'full' | 'tied' | 'diag' | 'spherical';

/** The M-step estimates. */
export interface GaussianEstimate {
  nk: Float64Array; // (k,) soft counts Σ_i r_ik (+10ε)
  means: Float64Array; // (k, d)
  covariances: Float64Array; // see the storage table
}

/** Length of a covariance (or precision-Cholesky) buffer. */
export function covarianceLength(type: CovarianceType, k: number, d: number): number {
  return type === 'full' ? k * d * d : type === 'tied' ? d * d : type === 'diag' ? k * d : k;
}

/** scikit-learn's message when a covariance is not positive definite. */
export const ILL_DEFINED =
  'Fitting the mixture model failed because some components have ill-defined empirical covariance (for instance caused by singleton or collapsed samples). Try to decrease the number of components, or increase regCovar.';

/**
 * M-step estimates from responsibilities R (n, k):
 * $$N_k = \textstyle\sum_i r_{ik} + 10\varepsilon,\qquad \mu_k = \frac{1}{N_k}\sum_i r_{ik}x_i,$$
 * - full: $\Sigma_k = \frac{1}{N_k}\sum_i r_{ik}(x_i-\mu_k)(x_i-\mu_k)^\top + \lambda I$;
 * - tied: $\Sigma = \frac{1}{\sum_k N_k}\big(X^\top X - \sum_k N_k\mu_k\mu_k^\top\big) + \lambda I$;
 * - diag: $\sigma^2_{ka} = \frac{1}{N_k}\sum_i r_{ik}x_{ia}^2 - 2\mu_{ka}\frac{1}{N_k}\sum_i r_{ik}x_{ia} + \mu_{ka}^2 + \lambda$;
 * - spherical: the mean over $a$ of the diag variances.
 * The tied and diag formulas are scikit-learn's expanded ones (kept so the numbers compare; they
 * lose digits when $\lVert\mu\rVert \gg \sigma$). $\lambda$ = regCovar. $O(nkd^2)$ (full), else $O(nkd + nd^2)$ (tied) or $O(nkd)$.
 */
export function estimateGaussianParameters(
  X: Float64Array, n: number, d: number, R: Float64Array, k: number, reg: number, type: CovarianceType,
): GaussianEstimate {
  const nk = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) nk[j]! += R[i * k + j]!;
  for (let j = 0; j < k; j++) nk[j]! += 10 * Number.EPSILON;
  const sums = new Float64Array(k * d); // (k, d) Σ_i r_ik x_i
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const r = R[i * k + j]!;
      if (r === 0) continue;
      for (let a = 0; a < d; a++) sums[j * d + a]! += r * X[i * d + a]!;
    }
  }
  const means = new Float64Array(k * d);
  for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) means[j * d + a] = sums[j * d + a]! / nk[j]!;
  const cov = new Float64Array(covarianceLength(type, k, d));
  if (type === 'full') {
    const diff = new Float64Array(d);
    for (let j = 0; j < k; j++) {
      const o = j * d * d;
      for (let i = 0; i < n; i++) {
        const r = R[i * k + j]!;
        if (r === 0) continue;
        for (let a = 0; a < d; a++) diff[a] = X[i * d + a]! - means[j * d + a]!;
        for (let a = 0; a < d; a++) {
          const ra = r * diff[a]!;
          for (let b = 0; b <= a; b++) cov[o + a * d + b]! += ra * diff[b]!;
        }
      }
      symmetrise(cov, o, d, 1 / nk[j]!, reg);
    }
  } else if (type === 'tied') {
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        const xa = X[i * d + a]!;
        for (let b = 0; b <= a; b++) cov[a * d + b]! += xa * X[i * d + b]!;
      }
    }
    let total = 0;
    for (let j = 0; j < k; j++) {
      total += nk[j]!;
      for (let a = 0; a < d; a++) {
        const m = nk[j]! * means[j * d + a]!;
        for (let b = 0; b <= a; b++) cov[a * d + b]! -= m * means[j * d + b]!;
      }
    }
    symmetrise(cov, 0, d, 1 / total, reg);
  } else {
    const sq = new Float64Array(k * d); // (k, d) Σ_i r_ik x_i²
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const r = R[i * k + j]!;
        if (r === 0) continue;
        for (let a = 0; a < d; a++) sq[j * d + a]! += r * X[i * d + a]! * X[i * d + a]!;
      }
    }
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let a = 0; a < d; a++) {
        const m = means[j * d + a]!;
        const v = sq[j * d + a]! / nk[j]! - 2 * (m * (sums[j * d + a]! / nk[j]!)) + m * m + reg;
        if (type === 'diag') cov[j * d + a] = v;
        s += v;
      }
      if (type === 'spherical') cov[j] = s / d;
    }
  }
  return { nk, means, covariances: cov };
}

/** Scale the lower triangle of the (d, d) block at `o` by `f`, add `reg` to the diagonal, mirror it up. */
function symmetrise(A: Float64Array, o: number, d: number, f: number, reg: number): void {
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) A[o + a * d + b]! *= f;
    A[o + a * d + a]! += reg;
    for (let b = 0; b < a; b++) A[o + b * d + a] = A[o + a * d + b]!;
  }
}

/**
 * Precision Cholesky factors from covariances: $U = L^{-\top}$ with $\Sigma = LL^\top$ (full, tied;
 * $L^{-1}$ by forward substitution on the identity), $1/\sqrt{\sigma^2}$ (diag, spherical).
 * $O(kd^3)$ (full). @throws InvalidInputError ({@link ILL_DEFINED}) when a covariance is not positive definite.
 */
export function precisionCholesky(cov: Float64Array, type: CovarianceType, k: number, d: number): Float64Array {
  const out = new Float64Array(cov.length);
  if (type === 'diag' || type === 'spherical') {
    for (let q = 0; q < cov.length; q++) {
      if (!(cov[q]! > 0)) throw new InvalidInputError(ILL_DEFINED);
      out[q] = 1 / Math.sqrt(cov[q]!);
    }
    return out;
  }
  const blocks = type === 'full' ? k : 1;
  for (let j = 0; j < blocks; j++) {
    const o = j * d * d;
    let L: Matrix;
    try {
      L = cholesky(new Matrix(d, d, cov.slice(o, o + d * d)));
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError) throw new InvalidInputError(`${ILL_DEFINED} (${e.message})`);
      throw e;
    }
    const Linv = lowerInverse(L.data, d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[o + a * d + b] = Linv[b * d + a]!; // U = L⁻ᵀ
  }
  return out;
}

/** $L^{-1}$ of a lower-triangular (d, d) $L$ by forward substitution, column by column. $O(d^3)$. */
export function lowerInverse(L: Float64Array, d: number): Float64Array {
  const M = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    for (let r = c; r < d; r++) {
      let s = r === c ? 1 : 0;
      for (let q = c; q < r; q++) s -= L[r * d + q]! * M[q * d + c]!;
      M[r * d + c] = s / L[r * d + r]!;
    }
  }
  return M;
}

/**
 * Per-component log densities, out[i, j] $= \ln\mathcal N(x_i \mid \mu_j, \Sigma_j)$:
 * $$-\tfrac12\big(d\ln 2\pi + \lVert (x_i - \mu_j)^\top U_j\rVert^2\big) + \textstyle\sum_a \ln (U_j)_{aa}$$
 * (diag/spherical: $U$ diagonal, $\lVert\cdot\rVert^2 = \sum_a (x_{ia}-\mu_{ja})^2 u_{ja}^2$).
 * Differences are formed before the product (scikit-learn expands $XU - \mu U$; same value, fewer
 * cancellations). $O(nkd^2)$ (full, tied) or $O(nkd)$.
 * @param out (n, k), overwritten.
 */
export function logGaussianProb(
  X: Float64Array, n: number, d: number, means: Float64Array, pc: Float64Array, type: CovarianceType, k: number, out: Float64Array,
): void {
  const c = d * Math.log(2 * Math.PI);
  const logDet = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    if (type === 'full' || type === 'tied') {
      const o = type === 'full' ? j * d * d : 0;
      for (let a = 0; a < d; a++) s += Math.log(pc[o + a * d + a]!);
    } else if (type === 'diag') {
      for (let a = 0; a < d; a++) s += Math.log(pc[j * d + a]!);
    } else {
      s = d * Math.log(pc[j]!);
    }
    logDet[j] = s;
  }
  const diff = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      for (let a = 0; a < d; a++) diff[a] = X[i * d + a]! - means[j * d + a]!;
      let q = 0;
      if (type === 'full' || type === 'tied') {
        const o = type === 'full' ? j * d * d : 0;
        for (let b = 0; b < d; b++) {
          let y = 0;
          for (let a = 0; a < d; a++) y += diff[a]! * pc[o + a * d + b]!; // U is triangular, upper or lower (a precisionsInit factor)
          q += y * y;
        }
      } else if (type === 'diag') {
        for (let a = 0; a < d; a++) {
          const y = diff[a]! * pc[j * d + a]!;
          q += y * y;
        }
      } else {
        for (let a = 0; a < d; a++) q += diff[a]! * diff[a]!;
        q *= pc[j]! * pc[j]!;
      }
      out[i * k + j] = -0.5 * (c + q) + logDet[j]!;
    }
  }
}
