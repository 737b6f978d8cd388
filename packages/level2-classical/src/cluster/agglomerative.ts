/**
 * Agglomerative (bottom-up hierarchical) clustering, as scikit-learn 1.2.1's
 * `AgglomerativeClustering` without a connectivity matrix: the full merge tree for ward,
 * complete, average or single linkage, cut at `nClusters` or at `distanceThreshold`.
 *
 * @see ../../../../docs/level2-classical/clustering.md
 */
import {
  InvalidInputError, InvalidParamError, NotFittedError, asMatrix, readCount, readFiniteArray, readSerialized, stateField,
  type MatrixLike, type SerializedEstimator,
} from '@fpml/core';
import { checkBool, checkInt, checkNumber, checkOneOf } from './check-params.js';
import { hcCut } from './hc-cut.js';
import { condensedDistances, mstSingleLinkage, nnChain, type Linkage, type LinkageMetric } from './linkage.js';
import { registerClusterer } from './register.js';
import { readLabels } from './state-json.js';

const KIND = 'AgglomerativeClustering';
const VERSION = 1;

/** Options of {@link AgglomerativeClustering} (scikit-learn's names in camelCase). */
export interface AgglomerativeClusteringOptions {
  /** Clusters to cut the tree into; must be null when `distanceThreshold` is set. @default 2 */
  nClusters?: number | null;
  /** How the distance between clusters is defined. @default 'ward' */
  linkage?: Linkage;
  /** Point distance: `'euclidean'` or `'manhattan'` (ward needs euclidean). @default 'euclidean' */
  metric?: LinkageMetric;
  /** Cut where merges reach this height: clusters = (number of merges with height ≥ threshold) + 1. @default null */
  distanceThreshold?: number | null;
  /** Keep the merge heights in `distances` (always kept with `distanceThreshold`). @default false */
  computeDistances?: boolean;
}

/** The params of an {@link AgglomerativeClustering}, defaults filled in. */
export interface AgglomerativeClusteringParams {
  nClusters: number | null;
  linkage: Linkage;
  metric: LinkageMetric;
  distanceThreshold: number | null;
  computeDistances: boolean;
  [key: string]: unknown;
}

/** Saved fitted state (version 1). */
export interface AgglomerativeClusteringStateJSON {
  nFeaturesIn: number;
  nClusters: number;
  labels: number[];
  children: number[]; // (n−1) * 2
  distances: number[] | null;
}

interface State {
  d: number;
  nClusters: number;
  labels: Int32Array; // (n,)
  children: Int32Array; // (n−1, 2) flat
  distances: Float64Array | null; // (n−1,)
}

/**
 * Agglomerative clustering: start with every point alone and repeatedly merge the two closest
 * clusters, where "closest" is the linkage:
 * $$d_{\text{single}}(A,B) = \min_{a,b} d(a,b),\quad d_{\text{complete}} = \max_{a,b} d(a,b),\quad d_{\text{average}} = \tfrac{1}{|A||B|}\textstyle\sum_{a,b} d(a,b),$$
 * $$d_{\text{ward}}(A,B) = \sqrt{\tfrac{2|A||B|}{|A|+|B|}}\,\lVert\mu_A - \mu_B\rVert \quad(\text{its square is twice the rise in within-cluster sum of squares}).$$
 * The n−1 merges form the tree in `children` (scikit-learn's `children_`: row s holds the two
 * nodes merged into node n + s; leaves are 0..n−1), at heights `distances`. Labels come from
 * cutting the tree top-down into `nClusters` (or `distanceThreshold`) clusters and are numbered
 * as scikit-learn's `_hc_cut` numbers them.
 *
 * Algorithms: ward/complete/average by the nearest-neighbour chain on the condensed distance
 * matrix, $O(n^2)$ time (after $O(n^2 d)$ for the distances) and $n(n-1)/2$ doubles of memory
 * (≈ 400 MB at n = 10⁴); single linkage by Prim's minimum spanning tree, $O(n^2 d)$ time, $O(n)$ memory.
 *
 * @example
 * const ag = new AgglomerativeClustering({ nClusters: 3, linkage: 'average' }).fit(X);
 * ag.labels;     // Int32Array (n,)
 * ag.children;   // [[a, b], ...] (n − 1 merges)
 * @see ../../../../docs/level2-classical/clustering.md
 */
