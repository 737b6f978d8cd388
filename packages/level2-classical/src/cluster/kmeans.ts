/**
 * k-means clustering, as scikit-learn 1.2.1's `KMeans` (Lloyd or Elkan iterations, greedy
 * k-means++ or random starts, best of `nInit` runs, sample weights, empty-cluster relocation).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import {
  ConvergenceWarning, InvalidInputError, InvalidParamError, Matrix, NotFittedError, Rng, asMatrix, assertColumns,
  readCount, readFiniteArray, readSerialized, registerEstimator, stateField,
  type MatrixLike, type SerializedEstimator, type Transformer, type VectorLike,
} from '@fpml/core';
import { sqDist } from './kernels.js';
import { kmeansSingleElkan } from './kmeans-elkan.js';
import { kmeansPlusPlus, randomRows } from './kmeans-init.js';
import { LloydWorkspace, inertiaOf, kmeansSingleLloyd, lloydStep, type KMeansRun } from './kmeans-lloyd.js';
import { checkKMeansParams, explicitInit, kmeansParams, resolveNInit, type KMeansOptions, type KMeansParams } from './kmeans-params.js';
import { readLabels, readWarnings, type WarningJSON } from './state-json.js';
import { sampleWeights } from './sample-weight.js';

const KIND = 'KMeans';
const VERSION = 1;

/** Saved fitted state (version 1); the centers flattened row-major. */
export interface KMeansStateJSON {
  nFeaturesIn: number;
  clusterCenters: number[]; // (k * d)
  labels: number[]; // (n,)
  inertia: number;
  nIter: number;
  warnings: WarningJSON[];
}

interface State {
  d: number;
  centers: Matrix; // (k, d)
  labels: Int32Array; // (n,)
  inertia: number;
  nIter: number;
  warnings: ConvergenceWarning[];
}

/**
 * k-means: find $k$ centers minimising the (weighted) inertia
 * $$J(c, \ell) = \sum_{i=1}^n w_i\,\lVert x_i - c_{\ell_i}\rVert^2 ,$$
 * by Lloyd's alternation (assign each point to its nearest center, move each center to the
 * weighted mean of its points), which never increases $J$ and stops at a local minimum. The run
 * starts from greedy k-means++ (or random rows, or given centers) and is repeated `nInit`
 * times; the run with the lowest inertia is kept (a later run replaces the best only if its
 * inertia is lower and its partition differs, as scikit-learn).
 *
 * As scikit-learn, the data are centred by their column means before the runs (distances do not
 * change, rounding improves) and the tolerance is relative: the run stops when
 * $\sum_j \lVert c_j^{new} - c_j\rVert^2 \le \text{tol}\cdot\frac1d\sum_p \operatorname{Var}(X_{:,p})$.
 *
 * Complexity: $O(\text{nInit}\cdot\text{nIter}\cdot nkd)$ time, $O(nd + kd)$ memory (Elkan: $+O(nk)$).
 *
 * @example
 * const km = new KMeans({ nClusters: 3, seed: 0 }).fit(X); // X (n, d)
 * km.labels;          // Int32Array (n,)
 * km.clusterCenters;  // Matrix (3, d)
 * km.predict(Xnew);   // nearest center of each new row
 * @see ../../../../docs/level2-classical/clustering.md
 */
