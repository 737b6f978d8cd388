/**
 * DBSCAN, density-based clustering with noise (Ester, Kriegel, Sander & Xu, KDD 1996), as
 * scikit-learn 1.2.1's `DBSCAN` (same core-point rule, same expansion order, so the same labels).
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import {
  Matrix, NotFittedError, asMatrix, readCount, readFiniteArray, readSerialized,
  type MatrixLike, type SerializedEstimator, type VectorLike,
} from '@fpml/core';
import { checkInt, checkNumber, checkOneOf } from './check-params.js';
import { radiusNeighbors, type NeighborMetric } from './radius-neighbors.js';
import { registerClusterer } from './register.js';
import { sampleWeights } from './sample-weight.js';
import { readLabels } from './state-json.js';

const KIND = 'DBSCAN';
const VERSION = 1;

/** Options of {@link DBSCAN} (scikit-learn's names in camelCase). */
export interface DBSCANOptions {
  /** Neighbourhood radius $\varepsilon$ (a point at distance exactly ε is a neighbour). @default 0.5 */
  eps?: number;
  /** Neighbours (the point itself included, or their total sample weight) that make a core point. @default 5 */
  minSamples?: number;
  /** `'euclidean'` or `'manhattan'`. @default 'euclidean' */
  metric?: NeighborMetric;
  /** Neighbour search: `'kd_tree'`, `'brute'`, or `'auto'` (k-d tree up to 15 features, else brute). Same result either way. @default 'auto' */
  algorithm?: 'auto' | 'kd_tree' | 'brute';
  /** Rows per k-d tree leaf. @default 30 */
  leafSize?: number;
}

/** The params of a {@link DBSCAN}, defaults filled in. */
export interface DBSCANParams {
  eps: number;
  minSamples: number;
  metric: NeighborMetric;
  algorithm: 'auto' | 'kd_tree' | 'brute';
  leafSize: number;
  [key: string]: unknown;
}

/** Saved fitted state (version 1). */
export interface DBSCANStateJSON {
  nFeaturesIn: number;
  labels: number[];
  coreSampleIndices: number[];
  components: number[]; // (nCore * d)
}

interface State {
  d: number;
  labels: Int32Array; // (n,)
  core: Int32Array; // (nCore,)
  components: Matrix; // (nCore, d)
}

/**
 * DBSCAN: a point is **core** if its $\varepsilon$-neighbourhood (itself included) holds at least
 * `minSamples` points (or that much sample weight). Clusters are the connected components of core
 * points under "within ε", plus the non-core (border) points within ε of one of them; the rest is
 * noise, label −1.
 *
 * Labelling is scikit-learn's `dbscan_inner`: scan the points in index order; an unlabelled core
 * point starts cluster number c (0, 1, ...) and a depth-first search labels everything reachable
 * through core points. So clusters are numbered by their smallest core index, and a border point
 * within reach of two clusters joins the one with the smaller number; neither depends on the
 * order in which neighbours are listed.
 *
 * Complexity: the neighbour search (k-d tree ≈ $O(n\log n)$ in low dimension, brute $O(n^2 d)$),
 * then $O(n + \sum_i |N_\varepsilon(x_i)|)$ time and memory for the lists and the search.
 *
 * @example
 * const db = new DBSCAN({ eps: 0.5, minSamples: 5 }).fit(X);
 * db.labels;             // Int32Array (n,), −1 = noise
 * db.coreSampleIndices;  // indices of the core points
 * @see ../../../../docs/level2-classical/clustering.md
 */
