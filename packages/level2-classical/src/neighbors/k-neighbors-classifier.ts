/**
 * k-nearest-neighbours classification, as scikit-learn 1.2.1's `KNeighborsClassifier`: a query
 * takes the (weighted) majority class of its $k$ nearest training points.
 *
 * With neighbours $N_k(x)$ and weights $w_t$ (1, or $1/d(x, x_t)$),
 * $$\hat p(c \mid x) = \frac{\sum_{t \in N_k(x)} w_t\,[y_t = c]}{\sum_{t \in N_k(x)} w_t}, \qquad \hat y(x) = \arg\max_c \hat p(c \mid x),$$
 * ties in the arg max going to the smallest class (scikit-learn's `mode` / `weighted_mode`).
 * Which $k$ points are "nearest" when several lie at exactly the same distance is decided by
 * the training index, lower first (see `neighbor-heap.ts`); brute force and the kd-tree agree on it.
 *
 * Fit is $O(nd)$ (copy) plus $O(n \log n)$ for the kd-tree; a query is $O(nd)$ by brute force,
 * about $O(d \log n)$ by kd-tree in low dimension.
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
import {
  InvalidInputError, LabelEncoding, Matrix, NotFittedError, asMatrix, readCount, readFiniteArray, readSerialized,
  registerEstimator, stateField, type Classifier, type Label, type LabelEncodingJSON, type Labels, type MatrixLike,
  type SerializedEstimator,
} from '@fpml/core';
import type { NeighborsResult } from './kd-tree.js';
import {
  type FittedNeighbors, type KNeighborsOptions, type KNeighborsParams, buildNeighbors, checkKnnParams, checkQueries,
  fitNeighbors, kneighborsOf, knnParams, neighborWeights, searchRaw,
} from './knn-base.js';
import type { EffectiveMetric } from './metric.js';
import { toDistance } from './metric.js';

const KIND = 'KNeighborsClassifier';
const VERSION = 1;

/** Saved fitted state (version 1). */
interface StateJSON {
  classes: Label[];
  labelKind: LabelEncodingJSON['kind'];
  codes: number[];
  nFeaturesIn: number;
  X: number[]; // (n * d)
}

interface State {
  nb: FittedNeighbors;
  encoding: LabelEncoding;
  codes: Int32Array; // (n,)
}

/**
 * k-NN classifier. See the module comment for the rule.
 *
 * @example
 * const knn = new KNeighborsClassifier({ nNeighbors: 5, weights: 'distance' }).fit(X, y);
 * knn.predict(Xtest);                     // labels
 * const { distances, indices } = knn.kneighbors(Xtest, 3);
 * @see ../../../../docs/level2-classical/neighbors.md
 */