export class KMeans implements Transformer<KMeansParams> {
  private readonly params: Readonly<KMeansParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: KMeansOptions = {}) {
    this.params = Object.freeze(kmeansParams(options));
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<KMeansParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Cluster centers (k, d) (a copy). */
  get clusterCenters(): Matrix {
    return this.fitted('clusterCenters').centers.clone();
  }

  /** Label of each training row, in $[0, k)$ (a copy). */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Weighted inertia $\sum_i w_i\lVert x_i - c_{\ell_i}\rVert^2$ of the kept run. */
  get inertia(): number {
    return this.fitted('inertia').inertia;
  }

  /** Iterations of the kept run. */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  /** Warnings of the last fit (fewer distinct clusters than `nClusters`). */
  get warnings(): readonly ConvergenceWarning[] {
    return this.fitted('warnings').warnings.slice();
  }

  /**
   * Cluster X.
   * @param X (n, d) with $n \ge$ nClusters. @param _y ignored. @param sampleWeight (n,) non-negative, default ones.
   * @throws InvalidParamError (a bad param, nClusters > n, an init of the wrong shape), ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, _y?: unknown, sampleWeight?: VectorLike | null): this {
    const p = this.params;
    checkKMeansParams(p);
    const Xm = asMatrix(X, 'X');
    const { rows: n, cols: d } = Xm;
    const k = p.nClusters;
    if (n < k) throw new InvalidParamError(KIND, 'nClusters', k, `at most the number of samples (${n})`);
    const w = sampleWeights(sampleWeight, n, KIND); // (n,)
    const init = explicitInit(p, k, d);
    // Centre the data (a copy); the explicit init moves with it.
    const mean = columnMean(Xm); // (d,)
    const Xc = new Float64Array(n * d); // (n, d)
    for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) Xc[i * d + q] = Xm.data[i * d + q]! - mean[q]!;
    if (init !== null) for (let j = 0; j < k; j++) for (let q = 0; q < d; q++) init[j * d + q]! -= mean[q]!;
    const tol = meanVariance(Xm, mean) * p.tol;
    const rng = new Rng(p.seed);
    const single = p.algorithm === 'elkan' && k > 1 ? kmeansSingleElkan : kmeansSingleLloyd;
    let best: KMeansRun | null = null;
    for (let r = 0; r < resolveNInit(p); r++) {
      const start = init ?? gatherRows(Xc, d, p.init === 'random' ? randomRows(n, k, rng) : kmeansPlusPlus(Xc, n, d, k, rng));
      const run = single(Xc, n, d, w, start, k, p.maxIter, tol);
      if (best === null || (run.inertia < best.inertia && !sameClustering(run.labels, best.labels, k))) best = run;
    }
    if (best === null) throw new InvalidParamError(KIND, 'nInit', p.nInit, 'at least 1'); // unreachable: nInit ≥ 1
    const centers = new Matrix(k, d, best.centers);
    for (let j = 0; j < k; j++) for (let q = 0; q < d; q++) centers.data[j * d + q]! += mean[q]!;
    const warnings: ConvergenceWarning[] = [];
    const distinct = new Set(best.labels).size;
    if (distinct < k) {
      warnings.push(new ConvergenceWarning(KIND, `number of distinct clusters (${distinct}) found smaller than nClusters (${k}); possibly due to duplicate points in X`, best.nIter));
    }
    this.state = { d, centers, labels: best.labels, inertia: best.inertia, nIter: best.nIter, warnings };
    return this;
  }

  /** `fit(X, y, sampleWeight).labels`. */
  fitPredict(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike | null): Int32Array {
    return this.fit(X, y, sampleWeight).fitted('fitPredict').labels.slice();
  }

  /** `fit(X, y, sampleWeight).transform(X)`. */
  fitTransform(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike | null): Matrix {
    return this.fit(X, y, sampleWeight).transform(X);
  }

  private checkX(X: MatrixLike, method: string): { s: State; Xm: Matrix } {
    const s = this.fitted(method);
    const Xm = asMatrix(X, 'X');
    assertColumns(Xm, s.d);
    return { s, Xm };
  }

  private assign(s: State, Xm: Matrix): Int32Array {
    const k = s.centers.rows;
    const labels = new Int32Array(Xm.rows);
    const ws = new LloydWorkspace(k);
    try {
      lloydStep(Xm.data, Xm.rows, s.d, new Float64Array(0), s.centers.data, k, labels, ws, null);
    } finally {
      ws.release();
    }
    return labels;
  }

  /**
   * Index of the nearest center for each row, $\arg\min_j \lVert c_j\rVert^2 - 2x^\top c_j$ (ties: smallest j).
   * @param X (m, d). @returns (m,).
   */
  predict(X: MatrixLike): Int32Array {
    const { s, Xm } = this.checkX(X, 'predict');
    return this.assign(s, Xm);
  }

  /**
   * Distances to every center, $\lVert x_i - c_j\rVert_2$ (computed from differences, not the
   * norm expansion). @param X (m, d). @returns (m, k). $O(mkd)$.
   */
  transform(X: MatrixLike): Matrix {
    const { s, Xm } = this.checkX(X, 'transform');
    const k = s.centers.rows;
    const out = new Matrix(Xm.rows, k); // (m, k)
    for (let i = 0; i < Xm.rows; i++) {
      for (let j = 0; j < k; j++) out.data[i * k + j] = Math.sqrt(sqDist(Xm.data, i * s.d, s.centers.data, j * s.d, s.d));
    }
    return out;
  }

  /**
   * Opposite of the k-means objective on X: $-\sum_i w_i \lVert x_i - c_{\text{predict}(x_i)}\rVert^2$.
   * @param X (m, d). @param _y ignored. @param sampleWeight (m,), default ones.
   */
  score(X: MatrixLike, _y?: unknown, sampleWeight?: VectorLike | null): number {
    const { s, Xm } = this.checkX(X, 'score');
    const w = sampleWeights(sampleWeight, Xm.rows, KIND);
    return -inertiaOf(Xm.data, Xm.rows, s.d, w, s.centers.data, this.assign(s, Xm));
  }

  /** `{ kind: 'KMeans', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<KMeansParams, KMeansStateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : {
            nFeaturesIn: s.d, clusterCenters: Array.from(s.centers.data), labels: Array.from(s.labels),
            inertia: s.inertia, nIter: s.nIter, warnings: s.warnings.map((w) => ({ message: w.message, nIter: w.nIter })),
          };
    const init = typeof this.params.init === 'string' ? this.params.init : this.params.init.map((r) => [...r]);
    return { kind: KIND, version: VERSION, params: { ...this.params, init }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): KMeans {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new KMeans(saved.params as KMeansOptions);
    checkKMeansParams(model.params);
    if (saved.state === null) return model;
    const st = saved.state;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const k = model.params.nClusters;
    const centers = new Matrix(k, d, readFiniteArray(st, KIND, 'clusterCenters', k * d));
    const labels = readLabels(st, KIND, 'labels', 0, k - 1);
    const inertia = stateField(st, KIND, 'inertia');
    if (typeof inertia !== 'number' || !(inertia >= 0) || !Number.isFinite(inertia)) {
      throw new InvalidInputError(`${KIND}.fromJSON: state.inertia must be a finite number ≥ 0, got ${String(inertia)}`);
    }
    const nIter = readCount(st, KIND, 'nIter');
    model.state = { d, centers, labels, inertia, nIter, warnings: readWarnings(st, KIND) };
    return model;
  }
}

registerEstimator(KIND, KMeans.fromJSON);

/** Column means, each summed in row order then divided by n (NumPy's `X.mean(axis=0)`). */
function columnMean(X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) m[q]! += data[i * d + q]!;
  for (let q = 0; q < d; q++) m[q]! /= n;
  return m;
}

/** $\frac1d\sum_q \frac1n\sum_i (x_{iq} - \mu_q)^2$ (population variances, as `np.var`). */
function meanVariance(X: Matrix, mean: Float64Array): number {
  const { rows: n, cols: d, data } = X;
  let s = 0;
  for (let q = 0; q < d; q++) {
    let v = 0;
    for (let i = 0; i < n; i++) v += (data[i * d + q]! - mean[q]!) ** 2;
    s += v / n;
  }
  return s / d;
}

function gatherRows(X: Float64Array, d: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let j = 0; j < idx.length; j++) out.set(X.subarray(idx[j]! * d, idx[j]! * d + d), j * d);
  return out;
}

/** Whether two labelings are the same partition up to a renaming of the clusters (scikit-learn's `_is_same_clustering`). */
export function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const map = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    const u = a[i]!;
    if (map[u] === -1) map[u] = b[i]!;
    else if (map[u] !== b[i]) return false;
  }
  return true;
}