export class AgglomerativeClustering {
  private readonly params: Readonly<AgglomerativeClusteringParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: AgglomerativeClusteringOptions = {}) {
    this.params = Object.freeze({
      nClusters: options.nClusters === undefined ? 2 : options.nClusters,
      linkage: options.linkage ?? 'ward',
      metric: options.metric ?? 'euclidean',
      distanceThreshold: options.distanceThreshold ?? null,
      computeDistances: options.computeDistances ?? false,
    });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<AgglomerativeClusteringParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Cluster of each training row, in [0, nClusters) (a copy). */
  get labels(): Int32Array {
    return this.fitted('labels').labels.slice();
  }

  /** The merges: row s = the two nodes joined into node n + s (a fresh array of pairs). */
  get children(): [number, number][] {
    const c = this.fitted('children').children;
    return Array.from({ length: c.length / 2 }, (_, s) => [c[2 * s]!, c[2 * s + 1]!]);
  }

  /** Height of each merge (n−1,), or null unless `computeDistances` or `distanceThreshold` was set. */
  get distances(): Float64Array | null {
    const d = this.fitted('distances').distances;
    return d === null ? null : d.slice();
  }

  /** Number of leaves n (training rows). */
  get nLeaves(): number {
    return this.fitted('nLeaves').labels.length;
  }

  /** Number of clusters found (nClusters, or the count implied by distanceThreshold). */
  get nClusters(): number {
    return this.fitted('nClusters').nClusters;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').d;
  }

  private checkParams(): void {
    const p = this.params;
    if ((p.nClusters === null) === (p.distanceThreshold === null)) {
      throw new InvalidParamError(KIND, 'nClusters', p.nClusters, `null exactly when distanceThreshold is set (distanceThreshold is ${String(p.distanceThreshold)})`);
    }
    if (p.nClusters !== null) checkInt(KIND, 'nClusters', p.nClusters, 1);
    if (p.distanceThreshold !== null) checkNumber(KIND, 'distanceThreshold', p.distanceThreshold, 0, false);
    checkOneOf(KIND, 'linkage', p.linkage, ['ward', 'complete', 'average', 'single']);
    checkOneOf(KIND, 'metric', p.metric, ['euclidean', 'manhattan']);
    if (p.linkage === 'ward' && p.metric !== 'euclidean') throw new InvalidParamError(KIND, 'metric', p.metric, "'euclidean' with linkage 'ward'");
    checkBool(KIND, 'computeDistances', p.computeDistances);
  }

  /**
   * Build the tree and cut it.
   * @param X (n, d), n ≥ 2. @param _y ignored.
   * @throws InvalidParamError (also nClusters > n), ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.checkParams();
    const p = this.params;
    const Xm = asMatrix(X, 'X');
    const { rows: n, cols: d } = Xm;
    if (n < 2) throw new InvalidInputError(`${KIND}: X must have at least 2 samples, got ${n}`);
    if (p.nClusters !== null && p.nClusters > n) throw new InvalidParamError(KIND, 'nClusters', p.nClusters, `at most the number of samples (${n})`);
    const Z =
      p.linkage === 'single'
        ? mstSingleLinkage(Xm.data, n, d, p.metric)
        : nnChain(condensedDistances(Xm.data, n, d, p.metric), n, p.linkage);
    const children = new Int32Array(2 * (n - 1));
    const heights = new Float64Array(n - 1);
    for (let s = 0; s < n - 1; s++) {
      children[2 * s] = Z[4 * s]!;
      children[2 * s + 1] = Z[4 * s + 1]!;
      heights[s] = Z[4 * s + 2]!;
    }
    let k = p.nClusters ?? 1;
    if (p.distanceThreshold !== null) for (let s = 0; s < n - 1; s++) if (heights[s]! >= p.distanceThreshold) k++;
    const keep = p.computeDistances || p.distanceThreshold !== null;
    this.state = { d, nClusters: k, labels: hcCut(k, children, n), children, distances: keep ? heights : null };
    return this;
  }

  /** `fit(X).labels`. */
  fitPredict(X: MatrixLike, y?: unknown): Int32Array {
    return this.fit(X, y).fitted('fitPredict').labels.slice();
  }

  /** `{ kind: 'AgglomerativeClustering', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<AgglomerativeClusteringParams, AgglomerativeClusteringStateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : { nFeaturesIn: s.d, nClusters: s.nClusters, labels: Array.from(s.labels), children: Array.from(s.children), distances: s.distances === null ? null : Array.from(s.distances) };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): AgglomerativeClustering {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new AgglomerativeClustering(saved.params as AgglomerativeClusteringOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const st = saved.state;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const nClusters = readCount(st, KIND, 'nClusters');
    const labels = readLabels(st, KIND, 'labels', 0, nClusters - 1);
    const n = labels.length;
    const children = readLabels(st, KIND, 'children', 0, 2 * n - 3);
    if (n < 2 || children.length !== 2 * (n - 1)) throw new InvalidInputError(`${KIND}.fromJSON: state.children must hold 2 (n − 1) = ${2 * (n - 1)} node ids, got ${children.length}`);
    const dist = stateField(st, KIND, 'distances');
    const distances = dist === null ? null : readFiniteArray(st, KIND, 'distances', n - 1);
    model.state = { d, nClusters, labels, children, distances };
    return model;
  }
}

registerClusterer(KIND, AgglomerativeClustering.fromJSON);
