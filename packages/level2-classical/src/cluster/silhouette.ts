/**
 * Silhouette coefficients (Rousseeuw, 1987), as scikit-learn 1.2.1's `silhouette_samples` and
 * `silhouette_score`, with distances taken exactly (sum of squared differences, then the root)
 * rather than through scikit-learn's $\lVert x\rVert^2 - 2x^\top y + \lVert y\rVert^2$ expansion.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import { InvalidInputError, InvalidParamError, Rng, ShapeError, asMatrix, type MatrixLike } from '@fpml/core';
import { checkOneOf } from './check-params.js';
import { encodeLabels, type ClusterLabels } from './contingency.js';
import { euclidSeq, l1Dist } from './kernels.js';

/** Distances for the silhouette: computed from X, or X is already the (n, n) distance matrix. */
export type SilhouetteMetric = 'euclidean' | 'manhattan' | 'precomputed';

/** Options of {@link silhouetteScore}. */
export interface SilhouetteOptions {
  /** @default 'euclidean' */
  metric?: SilhouetteMetric;
  /** Score a random subset of this many rows (drawn with `seed`); null: all rows. @default null */
  sampleSize?: number | null;
  /** Seed of the subset draw. @default 0 */
  seed?: number;
}

/** Throw unless $2 \le K \le n - 1$ (scikit-learn's `check_number_of_labels`). */
export function checkNumberOfLabels(K: number, n: number, owner: string): void {
  if (!(K > 1 && K < n)) throw new InvalidInputError(`${owner}: number of labels is ${K}; valid values are 2 to nSamples − 1 = ${n - 1} (inclusive)`);
}

/**
 * Silhouette of each sample,
 * $$s_i = \frac{b_i - a_i}{\max(a_i, b_i)},\quad a_i = \frac{1}{|C_i| - 1}\sum_{j\in C_i} d(i,j),\quad b_i = \min_{C\ne C_i}\frac{1}{|C|}\sum_{j\in C} d(i,j),$$
 * in [−1, 1]: near 1 when i sits well inside its cluster, near −1 when it is closer to another
 * one. A sample alone in its cluster gets 0 (scikit-learn turns its 0/0 into 0, and so any
 * $a_i = b_i = 0$). $O(n^2 d/2)$ time (each pair once; $O(n^2)$ precomputed), $O(nK)$ memory: no
 * n × n matrix is formed. Sums run over j in index order, so they may differ from scikit-learn's
 * `bincount` in the last bits.
 * @param X (n, d), or (n, n) distances with metric 'precomputed' (zero diagonal). @param labels (n,).
 * @throws ShapeError, InvalidInputError (labels count outside [2, n − 1], non-zero diagonal), InvalidParamError.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function silhouetteSamples(X: MatrixLike, labels: ClusterLabels, options: { metric?: SilhouetteMetric } = {}): Float64Array {
  const metric = checkOneOf('silhouetteSamples', 'metric', options.metric ?? 'euclidean', ['euclidean', 'manhattan', 'precomputed']);
  const Xm = asMatrix(X, 'X');
  const { codes, K } = encodeLabels(labels, 'labels', 'silhouetteSamples');
  const n = Xm.rows;
  if (codes.length !== n) throw new ShapeError(`silhouetteSamples: labels has ${codes.length} entries but X has ${n} rows`);
  if (metric === 'precomputed') {
    if (Xm.cols !== n) throw new ShapeError(`silhouetteSamples: a precomputed distance matrix must be square, got ${n}x${Xm.cols}`);
    for (let i = 0; i < n; i++) {
      if (Math.abs(Xm.data[i * n + i]!) > 100 * Number.EPSILON) throw new InvalidInputError(`silhouetteSamples: the precomputed distance matrix has non-zero element ${Xm.data[i * n + i]} on its diagonal at ${i}`);
    }
  }
  checkNumberOfLabels(K, n, 'silhouetteSamples');
  return silhouetteOf(Xm.data, n, Xm.cols, codes, K, metric, null);
}

/** Silhouettes of the rows in `rows` (all when null) against the same rows; codes re-read as given. */
function silhouetteOf(
  X: Float64Array, n: number, d: number, codes: Int32Array, K: number, metric: SilhouetteMetric, rows: Int32Array | null,
): Float64Array {
  const m = rows === null ? n : rows.length;
  const at = (q: number) => (rows === null ? q : rows[q]!);
  const freq = new Float64Array(K);
  for (let q = 0; q < m; q++) freq[codes[at(q)]!]!++;
  const dist = metric === 'manhattan' ? l1Dist : euclidSeq;
  const sums = new Float64Array(m * K); // (m, K) Σ_{j ∈ C} d(i, j), each pair computed once
  for (let q = 0; q < m; q++) {
    const i = at(q);
    const ci = codes[i]!;
    for (let r = q + 1; r < m; r++) {
      const j = at(r);
      const v = metric === 'precomputed' ? X[i * n + j]! : dist(X, i * d, X, j * d, d);
      sums[q * K + codes[j]!]! += v;
      sums[r * K + ci]! += metric === 'precomputed' ? X[j * n + i]! : v;
    }
  }
  const out = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    const own = codes[at(q)]!;
    const a = sums[q * K + own]! / (freq[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < K; c++) if (c !== own && freq[c]! > 0) b = Math.min(b, sums[q * K + c]! / freq[c]!);
    const s = (b - a) / Math.max(a, b);
    out[q] = Number.isNaN(s) ? 0 : s;
  }
  return out;
}

