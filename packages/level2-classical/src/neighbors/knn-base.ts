/**
 * What `KNeighborsClassifier` and `KNeighborsRegressor` share: their params (scikit-learn 1.2's
 * names and defaults), validation, the `algorithm: 'auto'` rule, the fitted search index,
 * `kneighbors` (with scikit-learn's "query is the training set" semantics) and the neighbour
 * weights.
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
import { InvalidInputError, InvalidParamError, Matrix, asMatrix, assertColumns, type MatrixLike } from '@fpml/core';
import { BruteIndex, type RawNeighbors } from './brute.js';
import { KDTree, type NeighborsResult, checkTreeParams } from './kd-tree.js';
import { type MetricName, type MetricSpec, resolveMetric, toDistance } from './metric.js';

/** How neighbours vote: equally, or by inverse distance. */
export type KNeighborsWeights = 'uniform' | 'distance';
/** The search: brute force, kd-tree, or scikit-learn 1.2's rule (`'ball_tree'` is not implemented). */
export type KNeighborsAlgorithm = 'auto' | 'brute' | 'kd_tree';
const WEIGHTS: readonly KNeighborsWeights[] = ['uniform', 'distance'];
const ALGORITHMS: readonly KNeighborsAlgorithm[] = ['auto', 'brute', 'kd_tree'];

/** Options of the k-NN estimators (scikit-learn's names in camelCase). */
export interface KNeighborsOptions {
  /** Neighbours per query, $k \ge 1$ (at most the number of training samples). @default 5 */
  nNeighbors?: number;
  /** `'uniform'`: each neighbour counts 1; `'distance'`: weight $1/d$ (a zero distance takes all the weight). @default 'uniform' */
  weights?: KNeighborsWeights;
  /** Search structure; `'auto'` = kd-tree unless $d > 15$ or $k \ge \lfloor n/2 \rfloor$. @default 'auto' */
  algorithm?: KNeighborsAlgorithm;
  /** Leaf size of the kd-tree. @default 30 */
  leafSize?: number;
  /** Minkowski exponent $p \ge 1$ (finite), used when `metric` is `'minkowski'`. @default 2 */
  p?: number;
  /** Distance. @default 'minkowski' */
  metric?: MetricName;
}

/** The params of a k-NN estimator, defaults filled in. */
export type KNeighborsParams = {
  nNeighbors: number;
  weights: KNeighborsWeights;
  algorithm: KNeighborsAlgorithm;
  leafSize: number;
  p: number;
  metric: MetricName;
};

/** Fill the defaults. */
export function knnParams(options: KNeighborsOptions): KNeighborsParams {
  return {
    nNeighbors: options.nNeighbors ?? 5,
    weights: options.weights ?? 'uniform',
    algorithm: options.algorithm ?? 'auto',
    leafSize: options.leafSize ?? 30,
    p: options.p ?? 2,
    metric: options.metric ?? 'minkowski',
  };
}

/** @throws InvalidParamError naming the first bad param. */
export function checkKnnParams(owner: string, params: KNeighborsParams): void {
  const { nNeighbors, weights, algorithm, leafSize, p, metric } = params;
  if (typeof nNeighbors !== 'number' || !Number.isSafeInteger(nNeighbors) || nNeighbors < 1) throw new InvalidParamError(owner, 'nNeighbors', nNeighbors, 'an integer ≥ 1');
  if (!WEIGHTS.includes(weights)) throw new InvalidParamError(owner, 'weights', weights, "'uniform' or 'distance'");
  if (!ALGORITHMS.includes(algorithm)) throw new InvalidParamError(owner, 'algorithm', algorithm, "one of 'auto', 'brute', 'kd_tree' ('ball_tree' is not implemented)");
  checkTreeParams(owner, leafSize, metric, p);
}

/**
 * scikit-learn 1.2's `_fit_method` for `algorithm: 'auto'`: brute force when $d > 15$ or
 * $k \ge \lfloor n/2 \rfloor$ (trees stop paying off), else the kd-tree (every metric here is
 * valid for it).
 */
export function resolveAlgorithm(params: KNeighborsParams, n: number, d: number): 'brute' | 'kd_tree' {
  if (params.algorithm !== 'auto') return params.algorithm;
  return d > 15 || params.nNeighbors >= Math.floor(n / 2) ? 'brute' : 'kd_tree';
}

/** The fitted search: the training rows and the index built over them. */
export interface FittedNeighbors {
  X: Matrix; // (n, d), owned
  metric: MetricSpec;
  fitMethod: 'brute' | 'kd_tree';
  index: BruteIndex | KDTree;
}

/**
 * Check X, copy it, and build the search index.
 * @throws InvalidParamError when `nNeighbors` exceeds the number of samples (scikit-learn
 *   raises the same at the first query; failing in fit says so earlier).
 */