export class DBSCAN {
  private readonly params: Readonly<DBSCANParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: DBSCANOptions = {}) {
    this.params = Object.freeze({
      eps: options.eps ?? 0.5,
      minSamples: options.minSamples ?? 5,
      metric: options.metric ?? 'euclidean',
      algorithm: options.algorithm ?? 'auto',
      leafSize: options.leafSize ?? 30,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<DBSCANParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Cluster of each training row, −1 for noise (a copy). */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** Indices of the core points, increasing (a copy). */
  get coreSampleIndices(): Int32Array {
    return this.fitted('coreSampleIndices').core.slice();
  }

  /** The core points themselves, (nCore, d) (a copy). */
  get components(): Matrix {
    return this.fitted('components').components.clone();
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  private checkParams(): void {
    const p = this.params;
    checkNumber(KIND, 'eps', p.eps, 0, true);
    checkInt(KIND, 'minSamples', p.minSamples, 1);
    checkOneOf(KIND, 'metric', p.metric, ['euclidean', 'manhattan']);
    checkOneOf(KIND, 'algorithm', p.algorithm, ['auto', 'kd_tree', 'brute']);
    checkInt(KIND, 'leafSize', p.leafSize, 1);
  }

  /**
   * Cluster X.
   * @param X (n, d). @param _y ignored. @param sampleWeight (n,) non-negative: a point is core when the weights in its neighbourhood sum to ≥ minSamples.
   * @throws InvalidParamError, ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, _y?: unknown, sampleWeight?: VectorLike | null): this {
    this.checkParams();
    const p = this.params;
    const Xm = asMatrix(X, 'X');
    const { rows: n, cols: d } = Xm;
    const w = sampleWeight === null || sampleWeight === undefined ? null : sampleWeights(sampleWeight, n, KIND);
    const algorithm = p.algorithm === 'auto' ? (d <= 15 ? 'kd_tree' : 'brute') : p.algorithm;
    const nbrs = radiusNeighbors(Xm.data, n, d, p.eps, p.metric, algorithm, p.leafSize);
    const isCore = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let mass = 0;
      if (w === null) mass = nbrs[i]!.length;
      else for (const j of nbrs[i]!) mass += w[j]!;
      isCore[i] = mass >= p.minSamples ? 1 : 0;
    }
    const labels = expandClusters(isCore, nbrs);
    const core = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => isCore[i] === 1));
    const components = new Matrix(core.length, d);
    core.forEach((i, r) => components.data.set(Xm.data.subarray(i * d, i * d + d), r * d));
    this.state = { d, labels, core, components };
    return this;
  }

  /** `fit(X, y, sampleWeight).labels`. */
  fitPredict(X: MatrixLike, y?: unknown, sampleWeight?: VectorLike | null): Int32Array {
    return this.fit(X, y, sampleWeight).fitted('fitPredict').labels.slice();
  }

  /** `{ kind: 'DBSCAN', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<DBSCANParams, DBSCANStateJSON> {
    const s = this.state;
    const state =
      s === null ? null : { nFeaturesIn: s.d, labels: Array.from(s.labels), coreSampleIndices: Array.from(s.core), components: Array.from(s.components.data) };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): DBSCAN {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new DBSCAN(saved.params as DBSCANOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const labels = readLabels(st, KIND, 'labels', -1, Number.MAX_SAFE_INTEGER);
    const core = readLabels(st, KIND, 'coreSampleIndices', 0, labels.length - 1);
    const components = new Matrix(core.length, d, readFiniteArray(st, KIND, 'components', core.length * d));
    model.state = { d, labels, core, components };
    return model;
  }
}

registerClusterer(KIND, DBSCAN.fromJSON);

/**
 * scikit-learn's `dbscan_inner`: label the components reachable through core points, in index
 * order, by an explicit-stack depth-first search (border points are labelled but not expanded).
 * $O(n + \sum_i |N_i|)$.
 */
export function expandClusters(isCore: Uint8Array, nbrs: readonly Int32Array[]): Int32Array {
  const n = isCore.length;
  const labels = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let label = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || isCore[start] !== 1) continue;
    let i = start;
    for (;;) {
      if (labels[i] === -1) {
        labels[i] = label;
        if (isCore[i] === 1) for (const v of nbrs[i]!) if (labels[v] === -1) stack.push(v);
      }
      if (stack.length === 0) break;
      i = stack.pop()!;
    }
    label++;
  }
  return labels;
}
