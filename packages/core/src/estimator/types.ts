/**
 * The estimator contract shared by every fpml model (see API.md "Estimators").
 *
 * The constructor only stores params; `fit` validates them and the data, and returns `this`;
 * fitted attributes are read-only getters; `toJSON()`/`fromJSON()` round-trip exactly through a
 * versioned {@link SerializedEstimator}.
 */
import type { Matrix, MatrixLike, VectorLike } from '../matrix/matrix.js';

/** Hyper-parameters: plain JSON-able values only, so they can be logged, compared and saved. */
export type Params = Record<string, unknown>;

/** The saved form of any estimator: `{ kind, version, params, state }`. */
export interface SerializedEstimator<P extends Params = Params, S = unknown> {
  /** Class name, checked by `fromJSON` (e.g. `'StandardScaler'`). */
  kind: string;
  /** Format version of `state`; bumped when the layout changes. */
  version: number;
  params: P;
  /** Fitted state, or `null` for an unfitted estimator. */
  state: S | null;
}

/** Labels a classifier accepts: class indices, or arbitrary numbers/strings mapped to indices. */
export type Labels = VectorLike | readonly (number | string)[];

/** What every estimator has. */
export interface BaseEstimator<P extends Params = Params> {
  /** A frozen copy of the params given to the constructor (with defaults filled in). */
  getParams(): Readonly<P>;
  /** Whether `fit` has been called successfully. */
  readonly isFitted: boolean;
  toJSON(): SerializedEstimator<P>;
}

/** Supervised classifier. `predict` returns class indices into `classes`. */
export interface Classifier<P extends Params = Params> extends BaseEstimator<P> {
  fit(X: MatrixLike, y: Labels): this;
  /** Class indices (n,), or the original labels mapped back when `fit` got labels. */
  predict(X: MatrixLike): Int32Array | (number | string)[];
  /** (n, nClasses), rows sum to 1. */
  predictProba(X: MatrixLike): Matrix;
  /** Mean accuracy. */
  score(X: MatrixLike, y: Labels): number;
  /** The labels seen in `fit`, sorted. */
  readonly classes: readonly (number | string)[];
}

/** Supervised regressor. */
export interface Regressor<P extends Params = Params> extends BaseEstimator<P> {
  fit(X: MatrixLike, y: VectorLike): this;
  predict(X: MatrixLike): Float64Array;
  /** Coefficient of determination $R^2$. */
  score(X: MatrixLike, y: VectorLike): number;
}

/** Unsupervised transformer (scalers, PCA, encoders). */
export interface Transformer<P extends Params = Params> extends BaseEstimator<P> {
  fit(X: MatrixLike, y?: unknown): this;
  transform(X: MatrixLike): Matrix;
  fitTransform(X: MatrixLike, y?: unknown): Matrix;
  inverseTransform?(X: MatrixLike): Matrix;
}

/** Anything with `fit`: the union the contract suite and `Pipeline` accept. */
export type Estimator = Classifier | Regressor | Transformer;
