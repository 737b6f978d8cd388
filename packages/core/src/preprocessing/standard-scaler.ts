/**
 * Standardisation to zero mean and unit variance, as scikit-learn 1.2.1's `StandardScaler`.
 *
 * @see ../../../../docs/core/preprocessing.md#standardscaler
 */
import { InvalidInputError, InvalidParamError, NotFittedError, describeValue } from '../errors.js';
import { registerEstimator } from '../estimator/registry.js';
import { readCount, readFiniteArray, readSerialized, stateField } from '../estimator/serialization.js';
import type { SerializedEstimator, Transformer } from '../estimator/types.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { asMatrix, assertColumns } from '../validation/validate.js';

const KIND = 'StandardScaler';
const VERSION = 1;

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the per-feature mean. @default true */
  withMean?: boolean;
  /** Divide by the per-feature (population) standard deviation. @default true */
  withStd?: boolean;
}

/** The params of a {@link StandardScaler}, defaults filled in. */
export interface StandardScalerParams {
  withMean: boolean;
  withStd: boolean;
  [key: string]: unknown;
}

/** Saved fitted state (version 1). */
export interface StandardScalerStateJSON {
  mean: number[] | null;
  var: number[] | null;
  scale: number[] | null;
  nFeaturesIn: number;
  nSamplesSeen: number;
}

interface State {
  mean: Float64Array | null; // (d,)
  var: Float64Array | null; // (d,)
  scale: Float64Array | null; // (d,)
  nFeaturesIn: number;
  nSamplesSeen: number;
}

/**
 * Per feature $j$ over the $n$ training rows:
 * $$\mu_j = \frac1n \sum_i x_{ij},\qquad \sigma_j^2 = \frac1n \sum_i (x_{ij} - \mu_j)^2,\qquad
 * z_{ij} = \frac{x_{ij} - \mu_j}{s_j},$$
 * with the population variance (divisor $n$, like sklearn) and $s_j = \sigma_j$, except that a
 * (numerically) constant feature gets $s_j = 1$, so it maps to 0 instead of NaN. The variance is
 * computed with sklearn's corrected two-pass formula
 * $\sigma^2 = \bigl(\sum_i d_i^2 - (\sum_i d_i)^2/n\bigr)/n$, $d_i = x_i - \mu$, and a feature is
 * constant when $\sigma^2 \le n\,\epsilon\,\sigma^2 + (n\,\mu\,\epsilon)^2$ (sklearn's bound).
 * Fit and transform are $O(nd)$.
 *
 * @example
 * const scaler = new StandardScaler().fit(Xtrain);
 * const Z = scaler.transform(Xtest); // (n, d)
 * scaler.mean; scaler.scale;
 * @see ../../../../docs/core/preprocessing.md#standardscaler
 */