export function fitNeighbors(owner: string, X: Matrix, params: KNeighborsParams): FittedNeighbors {
  if (params.nNeighbors > X.rows) {
    throw new InvalidParamError(owner, 'nNeighbors', params.nNeighbors, `at most the number of training samples (${X.rows})`);
  }
  return buildNeighbors(X.clone(), params);
}

/** Build the index over rows the caller hands over (used by fit and fromJSON). */
export function buildNeighbors(X: Matrix, params: KNeighborsParams): FittedNeighbors {
  const metric = resolveMetric(params.metric, params.p);
  const fitMethod = resolveAlgorithm(params, X.rows, X.cols);
  const index = fitMethod === 'brute' ? BruteIndex.build(X, metric) : KDTree.fromChecked(X, params.leafSize, metric);
  return { X, metric, fitMethod, index };
}

/**
 * The k nearest training rows of each row of Q (checked), reduced distances ascending.
 * @throws InvalidInputError when a selected distance overflowed to Infinity (coordinates of
 *   magnitude ≳ 1e154 for euclidean): the order among such points is lost, so rescale X.
 */
export function searchRaw(nb: FittedNeighbors, Q: Matrix, k: number): RawNeighbors {
  const raw = nb.index instanceof KDTree ? nb.index.queryRaw(Q, k) : nb.index.query(Q, k);
  const bad = raw.rdist.findIndex((r) => r === Infinity);
  if (bad >= 0) {
    throw new InvalidInputError(`query ${Math.floor(bad / k)}: a neighbour distance overflows to Infinity (coordinates too large for float64 squares); rescale X`);
  }
  return raw;
}

/** Checked queries for a fitted model: (nq, nFeaturesIn). */
export function checkQueries(nb: FittedNeighbors, X: MatrixLike): Matrix {
  const Q = asMatrix(X, 'X');
  assertColumns(Q, nb.X.cols);
  return Q;
}

/**
 * scikit-learn's `kneighbors(X, n_neighbors)`: the `k` nearest training rows of each query,
 * with true distances, ascending (ties: lower index first). With `X` null/undefined the queries
 * are the training rows themselves and each row's own index is left out (the $k+1$ nearest are
 * searched and the row itself removed, or the first of them when more than $k$ duplicates of the
 * row precede it).
 * @throws InvalidParamError for a bad `k`.
 */
export function kneighborsOf(owner: string, nb: FittedNeighbors, X: MatrixLike | null | undefined, k: number): NeighborsResult {
  const n = nb.X.rows;
  const isTrain = X === null || X === undefined;
  const limit = isTrain ? n - 1 : n;
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1 || k > limit) {
    throw new InvalidParamError(owner, 'nNeighbors', k, `an integer in [1, ${limit}] (${isTrain ? 'the training samples minus the query itself' : 'the number of training samples'})`);
  }
  const Q = isTrain ? nb.X : checkQueries(nb, X);
  const raw = searchRaw(nb, Q, isTrain ? k + 1 : k);
  const nq = Q.rows;
  const distances = new Matrix(nq, k); // (nq, k)
  const indices = new Int32Array(nq * k); // (nq * k)
  const kk = raw.k;
  for (let i = 0; i < nq; i++) {
    let skip = -1;
    if (isTrain) {
      skip = 0; // more than k duplicates before the row itself: drop the first
      for (let t = 0; t < kk; t++) {
        if (raw.indices[i * kk + t] === i) {
          skip = t;
          break;
        }
      }
    }
    let o = 0;
    for (let t = 0; t < kk; t++) {
      if (t === skip) continue;
      distances.data[i * k + o] = toDistance(nb.metric, raw.rdist[i * kk + t]!);
      indices[i * k + o] = raw.indices[i * kk + t]!;
      o++;
    }
  }
  return { distances, indices };
}

/**
 * Neighbour weights of one query row (scikit-learn's `_get_weights`): 1 for `'uniform'`;
 * $w_t = 1/d_t$ for `'distance'`, except that when some $1/d_t$ is infinite ($d_t = 0$, or a
 * subnormal distance) those neighbours get weight 1 and the others 0 (the query sits on
 * training points: they decide alone). Writes `k` weights to `out` from index 0.
 */
export function neighborWeights(weights: KNeighborsWeights, dist: Float64Array, offset: number, k: number, out: Float64Array): void {
  if (weights === 'uniform') {
    out.fill(1, 0, k);
    return;
  }
  let onPoint = false;
  for (let t = 0; t < k; t++) {
    out[t] = 1 / dist[offset + t]!;
    if (out[t] === Infinity) onPoint = true;
  }
  if (onPoint) for (let t = 0; t < k; t++) out[t] = out[t] === Infinity ? 1 : 0;
}
