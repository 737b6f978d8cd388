/**
 * Internal cluster-validity indices (they judge a labeling from X alone): Calinski–Harabasz and
 * Davies–Bouldin, as scikit-learn 1.2.1 computes them.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { ShapeError, asMatrix, type MatrixLike } from '@fpml/core';
import { encodeLabels, type ClusterLabels } from './contingency.js';
import { euclidSeq } from './kernels.js';
import { checkNumberOfLabels } from './silhouette.js';

/** Cluster sizes and centroids (K, d) of a labeling. */
function centroids(X: Float64Array, n: number, d: number, codes: Int32Array, K: number): { size: Float64Array; mu: Float64Array } {
  const size = new Float64Array(K);
  const mu = new Float64Array(K * d);
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    size[c]!++;
    for (let a = 0; a < d; a++) mu[c * d + a]! += X[i * d + a]!;
  }
  for (let c = 0; c < K; c++) for (let a = 0; a < d; a++) mu[c * d + a]! /= size[c]!;
  return { size, mu };
}

function prepare(X: MatrixLike, labels: ClusterLabels, owner: string) {
  const Xm = asMatrix(X, 'X');
  const { codes, K } = encodeLabels(labels, 'labels', owner);
  if (codes.length !== Xm.rows) throw new ShapeError(`${owner}: labels has ${codes.length} entries but X has ${Xm.rows} rows`);
  checkNumberOfLabels(K, Xm.rows, owner);
  return { X: Xm.data, n: Xm.rows, d: Xm.cols, codes, K, ...centroids(Xm.data, Xm.rows, Xm.cols, codes, K) };
}

/**
 * Calinski–Harabasz index (variance ratio criterion):
 * $$\mathrm{CH} = \frac{\operatorname{tr}B / (K-1)}{\operatorname{tr}W / (n-K)},\quad \operatorname{tr}B = \sum_k n_k\lVert\mu_k - \mu\rVert^2,\quad \operatorname{tr}W = \sum_k\sum_{i\in k}\lVert x_i - \mu_k\rVert^2,$$
 * higher is better; 1 when W = 0 (scikit-learn's convention). $O(nd)$.
 * @throws InvalidInputError unless 2 ≤ K ≤ n − 1; ShapeError.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function calinskiHarabaszScore(X: MatrixLike, labels: ClusterLabels): number {
  const { X: x, n, d, codes, K, size, mu } = prepare(X, labels, 'calinskiHarabaszScore');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) mean[a]! += x[i * d + a]!;
  for (let a = 0; a < d; a++) mean[a]! /= n;
  let extra = 0, intra = 0;
  for (let c = 0; c < K; c++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += (mu[c * d + a]! - mean[a]!) ** 2;
    extra += size[c]! * s;
  }
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) intra += (x[i * d + a]! - mu[codes[i]! * d + a]!) ** 2;
  return intra === 0 ? 1.0 : (extra * (n - K)) / (intra * (K - 1));
}

/**
 * Davies–Bouldin index: with $s_k$ the mean distance of cluster k's points to its centroid,
 * $$\mathrm{DB} = \frac1K\sum_k \max_{l\ne k}\frac{s_k + s_l}{\lVert\mu_k - \mu_l\rVert},$$
 * lower is better (0 is the minimum; returned when every $s_k$ or every centroid distance is ~0,
 * as scikit-learn; coincident centroids are skipped in the max). $O(nd + K^2 d)$.
 * @throws InvalidInputError unless 2 ≤ K ≤ n − 1; ShapeError.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function daviesBouldinScore(X: MatrixLike, labels: ClusterLabels): number {
  const { X: x, n, d, codes, K, size, mu } = prepare(X, labels, 'daviesBouldinScore');
  const s = new Float64Array(K);
  for (let i = 0; i < n; i++) s[codes[i]!]! += euclidSeq(x, i * d, mu, codes[i]! * d, d);
  for (let c = 0; c < K; c++) s[c]! /= size[c]!;
  const M = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) M[k * K + l] = k === l ? 0 : euclidSeq(mu, k * d, mu, l * d, d);
  const allClose0 = (v: Float64Array) => v.every((e) => Math.abs(e) <= 1e-8); // np.allclose(v, 0)
  if (allClose0(s) || allClose0(M)) return 0.0;
  let total = 0;
  for (let k = 0; k < K; k++) {
    let worst = -Infinity;
    for (let l = 0; l < K; l++) {
      const dist = M[k * K + l] === 0 ? Infinity : M[k * K + l]!;
      worst = Math.max(worst, (s[k]! + s[l]!) / dist);
    }
    total += worst;
  }
  return total / K;
}