export class StandardScaler implements Transformer<StandardScalerParams> {
  private readonly params: Readonly<StandardScalerParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: StandardScalerOptions = {}) {
    this.params = Object.freeze({ withMean: options.withMean ?? true, withStd: options.withStd ?? true });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<StandardScalerParams> {
    return Object.freeze({ ...this.params });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Per-feature mean $\mu$ (d,) (a copy), or null when both `withMean` and `withStd` are false. */
  get mean(): Float64Array | null {
    return this.fitted('mean').mean?.slice() ?? null;
  }

  /** Per-feature population variance $\sigma^2$ (d,) (a copy), or null when `withStd` is false. */
  get var(): Float64Array | null {
    return this.fitted('var').var?.slice() ?? null;
  }

  /** Per-feature divisor $s$ (d,) (a copy; 1 for constant features), or null when `withStd` is false. */
  get scale(): Float64Array | null {
    return this.fitted('scale').scale?.slice() ?? null;
  }

  /** Number of columns of the X given to fit. */
  get nFeaturesIn(): number {
    return this.fitted('nFeaturesIn').nFeaturesIn;
  }

  /** Number of rows of the X given to fit. */
  get nSamplesSeen(): number {
    return this.fitted('nSamplesSeen').nSamplesSeen;
  }

  private checkParams(): void {
    for (const p of ['withMean', 'withStd'] as const) {
      if (typeof this.params[p] !== 'boolean') throw new InvalidParamError(KIND, p, this.params[p], 'a boolean');
    }
  }

  /**
   * Learn $\mu$, $\sigma^2$ and $s$ from X (n, d).
   * @throws InvalidParamError for non-boolean params; InvalidInputError/ShapeError for bad X.
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.checkParams();
    const A = asMatrix(X, 'X'); // (n, d)
    const { withMean, withStd } = this.params;
    const n = A.rows;
    const d = A.cols;
    if (!withMean && !withStd) {
      this.state = { mean: null, var: null, scale: null, nFeaturesIn: d, nSamplesSeen: n };
      return this;
    }
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += A.data[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    if (!withStd) {
      this.state = { mean, var: null, scale: null, nFeaturesIn: d, nSamplesSeen: n };
      return this;
    }
    const sumD = new Float64Array(d);
    const sumD2 = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const dv = A.data[i * d + j]! - mean[j]!;
        sumD[j]! += dv;
        sumD2[j]! += dv * dv;
      }
    }
    const variance = new Float64Array(d);
    const scale = new Float64Array(d);
    const eps = Number.EPSILON;
    for (let j = 0; j < d; j++) {
      const v = (sumD2[j]! - (sumD[j]! * sumD[j]!) / n) / n;
      variance[j] = v;
      const bound = n * eps * v + (n * mean[j]! * eps) ** 2;
      scale[j] = v <= bound ? 1 : Math.sqrt(v);
    }
    this.state = { mean, var: variance, scale, nFeaturesIn: d, nSamplesSeen: n };
    return this;
  }

  /**
   * $z_{ij} = (x_{ij} - \mu_j) / s_j$ (each part only if enabled). Returns a new Matrix (n, d).
   * @throws NotFittedError before fit; ShapeError if X's column count differs from fit's.
   */
  transform(X: MatrixLike): Matrix {
    const s = this.fitted('transform');
    const A = asMatrix(X, 'X'); // (n, d)
    assertColumns(A, s.nFeaturesIn);
    const out = new Matrix(A.rows, A.cols); // (n, d)
    const d = A.cols;
    const mean = this.params.withMean ? s.mean : null;
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < d; j++) {
        let v = A.data[i * d + j]!;
        if (mean) v -= mean[j]!;
        if (s.scale) v /= s.scale[j]!;
        out.data[i * d + j] = v;
      }
    }
    return out;
  }

  /** `fit(X).transform(X)`. */
  fitTransform(X: MatrixLike, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /**
   * $x_{ij} = z_{ij} s_j + \mu_j$. Returns a new Matrix (n, d).
   * @throws NotFittedError before fit; ShapeError on a column mismatch.
   */
  inverseTransform(X: MatrixLike): Matrix {
    const s = this.fitted('inverseTransform');
    const A = asMatrix(X, 'X'); // (n, d)
    assertColumns(A, s.nFeaturesIn);
    const out = new Matrix(A.rows, A.cols); // (n, d)
    const d = A.cols;
    const mean = this.params.withMean ? s.mean : null;
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < d; j++) {
        let v = A.data[i * d + j]!;
        if (s.scale) v *= s.scale[j]!;
        if (mean) v += mean[j]!;
        out.data[i * d + j] = v;
      }
    }
    return out;
  }

  /** `{ kind: 'StandardScaler', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<StandardScalerParams, StandardScalerStateJSON> {
    const s = this.state;
    const arr = (a: Float64Array | null): number[] | null => (a ? Array.from(a) : null);
    const state = s === null ? null : { mean: arr(s.mean), var: arr(s.var), scale: arr(s.scale), nFeaturesIn: s.nFeaturesIn, nSamplesSeen: s.nSamplesSeen };
    return { kind: KIND, version: VERSION, params: { ...this.params }, state };
  }

  /**
   * Rebuild a scaler saved by {@link toJSON}.
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): StandardScaler {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new StandardScaler(saved.params as StandardScalerOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const d = readCount(saved.state, KIND, 'nFeaturesIn');
    const nullable = (field: string): Float64Array | null =>
      stateField(saved.state, KIND, field) === null ? null : readFiniteArray(saved.state, KIND, field, d);
    const state: State = { mean: nullable('mean'), var: nullable('var'), scale: nullable('scale'), nFeaturesIn: d, nSamplesSeen: readCount(saved.state, KIND, 'nSamplesSeen') };
    const { withMean, withStd } = model.params;
    if ((withStd && (state.scale === null || state.var === null || state.mean === null)) || ((withMean || withStd) && state.mean === null)) {
      throw new InvalidInputError(`${KIND}.fromJSON: state lacks the arrays its params need (withMean=${describeValue(withMean)}, withStd=${describeValue(withStd)})`);
    }
    model.state = state;
    return model;
  }
}

registerEstimator(KIND, StandardScaler.fromJSON);
