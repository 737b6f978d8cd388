/**
 * k-nearest-neighbours regression, as scikit-learn 1.2.1's `KNeighborsRegressor`: a query's
 * prediction is the (weighted) mean target of its $k$ nearest training points,
 * $$\hat y(x) = \frac{\sum_{t \in N_k(x)} w_t\, y_t}{\sum_{t \in N_k(x)} w_t},$$
 * with $w_t = 1$ (`'uniform'`: the plain mean) or $w_t = 1/d(x, x_t)$ (`'distance'`; a query on
 * a training point takes the mean of the points it sits on). Single-output targets only.
 *
 * Same search, tie rule and complexity as {@link KNeighborsClassifier}.
 *
 * @see ../../../../docs/level2-classical/neighbors.md
 */
import {
  InvalidInputError, Matrix, NotFittedError, asMatrix, asVector, r2Score, readCount, readFiniteArray, readSerialized,
  registerEstimator, type MatrixLike, type Regressor, type SerializedEstimator, type VectorLike,
} from '@fpml/core';
import type { NeighborsResult } from './kd-tree.js';
import {
  type FittedNeighbors, type KNeighborsOptions, type KNeighborsParams, buildNeighbors, checkKnnParams, checkQueries,
  fitNeighbors, kneighborsOf, knnParams, neighborWeights, searchRaw,
} from './knn-base.js';
import { type EffectiveMetric, toDistance } from './metric.js';

const KIND = 'KNeighborsRegressor';
const VERSION = 1;

/** Saved fitted state (version 1). */
interface StateJSON {
  nFeaturesIn: number;
  X: number[]; // (n * d)
  y: number[]; // (n,)
}

interface State {
  nb: FittedNeighbors;
  y: Float64Array; // (n,)
}

/**
 * k-NN regressor. See the module comment.
 *
 * @example
 * const knn = new KNeighborsRegressor({ nNeighbors: 10, weights: 'distance' }).fit(X, y);
 * knn.predict(Xtest); // Float64Array
 * @see ../../../../docs/level2-classical/neighbors.md
 */
export class KNeighborsRegressor implements Regressor<KNeighborsParams> {
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
   * @param X (n, d) features. @param y (n,) targets.
   * @throws InvalidParamError (also when nNeighbors > n), ShapeError, InvalidInputError.
   */
  fit(X: MatrixLike, y: VectorLike): this {
    checkKnnParams(KIND, this.params);
    const Xm = asMatrix(X, 'X'); // (n, d)
    const yv = asVector(y, 'y', { length: Xm.rows }).slice(); // (n,), owned
    this.state = { nb: fitNeighbors(KIND, Xm, this.params), y: yv };
    return this;
  }

  /**
   * The `nNeighbors` nearest training rows of each query and their distances; see
   * `KNeighborsClassifier.kneighbors`.
   */
  kneighbors(X?: MatrixLike | null, nNeighbors?: number): NeighborsResult;
  kneighbors(X: MatrixLike | null | undefined, nNeighbors: number | undefined, returnDistance: false): Int32Array;
  kneighbors(X?: MatrixLike | null, nNeighbors?: number, returnDistance?: boolean): NeighborsResult | Int32Array;
  kneighbors(X?: MatrixLike | null, nNeighbors?: number, returnDistance = true): NeighborsResult | Int32Array {
    const s = this.fitted('kneighbors');
    const r = kneighborsOf(KIND, s.nb, X, nNeighbors ?? this.params.nNeighbors);
    return returnDistance ? r : r.indices;
  }

  private predictWith(s: State, X: MatrixLike): Float64Array {
    const Q = checkQueries(s.nb, X);
    const k = this.params.nNeighbors;
    const raw = searchRaw(s.nb, Q, k);
    const out = new Float64Array(Q.rows);
    const dist = new Float64Array(k);
    const w = new Float64Array(k);
    for (let i = 0; i < Q.rows; i++) {
      if (this.params.weights === 'uniform') {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += s.y[raw.indices[i * k + t]!]!;
        out[i] = sum / k;
        continue;
      }
      for (let t = 0; t < k; t++) dist[t] = toDistance(s.nb.metric, raw.rdist[i * k + t]!);
      neighborWeights('distance', dist, 0, k, w);
      let num = 0;
      let den = 0;
      for (let t = 0; t < k; t++) {
        num += s.y[raw.indices[i * k + t]!]! * w[t]!;
        den += w[t]!;
      }
      out[i] = num / den;
    }
    return out;
  }

  /**
   * $\hat y(x)$ for each query, (nq,).
   * @param X (nq, nFeaturesIn).
   */
  predict(X: MatrixLike): Float64Array {
    return this.predictWith(this.fitted('predict'), X);
  }

  /** Coefficient of determination $R^2$ of `predict(X)` against `y`. */
  score(X: MatrixLike, y: VectorLike): number {
    const s = this.fitted('score');
    const Q = asMatrix(X, 'X');
    const yv = asVector(y, 'y', { length: Q.rows });
    return r2Score(yv, this.predictWith(s, Q));
  }

  /** `{ kind: 'KNeighborsRegressor', version: 1, params, state }` (the state holds the training set). */
  toJSON(): SerializedEstimator<KNeighborsParams, StateJSON> {
    const s = this.state;
    const state = s === null ? null : { nFeaturesIn: s.nb.X.cols, X: Array.from(s.nb.X.data), y: Array.from(s.y) };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a model saved by {@link toJSON} (the search index is rebuilt, deterministically).
   * @throws InvalidInputError for another kind, an unknown version or a malformed state; InvalidParamError for bad params.
   */
  static fromJSON(json: unknown): KNeighborsRegressor {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new KNeighborsRegressor(saved.params as KNeighborsOptions);
    checkKnnParams(KIND, model.params);
    if (saved.state === null) return model;
    const st = saved.state;
    const d = readCount(st, KIND, 'nFeaturesIn');
    const y = readFiniteArray(st, KIND, 'y');
    if (y.length < model.params.nNeighbors) throw new InvalidInputError(`${KIND}.fromJSON: state.y has ${y.length} entries, fewer than nNeighbors = ${model.params.nNeighbors}`);
    const X = new Matrix(y.length, d, readFiniteArray(st, KIND, 'X', y.length * d));
    model.state = { nb: buildNeighbors(X, model.params), y };
    return model;
  }
}

registerEstimator(KIND, KNeighborsRegressor.fromJSON);
