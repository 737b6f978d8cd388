/**
 * Two tiny deterministic estimators for the model-selection tests, so cross-validation and the
 * searches can be checked against scikit-learn before (and independently of) this package's real
 * estimators. Each follows the estimator contract (params frozen in the constructor, `fit`
 * validates, versioned `toJSON`/`fromJSON`, registered for `estimatorFromJSON`).
 *
 * - `TinyRidge`: scikit-learn's `Ridge(alpha, fit_intercept=True)` with the Cholesky solver:
 *   centre X and y, solve $(X_c^\top X_c + \alpha I)\,w = X_c^\top y_c$, $b = \bar y - \bar x^\top w$.
 * - `TinyNearestCentroid`: scikit-learn's `NearestCentroid()` (euclidean, no shrinkage): class
 *   means, predict the class of the nearest mean (ties to the smaller class index).
 */
import {
  InvalidParamError,
  LabelEncoding,
  Matrix,
  NotFittedError,
  accuracy,
  asMatrix,
  asVector,
  assertColumns,
  r2Score,
  readFiniteArray,
  readSerialized,
  registerEstimator,
  stateField,
} from '@fpml/core';
import type { Label, LabelEncodingJSON, Labels, MatrixLike, Regressor, SerializedEstimator, VectorLike } from '@fpml/core';
import { cholesky } from '@fpml/level1-math';

interface RidgeParams { alpha: number; [k: string]: unknown }

/** Closed-form ridge regression (see the module comment). */
export class TinyRidge implements Regressor<RidgeParams> {
  private readonly params: Readonly<RidgeParams>;
  private state: { coef: Float64Array; intercept: number } | null = null;
  constructor(options: { alpha?: number } = {}) {
    this.params = Object.freeze({ alpha: options.alpha ?? 1 });
  }
  getParams(): Readonly<RidgeParams> {
    return Object.freeze({ ...this.params });
  }
  get isFitted(): boolean {
    return this.state !== null;
  }
  get coef(): Float64Array {
    if (this.state === null) throw new NotFittedError('TinyRidge', 'coef');
    return this.state.coef.slice();
  }
  private checkParams(): void {
    const { alpha } = this.params;
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) throw new InvalidParamError('TinyRidge', 'alpha', alpha, 'a finite number >= 0');
  }
  fit(X: MatrixLike, y: VectorLike): this {
    this.checkParams();
    const A = asMatrix(X, 'X');
    const t = asVector(y, 'y', { length: A.rows });
    const n = A.rows, d = A.cols;
    const xm = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xm[j]! += A.data[i * d + j]!;
    for (let j = 0; j < d; j++) xm[j]! /= n;
    let ym = 0;
    for (let i = 0; i < n; i++) ym += t[i]!;
    ym /= n;
    const G = new Matrix(d, d);
    const b = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const xij = A.data[i * d + j]! - xm[j]!;
        b[j]! += xij * (t[i]! - ym);
        for (let k = 0; k < d; k++) G.data[j * d + k]! += xij * (A.data[i * d + k]! - xm[k]!);
      }
    }
    for (let j = 0; j < d; j++) G.data[j * d + j]! += this.params.alpha;
    const L = cholesky(G);
    const z = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let s = b[j]!;
      for (let k = 0; k < j; k++) s -= L.data[j * d + k]! * z[k]!;
      z[j] = s / L.data[j * d + j]!;
    }
    const w = new Float64Array(d);
    for (let j = d - 1; j >= 0; j--) {
      let s = z[j]!;
      for (let k = j + 1; k < d; k++) s -= L.data[k * d + j]! * w[k]!;
      w[j] = s / L.data[j * d + j]!;
    }
    let intercept = ym;
    for (let j = 0; j < d; j++) intercept -= xm[j]! * w[j]!;
    this.state = { coef: w, intercept };
    return this;
  }
  predict(X: MatrixLike): Float64Array {
    if (this.state === null) throw new NotFittedError('TinyRidge', 'predict');
    const A = asMatrix(X, 'X');
    const { coef, intercept } = this.state;
    assertColumns(A, coef.length);
    const out = new Float64Array(A.rows);
    for (let i = 0; i < A.rows; i++) {
      let s = intercept;
      for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j]! * coef[j]!;
      out[i] = s;
    }
    return out;
  }
  score(X: MatrixLike, y: VectorLike): number {
    return r2Score(y, this.predict(X));
  }
  toJSON(): SerializedEstimator<RidgeParams, { coef: number[]; intercept: number }> {
    const s = this.state;
    return { kind: 'TinyRidge', version: 1, params: { ...this.params }, state: s === null ? null : { coef: Array.from(s.coef), intercept: s.intercept } };
  }
  static fromJSON(json: unknown): TinyRidge {
    const saved = readSerialized(json, 'TinyRidge', [1]);
    const m = new TinyRidge(saved.params as { alpha?: number });
    m.checkParams();
    if (saved.state !== null) m.state = { coef: readFiniteArray(saved.state, 'TinyRidge', 'coef'), intercept: stateField(saved.state, 'TinyRidge', 'intercept') as number };
    return m;
  }
}
registerEstimator('TinyRidge', TinyRidge.fromJSON);

