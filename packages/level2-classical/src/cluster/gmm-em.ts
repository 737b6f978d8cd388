/**
 * The EM steps of {@link GaussianMixture} on flat parameter buffers: the initial parameters,
 * the E-step (log responsibilities by log-sum-exp), the M-step, precisions from their Cholesky
 * factors, and sampling.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { Matrix, type Rng } from '@fpml/core';
import { cholesky } from '@fpml/level1-math';
import { estimateGaussianParameters, logGaussianProb, lowerInverse, precisionCholesky, type CovarianceType } from './gmm-gaussian.js';
import { logSumExpRows } from './gmm-init.js';
import type { ExplicitInits } from './gmm-params.js';

/** Mixture parameters in flat storage (layouts in gmm-gaussian.ts). */
export interface Mixture {
  weights: Float64Array; // (K,)
  means: Float64Array; // (K, d)
  covariances: Float64Array;
  precisionsCholesky: Float64Array;
}

/** What the steps need to know about the model. */
export interface MixtureSpec {
  type: CovarianceType;
  K: number;
  regCovar: number;
}

/**
 * Parameters from initial responsibilities R (n, K) by the M-step formulas with $\pi = N_k/n$,
 * then overridden by the explicit inits (scikit-learn's `_initialize`). An explicit precision's
 * lower Cholesky factor is used as the precision factor (as scikit-learn); its covariance is the
 * inverse $\Sigma = P^{-1} = M^{-\top}M^{-1}$ for $P = MM^\top$. $O(nKd^2 + Kd^3)$.
 */
export function initialMixture(spec: MixtureSpec, X: Matrix, R: Float64Array, inits: ExplicitInits): Mixture {
  const { type, K, regCovar } = spec;
  const { rows: n, cols: d } = X;
  const est = estimateGaussianParameters(X.data, n, d, R, K, regCovar, type);
  const weights = inits.weights ?? est.nk.map((v) => v / n);
  const means = inits.means ?? est.means;
  if (inits.precisions === null) {
    return { weights, means, covariances: est.covariances, precisionsCholesky: precisionCholesky(est.covariances, type, K, d) };
  }
  const P = inits.precisions;
  if (type === 'diag' || type === 'spherical') return { weights, means, covariances: P.map((v) => 1 / v), precisionsCholesky: P.map(Math.sqrt) };
  const pc = new Float64Array(P.length);
  const cov = new Float64Array(P.length);
  for (let j = 0; j < (type === 'full' ? K : 1); j++) {
    const o = j * d * d;
    const M = cholesky(new Matrix(d, d, P.slice(o, o + d * d))).data; // lower, M Mᵀ = P
    pc.set(M, o);
    const Mi = lowerInverse(M, d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let t = 0;
        for (let c = 0; c < d; c++) t += Mi[c * d + a]! * Mi[c * d + b]!;
        cov[o + a * d + b] = t;
      }
    }
  }
  return { weights, means, covariances: cov, precisionsCholesky: pc };
}

/** Weighted log densities $\ln\pi_k + \ln\mathcal N(x_i \mid k)$ into `out` (n, K). $O(nKd^2)$ or $O(nKd)$. */
export function weightedLogProb(spec: MixtureSpec, X: Matrix, mix: Mixture, out: Float64Array): void {
  const K = spec.K;
  logGaussianProb(X.data, X.rows, X.cols, mix.means, mix.precisionsCholesky, spec.type, K, out);
  const lw = Array.from(mix.weights, Math.log);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < K; j++) out[i * K + j]! += lw[j]!;
}

/** E-step: log responsibilities into `logResp` (n, K); returns the mean log-likelihood $\frac1n\sum_i \ln p(x_i)$. */
export function eStep(spec: MixtureSpec, X: Matrix, mix: Mixture, logResp: Float64Array): number {
  const K = spec.K;
  weightedLogProb(spec, X, mix, logResp);
  const norm = logSumExpRows(logResp, X.rows, K);
  let s = 0;
  for (let i = 0; i < X.rows; i++) {
    s += norm[i]!;
    for (let j = 0; j < K; j++) logResp[i * K + j]! -= norm[i]!;
  }
  return s / X.rows;
}

/** M-step from log responsibilities (n, K): weights $N_k / \sum_j N_j$, means, covariances, precision factors. */
export function mStep(spec: MixtureSpec, X: Matrix, logResp: Float64Array): Mixture {
  const { type, K, regCovar } = spec;
  const est = estimateGaussianParameters(X.data, X.rows, X.cols, logResp.map(Math.exp), K, regCovar, type);
  const total = est.nk.reduce((a, b) => a + b, 0);
  return { weights: est.nk.map((v) => v / total), means: est.means, covariances: est.covariances, precisionsCholesky: precisionCholesky(est.covariances, type, K, X.cols) };
}

/** Precisions from their Cholesky factors: $UU^\top$ (full, tied) or $u^2$ (diag, spherical). $O(Kd^3)$. */
export function precisionsOf(U: Float64Array, type: CovarianceType, K: number, d: number): Float64Array {
  const P = new Float64Array(U.length);
  if (type === 'diag' || type === 'spherical') {
    for (let q = 0; q < U.length; q++) P[q] = U[q]! * U[q]!;
    return P;
  }
  for (let j = 0; j < (type === 'full' ? K : 1); j++) {
    const o = j * d * d;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        let t = 0;
        for (let c = 0; c < d; c++) t += U[o + a * d + c]! * U[o + b * d + c]!;
        P[o + a * d + b] = t;
      }
    }
  }
  return P;
}

/**
 * `n` draws: component counts from Multinomial(n, π) (n categorical draws), then
 * $x = \mu_k + L_k z$, $z \sim \mathcal N(0, I)$, $L_k$ the Cholesky factor of $\Sigma_k$
 * (diag/spherical: $\sigma \odot z$); rows grouped by component. $O(nd^2 + Kd^3)$.
 */
export function sampleMixture(spec: MixtureSpec, mix: Mixture, d: number, n: number, rng: Rng): { X: Matrix; y: Int32Array } {
  const { type, K } = spec;
  const counts = new Int32Array(K);
  for (let i = 0; i < n; i++) counts[rng.categorical(mix.weights)]!++;
  const X = new Matrix(n, d);
  const y = new Int32Array(n);
  const z = new Float64Array(d);
  const tiedL = type === 'tied' ? cholesky(new Matrix(d, d, mix.covariances.slice())).data : null;
  let row = 0;
  for (let j = 0; j < K; j++) {
    const L = type === 'full' ? cholesky(new Matrix(d, d, mix.covariances.slice(j * d * d, (j + 1) * d * d))).data : tiedL;
    for (let c = 0; c < counts[j]!; c++, row++) {
      for (let a = 0; a < d; a++) z[a] = rng.standardNormal();
      y[row] = j;
      for (let a = 0; a < d; a++) {
        let v = mix.means[j * d + a]!;
        if (L !== null) for (let b = 0; b <= a; b++) v += L[a * d + b]! * z[b]!;
        else v += Math.sqrt(type === 'diag' ? mix.covariances[j * d + a]! : mix.covariances[j]!) * z[a]!;
        X.data[row * d + a] = v;
      }
    }
  }
  return { X, y };
}

/** Index of the first maximum of each row of an (n, K) buffer (NumPy's argmax). */
export function argmaxRows(A: Float64Array, n: number, K: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let b = 0;
    for (let j = 1; j < K; j++) if (A[i * K + j]! > A[i * K + b]!) b = j;
    out[i] = b;
  }
  return out;
}
