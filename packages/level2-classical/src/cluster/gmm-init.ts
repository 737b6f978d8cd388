/**
 * Initial responsibilities of {@link GaussianMixture} (scikit-learn 1.2's
 * `_initialize_parameters`) and the row-wise log-sum-exp of the E-step.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import type { Matrix, Rng } from '@fpml/core';
import { kmeansPlusPlus } from './kmeans-init.js';
import { KMeans } from './kmeans.js';
import type { GmmInitParams } from './gmm-params.js';

/**
 * Responsibilities R (n, K) to start EM from:
 * - `'kmeans'`: one-hot labels of `KMeans({ nClusters: K, nInit: 1 })`, seeded from `rng`;
 * - `'k-means++'`: $r_{s_k k} = 1$ at the K greedy k-means++ seeds $s_k$, 0 elsewhere;
 * - `'random'`: uniform entries, each row normalised to sum 1;
 * - `'random_from_data'`: $r_{s_k k} = 1$ at K distinct uniformly drawn rows.
 * $O(nK)$ plus the k-means run.
 */
export function gmmInitialResponsibilities(X: Matrix, K: number, how: GmmInitParams, rng: Rng): Float64Array {
  const n = X.rows;
  const R = new Float64Array(n * K); // (n, K)
  if (how === 'kmeans') {
    const labels = new KMeans({ nClusters: K, nInit: 1, seed: rng.nextUint32() }).fitPredict(X);
    for (let i = 0; i < n; i++) R[i * K + labels[i]!] = 1;
  } else if (how === 'random') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < K; j++) s += R[i * K + j] = rng.next();
      for (let j = 0; j < K; j++) R[i * K + j]! /= s;
    }
  } else {
    const seeds = how === 'k-means++' ? kmeansPlusPlus(X.data, n, X.cols, K, rng) : rng.choice(n, K, { replace: false });
    for (let j = 0; j < K; j++) R[seeds[j]! * K + j] = 1;
  }
  return R;
}

/**
 * $\operatorname{logsumexp}$ of each row of an (n, K) buffer:
 * $m_i + \ln\sum_k e^{a_{ik} - m_i}$ with $m_i = \max_k a_{ik}$ (taken as 0 when not finite, as SciPy),
 * so no term overflows and at least one is $e^0 = 1$. $O(nK)$.
 */
export function logSumExpRows(A: Float64Array, n: number, K: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < K; j++) if (A[i * K + j]! > m) m = A[i * K + j]!;
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    for (let j = 0; j < K; j++) s += Math.exp(A[i * K + j]! - m);
    out[i] = Math.log(s) + m;
  }
  return out;
}
