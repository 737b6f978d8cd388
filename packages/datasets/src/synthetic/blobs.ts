/**
 * Isotropic Gaussian blobs, as scikit-learn's `make_blobs`: $K$ centres drawn uniformly in the box
 * `centerBox`$^d$ (or given), and $n_k$ points around centre $k$ with
 * $$x = c_k + \sigma_k z,\qquad z \sim \mathcal N(0, I_d),$$
 * where the $n$ samples are split as evenly as possible (the first $n \bmod K$ centres get one
 * more). The sample is then shuffled. Same algorithm as scikit-learn, different random stream
 * (core's xoshiro256**), so the points differ but their distribution is the same.
 *
 * Cost $O(nd)$.
 * @see ../../../../docs/datasets.md
 */
import { InvalidParamError, Matrix, asMatrix, type MatrixLike } from '@fpml/core';
import { finiteAtLeast, positiveInt, seededRng, shuffleRows } from './options.js';

/** Options of {@link makeBlobs}. */
export interface MakeBlobsOptions {
  /** Number of points. @default 100 */
  nSamples?: number;
  /** Dimension $d$ (ignored when `centers` is a matrix). @default 2 */
  nFeatures?: number;
  /** Number of centres, or the centres themselves (K, d). @default 3 */
  centers?: number | MatrixLike;
  /** Standard deviation of every blob, or one per blob. @default 1 */
  clusterStd?: number | readonly number[];
  /** Box the random centres are drawn in. @default [-10, 10] */
  centerBox?: readonly [number, number];
  /** Shuffle the rows (otherwise they come blob by blob). @default true */
  shuffle?: boolean;
  /** @default 0 */
  seed?: number;
}

/** A labelled synthetic sample: X (n, d), y (n,) the blob index, and the centres (K, d). */
export interface Blobs {
  X: Matrix;
  y: Int32Array;
  centers: Matrix;
}

/**
 * Gaussian blobs for clustering and classification.
 * @example makeBlobs({ nSamples: 300, centers: 3, clusterStd: 0.8, seed: 0 })
 * @throws InvalidParamError for a bad option.
 */
export function makeBlobs(options: MakeBlobsOptions = {}): Blobs {
  const owner = 'makeBlobs';
  const n = positiveInt(owner, 'nSamples', options.nSamples ?? 100);
  const rng = seededRng(owner, options.seed ?? 0);
  const [lo, hi] = options.centerBox ?? [-10, 10];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new InvalidParamError(owner, 'centerBox', options.centerBox, 'a pair [lo, hi] of finite numbers with lo < hi');
  const spec = options.centers ?? 3;
  let centers: Matrix;
  if (typeof spec === 'number') {
    const K = positiveInt(owner, 'centers', spec);
    const d = positiveInt(owner, 'nFeatures', options.nFeatures ?? 2);
    centers = new Matrix(K, d);
    for (let t = 0; t < K * d; t++) centers.data[t] = rng.uniform(lo, hi);
  } else {
    centers = asMatrix(spec, 'centers');
  }
  const K = centers.rows, d = centers.cols;
  const stdSpec = options.clusterStd ?? 1;
  const stds = typeof stdSpec === 'number' ? new Array<number>(K).fill(stdSpec) : [...stdSpec];
  if (stds.length !== K) throw new InvalidParamError(owner, 'clusterStd', stdSpec, `a number or ${K} numbers (one per centre)`);
  stds.forEach((s) => finiteAtLeast(owner, 'clusterStd', s, 0));
  const X = new Float64Array(n * d); // (n, d)
  const y = new Int32Array(n);
  let i = 0;
  for (let k = 0; k < K; k++) {
    const nk = Math.floor(n / K) + (k < n % K ? 1 : 0);
    for (let r = 0; r < nk; r++, i++) {
      y[i] = k;
      for (let j = 0; j < d; j++) X[i * d + j] = centers.data[k * d + j]! + stds[k]! * rng.standardNormal();
    }
  }
  if (options.shuffle ?? true) shuffleRows(X, d, y, rng);
  return { X: new Matrix(n, d, X), y, centers };
}
