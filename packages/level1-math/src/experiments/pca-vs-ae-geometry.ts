/**
 * Float64 helpers of the `pca-vs-autoencoder` experiment: PCA reconstructions at any k from one
 * fit, the Eckart–Young tail sums, principal angles between subspaces, and scaling fits.
 *
 * @see ../../../../docs/level1-math/pca-vs-autoencoder.md
 */
import { Matrix, matmul, matmulTransA, matmulTransB } from '@fpml/core';
import { eigh, qr, svd } from '../linalg/index.js';
import type { PCA } from '../decomposition/index.js';

/**
 * Rank-$k$ PCA reconstruction $\hat X = \mathbf 1\mu^\top + (X - \mathbf 1\mu^\top) V_k V_k^\top$ from a fitted
 * (unwhitened) PCA with at least $k$ components. Full-solver components are nested, so this is
 * exactly what `new PCA({ nComponents: k })` fitted on the same data would give.
 * Returns the reconstructions (n, d) and the per-sample squared error $\frac1n\sum_i\lVert x_i - \hat x_i\rVert^2$.
 */
export function pcaReconstruct(pca: PCA, X: Matrix, k: number): { R: Matrix; perSampleSse: number } {
  const C = pca.components; // (K, d)
  const mean = pca.mean;
  const n = X.rows, d = X.cols;
  const Ck = new Matrix(k, d, C.data.slice(0, k * d)); // (k, d)
  const Xc = new Matrix(n, d); // (n, d)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc.data[i * d + j] = X.data[i * d + j]! - mean[j]!;
  const R = matmul(matmulTransB(Xc, Ck), Ck); // (n, d)
  let sse = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const e = Xc.data[i * d + j]! - R.data[i * d + j]!;
      sse += e * e;
      R.data[i * d + j]! += mean[j]!;
    }
  }
  return { R, perSampleSse: sse / n };
}

/**
 * Eigenvalues of the biased covariance $\frac1n (X - \mathbf 1\mu^\top)^\top (X - \mathbf 1\mu^\top)$, descending,
 * by the symmetric eigensolver (independently of the SVD inside PCA).
 */
export function covarianceEigenvalues(X: Matrix): Float64Array {
  const n = X.rows, d = X.cols;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += X.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const Xc = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xc.data[i * d + j] = X.data[i * d + j]! - mean[j]!;
  const G = matmulTransA(Xc, Xc); // (d, d)
  for (let t = 0; t < G.data.length; t++) G.data[t]! /= n;
  // symmetrise exactly (the product is symmetric up to rounding in the blocked kernel)
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) G.data[i * d + j] = G.data[j * d + i] = 0.5 * (G.data[i * d + j]! + G.data[j * d + i]!);
  return eigh(G).values.slice().reverse();
}

/** $\sum_{j > k} \lambda_j$ for descending $\lambda$ (negative rounding noise included as is). */
export function tailSum(values: Float64Array, k: number): number {
  let s = 0;
  for (let j = values.length - 1; j >= k; j--) s += values[j]!;
  return s;
}

/**
 * Principal angles $0 \le \theta_1 \le \dots \le \theta_k \le \pi/2$ between the column spaces of A (d, k)
 * and B (d, k): with orthonormal bases $Q_A, Q_B$ (QR), $\cos\theta_i = \sigma_i(Q_A^\top Q_B)$
 * (Björck & Golub 1973). Returned ascending; the largest is the last.
 */
export function principalAngles(A: Matrix, B: Matrix): Float64Array {
  const Qa = qr(A).Q; // (d, k)
  const Qb = qr(B).Q; // (d, k)
  const { S } = svd(matmulTransA(Qa, Qb)); // (k,) descending cosines
  return S.map((c) => Math.acos(Math.min(1, c)));
}

/** The first k principal axes of a fitted PCA as columns, $V_k$ (d, k). */
export function pcaBasis(pca: PCA, k: number): Matrix {
  const C = pca.components; // (K, d)
  const d = C.cols;
  const V = new Matrix(d, k);
  for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) V.data[j * k + i] = C.data[i * d + j]!;
  return V;
}

/**
 * Least-squares slope of $\log y$ on $\log x$: the measured exponent $p$ in $y \propto x^p$.
 */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log), ly = y.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length, my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < lx.length; i++) { sxy += (lx[i]! - mx) * (ly[i]! - my); sxx += (lx[i]! - mx) ** 2; }
  return sxy / sxx;
}

/**
 * The constant $c$ of a cost model $t \approx c\,f$ fitted in log space (geometric mean of $t/f$),
 * so that the model and the measurements can be drawn on one log-log plot.
 */
export function fitConstant(times: readonly number[], costs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < times.length; i++) s += Math.log(times[i]! / costs[i]!);
  return Math.exp(s / times.length);
}

/** Median seconds of `reps` runs of `fn` (after none: the first run is timed too; callers warm up). */
export async function timeIt(fn: () => unknown | Promise<unknown>, reps = 1): Promise<number> {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  ts.sort((a, b) => a - b);
  return ts[ts.length >> 1]!;
}