/** Nearest class mean, euclidean (see the module comment). */
export class TinyNearestCentroid {
  private state: { encoding: LabelEncoding; centroids: Matrix } | null = null;
  getParams(): Readonly<Record<string, never>> {
    return Object.freeze({});
  }
  get isFitted(): boolean {
    return this.state !== null;
  }
  get classes(): readonly Label[] {
    if (this.state === null) throw new NotFittedError('TinyNearestCentroid', 'classes');
    return this.state.encoding.classes;
  }
  fit(X: MatrixLike, y: Labels): this {
    const A = asMatrix(X, 'X');
    const { encoding, codes } = LabelEncoding.fit(y, 'y', A.rows);
    if (encoding.nClasses < 2) throw new InvalidParamError('TinyNearestCentroid', 'y', encoding.classes, 'at least two classes');
    const K = encoding.nClasses, d = A.cols;
    const C = new Matrix(K, d);
    const count = new Float64Array(K);
    for (let i = 0; i < A.rows; i++) {
      count[codes[i]!]!++;
      for (let j = 0; j < d; j++) C.data[codes[i]! * d + j]! += A.data[i * d + j]!;
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) C.data[k * d + j]! /= count[k]!;
    this.state = { encoding, centroids: C };
    return this;
  }
  private codes(X: MatrixLike): Int32Array {
    if (this.state === null) throw new NotFittedError('TinyNearestCentroid', 'predict');
    const A = asMatrix(X, 'X');
    const C = this.state.centroids;
    assertColumns(A, C.cols);
    const out = new Int32Array(A.rows);
    for (let i = 0; i < A.rows; i++) {
      let best = Infinity;
      for (let k = 0; k < C.rows; k++) {
        let s = 0;
        for (let j = 0; j < C.cols; j++) s += (A.data[i * C.cols + j]! - C.data[k * C.cols + j]!) ** 2;
        if (s < best) [best, out[i]] = [s, k];
      }
    }
    return out;
  }
  predict(X: MatrixLike): Int32Array | Label[] {
    return this.state === null ? this.codes(X) : this.state.encoding.decode(this.codes(X));
  }
  score(X: MatrixLike, y: Labels): number {
    const codes = this.codes(X);
    return accuracy(Array.from(this.state!.encoding.encode(y, 'y', codes.length)), Array.from(codes));
  }
  toJSON(): SerializedEstimator<Record<string, never>, { classes: Label[]; labelKind: LabelEncodingJSON['kind']; centroids: number[][] }> {
    const s = this.state;
    return { kind: 'TinyNearestCentroid', version: 1, params: {}, state: s === null ? null : { classes: [...s.encoding.classes], labelKind: s.encoding.kind, centroids: s.centroids.toArray() } };
  }
  static fromJSON(json: unknown): TinyNearestCentroid {
    const saved = readSerialized(json, 'TinyNearestCentroid', [1]);
    const m = new TinyNearestCentroid();
    if (saved.state !== null) {
      const st = saved.state;
      const encoding = LabelEncoding.fromJSON({ classes: stateField(st, 'K', 'classes') as Label[], kind: stateField(st, 'K', 'labelKind') as LabelEncodingJSON['kind'] });
      m.state = { encoding, centroids: Matrix.from(stateField(st, 'K', 'centroids') as number[][]) };
    }
    return m;
  }
}
registerEstimator('TinyNearestCentroid', (j) => TinyNearestCentroid.fromJSON(j) as never); // the registry's type wants a full Classifier (with predictProba)