/**
 * Mean silhouette $\frac1n\sum_i s_i$ over all samples (or over a random subset of `sampleSize`
 * rows, scored against that subset only, as scikit-learn). In [−1, 1]; higher means denser,
 * better separated clusters. Same cost as {@link silhouetteSamples}.
 * @see ../../../../docs/level2-classical/clustering.md
 */
export function silhouetteScore(X: MatrixLike, labels: ClusterLabels, options: SilhouetteOptions = {}): number {
  const { sampleSize = null, seed = 0 } = options;
  if (sampleSize === null) {
    const s = silhouetteSamples(X, labels, { metric: options.metric ?? 'euclidean' });
    return s.reduce((acc, v) => acc + v, 0) / s.length;
  }
  const metric = checkOneOf('silhouetteScore', 'metric', options.metric ?? 'euclidean', ['euclidean', 'manhattan', 'precomputed']);
  const Xm = asMatrix(X, 'X');
  const n = Xm.rows;
  if (!Number.isSafeInteger(sampleSize) || sampleSize < 2 || sampleSize > n) throw new InvalidParamError('silhouetteScore', 'sampleSize', sampleSize, `an integer in [2, ${n}] or null`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParamError('silhouetteScore', 'seed', seed, 'a non-negative integer');
  const { codes } = encodeLabels(labels, 'labels', 'silhouetteScore');
  if (codes.length !== n) throw new ShapeError(`silhouetteScore: labels has ${codes.length} entries but X has ${n} rows`);
  if (metric === 'precomputed' && Xm.cols !== n) throw new ShapeError(`silhouetteScore: a precomputed distance matrix must be square, got ${n}x${Xm.cols}`);
  const rows = new Rng(seed).permutation(n).slice(0, sampleSize);
  const sub = encodeLabels(Array.from(rows, (r) => codes[r]!), 'labels', 'silhouetteScore');
  checkNumberOfLabels(sub.K, sampleSize, 'silhouetteScore');
  const remapped = new Int32Array(n);
  rows.forEach((r, q) => (remapped[r] = sub.codes[q]!));
  const s = silhouetteOf(Xm.data, n, Xm.cols, remapped, sub.K, metric, rows);
  return s.reduce((acc, v) => acc + v, 0) / s.length;
}