export class KNeighborsClassifier implements Classifier<KNeighborsParams> {
  private readonly params: Readonly<KNeighborsParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: KNeighborsOptions = {}) {
    this.params = Object.freeze(knnParams(options));
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<KNeighborsParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** The labels seen in fit, sorted. */
  get classes(): readonly Label[] {
    return this.fitted('classes').encoding.classes;
  }
  /** Number of classes. */
  get nClasses(): number {
    return this.fitted('nClasses').encoding.nClasses;
  }
  /** Columns of the training X. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nb.X.cols;
  }
  /** Rows of the training X (scikit-learn's `n_samples_fit_`). */
  get nSamplesFit(): number {
    return this.fitted('nSamplesFit').nb.X.rows;
  }
  /** The search actually used (scikit-learn's `_fit_method`). */
  get fitMethod(): 'brute' | 'kd_tree' {
    return this.fitted('fitMethod').nb.fitMethod;
  }
  /** The metric after resolving `metric`/`p` (scikit-learn's `effective_metric_`). */
  get effectiveMetric(): EffectiveMetric {
    return this.fitted('effectiveMetric').nb.metric.kind;
  }

  /**
   * Store the training set and build the search index.
   * @param X (n, d) features. @param y (n,) labels.
   * @throws InvalidParamError (also when nNeighbors > n), ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: Labels): this {
    checkKnnParams(KIND, this.params);
    const Xm = asMatrix(X, 'X'); // (n, d)
    const { encoding, codes } = LabelEncoding.fit(y, 'y', Xm.rows);
    this.state = { nb: fitNeighbors(KIND, Xm, this.params), encoding, codes };
    return this;
  }

  /**
   * The `nNeighbors` nearest training rows of each query and their distances (ascending;
   * equal distances by training index). With `X` omitted or null the queries are the training
   * rows, each without itself. With `returnDistance: false` only the indices come back.
   * @param X (nq, nFeaturesIn) queries, or null for the training set.
   * @param nNeighbors @default the `nNeighbors` param
   * @returns `{ distances (nq, k), indices (nq·k, row-major) }`, or just the indices.
   */
  kneighbors(X?: MatrixLike | null, nNeighbors?: number): NeighborsResult;
  kneighbors(X: MatrixLike | null | undefined, nNeighbors: number | undefined, returnDistance: false): Int32Array;
  kneighbors(X?: MatrixLike | null, nNeighbors?: number, returnDistance?: boolean): NeighborsResult | Int32Array;
  kneighbors(X?: MatrixLike | null, nNeighbors?: number, returnDistance = true): NeighborsResult | Int32Array {
    const s = this.fitted('kneighbors');
    const r = kneighborsOf(KIND, s.nb, X, nNeighbors ?? this.params.nNeighbors);
    return returnDistance ? r : r.indices;
  }

  /** Weighted class votes (nq, K), unnormalised. */
  private votes(s: State, X: MatrixLike): Matrix {
    const Q = checkQueries(s.nb, X);
    const k = this.params.nNeighbors;
    const K = s.encoding.nClasses;
    const raw = searchRaw(s.nb, Q, k);
    const V = new Matrix(Q.rows, K); // (nq, K)
    const dist = new Float64Array(k);
    const w = new Float64Array(k);
    for (let i = 0; i < Q.rows; i++) {
      for (let t = 0; t < k; t++) dist[t] = toDistance(s.nb.metric, raw.rdist[i * k + t]!);
      neighborWeights(this.params.weights, dist, 0, k, w);
      for (let t = 0; t < k; t++) V.data[i * K + s.codes[raw.indices[i * k + t]!]!] += w[t]!;
    }
    return V;
  }

  /** Class index of each row's largest vote (first maximum: the smallest class wins ties). */
  private predictCodes(s: State, X: MatrixLike): Int32Array {
    const V = this.votes(s, X);
    const K = V.cols;
    const out = new Int32Array(V.rows);
    for (let i = 0; i < V.rows; i++) {
      let best = 0;
      for (let c = 1; c < K; c++) if (V.data[i * K + c]! > V.data[i * K + best]!) best = c;
      out[i] = best;
    }
    return out;
  }

  /**
   * Predicted labels (Int32Array when the training labels are 32-bit integers, else an array of labels).
   * @param X (nq, nFeaturesIn).
   */
  predict(X: MatrixLike): Int32Array | Label[] {
    const s = this.fitted('predict');
    return s.encoding.decode(this.predictCodes(s, X));
  }

  /**
   * $\hat p(c \mid x)$ (nq, K): each class's share of the neighbour weight; rows sum to 1.
   * @param X (nq, nFeaturesIn).
   */
  predictProba(X: MatrixLike): Matrix {
    const s = this.fitted('predictProba');
    const P = this.votes(s, X);
    const K = P.cols;
    for (let i = 0; i < P.rows; i++) {
      let z = 0;
      for (let c = 0; c < K; c++) z += P.data[i * K + c]!;
      if (z === 0) z = 1;
      for (let c = 0; c < K; c++) P.data[i * K + c] = P.data[i * K + c]! / z;
    }
    return P;
  }

  /**
   * Mean accuracy of `predict(X)` against `y`.
   * @throws InvalidInputError if `y` holds a label not seen in fit.
   */
  score(X: MatrixLike, y: Labels): number {
    const s = this.fitted('score');
    const Q = checkQueries(s.nb, X);
    const truth = s.encoding.encode(y, 'y', Q.rows);
    const pred = this.predictCodes(s, Q);
    let hits = 0;
    for (let i = 0; i < pred.length; i++) if (pred[i] === truth[i]) hits++;
    return hits / pred.length;
  }

  /** `{ kind: 'KNeighborsClassifier', version: 1, params, state }` (the state holds the training set). */
  toJSON(): SerializedEstimator<KNeighborsParams, StateJSON> {
    const s = this.state;
    const state =
      s === null
        ? null
        : { classes: [...s.encoding.classes], labelKind: s.encoding.kind, codes: Array.from(s.codes), nFeaturesIn: s.nb.X.cols, X: Array.from(s.nb.X.data) };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON} (the search index is rebuilt, deterministically).
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): KNeighborsClassifier {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new KNeighborsClassifier(saved.params as KNeighborsOptions);
    checkKnnParams(KIND, model.params);
    if (saved.state === null) return model;
    const st = saved.state;
    const encoding = LabelEncoding.fromJSON(
      { classes: stateField(st, KIND, 'classes') as Label[], kind: stateField(st, KIND, 'labelKind') as LabelEncodingJSON['kind'] },
      KIND,
    );
    const d = readCount(st, KIND, 'nFeaturesIn');
    const codesF = readFiniteArray(st, KIND, 'codes');
    const n = codesF.length;
    if (n < model.params.nNeighbors) throw new InvalidInputError(`${KIND}.fromJSON: state.codes has ${n} entries, fewer than nNeighbors = ${model.params.nNeighbors}`);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = codesF[i]!;
      if (!Number.isInteger(c) || c < 0 || c >= encoding.nClasses) throw new InvalidInputError(`${KIND}.fromJSON: state.codes[${i}] = ${c} is not a class index in [0, ${encoding.nClasses})`);
      codes[i] = c;
    }
    const X = new Matrix(n, d, readFiniteArray(st, KIND, 'X', n * d));
    model.state = { nb: buildNeighbors(X, model.params), encoding, codes };
    return model;
  }
}

registerEstimator(KIND, KNeighborsClassifier.fromJSON);
