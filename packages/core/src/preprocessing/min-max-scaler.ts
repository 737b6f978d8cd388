/**
 * Scaling each feature to a given range, as scikit-learn 1.2.1's `MinMaxScaler`.
 *
 * @see ../../../../docs/core/preprocessing.md#minmaxscaler
 */
import { InvalidInputError, InvalidParamError, NotFittedError } from '../errors.js';
import { registerEstimator } from '../estimator/registry.js';
import { readCount, readFiniteArray, readSerialized } from '../estimator/serialization.js';
import type { SerializedEstimator, Transformer } from '../estimator/types.js';
import { Matrix, type MatrixLike } from '../matrix/matrix.js';
import { asMatrix, assertColumns } from '../validation/validate.js';

const KIND = 'MinMaxScaler';
const VERSION = 1;

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** Target range `[a, b]` with `a < b`. @default [0, 1] */
  featureRange?: readonly [number, number];
  /** Clip transformed values into `featureRange` (for data outside the fitted range). @default false */
  clip?: boolean;
}

/** The params of a {@link MinMaxScaler}, defaults filled in. */
export interface MinMaxScalerParams {
  featureRange: readonly [number, number];
  clip: boolean;
  [key: string]: unknown;
}

/** Saved fitted state (version 1). */
export interface MinMaxScalerStateJSON {
  dataMin: number[];
  dataMax: number[];
  nFeaturesIn: number;
  nSamplesSeen: number;
}

interface State {
  dataMin: Float64Array; // (d,)
  dataMax: Float64Array; // (d,)
  dataRange: Float64Array; // (d,)
  scale: Float64Array; // (d,)
  min: Float64Array; // (d,)
  nFeaturesIn: number;
  nSamplesSeen: number;
}

/**
 * Per feature $j$, with $[a, b]$ = `featureRange`:
 * $$s_j = \frac{b - a}{\max_i x_{ij} - \min_i x_{ij}},\qquad m_j = a - s_j \min_i x_{ij},\qquad
 * z_{ij} = s_j x_{ij} + m_j,$$
 * so the training minimum maps to $a$ and the maximum to $b$. A feature whose range is below
 * $10\epsilon$ uses range 1 (sklearn's rule), so it maps to $a$ instead of NaN. With `clip`,
 * $z$ is clipped to $[a, b]$. Fit and transform are $O(nd)$.
 *
 * @see ../../../../docs/core/preprocessing.md#minmaxscaler
 */
export class MinMaxScaler implements Transformer<MinMaxScalerParams> {
  private readonly params: Readonly<MinMaxScalerParams>;
  private state: State | null = null;

  /** Stores the params (defaults filled in); checks nothing: `fit` does. */
  constructor(options: MinMaxScalerOptions = {}) {
    const fr = options.featureRange ?? [0, 1];
    this.params = Object.freeze({ featureRange: Object.freeze(Array.isArray(fr) ? [...fr] : fr) as readonly [number, number], clip: options.clip ?? false });
  }

  /** A frozen copy of the params. */
  getParams(): Readonly<MinMaxScalerParams> {
    return Object.freeze({ ...this.params, featureRange: Object.freeze([...this.params.featureRange]) as readonly [number, number] });
  }

  get isFitted(): boolean {
    return this.state !== null;
  }

  private fitted(method: string): State {
    if (this.state === null) throw new NotFittedError(KIND, method);
    return this.state;
  }

  /** Per-feature training minimum (d,), a copy. */
  get dataMin(): Float64Array {
    return this.fitted('dataMin').dataMin.slice();
  }
  /** Per-feature training maximum (d,), a copy. */
  get dataMax(): Float64Array {
    return this.fitted('dataMax').dataMax.slice();
  }
  /** Per-feature `dataMax - dataMin` (d,), a copy. */
  get dataRange(): Float64Array {
    return this.fitted('dataRange').dataRange.slice();
  }
  /** Per-feature multiplier $s$ (d,), a copy. */
  get scale(): Float64Array {
    return this.fitted('scale').scale.slice();
  }
  /** Per-feature offset $m$ (d,), a copy (sklearn's `min_`). */
  get min(): Float64Array {
    return this.fitted('min').min.slice();
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
    const { featureRange: fr, clip } = this.params;
    if (!Array.isArray(fr) || fr.length !== 2 || !fr.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(fr[0] < fr[1])) {
      throw new InvalidParamError(KIND, 'featureRange', fr, 'a pair [a, b] of finite numbers with a < b');
    }
    if (typeof clip !== 'boolean') throw new InvalidParamError(KIND, 'clip', clip, 'a boolean');
  }

  private derive(dataMin: Float64Array, dataMax: Float64Array, n: number): State {
    const [a, b] = this.params.featureRange;
    const d = dataMin.length;
    const dataRange = new Float64Array(d);
    const scale = new Float64Array(d);
    const min = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const r = dataMax[j]! - dataMin[j]!;
      dataRange[j] = r;
      scale[j] = (b - a) / (r < 10 * Number.EPSILON ? 1 : r);
      min[j] = a - dataMin[j]! * scale[j]!;
    }
    return { dataMin, dataMax, dataRange, scale, min, nFeaturesIn: d, nSamplesSeen: n };
  }

  /**
   * Learn the per-feature minimum and maximum of X (n, d).
   * @throws InvalidParamError for a bad `featureRange`/`clip`; InvalidInputError/ShapeError for bad X.
   */
  fit(X: MatrixLike, _y?: unknown): this {
    this.checkParams();
    const A = asMatrix(X, 'X'); // (n, d)
    const d = A.cols;
    const dataMin = new Float64Array(d).fill(Infinity);
    const dataMax = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < d; j++) {
        const v = A.data[i * d + j]!;
        if (v < dataMin[j]!) dataMin[j] = v;
        if (v > dataMax[j]!) dataMax[j] = v;
      }
    }
    this.state = this.derive(dataMin, dataMax, A.rows);
    return this;
  }

  /**
   * $z_{ij} = s_j x_{ij} + m_j$, clipped to `featureRange` if `clip`. Returns a new Matrix (n, d).
   * @throws NotFittedError before fit; ShapeError on a column mismatch.
   */
  transform(X: MatrixLike): Matrix {
    const s = this.fitted('transform');
    const A = asMatrix(X, 'X'); // (n, d)
    assertColumns(A, s.nFeaturesIn);
    const [a, b] = this.params.featureRange;
    const out = new Matrix(A.rows, A.cols); // (n, d)
    const d = A.cols;
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < d; j++) {
        let v = A.data[i * d + j]! * s.scale[j]! + s.min[j]!;
        if (this.params.clip) v = v < a ? a : v > b ? b : v;
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
   * $x_{ij} = (z_{ij} - m_j) / s_j$. Returns a new Matrix (n, d).
   * @throws NotFittedError before fit; ShapeError on a column mismatch.
   */
  inverseTransform(X: MatrixLike): Matrix {
    const s = this.fitted('inverseTransform');
    const A = asMatrix(X, 'X'); // (n, d)
    assertColumns(A, s.nFeaturesIn);
    const out = new Matrix(A.rows, A.cols); // (n, d)
    const d = A.cols;
    for (let i = 0; i < A.rows; i++) {
      for (let j = 0; j < d; j++) out.data[i * d + j] = (A.data[i * d + j]! - s.min[j]!) / s.scale[j]!;
    }
    return out;
  }

  /** `{ kind: 'MinMaxScaler', version: 1, params, state }`; JSON-safe, round-trips exactly. */
  toJSON(): SerializedEstimator<MinMaxScalerParams, MinMaxScalerStateJSON> {
    const s = this.state;
    const state = s === null ? null : { dataMin: Array.from(s.dataMin), dataMax: Array.from(s.dataMax), nFeaturesIn: s.nFeaturesIn, nSamplesSeen: s.nSamplesSeen };
    return { kind: KIND, version: VERSION, params: { ...this.params, featureRange: [...this.params.featureRange] as [number, number] }, state };
  }

  /**
   * Rebuild a scaler saved by {@link toJSON} (the derived arrays are recomputed exactly).
   * @throws InvalidInputError for another kind, an unknown version or a malformed state;
   *   InvalidParamError for bad saved params.
   */
  static fromJSON(json: unknown): MinMaxScaler {
    const saved = readSerialized(json, KIND, [VERSION]);
    const model = new MinMaxScaler(saved.params as MinMaxScalerOptions);
    model.checkParams();
    if (saved.state === null) return model;
    const d = readCount(saved.state, KIND, 'nFeaturesIn');
    const dataMin = readFiniteArray(saved.state, KIND, 'dataMin', d);
    const dataMax = readFiniteArray(saved.state, KIND, 'dataMax', d);
    if (dataMin.some((v, j) => v > dataMax[j]!)) throw new InvalidInputError(`${KIND}.fromJSON: state.dataMin exceeds state.dataMax`);
    model.state = model.derive(dataMin, dataMax, readCount(saved.state, KIND, 'nSamplesSeen'));
    return model;
  }
}

registerEstimator(KIND, MinMaxScaler.fromJSON);
